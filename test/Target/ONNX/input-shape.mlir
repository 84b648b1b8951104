// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python %S/make-models.py dynamic_hw %t/dynamic_hw.onnx
// RUN: %python %S/make-models.py flatten_subgraph %t/flatten_subgraph.onnx
// RUN: %python %S/make-models.py flatten_subgraph_data %t

/// A whole input shape binds the symbolic dimensions it covers; shape
/// inference carries them to the outputs.
// RUN: qmlir-translate --import-onnx dynamic_hw.onnx --input-shape input:0=2x3x6x5 | FileCheck %s --check-prefix=SHAPE
// SHAPE: func.func @main(%arg0: tensor<2x3x6x5xf32> {qmlir.name = "input:0"}) -> (tensor<2x4x6x5xf32> {qmlir.name = "output/prob"})

/// Dimensions by name; `--onnx-dim` is the same flag. qmlir-translate keeps
/// what is left unbound dynamic.
// RUN: qmlir-translate --import-onnx dynamic_hw.onnx --input-shape height=6 --onnx-dim width=5 | FileCheck %s --check-prefix=DIMS
// DIMS: func.func @main(%arg0: tensor<?x3x6x5xf32> {qmlir.name = "input:0"}) -> (tensor<?x4x6x5xf32>

/// The tools bind an unbound first dimension to 1 with one remark, and fold
/// the shape computation of a flatten (Shape, Gather, Unsqueeze, Concat into
/// Reshape): qmlir-run takes the ONNX file and its outputs match numpy's.
// RUN: qmlir-run flatten_subgraph.onnx --input x.npy --output-dir out 2>&1 | FileCheck %s --check-prefix=TOOL
// RUN: %python -c "import numpy as n; a = n.load('out/y.npy'); e = n.load('expected.npy'); assert a.shape == e.shape, a.shape; assert n.abs(a - e).max() < 1e-5, n.abs(a - e).max()"
// RUN: qmlir-quantize flatten_subgraph.onnx --calibration-data x.npy -o q.mlir 2>&1 | FileCheck %s --check-prefix=TOOL
// RUN: FileCheck %s --check-prefix=QUANT < q.mlir
// TOOL-LABEL: remark: the first dimension of input 'x' ('batch') is unbound: using 1 (bind it with --input-shape NAME=VALUE)
// TOOL-NOT: error
// QUANT: func.func @main(%arg0: tensor<1x3x2x2xf32> {qmlir.name = "x"}) -> (tensor<1x2xf32> {qmlir.name = "y"})

/// The README's command, unchanged, on the digits model exported with a
/// dynamic batch (what `torch.onnx.export(..., dynamic_axes=...)` writes).
// RUN: %python -c "import onnx, sys; m = onnx.load(sys.argv[1]); [v.type.tensor_type.shape.dim[0].ClearField('dim_value') or setattr(v.type.tensor_type.shape.dim[0], 'dim_param', 'batch') for v in list(m.graph.input) + list(m.graph.output)]; onnx.save(m, 'digits.onnx')" %S/../../../examples/digits/model.onnx
// RUN: qmlir-quantize digits.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o digits-int8.mlir --eval-data %S/../../../examples/digits/eval.npy --eval-labels %S/../../../examples/digits/eval-labels.npy 2>&1 | FileCheck %s --check-prefix=README
// README: remark: the first dimension of input 'image' ('batch') is unbound: using 1
// README: top-1 accuracy{{ +}}99.50%{{ +}}99.50%

/// Shape arithmetic libonnx's data propagation does not follow (a Slice
/// bound through Div) is folded at import once the batch is bound: the
/// Slice and the Reshape get static shapes, and the outputs match numpy.
// RUN: %python %S/make-models.py shape_arithmetic %t/shape_arithmetic.onnx
// RUN: qmlir-translate --import-onnx shape_arithmetic.onnx --input-shape batch=2 | FileCheck %s --check-prefix=FOLD
// FOLD: func.func @main(%arg0: tensor<2x3x8xf32> {qmlir.name = "x"}) -> (tensor<2x12xf32> {qmlir.name = "y"})
// FOLD: onnx.node "Slice"{{.*}} -> tensor<2x3x4xf32>
// RUN: %python -c "import numpy as n; n.save('sx.npy', n.arange(48, dtype=n.float32).reshape(2, 3, 8))"
// RUN: qmlir-run shape_arithmetic.onnx --input-shape batch=2 --input sx.npy --output-dir sout
// RUN: %python -c "import numpy as n; x = n.load('sx.npy'); y = n.load('sout/y.npy'); assert y.shape == (2, 12) and (y == x[:, :, :4].reshape(2, -1)).all(), y"

