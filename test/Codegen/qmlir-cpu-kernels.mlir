// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-cpu=icelake-server" --canonicalize | FileCheck %s --check-prefix=VNNI
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-cpu=alderlake" --canonicalize | FileCheck %s --check-prefix=AVXVNNI
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-cpu=znver3" --canonicalize | FileCheck %s --check-prefix=AVX2
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-cpu=znver3 int8-kernel=avx512-vnni emulate=true" --canonicalize | FileCheck %s --check-prefix=EMUL
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-triple=aarch64-linux-gnu target-cpu=cortex-a76" --canonicalize | FileCheck %s --check-prefix=NEON
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-triple=aarch64-linux-gnu target-cpu=cortex-a76 remarks=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NEONREMARK
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-triple=aarch64-linux-gnu target-cpu=cortex-a53" | FileCheck %s --check-prefix=A53
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-triple=aarch64-linux-gnu target-cpu=neoverse-v1" --canonicalize | FileCheck %s --check-prefix=I8MM
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-triple=aarch64-linux-gnu target-cpu=neoverse-v1 remarks=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=I8MMREMARK
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-cpu=znver3 int8-kernel=none float-kernel=none" | FileCheck %s --check-prefix=NONE
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-cpu=znver3" --canonicalize --cse | FileCheck %s --check-prefix=CSE
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-cpu=znver3 remarks=true parallel=true min-parallel-macs=0" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
/// Under min-parallel-macs (default 2^20) a kernel stays on one thread.
// RUN: qmlir-opt %s --split-input-file --qmlir-cpu-kernels="target-cpu=znver3 remarks=true parallel=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SERIAL

