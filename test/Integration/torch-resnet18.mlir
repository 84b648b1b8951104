// REQUIRES: torch, onnx-importer
// RUN: rm -rf %t && %python %S/torch_models.py make resnet18 %t
// RUN: qmlir-translate --import-onnx %t/resnet18.onnx -o %t/resnet18.mlir
// RUN: qmlir-run %t/resnet18.mlir --input input=%t/x.npy --output-dir %t/out
// RUN: %python %S/torch_models.py check resnet18 %t

/// torchvision's resnet18 with random weights: exported to ONNX by PyTorch,
/// imported, converted, compiled and run by qmlir, compared with PyTorch.
