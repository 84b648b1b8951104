// REQUIRES: qmlir-jit, numpy
// qnt-equalize changes the weights, not the function: the digits example's
// float graph before and after computes the same logits (within f32
// rounding) on its evaluation images, and its weights did change.
// RUN: rm -rf %t && mkdir -p %t
// RUN: qmlir-translate --import-onnx %S/../../examples/digits/model.onnx -o %t/model.mlir
// RUN: qmlir-opt %t/model.mlir --qmlir-import-cleanup-pipeline -o %t/float.mlir
// RUN: qmlir-opt %t/float.mlir --pass-pipeline="builtin.module(func.func(qnt-equalize))" -o %t/equalized.mlir 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: qmlir-run %t/float.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/float
// RUN: qmlir-run %t/equalized.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/equalized
// RUN: %python -c "import numpy as n; a = n.load('%t/float/logits.npy'); b = n.load('%t/equalized/logits.npy'); d = n.abs(a - b).max() / n.abs(a).max(); assert d < 1e-5, d; print('same function, max rel. difference below 1e-5')" | FileCheck %s
// RUN: not cmp -s %t/float.mlir %t/equalized.mlir
// REMARK: remark: qnt-equalize: balanced 2 pair(s) of consecutive convolutions
// CHECK: same function, max rel. difference below 1e-5