/// A 5x6 by constant 6x20 product. With AVX-512 VNNI the weights packed into 2
/// blocks of 16 columns x 2 groups of 4 bytes (K padded to 8), start values
/// -128 * column sums (-128 * 6 * 2 = -1536), the activations flipped and
/// padded to 8 bytes, a 4-row x 2-block register tile over 5 rows (the last
/// rows clamped to row 4), the 5x20 result sliced out of 5x32. The weights
/// fit in 4 bits: each group's 64 bytes are stored in 32 and unpacked with
/// ((n & 15) ^ 8) - 8.
// VNNI-DAG: memref.global "private" constant @__qmlir_kernel_0_rhs : memref<2x2x32xi8>
// VNNI-DAG: memref.global "private" constant @__qmlir_kernel_0_start : memref<2x16xi32> = dense<{{\[\[}}-1536, {{.*}}, -1536], [-1536, -1536, -1536, -1536, 0, {{.*}}, 0]]>
// VNNI-DAG: func.func private @__qmlir_llvm_x86_avx512_vpdpbusd_512(vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32> attributes {qmlir.intrinsic = "llvm.x86.avx512.vpdpbusd.512"}
// VNNI-LABEL: func.func @matmul
// VNNI: arith.xori
// VNNI: } : tensor<5x6xi8> to tensor<5x8xi8>
// VNNI: memref.alloc() {alignment = 64 : i64} : memref<5x32xi32>
// VNNI: arith.minsi
// VNNI: scf.for {{.*}} iter_args
// VNNI: vector.load {{.*}} : memref<1x5x1x8xi8>, vector<4xi8>
// VNNI: vector.load {{.*}} : memref<2x2x32xi8>, vector<32xi8>
// VNNI: arith.shrui
// VNNI-COUNT-8: {{(func.)?}}call @__qmlir_llvm_x86_avx512_vpdpbusd_512
// VNNI: tensor.extract_slice {{.*}}[0, 0] [5, 20] [1, 1] : tensor<5x32xi32> to tensor<5x20xi32>
// VNNI-NOT: linalg.matmul
/// With AVX-VNNI, the same kernel on ymm: blocks of 8 columns, the 256-bit
/// vpdpbusd; M = 5 is below the 6-row tile, so one tile of 5 rows x all 3
/// blocks.
// AVXVNNI-DAG: memref.global "private" constant @__qmlir_kernel_0_rhs : memref<3x2x16xi8>
// AVXVNNI-DAG: func.func private @__qmlir_llvm_x86_avx512_vpdpbusd_256(vector<8xi32>, vector<32xi8>, vector<32xi8>) -> vector<8xi32>
// AVXVNNI-LABEL: func.func @matmul
// AVXVNNI: memref.alloc() {alignment = 64 : i64} : memref<5x24xi32>
// AVXVNNI-COUNT-15: {{(func.)?}}call @__qmlir_llvm_x86_avx512_vpdpbusd_256
/// On AVX2, weights of 2 cannot saturate vpmaddubsw: the unsigned-byte kernel,
/// vpmaddubsw then vpmaddwd with ones then an add.
// AVX2-DAG: func.func private @__qmlir_llvm_x86_avx2_pmadd_ub_sw(vector<32xi8>, vector<32xi8>) -> vector<16xi16>
// AVX2-LABEL: func.func @matmul
// AVX2: %[[ONES:.*]] = arith.constant dense<1> : vector<16xi16>
// AVX2: %[[P:.*]] = {{(func.)?}}call @__qmlir_llvm_x86_avx2_pmadd_ub_sw
// AVX2: %[[S:.*]] = {{(func.)?}}call @__qmlir_llvm_x86_avx2_pmadd_wd(%[[P]], %[[ONES]])
// AVX2: arith.addi %{{.*}}, %[[S]] : vector<8xi32>
// REMARK: remark: matmul M=5 K=6 N=20: avx2-u8s7 kernel, tile 4x16, parallel
// SERIAL: remark: matmul M=5 K=6 N=20: avx2-u8s7 kernel, tile 4x16{{$}}
// NONE-LABEL: func.func @matmul
// NONE: linalg.matmul
/// On AArch64 with the dot product, sdot on 4 lanes: 5 blocks of 4 columns,
/// groups of 4 signed bytes (no flip of the activations, no start values),
/// M = 5 below the 6-row tile so all 5 blocks in one tile of 25 sdot.
// NEON-DAG: func.func private @__qmlir_llvm_aarch64_neon_sdot_v4i32_v16i8(vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32> attributes {qmlir.intrinsic = "llvm.aarch64.neon.sdot.v4i32.v16i8"}
// NEON-DAG: memref.global "private" constant @__qmlir_kernel_0_rhs : memref<5x2x8xi8>
// NEON-LABEL: func.func @matmul
// NEON-NOT: _start
// NEON: memref.alloc() {alignment = 64 : i64} : memref<5x20xi32>
// NEON: vector.load {{.*}} : memref<1x5x1x8xi8>, vector<4xi8>
// NEON-COUNT-25: {{(func.)?}}call @__qmlir_llvm_aarch64_neon_sdot_v4i32_v16i8
// NEON-NOT: linalg.matmul
// NEONREMARK: remark: matmul M=5 K=6 N=20: neon-dot kernel, tile 5x20
/// With i8mm (Neoverse-V1), smmla on row pairs: K padded to 8 (one group of
/// 8 bytes per lane), 2 pairs x 4 blocks x 2 tiles of 2 x 2 = 16 smmla per
/// step; each pair's rows are two 8-byte loads side by side, each block's
/// 32 packed bytes two 16-byte halves (columns 0-1 and 2-3); after the
/// reduction each row is put together from its pair's tiles.
// I8MM-DAG: func.func private @__qmlir_llvm_aarch64_neon_smmla_v4i32_v16i8(vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32> attributes {qmlir.intrinsic = "llvm.aarch64.neon.smmla.v4i32.v16i8"}
// I8MM-DAG: memref.global "private" constant @__qmlir_kernel_0_rhs : memref<8x1x16xi8>
// I8MM-LABEL: func.func @matmul
// I8MM: vector.load {{.*}} : memref<1x5x1x8xi8>, vector<8xi8>
// I8MM: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] : vector<8xi8>, vector<8xi8>
// I8MM-COUNT-16: {{(func.)?}}call @__qmlir_llvm_aarch64_neon_smmla_v4i32_v16i8
// I8MM: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 4, 5] : vector<4xi32>, vector<4xi32>
// I8MM: vector.shuffle %{{.*}}, %{{.*}} [2, 3, 6, 7] : vector<4xi32>, vector<4xi32>
// I8MMREMARK: remark: matmul M=5 K=6 N=20: neon-i8mm kernel, tile 4x16
/// Cortex-A53 has no dot product: upstream vectorization for int8.
// A53-LABEL: func.func @matmul
// A53: linalg.matmul
func.func @matmul(%a: tensor<5x6xi8>) -> tensor<5x20xi32> {
  %w = arith.constant dense<2> : tensor<6x20xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<5x20xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<5x20xi32>) -> tensor<5x20xi32>
  %0 = linalg.matmul ins(%a, %w : tensor<5x6xi8>, tensor<6x20xi8>) outs(%init : tensor<5x20xi32>) -> tensor<5x20xi32>
  return %0 : tensor<5x20xi32>
}

