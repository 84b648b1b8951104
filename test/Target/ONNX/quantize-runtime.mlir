// REQUIRES: onnx-importer, onnx-python
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python %S/make-models.py quantize_runtime %t/q.onnx
// RUN: %python %S/make-models.py quantize_runtime_data %t

/// QuantizeLinear with a run-time scale and zero point (graph inputs, as in
/// DynamicQuantizeLinear's function body) is computed in float TOSA as ONNX's
/// reference does, sat(roundHalfEven(x / s) + zp), to uint8 and int8:
/// bit-exact against numpy, halfway cases and saturation included.
// RUN: qmlir-run q.onnx --input x=x.npy --input s=s.npy --input zpu=zpu.npy --input zpi=zpi.npy --output-dir out 2>&1 | FileCheck %s --allow-empty --check-prefix=TOOL
// TOOL-NOT: error
// RUN: %python -c "import numpy as n; [n.testing.assert_array_equal(n.load('out/%%s.npy' %% k), n.load('%%s.npy' %% k)) for k in ('yu', 'yi')]; print('exact')" | FileCheck %s --check-prefix=EXACT
// EXACT: exact

// RUN: qmlir-translate --import-onnx q.onnx | qmlir-opt --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa))" | FileCheck %s
// CHECK-LABEL: func.func @main
// CHECK: tosa.reciprocal
// CHECK: tosa.cast {{.*}} -> tensor<3x8xi32>
// CHECK: tosa.bitwise_and
// CHECK: tosa.clamp %{{.*}} {max_val = 255 : i32, min_val = 0 : i32}
// CHECK: tensor.bitcast {{.*}} to tensor<3x8xui8>
// CHECK: tosa.clamp %{{.*}} {max_val = 127 : i32, min_val = -128 : i32}
// CHECK-NOT: qnt.
