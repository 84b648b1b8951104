// RUN: qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qmlir-tile-and-vectorize))" | FileCheck %s

/// A matmul becomes column tiles outermost, row tiles, then a k loop whose
/// body is one vector.contract of an 8x1 by 1x32 slice. The 48x32 block of B
/// is first copied into a contiguous tensor.
// CHECK-LABEL: func.func @matmul
// CHECK: scf.for {{.*}} to %c64 step %c32
// CHECK:   %[[PACK:.*]] = tensor.empty() : tensor<48x32xf32>
// CHECK:   vector.transfer_write {{.*}}, %[[PACK]]
// CHECK:   scf.for {{.*}} to %c16 step %c8
// CHECK:     scf.for {{.*}} to %c48 step %c1
// CHECK:       vector.contract {{.*}} vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK-NOT: linalg.matmul
func.func @matmul(%a: tensor<16x48xf32>, %b: tensor<48x64xf32>, %c: tensor<16x64xf32>) -> tensor<16x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<16x48xf32>, tensor<48x64xf32>) outs(%c : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %0 : tensor<16x64xf32>
}

// -----

/// Explicit tile sizes.
// RUN: qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qmlir-tile-and-vectorize{matmul-tile-sizes=4,16,2}))" | FileCheck %s --check-prefix=SIZES
// SIZES-LABEL: func.func @matmul_sizes
// SIZES: vector.contract {{.*}} vector<4x2xf32>, vector<2x16xf32> into vector<4x16xf32>
func.func @matmul_sizes(%a: tensor<16x48xf32>, %b: tensor<48x64xf32>, %c: tensor<16x64xf32>) -> tensor<16x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<16x48xf32>, tensor<48x64xf32>) outs(%c : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %0 : tensor<16x64xf32>
}

// -----

/// A conv tile is rewritten as a 1-D convolution and vectorized.
// CHECK-LABEL: func.func @conv
// CHECK-NOT: linalg.conv_2d
// CHECK: vector.contract
func.func @conv(%x: tensor<1x10x10x4xf32>, %w: tensor<3x3x4x32xf32>, %y: tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x10x10x4xf32>, tensor<3x3x4x32xf32>) outs(%y : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  return %0 : tensor<1x8x8x32xf32>
}

// -----

/// 48 filters (a pruned layer): tiles of 16, a whole number of vectors that
/// is a power of two, never a 48-wide vector.
// CHECK-LABEL: func.func @conv_48_filters
// CHECK: scf.for {{.*}} to %c48 step %c16
// CHECK-NOT: vector<{{[0-9x]*}}48xf32>
// CHECK: vector.contract {{.*}} into vector<1x4x16xf32>
// CHECK-NOT: vector<{{[0-9x]*}}48xf32>
// CHECK: return
func.func @conv_48_filters(%x: tensor<1x6x10x4xf32>, %w: tensor<3x3x4x48xf32>, %y: tensor<1x4x8x48xf32>) -> tensor<1x4x8x48xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x6x10x4xf32>, tensor<3x3x4x48xf32>) outs(%y : tensor<1x4x8x48xf32>) -> tensor<1x4x8x48xf32>
  return %0 : tensor<1x4x8x48xf32>
}

// -----

/// 24 elements (3 x 8): tiles of 8, not one 24-wide vector.
// CHECK-LABEL: func.func @elementwise_24
// CHECK: scf.for {{.*}} to %c24 step %c8
// CHECK: math.exp {{.*}} : vector<1x8xf32>
func.func @elementwise_24(%x: tensor<3x24xf32>) -> tensor<3x24xf32> {
  %e = tensor.empty() : tensor<3x24xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<3x24xf32>) outs(%e : tensor<3x24xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<3x24xf32>
  return %0 : tensor<3x24xf32>
}

// -----

/// Element-wise ops: unit tiles but the innermost loop, tiled by up to 64,
/// preferring a divisor of the size (100 = 2 x 50: no masks).
// CHECK-LABEL: func.func @elementwise
// CHECK: scf.for {{.*}} to %c3 step %c1
// CHECK:   scf.for {{.*}} to %c100 step %c50
// CHECK-NOT: vector.create_mask
// CHECK:     math.exp {{.*}} : vector<1x50xf32>
func.func @elementwise(%x: tensor<3x100xf32>) -> tensor<3x100xf32> {
  %e = tensor.empty() : tensor<3x100xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<3x100xf32>) outs(%e : tensor<3x100xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<3x100xf32>
  return %0 : tensor<3x100xf32>
}