// -----

/// 8-bit weights: pairs of 100 would saturate vpmaddubsw, so AVX2 takes the
/// exact 16-bit kernel: activations sign-extended (no flip), the weights
/// packed as i16 pairs, no start values, vpmaddwd then an add. With VNNI, 64
/// bytes per group, loaded whole; emulated VNNI builds the same kernel.
// VNNI-DAG: memref.global "private" constant @__qmlir_kernel_0_rhs : memref<1x1x64xi8>
// VNNI-LABEL: func.func @matmul_8bit_weights
// VNNI: vector.load {{.*}} : memref<1x1x64xi8>, vector<64xi8>
// VNNI-NOT: vector.shuffle
// VNNI: {{(func.)?}}call @__qmlir_llvm_x86_avx512_vpdpbusd_512
// EMUL-LABEL: func.func @matmul_8bit_weights
// EMUL: {{(func.)?}}call @__qmlir_llvm_x86_avx512_vpdpbusd_512
// AVX2-DAG: memref.global "private" constant @__qmlir_kernel_0_rhs : memref<2x2x16xi16> = dense<100>
// AVX2-LABEL: func.func @matmul_8bit_weights
// AVX2: arith.extsi %{{.*}} : i8 to i16
// AVX2-NOT: _start
// AVX2: vector.load {{.*}} : memref<1x4x1x4xi16>, vector<2xi16>
// AVX2: vector.bitcast {{.*}} : vector<8xi32> to vector<16xi16>
// AVX2: {{(func.)?}}call @__qmlir_llvm_x86_avx2_pmadd_wd
// REMARK: remark: matmul M=4 K=4 N=16: avx2-i16 kernel, tile 4x16, parallel
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
/// kernel over the 1x3x3x16 output pixels (9 rows), K = 9 kernel positions x
/// 1 group of 4 channels, the result reshaped to NHWC.
// VNNI-LABEL: func.func @conv
// VNNI: arith.xori
// VNNI: } : tensor<1x7x7x3xi8> to tensor<1x7x7x4xi8>
// VNNI: memref.alloc() {alignment = 64 : i64} : memref<9x16xi32>
// VNNI: arith.remui
// VNNI: scf.for {{.*}} iter_args
// VNNI: vector.load {{.*}} : memref<1x7x7x4xi8>, vector<4xi8>
// VNNI: tensor.expand_shape {{.*}} : tensor<9x16xi32> into tensor<1x3x3x16xi32>
// VNNI-NOT: linalg.conv_2d
// REMARK: remark: conv 3x3 M=9 K=27 N=16: avx2-u8s7 kernel, tile 4x16, parallel
func.func @conv(%x: tensor<1x7x7x3xi8>) -> tensor<1x3x3x16xi32> {
  %w = arith.constant dense<2> : tensor<3x3x3x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x3x3x16xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<1x3x3x16xi32>) -> tensor<1x3x3x16xi32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x7x7x3xi8>, tensor<3x3x3x16xi8>) outs(%init : tensor<1x3x3x16xi32>) -> tensor<1x3x3x16xi32>
  return %0 : tensor<1x3x3x16xi32>
}

// -----

