// RUN: qmlir-opt %s --qmlir-codegen-pipeline="int8-kernel=vnni" | FileCheck %s --check-prefix=VNNI
// RUN: qmlir-opt %s --qmlir-codegen-pipeline="int8-kernel=none" | FileCheck %s --check-prefix=NONE
// RUN: qmlir-opt %s --qmlir-codegen-pipeline="int8-kernel=vnni parallel=true" | FileCheck %s --check-prefix=PARALLEL

/// The codegen pipeline's int8 kernels: with VNNI the product becomes
/// vpdpbusd calls (and the module records the CPU features the JIT checks);
/// without, upstream vectorization widens to i32 multiplies.
// VNNI: module attributes {{.*}}qmlir.required_cpu_features = ["avx512vnni", "avx512bw"]
// VNNI: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// NONE-NOT: vpdpbusd
// NONE-NOT: qmlir.required_cpu_features
// NONE: llvm.mul {{.*}} : vector<{{[0-9]+}}xi32>
/// parallel=true: the kernel's row blocks are an OpenMP work-sharing loop.
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
