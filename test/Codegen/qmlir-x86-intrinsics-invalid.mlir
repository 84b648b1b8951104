// RUN: qmlir-opt %s --verify-diagnostics --qmlir-x86-intrinsics

func.func private @__qmlir_llvm_x86_avx512_vpdpbusd_512(vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32> attributes {qmlir.intrinsic = "llvm.x86.avx512.vpdpbusd.512"}
func.func @address() {
  // expected-error@+1 {{qmlir-x86-intrinsics: '__qmlir_llvm_x86_avx512_vpdpbusd_512' may only be called}}
  %f = func.constant @__qmlir_llvm_x86_avx512_vpdpbusd_512 : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
  return
}