// -----

/// A prime size up to four tiles long is vectorized whole.
// CHECK-LABEL: func.func @elementwise_prime
// CHECK-NOT: scf.for
// CHECK: math.exp {{.*}} : vector<1x131xf32>
func.func @elementwise_prime(%x: tensor<1x131xf32>) -> tensor<1x131xf32> {
  %e = tensor.empty() : tensor<1x131xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<1x131xf32>) outs(%e : tensor<1x131xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<1x131xf32>
  return %0 : tensor<1x131xf32>
}

// -----

/// TOSA's depthwise form with channel multiplier 1 is rewritten without the
/// multiplier dimension and vectorized into fused multiply-adds.
// CHECK-LABEL: func.func @depthwise_multiplier_one
// CHECK-NOT: linalg.depthwise_conv_2d
// CHECK: vector.fma
func.func @depthwise_multiplier_one(%x: tensor<1x10x10x64xf32>, %w: tensor<3x3x64x1xf32>, %y: tensor<1x8x8x64x1xf32>) -> tensor<1x8x8x64x1xf32> {
  %0 = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x10x10x64xf32>, tensor<3x3x64x1xf32>) outs(%y : tensor<1x8x8x64x1xf32>) -> tensor<1x8x8x64x1xf32>
  return %0 : tensor<1x8x8x64x1xf32>
}

// -----

/// Padding becomes fills of the border only (the top and bottom rows, then
/// the left and right columns of the rows between) and a vectorized copy
/// into the interior (not a strided memref.copy after bufferization).
// CHECK-LABEL: func.func @pad
// CHECK-DAG: %[[C9:.*]] = arith.constant 9 : index
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NOT: tensor.pad
// CHECK: %[[TOP:.*]] = vector.transfer_write {{.*}}[%[[C0]], %[[C0]], %[[C0]]] {{.*}} : vector<1x1x18xf32>, tensor<1x10x18xf32>
// CHECK: vector.transfer_write {{.*}}, %[[TOP]][%[[C0]], %[[C9]], %[[C0]]] {{.*}} : vector<1x1x18xf32>, tensor<1x10x18xf32>
// CHECK: tensor.extract_slice {{.*}}[0, 1, 0] [1, 8, 1] [1, 1, 1]
// CHECK: vector.transfer_write {{.*}} : vector<1x1x1xf32>, tensor<1x8x1xf32>
// CHECK: tensor.extract_slice {{.*}}[0, 1, 17] [1, 8, 1] [1, 1, 1]
// CHECK: vector.transfer_write {{.*}} : vector<1x1x1xf32>, tensor<1x8x1xf32>
// CHECK: tensor.extract_slice {{.*}}[0, 1, 1] [1, 8, 16] [1, 1, 1]
// CHECK: vector.transfer_read {{.*}} : tensor<1x8x16xf32>, vector<1x1x16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<1x1x16xf32>, tensor<1x8x16xf32>
func.func @pad(%x: tensor<1x8x16xf32>) -> tensor<1x10x18xf32> {
  %c0 = arith.constant 0.0 : f32
  %0 = tensor.pad %x low[0, 1, 1] high[0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %c0 : f32
  } : tensor<1x8x16xf32> to tensor<1x10x18xf32>
  return %0 : tensor<1x10x18xf32>
}

// -----

/// A padding value computed per element is not a constant pad: upstream's
/// decomposition (a generate over the whole tensor) applies.
// CHECK-LABEL: func.func @pad_computed
// CHECK-NOT: tensor.pad
// CHECK: %[[GEN:.*]] = tensor.generate
// CHECK-NOT: tensor.extract_slice {{.*}}[0, 1, 0] [1, 8, 1]
// CHECK: tensor.extract_slice %[[GEN]][0, 1, 1] [1, 8, 16] [1, 1, 1]
func.func @pad_computed(%x: tensor<1x8x16xf32>) -> tensor<1x10x18xf32> {
  %0 = tensor.pad %x low[0, 1, 1] high[0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index):
    %v = arith.index_cast %k : index to i32
    %f = arith.sitofp %v : i32 to f32
    tensor.yield %f : f32
  } : tensor<1x8x16xf32> to tensor<1x10x18xf32>
  return %0 : tensor<1x10x18xf32>
}

