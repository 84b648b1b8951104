// RUN: qmlir-translate --help | FileCheck %s
// RUN: qmlir-translate --help-hidden | FileCheck %s --check-prefix=HIDDEN

/// --help lists the translations, the driver's options, the ahead-of-time
/// and ONNX import options, not the hundreds LLVM registers (other targets'
/// code generators); --help-hidden lists those too.
// CHECK: OVERVIEW: qmlir translation driver
// CHECK: Ahead-of-time options
// CHECK: --target-cpu=
// CHECK: --input-shape=
// CHECK: -o <filename>
// CHECK: --import-onnx
// CHECK: --qmlir-to-object
// CHECK-NOT: amdgpu
// CHECK-NOT: polly

// HIDDEN: --amdgpu-
// HIDDEN: --qmlir-to-object