/// A depthwise 3x3 convolution of 20 channels (padded to whole tiles): the
/// channels are the lanes; VNNI puts 4 taps in a lane (9 taps in 3 groups
/// interleaved by shuffles, one vpdpbusd per group and channel block), the
/// AVX2 16-bit kernel 2 taps (5 groups). The multiplier-2 op stays.
// VNNI-LABEL: func.func @depthwise
// VNNI: } : tensor<1x6x6x20xi8> to tensor<1x6x6x32xi8>
// VNNI: memref.alloc() {alignment = 64 : i64} : memref<16x32xi32>
// VNNI: vector.load {{.*}} : memref<1x6x6x32xi8>, vector<32xi8>
// VNNI: vector.shuffle
// VNNI-COUNT-6: {{(func.)?}}call @__qmlir_llvm_x86_avx512_vpdpbusd_512
// VNNI: tensor.expand_shape {{.*}} : tensor<16x20xi32> into tensor<1x4x4x20x1xi32>
// VNNI: linalg.depthwise_conv_2d_nhwc_hwcm {{.*}} tensor<3x3x20x2xi8>
// AVX2-LABEL: func.func @depthwise
// AVX2: arith.extsi %{{.*}} : i8 to i16
// AVX2: memref.alloc() {alignment = 64 : i64} : memref<16x24xi32>
// AVX2: vector.load {{.*}} : memref<1x6x6x24xi16>, vector<24xi16>
// AVX2: vector.shuffle {{.*}} : vector<24xi16>, vector<24xi16>
// AVX2-COUNT-15: {{(func.)?}}call @__qmlir_llvm_x86_avx2_pmadd_wd
// REMARK: remark: depthwise 3x3 M=16 K=9 N=20: avx2-i16 kernel, tile 4x24, parallel
/// sdot on AArch64: 4 channels x 4 taps per register, the taps interleaved
/// by byte shuffles (zip1), 3 tap groups for 9 taps; 20 channels padded to
/// 2 tiles of 4 blocks.
// NEON-LABEL: func.func @depthwise
// NEON: memref.get_global @__qmlir_kernel_0_rhs : memref<8x3x16xi8>
// NEON: vector.shuffle %{{.*}}, %{{.*}} [0, 16, 1, 17, 2, 18, 3, 19] : vector<16xi8>, vector<16xi8>
// NEON: {{(func.)?}}call @__qmlir_llvm_aarch64_neon_sdot_v4i32_v16i8
// NEONREMARK: remark: depthwise 3x3 M=16 K=9 N=20: neon-dot kernel, tile 4x16
/// Depthwise takes sdot on i8mm CPUs too.
// I8MMREMARK: remark: depthwise 3x3 M=16 K=9 N=20: neon-dot kernel, tile 4x16
func.func @depthwise(%x: tensor<1x6x6x20xi8>) -> (tensor<1x4x4x20x1xi32>, tensor<1x4x4x20x2xi32>) {
  %w = arith.constant dense<100> : tensor<3x3x20x1xi8>
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
// VNNI-LABEL: func.func @epilogue
// VNNI: memref.alloc() {alignment = 64 : i64} : memref<4x16xi8>
// VNNI: vector.load %{{.*}} : memref<16xi32>, vector<16xi32>
// VNNI: arith.addi %{{.*}} : vector<16xi32>
// VNNI: arith.trunci %{{.*}} : vector<16xi32> to vector<16xi8>
// VNNI: vector.store %{{.*}} : memref<4x16xi8>, vector<16xi8>
// VNNI-NOT: linalg.generic {{.*}}ins(%{{.*}} : tensor<4x16xi32>
// AVX2-LABEL: func.func @epilogue
// AVX2: arith.trunci %{{.*}} : vector<8xi32> to vector<8xi8>
// AVX2: vector.store %{{.*}} : memref<4x16xi8>, vector<8xi8>
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

/// A residual connection: the consumer also reads a tensor of the result's
/// shape (16 columns, a multiple of the lanes); the kernel reads it as a
/// [M, F] buffer next to each accumulator and stores the sum once.
// AVX2-LABEL: func.func @epilogue_residual
// AVX2: %[[R:.*]] = bufferization.to_buffer %arg1 read_only {qmlir.kernel = "{{.*}}"} : tensor<4x16xi32> to memref<4x16xi32>
// AVX2: vector.load %[[R]][%{{.*}}, %{{.*}}] : memref<4x16xi32>, vector<8xi32>
// AVX2: arith.addi %{{.*}} : vector<8xi32>
// AVX2: vector.store %{{.*}} : memref<4x16xi32>, vector<8xi32>
// AVX2-NOT: linalg.generic
func.func @epilogue_residual(%a: tensor<4x8xi8>, %r: tensor<4x16xi32>) -> tensor<4x16xi32> {
  %w = arith.constant dense<1> : tensor<8x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<4x16xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<4x16xi32>) -> tensor<4x16xi32>
  %0 = linalg.matmul ins(%a, %w : tensor<4x8xi8>, tensor<8x16xi8>) outs(%init : tensor<4x16xi32>) -> tensor<4x16xi32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%0, %r : tensor<4x16xi32>, tensor<4x16xi32>) outs(%e : tensor<4x16xi32>) {
  ^bb0(%acc: i32, %x: i32, %out: i32):
    %s = arith.addi %acc, %x : i32
    linalg.yield %s : i32
  } -> tensor<4x16xi32>
  return %1 : tensor<4x16xi32>
}

