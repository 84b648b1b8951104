// RUN: qmlir-opt %s --split-input-file --qmlir-codegen-pipeline | FileCheck %s

/// Math with an LLVM intrinsic stays vector code: rounding (the
/// float-to-integer cast of a quantization) is LLVM's roundeven on vectors,
/// not a libm call per element.
// CHECK-LABEL: llvm.func @cast
// CHECK: llvm.intr.roundeven(%{{.*}}) : (vector<{{[0-9]+}}xf32>)
// CHECK-NOT: llvm.call @roundevenf
// CHECK: llvm.return
func.func @cast(%x: tensor<64xf32>) -> tensor<64xi8> {
  %0 = tosa.cast %x : (tensor<64xf32>) -> tensor<64xi8>
  return %0 : tensor<64xi8>
}

// -----

/// Negative case: math without an intrinsic (erf) is a libm call.
// CHECK-LABEL: llvm.func @erf
// CHECK: llvm.call @erff
// CHECK-NOT: llvm.intr.erf
func.func @erf(%x: tensor<16xf32>) -> tensor<16xf32> {
  %0 = tosa.erf %x : (tensor<16xf32>) -> tensor<16xf32>
  return %0 : tensor<16xf32>
}
