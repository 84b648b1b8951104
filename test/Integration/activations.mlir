// RUN: rm -rf %t && %python %S/reference.py make activations %t
// RUN: qmlir-run %s --input %t/in0.npy --input %t/in1.npy --output-dir %t/out
// RUN: %python %S/reference.py check activations %t

/// relu and clamp (tosa.clamp), sigmoid, tanh, exp, log.
func.func @main(%x: tensor<4x16xf32>, %p: tensor<4x16xf32>)
    -> (tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347e+38 : f32} : (tensor<4x16xf32>) -> tensor<4x16xf32>
  %1 = tosa.clamp %x {min_val = -1.0 : f32, max_val = 1.0 : f32} : (tensor<4x16xf32>) -> tensor<4x16xf32>
  %2 = tosa.sigmoid %x : (tensor<4x16xf32>) -> tensor<4x16xf32>
  %3 = tosa.tanh %x : (tensor<4x16xf32>) -> tensor<4x16xf32>
  %4 = tosa.exp %x : (tensor<4x16xf32>) -> tensor<4x16xf32>
  %5 = tosa.log %p : (tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>
}
