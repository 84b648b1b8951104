// RUN: qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa))" | FileCheck %s

// CHECK-LABEL: func.func @unary
// CHECK: tosa.clamp %arg0 {max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32}
// CHECK: tosa.sigmoid
// CHECK: tosa.tanh
// CHECK: tosa.exp
// CHECK: tosa.log
// CHECK-NOT: onnx.
func.func @unary(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.node "Relu"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = onnx.node "Sigmoid"(%0) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = onnx.node "Tanh"(%1) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = onnx.node "Exp"(%2) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = onnx.node "Log"(%3) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %4 : tensor<2x3xf32>
}

// -----

/// A function declaration (no body) beside the model is left alone.
// CHECK-LABEL: func.func private @declared(tensor<4xf16>) -> tensor<4xf16>
// CHECK-LABEL: func.func @beside_declaration
// CHECK: tosa.clamp
func.func private @declared(tensor<4xf16>) -> tensor<4xf16>
func.func @beside_declaration(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = onnx.node "Relu"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

/// Clip: bounds are attributes before opset 11, optional constant inputs
/// from 11 on (an omitted bound is unbounded).
// CHECK-LABEL: func.func @clip
// CHECK: tosa.clamp %arg0 {max_val = 6.000000e+00 : f32, min_val = 0.000000e+00 : f32}
// CHECK: tosa.clamp %{{.*}} {max_val = 6.000000e+00 : f32, min_val = -3.40282347E+38 : f32}
func.func @clip(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = onnx.node "Clip"(%x) {node_attributes = {min = 0.0 : f32, max = 6.0 : f32}, opset = 6 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  %none = onnx.none
  %six = arith.constant dense<6.0> : tensor<f32>
  %1 = onnx.node "Clip"(%0, %none, %six) {node_attributes = {}, opset = 13 : i64} : (tensor<4xf32>, none, tensor<f32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

/// Numpy broadcasting: the lower-rank operand is reshaped to equal rank.
// CHECK-LABEL: func.func @binary
// CHECK: %[[B:.*]] = tosa.reshape %arg1, %{{.*}} : (tensor<3xf32>, !tosa.shape<2>) -> tensor<1x3xf32>
// CHECK: tosa.add %arg0, %[[B]] : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
// CHECK: tosa.sub
// CHECK: tosa.mul
// CHECK: %[[R:.*]] = tosa.reciprocal
// CHECK: tosa.mul %{{.*}}, %[[R]]
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.node "Add"(%a, %b) {node_attributes = {}, opset = 14 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = onnx.node "Sub"(%0, %b) {node_attributes = {}, opset = 14 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = onnx.node "Mul"(%1, %b) {node_attributes = {}, opset = 14 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = onnx.node "Div"(%2, %b) {node_attributes = {}, opset = 14 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %3 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gemm
// CHECK: %[[BT:.*]] = tosa.transpose %arg1 {perms = array<i32: 1, 0>} : (tensor<5x4xf32>) -> tensor<4x5xf32>
// CHECK: tosa.matmul {{.*}} -> tensor<1x2x5xf32>
// CHECK: tosa.mul {{.*}} : (tensor<2x5xf32>, tensor<1x1xf32>, tensor<1xi8>)
// CHECK: tosa.add
func.func @gemm(%a: tensor<2x4xf32>, %b: tensor<5x4xf32>, %c: tensor<5xf32>) -> tensor<2x5xf32> {
  %0 = onnx.node "Gemm"(%a, %b, %c) {node_attributes = {transB = 1 : i64, alpha = 0.5 : f32}, opset = 13 : i64} : (tensor<2x4xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func.func @matmul
// CHECK: tosa.matmul {{.*}} : (tensor<3x4x5xf32>, tensor<3x5x6xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<3x4x6xf32>
func.func @matmul(%a: tensor<3x4x5xf32>, %b: tensor<3x5x6xf32>) -> tensor<3x4x6xf32> {
  %0 = onnx.node "MatMul"(%a, %b) {node_attributes = {}, opset = 13 : i64} : (tensor<3x4x5xf32>, tensor<3x5x6xf32>) -> tensor<3x4x6xf32>
  return %0 : tensor<3x4x6xf32>
}

// -----

/// A rank-4 activation by a rank-2 weight (a transformer's linear layer):
/// one 2-D product over all 2*3*4 rows.
// CHECK-LABEL: func.func @matmul_rank4_by_weight
// CHECK: tosa.reshape %arg0, {{.*}} -> tensor<1x24x5xf32>
// CHECK: tosa.reshape %arg1, {{.*}} -> tensor<1x5x6xf32>
// CHECK: tosa.matmul {{.*}} -> tensor<1x24x6xf32>
// CHECK-NOT: tosa.tile
// CHECK: tosa.reshape {{.*}} -> tensor<2x3x4x6xf32>
func.func @matmul_rank4_by_weight(%a: tensor<2x3x4x5xf32>, %b: tensor<5x6xf32>) -> tensor<2x3x4x6xf32> {
  %0 = onnx.node "MatMul"(%a, %b) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3x4x5xf32>, tensor<5x6xf32>) -> tensor<2x3x4x6xf32>
  return %0 : tensor<2x3x4x6xf32>
}

// -----

/// Broadcast batch dimensions ([2, 1] and [3]) are tiled to [2, 3].
// CHECK-LABEL: func.func @matmul_broadcast
// CHECK-DAG: tosa.tile {{.*}} -> tensor<2x3x4x5xf32>
// CHECK-DAG: tosa.tile {{.*}} -> tensor<2x3x5x6xf32>
// CHECK: tosa.matmul {{.*}} -> tensor<6x4x6xf32>
func.func @matmul_broadcast(%a: tensor<2x1x4x5xf32>, %b: tensor<3x5x6xf32>) -> tensor<2x3x4x6xf32> {
  %0 = onnx.node "MatMul"(%a, %b) {node_attributes = {}, opset = 13 : i64} : (tensor<2x1x4x5xf32>, tensor<3x5x6xf32>) -> tensor<2x3x4x6xf32>
  return %0 : tensor<2x3x4x6xf32>
}

// -----

/// Rank-1 operands: a vector times a matrix, a matrix times a vector.
// CHECK-LABEL: func.func @matmul_vectors
// CHECK: tosa.matmul {{.*}} -> tensor<1x1x6xf32>
// CHECK: tosa.reshape {{.*}} -> tensor<6xf32>
// CHECK: tosa.matmul {{.*}} -> tensor<1x6x1xf32>
// CHECK: tosa.reshape {{.*}} -> tensor<6xf32>
func.func @matmul_vectors(%v: tensor<5xf32>, %m: tensor<5x6xf32>, %t: tensor<6x5xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %0 = onnx.node "MatMul"(%v, %m) {node_attributes = {}, opset = 13 : i64} : (tensor<5xf32>, tensor<5x6xf32>) -> tensor<6xf32>
  %1 = onnx.node "MatMul"(%t, %v) {node_attributes = {}, opset = 13 : i64} : (tensor<6x5xf32>, tensor<5xf32>) -> tensor<6xf32>
  return %0, %1 : tensor<6xf32>, tensor<6xf32>
}

// -----

/// NCHW conv: transposes to NHWC around the TOSA conv; ONNX pads
/// [h_begin, w_begin, h_end, w_end] become TOSA's [top, bottom, left, right];
/// a trailing pad no output uses is dropped (height: stride 2 over
/// 8 + 1 + 1 - 3 = 7 leaves one unused row; width: 8 + 2 + 1 - 3 = 8 is even).
// CHECK-LABEL: func.func @conv
// CHECK: tosa.transpose %arg0 {perms = array<i32: 0, 2, 3, 1>}
// CHECK: tosa.transpose %arg1 {perms = array<i32: 0, 2, 3, 1>}
// CHECK: tosa.conv2d {{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 2, 1>, stride = array<i64: 2, 2>}
// CHECK-SAME: -> tensor<1x4x5x4xf32>
// CHECK: tosa.transpose %{{.*}} {perms = array<i32: 0, 3, 1, 2>}
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x4x5xf32> {
  %0 = onnx.node "Conv"(%x, %w) {node_attributes = {pads = array<i64: 1, 2, 1, 1>, strides = array<i64: 2, 2>}, opset = 11 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x5xf32>
  return %0 : tensor<1x4x4x5xf32>
}

// -----

/// group = channels is a depthwise convolution; auto_pad SAME_UPPER.
// CHECK-LABEL: func.func @depthwise
// CHECK: tosa.depthwise_conv2d {{.*}} pad = array<i64: 1, 1, 1, 1>
func.func @depthwise(%x: tensor<1x4x6x6xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = onnx.node "Conv"(%x, %w) {node_attributes = {group = 4 : i64, auto_pad = "SAME_UPPER"}, opset = 11 : i64} : (tensor<1x4x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// CHECK-LABEL: func.func @pools
// CHECK: tosa.max_pool2d {{.*}} {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
// CHECK: tosa.avg_pool2d {{.*}} {acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
// CHECK: tosa.avg_pool2d {{.*}} {acc_type = f32, kernel = array<i64: 4, 4>
func.func @pools(%x: tensor<1x2x8x8xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x8x8xf32>, tensor<1x2x1x1xf32>) {
  %0 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}, opset = 12 : i64} : (tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32>
  %1 = onnx.node "AveragePool"(%x) {node_attributes = {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>}, opset = 11 : i64} : (tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  %2 = onnx.node "GlobalAveragePool"(%0) {node_attributes = {}, opset = 1 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  return %0, %1, %2 : tensor<1x2x4x4xf32>, tensor<1x2x8x8xf32>, tensor<1x2x1x1xf32>
}

// -----

/// Dilated max pooling: one slice per kernel tap of the input padded with
/// -inf, subsampled by the stride (a 1x1 max pool), and their maximum.
/// Bytes: uint8 pools as int8 with the top bit flipped (order kept); int8
/// Clip is an integer clamp.
// CHECK-LABEL: func.func @integer_and_dilated_pools
// CHECK: %[[P:.*]] = tosa.pad %{{.*}} : (tensor<1x5x5x1xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x7x7x1xf32>
// CHECK: tosa.slice %[[P]]
// CHECK: tosa.slice %[[P]]
// CHECK: tosa.maximum
// CHECK: tosa.slice %[[P]]
// CHECK: tosa.maximum
// CHECK: tosa.slice %[[P]]
// CHECK: tosa.maximum
// CHECK: tensor.bitcast %arg1 : tensor<1x1x4x4xui8> to tensor<1x1x4x4xi8>
// CHECK: tosa.bitwise_xor
// CHECK: tosa.max_pool2d {{.*}} -> tensor<1x2x2x1xi8>
// CHECK: tosa.bitwise_xor
// CHECK: tensor.bitcast {{.*}} to tensor<1x1x2x2xui8>
// CHECK: tosa.clamp %arg2 {max_val = 5 : i8, min_val = -3 : i8}
func.func @integer_and_dilated_pools(%x: tensor<1x1x5x5xf32>, %u: tensor<1x1x4x4xui8>, %c: tensor<4xi8>) -> (tensor<1x1x5x5xf32>, tensor<1x1x2x2xui8>, tensor<4xi8>) {
  %0 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2>, dilations = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>}, opset = 12 : i64} : (tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32>
  %1 = onnx.node "MaxPool"(%u) {node_attributes = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}, opset = 12 : i64} : (tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8>
  %lo = arith.constant dense<-3> : tensor<i8>
  %hi = arith.constant dense<5> : tensor<i8>
  %2 = onnx.node "Clip"(%c, %lo, %hi) {node_attributes = {}, opset = 13 : i64} : (tensor<4xi8>, tensor<i8>, tensor<i8>) -> tensor<4xi8>
  return %0, %1, %2 : tensor<1x1x5x5xf32>, tensor<1x1x2x2xui8>, tensor<4xi8>
}

// -----

/// Flatten and Reshape reshape to the inferred result shape; Identity and
/// inference-time Dropout forward their input.
// CHECK-LABEL: func.func @shapes
// CHECK: %[[F:.*]] = tosa.reshape %arg0, %{{.*}} -> tensor<1x32xf32>
// CHECK: %[[R:.*]] = tosa.reshape %[[F]], %{{.*}} -> tensor<4x8xf32>
// CHECK: return %[[R]]
func.func @shapes(%x: tensor<1x2x4x4xf32>, %shape: tensor<2xi64>) -> tensor<4x8xf32> {
  %0 = onnx.node "Flatten"(%x) {node_attributes = {axis = 1 : i64}, opset = 13 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x32xf32>
  %1 = onnx.node "Identity"(%0) {node_attributes = {}, opset = 13 : i64} : (tensor<1x32xf32>) -> tensor<1x32xf32>
  %2 = onnx.node "Dropout"(%1) {node_attributes = {}, opset = 13 : i64} : (tensor<1x32xf32>) -> tensor<1x32xf32>
  %3 = onnx.node "Reshape"(%2, %shape) {node_attributes = {}, opset = 14 : i64} : (tensor<1x32xf32>, tensor<2xi64>) -> tensor<4x8xf32>
  return %3 : tensor<4x8xf32>
}

// -----

/// No ONNX nodes: unchanged.
// CHECK-LABEL: func.func @negative_tosa
// CHECK-NEXT: tosa.exp
// CHECK-NEXT: return
func.func @negative_tosa(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = tosa.exp %x : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

/// Clip with a run-time bound: tosa.maximum, then a clamp for the constant.
// CHECK-LABEL: func.func @clip_runtime_bound
// CHECK: %[[LO:.*]] = tosa.reshape %arg1
// CHECK: %[[M:.*]] = tosa.maximum %arg0, %[[LO]]
// CHECK: tosa.clamp %[[M]] {max_val = 6.000000e+00 : f32, min_val = -3.40282347E+38 : f32}
func.func @clip_runtime_bound(%x: tensor<4xf32>, %lo: tensor<f32>) -> tensor<4xf32> {
  %six = arith.constant dense<6.0> : tensor<f32>
  %0 = onnx.node "Clip"(%x, %lo, %six) {node_attributes = {}, opset = 13 : i64} : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

/// ONNX floors the output size; TOSA needs exact division. Without trailing
/// padding to drop, the unused trailing input row and column are sliced off
/// ((5 - 2) / 2 leaves one).
// CHECK-LABEL: func.func @pool_floor
// CHECK: tosa.slice {{.*}} -> tensor<1x4x4x1xf32>
// CHECK: tosa.max_pool2d {{.*}} : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32>
func.func @pool_floor(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x2x2xf32> {
  %0 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}, opset = 12 : i64} : (tensor<1x1x5x5xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

/// Optional outputs that are not used need not be produced.
// CHECK-LABEL: func.func @unused_optional_output
// CHECK: tosa.max_pool2d
// CHECK-NOT: onnx.node
func.func @unused_optional_output(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0:2 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}, opset = 12 : i64} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>)
  return %0#0 : tensor<1x1x2x2xf32>
}

// -----

/// Softmax from opset 13: over one axis (max, sub, exp, sum, reciprocal, mul);
/// the last op carries its fixed output range for quantization.
// CHECK-LABEL: func.func @softmax13
// CHECK: tosa.reduce_max %arg0 {axis = 1 : i32}
// CHECK: tosa.sub
// CHECK: tosa.exp
// CHECK: tosa.reduce_sum {{.*}} {axis = 1 : i32}
// CHECK: tosa.reciprocal
// CHECK: tosa.mul {{.*}} {qnt.fixed_range = array<f64: 0.000000e+00, 1.000000e+00>}
func.func @softmax13(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = onnx.node "Softmax"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

/// Before opset 13, Softmax works on the input coerced to 2-D at `axis`.
// CHECK-LABEL: func.func @softmax11
// CHECK: tosa.reshape %arg0, %{{.*}} -> tensor<2x12xf32>
// CHECK: tosa.reduce_max {{.*}} {axis = 1 : i32}
// CHECK: tosa.reshape {{.*}} {qnt.fixed_range = array<f64: 0.000000e+00, 1.000000e+00>} {{.*}} -> tensor<2x3x4xf32>
func.func @softmax11(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = onnx.node "Softmax"(%x) {node_attributes = {axis = 1 : i64}, opset = 11 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

/// With constant scale and variance (as exported), the factor
/// scale / sqrt(var + epsilon) is one constant: 2 / sqrt(3 + 1) = 1,
/// 3 / sqrt(0 + 1) = 3.
// CHECK-LABEL: func.func @batchnorm_constant
// CHECK-NOT: tosa.rsqrt
// CHECK: %[[F:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>}>
// CHECK: tosa.sub %arg0
// CHECK: tosa.mul %{{.*}}, %[[F]]
func.func @batchnorm_constant(%x: tensor<1x2x2x2xf32>, %b: tensor<2xf32>, %m: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %s = "tosa.const"() <{values = dense<[2.0, 3.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %v = "tosa.const"() <{values = dense<[3.0, 0.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %0 = onnx.node "BatchNormalization"(%x, %s, %b, %m, %v) {node_attributes = {epsilon = 1.0 : f32}, opset = 15 : i64} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

/// Inference batch normalization on channel axis 1.
// CHECK-LABEL: func.func @batchnorm
// CHECK: tosa.rsqrt {{.*}} -> tensor<1x3x1x1xf32>
// CHECK: tosa.sub %arg0
// CHECK: tosa.mul
// CHECK: tosa.add {{.*}} -> tensor<2x3x4x4xf32>
func.func @batchnorm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %0 = onnx.node "BatchNormalization"(%x, %s, %b, %m, %v) {node_attributes = {epsilon = 1.0e-3 : f32}, opset = 15 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

/// Reductions over several axes, keepdims = 0; the mean scales the sum.
// CHECK-LABEL: func.func @reduce_mean
// CHECK: tosa.reduce_sum %arg0 {axis = 1 : i32}
// CHECK: tosa.reduce_sum {{.*}} {axis = 2 : i32}
// CHECK: tosa.reshape {{.*}} -> tensor<2xf32>
// CHECK: tosa.mul
func.func @reduce_mean(%x: tensor<2x3x4xf32>) -> tensor<2xf32> {
  %0 = onnx.node "ReduceMean"(%x) {node_attributes = {axes = array<i64: 1, -1>, keepdims = 0 : i64}, opset = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @shape_ops
// CHECK: tosa.transpose %arg0 {perms = array<i32: 2, 1, 0>}
// CHECK: tosa.concat {{.*}} {axis = 0 : i32}
func.func @shape_ops(%x: tensor<2x3x4xf32>) -> tensor<8x3x2xf32> {
  %0 = onnx.node "Transpose"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  %1 = onnx.node "Concat"(%0, %0) {node_attributes = {axis = -3 : i64}, opset = 13 : i64} : (tensor<4x3x2xf32>, tensor<4x3x2xf32>) -> tensor<8x3x2xf32>
  return %1 : tensor<8x3x2xf32>
}

// -----

/// LeakyRelu as a select; variadic Max folded pairwise with broadcasting.
// CHECK-LABEL: func.func @activations
// CHECK: tosa.greater_equal
// CHECK: tosa.select
// CHECK: tosa.maximum
// CHECK: tosa.maximum
func.func @activations(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.node "LeakyRelu"(%x) {node_attributes = {alpha = 0.1 : f32}, opset = 16 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = onnx.node "Max"(%0, %y, %x) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

/// Slice with constant starts/ends/axes (negative start counts from the
/// end); Pad in constant mode with a constant value.
// CHECK-LABEL: func.func @slice_pad
// CHECK: tosa.slice %arg0, %{{.*}}, %{{.*}} : (tensor<4x6xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<4x3xf32>
// CHECK: tosa.pad {{.*}} : (tensor<4x3xf32>, !tosa.shape<4>, tensor<1xf32>) -> tensor<5x6xf32>
func.func @slice_pad(%x: tensor<4x6xf32>) -> tensor<5x6xf32> {
  %starts = arith.constant dense<[-4]> : tensor<1xi64>
  %ends = arith.constant dense<[5]> : tensor<1xi64>
  %axes = arith.constant dense<[1]> : tensor<1xi64>
  %0 = onnx.node "Slice"(%x, %starts, %ends, %axes) {node_attributes = {}, opset = 13 : i64} : (tensor<4x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x3xf32>
  %pads = arith.constant dense<[1, 0, 0, 3]> : tensor<4xi64>
  %value = arith.constant dense<1.5> : tensor<f32>
  %1 = onnx.node "Pad"(%0, %pads, %value) {node_attributes = {}, opset = 13 : i64} : (tensor<4x3xf32>, tensor<4xi64>, tensor<f32>) -> tensor<5x6xf32>
  return %1 : tensor<5x6xf32>
}

// -----

/// Split into the inferred result shapes; GlobalMaxPool as a reduction over
/// the spatial axes.
// CHECK-LABEL: func.func @split_gmp
// CHECK: tosa.slice %arg0, {{.*}} -> tensor<1x2x4x4xf32>
// CHECK: tosa.slice %arg0, {{.*}} -> tensor<1x4x4x4xf32>
// CHECK: tosa.reduce_max {{.*}} {axis = 2 : i32}
// CHECK: tosa.reduce_max {{.*}} {axis = 3 : i32}
func.func @split_gmp(%x: tensor<1x6x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x4x1x1xf32>) {
  %s = arith.constant dense<[2, 4]> : tensor<2xi64>
  %0:2 = onnx.node "Split"(%x, %s) {node_attributes = {axis = 1 : i64}, opset = 13 : i64} : (tensor<1x6x4x4xf32>, tensor<2xi64>) -> (tensor<1x2x4x4xf32>, tensor<1x4x4x4xf32>)
  %1 = onnx.node "GlobalMaxPool"(%0#1) {node_attributes = {}, opset = 1 : i64} : (tensor<1x4x4x4xf32>) -> tensor<1x4x1x1xf32>
  return %0#0, %1 : tensor<1x2x4x4xf32>, tensor<1x4x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @instance_norm
// CHECK: tosa.reduce_sum %arg0 {axis = 2 : i32}
// CHECK: tosa.rsqrt {{.*}} -> tensor<1x2x1x1xf32>
func.func @instance_norm(%x: tensor<1x2x3x3xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %0 = onnx.node "InstanceNormalization"(%x, %s, %b) {node_attributes = {epsilon = 1.0e-5 : f32}, opset = 6 : i64} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

/// ConvTranspose: [C_in, C_out, KH, KW] weights to TOSA's [C_out, KH, KW,
/// C_in]; ONNX pads become negative out_pad (output 2 * (3 - 1) + 3 - 1 - 1).
// CHECK-LABEL: func.func @conv_transpose
// CHECK: tosa.transpose %arg1 {perms = array<i32: 1, 2, 3, 0>} : (tensor<2x4x3x3xf32>) -> tensor<4x3x3x2xf32>
// CHECK: tosa.transpose_conv2d {{.*}} {acc_type = f32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>}
// CHECK-SAME: -> tensor<1x5x5x4xf32>
func.func @conv_transpose(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x5x5xf32> {
  %0 = onnx.node "ConvTranspose"(%x, %w) {node_attributes = {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>}, opset = 11 : i64} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// -----

/// Resize (linear, half_pixel) of the two last axes: four taps per output,
/// rows and columns at compile-time positions, clamped coordinates (the
/// first output reads position 0 with weight 1; at the last, both positions
/// are 1, weight 0.5 each); each term is (row weight x column weight) x tap.
// CHECK-LABEL: func.func @resize
// CHECK-DAG: dense<{{\[\[\[\[}}1.000000e+00, 7.500000e-01, 2.500000e-01, 5.000000e-01]]]]> : tensor<1x1x1x4xf32>
// CHECK-DAG: dense<{{\[\[\[\[}}0.000000e+00, 2.500000e-01, 7.500000e-01, 5.000000e-01]]]]> : tensor<1x1x1x4xf32>
// CHECK-DAG: dense<{{\[\[}}0, 0, 0, 1]]> : tensor<1x4xi32>
// CHECK-DAG: dense<{{\[\[\[\[}}1.000000e+00], [7.500000e-01], [2.500000e-01], [5.000000e-01]]]]> : tensor<1x1x4x1xf32>
// CHECK: tosa.mul {{.*}} : (tensor<1x1x1x4xf32>, tensor<1x1x4x1xf32>, tensor<1xi8>) -> tensor<1x1x4x4xf32>
// CHECK: tosa.mul {{.*}} : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>, tensor<1xi8>) -> tensor<1x1x4x4xf32>
// CHECK: tosa.add
// CHECK: dense<1> : tensor<1x4xi32>
// CHECK: dense<{{\[\[\[\[}}0.000000e+00], [2.500000e-01], [7.500000e-01], [5.000000e-01]]]]> : tensor<1x1x4x1xf32>
// CHECK: tosa.add
// CHECK: tosa.add
// CHECK-NOT: tosa.add
// CHECK-NOT: onnx.node
func.func @resize(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %none = onnx.none
  %s = arith.constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  %0 = onnx.node "Resize"(%x, %none, %s) {node_attributes = {mode = "linear"}, opset = 13 : i64} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

/// Linear Resize of a rank-1 tensor stays separable: two gathers of
/// compile-time positions weighted by constants (edge positions clamp).
// CHECK-LABEL: func.func @resize_rank1
// CHECK-DAG: dense<{{\[\[}}0, 0, 0, 1]]> : tensor<1x4xi32>
// CHECK-DAG: dense<{{\[\[}}0, 1, 1, 1]]> : tensor<1x4xi32>
// CHECK-DAG: dense<[2.500000e-01, 7.500000e-01, 2.500000e-01, 7.500000e-01]> : tensor<4xf32>
// CHECK-COUNT-1: tosa.add
// CHECK-NOT: tosa.add
func.func @resize_rank1(%x: tensor<2xf32>) -> tensor<4xf32> {
  %none = onnx.none
  %s = arith.constant dense<[2.0]> : tensor<1xf32>
  %0 = onnx.node "Resize"(%x, %none, %s) {node_attributes = {mode = "linear"}, opset = 13 : i64} : (tensor<2xf32>, none, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

/// Upsample (opset 7): scales as an attribute, nearest rounds down.
// CHECK-LABEL: func.func @upsample
// CHECK-DAG: dense<{{\[\[}}0, 0, 1, 1]]> : tensor<1x4xi32>
// CHECK-DAG: dense<{{\[\[}}0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1]]> : tensor<4x6xi32>
// CHECK-NOT: tosa.mul
func.func @upsample(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x6xf32> {
  %0 = onnx.node "Upsample"(%x) {node_attributes = {mode = "nearest", scales = [1.0 : f32, 1.0 : f32, 2.0 : f32, 3.0 : f32]}, opset = 7 : i64} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x6xf32>
  return %0 : tensor<1x1x4x6xf32>
}

// -----

/// x.view(x.size(0), -1) as exported: the shape arithmetic folds and only the
/// reshape remains.
// CHECK-LABEL: func.func @shape_arithmetic
// CHECK-NOT: onnx.node
// CHECK: %[[S:.*]] = tosa.const_shape {values = dense<[2, 12]>
// CHECK-NOT: onnx.node
// CHECK: tosa.reshape %arg0, %[[S]] : (tensor<2x3x4xf32>, !tosa.shape<2>) -> tensor<2x12xf32>
func.func @shape_arithmetic(%x: tensor<2x3x4xf32>) -> tensor<2x12xf32> {
  %shape = onnx.node "Shape"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %zero = arith.constant dense<0> : tensor<i64>
  %batch = onnx.node "Gather"(%shape, %zero) {node_attributes = {axis = 0 : si64}, opset = 13 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  %axes = arith.constant dense<0> : tensor<1xi64>
  %b1 = onnx.node "Unsqueeze"(%batch, %axes) {node_attributes = {}, opset = 13 : i64} : (tensor<i64>, tensor<1xi64>) -> tensor<1xi64>
  %minus1 = arith.constant dense<-1> : tensor<1xi64>
  %new = onnx.node "Concat"(%b1, %minus1) {node_attributes = {axis = 0 : si64}, opset = 13 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %0 = onnx.node "Reshape"(%x, %new) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  return %0 : tensor<2x12xf32>
}

// -----

/// Gather with constant (negative) indices; Cast float to int truncates
/// toward zero before tosa.cast; ConstantOfShape folds.
// CHECK-LABEL: func.func @gather_cast
// CHECK: dense<{{\[\[}}2, 0], [2, 0]]> : tensor<2x2xi32>
// CHECK: tosa.gather
// CHECK: tosa.greater_equal
// CHECK: tosa.floor
// CHECK: tosa.ceil
// CHECK: tosa.select
// CHECK: tosa.cast %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xi32>
// CHECK: %[[C:.*]] = arith.constant dense<1.500000e+00> : tensor<2xf32>
// CHECK: return %{{.*}}, %{{.*}}, %[[C]]
func.func @gather_cast(%x: tensor<2x3xf32>) -> (tensor<2x2xf32>, tensor<2x3xi32>, tensor<2xf32>) {
  %idx = arith.constant dense<[2, -3]> : tensor<2xi64>
  %0 = onnx.node "Gather"(%x, %idx) {node_attributes = {axis = 1 : si64}, opset = 13 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x2xf32>
  %1 = onnx.node "Cast"(%x) {node_attributes = {to = 6 : si64}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xi32>
  %shape = arith.constant dense<[2]> : tensor<1xi64>
  %2 = onnx.node "ConstantOfShape"(%shape) {node_attributes = {value = dense<1.5> : tensor<1xf32>}, opset = 13 : i64} : (tensor<1xi64>) -> tensor<2xf32>
  return %0, %1, %2 : tensor<2x2xf32>, tensor<2x3xi32>, tensor<2xf32>
}

// -----

/// Grouped convolution (not depthwise): one conv2d per group on channel
/// slices of the input, the weights and the bias, then a concat.
// CHECK-LABEL: func.func @grouped
// CHECK-COUNT-2: tosa.conv2d {{.*}} -> tensor<1x4x4x2xf32>
// CHECK: tosa.concat %{{.*}}, %{{.*}} {axis = 3 : i32} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32>
func.func @grouped(%x: tensor<1x4x6x6xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %0 = onnx.node "Conv"(%x, %w) {node_attributes = {group = 2 : i64}, opset = 11 : i64} : (tensor<1x4x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

/// ceil_mode adds the trailing padding the last window needs; with
/// count_include_pad the declared padding becomes explicit zeros so that it
/// counts in the average.
// CHECK-LABEL: func.func @pool_modes
// CHECK: tosa.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x7x7x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK: tosa.pad %{{.*}} : (tensor<1x7x7x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x9x9x2xf32>
// CHECK: tosa.avg_pool2d %{{.*}} {acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
func.func @pool_modes(%x: tensor<1x2x7x7xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x7x7xf32>) {
  %0 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = 1 : i64}, opset = 12 : i64} : (tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32>
  %1 = onnx.node "AveragePool"(%x) {node_attributes = {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = 1 : i64}, opset = 11 : i64} : (tensor<1x2x7x7xf32>) -> tensor<1x2x7x7xf32>
  return %0, %1 : tensor<1x2x4x4xf32>, tensor<1x2x7x7xf32>
}

// -----

/// Dilated ConvTranspose: zero taps inserted into the kernel (pad, reshape,
/// slice); a 1-D ConvTranspose runs as the 2-D one over a unit height.
// CHECK-LABEL: func.func @conv_transpose_dilated_1d
// CHECK: tosa.pad %{{.*}} : (tensor<4x1x3x1x2xf32>, !tosa.shape<10>, tensor<1xf32>) -> tensor<4x1x3x2x2xf32>
// CHECK: tosa.slice %{{.*}} : (tensor<4x1x6x2xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<4x1x5x2xf32>
// CHECK: tosa.transpose_conv2d {{.*}} -> tensor<1x1x7x4xf32>
// CHECK: tosa.reshape %{{.*}} -> tensor<1x4x7xf32>
func.func @conv_transpose_dilated_1d(%x: tensor<1x2x3xf32>, %w: tensor<2x4x3xf32>) -> tensor<1x4x7xf32> {
  %0 = onnx.node "ConvTranspose"(%x, %w) {node_attributes = {dilations = array<i64: 2>}, opset = 11 : i64} : (tensor<1x2x3xf32>, tensor<2x4x3xf32>) -> tensor<1x4x7xf32>
  return %0 : tensor<1x4x7xf32>
}

// -----

/// Slice with steps: a unit-step axis is a tosa.slice, a negative step
/// gathers the positions it selects (here 4, 2).
// CHECK-LABEL: func.func @slice_steps
// CHECK: tosa.slice %arg0, %{{.*}}, %{{.*}} : (tensor<3x5xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<2x5xf32>
// CHECK: dense<{{\[\[}}4, 2], [4, 2]]> : tensor<2x2xi32>
// CHECK: tosa.gather
func.func @slice_steps(%x: tensor<3x5xf32>) -> tensor<2x2xf32> {
  %starts = arith.constant dense<[1, -1]> : tensor<2xi64>
  %ends = arith.constant dense<[3, 1]> : tensor<2xi64>
  %axes = arith.constant dense<[0, 1]> : tensor<2xi64>
  %steps = arith.constant dense<[1, -2]> : tensor<2xi64>
  %0 = onnx.node "Slice"(%x, %starts, %ends, %axes, %steps) {node_attributes = {}, opset = 13 : i64} : (tensor<3x5xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

/// Dropout's mask at inference is all true.
// CHECK-LABEL: func.func @dropout_mask
// CHECK: %[[M:.*]] = "tosa.const"() <{values = dense<true> : tensor<2xi1>}>
// CHECK: return %arg0, %[[M]]
func.func @dropout_mask(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xi1>) {
  %0:2 = onnx.node "Dropout"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<2xf32>) -> (tensor<2xf32>, tensor<2xi1>)
  return %0#0, %0#1 : tensor<2xf32>, tensor<2xi1>
}

// -----

/// Masks: a comparison, Where with broadcasting, Round halves to even.
// CHECK-LABEL: func.func @where_round
// CHECK: %[[LT:.*]] = tosa.greater %{{.*}}, %arg0 : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<2x4xi1>
// CHECK: tosa.select %[[LT]], %arg0, %{{.*}} : (tensor<2x4xi1>, tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
// CHECK: tosa.floor
// CHECK: tosa.logical_or
// CHECK: tosa.select
func.func @where_round(%x: tensor<2x4xf32>, %y: tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %lt = onnx.node "Less"(%x, %y) {node_attributes = {}, opset = 13 : i64} : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xi1>
  %w = onnx.node "Where"(%lt, %x, %y) {node_attributes = {}, opset = 16 : i64} : (tensor<2x4xi1>, tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %r = onnx.node "Round"(%x) {node_attributes = {}, opset = 11 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %w, %r : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

/// ArgMax keeps the axis (keepdims) as int64; LayerNormalization reduces
/// over the last axis.
// CHECK-LABEL: func.func @argmax_layernorm
// CHECK: tosa.argmax %arg0 {axis = 1 : i32} : (tensor<2x3x4xf32>) -> tensor<2x4xi32>
// CHECK: tosa.cast {{.*}} : (tensor<2x1x4xi32>) -> tensor<2x1x4xi64>
// CHECK: tosa.reduce_sum %arg0 {axis = 2 : i32}
// CHECK: tosa.rsqrt
func.func @argmax_layernorm(%x: tensor<2x3x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<2x1x4xi64>, tensor<2x3x4xf32>) {
  %a = onnx.node "ArgMax"(%x) {node_attributes = {axis = 1 : i64}, opset = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
  %l = onnx.node "LayerNormalization"(%x, %g, %b) {node_attributes = {axis = -1 : i64}, opset = 17 : i64} : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %a, %l : tensor<2x1x4xi64>, tensor<2x3x4xf32>
}


// -----

/// Half-precision tensors compute in f32: f16 constants widen exactly, a
/// Cast to f16 is the identity, an f16 argument or result of the function
/// is converted at the entry and before the return.
// CHECK-LABEL: func.func @half_precision
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[H:.*]]: tensor<4xf16>) -> (tensor<4xf32>, tensor<4xf16>)
// CHECK: %[[HW:.*]] = tosa.cast %[[H]] : (tensor<4xf16>) -> tensor<4xf32>
// CHECK: %[[C:.*]] = arith.constant dense<[1.000000e+00, 5.000000e-01, 0.333251953, 6.550400e+04]> : tensor<4xf32>
// CHECK: %[[A:.*]] = tosa.add %[[X]], %[[C]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[M:.*]] = tosa.mul %[[A]], %[[HW]]
// CHECK: %[[R:.*]] = tosa.cast %[[M]] : (tensor<4xf32>) -> tensor<4xf16>
// CHECK: return %[[A]], %[[R]]
func.func @half_precision(%x: tensor<4xf32>, %h: tensor<4xf16>) -> (tensor<4xf32>, tensor<4xf16>) {
  %c = arith.constant dense<[1.0, 0.5, 0.333251953, 65504.0]> : tensor<4xf16>
  %0 = onnx.node "Cast"(%x) {node_attributes = {to = 10 : si64}, opset = 13 : i64} : (tensor<4xf32>) -> tensor<4xf16>
  %1 = onnx.node "Add"(%0, %c) {node_attributes = {}, opset = 14 : i64} : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %2 = onnx.node "Cast"(%1) {node_attributes = {to = 1 : si64}, opset = 13 : i64} : (tensor<4xf16>) -> tensor<4xf32>
  %3 = onnx.node "Mul"(%1, %h) {node_attributes = {}, opset = 14 : i64} : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %2, %3 : tensor<4xf32>, tensor<4xf16>
}

// -----

/// LSTM, unrolled over its two steps: one matmul projects the input of
/// every step (with both biases), then each step adds the recurrent
/// product of the previous hidden state and applies the gates (i, o, f, c
/// slices of the 4 x hidden columns).
// CHECK-LABEL: func.func @lstm
// CHECK: tosa.matmul {{.*}} -> tensor<1x6x8xf32>
// CHECK-COUNT-2: tosa.matmul {{.*}} -> tensor<1x3x8xf32>
// CHECK-NOT: tosa.matmul
// CHECK: tosa.concat {{.*}} {axis = 0 : i32} : (tensor<1x1x3x2xf32>, tensor<1x1x3x2xf32>) -> tensor<2x1x3x2xf32>
// CHECK: return {{.*}} : tensor<2x1x3x2xf32>, tensor<1x3x2xf32>
func.func @lstm(%x: tensor<2x3x4xf32>) -> (tensor<2x1x3x2xf32>, tensor<1x3x2xf32>) {
  %w = arith.constant dense<0.1> : tensor<1x8x4xf32>
  %r = arith.constant dense<0.2> : tensor<1x8x2xf32>
  %b = arith.constant dense<0.3> : tensor<1x16xf32>
  %0:3 = onnx.node "LSTM"(%x, %w, %r, %b) {node_attributes = {hidden_size = 2 : i64}, opset = 14 : i64} : (tensor<2x3x4xf32>, tensor<1x8x4xf32>, tensor<1x8x2xf32>, tensor<1x16xf32>) -> (tensor<2x1x3x2xf32>, tensor<1x3x2xf32>, tensor<1x3x2xf32>)
  return %0#0, %0#1 : tensor<2x1x3x2xf32>, tensor<1x3x2xf32>
}

// -----

/// Reflect padding: the border elements next to the edge, reversed, on each
/// side (one axis here); edge padding tiles the edge element.
// CHECK-LABEL: func.func @pad_modes
// CHECK: %[[L:.*]] = tosa.slice %arg0, {{.*}} -> tensor<2x2xf32>
// CHECK: %[[LR:.*]] = tosa.reverse %[[L]] {axis = 1 : i32}
// CHECK: %[[R:.*]] = tosa.slice %arg0, {{.*}} -> tensor<2x1xf32>
// CHECK: tosa.concat %[[LR]], %arg0, %[[R]] {axis = 1 : i32} : (tensor<2x2xf32>, tensor<2x5xf32>, tensor<2x1xf32>) -> tensor<2x8xf32>
// CHECK: %[[E:.*]] = tosa.slice %arg1, {{.*}} -> tensor<1x3xi32>
// CHECK: %[[T:.*]] = tosa.tile %[[E]], {{.*}} -> tensor<2x3xi32>
// CHECK: tosa.concat %[[T]], %arg1 {axis = 0 : i32}
func.func @pad_modes(%x: tensor<2x5xf32>, %i: tensor<2x3xi32>) -> (tensor<2x8xf32>, tensor<4x3xi32>) {
  %p = arith.constant dense<[0, 2, 0, 1]> : tensor<4xi64>
  %0 = onnx.node "Pad"(%x, %p) {node_attributes = {mode = "reflect"}, opset = 13 : i64} : (tensor<2x5xf32>, tensor<4xi64>) -> tensor<2x8xf32>
  %q = arith.constant dense<[2, 0, 0, 0]> : tensor<4xi64>
  %1 = onnx.node "Pad"(%i, %q) {node_attributes = {mode = "edge"}, opset = 13 : i64} : (tensor<2x3xi32>, tensor<4xi64>) -> tensor<4x3xi32>
  return %0, %1 : tensor<2x8xf32>, tensor<4x3xi32>
}

// -----

/// MaxPool's Indices output: per kernel tap a strided slice, a running
/// maximum, and the tap's flattened NCHW index where it is strictly greater
/// (the first maximum wins); int64 after the NCHW transpose.
// CHECK-LABEL: func.func @maxpool_indices
// CHECK-COUNT-4: tosa.slice
// CHECK: tosa.greater
// CHECK: tosa.select
// CHECK: tosa.cast {{.*}} -> tensor<1x2x2x2xi64>
func.func @maxpool_indices(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) {
  %0:2 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}, opset = 12 : i64} : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>)
  return %0#0, %0#1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>
}

// -----

/// LayerNormalization's Mean and InvStdDev outputs are its statistics.
// CHECK-LABEL: func.func @layernorm_statistics
// CHECK: %[[SUM:.*]] = tosa.reduce_sum %arg0 {axis = 1 : i32}
// CHECK: %[[MEAN:.*]] = tosa.mul %[[SUM]]
// CHECK: %[[INV:.*]] = tosa.rsqrt
// CHECK: return %{{.*}}, %[[MEAN]], %[[INV]] : tensor<2x4xf32>, tensor<2x1xf32>, tensor<2x1xf32>
func.func @layernorm_statistics(%x: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x1xf32>, tensor<2x1xf32>) {
  %g = arith.constant dense<1.0> : tensor<4xf32>
  %0:3 = onnx.node "LayerNormalization"(%x, %g) {node_attributes = {axis = -1 : i64}, opset = 17 : i64} : (tensor<2x4xf32>, tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  return %0#0, %0#1, %0#2 : tensor<2x4xf32>, tensor<2x1xf32>, tensor<2x1xf32>
}

// -----

/// 3-D pooling as two 2-D pools: over H and W of every depth slice, then
/// over D with a (kd, 1) window.
// CHECK-LABEL: func.func @pool3d
// CHECK: tosa.avg_pool2d {{.*}} -> tensor<4x3x3x2xf32>
// CHECK: tosa.avg_pool2d {{.*}} -> tensor<1x3x9x2xf32>
// CHECK: return {{.*}} : tensor<1x2x3x3x3xf32>
func.func @pool3d(%x: tensor<1x2x4x4x4xf32>) -> tensor<1x2x3x3x3xf32> {
  %0 = onnx.node "AveragePool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2, 2>}, opset = 11 : i64} : (tensor<1x2x4x4x4xf32>) -> tensor<1x2x3x3x3xf32>
  return %0 : tensor<1x2x3x3x3xf32>
}
