// RUN: qmlir-opt %s --split-input-file --qmlir-x86-intrinsics | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --qmlir-x86-intrinsics=emulate=true | FileCheck %s --check-prefix=EMUL

/// Calls of a marked declaration become llvm.call_intrinsic; the
/// declaration goes.
// CHECK-NOT: func.func private @__qmlir_llvm_x86_avx512_vpdpbusd_512
// CHECK-LABEL: func.func @dot
// CHECK: %[[R:.*]] = llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%arg0, %arg1, %arg2) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// CHECK: return %[[R]]
func.func private @__qmlir_llvm_x86_avx512_vpdpbusd_512(vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32> attributes {qmlir.intrinsic = "llvm.x86.avx512.vpdpbusd.512"}
func.func @dot(%acc: vector<16xi32>, %a: vector<64xi8>, %b: vector<64xi8>) -> vector<16xi32> {
  %0 = func.call @__qmlir_llvm_x86_avx512_vpdpbusd_512(%acc, %a, %b) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
  return %0 : vector<16xi32>
}

// -----

/// Negative case: unmarked declarations and their calls stay.
// CHECK-LABEL: func.func private @helper
// CHECK: call @helper
func.func private @helper(i32) -> i32
func.func @plain(%x: i32) -> i32 {
  %0 = func.call @helper(%x) : (i32) -> i32
  return %0 : i32
}

// -----

/// emulate=true: each intrinsic becomes generic code of its meaning.
/// vpdpbusd: u8 x s8 products widened to i32, summed in groups of 4 (four
/// strided shuffles), added to the accumulator.
// EMUL-LABEL: func.func @dot_emulated
// EMUL-NOT: llvm.call_intrinsic
// EMUL: arith.extui %{{.*}} : vector<32xi8> to vector<32xi32>
// EMUL: arith.extsi %{{.*}} : vector<32xi8> to vector<32xi32>
// EMUL: arith.muli
// EMUL: vector.shuffle %{{.*}} [0, 4, 8, 12, 16, 20, 24, 28]
// EMUL: vector.shuffle %{{.*}} [3, 7, 11, 15, 19, 23, 27, 31]
// EMUL: arith.addi %arg0, %{{.*}} : vector<8xi32>
/// vpmaddubsw: pairs summed, then saturated to 16 bits.
// EMUL: arith.maxsi %{{.*}}, %{{.*}} : vector<16xi32>
// EMUL: arith.minsi %{{.*}}, %{{.*}} : vector<16xi32>
// EMUL: arith.trunci %{{.*}} : vector<16xi32> to vector<16xi16>
/// vpmaddwd: s16 x s16 pairs summed (wrapping, as the instruction).
// EMUL: arith.extsi %{{.*}} : vector<16xi16> to vector<16xi32>
// EMUL: vector.shuffle %{{.*}} [1, 3, 5, 7, 9, 11, 13, 15]
// EMUL-NOT: llvm.call_intrinsic
// CHECK-LABEL: func.func @dot_emulated
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
func.func private @__qmlir_llvm_x86_avx512_vpdpbusd_256(vector<8xi32>, vector<32xi8>, vector<32xi8>) -> vector<8xi32> attributes {qmlir.intrinsic = "llvm.x86.avx512.vpdpbusd.256"}
func.func private @__qmlir_llvm_x86_avx2_pmadd_ub_sw(vector<32xi8>, vector<32xi8>) -> vector<16xi16> attributes {qmlir.intrinsic = "llvm.x86.avx2.pmadd.ub.sw"}
func.func private @__qmlir_llvm_x86_avx2_pmadd_wd(vector<16xi16>, vector<16xi16>) -> vector<8xi32> attributes {qmlir.intrinsic = "llvm.x86.avx2.pmadd.wd"}
func.func @dot_emulated(%acc: vector<8xi32>, %a: vector<32xi8>, %b: vector<32xi8>) -> (vector<8xi32>, vector<8xi32>) {
  %0 = func.call @__qmlir_llvm_x86_avx512_vpdpbusd_256(%acc, %a, %b) : (vector<8xi32>, vector<32xi8>, vector<32xi8>) -> vector<8xi32>
  %1 = func.call @__qmlir_llvm_x86_avx2_pmadd_ub_sw(%a, %b) : (vector<32xi8>, vector<32xi8>) -> vector<16xi16>
  %2 = func.call @__qmlir_llvm_x86_avx2_pmadd_wd(%1, %1) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
  return %0, %2 : vector<8xi32>, vector<8xi32>
}

// -----

/// The AArch64 dot product: the call becomes the overloaded intrinsic by its
/// full name; emulated, s8 x s8 products (both sign-extended) summed in
/// groups of 4 and added to the accumulator.
// CHECK-LABEL: func.func @sdot
// CHECK: llvm.call_intrinsic "llvm.aarch64.neon.sdot.v4i32.v16i8"(%arg0, %arg1, %arg2) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// EMUL-LABEL: func.func @sdot
// EMUL-NOT: llvm.call_intrinsic
// EMUL-NOT: arith.extui
// EMUL: arith.extsi %arg1 : vector<16xi8> to vector<16xi32>
// EMUL: arith.extsi %arg2 : vector<16xi8> to vector<16xi32>
// EMUL: vector.shuffle %{{.*}} [0, 4, 8, 12]
// EMUL: vector.shuffle %{{.*}} [3, 7, 11, 15]
// EMUL: arith.addi %arg0, %{{.*}} : vector<4xi32>
func.func private @__qmlir_llvm_aarch64_neon_sdot_v4i32_v16i8(vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32> attributes {qmlir.intrinsic = "llvm.aarch64.neon.sdot.v4i32.v16i8"}
func.func @sdot(%acc: vector<4xi32>, %a: vector<16xi8>, %b: vector<16xi8>) -> vector<4xi32> {
  %0 = func.call @__qmlir_llvm_aarch64_neon_sdot_v4i32_v16i8(%acc, %a, %b) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
  return %0 : vector<4xi32>
}

// -----

/// AArch64 smmla: the 2 x 8 rows of the lhs by the 2 x 8 columns of the
/// rhs into a 2 x 2 tile; emulated, the rows and columns are laid out per
/// output lane (lane 2i + j: row i, column j), multiplied, summed in
/// eights.
// CHECK-LABEL: func.func @smmla
// CHECK: llvm.call_intrinsic "llvm.aarch64.neon.smmla.v4i32.v16i8"(%arg0, %arg1, %arg2) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// EMUL-LABEL: func.func @smmla
// EMUL-NOT: llvm.call_intrinsic
// EMUL: vector.shuffle %arg1, %arg1 [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]
// EMUL: vector.shuffle %arg2, %arg2 [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
// EMUL: arith.extsi %{{.*}} : vector<32xi8> to vector<32xi32>
// EMUL: vector.shuffle %{{.*}} [0, 8, 16, 24]
// EMUL: vector.shuffle %{{.*}} [7, 15, 23, 31]
// EMUL: arith.addi %arg0, %{{.*}} : vector<4xi32>
func.func private @__qmlir_llvm_aarch64_neon_smmla_v4i32_v16i8(vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32> attributes {qmlir.intrinsic = "llvm.aarch64.neon.smmla.v4i32.v16i8"}
func.func @smmla(%acc: vector<4xi32>, %a: vector<16xi8>, %b: vector<16xi8>) -> vector<4xi32> {
  %0 = func.call @__qmlir_llvm_aarch64_neon_smmla_v4i32_v16i8(%acc, %a, %b) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
  return %0 : vector<4xi32>
}
