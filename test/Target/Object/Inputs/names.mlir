// Argument and result names that are not C identifiers as they stand.
func.func @main(%a: tensor<2xf32> {qmlir.name = "float"}, %b: tensor<2xf32> {qmlir.name = "input:0/x"}) -> (tensor<2xf32> {qmlir.name = "9out"}) {
  %0 = tosa.add %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
