// An int8 product whose weights fit in 7 bits: on AVX2 it takes the
// vpmaddubsw kernel (no pair of weights can saturate its 16-bit sums).
func.func @main(%a: tensor<8x64xi8>) -> tensor<8x32xi32> {
  %w = arith.constant dense<-64> : tensor<64x32xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<8x32xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<8x32xi32>) -> tensor<8x32xi32>
  %0 = linalg.matmul ins(%a, %w : tensor<8x64xi8>, tensor<64x32xi8>) outs(%init : tensor<8x32xi32>) -> tensor<8x32xi32>
  return %0 : tensor<8x32xi32>
}
