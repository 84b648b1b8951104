// RUN: qmlir-opt %s --qmlir-codegen-pipeline="target-cpu=icelake-server parallel=false" | FileCheck %s --check-prefix=VNNI
// RUN: qmlir-opt %s --qmlir-codegen-pipeline="target-cpu=znver3 parallel=false" | FileCheck %s --check-prefix=AVX2
// RUN: qmlir-opt %s --qmlir-codegen-pipeline="target-cpu=znver3 int8-kernel=avx512-vnni emulate=true parallel=false" | FileCheck %s --check-prefix=EMUL
// RUN: qmlir-opt %s --qmlir-codegen-pipeline="int8-kernel=none parallel=false" | FileCheck %s --check-prefix=NONE
// RUN: qmlir-opt %s --qmlir-codegen-pipeline="target-cpu=icelake-server min-parallel-macs=0" | FileCheck %s --check-prefix=PARALLEL

/// The codegen pipeline's int8 kernels by target: with AVX-512 VNNI the
/// product becomes vpdpbusd calls (and the module records the CPU features
/// the JIT checks), on AVX2 vpmaddubsw + vpmaddwd (weights of 3 cannot
/// saturate); emulated VNNI is generic code with no x86 intrinsic and no
/// feature requirement; without kernels, upstream vectorization widens to
/// i32 multiplies.
// VNNI: module attributes {{.*}}qmlir.required_cpu_features = ["avx512vnni", "avx512bw"]
// VNNI: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// AVX2: module attributes {{.*}}qmlir.required_cpu_features = ["avx2"]
// AVX2: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"
// AVX2: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
// EMUL-NOT: qmlir.required_cpu_features
// EMUL-NOT: llvm.call_intrinsic
// EMUL: llvm.shufflevector
// EMUL-NOT: llvm.call_intrinsic
// NONE-NOT: vpdpbusd
// NONE-NOT: qmlir.required_cpu_features
// NONE: llvm.mul {{.*}} : vector<{{[0-9]+}}xi32>
/// parallel (the default): the kernel's tiles are an OpenMP work-sharing
/// loop.
// PARALLEL: omp.parallel
// PARALLEL: omp.wsloop
// PARALLEL: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
func.func @main(%a: tensor<8x64xi8>) -> tensor<8x32xi32> {
  %w = arith.constant dense<3> : tensor<64x32xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<8x32xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<8x32xi32>) -> tensor<8x32xi32>
  %0 = linalg.matmul ins(%a, %w : tensor<8x64xi8>, tensor<64x32xi8>) outs(%init : tensor<8x32xi32>) -> tensor<8x32xi32>
  return %0 : tensor<8x32xi32>
}
