// REQUIRES: onnx-importer, onnx-python
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python %S/make-models.py if_on_input %t/if.onnx
// RUN: %python %S/make-models.py if_on_input_data %t

/// --input-value fixes an input: it is no longer an argument, the If on it
/// folds to the branch it selects, the nested If on a shape folds once the
/// branch's shapes are known, and the pads that go through Reshape, a
/// reversing Slice and Transpose become constants.
// RUN: qmlir-translate --import-onnx if.onnx --input-value sr=16000 | FileCheck %s --check-prefix=RATE16K
// RATE16K: func.func @main(%arg0: tensor<1x6xf32> {qmlir.name = "x"}, %arg1: tensor<1x1x2xf32> {qmlir.name = "h"}) -> (tensor<1x2xf32> {qmlir.name = "y"})
// RATE16K-NOT: "If"
// RATE16K: onnx.node "Pad"(%arg0, %{{.*}}) {{.*}}mode = "reflect"{{.*}} : (tensor<1x6xf32>, tensor<4xi64>) -> tensor<1x8xf32>
// RATE16K: onnx.node "LSTM"
// RATE16K: onnx.node "Squeeze"
// RATE16K-NOT: "If"
// RATE16K: return

// RUN: qmlir-translate --import-onnx if.onnx --input-value sr=8000 | FileCheck %s --check-prefix=RATE8K
// RATE8K-NOT: "LSTM"
// RATE8K: onnx.node "Neg"(%arg1)

/// Run from the ONNX file and compared with numpy (reflect pad, then the
/// LSTM over the 8 samples from the state h).
// RUN: qmlir-run if.onnx --input-value sr=16000 --input x=x.npy --input h=h.npy --output-dir out 2>&1 | FileCheck %s --allow-empty --check-prefix=TOOL
// TOOL-NOT: error
// RUN: %python -c "import numpy as n; got, want = n.load('out/y.npy'), n.load('expected.npy'); assert got.shape == want.shape and n.allclose(got, want, rtol=1e-5, atol=1e-6), (got, want)"

/// Without the value the If stays: one error naming it and the flag.
// RUN: not qmlir-translate --import-onnx if.onnx 2>&1 | FileCheck %s --check-prefix=UNBOUND
// UNBOUND: error: node 'rate_if' (If, opset 16): its condition 'is_16k' is not known at compile time (an If is compiled as the branch its condition selects once that folds: bind the model inputs it depends on with --input-value NAME=VALUE or --input-shape)
// RUN: not qmlir-run if.onnx --input x=x.npy --output-dir out2 2>&1 | FileCheck %s --check-prefix=UNBOUND
// RUN: test ! -e out2

/// Bad bindings.
// RUN: not qmlir-translate --import-onnx if.onnx --input-value rate=1 2>&1 | FileCheck %s --check-prefix=NONAME
// NONAME: error: --input-value rate: the model has no input named 'rate'
// RUN: not qmlir-translate --import-onnx if.onnx --input-value sr=1,2 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: error: --input-value sr: 2 values given; input 'sr' needs 1 (its declared shape)
// RUN: not qmlir-translate --import-onnx if.onnx --input-value sr=1.5 2>&1 | FileCheck %s --check-prefix=FRACTION
// FRACTION: error: --input-value sr: value 1.50 is not an integer
// RUN: not qmlir-translate --import-onnx if.onnx --input-value sr=abc 2>&1 | FileCheck %s --check-prefix=NAN
// NAN: error: --input-value 'sr=abc': 'abc' is not a finite number
// RUN: not qmlir-translate --import-onnx if.onnx --input-value sr 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: error: --input-value 'sr' is not NAME=VALUE[,VALUE...]
// RUN: qmlir-translate --import-onnx if.onnx --input-value sr=8000 -o neg.mlir
// RUN: not qmlir-run neg.mlir --input-value sr=1 --time 2>&1 | FileCheck %s --check-prefix=MLIR
// MLIR: error: --input-value applies to ONNX models only
