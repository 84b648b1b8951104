// REQUIRES: onnx-importer, onnx-python
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python %S/make-models.py half_precision %t/half.onnx
// RUN: %python %S/make-models.py half_precision_data %t

/// An fp16 model (f16 weights and compute between a Cast to f16 and a Cast
/// back) runs in f32: its weights widen exactly, its tensors are f32, its
/// Casts to f16 are identities, as ONNX Runtime runs such models on x86.
/// Compared with numpy in f32 from the f16 weights.
// RUN: qmlir-run half.onnx --input x.npy --output-dir out 2>&1 | FileCheck %s --allow-empty --check-prefix=TOOL
// TOOL-NOT: error
// RUN: %python -c "import numpy as n; got, want = n.load('out/y.npy'), n.load('expected.npy'); assert got.shape == want.shape and n.allclose(got, want, rtol=1e-5, atol=1e-6), abs(got - want).max()"

// RUN: qmlir-translate --import-onnx half.onnx | qmlir-opt --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa),canonicalize)" | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%{{.*}}: tensor<1x3x6x6xf32>
// CHECK-NOT: f16
// CHECK: tosa.conv2d {{.*}} -> tensor<1x6x6x4xf32>
// CHECK-NOT: f16
// CHECK: tosa.sigmoid
// CHECK-NOT: f16
// CHECK: return {{.*}} : tensor<1x2x6x6xf32>