// -----

/// A bool result stays a scalar loop nest: vectors of i1 are bit-packed in
/// memory, scalar i1s take a byte each.
// CHECK-LABEL: func.func @bool_result
// CHECK-NOT: vector.transfer_write
// CHECK: linalg.generic
func.func @bool_result(%x: tensor<4x64xf32>, %y: tensor<4x64xf32>) -> tensor<4x64xi1> {
  %e = tensor.empty() : tensor<4x64xi1>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x, %y : tensor<4x64xf32>, tensor<4x64xf32>) outs(%e : tensor<4x64xi1>) {
  ^bb0(%a: f32, %b: f32, %o: i1):
    %c = arith.cmpf olt, %a, %b : f32
    linalg.yield %c : i1
  } -> tensor<4x64xi1>
  return %0 : tensor<4x64xi1>
}

// -----

/// A table lookup on a rank-0 tensor stays scalar: vectorized, it would be a
/// vector.gather of 0-d vectors, which is not valid.
// CHECK-LABEL: func.func @scalar_lookup
// CHECK-NOT: vector.gather
// CHECK: linalg.generic
// CHECK: tensor.extract
func.func @scalar_lookup(%x: tensor<i8>, %table: tensor<256xi8>) -> tensor<i8> {
  %e = tensor.empty() : tensor<i8>
  %0 = linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%x : tensor<i8>) outs(%e : tensor<i8>) {
  ^bb0(%a: i8, %o: i8):
    %w = arith.extui %a : i8 to i32
    %i = arith.index_cast %w : i32 to index
    %v = tensor.extract %table[%i] : tensor<256xi8>
    linalg.yield %v : i8
  } -> tensor<i8>
  return %0 : tensor<i8>
}

// -----

/// Ops on buffers are left alone (the pass works on tensors).
// CHECK-LABEL: func.func @negative_memref
// CHECK-NEXT: linalg.matmul ins(%{{.*}}, %{{.*}} : memref<4x4xf32>, memref<4x4xf32>)
// CHECK-NEXT: return
func.func @negative_memref(%a: memref<4x4xf32>, %b: memref<4x4xf32>, %c: memref<4x4xf32>) {
  linalg.matmul ins(%a, %b : memref<4x4xf32>, memref<4x4xf32>) outs(%c : memref<4x4xf32>)
  return
}

// -----

/// No linalg op: unchanged.
// CHECK-LABEL: func.func @negative_no_linalg
// CHECK-NEXT: arith.addf
// CHECK-NEXT: return
func.func @negative_no_linalg(%a: f32) -> f32 {
  %0 = arith.addf %a, %a : f32
  return %0 : f32
}

// -----

/// A 7-wide output row is taken whole; the filter tile narrows to 32 so that
/// 7 x 32 accumulators fit in registers (not 7 x 64).
// CHECK-LABEL: func.func @conv_short_row
// CHECK: vector.contract {{.*}} into vector<1x7x32xf32>
func.func @conv_short_row(%x: tensor<1x9x9x8xf32>, %w: tensor<3x3x8x64xf32>, %y: tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x9x9x8xf32>, tensor<3x3x8x64xf32>) outs(%y : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
  return %0 : tensor<1x7x7x64xf32>
}

// -----

