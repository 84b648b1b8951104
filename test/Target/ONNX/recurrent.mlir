// REQUIRES: onnx-importer, onnx-python
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python %S/make-models.py gru_torch_style %t/gru.onnx
// RUN: %python %S/make-models.py gru_torch_style_data %t

/// A bidirectional GRU as PyTorch exports it (linear_before_reset = 1: the
/// reset gate multiplies the recurrent product with its bias), unrolled
/// and compared with numpy's evaluation of ONNX's equations. ONNX's own
/// node tests cover LSTM (peepholes, batchwise layout), GRU and RNN with
/// linear_before_reset = 0 (the conformance run).
// RUN: qmlir-run gru.onnx --input x=x.npy --input h0=h0.npy --output-dir out 2>&1 | FileCheck %s --allow-empty --check-prefix=TOOL
// TOOL-NOT: error
// RUN: %python -c "import numpy as n; bad = [k for k in ('y', 'y_h') if not n.allclose(n.load('out/%%s.npy' %% k), n.load('expected-%%s.npy' %% k), rtol=1e-5, atol=1e-6)]; assert not bad, bad"

// RUN: qmlir-translate --import-onnx gru.onnx | qmlir-opt --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa))" | FileCheck %s
// CHECK-LABEL: func.func @main
// Per direction: one projection of the 3 steps, then one recurrent product
// per step.
// CHECK-COUNT-2: tosa.matmul {{.*}} -> tensor<1x6x9xf32>
// CHECK: return {{.*}} : tensor<3x2x2x3xf32>, tensor<2x2x3xf32>
