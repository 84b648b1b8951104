// REQUIRES: qmlir-jit
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python -c "import numpy as np; np.save('x.npy', np.random.RandomState(0).uniform(-1, 1, (2, 1, 1024)).astype(np.float32))"

/// The weights' size report compresses at zstd level 19, or at level 3 when
/// the float weights exceed 4 MiB (here 1024 x 1100 floats, 4.3 MiB); the
/// row and the JSON report say which.
// RUN: qmlir-quantize %s --calibration-data x.npy -o q.mlir --report report.json 2>/dev/null | FileCheck %s
// CHECK: weights (bytes)
// CHECK-NEXT: weights zstd -3 (bytes)
// RUN: FileCheck %s --check-prefix=REPORT --input-file=report.json
// REPORT: "weights_zstd_level": 3
func.func @main(%x: tensor<1x1x1024xf32>) -> tensor<1x1x1100xf32> {
  %w = "tosa.const"() <{values = dense<0.01> : tensor<1x1024x1100xf32>}> : () -> tensor<1x1024x1100xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %x, %w, %zp, %zp : (tensor<1x1x1024xf32>, tensor<1x1024x1100xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1100xf32>
  return %y : tensor<1x1x1100xf32>
}
