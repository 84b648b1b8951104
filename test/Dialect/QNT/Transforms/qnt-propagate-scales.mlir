// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --pass-pipeline="builtin.module(func.func(qnt-propagate-scales))" | FileCheck %s

!a = !quant.uniform<u8:f32, 0.1:10>
!b = !quant.uniform<u8:f32, 0.2:20>
!p = !quant.uniform<u8:f32, 0.05:0>

/// A same-scale op's calibrated result takes its operand's parameters.
// CHECK-LABEL: func.func @max_pool
// CHECK: %[[P:.*]] = tosa.max_pool2d
// CHECK: qnt.quantize %[[P]] {qnt.calibrated} : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!quant.uniform<u8:f32, 1.000000e-01:10>>
func.func @max_pool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %q = qnt.quantize %x {qnt.calibrated} : tensor<1x4x4x1xf32> -> tensor<1x4x4x1x!a>
  %d = qnt.dequantize %q : tensor<1x4x4x1x!a> -> tensor<1x4x4x1xf32>
  %p = tosa.max_pool2d %d {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32>
  %q2 = qnt.quantize %p {qnt.calibrated} : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!b>
  %d2 = qnt.dequantize %q2 : tensor<1x2x2x1x!b> -> tensor<1x2x2x1xf32>
  return %d2 : tensor<1x2x2x1xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:10>
!b = !quant.uniform<u8:f32, 0.2:20>

/// Concat of inputs with different ranges: the calibrated result's
/// parameters cover every part, and the operands, read by the concat only,
/// are written with them directly (the first operand's would clip the other).
// CHECK-LABEL: func.func @concat
// CHECK: qnt.quantize %arg0 {qnt.calibrated} : tensor<2xf32> -> tensor<2x!quant.uniform<u8:f32, 3.000000e-01>>
// CHECK: qnt.quantize %arg1 {qnt.calibrated} : tensor<2xf32> -> tensor<2x!quant.uniform<u8:f32, 3.000000e-01>>
// CHECK-NOT: qnt.requantize
// CHECK: %[[C:.*]] = tosa.concat
// CHECK: qnt.quantize %[[C]] {qnt.calibrated} : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 3.000000e-01>>
func.func @concat(%x: tensor<2xf32>, %y: tensor<2xf32>) -> tensor<4xf32> {
  %qx = qnt.quantize %x {qnt.calibrated} : tensor<2xf32> -> tensor<2x!a>
  %dx = qnt.dequantize %qx : tensor<2x!a> -> tensor<2xf32>
  %qy = qnt.quantize %y {qnt.calibrated} : tensor<2xf32> -> tensor<2x!b>
  %dy = qnt.dequantize %qy : tensor<2x!b> -> tensor<2xf32>
  %c = tosa.concat %dx, %dy {axis = 0 : i32} : (tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
  %qc = qnt.quantize %c {qnt.calibrated} : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.3:0>>
  %dc = qnt.dequantize %qc : tensor<4x!quant.uniform<u8:f32, 0.3:0>> -> tensor<4xf32>
  return %dc : tensor<4xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:10>
!b = !quant.uniform<u8:f32, 0.2:20>

/// A concat whose result is not quantized takes the widest operand's
/// parameters; the operand with a narrower range is requantized for it.
// CHECK-LABEL: func.func @concat_float_result
// CHECK: %[[QX:.*]] = qnt.quantize %arg0 {qnt.calibrated} : tensor<2xf32> -> tensor<2x!quant.uniform<u8:f32, 1.000000e-01:10>>
// CHECK: qnt.requantize %[[QX]] : tensor<2x!quant.uniform<u8:f32, 1.000000e-01:10>> -> tensor<2x!quant.uniform<u8:f32, 2.000000e-01:20>>
// CHECK: tosa.concat
func.func @concat_float_result(%x: tensor<2xf32>, %y: tensor<2xf32>) -> (tensor<2xf32>, tensor<4xf32>) {
  %qx = qnt.quantize %x {qnt.calibrated} : tensor<2xf32> -> tensor<2x!a>
  %dx = qnt.dequantize %qx : tensor<2x!a> -> tensor<2xf32>
  %qy = qnt.quantize %y {qnt.calibrated} : tensor<2xf32> -> tensor<2x!b>
  %dy = qnt.dequantize %qy : tensor<2x!b> -> tensor<2xf32>
  %n = tosa.abs %dx : (tensor<2xf32>) -> tensor<2xf32>
  // expected-remark@+1 {{operand #0 requantized from !quant.uniform<u8:f32, 1.000000e-01:10> to !quant.uniform<u8:f32, 2.000000e-01:20>: its parameters are fixed elsewhere}}
  %c = tosa.concat %dx, %dy {axis = 0 : i32} : (tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
  return %n, %c : tensor<2xf32>, tensor<4xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:10>
!b = !quant.uniform<u8:f32, 0.2:20>

/// A value with two consumers: the reshape shares its parameters; the
/// concat, whose first operand decides, requantizes it for its use only.
// CHECK-LABEL: func.func @two_consumers
// CHECK: %[[QX:.*]] = qnt.quantize %arg0 {qnt.calibrated} : tensor<2xf32> -> tensor<2x!quant.uniform<u8:f32, 1.000000e-01:10>>
// CHECK: tosa.reshape
// CHECK: qnt.quantize %{{.*}} {qnt.calibrated} : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<u8:f32, 1.000000e-01:10>>
// CHECK: qnt.requantize %[[QX]] : tensor<2x!quant.uniform<u8:f32, 1.000000e-01:10>> -> tensor<2x!quant.uniform<u8:f32, 2.000000e-01:20>>
// CHECK: tosa.concat
func.func @two_consumers(%x: tensor<2xf32>, %y: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<4xf32>) {
  %qx = qnt.quantize %x {qnt.calibrated} : tensor<2xf32> -> tensor<2x!a>
  %dx = qnt.dequantize %qx : tensor<2x!a> -> tensor<2xf32>
  %qy = qnt.quantize %y {qnt.calibrated} : tensor<2xf32> -> tensor<2x!b>
  %dy = qnt.dequantize %qy : tensor<2x!b> -> tensor<2xf32>
  %shape = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %dx, %shape : (tensor<2xf32>, !tosa.shape<2>) -> tensor<1x2xf32>
  %qr = qnt.quantize %r {qnt.calibrated} : tensor<1x2xf32> -> tensor<1x2x!b>
  %dr = qnt.dequantize %qr : tensor<1x2x!b> -> tensor<1x2xf32>
  // expected-remark@+1 {{operand #1 requantized from !quant.uniform<u8:f32, 1.000000e-01:10> to !quant.uniform<u8:f32, 2.000000e-01:20>}}
  %c = tosa.concat %dy, %dx {axis = 0 : i32} : (tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
  %qc = qnt.quantize %c {qnt.calibrated} : tensor<4xf32> -> tensor<4x!b>
  %dc = qnt.dequantize %qc : tensor<4x!b> -> tensor<4xf32>
  return %dr, %dc : tensor<1x2xf32>, tensor<4xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:10>
!p = !quant.uniform<u8:f32, 0.05:0>

/// A QAT model: the pinned result parameters win and the calibrated
/// operand takes them; pinned parameters never change.
// CHECK-LABEL: func.func @pinned_result
// CHECK: qnt.quantize %arg0 {qnt.calibrated} : tensor<1x4x4x1xf32> -> tensor<1x4x4x1x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: qnt.quantize %{{.*}} : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!quant.uniform<u8:f32, 5.000000e-02>>
func.func @pinned_result(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %q = qnt.quantize %x {qnt.calibrated} : tensor<1x4x4x1xf32> -> tensor<1x4x4x1x!a>
  %d = qnt.dequantize %q : tensor<1x4x4x1x!a> -> tensor<1x4x4x1xf32>
  %p = tosa.max_pool2d %d {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32>
  %q2 = qnt.quantize %p : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!p>
  %d2 = qnt.dequantize %q2 : tensor<1x2x2x1x!p> -> tensor<1x2x2x1xf32>
  return %d2 : tensor<1x2x2x1xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:10>
!p = !quant.uniform<u8:f32, 0.05:0>

/// Pinned operand and pinned result that differ: the operand's parameters
/// are shared, the result requantized to its pinned ones.
// CHECK-LABEL: func.func @pinned_both
// CHECK: %[[S:.*]] = qnt.quantize %{{.*}} : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!quant.uniform<u8:f32, 1.000000e-01:10>>
// CHECK: %[[R:.*]] = qnt.requantize %[[S]] : tensor<1x2x2x1x!quant.uniform<u8:f32, 1.000000e-01:10>> -> tensor<1x2x2x1x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: qnt.dequantize %[[R]]
func.func @pinned_both(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %q = qnt.quantize %x : tensor<1x4x4x1xf32> -> tensor<1x4x4x1x!a>
  %d = qnt.dequantize %q : tensor<1x4x4x1x!a> -> tensor<1x4x4x1xf32>
  // expected-remark@+1 {{result requantized from !quant.uniform<u8:f32, 1.000000e-01:10> (shared with the operands) to the pinned !quant.uniform<u8:f32, 5.000000e-02>}}
  %p = tosa.max_pool2d %d {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32>
  %q2 = qnt.quantize %p : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!p>
  %d2 = qnt.dequantize %q2 : tensor<1x2x2x1x!p> -> tensor<1x2x2x1xf32>
  return %d2 : tensor<1x2x2x1xf32>
}

// -----

/// Fixed-range ops: sigmoid u8 1/256 zero point 0, tanh i8 1/128 zero point 0.
// CHECK-LABEL: func.func @fixed_range
// CHECK: qnt.quantize %{{.*}} {qnt.calibrated} : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK: qnt.quantize %{{.*}} {qnt.calibrated} : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 7.812500e-03>>
func.func @fixed_range(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %s = tosa.sigmoid %x : (tensor<4xf32>) -> tensor<4xf32>
  %qs = qnt.quantize %s {qnt.calibrated} : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.003:2>>
  %ds = qnt.dequantize %qs : tensor<4x!quant.uniform<u8:f32, 0.003:2>> -> tensor<4xf32>
  %t = tosa.tanh %x : (tensor<4xf32>) -> tensor<4xf32>
  %qt = qnt.quantize %t {qnt.calibrated} : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.009>>
  %dt = qnt.dequantize %qt : tensor<4x!quant.uniform<i8:f32, 0.009>> -> tensor<4xf32>
  return %ds, %dt : tensor<4xf32>, tensor<4xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:10>
!b = !quant.uniform<u8:f32, 0.2:20>

/// Negative cases: a residual add rescales (not same-scale), and a float
/// operand keeps an op float: nothing changes.
// CHECK-LABEL: func.func @unchanged
// CHECK: qnt.quantize %{{.*}} {qnt.calibrated} : tensor<2xf32> -> tensor<2x!quant.uniform<u8:f32, 2.000000e-01:20>>
// CHECK: tosa.add
// CHECK: tosa.max_pool2d
// CHECK-NOT: qnt.requantize
func.func @unchanged(%x: tensor<2xf32>, %y: tensor<2xf32>, %f: tensor<1x4x4x1xf32>) -> (tensor<2xf32>, tensor<1x2x2x1xf32>) {
  %qx = qnt.quantize %x {qnt.calibrated} : tensor<2xf32> -> tensor<2x!a>
  %dx = qnt.dequantize %qx : tensor<2x!a> -> tensor<2xf32>
  %qy = qnt.quantize %y {qnt.calibrated} : tensor<2xf32> -> tensor<2x!b>
  %dy = qnt.dequantize %qy : tensor<2x!b> -> tensor<2xf32>
  %a = tosa.add %dx, %dy : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %p = tosa.max_pool2d %f {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32>
  %qp = qnt.quantize %p {qnt.calibrated} : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!b>
  %dp = qnt.dequantize %qp : tensor<1x2x2x1x!b> -> tensor<1x2x2x1xf32>
  return %a, %dp : tensor<2xf32>, tensor<1x2x2x1xf32>
}

// -----

/// A convolution's float bias becomes int32 with scale input x weight scale
/// per channel (0.1 x {0.5, 0.25}) and zero point 0.
// CHECK-LABEL: func.func @bias
// CHECK: %[[B:.*]] = arith.constant dense<[20, -40]> : tensor<2xi32>
// CHECK: %[[BQ:.*]] = quant.scast %[[B]] : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {5.000000e-02,2.500000e-02}>>
// CHECK: %[[BD:.*]] = qnt.dequantize %[[BQ]]
// CHECK: tosa.conv2d %{{.*}}, %{{.*}}, %[[BD]]
func.func @bias(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %q = qnt.quantize %x {qnt.calibrated} : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!quant.uniform<u8:f32, 0.1:10>>
  %d = qnt.dequantize %q : tensor<1x2x2x1x!quant.uniform<u8:f32, 0.1:10>> -> tensor<1x2x2x1xf32>
  %wi = arith.constant dense<[[[[2]]], [[[-4]]]]> : tensor<2x1x1x1xi8>
  %wq = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.5, 0.25}>>
  %w = qnt.dequantize %wq : tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.5, 0.25}>> -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<[1.0, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %d, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %c : tensor<1x2x2x2xf32>
}

// -----

/// A bias that would exceed 2^30 at scale input x weight: that channel's
/// bias and weight scales are raised (weights requantized), with a remark.
// CHECK-LABEL: func.func @bias_overflow
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}100]]], {{\[\[\[}}0]]]]> : tensor<2x1x1x1xi8>
// CHECK: quant.scast %[[W]] : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {1.000000e-03,0.0093132257461547852}>>
// CHECK: arith.constant dense<[1, 1073741824]> : tensor<2xi32>
// CHECK: tensor<2x!quant.uniform<i32:f32:0, {1.000000e-04,9.3132257461547852E-4}>>
func.func @bias_overflow(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %q = qnt.quantize %x {qnt.calibrated} : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!quant.uniform<u8:f32, 0.1:10>>
  %d = qnt.dequantize %q : tensor<1x2x2x1x!quant.uniform<u8:f32, 0.1:10>> -> tensor<1x2x2x1xf32>
  %wi = arith.constant dense<[[[[100]]], [[[100]]]]> : tensor<2x1x1x1xi8>
  %wq = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.001, 0.000001}>>
  %w = qnt.dequantize %wq : tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.001, 0.000001}>> -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<[0.0001, 1000000.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark@+1 {{the bias of 1 channel(s) would exceed 2^30 at scale input x weight: their bias and weight scales are raised}}
  %c = tosa.conv2d %d, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %c : tensor<1x2x2x2xf32>
}

// -----

/// The same for a depthwise convolution, whose weights [KH, KW, C, 1] are
/// quantized along dimension 2: channel 1's weights (1x2 taps of 100, 50)
/// and bias scale are raised, channel 0's stay.
// CHECK-LABEL: func.func @depthwise_bias_overflow
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[}}[100], [0]], {{\[\[}}50], [0]]]]> : tensor<1x2x2x1xi8>
// CHECK: quant.scast %[[W]] : tensor<1x2x2x1xi8> to tensor<1x2x2x1x!quant.uniform<i8:f32:2, {1.000000e-03,0.0093132257461547852}>>
// CHECK: arith.constant dense<[1, 1073741824]> : tensor<2xi32>
// CHECK: tosa.depthwise_conv2d
func.func @depthwise_bias_overflow(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x1x2xf32> {
  %q = qnt.quantize %x {qnt.calibrated} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:10>>
  %d = qnt.dequantize %q : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:10>> -> tensor<1x2x2x2xf32>
  %wi = arith.constant dense<[[[[100], [100]], [[50], [50]]]]> : tensor<1x2x2x1xi8>
  %wq = quant.scast %wi : tensor<1x2x2x1xi8> to tensor<1x2x2x1x!quant.uniform<i8:f32:2, {0.001, 0.000001}>>
  %w = qnt.dequantize %wq : tensor<1x2x2x1x!quant.uniform<i8:f32:2, {0.001, 0.000001}>> -> tensor<1x2x2x1xf32>
  %b = "tosa.const"() <{values = dense<[0.0001, 1000000.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark@+1 {{the bias of 1 channel(s) would exceed 2^30 at scale input x weight: their bias and weight scales are raised}}
  %c = tosa.depthwise_conv2d %d, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x1x2xf32>
  return %c : tensor<1x2x1x2xf32>
}

// -----

/// Negative case: an input that is not quantized leaves the bias float.
// CHECK-LABEL: func.func @float_input_bias
// CHECK-NOT: i32:f32
func.func @float_input_bias(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %wi = arith.constant dense<[[[[2]]], [[[-4]]]]> : tensor<2x1x1x1xi8>
  %wq = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.5, 0.25}>>
  %w = qnt.dequantize %wq : tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.5, 0.25}>> -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<[1.0, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %c : tensor<1x2x2x2xf32>
}

// -----

/// Ops the ONNX conversion marks with a fixed range (the last op of a
/// Softmax or HardSigmoid) are quantized to [0, 1] like sigmoid.
// CHECK-LABEL: func.func @marked_fixed_range
// CHECK: qnt.quantize %{{.*}} {qnt.calibrated} : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 3.906250e-03>>
func.func @marked_fixed_range(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = tosa.clamp %x {max_val = 1.0 : f32, min_val = 0.0 : f32, qnt.fixed_range = array<f64: 0.0, 1.0>} : (tensor<4xf32>) -> tensor<4xf32>
  %q = qnt.quantize %y {qnt.calibrated} : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.002:5>>
  %d = qnt.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.002:5>> -> tensor<4xf32>
  return %d : tensor<4xf32>
}
