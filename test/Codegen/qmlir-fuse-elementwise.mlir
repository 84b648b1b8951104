// RUN: qmlir-opt %s --split-input-file --qmlir-fuse-elementwise | FileCheck %s

/// Element-wise chains fuse into one generic.
// CHECK-LABEL: func.func @chain
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
// CHECK: return
#map = affine_map<(d0) -> (d0)>
func.func @chain(%x: tensor<8xf32>) -> tensor<8xf32> {
  %c = arith.constant 2.0 : f32
  %e = tensor.empty() : tensor<8xf32>
  %0 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]} ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %a = arith.addf %in, %c : f32
    linalg.yield %a : f32
  } -> tensor<8xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]} ins(%0 : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %c : f32
    linalg.yield %m : f32
  } -> tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

/// A matmul fed by a collapse_shape stays a named matmul (the reshape is not
/// folded into it), and the requantization of its [M, K] operand is not
/// fused into it.
// CHECK-LABEL: func.func @matmul_stays_named
// CHECK: %[[Q:.*]] = linalg.generic
// CHECK: arith.xori
// CHECK: %[[A:.*]] = tensor.collapse_shape %[[Q]]
// CHECK: linalg.matmul ins(%[[A]], %{{.*}} : tensor<1x16xi8>, tensor<16x8xi8>)
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

// -----

/// A reduction that reads each element once takes its producer.
// CHECK-LABEL: func.func @row_sum
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @row_sum(%x: tensor<4x8xf32>, %init: tensor<4xf32>) -> tensor<4xf32> {
  %c = arith.constant 3.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %c : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  %1 = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]} ins(%0 : tensor<4x8xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

/// Negative case: a contraction written as a generic reads its [M, K]
/// operand N times; the producer stays a separate op.
// CHECK-LABEL: func.func @generic_contraction
// CHECK: %[[P:.*]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK: arith.mulf
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[P]], %{{.*}} : tensor<4x8xf32>, tensor<8x16xf32>)
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @generic_contraction(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %init: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %c = arith.constant 3.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %0 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %c : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  %1 = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%0, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%init : tensor<4x16xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %p = arith.mulf %in, %in2 : f32
    %s = arith.addf %p, %out : f32
    linalg.yield %s : f32
  } -> tensor<4x16xf32>
  return %1 : tensor<4x16xf32>
}

// -----

/// The transpose of a constant weight folds.
// CHECK-LABEL: func.func @constant_transpose
// CHECK: arith.constant dense<{{\[\[}}1, 3], [2, 4]]> : tensor<2x2xi8>
// CHECK-NOT: linalg.transpose
func.func @constant_transpose() -> tensor<2x2xi8> {
  %w = arith.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>
  %e = tensor.empty() : tensor<2x2xi8>
  %t = linalg.transpose ins(%w : tensor<2x2xi8>) outs(%e : tensor<2x2xi8>) permutation = [1, 0]
  return %t : tensor<2x2xi8>
}

// -----

/// A rank-3 permutation of f32 weights: result[i][j][k] = w[k][i][j].
// CHECK-LABEL: func.func @constant_transpose_rank3
// CHECK: arith.constant dense<{{\[\[\[}}0.000000e+00, 3.000000e+00], [6.000000e+00, 9.000000e+00]], {{\[\[}}1.000000e+00, 4.000000e+00], [7.000000e+00, 1.000000e+01]], {{\[\[}}2.000000e+00, 5.000000e+00], [8.000000e+00, 1.100000e+01]]]> : tensor<3x2x2xf32>
// CHECK-NOT: linalg.transpose
func.func @constant_transpose_rank3() -> tensor<3x2x2xf32> {
  %w = arith.constant dense<[[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], [[6.0, 7.0, 8.0], [9.0, 10.0, 11.0]]]> : tensor<2x2x3xf32>
  %e = tensor.empty() : tensor<3x2x2xf32>
  %t = linalg.transpose ins(%w : tensor<2x2x3xf32>) outs(%e : tensor<3x2x2xf32>) permutation = [2, 0, 1]
  return %t : tensor<3x2x2xf32>
}

// -----

/// The same permutation as a generic (input map (i, j, k) -> (j, k, i)).
// CHECK-LABEL: func.func @constant_permutation_generic
// CHECK: arith.constant dense<{{\[\[\[}}0, 3], [6, 9]], {{\[\[}}1, 4], [7, 10]], {{\[\[}}2, 5], [8, 11]]]> : tensor<3x2x2xi32>
// CHECK-NOT: linalg.generic
func.func @constant_permutation_generic() -> tensor<3x2x2xi32> {
  %w = arith.constant dense<[[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]> : tensor<2x2x3xi32>
  %e = tensor.empty() : tensor<3x2x2xi32>
  %t = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (j, k, i)>, affine_map<(i, j, k) -> (i, j, k)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%w : tensor<2x2x3xi32>) outs(%e : tensor<3x2x2xi32>) {
  ^bb0(%in: i32, %out: i32):
    linalg.yield %in : i32
  } -> tensor<3x2x2xi32>
  return %t : tensor<3x2x2xi32>
}

// -----

/// A constant read by two ops is not copied into each.
// CHECK-LABEL: func.func @constant_transpose_shared
// CHECK: linalg.transpose
func.func @constant_transpose_shared() -> (tensor<2x2xi8>, tensor<2x2xi8>) {
  %w = arith.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>
  %e = tensor.empty() : tensor<2x2xi8>
  %t = linalg.transpose ins(%w : tensor<2x2xi8>) outs(%e : tensor<2x2xi8>) permutation = [1, 0]
  return %t, %w : tensor<2x2xi8>, tensor<2x2xi8>
}

// -----

/// A product mixing element types (f32 x i8, weight-only models) matches no
/// kernel: the reshape folds into it and it becomes a generic.
// CHECK-LABEL: func.func @mixed_types
// CHECK-NOT: tensor.collapse_shape
// CHECK-NOT: linalg.batch_matmul
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<1x1x2x144xf32>, tensor<1x2x144x10xi8>)
func.func @mixed_types(%x: tensor<1x1x2x144xf32>, %w: tensor<1x288x10xi8>) -> tensor<1x1x10xf32> {
  %zero = arith.constant 0.0 : f32
  %a = tensor.collapse_shape %x [[0], [1], [2, 3]] : tensor<1x1x2x144xf32> into tensor<1x1x288xf32>
  %e = tensor.empty() : tensor<1x1x10xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x10xf32>) -> tensor<1x1x10xf32>
  %y = linalg.batch_matmul ins(%a, %w : tensor<1x1x288xf32>, tensor<1x288x10xi8>) outs(%init : tensor<1x1x10xf32>) -> tensor<1x1x10xf32>
  return %y : tensor<1x1x10xf32>
}
