// RUN: qmlir-opt %s --split-input-file --qmlir-verify-int8-linalg | FileCheck %s

/// Negative case: linalg, tensor and arith on integers pass unchanged.
// CHECK-LABEL: func.func @int8_linalg
// CHECK: linalg.generic
func.func @int8_linalg(%x: tensor<4xi8>) -> tensor<4xi32> {
  %e = tensor.empty() : tensor<4xi32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%x : tensor<4xi8>) outs(%e : tensor<4xi32>) {
  ^bb0(%in: i8, %out: i32):
    %w = arith.extsi %in : i8 to i32
    linalg.yield %w : i32
  } -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