/// paddle2onnx's opset-9 flatten: Slice takes its bounds from attributes;
/// the Reshape target folds the same way.
// RUN: %python %S/make-models.py paddle_flatten %t/paddle_flatten.onnx
// RUN: qmlir-translate --import-onnx paddle_flatten.onnx --input-shape batch=2 | FileCheck %s --check-prefix=PADDLE
// PADDLE: func.func @main(%arg0: tensor<2x3x2xf32> {qmlir.name = "x"}) -> (tensor<2x6xf32> {qmlir.name = "y"})
// PADDLE: onnx.node "Reshape"{{.*}} -> tensor<2x6xf32>

/// Bound explicitly, there is no remark.
// RUN: qmlir-run flatten_subgraph.onnx --input-shape batch=1 --input x.npy --output-dir out2 2>&1 | FileCheck %s --check-prefix=QUIET
// QUIET-NOT: remark

/// Dimensions left unbound: one error naming them all, no output.
// RUN: not qmlir-run dynamic_hw.onnx --input x.npy --output-dir out3 2>&1 | FileCheck %s --check-prefix=UNBOUND
// RUN: not qmlir-quantize dynamic_hw.onnx --calibration-data x.npy -o bad.mlir 2>&1 | FileCheck %s --check-prefix=UNBOUND
// RUN: test ! -e out3 && test ! -e bad.mlir
// UNBOUND-NOT: remark
// UNBOUND: dynamic_hw.onnx:0:0: error: the model's inputs have unbound dimensions: 'input:0' dimensions 2 ('height'), 3 ('width'); give their values with --input-shape NAME=AxBx... (an input's shape) or DIM=VALUE (e.g. --input-shape height=...)
// UNBOUND-NEXT: error: cannot read the model dynamic_hw.onnx
// UNBOUND-NOT: error

/// Bindings that contradict the model or each other.
// RUN: not qmlir-run dynamic_hw.onnx --input-shape input:0=1x4x8x8 --time 2>&1 | FileCheck %s --check-prefix=FIXED
// FIXED: error: --input-shape input:0=1x4x8x8: dimension 1 of input 'input:0' is 3 in the model
// RUN: not qmlir-run dynamic_hw.onnx --input-shape input:0=1x3x8 --time 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: error: --input-shape input:0=1x3x8: input 'input:0' has rank 4
// RUN: not qmlir-run dynamic_hw.onnx --input-shape input:0=1x3x8x8 --input-shape height=9 --time 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: error: --input-shape input:0=1x3x8x8: dimension 'height' is bound to 9 elsewhere
// RUN: not qmlir-run dynamic_hw.onnx --input-shape image=1x3x8x8 --time 2>&1 | FileCheck %s --check-prefix=NOINPUT
// NOINPUT: error: --input-shape image=1x3x8x8: the model has no input named 'image'
// RUN: not qmlir-run dynamic_hw.onnx --input-shape height=8 --input-shape height=9 --time 2>&1 | FileCheck %s --check-prefix=DUP
// DUP: error: --input-shape height is given twice
// RUN: not qmlir-run dynamic_hw.onnx --input-shape "height=8x" --time 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: error: --input-shape 'height=8x' is not NAME=AxBx... (an input's shape) or NAME=VALUE (a symbolic dimension), with every value >= 1

/// MLIR models are bound by argument shape (test/Tools/qmlir-run/
/// input-shape-mlir.mlir); dimension names are ONNX's.
// RUN: qmlir-translate --import-onnx flatten_subgraph.onnx --input-shape batch=1 -o model.mlir
// RUN: not qmlir-run model.mlir --input-shape batch=1 --time 2>&1 | FileCheck %s --check-prefix=MLIR
// MLIR: error: --input-shape batch=1: @main has no argument named 'batch' (qmlir.name)
