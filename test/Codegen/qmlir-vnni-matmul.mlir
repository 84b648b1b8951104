// RUN: qmlir-opt %s --split-input-file --qmlir-vnni-matmul=target=vnni | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --qmlir-vnni-matmul=target=none | FileCheck %s --check-prefix=NONE

/// A 5x6 by constant 6x20 product: weights packed into 2 blocks of 16
/// columns x 2 groups of 4 bytes (K padded to 8), start values -128 * column
/// sums (-128 * 6 = -768 for the columns of ones), activations flipped and
/// padded to 8 rows x 8 bytes, a 4-row x 2-block register tile, and the
/// 5x20 result sliced out of the 8x32 buffer once. The weights fit in 4
/// bits, so each group's 64 bytes are stored in 32 (two per byte) and
/// unpacked in the kernel: ((n & 15) ^ 8) - 8 of the low and the high
/// nibbles.
// CHECK-DAG: memref.global "private" constant @__qmlir_vnni_0_rhs : memref<2x2x32xi8> = dense<{{.*}}> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @__qmlir_vnni_0_start : memref<2x16xi32> = dense<{{\[\[}}-768, {{.*}}, -768], [-768, -768, -768, -768, 0, 0, {{.*}}, 0]]> {alignment = 64 : i64}
// CHECK-DAG: func.func private @__qmlir_llvm_x86_avx512_vpdpbusd_512(vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32> attributes {qmlir.intrinsic = "llvm.x86.avx512.vpdpbusd.512"}
// CHECK-LABEL: func.func @matmul
// CHECK: arith.xori
// CHECK: tensor.pad
// CHECK: } : tensor<5x6xi8> to tensor<8x8xi8>
// CHECK: tensor.expand_shape {{.*}} : tensor<8x8xi8> into tensor<1x8x1x8xi8>
// CHECK: bufferization.to_buffer {{.*}} read_only
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<8x32xi32>
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for {{.*}} iter_args
// CHECK: scf.for {{.*}} iter_args
// CHECK: vector.load {{.*}} : memref<1x8x1x8xi8>, vector<4xi8>
// CHECK: vector.load {{.*}} : memref<2x2x32xi8>, vector<32xi8>
// CHECK: arith.andi
// CHECK: arith.xori
// CHECK: arith.subi
// CHECK: arith.shrui
// CHECK: arith.andi
// CHECK: arith.xori
// CHECK: arith.subi
// CHECK: vector.shuffle {{.*}} : vector<32xi8>, vector<32xi8>
// CHECK-COUNT-8: func.call @__qmlir_llvm_x86_avx512_vpdpbusd_512
// CHECK: bufferization.to_tensor {{.*}} restrict writable
// CHECK: tensor.extract_slice {{.*}}[0, 0] [5, 20] [1, 1] : tensor<8x32xi32> to tensor<5x20xi32>
// CHECK-NOT: linalg.matmul
// NONE-LABEL: func.func @matmul
// NONE: linalg.matmul
func.func @matmul(%a: tensor<5x6xi8>) -> tensor<5x20xi32> {
  %w = arith.constant dense<1> : tensor<6x20xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<5x20xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<5x20xi32>) -> tensor<5x20xi32>
  %0 = linalg.matmul ins(%a, %w : tensor<5x6xi8>, tensor<6x20xi8>) outs(%init : tensor<5x20xi32>) -> tensor<5x20xi32>
  return %0 : tensor<5x20xi32>
}

// -----

/// 8-bit weights (a 100 does not fit in 4 bits): 64 bytes per group, loaded
/// whole.
// CHECK-DAG: memref.global "private" constant @__qmlir_vnni_0_rhs : memref<1x1x64xi8>
// CHECK-LABEL: func.func @matmul_8bit_weights
// CHECK: vector.load {{.*}} : memref<1x1x64xi8>, vector<64xi8>
// CHECK-NOT: vector.shuffle
// CHECK: func.call @__qmlir_llvm_x86_avx512_vpdpbusd_512
func.func @matmul_8bit_weights(%a: tensor<4x4xi8>) -> tensor<4x16xi32> {
  %w = arith.constant dense<100> : tensor<4x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<4x16xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<4x16xi32>) -> tensor<4x16xi32>
  %0 = linalg.matmul ins(%a, %w : tensor<4x4xi8>, tensor<4x16xi8>) outs(%init : tensor<4x16xi32>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}

// -----

/// A 3x3 convolution, stride 2, 3 input channels (padded to 4): a direct
/// kernel over the 1x3x3x16 output pixels (9 rows, padded to 12), K = 9
/// kernel positions x 1 group of 4 channels, the result reshaped to NHWC.
// CHECK-LABEL: func.func @conv
// CHECK: arith.xori
// CHECK: } : tensor<1x7x7x3xi8> to tensor<1x7x7x4xi8>
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<12x16xi32>
// CHECK: arith.remsi
// CHECK: scf.for {{.*}} iter_args
// CHECK: scf.for {{.*}} iter_args
// CHECK: vector.load {{.*}} : memref<1x7x7x4xi8>, vector<4xi8>
// CHECK: tensor.expand_shape {{.*}} : tensor<9x16xi32> into tensor<1x3x3x16xi32>
// CHECK-NOT: linalg.conv_2d
func.func @conv(%x: tensor<1x7x7x3xi8>) -> tensor<1x3x3x16xi32> {
  %w = arith.constant dense<2> : tensor<3x3x3x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x3x3x16xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<1x3x3x16xi32>) -> tensor<1x3x3x16xi32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x7x7x3xi8>, tensor<3x3x3x16xi8>) outs(%init : tensor<1x3x3x16xi32>) -> tensor<1x3x3x16xi32>
  return %0 : tensor<1x3x3x16xi32>
}

