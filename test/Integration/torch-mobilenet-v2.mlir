// REQUIRES: torch, onnx-importer
// RUN: rm -rf %t && %python %S/torch_models.py make mobilenet_v2 %t
// RUN: qmlir-translate --import-onnx %t/mobilenet_v2.onnx -o %t/mobilenet_v2.mlir
// RUN: qmlir-run %t/mobilenet_v2.mlir --input input=%t/x.npy --output-dir %t/out
// RUN: %python %S/torch_models.py check mobilenet_v2 %t

/// torchvision's mobilenet_v2 with random weights: exported to ONNX by PyTorch,
/// imported, converted, compiled and run by qmlir, compared with PyTorch.
