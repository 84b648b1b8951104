// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --pass-pipeline="builtin.module(func.func(qnt-prepare-qdq))" | FileCheck %s

!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>
!wt = !quant.uniform<i8:f32:1, {0.5, 0.25}>

/// A transpose of a dequantized per-axis constant folds into the integer
/// constant; the axis follows its elements (0 -> 1).
// CHECK-LABEL: func.func @transpose_constant
// CHECK: %[[C:.*]] = arith.constant dense<{{\[\[}}1, 4], [2, 5], [3, 6]]> : tensor<3x2xi8>
// CHECK: %[[S:.*]] = quant.scast %[[C]] : tensor<3x2xi8> to tensor<3x2x!quant.uniform<i8:f32:1, {5.000000e-01,2.500000e-01}>>
// CHECK: %[[D:.*]] = qnt.dequantize %[[S]]
// CHECK-NEXT: return %[[D]]
func.func @transpose_constant() -> tensor<3x2xf32> {
  %c = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %s = quant.scast %c : tensor<2x3xi8> to tensor<2x3x!w>
  %d = qnt.dequantize %s : tensor<2x3x!w> -> tensor<2x3xf32>
  %t = tosa.transpose %d {perms = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}

// -----

!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>

/// A reshape that keeps the quantized axis whole folds (axis 0 stays 0).
// CHECK-LABEL: func.func @reshape_constant
// CHECK: arith.constant dense<{{.*}}> : tensor<2x1x1x3xi8>
// CHECK: quant.scast {{.*}} to tensor<2x1x1x3x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>>
// CHECK-NOT: tosa.reshape
func.func @reshape_constant() -> tensor<2x1x1x3xf32> {
  %c = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %s = quant.scast %c : tensor<2x3xi8> to tensor<2x3x!w>
  %d = qnt.dequantize %s : tensor<2x3x!w> -> tensor<2x3xf32>
  %shape = tosa.const_shape {values = dense<[2, 1, 1, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %r = tosa.reshape %d, %shape : (tensor<2x3xf32>, !tosa.shape<4>) -> tensor<2x1x1x3xf32>
  return %r : tensor<2x1x1x3xf32>
}

// -----

!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>

/// Negative case: a reshape that splits elements of one channel across the
/// quantized axis stays.
// CHECK-LABEL: func.func @reshape_splits_axis
// CHECK: qnt.dequantize
// CHECK: tosa.reshape
func.func @reshape_splits_axis() -> tensor<3x2xf32> {
  %c = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %s = quant.scast %c : tensor<2x3xi8> to tensor<2x3x!w>
  %d = qnt.dequantize %s : tensor<2x3x!w> -> tensor<2x3xf32>
  %shape = tosa.const_shape {values = dense<[3, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %d, %shape : (tensor<2x3xf32>, !tosa.shape<2>) -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>

/// NHWC -> NCHW, quantize/dequantize, NCHW -> NHWC: the second transpose
/// moves above the pair and the two cancel.
// CHECK-LABEL: func.func @transposes_cancel
// CHECK-NEXT: %[[Q:.*]] = qnt.quantize %arg0 : tensor<1x2x3x4xf32> -> tensor<1x2x3x4x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK-NEXT: %[[D:.*]] = qnt.dequantize %[[Q]]
// CHECK-NEXT: return %[[D]]
func.func @transposes_cancel(%x: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %t = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x3x4xf32>) -> tensor<1x4x2x3xf32>
  %q = qnt.quantize %t : tensor<1x4x2x3xf32> -> tensor<1x4x2x3x!a>
  %d = qnt.dequantize %q : tensor<1x4x2x3x!a> -> tensor<1x4x2x3xf32>
  %u = tosa.transpose %d {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x4x2x3xf32>) -> tensor<1x2x3x4xf32>
  return %u : tensor<1x2x3x4xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>

/// quantize(transpose(clamp(transpose'(op)))): the clamp moves before the
/// transpose, and a pair with the same parameters follows the op and the
/// clamp, so the op and its clamp are quantized directly.
// CHECK-LABEL: func.func @quantize_before_layout
// CHECK: %[[N:.*]] = tosa.exp %arg0
// CHECK-NEXT: %[[Q1:.*]] = qnt.quantize %[[N]] : tensor<1x2x2x3xf32> -> tensor<1x2x2x3x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK-NEXT: %[[D1:.*]] = qnt.dequantize %[[Q1]]
// CHECK-NEXT: %[[C:.*]] = tosa.clamp %[[D1]]
// CHECK-NEXT: %[[Q2:.*]] = qnt.quantize %[[C]] : tensor<1x2x2x3xf32>
// CHECK-NEXT: %[[D2:.*]] = qnt.dequantize %[[Q2]]
// CHECK-NEXT: %[[T:.*]] = tosa.transpose %[[D2]]
// CHECK-NEXT: qnt.quantize %[[T]] : tensor<1x3x2x2xf32>
func.func @quantize_before_layout(%x: tensor<1x2x2x3xf32>) -> tensor<1x3x2x2x!a> {
  %n = tosa.exp %x : (tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %t = tosa.transpose %n {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32>
  %c = tosa.clamp %t {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %q = qnt.quantize %c : tensor<1x3x2x2xf32> -> tensor<1x3x2x2x!a>
  return %q : tensor<1x3x2x2x!a>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>

/// A float consumer of transpose(dequantize(q)) reads a dequantize: the
/// transpose is quantized with q's parameters.
// CHECK-LABEL: func.func @quantize_after_layout
// CHECK: %[[D:.*]] = qnt.dequantize %arg0
// CHECK-NEXT: %[[T:.*]] = tosa.transpose %[[D]]
// CHECK-NEXT: %[[Q:.*]] = qnt.quantize %[[T]] : tensor<1x3x2x2xf32> -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK-NEXT: %[[D2:.*]] = qnt.dequantize %[[Q]]
// CHECK-NEXT: tosa.exp %[[D2]]
func.func @quantize_after_layout(%q: tensor<1x2x2x3x!a>) -> tensor<1x3x2x2xf32> {
  %d = qnt.dequantize %q : tensor<1x2x2x3x!a> -> tensor<1x2x2x3xf32>
  %t = tosa.transpose %d {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32>
  %e = tosa.exp %t : (tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %e : tensor<1x3x2x2xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>
!b = !quant.uniform<u8:f32, 0.2:5>

/// A residual add of two transposed quantized values runs before the
/// transpose, on the values requantized in the untransposed layout.
// CHECK-LABEL: func.func @add_below_transpose
// CHECK-DAG: %[[QA:.*]] = qnt.quantize %arg0 : tensor<1x2x2x3xf32> -> tensor<1x2x2x3x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK-DAG: %[[QB:.*]] = qnt.quantize %arg1 : tensor<1x2x2x3xf32> -> tensor<1x2x2x3x!quant.uniform<u8:f32, 2.000000e-01:5>>
// CHECK-DAG: %[[DA:.*]] = qnt.dequantize %[[QA]]
// CHECK-DAG: %[[DB:.*]] = qnt.dequantize %[[QB]]
// CHECK: %[[S:.*]] = tosa.add %[[DA]], %[[DB]] : (tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
// CHECK: tosa.transpose %[[S]] {perms = array<i32: 0, 3, 1, 2>}
func.func @add_below_transpose(%x: tensor<1x2x2x3xf32>, %y: tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32> {
  %tx = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32>
  %ty = tosa.transpose %y {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32>
  %qx = qnt.quantize %tx : tensor<1x3x2x2xf32> -> tensor<1x3x2x2x!a>
  %qy = qnt.quantize %ty : tensor<1x3x2x2xf32> -> tensor<1x3x2x2x!b>
  %dx = qnt.dequantize %qx : tensor<1x3x2x2x!a> -> tensor<1x3x2x2xf32>
  %dy = qnt.dequantize %qy : tensor<1x3x2x2x!b> -> tensor<1x3x2x2xf32>
  %s = tosa.add %dx, %dy : (tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %s : tensor<1x3x2x2xf32>
}

// -----

!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.025}>

/// A fully connected layer with a dequantized per-channel weight ([N, K],
/// transposed by Gemm's transB) and an int32 bias becomes a 1x1 convolution
/// on the integer constants, the weight's axis following its channels.
// CHECK-LABEL: func.func @fully_connected
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<2x1x1x3xi8>
// CHECK-DAG: quant.scast %[[W]] : tensor<2x1x1x3xi8> to tensor<2x1x1x3x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>>
// CHECK: tosa.conv2d {{.*}} : (tensor<1x1x1x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
// CHECK-NOT: tosa.matmul
// CHECK-NOT: tosa.add
func.func @fully_connected(%x: tensor<1x1x3xf32>) -> tensor<1x2xf32> {
  %c = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %s = quant.scast %c : tensor<2x3xi8> to tensor<2x3x!w>
  %w = qnt.dequantize %s : tensor<2x3x!w> -> tensor<2x3xf32>
  %wt = tosa.transpose %w {perms = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %shape3 = tosa.const_shape {values = dense<[1, 3, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %w3 = tosa.reshape %wt, %shape3 : (tensor<3x2xf32>, !tosa.shape<3>) -> tensor<1x3x2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %m = tosa.matmul %x, %w3, %zp, %zp : (tensor<1x1x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2xf32>
  %shape2 = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %m2 = tosa.reshape %m, %shape2 : (tensor<1x1x2xf32>, !tosa.shape<2>) -> tensor<1x2xf32>
  %bc = arith.constant dense<[10, -10]> : tensor<2xi32>
  %bs = quant.scast %bc : tensor<2xi32> to tensor<2x!b>
  %b = qnt.dequantize %bs : tensor<2x!b> -> tensor<2xf32>
  %b2 = tosa.reshape %b, %shape2 : (tensor<2xf32>, !tosa.shape<2>) -> tensor<1x2xf32>
  %y = tosa.add %m2, %b2 : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

/// Negative case: a float graph without quantize/dequantize pairs is left
/// as it is.
// CHECK-LABEL: func.func @float_graph
// CHECK-NEXT: %[[T:.*]] = tosa.transpose %arg0
// CHECK-NEXT: %[[C:.*]] = tosa.clamp %[[T]]
// CHECK-NEXT: return %[[C]]
func.func @float_graph(%x: tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32> {
  %t = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32>
  %c = tosa.clamp %t {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %c : tensor<1x3x2x2xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>

/// A slice (a strided 1x1 convolution's input) moves elements too: its
/// float consumer reads it quantized with the same parameters.
// CHECK-LABEL: func.func @quantize_after_slice
// CHECK: %[[D:.*]] = qnt.dequantize %arg0
// CHECK-NEXT: %[[S:.*]] = tosa.slice %[[D]]
// CHECK-NEXT: %[[Q:.*]] = qnt.quantize %[[S]] : tensor<1x1x2x3xf32> -> tensor<1x1x2x3x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK-NEXT: %[[D2:.*]] = qnt.dequantize %[[Q]]
// CHECK-NEXT: tosa.exp %[[D2]]
func.func @quantize_after_slice(%q: tensor<1x2x2x3x!a>) -> tensor<1x1x2x3xf32> {
  %d = qnt.dequantize %q : tensor<1x2x2x3x!a> -> tensor<1x2x2x3xf32>
  %start = tosa.const_shape {values = dense<[0, 1, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 1, 2, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %d, %start, %size : (tensor<1x2x2x3xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x1x2x3xf32>
  %e = tosa.exp %s : (tensor<1x1x2x3xf32>) -> tensor<1x1x2x3xf32>
  return %e : tensor<1x1x2x3xf32>
}
