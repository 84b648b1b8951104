// RUN: qmlir-opt %s --split-input-file --qmlir-codegen-pipeline="target-cpu=znver3 min-parallel-macs=0" | FileCheck %s
/// With the default threshold a product this small stays on one thread.
// RUN: qmlir-opt %s --split-input-file --qmlir-codegen-pipeline="target-cpu=znver3" | FileCheck %s --check-prefix=SMALL
// SMALL-LABEL: llvm.func @fc
// SMALL-NOT: omp.parallel
// SMALL: llvm.intr.fmuladd{{.*}}vector<8xf32>
// RUN: qmlir-opt %s --split-input-file --qmlir-codegen-pipeline="target-cpu=skylake-avx512 parallel=false" | FileCheck %s --check-prefix=ZMM
// RUN: qmlir-opt %s --split-input-file --qmlir-codegen-pipeline="float-kernel=none parallel=false" | FileCheck %s --check-prefix=UPSTREAM
// RUN: qmlir-opt %s --split-input-file --qmlir-codegen-pipeline="vectorize=false float-kernel=none" | FileCheck %s --check-prefix=SCALAR
// RUN: qmlir-opt %s --split-input-file --qmlir-codegen-pipeline | qmlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR

/// A float TOSA model comes out as LLVM dialect only; the result is a
/// caller-allocated out-parameter (the function returns nothing). The
/// product runs on the target's fp32 kernel: FMAs on 8 lanes (AVX2, the
/// tiles in an OpenMP loop) or 16 (AVX-512); without it, upstream
/// vectorization of 8x32 tiles.
// CHECK-LABEL: llvm.func @fc
// CHECK: omp.parallel
// CHECK: llvm.intr.fmuladd{{.*}}vector<8xf32>
// CHECK-NOT: {{(tosa|linalg|vector|scf|memref|arith|func)\.}}
// ZMM-LABEL: llvm.func @fc
// ZMM-NOT: omp.parallel
// ZMM: llvm.intr.fmuladd{{.*}}vector<16xf32>
// UPSTREAM-LABEL: llvm.func @fc
// UPSTREAM: llvm.intr.fmuladd{{.*}}vector<32xf32>
// SCALAR-LABEL: llvm.func @fc
// SCALAR-NOT: vector<
// LLVMIR: define void @fc(
func.func @fc(%x: tensor<1x8x64xf32>, %w: tensor<1x64x32xf32>) -> tensor<1x8x32xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %x, %w, %zp, %zp : (tensor<1x8x64xf32>, tensor<1x64x32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x32xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x8x32xf32>) -> tensor<1x8x32xf32>
  return %1 : tensor<1x8x32xf32>
}

