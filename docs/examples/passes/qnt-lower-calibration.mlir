func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnt.calibrate %x id "input" : tensor<2x3xf32>
  %two = "tosa.const"() <{values = dense<2.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %1 = tosa.mul %0, %two, %shift : (tensor<2x3xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<2x3xf32>
  %2 = qnt.calibrate %1 id "doubled" : tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}
