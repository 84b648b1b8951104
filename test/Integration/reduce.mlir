// RUN: rm -rf %t && %python %S/reference.py make reduce %t
// RUN: qmlir-run %s --input %t/in0.npy --output-dir %t/out
// RUN: %python %S/reference.py check reduce %t

/// reduce_sum, mean (a sum times 1/n, as TOSA expresses it) and reduce_max.
func.func @main(%x: tensor<3x5x7xf32>) -> (tensor<3x1x7xf32>, tensor<3x5x1xf32>, tensor<1x5x7xf32>) {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<3x5x7xf32>) -> tensor<3x1x7xf32>
  %sum = tosa.reduce_sum %x {axis = 2 : i32} : (tensor<3x5x7xf32>) -> tensor<3x5x1xf32>
  %n = "tosa.const"() <{values = dense<0.142857149> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %1 = tosa.mul %sum, %n, %shift : (tensor<3x5x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<3x5x1xf32>
  %2 = tosa.reduce_max %x {axis = 0 : i32} : (tensor<3x5x7xf32>) -> tensor<1x5x7xf32>
  return %0, %1, %2 : tensor<3x1x7xf32>, tensor<3x5x1xf32>, tensor<1x5x7xf32>
}
