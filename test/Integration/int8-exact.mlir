// REQUIRES: qmlir-jit, numpy
// RUN: rm -rf %t && %python %S/int8_exact.py %t | FileCheck %s
// RUN: rm -rf %t && %python %S/int8_exact.py %t --pipeline-options int8-kernel=none | FileCheck %s
// RUN: rm -rf %t && %python %S/int8_exact.py %t --pipeline-options parallel=true | FileCheck %s

/// Every integer qnt op on random shapes and parameters: compiled int8 code
/// (convert-qnt-to-linalg + the codegen pipeline: the VNNI kernels where the
/// host has AVX-512 VNNI, multi-threaded with parallel=true, and upstream
/// vectorization with int8-kernel=none) equals the reference interpreter bit
/// for bit.
// CHECK-NOT: DIFFERS
// CHECK-NOT: failed
// CHECK: 61 cases, 0 failing
