// RUN: qmlir-run --help | FileCheck %s
// RUN: qmlir-run --help-hidden | FileCheck %s --check-prefix=HIDDEN

/// --help lists qmlir-run's own options, not the hundreds LLVM and MLIR
/// register (other targets' code generators); --help-hidden lists those too.
// CHECK: OVERVIEW: qmlir-run
// CHECK: Calibration:
// CHECK: --calibrate
// CHECK: qmlir-run options:
// CHECK: --input=
// CHECK: --num-threads=
// CHECK-NOT: amdgpu
// CHECK-NOT: polly

// HIDDEN: --amdgpu-
// HIDDEN: --num-threads=
