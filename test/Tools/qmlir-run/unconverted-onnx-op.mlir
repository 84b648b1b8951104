// REQUIRES: onnx-importer, onnx-python
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../../Target/ONNX/make-models.py unconverted_ops %t/m.onnx
// RUN: %python -c "import numpy as n; n.save('%t/x.npy', n.ones((2, 3), n.float32))"
// RUN: not qmlir-run %t/m.onnx --input %t/x.npy --output-dir %t/out 2>&1 | FileCheck %s
// RUN: not ls %t/out

/// An ONNX model that imports but has an op the conversion to TOSA does not
/// handle stops before compiling: one error per op type (the first node
/// and the count), then one line naming the model, not a lowering failure.
// CHECK: error: ONNX Hardmax node 'hardmax1' (opset 13) is not supported (and 1 more Hardmax node that cannot be converted)
// CHECK-NOT: error: ONNX
// CHECK: qmlir-run: error: {{.*}}m.onnx: cannot convert the model to TOSA (the errors above name the ops)
// CHECK-NOT: LLVM
