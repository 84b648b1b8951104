#map3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @matmul_stays_named(%x: tensor<1x1x16xi8>, %w: tensor<16x8xi8>) -> tensor<1x8xi32> {
  %c = arith.constant -128 : i8
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x1x16xi8>
  %0 = linalg.generic {indexing_maps = [#map3, #map3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x : tensor<1x1x16xi8>) outs(%e : tensor<1x1x16xi8>) {
  ^bb0(%in: i8, %out: i8):
    %f = arith.xori %in, %c : i8
    linalg.yield %f : i8
  } -> tensor<1x1x16xi8>
  %1 = tensor.collapse_shape %0 [[0, 1], [2]] : tensor<1x1x16xi8> into tensor<1x16xi8>
  %acc = tensor.empty() : tensor<1x8xi32>
  %init = linalg.fill ins(%zero : i32) outs(%acc : tensor<1x8xi32>) -> tensor<1x8xi32>
  %2 = linalg.matmul ins(%1, %w : tensor<1x16xi8>, tensor<16x8xi8>) outs(%init : tensor<1x8xi32>) -> tensor<1x8xi32>
  return %2 : tensor<1x8xi32>
}
