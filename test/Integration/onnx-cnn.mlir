// REQUIRES: onnx-importer, onnx-python
// RUN: rm -rf %t && %python %S/onnx_cnn.py make %t
// RUN: qmlir-translate --import-onnx %t/cnn.onnx -o %t/cnn.mlir
// RUN: qmlir-run %t/cnn.mlir --input x=%t/x.npy --output-dir %t/out
// RUN: %python %S/onnx_cnn.py check %t

/// An ONNX CNN imported, converted to TOSA (NCHW to NHWC), compiled and run,
/// against a numpy reference. The model is built by onnx_cnn.py; this file
/// only drives the test.