// -----

/// fp32: a convolution whose accumulator starts from a per-channel bias
/// (tosa.conv2d's form) and a ReLU after it. The bias becomes the start
/// values, the ReLU the epilogue; the weights are packed per block of 8
/// (ymm, AVX2) or 16 (zmm) f32 columns, one K per lane; the step is an FMA
/// of the broadcast input value.
// AVX2-DAG: memref.global "private" constant @__qmlir_kernel_0_rhs : memref<2x18x8xf32>
// AVX2-DAG: memref.global "private" constant @__qmlir_kernel_0_start : memref<2x8xf32> = dense<{{\[\[}}0.000000e+00, 1.000000e+00
// AVX2-LABEL: func.func @conv_f32
// AVX2: vector.broadcast {{.*}} : f32 to vector<8xf32>
// AVX2: vector.fma {{.*}} : vector<8xf32>
// AVX2: arith.maximumf {{.*}} : vector<8xf32>
// AVX2: vector.store {{.*}} : memref<16x16xf32>, vector<8xf32>
// AVX2-NOT: linalg.conv_2d
// VNNI-DAG: memref.global "private" constant @__qmlir_kernel_0_rhs : memref<1x18x16xf32>
// VNNI-LABEL: func.func @conv_f32
// VNNI: vector.fma {{.*}} : vector<16xf32>
// REMARK: remark: conv 3x3 M=16 K=18 N=16: fma kernel, tile 6x16, parallel
/// NEON fmla on AArch64 (Cortex-A53 too): blocks of 4 floats, 6 x 4 tile.
// NEON-LABEL: func.func @conv_f32
// NEON: memref.get_global @__qmlir_kernel_0_rhs : memref<4x18x4xf32>
// NEON: vector.fma %{{.*}} : vector<4xf32>
// NEONREMARK: remark: conv 3x3 M=16 K=18 N=16: neon-fma kernel, tile 6x16
// A53-LABEL: func.func @conv_f32
// A53-NOT: linalg.conv_2d
// A53: vector.fma %{{.*}} : vector<4xf32>
// NONE-LABEL: func.func @conv_f32
// NONE: linalg.conv_2d_nhwc_hwcf
func.func @conv_f32(%x: tensor<1x6x6x2xf32>) -> tensor<1x4x4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x2x16xf32>
  %bias = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0]> : tensor<16xf32>
  %e = tensor.empty() : tensor<1x4x4x16xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : tensor<16xf32>) outs(%e : tensor<1x4x4x16xf32>) {
  ^bb0(%b: f32, %out: f32):
    linalg.yield %b : f32
  } -> tensor<1x4x4x16xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x2xf32>, tensor<3x3x2x16xf32>) outs(%init : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%0 : tensor<1x4x4x16xf32>) outs(%e : tensor<1x4x4x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x4x4x16xf32>
  return %1 : tensor<1x4x4x16xf32>
}

