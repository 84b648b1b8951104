// RUN: qmlir-opt %s --split-input-file --qmlir-signless-tensors | FileCheck %s

/// ui8 at the function boundary and in the casts tosa-to-linalg leaves
/// becomes i8; the casts that turn into identities go.
// CHECK-LABEL: func.func @boundaries
// CHECK-SAME: (%[[A:.*]]: tensor<4xi8>) -> tensor<4xi8>
// CHECK-NOT: unrealized_conversion_cast
// CHECK-NOT: tensor.bitcast
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%[[A]] : tensor<4xi8>)
// CHECK: return %[[G]] : tensor<4xi8>
#map = affine_map<(d0) -> (d0)>
func.func @boundaries(%arg0: tensor<4xui8>) -> tensor<4xui8> {
  %0 = builtin.unrealized_conversion_cast %arg0 : tensor<4xui8> to tensor<4xi8>
  %1 = tensor.empty() : tensor<4xi8>
  %2 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]} ins(%0 : tensor<4xi8>) outs(%1 : tensor<4xi8>) {
  ^bb0(%in: i8, %out: i8):
    %c1 = arith.constant 1 : i8
    %s = arith.addi %in, %c1 : i8
    linalg.yield %s : i8
  } -> tensor<4xi8>
  %3 = tensor.bitcast %2 : tensor<4xi8> to tensor<4xui8>
  return %3 : tensor<4xui8>
}

// -----

/// Constants of unsigned tensors (a ConvInteger's uint8 weights) keep their
/// bits under the signless type: 200 and 255 read as i8 are -56 and -1, and
/// the constant verifies.
// CHECK-LABEL: func.func @unsigned_constant
// CHECK: %[[C:.*]] = arith.constant dense<[1, -56, -1]> : tensor<3xi8>
// CHECK: return %[[C]] : tensor<3xi8>
func.func @unsigned_constant() -> tensor<3xui8> {
  %0 = arith.constant dense<[1, 200, 255]> : tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

/// Negative case: signless and float tensors are unchanged, and so is a cast
/// between different widths.
// CHECK-LABEL: func.func @unchanged
// CHECK-SAME: (%{{.*}}: tensor<4xf32>, %{{.*}}: tensor<4xi32>) -> tensor<4xi32>
// CHECK: tensor.bitcast %{{.*}} : tensor<4xf32> to tensor<4xi32>
func.func @unchanged(%x: tensor<4xf32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = tensor.bitcast %x : tensor<4xf32> to tensor<4xi32>
  return %0 : tensor<4xi32>
}
