// RUN: qmlir-quantize --help | FileCheck %s
// RUN: qmlir-quantize --help-hidden | FileCheck %s --check-prefix=HIDDEN

/// --help lists qmlir-quantize's own options, not the hundreds LLVM and
/// MLIR register (other targets' code generators); --help-hidden lists those
/// too.
// CHECK: OVERVIEW: qmlir-quantize
// CHECK: qmlir-quantize options:
// CHECK: --calibration-data=
// CHECK: --scheme=
// CHECK-NOT: amdgpu
// CHECK-NOT: polly

// HIDDEN: --amdgpu-
// HIDDEN: --scheme=