// -----

/// A depthwise 3x3 convolution of 20 channels (padded to 32: two blocks of
/// 16): 9 taps in 3 groups of 4 interleaved by shuffles, one vpdpbusd per
/// group and channel block; the multiplier-2 op stays.
// CHECK-LABEL: func.func @depthwise
// CHECK: } : tensor<1x6x6x20xi8> to tensor<1x6x6x32xi8>
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<16x32xi32>
// CHECK: vector.load {{.*}} : memref<1x6x6x32xi8>, vector<32xi8>
// CHECK: vector.shuffle
// CHECK: tensor.expand_shape {{.*}} : tensor<16x20xi32> into tensor<1x4x4x20x1xi32>
// CHECK: linalg.depthwise_conv_2d_nhwc_hwcm {{.*}} tensor<3x3x20x2xi8>
func.func @depthwise(%x: tensor<1x6x6x20xi8>) -> (tensor<1x4x4x20x1xi32>, tensor<1x4x4x20x2xi32>) {
  %w = arith.constant dense<2> : tensor<3x3x20x1xi8>
  %w2 = arith.constant dense<2> : tensor<3x3x20x2xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x4x20x1xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x4x20x1xi32>) -> tensor<1x4x4x20x1xi32>
  %0 = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x20xi8>, tensor<3x3x20x1xi8>) outs(%init : tensor<1x4x4x20x1xi32>) -> tensor<1x4x4x20x1xi32>
  %e2 = tensor.empty() : tensor<1x4x4x20x2xi32>
  %init2 = linalg.fill ins(%zero : i32) outs(%e2 : tensor<1x4x4x20x2xi32>) -> tensor<1x4x4x20x2xi32>
  %1 = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w2 : tensor<1x6x6x20xi8>, tensor<3x3x20x2xi8>) outs(%init2 : tensor<1x4x4x20x2xi32>) -> tensor<1x4x4x20x2xi32>
  return %0, %1 : tensor<1x4x4x20x1xi32>, tensor<1x4x4x20x2xi32>
}

// -----

/// The requantization after the product (an element-wise generic of arith
/// ops reading the product and per-channel constants) runs on the
/// accumulators in registers: one i8 store, no i32 buffer.
// CHECK-LABEL: func.func @epilogue
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<4x16xi8>
// CHECK: vector.load %{{.*}} : memref<16xi32>, vector<16xi32>
// CHECK: arith.addi %{{.*}} : vector<16xi32>
// CHECK: arith.trunci %{{.*}} : vector<16xi32> to vector<16xi8>
// CHECK: vector.store %{{.*}} : memref<4x16xi8>, vector<16xi8>
// CHECK-NOT: linalg.generic {{.*}}ins(%{{.*}} : tensor<4x16xi32>
func.func @epilogue(%a: tensor<4x8xi8>) -> tensor<4x16xi8> {
  %w = arith.constant dense<1> : tensor<8x16xi8>
  %bias = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]> : tensor<16xi32>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<4x16xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<4x16xi32>) -> tensor<4x16xi32>
  %0 = linalg.matmul ins(%a, %w : tensor<4x8xi8>, tensor<8x16xi8>) outs(%init : tensor<4x16xi32>) -> tensor<4x16xi32>
  %o = tensor.empty() : tensor<4x16xi8>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%0, %bias : tensor<4x16xi32>, tensor<16xi32>) outs(%o : tensor<4x16xi8>) {
  ^bb0(%acc: i32, %b: i32, %out: i8):
    %s = arith.addi %acc, %b : i32
    %t = arith.trunci %s : i32 to i8
    linalg.yield %t : i8
  } -> tensor<4x16xi8>
  return %1 : tensor<4x16xi8>
}

// -----

/// Negative cases: weights that are not constants, and float products, are
/// unchanged.
// CHECK-LABEL: func.func @not_constant
// CHECK: linalg.matmul
// CHECK-LABEL: func.func @float
// CHECK: linalg.matmul
func.func @not_constant(%a: tensor<4x4xi8>, %w: tensor<4x16xi8>) -> tensor<4x16xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<4x16xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<4x16xi32>) -> tensor<4x16xi32>
  %0 = linalg.matmul ins(%a, %w : tensor<4x4xi8>, tensor<4x16xi8>) outs(%init : tensor<4x16xi32>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}
func.func @float(%a: tensor<4x4xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<1.0> : tensor<4x16xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %0 = linalg.matmul ins(%a, %w : tensor<4x4xf32>, tensor<4x16xf32>) outs(%init : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}
