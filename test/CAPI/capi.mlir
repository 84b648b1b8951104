// RUN: rm -rf %t && mkdir -p %t && %python %S/../Dialect/QNT/Transforms/make-stats.py %t/stats.json x:-1:3:10 y:-2:6:10
// RUN: qmlir-capi-test %t/stats.json | FileCheck %s

/// A C program (test/CAPI/qmlir-capi-test.c) registers qmlir's dialects and
/// passes on an MlirContext, quantizes a float model statically (s8
/// activations from the statistics file) and weight-only, lowers both to
/// int8 linalg, and gets the diagnostics of an unknown option value and of
/// a malformed pipeline through its handler.
// CHECK: static: ok
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} tensor<1x4x4x2xi8>
// CHECK: weight-only: ok
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins({{.*}} : tensor<1x4x4x2xf32>, tensor<1x1x2x2xi8>)
// CHECK: diagnostic: qmlirQuantizeOptions.method: unknown value 'kl'
// CHECK: unknown method: failed as expected
// CHECK: diagnostic: invalid pipeline: {{.*}}no-such-pass
// CHECK: bad pipeline: failed as expected
