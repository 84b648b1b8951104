// REQUIRES: qmlir-jit, numpy
// RUN: rm -rf %t && %python %S/int8_exact.py %t | FileCheck %s
// RUN: rm -rf %t && %python %S/int8_exact.py %t --pipeline-options "int8-kernel=avx2" --expect-kernel avx2-u8s7 --expect-kernel avx2-i16 | FileCheck %s --check-prefixes=CHECK,AVX2
// RUN: rm -rf %t && %python %S/int8_exact.py %t --pipeline-options "int8-kernel=avx2-i16 parallel=false" --expect-kernel avx2-i16 | FileCheck %s
// RUN: rm -rf %t && %python %S/int8_exact.py %t --pipeline-options "int8-kernel=avx512-vnni emulate=true" --expect-kernel avx512-vnni | FileCheck %s
// RUN: rm -rf %t && %python %S/int8_exact.py %t --pipeline-options "int8-kernel=avx-vnni emulate=true" --expect-kernel avx-vnni | FileCheck %s
// RUN: rm -rf %t && %python %S/int8_exact.py %t --pipeline-options "int8-kernel=neon-dot emulate=true" --expect-kernel neon-dot | FileCheck %s
// RUN: rm -rf %t && %python %S/int8_exact.py %t --pipeline-options "int8-kernel=neon-i8mm emulate=true" --expect-kernel neon-i8mm --expect-kernel neon-dot | FileCheck %s
// RUN: rm -rf %t && %python %S/int8_exact.py %t --pipeline-options int8-kernel=none | FileCheck %s

/// Every integer qnt op on random shapes and parameters: compiled int8 code
/// (convert-qnt-to-linalg + the codegen pipeline) equals the reference
/// interpreter bit for bit, for every int8 kernel kind: the host's best
/// (auto); the AVX2 kernels natively (a third of the products have 7-bit
/// weights, which take the vpmaddubsw kernel; the others the exact 16-bit
/// vpmaddwd one), also on one thread; the AVX-512 VNNI and AVX-VNNI kernels
/// with their instructions emulated by generic code of the same meaning (so
/// that they run on any x86-64 host); the AArch64 sdot and smmla kernels
/// the same way (int8-exact-aarch64.mlir runs them under qemu); and upstream
/// vectorization (none).
/// Three 3x3 depthwise cases of 40 channels with 7-bit weights take the
/// byte kernels' 32-channel tiles (taps interleaved by in-lane unpacks).
/// Every op also runs with 16-bit activations (the s16 scheme's: i16 or u16
/// storage), including qnt.mul's 128-bit requantization.
// CHECK-NOT: DIFFERS
// CHECK-NOT: failed
// CHECK-NOT: never used
// AVX2: kernel avx2-u8s7: {{[1-9][0-9]*}} cases
// AVX2: kernel avx2-i16: {{[1-9][0-9]*}} cases
// CHECK: 102 cases, 0 failing
