// REQUIRES: qmlir-jit, numpy, onnx-importer
// RUN: rm -rf %t && %python %S/fake_quant_accuracy.py %S/../../examples/shapes %t | FileCheck %s

/// The shipped example quantized with every range method, u8 and s8
/// activations, per-channel and per-tensor weights, executed with the
/// quantization simulated exactly: top-1 within 0.5 points of fp32 and >= 99%
/// agreement (the script fails otherwise). The table goes to the test log.

// CHECK: fp32 top-1:
// CHECK-COUNT-20: {{^(minmax|avg-minmax|percentile|entropy|mse) }}
// CHECK-NOT: outside the bounds
