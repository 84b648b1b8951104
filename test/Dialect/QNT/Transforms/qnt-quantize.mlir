// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/make-stats.py %t/stats.json x:-1:3:10 y:0:6:10 fc:-2:2:10
// RUN: qmlir-opt %s --split-input-file --qnt-quantize="stats=%t/stats.json" | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --qnt-quantize="stats=%t/stats.json activations=s8 weights=per-tensor" | FileCheck %s --check-prefix=S8
// RUN: qmlir-opt %s --split-input-file --qnt-quantize="stats=%t/stats.json keep-float=f*,y" | FileCheck %s --check-prefix=KEEP
// RUN: qmlir-opt %s --split-input-file --qnt-quantize="stats=%t/stats.json float-layers=conv" | FileCheck %s --check-prefix=FLOATLAYER
// RUN: qmlir-opt %s --split-input-file --qnt-quantize="stats=%t/stats.json activations-for=y=s16,*=s8" | FileCheck %s --check-prefix=MIXED
// RUN: qmlir-opt %s --split-input-file --qnt-quantize="mode=weight-only" | FileCheck %s --check-prefix=WONLY
// RUN: qmlir-opt %s --split-input-file --qnt-quantize="stats=%t/stats.json weight-bits=7" | FileCheck %s --check-prefix=W7

/// Markers become quantize/dequantize pairs: u8 asymmetric by default (x in
/// [-1, 3]: scale 4/255 rounded to f32, zero point 64), s8 symmetric
/// (narrow range, zero point 0, scale 3/127). Constant conv weights become i8 constants, per output channel
/// (two scales) or per tensor, behind a dequantize.
// CHECK-LABEL: func.func @conv
// CHECK: %[[Q:.*]] = qnt.quantize %arg0 {qnt.calibrated} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.015686275437474251:64>>
// CHECK: %[[DQ:.*]] = qnt.dequantize %[[Q]]
// CHECK: %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<2x1x1x2xi8>
// CHECK: %[[WQ:.*]] = quant.scast %[[W]] : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.0039370078593492508,0.015748031437397003}>>
// CHECK: %[[WD:.*]] = qnt.dequantize %[[WQ]]
// CHECK: %[[C:.*]] = tosa.conv2d %[[DQ]], %[[WD]]
// CHECK: qnt.quantize %[[C]] {qnt.calibrated} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.023529412224888802>>
// CHECK-NOT: qnt.calibrate
// S8-LABEL: func.func @conv
// S8: qnt.quantize %arg0 {qnt.calibrated} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<i8<-127:127>:f32, 0.023622047156095505>>
// S8: quant.scast %{{.*}} : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32, 0.015748031437397003>>
// KEEP-LABEL: func.func @conv
// KEEP: qnt.quantize %arg0
// KEEP-NOT: qnt.quantize
// KEEP: return
/// float-layers=conv: the weights stay float, both activations are still
/// quantized (the layer runs in float between them).
// FLOATLAYER-LABEL: func.func @conv
// FLOATLAYER: %[[Q:.*]] = qnt.quantize %arg0
// FLOATLAYER: %[[DQ:.*]] = qnt.dequantize %[[Q]]
// FLOATLAYER: %[[W:.*]] = "tosa.const"() <{values = dense<{{.*}}> : tensor<2x1x1x2xf32>}>
// FLOATLAYER: %[[C:.*]] = tosa.conv2d %[[DQ]], %[[W]]
// FLOATLAYER: qnt.quantize %[[C]]
/// weight-bits=7: i8 storage in [-63, 63] (narrow range), scales 2/63 and
/// 0.5/63; such weights never saturate AVX2's vpmaddubsw.
// W7-LABEL: func.func @conv
// W7: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}63, -31]]], {{\[\[\[}}63, 31]]]]> : tensor<2x1x1x2xi8>
// W7: quant.scast %[[W]] : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!quant.uniform<i8<-63:63>:f32:0, {0.0079365083947777748,0.031746033579111099}>>
/// activations-for: the first matching pattern picks the scheme (y: s16,
/// symmetric over [0, 6]; x: s8).
/// mode=weight-only: no statistics needed, every marker goes, the weights
/// are quantized.
// WONLY-LABEL: func.func @conv
// WONLY-NOT: qnt.quantize
// WONLY-NOT: qnt.calibrate
// WONLY: quant.scast %{{.*}} : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32:0
// WONLY: %[[WD:.*]] = qnt.dequantize
// WONLY: tosa.conv2d %arg0, %[[WD]]
// MIXED-LABEL: func.func @conv
// MIXED: qnt.quantize %arg0 {qnt.calibrated} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<i8<-127:127>:f32, 0.023622047156095505>>
// MIXED: qnt.quantize %{{.*}} {qnt.calibrated} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<i16<-32767:32767>:f32, 1.8311105668544769E-4>>
func.func @conv(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = qnt.calibrate %x id "x" : tensor<1x4x4x2xf32>
  %w = "tosa.const"() <{values = dense<[[[[0.5, -0.25]]], [[[2.0, 1.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %1 = tosa.conv2d %0, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv")
  %2 = qnt.calibrate %1 id "y" : tensor<1x4x4x2xf32>
  return %2 : tensor<1x4x4x2xf32>
}

// -----

/// A fully connected layer: the matmul's constant rhs per output column.
/// keep-float=f* keeps the layer "fc" float (its weights and its marker).
// CHECK-LABEL: func.func @fully_connected
// CHECK: quant.scast %{{.*}} : tensor<1x2x3xi8> to tensor<1x2x3x!quant.uniform<i8<-127:127>:f32:2, {0.0078740157186985015,0.015748031437397003,0.023622047156095505}>>
// CHECK: tosa.matmul
// CHECK: qnt.quantize
// KEEP-LABEL: func.func @fully_connected
// KEEP-NOT: qnt.
// KEEP: return
func.func @fully_connected(%x: tensor<1x1x2xf32>) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0], [-1.0, 0.5, -1.5]]]> : tensor<1x2x3xf32>}> : () -> tensor<1x2x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %x, %w, %zp, %zp : (tensor<1x1x2xf32>, tensor<1x2x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32> loc("fc")
  %1 = qnt.calibrate %0 id "fc" : tensor<1x1x3xf32>
  return %1 : tensor<1x1x3xf32>
}

// -----

/// Pinned parameters (a QDQ model): the marker of a dequantized value goes,
/// the model's types stay as they are.
// CHECK-LABEL: func.func @pinned
// CHECK: %[[Q:.*]] = qnt.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK-NEXT: %[[D:.*]] = qnt.dequantize %[[Q]]
// CHECK-NEXT: return %[[D]]
func.func @pinned(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1:3>>
  %1 = qnt.dequantize %0 : tensor<4x!quant.uniform<u8:f32, 0.1:3>> -> tensor<4xf32>
  %2 = qnt.calibrate %1 id "x" : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

/// Negative case: no markers, no constant weights: unchanged.
// CHECK-LABEL: func.func @unchanged
// CHECK-NEXT: tosa.matmul %arg0, %arg1
// CHECK-NEXT: return
func.func @unchanged(%a: tensor<1x2x2xf32>, %b: tensor<1x2x2xf32>, %zp: tensor<1xf32>) -> tensor<1x2x2xf32> {
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32>
  return %0 : tensor<1x2x2xf32>
}
