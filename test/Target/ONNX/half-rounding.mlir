// REQUIRES: onnx-importer, onnx-python
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python %S/make-models.py half_rounding %t/half.onnx
// RUN: %python %S/make-models.py half_rounding_data %t

/// An fp16 model computed in f32 is rounded to f16 where ONNX Runtime keeps
/// values in f16 on x86: at the inputs of the nodes with f16 kernels that
/// it does not move to f32 (a Concat whose first input is a Cast to f16, a
/// Transpose of the Cast input), and at the result of a LayerNormalization.
/// Compared with numpy computing the same roundings (and ONNX Runtime 1.31
/// agrees with numpy to 2.4e-7; without the roundings, the outputs differ
/// from it by up to 2e-3).
// RUN: qmlir-run half.onnx --input x.npy --output-dir out 2>&1 | FileCheck %s --allow-empty --check-prefix=TOOL
// TOOL-NOT: error
// RUN: %python -c "import numpy as n; [print(k, abs(n.load('out/%%s.npy' %% k) - n.load('%%s.npy' %% k)).max()) or n.testing.assert_allclose(n.load('out/%%s.npy' %% k), n.load('%%s.npy' %% k), rtol=1e-5, atol=1e-5) for k in ('y', 'y2', 'y3', 'y4')]"

// RUN: qmlir-translate --import-onnx half.onnx | qmlir-opt --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa),canonicalize,cse)" | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x6x6xf32>
/// The Concat's inputs: the Resize result and the Relu result.
// CHECK: %[[U:.*]] = tosa.cast %{{.*}} : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf16>
// CHECK: %[[U32:.*]] = tosa.cast %[[U]] : (tensor<1x4x6x6xf16>) -> tensor<1x4x6x6xf32>
// CHECK: %[[R:.*]] = tosa.cast %{{.*}} : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf16>
// CHECK: %[[R32:.*]] = tosa.cast %[[R]] : (tensor<1x4x6x6xf16>) -> tensor<1x4x6x6xf32>
// CHECK: tosa.concat %[[U32]], %[[R32]] {axis = 1 : i32}
/// The swapped Concat runs in f32: no rounding.
// CHECK-NOT: tosa.cast
// CHECK: tosa.concat
/// The Transpose's and the LayerNormalization's input.
// CHECK: %[[XH:.*]] = tosa.cast %[[X]] : (tensor<1x3x6x6xf32>) -> tensor<1x3x6x6xf16>
// CHECK: %[[X32:.*]] = tosa.cast %[[XH]] : (tensor<1x3x6x6xf16>) -> tensor<1x3x6x6xf32>
// CHECK: tosa.transpose %[[X32]]
/// The LayerNormalization's result.
// CHECK: %[[LN:.*]] = tosa.cast %{{.*}} : (tensor<1x3x6x6xf32>) -> tensor<1x3x6x6xf16>
// CHECK: %[[LN32:.*]] = tosa.cast %[[LN]] : (tensor<1x3x6x6xf16>) -> tensor<1x3x6x6xf32>
// CHECK: return %{{.*}}, %{{.*}}, %[[LN32]], %{{.*}} :
