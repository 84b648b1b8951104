// RUN: rm -rf %t && %python %S/reference.py make elementwise %t
// RUN: qmlir-run %s --input %t/in0.npy --input %t/in1.npy --output-dir %t/out
// RUN: %python %S/reference.py check elementwise %t

/// Binary element-wise ops with broadcasting (TOSA broadcasts size-1
/// dimensions of equal-rank operands); division is a reciprocal and a mul.
func.func @main(%a: tensor<2x3x4xf32>, %b: tensor<1x3x1xf32>)
    -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.add %a, %b : (tensor<2x3x4xf32>, tensor<1x3x1xf32>) -> tensor<2x3x4xf32>
  %1 = tosa.sub %a, %b : (tensor<2x3x4xf32>, tensor<1x3x1xf32>) -> tensor<2x3x4xf32>
  %2 = tosa.mul %a, %b, %shift : (tensor<2x3x4xf32>, tensor<1x3x1xf32>, tensor<1xi8>) -> tensor<2x3x4xf32>
  %r = tosa.reciprocal %b : (tensor<1x3x1xf32>) -> tensor<1x3x1xf32>
  %3 = tosa.mul %a, %r, %shift : (tensor<2x3x4xf32>, tensor<1x3x1xf32>, tensor<1xi8>) -> tensor<2x3x4xf32>
  %4 = tosa.maximum %a, %b : (tensor<2x3x4xf32>, tensor<1x3x1xf32>) -> tensor<2x3x4xf32>
  return %0, %1, %2, %3, %4 : tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>
}
