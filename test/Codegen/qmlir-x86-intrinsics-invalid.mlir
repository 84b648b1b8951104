// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --qmlir-x86-intrinsics=emulate=true

func.func private @__qmlir_llvm_x86_avx512_vpdpbusd_512(vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32> attributes {qmlir.intrinsic = "llvm.x86.avx512.vpdpbusd.512"}
func.func @address() {
  // expected-error@+1 {{qmlir-x86-intrinsics: '__qmlir_llvm_x86_avx512_vpdpbusd_512' may only be called}}
  %f = func.constant @__qmlir_llvm_x86_avx512_vpdpbusd_512 : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
  return
}

// -----

func.func private @__qmlir_llvm_x86_avx512_vpermb_512(vector<64xi8>, vector<64xi8>) -> vector<64xi8> attributes {qmlir.intrinsic = "llvm.x86.avx512.permvar.qi.512"}
func.func @no_emulation(%a: vector<64xi8>) -> vector<64xi8> {
  // expected-error@+1 {{qmlir-x86-intrinsics: no emulation of 'llvm.x86.avx512.permvar.qi.512'}}
  %0 = func.call @__qmlir_llvm_x86_avx512_vpermb_512(%a, %a) : (vector<64xi8>, vector<64xi8>) -> vector<64xi8>
  return %0 : vector<64xi8>
}
