// REQUIRES: onnx-importer, onnx-python
// RUN: rm -rf %t && %python %S/prune_channels.py make %t
// RUN: qmlir-translate --import-onnx %t/model.onnx -o %t/model.mlir
// RUN: qmlir-opt %t/model.mlir --qmlir-import-cleanup-pipeline --qnt-prune="mode=channel sparsity=0.5 report=%t/report.json" -o %t/pruned.mlir 2>/dev/null
// RUN: FileCheck %s --input-file=%t/pruned.mlir
// RUN: qmlir-run %t/pruned.mlir --input x=%t/x.npy --output-dir %t/out
// RUN: %python %S/prune_channels.py check %t
// RUN: qmlir-quantize %t/model.onnx --calibration-data %t/x.npy -o %t/int8.mlir --prune=channel:0.5 --eval-data %t/x.npy 2>/dev/null | FileCheck %s --check-prefix=INT8
// RUN: qmlir-opt %t/int8.mlir --qmlir-verify-int8-linalg -o /dev/null
// RUN: qmlir-run %t/int8.mlir --input %t/x.npy --output-dir %t/int8-out

/// A residual CNN pruned to half of its prunable channels still runs and
/// computes what numpy computes for the same network with the same channels
/// removed by hand (prune_channels.py derives the groups independently).
/// Pruned and quantized in one shot, it runs as int8 linalg, close to the
/// pruned float model it was quantized from (4 calibration samples).

// CHECK-LABEL: func.func @main
// CHECK-SAME: tensor<1x3x8x8xf32>
// CHECK-SAME: -> (tensor<1x10xf32>
// conv1 (the first layer) keeps its 8 channels.
// CHECK: tosa.conv2d {{.*}} : (tensor<1x8x8x3xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, {{.*}}) -> tensor<1x8x8x8xf32>
// The residual group {conv2, conv3}: 16 -> 8 channels on both sides.
// CHECK: tosa.conv2d {{.*}} : (tensor<1x8x8x8xf32>, tensor<8x3x3x8xf32>, tensor<8xf32>, {{.*}}) -> tensor<1x8x8x8xf32>
// CHECK: tosa.conv2d {{.*}} : (tensor<1x8x8x8xf32>, tensor<8x3x3x8xf32>, tensor<8xf32>, {{.*}}) -> tensor<1x8x8x8xf32>
// CHECK: tosa.add {{.*}} -> tensor<1x8x8x8xf32>
// CHECK: tosa.depthwise_conv2d {{.*}} : (tensor<1x8x8x8xf32>, tensor<3x3x8x1xf32>, tensor<8xf32>, {{.*}}) -> tensor<1x8x8x8xf32>
// The two branches: 8 -> 4 each, concatenated to 8.
// CHECK: tosa.conv2d {{.*}} : (tensor<1x8x8x8xf32>, tensor<4x1x1x8xf32>, tensor<4xf32>, {{.*}}) -> tensor<1x8x8x4xf32>
// CHECK: tosa.conv2d {{.*}} : (tensor<1x8x8x8xf32>, tensor<4x3x3x8xf32>, tensor<4xf32>, {{.*}}) -> tensor<1x8x8x4xf32>
// CHECK: tosa.concat {{.*}} -> tensor<1x8x8x8xf32>
// conv6: 12 -> 6 channels; the flatten 192 -> 96; the fully connected layer
// (the last layer) keeps its 10 outputs and loses the column blocks.
// CHECK: tosa.conv2d {{.*}} : (tensor<1x8x8x8xf32>, tensor<6x1x1x8xf32>, tensor<6xf32>, {{.*}}) -> tensor<1x8x8x6xf32>
// CHECK: tosa.reshape {{.*}} -> tensor<1x1x1x96xf32>
// CHECK: tosa.conv2d {{.*}} : (tensor<1x1x1x96xf32>, tensor<10x1x1x96xf32>, tensor<10xf32>, {{.*}}) -> tensor<1x1x1x10xf32>

// INT8: pruned channel:0.5
// INT8: MACs 340352 116672 116672 0.343x
// INT8: int8 vs pruned fp32 {{(1[5-9]|[2-9][0-9])\.[0-9]+}} dB
