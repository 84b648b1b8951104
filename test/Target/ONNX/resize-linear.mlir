// REQUIRES: onnx-importer, onnx-python
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python %S/make-models.py resize_linear %t/resize.onnx
// RUN: %python %S/make-models.py resize_linear_data %t
// RUN: qmlir-run resize.onnx --input x.npy --output-dir out
// RUN: %python %S/../../Integration/compare_exact.py out/y1.npy expected-y1.npy
// RUN: %python %S/../../Integration/compare_exact.py out/y2.npy expected-y2.npy
// RUN: %python %S/../../Integration/compare_exact.py out/y3.npy expected-y3.npy
// RUN: %python %S/../../Integration/compare_exact.py out/y4.npy expected-y4.npy
// RUN: %python %S/../../Integration/compare_exact.py out/y5.npy expected-y5.npy
// RUN: %python %S/../../Integration/compare_exact.py out/y6.npy expected-y6.npy
// RUN: qmlir-translate --import-onnx resize.onnx | qmlir-opt --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa))" | FileCheck %s

/// Linear Resize of the spatial axes computes each output as a sum of four
/// products with f32 weights, in the order ONNX Runtime's CPU kernel uses
/// (ONNX leaves it open), so that the two agree bit for bit: models that
/// quantize activations at run time after a resize (DynamicQuantizeLinear)
/// round the same way. Compared bit for bit with numpy in f32 (the order is
/// written out in make-models.py).

// CHECK-LABEL: func.func @main
// The first output: rows y1, columns x1, the weight product, the term.
// CHECK: tosa.gather
// CHECK: tosa.gather
// CHECK: tosa.mul {{.*}} -> tensor<1x1x11x16xf32>
// CHECK: tosa.mul {{.*}} -> tensor<1x2x11x16xf32>
// Three more terms, added in order.
// CHECK-COUNT-3: tosa.add {{.*}} -> tensor<1x2x11x16xf32>
// CHECK-NOT: -> tensor<1x2x11x16xf32>
// CHECK: return
