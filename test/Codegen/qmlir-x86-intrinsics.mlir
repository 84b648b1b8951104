// RUN: qmlir-opt %s --split-input-file --qmlir-x86-intrinsics | FileCheck %s

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
