
func.func @constant_transpose() -> tensor<2x2xi8> {
  %w = arith.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>
  %e = tensor.empty() : tensor<2x2xi8>
  %t = linalg.transpose ins(%w : tensor<2x2xi8>) outs(%e : tensor<2x2xi8>) permutation = [1, 0Y
  return %t : tensor<2x2xi8>
}
