// REQUIRES: qmlir-jit, numpy, aarch64-cross
// RUN: rm -rf %t && %python %S/int8_exact.py %t --aarch64-cpu cortex-a76 --cc %aarch64-cc --qemu "%qemu-aarch64" --expect-kernel neon-dot | FileCheck %s
// RUN: rm -rf %t && %python %S/int8_exact.py %t --aarch64-cpu neoverse-v1 --qemu-cpu max --cc %aarch64-cc --qemu "%qemu-aarch64" --expect-kernel neon-i8mm --expect-kernel neon-dot | FileCheck %s
// RUN: rm -rf %t && %python %S/int8_exact.py %t --aarch64-cpu cortex-a53 --cc %aarch64-cc --qemu "%qemu-aarch64" | FileCheck %s

/// The cases of int8-exact.mlir (every integer qnt op on random shapes and
/// parameters, 8- and 16-bit) compiled on this x86 machine to AArch64
/// objects, linked by the cross compiler with a C program written per case,
/// run under qemu-aarch64, and compared bit for bit with the reference
/// interpreter run here: for Cortex-A76 (the dot product: sdot kernels for
/// matmul, GEMV, conv, depthwise with their requantization epilogues), for
/// Neoverse-V1 on qemu's "max" CPU (i8mm: smmla kernels on row pairs, sdot
/// for M = 1 and depthwise) and for Cortex-A53 (no dot product: upstream
/// NEON vectorization). Pools,
/// element-wise ops, concatenation and requantization are upstream
/// vectorization on both; a 3-channel int8 row stores through the work-
/// around of LLVM 22's v3i8 truncating store (lib/Execution/Optimize.cpp).
// CHECK-NOT: DIFFERS
// CHECK-NOT: failed
// CHECK-NOT: never used
// CHECK: 102 cases, 0 failing
