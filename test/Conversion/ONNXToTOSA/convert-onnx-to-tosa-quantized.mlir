// RUN: qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa),canonicalize)" | FileCheck %s

/// Quantized ONNX ops become qnt ops whose !quant.uniform types carry the
/// model's scales and zero points exactly (f32 values widened to double).
/// Canonicalization folds the storage casts between nodes.

// CHECK-LABEL: func.func @qdq
// CHECK: %[[Q:.*]] = qnt.quantize %arg0 : tensor<1x3x2x2xf32> -> tensor<1x3x2x2x!quant.uniform<u8:f32, 5.000000e-01:128>>
// CHECK: %[[D:.*]] = qnt.dequantize %[[Q]] : tensor<1x3x2x2x!quant.uniform<u8:f32, 5.000000e-01:128>> -> tensor<1x3x2x2xf32>
// CHECK: %[[Q2:.*]] = qnt.quantize %[[D]] : tensor<1x3x2x2xf32> -> tensor<1x3x2x2x!quant.uniform<i8:f32:1, {0.10000000149011612,0.20000000298023224,0.40000000596046448}>>
// CHECK: qnt.dequantize %[[Q2]]
// CHECK-NOT: quant.scast
func.func @qdq(%x: tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32> {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<128> : tensor<ui8>
  %0 = onnx.node "QuantizeLinear"(%x, %s, %z) {node_attributes = {}, opset = 13 : i64} : (tensor<1x3x2x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x3x2x2xui8>
  %1 = onnx.node "DequantizeLinear"(%0, %s, %z) {node_attributes = {}, opset = 13 : i64} : (tensor<1x3x2x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x3x2x2xf32>
  %ws = arith.constant dense<[0.1, 0.2, 0.4]> : tensor<3xf32>
  %wz = arith.constant dense<0> : tensor<3xi8>
  %2 = onnx.node "QuantizeLinear"(%1, %ws, %wz) {node_attributes = {axis = 1 : si64}, opset = 13 : i64} : (tensor<1x3x2x2xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<1x3x2x2xi8>
  %3 = onnx.node "DequantizeLinear"(%2, %ws, %wz) {node_attributes = {axis = -3 : si64}, opset = 13 : i64} : (tensor<1x3x2x2xi8>, tensor<3xf32>, tensor<3xi8>) -> tensor<1x3x2x2xf32>
  return %3 : tensor<1x3x2x2xf32>
}

// -----

/// A QDQ weight: an int8 initializer dequantized per output channel.
// CHECK-LABEL: func.func @qdq_weight
// CHECK: %[[W:.*]] = arith.constant dense<[1, -2]> : tensor<2xi8>
// CHECK: %[[S:.*]] = quant.scast %[[W]] : tensor<2xi8> to tensor<2x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>>
// CHECK: qnt.dequantize %[[S]]
func.func @qdq_weight() -> tensor<2xf32> {
  %w = arith.constant dense<[1, -2]> : tensor<2xi8>
  %s = arith.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %0 = onnx.node "DequantizeLinear"(%w, %s) {node_attributes = {axis = 0 : si64}, opset = 13 : i64} : (tensor<2xi8>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

/// QLinearConv: NHWC between transposes, OHWI weights per output channel,
/// the int32 bias typed with scale x_scale * w_scale per channel.
// CHECK-LABEL: func.func @qlinear_conv
// CHECK: %[[X:.*]] = tensor.bitcast %arg0 : tensor<1x2x5x5xui8> to tensor<1x2x5x5xi8>
// CHECK: %[[XT:.*]] = tosa.transpose %[[X]] {perms = array<i32: 0, 2, 3, 1>}
// CHECK: %[[XQ:.*]] = quant.scast %[[XT]] : tensor<1x5x5x2xi8> to tensor<1x5x5x2x!quant.uniform<u8:f32, 0.019999999552965164:128>>
// CHECK: %[[WT:.*]] = tosa.transpose %{{.*}} {perms = array<i32: 0, 2, 3, 1>} : (tensor<3x2x3x3xi8>) -> tensor<3x3x3x2xi8>
// CHECK: %[[WQ:.*]] = quant.scast %[[WT]] : tensor<3x3x3x2xi8> to tensor<3x3x3x2x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01,1.250000e-01}>>
// CHECK: %[[BQ:.*]] = quant.scast %{{.*}} : tensor<3xi32> to tensor<3x!quant.uniform<i32:f32:0, {0.0099999997764825821,0.004999999888241291,0.0024999999441206455}>>
// CHECK: %[[Y:.*]] = qnt.conv2d %[[XQ]], %[[WQ]], %[[BQ]] pad = [1, 1, 1, 1] stride = [2, 2] dilation = [1, 1] : {{.*}} -> tensor<1x3x3x3x!quant.uniform<u8:f32, 0.10000000149011612:3>>
// CHECK: %[[YS:.*]] = quant.scast %[[Y]] : {{.*}} to tensor<1x3x3x3xi8>
// CHECK: %[[YT:.*]] = tosa.transpose %[[YS]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK: %[[R:.*]] = tensor.bitcast %[[YT]] : tensor<1x3x3x3xi8> to tensor<1x3x3x3xui8>
// CHECK: return %[[R]]
func.func @qlinear_conv(%x: tensor<1x2x5x5xui8>) -> tensor<1x3x3x3xui8> {
  %xs = arith.constant dense<0.02> : tensor<f32>
  %xz = arith.constant dense<128> : tensor<ui8>
  %w = arith.constant dense<[[[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[-1, -2, -3], [-4, -5, -6], [-7, -8, -9]]], [[[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 0, 0], [0, 1, 0], [0, 0, 0]]], [[[2, 2, 2], [2, 2, 2], [2, 2, 2]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]> : tensor<3x2x3x3xi8>
  %ws = arith.constant dense<[0.5, 0.25, 0.125]> : tensor<3xf32>
  %wz = arith.constant dense<0> : tensor<3xi8>
  %ys = arith.constant dense<0.1> : tensor<f32>
  %yz = arith.constant dense<3> : tensor<ui8>
  %b = arith.constant dense<[100, -200, 300]> : tensor<3xi32>
  %0 = onnx.node "QLinearConv"(%x, %xs, %xz, %w, %ws, %wz, %ys, %yz, %b) {node_attributes = {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}, opset = 10 : i64, name = "conv"} : (tensor<1x2x5x5xui8>, tensor<f32>, tensor<ui8>, tensor<3x2x3x3xi8>, tensor<3xf32>, tensor<3xi8>, tensor<f32>, tensor<ui8>, tensor<3xi32>) -> tensor<1x3x3x3xui8>
  return %0 : tensor<1x3x3x3xui8>
}

// -----

/// Depthwise (group = channels): TOSA's [KH, KW, C, M] kernel, per-channel
/// parameters on axis 2; omitted zero points are 0; auto_pad resolved.
// CHECK-LABEL: func.func @qlinear_depthwise
// CHECK: %[[W:.*]] = quant.scast %{{.*}} : tensor<3x3x2x1xi8> to tensor<3x3x2x1x!quant.uniform<i8:f32:2, {5.000000e-01,2.500000e-01}>>
// CHECK: qnt.depthwise_conv2d %{{.*}}, %[[W]] pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.019999999552965164>>, {{.*}}) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.10000000149011612>>

func.func @qlinear_depthwise(%x: tensor<1x2x4x4xi8>) -> tensor<1x2x4x4xi8> {
  %xs = arith.constant dense<0.02> : tensor<f32>
  %w = arith.constant dense<1> : tensor<2x1x3x3xi8>
  %ws = arith.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %ys = arith.constant dense<0.1> : tensor<f32>
  %none = onnx.none
  %0 = onnx.node "QLinearConv"(%x, %xs, %none, %w, %ws, %none, %ys, %none) {node_attributes = {group = 2 : si64, auto_pad = "SAME_UPPER"}, opset = 10 : i64} : (tensor<1x2x4x4xi8>, tensor<f32>, none, tensor<2x1x3x3xi8>, tensor<2xf32>, none, tensor<f32>, none) -> tensor<1x2x4x4xi8>
  return %0 : tensor<1x2x4x4xi8>
}

// -----

/// QLinearMatMul: batched (rank 3) and a 2-D per-column second operand.
// CHECK-LABEL: func.func @qlinear_matmul
// CHECK: qnt.matmul %{{.*}}, %{{.*}} : (tensor<2x2x4x!quant.uniform<u8:f32, 0.019999999552965164:10>>, tensor<2x4x3x!quant.uniform<i8:f32, 5.000000e-01>>) -> tensor<2x2x3x!quant.uniform<u8:f32, 0.10000000149011612:3>>
// CHECK: qnt.matmul %{{.*}}, %{{.*}} : (tensor<5x4x!quant.uniform<u8:f32, 0.019999999552965164:10>>, tensor<4x3x!quant.uniform<i8:f32:1, {5.000000e-01,2.500000e-01,1.250000e-01}>>) -> tensor<5x3x!quant.uniform<u8:f32, 0.10000000149011612:3>>

func.func @qlinear_matmul(%a: tensor<2x2x4xui8>, %b: tensor<2x4x3xi8>, %a2: tensor<5x4xui8>) -> (tensor<2x2x3xui8>, tensor<5x3xui8>) {
  %as = arith.constant dense<0.02> : tensor<f32>
  %az = arith.constant dense<10> : tensor<ui8>
  %bs = arith.constant dense<0.5> : tensor<f32>
  %bz = arith.constant dense<0> : tensor<i8>
  %ys = arith.constant dense<0.1> : tensor<f32>
  %yz = arith.constant dense<3> : tensor<ui8>
  %0 = onnx.node "QLinearMatMul"(%a, %as, %az, %b, %bs, %bz, %ys, %yz) {node_attributes = {}, opset = 10 : i64} : (tensor<2x2x4xui8>, tensor<f32>, tensor<ui8>, tensor<2x4x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<ui8>) -> tensor<2x2x3xui8>
  %w = arith.constant dense<1> : tensor<4x3xi8>
  %cs = arith.constant dense<[0.5, 0.25, 0.125]> : tensor<3xf32>
  %cz = arith.constant dense<0> : tensor<3xi8>
  %1 = onnx.node "QLinearMatMul"(%a2, %as, %az, %w, %cs, %cz, %ys, %yz) {node_attributes = {}, opset = 10 : i64} : (tensor<5x4xui8>, tensor<f32>, tensor<ui8>, tensor<4x3xi8>, tensor<3xf32>, tensor<3xi8>, tensor<f32>, tensor<ui8>) -> tensor<5x3xui8>
  return %0, %1 : tensor<2x2x3xui8>, tensor<5x3xui8>
}

// -----

/// MatMulInteger and ConvInteger: unit scales, the zero points as given, an
/// i32 result whose multiplier is 1 (the accumulator itself).
// CHECK-LABEL: func.func @integer
// CHECK: qnt.matmul %{{.*}}, %{{.*}} : (tensor<4x3x!quant.uniform<u8:f32, 1.000000e+00:12>>, tensor<3x2x!quant.uniform<u8:f32:1, {1.000000e+00,1.000000e+00:1}>>) -> tensor<4x2x!quant.uniform<i32:f32, 1.000000e+00>>
// CHECK: qnt.conv2d %{{.*}}, %{{.*}} pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] : (tensor<1x3x3x1x!quant.uniform<u8:f32, 1.000000e+00:1>>, tensor<1x2x2x1x!quant.uniform<u8:f32, 1.000000e+00>>) -> tensor<1x4x4x1x!quant.uniform<i32:f32, 1.000000e+00>>
func.func @integer(%a: tensor<4x3xui8>, %b: tensor<3x2xui8>, %x: tensor<1x1x3x3xui8>, %w: tensor<1x1x2x2xui8>) -> (tensor<4x2xi32>, tensor<1x1x4x4xi32>) {
  %az = arith.constant dense<12> : tensor<ui8>
  %bz = arith.constant dense<[0, 1]> : tensor<2xui8>
  %0 = onnx.node "MatMulInteger"(%a, %b, %az, %bz) {node_attributes = {}, opset = 10 : i64} : (tensor<4x3xui8>, tensor<3x2xui8>, tensor<ui8>, tensor<2xui8>) -> tensor<4x2xi32>
  %xz = arith.constant dense<1> : tensor<ui8>
  %1 = onnx.node "ConvInteger"(%x, %w, %xz) {node_attributes = {pads = array<i64: 1, 1, 1, 1>}, opset = 10 : i64} : (tensor<1x1x3x3xui8>, tensor<1x1x2x2xui8>, tensor<ui8>) -> tensor<1x1x4x4xi32>
  return %0, %1 : tensor<4x2xi32>, tensor<1x1x4x4xi32>
}

// -----

/// Negative case: a function without ONNX nodes is unchanged.
// CHECK-LABEL: func.func @no_nodes
// CHECK-NEXT: qnt.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK-NEXT: return
func.func @no_nodes(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<u8:f32, 0.1:3>> {
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1:3>>
  return %0 : tensor<4x!quant.uniform<u8:f32, 0.1:3>>
}

// -----

/// DynamicQuantizeLinear computes its u8 parameters at run time in float
/// TOSA: range including 0, scale, zero point, quotient rounded half to even
/// by the float-to-int cast, clamped to [0, 255].
// CHECK-LABEL: func.func @dynamic_quantize
// CHECK: tosa.reduce_max
// CHECK: tosa.reduce_min
// CHECK: tosa.reciprocal
// CHECK: tosa.cast %{{.*}} : (tensor<1x1xf32>) -> tensor<1x1xi32>
// CHECK: tosa.cast %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xi32>
// CHECK: tosa.clamp %{{.*}} {max_val = 255 : i32, min_val = 0 : i32} : (tensor<2x3xi32>) -> tensor<2x3xi32>
// CHECK: %[[Y:.*]] = tensor.bitcast %{{.*}} : tensor<2x3xi8> to tensor<2x3xui8>
// CHECK: %[[Z:.*]] = tensor.bitcast %{{.*}} : tensor<i8> to tensor<ui8>
// CHECK: return %[[Y]], %{{.*}}, %[[Z]] : tensor<2x3xui8>, tensor<f32>, tensor<ui8>
func.func @dynamic_quantize(%x: tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>) {
  %0:3 = onnx.node "DynamicQuantizeLinear"(%x) {node_attributes = {}, opset = 11 : i64} : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>)
  return %0#0, %0#1, %0#2 : tensor<2x3xui8>, tensor<f32>, tensor<ui8>
}
