
func.func @matmul(%a: tensor<5x6xi8>) -> tensor<5x20xi32> {
  %w = arith.constant dense<2> : tensor<6x20xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<5x20xi32>
  %init = linalg.fill <2> : tensor<6x20xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<5x20xi32>
  %init = lx6xi8>, tensor<6x20xi8>) outs(%init : tensor<5x20xi32>) -> tensor<5x20xi32>
  return %0 : tensor<5x20xi32>
}
