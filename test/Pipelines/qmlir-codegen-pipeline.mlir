// RUN: qmlir-opt %s --split-input-file --qmlir-codegen-pipeline | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --qmlir-codegen-pipeline="vectorize=false" | FileCheck %s --check-prefix=SCALAR
// RUN: qmlir-opt %s --split-input-file --qmlir-codegen-pipeline | qmlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR

/// A float TOSA model comes out as LLVM dialect only; the result is a
/// caller-allocated out-parameter (the function returns nothing) and the
/// contraction is vectorized into fused multiply-adds.
// CHECK-LABEL: llvm.func @fc
// CHECK: llvm.intr.fmuladd{{.*}}vector<32xf32>
// CHECK-NOT: {{(tosa|linalg|vector|scf|memref|arith|func)\.}}
// SCALAR-LABEL: llvm.func @fc
// SCALAR-NOT: vector<
// LLVMIR: define void @fc(
func.func @fc(%x: tensor<1x8x64xf32>, %w: tensor<1x64x32xf32>) -> tensor<1x8x32xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %x, %w, %zp, %zp : (tensor<1x8x64xf32>, tensor<1x64x32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x32xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x8x32xf32>) -> tensor<1x8x32xf32>
  return %1 : tensor<1x8x32xf32>
}
