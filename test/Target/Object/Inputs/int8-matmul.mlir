// An int8 product with constant weights: the VNNI kernels take it when the
// target CPU has AVX-512 VNNI.
func.func @main(%a: tensor<4x4xi8>) -> tensor<4x16xi32> {
  %w = arith.constant dense<100> : tensor<4x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<4x16xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<4x16xi32>) -> tensor<4x16xi32>
  %0 = linalg.matmul ins(%a, %w : tensor<4x4xi8>, tensor<4x16xi8>) outs(%init : tensor<4x16xi32>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}
