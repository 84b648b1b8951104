// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --pass-pipeline="builtin.module(func.func(qnt-fuse))" | FileCheck %s

!x = !quant.uniform<u8:f32, 0.1:3>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.025}>
!y = !quant.uniform<u8:f32, 0.2:10>

/// conv2d with a quantized bias, then relu with the same parameters: one
/// qnt.conv2d with the relu as its clamp [q(0), q(max)] = [10, 255].
// CHECK-LABEL: func.func @conv_relu
// CHECK: %[[C:.*]] = qnt.conv2d %arg0, %{{.*}}, %{{.*}} pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] clamp = [10, 255]
// CHECK-NOT: tosa.conv2d
// CHECK-NOT: tosa.clamp
// CHECK: %[[D:.*]] = qnt.dequantize %[[C]]
// CHECK: return %[[D]]
func.func @conv_relu(%q: tensor<1x2x2x2x!x>) -> tensor<1x2x2x2xf32> {
  %d = qnt.dequantize %q : tensor<1x2x2x2x!x> -> tensor<1x2x2x2xf32>
  %wc = arith.constant dense<[[[[1, 2]]], [[[-2, 1]]]]> : tensor<2x1x1x2xi8>
  %wq = quant.scast %wc : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!w>
  %w = qnt.dequantize %wq : tensor<2x1x1x2x!w> -> tensor<2x1x1x2xf32>
  %bc = arith.constant dense<[2, -4]> : tensor<2xi32>
  %bq = quant.scast %bc : tensor<2xi32> to tensor<2x!b>
  %b = qnt.dequantize %bq : tensor<2x!b> -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %c = tosa.conv2d %d, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %cq = qnt.quantize %c : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!y>
  %cd = qnt.dequantize %cq : tensor<1x2x2x2x!y> -> tensor<1x2x2x2xf32>
  %r = tosa.clamp %cd {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %rq = qnt.quantize %r : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!y>
  %rd = qnt.dequantize %rq : tensor<1x2x2x2x!y> -> tensor<1x2x2x2xf32>
  return %rd : tensor<1x2x2x2xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>
!b = !quant.uniform<u8:f32, 0.2:4>
!y = !quant.uniform<u8:f32, 0.25:5>

/// add and max_pool2d; the pool keeps its input's parameters and a
/// requantize gives the quantize's.
// CHECK-LABEL: func.func @add_pool
// CHECK: %[[A:.*]] = qnt.add %arg0, %arg1 : (tensor<1x2x2x1x!quant.uniform<u8:f32, 1.000000e-01:3>>, tensor<1x2x2x1x!quant.uniform<u8:f32, 2.000000e-01:4>>) -> tensor<1x2x2x1x!quant.uniform<u8:f32, 2.500000e-01:5>>
// CHECK: %[[P:.*]] = qnt.max_pool2d %[[A]]
// CHECK-SAME: -> tensor<1x1x1x1x!quant.uniform<u8:f32, 2.500000e-01:5>>
// CHECK: qnt.requantize %[[P]] : tensor<1x1x1x1x!quant.uniform<u8:f32, 2.500000e-01:5>> -> tensor<1x1x1x1x!quant.uniform<u8:f32, 1.000000e-01:3>>
func.func @add_pool(%a: tensor<1x2x2x1x!a>, %b: tensor<1x2x2x1x!b>) -> tensor<1x1x1x1x!a> {
  %da = qnt.dequantize %a : tensor<1x2x2x1x!a> -> tensor<1x2x2x1xf32>
  %db = qnt.dequantize %b : tensor<1x2x2x1x!b> -> tensor<1x2x2x1xf32>
  %s = tosa.add %da, %db : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %sq = qnt.quantize %s : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!y>
  %sd = qnt.dequantize %sq : tensor<1x2x2x1x!y> -> tensor<1x2x2x1xf32>
  %p = tosa.max_pool2d %sd {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x1xf32>) -> tensor<1x1x1x1xf32>
  %pq = qnt.quantize %p : tensor<1x1x1x1xf32> -> tensor<1x1x1x1x!a>
  return %pq : tensor<1x1x1x1x!a>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>

/// Data movement runs on the storage integers.
// CHECK-LABEL: func.func @reshape
// CHECK: %[[S:.*]] = quant.scast %arg0 : tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01:3>> to tensor<1x4xi8>
// CHECK: %[[R:.*]] = tosa.reshape %[[S]], %{{.*}} : (tensor<1x4xi8>, !tosa.shape<2>) -> tensor<2x2xi8>
// CHECK: quant.scast %[[R]] : tensor<2x2xi8> to tensor<2x2x!quant.uniform<u8:f32, 1.000000e-01:3>>
func.func @reshape(%a: tensor<1x4x!a>) -> tensor<2x2x!a> {
  %d = qnt.dequantize %a : tensor<1x4x!a> -> tensor<1x4xf32>
  %shape = tosa.const_shape {values = dense<[2, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %d, %shape : (tensor<1x4xf32>, !tosa.shape<2>) -> tensor<2x2xf32>
  %q = qnt.quantize %r : tensor<2x2xf32> -> tensor<2x2x!a>
  return %q : tensor<2x2x!a>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>
!b = !quant.uniform<u8:f32, 0.2:4>
!c = !quant.uniform<u8:f32, 0.4:5>

/// A quantize of a dequantize is a requantize; two requantizes are one.
// CHECK-LABEL: func.func @requantize_chain
// CHECK-NEXT: %[[R:.*]] = qnt.requantize %arg0 : tensor<4x!quant.uniform<u8:f32, 1.000000e-01:3>> -> tensor<4x!quant.uniform<u8:f32, 4.000000e-01:5>>
// CHECK-NEXT: return %[[R]]
func.func @requantize_chain(%a: tensor<4x!a>) -> tensor<4x!c> {
  %d = qnt.dequantize %a : tensor<4x!a> -> tensor<4xf32>
  %q = qnt.quantize %d : tensor<4xf32> -> tensor<4x!b>
  %r = qnt.requantize %q : tensor<4x!b> -> tensor<4x!c>
  return %r : tensor<4x!c>
}

// -----

!a = !quant.uniform<i16:f32, 0.001>

/// Negative case: sigmoid of a 16-bit value (no table for 16-bit input)
/// stays float, reported.
// CHECK-LABEL: func.func @stays_float
// CHECK: qnt.dequantize
// CHECK: tosa.sigmoid
// CHECK: qnt.quantize
func.func @stays_float(%a: tensor<4x!a>) -> tensor<4x!a> {
  %d = qnt.dequantize %a : tensor<4x!a> -> tensor<4xf32>
  // expected-remark@+1 {{'tosa.sigmoid' stays float: no integer form accepts its quantized operands and result}}
  %s = tosa.sigmoid %d : (tensor<4xf32>) -> tensor<4xf32>
  %q = qnt.quantize %s : tensor<4xf32> -> tensor<4x!a>
  return %q : tensor<4x!a>
}

// -----

/// Negative case: a float graph without quantization is unchanged.
// CHECK-LABEL: func.func @float_graph
// CHECK-NEXT: tosa.add %arg0, %arg0
// CHECK-NEXT: return
func.func @float_graph(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.add %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:3>
!w = !quant.uniform<i8<-127:127>:f32:2, {0.5, 0.25}>
!y = !quant.uniform<u8:f32, 0.2:10>

/// Depthwise convolution with a zero float bias (no bias operand), then a
/// relu6 clamp through a transpose of the storage integers: the clamp
/// [q(0), q(6)] = [10, 40] lands on the depthwise op.
// CHECK-LABEL: func.func @depthwise_transpose_relu6
// CHECK: %[[D:.*]] = qnt.depthwise_conv2d %arg0, %{{.*}} pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] clamp = [10, 40]
// CHECK: quant.scast %[[D]]
// CHECK: tosa.transpose
// CHECK-NOT: tosa.clamp
func.func @depthwise_transpose_relu6(%q: tensor<1x2x2x2x!x>) -> tensor<1x2x2x2x!y> {
  %d = qnt.dequantize %q : tensor<1x2x2x2x!x> -> tensor<1x2x2x2xf32>
  %wc = arith.constant dense<1> : tensor<1x1x2x1xi8>
  %wq = quant.scast %wc : tensor<1x1x2x1xi8> to tensor<1x1x2x1x!w>
  %w = qnt.dequantize %wq : tensor<1x1x2x1x!w> -> tensor<1x1x2x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %c = tosa.depthwise_conv2d %d, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %cq = qnt.quantize %c : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!y>
  %cd = qnt.dequantize %cq : tensor<1x2x2x2x!y> -> tensor<1x2x2x2xf32>
  %t = tosa.transpose %cd {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %tq = qnt.quantize %t : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!y>
  %td = qnt.dequantize %tq : tensor<1x2x2x2x!y> -> tensor<1x2x2x2xf32>
  %r = tosa.clamp %td {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %rq = qnt.quantize %r : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!y>
  return %rq : tensor<1x2x2x2x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.3:5>

/// matmul and mul.
// CHECK-LABEL: func.func @matmul_mul
// CHECK: %[[M:.*]] = qnt.matmul %arg0, %{{.*}} : (tensor<1x2x3x!quant.uniform<u8:f32, 1.000000e-01:3>>, tensor<1x3x2x!quant.uniform<i8:f32, 5.000000e-01>>) -> tensor<1x2x2x!quant.uniform<u8:f32, 3.000000e-01:5>>
// CHECK: qnt.mul %[[M]], %[[M]]
func.func @matmul_mul(%a: tensor<1x2x3x!a>) -> tensor<1x2x2x!y> {
  %da = qnt.dequantize %a : tensor<1x2x3x!a> -> tensor<1x2x3xf32>
  %wc = arith.constant dense<1> : tensor<1x3x2xi8>
  %wq = quant.scast %wc : tensor<1x3x2xi8> to tensor<1x3x2x!w>
  %w = qnt.dequantize %wq : tensor<1x3x2x!w> -> tensor<1x3x2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %m = tosa.matmul %da, %w, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32>
  %mq = qnt.quantize %m : tensor<1x2x2xf32> -> tensor<1x2x2x!y>
  %md = qnt.dequantize %mq : tensor<1x2x2x!y> -> tensor<1x2x2xf32>
  %shift = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %p = tosa.mul %md, %md, %shift : (tensor<1x2x2xf32>, tensor<1x2x2xf32>, tensor<1xi8>) -> tensor<1x2x2xf32>
  %pq = qnt.quantize %p : tensor<1x2x2xf32> -> tensor<1x2x2x!y>
  return %pq : tensor<1x2x2x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>
!b = !quant.uniform<u8:f32, 0.2:4>

/// Average pooling and concatenation.
// CHECK-LABEL: func.func @avg_pool_concat
// CHECK: %[[P:.*]] = qnt.avg_pool2d %arg0 kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<1x2x2x1x!quant.uniform<u8:f32, 1.000000e-01:3>> -> tensor<1x1x1x1x!quant.uniform<u8:f32, 2.000000e-01:4>>
// CHECK: qnt.concat %[[P]], %arg1 axis = 3
func.func @avg_pool_concat(%a: tensor<1x2x2x1x!a>, %b: tensor<1x1x1x1x!b>) -> tensor<1x1x1x2x!b> {
  %da = qnt.dequantize %a : tensor<1x2x2x1x!a> -> tensor<1x2x2x1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %p = tosa.avg_pool2d %da, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %pq = qnt.quantize %p : tensor<1x1x1x1xf32> -> tensor<1x1x1x1x!b>
  %pd = qnt.dequantize %pq : tensor<1x1x1x1x!b> -> tensor<1x1x1x1xf32>
  %db = qnt.dequantize %b : tensor<1x1x1x1x!b> -> tensor<1x1x1x1xf32>
  %c = tosa.concat %pd, %db {axis = 3 : i32} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x2xf32>
  %cq = qnt.quantize %c : tensor<1x1x1x2xf32> -> tensor<1x1x1x2x!b>
  return %cq : tensor<1x1x1x2x!b>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:3>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.2:10>

/// Negative case: a float bias that is not zero (not quantized) keeps the
/// convolution float, reported.
// CHECK-LABEL: func.func @float_bias
// CHECK: tosa.conv2d
// CHECK-NOT: qnt.conv2d
func.func @float_bias(%q: tensor<1x1x1x1x!x>) -> tensor<1x1x1x1x!y> {
  %d = qnt.dequantize %q : tensor<1x1x1x1x!x> -> tensor<1x1x1x1xf32>
  %wc = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %wq = quant.scast %wc : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!w>
  %w = qnt.dequantize %wq : tensor<1x1x1x1x!w> -> tensor<1x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.5> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{'tosa.conv2d' stays float}}
  %c = tosa.conv2d %d, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %cq = qnt.quantize %c : tensor<1x1x1x1xf32> -> tensor<1x1x1x1x!y>
  return %cq : tensor<1x1x1x1x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:3>
!y = !quant.uniform<u8:f32, 0.2:10>

/// A clamp whose operand has other parameters than its result (no
/// propagation ran) is a table: storage v (real 0.1 * (v - 3)) maps to
/// round(clamp(0.1 * (v - 3), 0, 6) / 0.2) + 10, from 10 up to 40.
// CHECK-LABEL: func.func @clamp_other_params
// CHECK: qnt.table %arg0 table = [10, 10, 10, 10, 10, 11, 12, 12, 12, 13, 14,
// CHECK-SAME: 38, 38, 39, 39, 40, 40,
// CHECK-NOT: tosa.clamp
func.func @clamp_other_params(%q: tensor<4x!x>) -> tensor<4x!y> {
  %d = qnt.dequantize %q : tensor<4x!x> -> tensor<4xf32>
  %r = tosa.clamp %d {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %rq = qnt.quantize %r : tensor<4xf32> -> tensor<4x!y>
  return %rq : tensor<4x!y>
}

// -----

/// Weight-only quantization: a float input and dequantized weights is not a
/// failed fusion (no remark); the convolution stays for
/// convert-qnt-to-linalg's weight-only lowering.
// CHECK-LABEL: func.func @weight_only_no_remark
// CHECK: %[[W:.*]] = qnt.dequantize
// CHECK: tosa.conv2d %arg0, %[[W]]
func.func @weight_only_no_remark(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %q = arith.constant dense<1> : tensor<2x1x1x2xi8>
  %s = quant.scast %q : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>>
  %w = qnt.dequantize %s : tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>> -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!y = !quant.uniform<u8:f32, 0.00390625>

/// Sigmoid of an 8-bit value: entry v is round(256 * sigmoid(0.1 * (v -
/// 128))), saturated at 255: 0 up to v = 65, 128 at v = 128, then 255.
// CHECK-LABEL: func.func @sigmoid_table
// CHECK: qnt.table %arg0 table = [0, 0,
// CHECK-SAME: 115, 122, 128, 134, 141,
// CHECK-SAME: 255, 255]
// CHECK-NOT: tosa.sigmoid
func.func @sigmoid_table(%q: tensor<1x4x!x>) -> tensor<1x4x!y> {
  %d = qnt.dequantize %q : tensor<1x4x!x> -> tensor<1x4xf32>
  %s = tosa.sigmoid %d : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %r = qnt.quantize %s : tensor<1x4xf32> -> tensor<1x4x!y>
  return %r : tensor<1x4x!y>
}

// -----

!x = !quant.uniform<i8:f32, 0.05>
!y = !quant.uniform<u8:f32, 0.02:20>

/// Hard-swish and an affine map by splat constants, reading the input
/// through two dequantize ops: one table over the 256 signed input values
/// (-128 first); the intermediate float ops are gone. Entries from numpy:
/// 170 (3.0) up to v = -60, then 168, 166, 165, 163, ...; v = -2..3 give
/// 166, 168, ..., 176.
// CHECK-LABEL: func.func @hardswish_table
// CHECK-NEXT: %[[T:.*]] = qnt.table %arg0 table = [170, 170, 170, 170,
// CHECK-SAME: 170, 168, 166, 165, 163,
// CHECK-SAME: 166, 168, 170, 172, 174, 176,
// CHECK-NEXT: return %[[T]]
func.func @hardswish_table(%q: tensor<1x2x2x4x!x>) -> tensor<1x2x2x4x!y> {
  %three = "tosa.const"() <{values = dense<3.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %sixth = "tosa.const"() <{values = dense<0.1666667> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %a = "tosa.const"() <{values = dense<1.5> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %d0 = qnt.dequantize %q : tensor<1x2x2x4x!x> -> tensor<1x2x2x4xf32>
  %d1 = qnt.dequantize %q : tensor<1x2x2x4x!x> -> tensor<1x2x2x4xf32>
  %0 = tosa.add %d0, %three : (tensor<1x2x2x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x4xf32>
  %1 = tosa.clamp %0 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  %2 = tosa.mul %d1, %1, %s : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1xi8>) -> tensor<1x2x2x4xf32>
  %3 = tosa.mul %2, %sixth, %s : (tensor<1x2x2x4xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x2x2x4xf32>
  %4 = tosa.mul %3, %a, %s : (tensor<1x2x2x4xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x2x2x4xf32>
  %5 = tosa.add %4, %three : (tensor<1x2x2x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x4xf32>
  %r = qnt.quantize %5 : tensor<1x2x2x4xf32> -> tensor<1x2x2x4x!y>
  return %r : tensor<1x2x2x4x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:3>

/// A constant with one value per channel of the last axis (a batch
/// normalization's scale and shift): one table of 256 entries per channel,
/// channel 0's first (x * 1 + 0.5), then channel 1's (x * 2 + 0.5), each
/// storage v giving round((0.1 * (v - 3) * s + 0.5) / 0.1) + 3 within [0, 255].
// CHECK-LABEL: func.func @per_channel_constant
// CHECK: qnt.table %arg0 table = [5, 6, 7, 8,
// CHECK-SAME: 255, 255, 2, 4, 6, 8,
// CHECK-NOT: tosa.mul
func.func @per_channel_constant(%q: tensor<1x2x!x>) -> tensor<1x2x!x> {
  %c = "tosa.const"() <{values = dense<[[1.0, 2.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %h = "tosa.const"() <{values = dense<0.5> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %d = qnt.dequantize %q : tensor<1x2x!x> -> tensor<1x2xf32>
  %m = tosa.mul %d, %c, %s : (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1xi8>) -> tensor<1x2xf32>
  %a = tosa.add %m, %h : (tensor<1x2xf32>, tensor<1x1xf32>) -> tensor<1x2xf32>
  %r = qnt.quantize %a : tensor<1x2xf32> -> tensor<1x2x!x>
  return %r : tensor<1x2x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:3>

/// Negative case: a constant that varies along another axis than the last
/// would need a table per element; the mul stays float, reported.
// CHECK-LABEL: func.func @per_row_constant
// CHECK: tosa.mul
// CHECK-NOT: qnt.table
func.func @per_row_constant(%q: tensor<2x2x!x>) -> tensor<2x2x!x> {
  %c = "tosa.const"() <{values = dense<[[1.0], [2.0]]> : tensor<2x1xf32>}> : () -> tensor<2x1xf32>
  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %d = qnt.dequantize %q : tensor<2x2x!x> -> tensor<2x2xf32>
  // expected-remark@+1 {{'tosa.mul' stays float}}
  %m = tosa.mul %d, %c, %s : (tensor<2x2xf32>, tensor<2x1xf32>, tensor<1xi8>) -> tensor<2x2xf32>
  %r = qnt.quantize %m : tensor<2x2xf32> -> tensor<2x2x!x>
  return %r : tensor<2x2x!x>
}
