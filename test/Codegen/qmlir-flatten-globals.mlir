// RUN: qmlir-opt %s --split-input-file --qmlir-flatten-globals | FileCheck %s

/// A constant of rank 3 is stored flat; each read views it in its shape.
// CHECK: memref.global "private" constant @packed : memref<12xi8> = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]>
// CHECK-LABEL: func.func @reads(
// CHECK: %[[FLAT:.*]] = memref.get_global @packed : memref<12xi8>
// CHECK: %[[VIEW:.*]] = memref.expand_shape %[[FLAT]] {{\[\[}}0, 1, 2]] output_shape [2, 3, 2] : memref<12xi8> into memref<2x3x2xi8>
// CHECK: memref.load %[[VIEW]]
memref.global "private" constant @packed : memref<2x3x2xi8> = dense<[[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]]>
func.func @reads(%i: index) -> i8 {
  %0 = memref.get_global @packed : memref<2x3x2xi8>
  %1 = memref.load %0[%i, %i, %i] : memref<2x3x2xi8>
  return %1 : i8
}

// -----

/// Negative: variables, rank-1 constants and constants without a value stay.
// CHECK: memref.global "private" @variable : memref<2x2xf32> = dense<0.000000e+00>
// CHECK: memref.global "private" constant @flat : memref<4xf32> = dense<1.000000e+00>
// CHECK: memref.global "private" constant @uninitialized : memref<2x2xf32> = uninitialized
// CHECK-LABEL: func.func @stays(
// CHECK-NOT: memref.expand_shape
memref.global "private" @variable : memref<2x2xf32> = dense<0.0>
memref.global "private" constant @flat : memref<4xf32> = dense<1.0>
memref.global "private" constant @uninitialized : memref<2x2xf32> = uninitialized
func.func @stays() -> (memref<2x2xf32>, memref<4xf32>, memref<2x2xf32>) {
  %0 = memref.get_global @variable : memref<2x2xf32>
  %1 = memref.get_global @flat : memref<4xf32>
  %2 = memref.get_global @uninitialized : memref<2x2xf32>
  return %0, %1, %2 : memref<2x2xf32>, memref<4xf32>, memref<2x2xf32>
}
