// REQUIRES: torch, onnx-importer
// RUN: rm -rf %t && %python %S/torch_qdq.py make %t
// RUN: qmlir-quantize %t/qdq.onnx -o %t/int8.mlir 2>&1 | FileCheck %s --check-prefix=QUANTIZE
// RUN: qmlir-run %t/int8.mlir --input %t/x.npy --output-dir %t/out
// RUN: %python %S/torch_qdq.py check %t | FileCheck %s

/// A model PyTorch quantized (fbgemm) and exported as QDQ ONNX: quantized as
/// given, without calibration data and with every op integer, its outputs
/// are PyTorch's int8 model's up to one quantization step, with the same
/// top-1 on every sample.

// QUANTIZE-NOT: stays float
// QUANTIZE: (the QDQ model's own parameters)

// CHECK: 160 outputs: at most {{[01]}} step(s) apart; top-1 agreement 16/16
