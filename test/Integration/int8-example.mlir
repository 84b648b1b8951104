// REQUIRES: qmlir-jit
// RUN: rm -rf %t && mkdir -p %t
// RUN: qmlir-translate --import-onnx %S/../../examples/digits/model.onnx -o %t/model.mlir
// RUN: qmlir-run --calibrate %t/model.mlir --input %S/../../examples/digits/calibration.npy --stats %t/stats.json
// RUN: qmlir-opt %t/model.mlir --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/stats.json})" -o %t/int.mlir 2>&1 | FileCheck %s --allow-empty --check-prefix=REMARKS
// RUN: FileCheck %s --input-file=%t/int.mlir
// RUN: qmlir-opt %t/int.mlir --qmlir-lower-to-int8-linalg-pipeline -o %t/linalg.mlir
// RUN: qmlir-run %t/int.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/compiled
// RUN: qmlir-run %t/linalg.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/linalg
// RUN: qmlir-run %t/int.mlir --reference --input %S/../../examples/digits/eval.npy --output-dir %t/reference
// RUN: cmp %t/compiled/logits.npy %t/reference/logits.npy
// RUN: cmp %t/linalg/logits.npy %t/reference/logits.npy

/// The shipped digits example through the quantize pipeline is an integer
/// graph (BatchNorms folded; every conv, the pool and the fully connected
/// layer fused, activations as clamps), nothing stays float, and its compiled
/// int8 code (directly and through the int8 linalg module) equals the
/// reference interpreter on all 400 evaluation images, bit for bit.
// REMARKS-NOT: stays float
// CHECK-COUNT-2: qnt.conv2d {{.*}} clamp =
// CHECK: qnt.max_pool2d
// CHECK: qnt.depthwise_conv2d {{.*}} clamp =
// CHECK: qnt.conv2d {{.*}} clamp =
// CHECK: qnt.conv2d
// CHECK-NOT: tosa.conv2d
// CHECK-NOT: tosa.mul
// CHECK-NOT: tosa.add
// CHECK-NOT: tosa.clamp
// CHECK-NOT: tosa.max_pool2d
