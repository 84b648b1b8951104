// REQUIRES: torch, onnx-importer
// RUN: rm -rf %t && %python %S/torch_models.py make mobilenet_v2 %t
// RUN: qmlir-translate --import-onnx %t/mobilenet_v2.onnx -o %t/mobilenet_v2.mlir
// RUN: qmlir-opt %t/mobilenet_v2.mlir --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa),canonicalize,func.func(tosa-reduce-transposes),func.func(tosa-layerwise-constant-fold),canonicalize)" | FileCheck %s --check-prefix=LAYOUT
// RUN: qmlir-run %t/mobilenet_v2.mlir --input input=%t/x.npy --output-dir %t/out
// RUN: %python %S/torch_models.py check mobilenet_v2 %t

/// torchvision's mobilenet_v2 with random weights: exported to ONNX by PyTorch,
/// imported, converted, compiled and run by qmlir, compared with PyTorch.

/// Layout: the NCHW/NHWC transposes around every convolution and pool cancel
/// or fold into the weights; one transpose of the input remains (the output
/// is a vector, so it needs none).
// LAYOUT: tosa.transpose %arg0 {perms = array<i32: 0, 2, 3, 1>}
// LAYOUT-NOT: tosa.transpose
