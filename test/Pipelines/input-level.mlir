// Each pass refuses input of an earlier level than the one it works on, with
// one error naming the pass and what to run first, instead of finding
// nothing to do and succeeding.
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-insert-calibration))" 2>&1 | FileCheck %s --check-prefix=CALIB
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(qnt-quantize{mode=weight-only})" 2>&1 | FileCheck %s --check-prefix=QUANTIZE
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(qnt-prune)" 2>&1 | FileCheck %s --check-prefix=PRUNE
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-fold-batchnorm))" 2>&1 | FileCheck %s --check-prefix=BATCHNORM
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-fold-constant-weights))" 2>&1 | FileCheck %s --check-prefix=WEIGHTS
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-prepare-qdq))" 2>&1 | FileCheck %s --check-prefix=QDQ
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-propagate-scales))" 2>&1 | FileCheck %s --check-prefix=SCALES
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-fuse))" 2>&1 | FileCheck %s --check-prefix=FUSE
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(qnt-lower-calibration)" 2>&1 | FileCheck %s --check-prefix=LOWERCALIB
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(convert-qnt-to-linalg)" 2>&1 | FileCheck %s --check-prefix=TOLINALG
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(qmlir-cpu-kernels)" 2>&1 | FileCheck %s --check-prefix=KERNELS
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qmlir-tile-and-vectorize))" 2>&1 | FileCheck %s --check-prefix=TILE
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(qmlir-fuse-elementwise)" 2>&1 | FileCheck %s --check-prefix=ELEMENTWISE
// RUN: not qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(qmlir-cpu-kernels)" 2>&1 | FileCheck %s --check-prefix=QNT

// CALIB: error: qnt-insert-calibration takes a TOSA graph, not imported ONNX nodes ('onnx.node'): run convert-onnx-to-tosa (or qmlir-import-cleanup-pipeline) first
// QUANTIZE: error: qnt-quantize takes a TOSA graph, not imported ONNX nodes
// PRUNE: error: qnt-prune takes a TOSA graph, not imported ONNX nodes
// BATCHNORM: error: qnt-fold-batchnorm takes a TOSA graph, not imported ONNX nodes
// WEIGHTS: error: qnt-fold-constant-weights takes a TOSA graph, not imported ONNX nodes
// QDQ: error: qnt-prepare-qdq takes a TOSA graph, not imported ONNX nodes
// SCALES: error: qnt-propagate-scales takes a TOSA graph, not imported ONNX nodes
// FUSE: error: qnt-fuse takes a TOSA graph, not imported ONNX nodes
// LOWERCALIB: error: qnt-lower-calibration takes a TOSA graph, not imported ONNX nodes
// TOLINALG: error: convert-qnt-to-linalg takes a TOSA graph, not imported ONNX nodes
// KERNELS: error: qmlir-cpu-kernels takes linalg on tensors, not imported ONNX nodes ('onnx.node'): run qmlir-import-cleanup-pipeline and the lowering to linalg first
// TILE: error: qmlir-tile-and-vectorize takes linalg on tensors, not imported ONNX nodes
// ELEMENTWISE: error: qmlir-fuse-elementwise takes linalg on tensors, not imported ONNX nodes
// QNT: error: qmlir-cpu-kernels takes linalg on tensors, not imported ONNX nodes
// QNT: error: qmlir-cpu-kernels takes linalg on tensors, not 'qnt.add': run convert-qnt-to-linalg (or qmlir-lower-to-int8-linalg-pipeline) first
// QNT-NOT: error

func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = onnx.node "Relu"(%x) {opset = 13 : i64, node_attributes = {}} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

/// An integer qnt graph (level 3): the TOSA-level passes take it, the linalg
/// passes do not.
!q = !quant.uniform<i8:f32, 0.1>
func.func @integer(%x: tensor<1x4x!q>) -> tensor<1x4x!q> {
  %0 = qnt.add %x, %x : (tensor<1x4x!q>, tensor<1x4x!q>) -> tensor<1x4x!q>
  return %0 : tensor<1x4x!q>
}
