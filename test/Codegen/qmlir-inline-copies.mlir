// RUN: qmlir-opt %s --split-input-file --qmlir-inline-copies | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --qmlir-inline-copies --convert-linalg-to-loops --finalize-memref-to-llvm | FileCheck %s --check-prefix=LLVM

/// A slice of a padded buffer (strided) becomes a linalg.copy, which the
/// loops pass lowers; no call of memrefCopy is left.
// CHECK-LABEL: func.func @strided_source
// CHECK: linalg.copy ins(%{{.*}} : memref<2x3xi8, strided<[5, 1], offset: 6>>) outs(%{{.*}} : memref<2x3xi8>)
// CHECK-NOT: memref.copy
// LLVM-LABEL: func.func @strided_source
// LLVM-NOT: memrefCopy
// LLVM: scf.for
func.func @strided_source(%a: memref<4x5xi8>, %b: memref<2x3xi8>) {
  %s = memref.subview %a[1, 1] [2, 3] [1, 1] : memref<4x5xi8> to memref<2x3xi8, strided<[5, 1], offset: 6>>
  memref.copy %s, %b : memref<2x3xi8, strided<[5, 1], offset: 6>> to memref<2x3xi8>
  return
}

// -----

/// Into a strided view (the interior of a padded buffer).
// CHECK-LABEL: func.func @strided_target
// CHECK: linalg.copy ins(%{{.*}} : memref<2x3xf32>) outs(%{{.*}} : memref<2x3xf32, strided<[5, 1], offset: 6>>)
func.func @strided_target(%a: memref<2x3xf32>, %b: memref<4x5xf32>) {
  %s = memref.subview %b[1, 1] [2, 3] [1, 1] : memref<4x5xf32> to memref<2x3xf32, strided<[5, 1], offset: 6>>
  memref.copy %a, %s : memref<2x3xf32> to memref<2x3xf32, strided<[5, 1], offset: 6>>
  return
}

// -----

/// Negative: contiguous copies (identity layouts, or a contiguous strided
/// view) stay memref.copy, which becomes llvm.memcpy.
// CHECK-LABEL: func.func @contiguous
// CHECK-COUNT-2: memref.copy
// CHECK-NOT: linalg.copy
// LLVM-LABEL: func.func @contiguous
// LLVM-NOT: memrefCopy
// LLVM: "llvm.intr.memcpy"
func.func @contiguous(%a: memref<2x3xi8>, %b: memref<2x3xi8>, %c: memref<4x3xi8>) {
  memref.copy %a, %b : memref<2x3xi8> to memref<2x3xi8>
  %s = memref.subview %c[2, 0] [2, 3] [1, 1] : memref<4x3xi8> to memref<2x3xi8, strided<[3, 1], offset: 6>>
  memref.copy %a, %s : memref<2x3xi8> to memref<2x3xi8, strided<[3, 1], offset: 6>>
  return
}

// -----

/// Negative: unranked copies stay.
// CHECK-LABEL: func.func @unranked
// CHECK: memref.copy
// CHECK-NOT: linalg.copy
func.func @unranked(%a: memref<*xi8>, %b: memref<*xi8>) {
  memref.copy %a, %b : memref<*xi8> to memref<*xi8>
  return
}
