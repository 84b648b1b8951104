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
// RUN: qmlir-opt %t/model.mlir --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/stats.json activations=s16},qmlir-lower-to-int8-linalg-pipeline)" -o %t/a16.mlir
// RUN: qmlir-opt %t/model.mlir --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/stats.json activations=s16})" -o %t/a16-int.mlir
// RUN: qmlir-run %t/a16.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/a16
// RUN: qmlir-run %t/a16-int.mlir --reference --input %S/../../examples/digits/eval.npy --output-dir %t/a16-reference
// RUN: cmp %t/a16/logits.npy %t/a16-reference/logits.npy
// RUN: FileCheck %s --check-prefix=A16 --input-file=%t/a16.mlir
// RUN: qmlir-opt %t/model.mlir --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/stats.json weight-bits=4},qmlir-lower-to-int8-linalg-pipeline)" -o %t/w4.mlir
// RUN: qmlir-opt %t/model.mlir --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/stats.json weight-bits=4})" -o %t/w4-int.mlir
// RUN: qmlir-run %t/w4.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/w4
// RUN: qmlir-run %t/w4-int.mlir --reference --input %S/../../examples/digits/eval.npy --output-dir %t/w4-reference
// RUN: cmp %t/w4/logits.npy %t/w4-reference/logits.npy
// RUN: FileCheck %s --check-prefix=W4 --input-file=%t/w4-int.mlir
// RUN: qmlir-opt %t/model.mlir --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/stats.json activations-for=/features/features.0/Conv_output_0=s16,/features/features.2/Relu_output_0=s16,/features/features.3/Conv_output_0=s16,/features/features.5/Relu_output_0=s16,/features/features.6/MaxPool_output_0=s16})" -o %t/mixed-int.mlir
// RUN: qmlir-opt %t/mixed-int.mlir --qmlir-lower-to-int8-linalg-pipeline -o %t/mixed.mlir
// RUN: qmlir-run %t/mixed.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/mixed
// RUN: qmlir-run %t/mixed-int.mlir --reference --input %S/../../examples/digits/eval.npy --output-dir %t/mixed-reference
// RUN: cmp %t/mixed/logits.npy %t/mixed-reference/logits.npy
// RUN: FileCheck %s --check-prefix=MIXED --input-file=%t/mixed-int.mlir

/// The shipped digits example through the quantize pipeline is an integer
/// graph (BatchNorms folded; every conv, the pool and the fully connected
/// layer fused, activations as clamps), nothing stays float, and its compiled
/// int8 code (directly and through the int8 linalg module) equals the
/// reference interpreter on all 400 evaluation images, bit for bit.
/// Likewise with 16-bit activations and 8-bit weights (16x8: i16 tensors,
/// i32 accumulation, exact here: the longest reduction, 512 terms of at most
/// 32767 x 127, stays below 2^31) and with 4-bit weights (values in [-7, 7],
/// stored one per byte).
// A16: tensor<1x8x8x1xi16>
// W4: !quant.uniform<i4<-7:7>
/// Mixed precision: 16-bit activations around the second convolution only
/// (its input chain from the first, its output through the pool), 8-bit
/// elsewhere: u8 -> i16 -> i16 -> pool i16 -> depthwise to u8.
// MIXED: qnt.conv2d {{.*}} -> tensor<1x8x8x16x!quant.uniform<i16
// MIXED: qnt.conv2d {{.*}} -> tensor<1x8x8x32x!quant.uniform<i16
// MIXED: qnt.max_pool2d {{.*}} -> tensor<1x4x4x32x!quant.uniform<i16
// MIXED: qnt.depthwise_conv2d {{.*}} -> tensor<1x4x4x32x!quant.uniform<u8
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