// -----

/// fp32 batch matmul of batch 1 with run-time weights: B is read in place
/// ([K, N], N padded to whole blocks of 8), one vector per K and block.
// AVX2-LABEL: func.func @batch_matmul_f32
// AVX2: tensor.collapse_shape {{.*}} : tensor<1x12x20xf32> into tensor<12x20xf32>
// AVX2: } : tensor<12x20xf32> to tensor<12x24xf32>
// AVX2: vector.load {{.*}} : memref<12x24xf32>, vector<8xf32>
// AVX2: vector.fma
// AVX2: tensor.expand_shape {{.*}} : tensor<7x20xf32> into tensor<1x7x20xf32>
// REMARK: remark: batch matmul M=7 K=12 N=20: fma kernel, tile 6x16, parallel
func.func @batch_matmul_f32(%a: tensor<1x7x12xf32>, %b: tensor<1x12x20xf32>) -> tensor<1x7x20xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x20xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x20xf32>) -> tensor<1x7x20xf32>
  %0 = linalg.batch_matmul ins(%a, %b : tensor<1x7x12xf32>, tensor<1x12x20xf32>) outs(%init : tensor<1x7x20xf32>) -> tensor<1x7x20xf32>
  return %0 : tensor<1x7x20xf32>
}

// -----

/// Two kernels reading the same run-time matrix: each reads it through its
/// own buffer op, which CSE keeps apart, so bufferization sees the second
/// read where the second kernel runs.
// CSE-LABEL: func.func @shared_rhs_f32
// CSE: bufferization.to_buffer %{{.*}} read_only {qmlir.kernel = "[[K0:[^"]*]]"} : tensor<5x16xf32>
// CSE: bufferization.to_buffer %{{.*}} read_only {qmlir.kernel = "[[K1:[^"]*]]"} : tensor<5x16xf32>
// CSE-NOT: qmlir.kernel = "[[K0]]"
func.func @shared_rhs_f32(%a: tensor<3x5xf32>, %b: tensor<3x5xf32>, %w: tensor<5x15xf32>) -> (tensor<3x15xf32>, tensor<3x15xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<3x15xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<3x15xf32>) -> tensor<3x15xf32>
  %0 = linalg.matmul ins(%a, %w : tensor<3x5xf32>, tensor<5x15xf32>) outs(%init : tensor<3x15xf32>) -> tensor<3x15xf32>
  %1 = linalg.matmul ins(%b, %w : tensor<3x5xf32>, tensor<5x15xf32>) outs(%init : tensor<3x15xf32>) -> tensor<3x15xf32>
  return %0, %1 : tensor<3x15xf32>, tensor<3x15xf32>
}

// -----

/// Negative cases: int8 weights that are not constants, a batch of 2, and
/// an accumulator that does not start from constants are unchanged.
// AVX2-LABEL: func.func @negative_not_constant
// AVX2: linalg.matmul
// AVX2-LABEL: func.func @negative_batch
// AVX2: linalg.batch_matmul
// AVX2-LABEL: func.func @negative_init
// AVX2: linalg.matmul
func.func @negative_not_constant(%a: tensor<4x4xi8>, %w: tensor<4x16xi8>) -> tensor<4x16xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<4x16xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<4x16xi32>) -> tensor<4x16xi32>
  %0 = linalg.matmul ins(%a, %w : tensor<4x4xi8>, tensor<4x16xi8>) outs(%init : tensor<4x16xi32>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}
func.func @negative_batch(%a: tensor<2x4x4xf32>, %w: tensor<2x4x16xf32>) -> tensor<2x4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
  %0 = linalg.batch_matmul ins(%a, %w : tensor<2x4x4xf32>, tensor<2x4x16xf32>) outs(%init : tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
  return %0 : tensor<2x4x16xf32>
}
func.func @negative_init(%a: tensor<4x4xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<1.0> : tensor<4x16xf32>
  %0 = linalg.matmul ins(%a, %w : tensor<4x4xf32>, tensor<4x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}
