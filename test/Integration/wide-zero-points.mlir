// REQUIRES: qmlir-jit, numpy
// 32-bit storage with zero points at the int32 limits: compiled code equals
// the reference interpreter bit for bit and the documented semantics
// (q = sat(roundHalfEven(x / s) + z), x' = s * (q - z)), which f32
// arithmetic does not hold there (it gave [0, 0, 0, -2.5e9] for the first
// case, [0, 0, 999936, 0] for the second).
// RUN: rm -rf %t && split-file %s %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[1, -3, 1e6, -2.5e9], [7, -7, 3e9, -3e9]], np.float32))"
// RUN: qmlir-run %t/top.mlir --input %t/x.npy --output-dir %t/top-jit
// RUN: qmlir-run %t/top.mlir --input %t/x.npy --output-dir %t/top-ref --reference
// RUN: qmlir-run %t/bottom.mlir --input %t/x.npy --output-dir %t/bottom-jit
// RUN: qmlir-run %t/bottom.mlir --input %t/x.npy --output-dir %t/bottom-ref --reference
// RUN: qmlir-run %t/axis.mlir --input %t/x.npy --output-dir %t/axis-jit
// RUN: qmlir-run %t/axis.mlir --input %t/x.npy --output-dir %t/axis-ref --reference
// RUN: %python %t/check.py %t | FileCheck %s
// CHECK: top: equal, as numpy
// CHECK: bottom: equal, as numpy
// CHECK: axis: equal, as numpy

//--- top.mlir
!t = !quant.uniform<i32:f32, 1.0:2147483647>
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %q = qnt.quantize %x : tensor<2x4xf32> -> tensor<2x4x!t>
  %d = qnt.dequantize %q : tensor<2x4x!t> -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

//--- bottom.mlir
!t = !quant.uniform<i32:f32, 1.0:-2147483648>
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %q = qnt.quantize %x : tensor<2x4xf32> -> tensor<2x4x!t>
  %d = qnt.dequantize %q : tensor<2x4x!t> -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

//--- axis.mlir
!t = !quant.uniform<i32:f32:0, {1.0:2147483647, 2.0:-2147483648}>
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %q = qnt.quantize %x : tensor<2x4xf32> -> tensor<2x4x!t>
  %d = qnt.dequantize %q : tensor<2x4x!t> -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

//--- check.py
import glob, sys
import numpy as np

def semantics(x, scale, zp):
    q = np.round(x.astype(np.float32) / np.float32(scale)).astype(np.float64) + zp
    q = np.clip(q, -2.0**31, 2.0**31 - 1).astype(np.int64)
    return (np.float32(scale) * (q - zp).astype(np.float32)).astype(np.float32)

def load(d):
    return np.load(glob.glob(d + "/*.npy")[0])

t = sys.argv[1]
x = np.load(t + "/x.npy")
top, bottom = 2147483647, -2147483648
cases = {
    "top": semantics(x, 1.0, top),
    "bottom": semantics(x, 1.0, bottom),
    "axis": np.stack([semantics(x[0], 1.0, top), semantics(x[1], 2.0, bottom)]),
}
for name, expected in cases.items():
    jit, ref = load(t + "/" + name + "-jit"), load(t + "/" + name + "-ref")
    assert np.array_equal(jit.view(np.uint32), ref.view(np.uint32)), (name, jit, ref)
    assert np.array_equal(jit, expected), (name, jit, expected)
    print(name + ": equal, as numpy")