/// parallel=true: a large element-wise op is split across threads along its
/// outermost non-unit loop (56 rows: 14 chunks of 4) in an scf.forall, whose
/// chunks are then tiled and vectorized as without threads.
// RUN: qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qmlir-tile-and-vectorize{parallel=true}))" | FileCheck %s --check-prefix=THREADS
// THREADS-LABEL: func.func @threads_elementwise
// THREADS: scf.forall ({{.*}}) = (0) to (56) step (4) shared_outs
// THREADS:   scf.for {{.*}} to %c4 step %c1
// THREADS:     scf.for {{.*}} to %c56 step %c1
// THREADS:     arith.addf {{.*}} : vector<1x1x1x64xf32>
// THREADS:   scf.forall.in_parallel
// CHECK-LABEL: func.func @threads_elementwise
// CHECK-NOT: scf.forall
func.func @threads_elementwise(%x: tensor<1x56x56x64xf32>, %y: tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32> {
  %e = tensor.empty() : tensor<1x56x56x64xf32>
  %0 = linalg.add ins(%x, %y : tensor<1x56x56x64xf32>, tensor<1x56x56x64xf32>) outs(%e : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  return %0 : tensor<1x56x56x64xf32>
}

// -----

/// A reduction is split along its parallel loop only (64 rows: 16 chunks).
// THREADS-LABEL: func.func @threads_reduction
// THREADS: scf.forall ({{.*}}) = (0) to (64) step (4) shared_outs
// CHECK-LABEL: func.func @threads_reduction
// CHECK-NOT: scf.forall
func.func @threads_reduction(%x: tensor<64x512xf32>, %init: tensor<64xf32>) -> tensor<64xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<64x512xf32>) outs(%init : tensor<64xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %1 = arith.addf %in, %acc : f32
    linalg.yield %1 : f32
  } -> tensor<64xf32>
  return %0 : tensor<64xf32>
}

// -----

/// Pools are split by output rows (28: 14 chunks of 2).
// THREADS-LABEL: func.func @threads_pool
// THREADS: scf.forall ({{.*}}) = (0) to (28) step (2) shared_outs
// CHECK-LABEL: func.func @threads_pool
// CHECK-NOT: scf.forall
func.func @threads_pool(%x: tensor<1x57x57x64xf32>, %init: tensor<1x28x28x64xf32>) -> tensor<1x28x28x64xf32> {
  %k = tensor.empty() : tensor<3x3xf32>
  %0 = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %k : tensor<1x57x57x64xf32>, tensor<3x3xf32>) outs(%init : tensor<1x28x28x64xf32>) -> tensor<1x28x28x64xf32>
  return %0 : tensor<1x28x28x64xf32>
}

// -----

/// Negative: small ops (under 16384 elements), and ops whose only non-unit
/// loop besides the innermost has no divisor in [2, 16] (17 rows), stay on
/// one thread.
// THREADS-LABEL: func.func @threads_small
// THREADS-NOT: scf.forall
// THREADS-LABEL: func.func @threads_prime_rows
// THREADS-NOT: scf.forall
// CHECK-LABEL: func.func @threads_small
// CHECK-LABEL: func.func @threads_prime_rows
func.func @threads_small(%x: tensor<1x8x8x64xf32>, %y: tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32> {
  %e = tensor.empty() : tensor<1x8x8x64xf32>
  %0 = linalg.add ins(%x, %y : tensor<1x8x8x64xf32>, tensor<1x8x8x64xf32>) outs(%e : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  return %0 : tensor<1x8x8x64xf32>
}
func.func @threads_prime_rows(%x: tensor<17x4096xf32>, %y: tensor<17x4096xf32>) -> tensor<17x4096xf32> {
  %e = tensor.empty() : tensor<17x4096xf32>
  %0 = linalg.add ins(%x, %y : tensor<17x4096xf32>, tensor<17x4096xf32>) outs(%e : tensor<17x4096xf32>) -> tensor<17x4096xf32>
  return %0 : tensor<17x4096xf32>
}

// -----

/// A widening contraction (i32 x i32 into i64, as 16-bit activations with a
/// 64-bit accumulator make) is vectorized as a generic: its operands are
/// extended, then multiplied and reduced. A vector.contract of mixed types
/// would not lower to LLVM (the outer-product lowering needs one type).
// CHECK-LABEL: func.func @batch_matmul_widening
// CHECK: arith.extsi {{.*}} : vector<{{.*}}xi32> to vector<{{.*}}xi64>
// CHECK: arith.muli {{.*}} : vector<{{.*}}xi64>
// CHECK-NOT: vector.contract
// CHECK: return
func.func @batch_matmul_widening(%a: tensor<2x16x4xi32>, %b: tensor<2x4x32xi32>, %c: tensor<2x16x32xi64>) -> tensor<2x16x32xi64> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x16x4xi32>, tensor<2x4x32xi32>) outs(%c : tensor<2x16x32xi64>) -> tensor<2x16x32xi64>
  return %0 : tensor<2x16x32xi64>
}
