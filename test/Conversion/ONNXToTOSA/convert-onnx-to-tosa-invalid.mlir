// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa))"

func.func @unsupported_op(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{ONNX Hardmax node 'e' (opset 13) is not supported}}
  %0 = onnx.node "Hardmax"(%x) {node_attributes = {}, opset = 13 : i64, name = "e"} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @too_old(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{ONNX Add (opset 6) is not supported (handlers exist from opset 7)}}
  %0 = onnx.node "Add"(%x, %x) {node_attributes = {}, opset = 6 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @custom_domain(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{ONNX Mystery (opset 1) in domain 'com.example' is not supported}}
  %0 = onnx.node "Mystery"(%x) {domain = "com.example", node_attributes = {}, opset = 1 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @dynamic(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  // expected-error@+1 {{ONNX Relu (opset 13) has the dynamically shaped type 'tensor<?x2xf32>'; the conversion to TOSA needs static shapes}}
  %0 = onnx.node "Relu"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<?x2xf32>) -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// -----

func.func @grouped(%x: tensor<1x4x6x6xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{ONNX Conv node 'g' (opset 11): group = 3 does not divide 4 input channels and 4 filters into weights of 2 channels}}
  %0 = onnx.node "Conv"(%x, %w) {node_attributes = {group = 3 : i64}, opset = 11 : i64, name = "g"} : (tensor<1x4x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @pool_dilations(%x: tensor<1x2x7x7xf32>) -> tensor<1x2x5x5xf32> {
  // expected-error@+1 {{ONNX AveragePool (opset 19): dilations other than 1 are not supported}}
  %0 = onnx.node "AveragePool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2>, dilations = array<i64: 2, 2>}, opset = 19 : i64} : (tensor<1x2x7x7xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

func.func @clip_int8_runtime_bound(%x: tensor<4xi8>, %lo: tensor<i8>) -> tensor<4xi8> {
  // expected-error@+1 {{ONNX Clip (opset 13): a run-time bound of an integer tensor is not supported (it must be a constant)}}
  %0 = onnx.node "Clip"(%x, %lo) {node_attributes = {}, opset = 13 : i64} : (tensor<4xi8>, tensor<i8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @auto_pad(%x: tensor<1x2x6x6xf32>, %w: tensor<2x2x3x3xf32>) -> tensor<1x2x6x6xf32> {
  // expected-error@+1 {{ONNX Conv (opset 11): auto_pad 'SOMETIMES' is not supported}}
  %0 = onnx.node "Conv"(%x, %w) {node_attributes = {auto_pad = "SOMETIMES"}, opset = 11 : i64} : (tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return %0 : tensor<1x2x6x6xf32>
}

// -----

func.func @integer(%x: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{ONNX Relu (opset 13): element type 'i32' is not supported (f32 only)}}
  %0 = onnx.node "Relu"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @dropout_mask(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  // expected-error@+1 {{ONNX Dropout (opset 13): a mask of type 'tensor<2xf32>' is not supported}}
  %0:2 = onnx.node "Dropout"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  return %0#0, %0#1 : tensor<2xf32>, tensor<2xf32>
}

// -----

func.func @layernorm_statistics_type(%x: tensor<2x4xf32>) -> tensor<2x1xi32> {
  %g = arith.constant dense<1.0> : tensor<4xf32>
  // expected-error@+1 {{ONNX LayerNormalization (opset 17): output #1 of type 'tensor<2x1xi32>' is not supported (f32 statistics)}}
  %0:2 = onnx.node "LayerNormalization"(%x, %g) {node_attributes = {axis = -1 : i64}, opset = 17 : i64} : (tensor<2x4xf32>, tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x1xi32>)
  return %0#1 : tensor<2x1xi32>
}

// -----

func.func @dropout_training(%x: tensor<2xf32>, %ratio: tensor<f32>, %training: tensor<i1>) -> tensor<2xf32> {
  // expected-error@+1 {{ONNX Dropout (opset 13): training mode is not supported}}
  %0 = onnx.node "Dropout"(%x, %ratio, %training) {node_attributes = {}, opset = 13 : i64} : (tensor<2xf32>, tensor<f32>, tensor<i1>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @empty(%x: tensor<0x3xf32>) -> tensor<0x3xf32> {
  // expected-error@+1 {{ONNX Relu (opset 13) has the empty tensor type 'tensor<0x3xf32>', which is not supported}}
  %0 = onnx.node "Relu"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<0x3xf32>) -> tensor<0x3xf32>
  return %0 : tensor<0x3xf32>
}

// -----

func.func @pool_4d(%x: tensor<1x1x4x4x4x4xf32>) -> tensor<1x1x2x2x2x2xf32> {
  // expected-error@+1 {{ONNX MaxPool (opset 12): pooling over 4 spatial dimensions is not supported (1, 2 or 3)}}
  %0 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2, 2, 2>}, opset = 12 : i64} : (tensor<1x1x4x4x4x4xf32>) -> tensor<1x1x2x2x2x2xf32>
  return %0 : tensor<1x1x2x2x2x2xf32>
}

// -----

func.func @slice_runtime_starts(%x: tensor<4xf32>, %starts: tensor<1xi64>) -> tensor<2xf32> {
  %ends = arith.constant dense<[3]> : tensor<1xi64>
  // expected-error@+1 {{ONNX Slice (opset 13): a run-time starts input is not supported (it must be a constant)}}
  %0 = onnx.node "Slice"(%x, %starts, %ends) {node_attributes = {}, opset = 13 : i64} : (tensor<4xf32>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @pad_wrap(%x: tensor<4xf32>) -> tensor<6xf32> {
  %pads = arith.constant dense<[1, 1]> : tensor<2xi64>
  // expected-error@+1 {{ONNX Pad (opset 13): mode 'wrap' is not supported (constant, reflect, edge)}}
  %0 = onnx.node "Pad"(%x, %pads) {node_attributes = {mode = "wrap"}, opset = 13 : i64} : (tensor<4xf32>, tensor<2xi64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @conv_transpose_grouped(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) -> tensor<1x4x7x7xf32> {
  // expected-error@+1 {{ONNX ConvTranspose (opset 11): group other than 1 is not supported}}
  %0 = onnx.node "ConvTranspose"(%x, %w) {node_attributes = {group = 2 : i64}, opset = 11 : i64} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x4x7x7xf32>
  return %0 : tensor<1x4x7x7xf32>
}

// -----

/// Run-time parameters are taken per tensor only.
func.func @quantize_runtime_scale(%x: tensor<2x2xf32>, %s: tensor<2xf32>) -> tensor<2x2xui8> {
  // expected-error@+1 {{ONNX QuantizeLinear node 'q' (opset 13): a run-time y_scale or y_zero_point must be one f32 scale and one zero point (per tensor)}}
  %0 = onnx.node "QuantizeLinear"(%x, %s) {node_attributes = {axis = 0 : i64}, opset = 13 : i64, name = "q"} : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xui8>
  return %0 : tensor<2x2xui8>
}

// -----

func.func @quantize_zero_scale(%x: tensor<4xf32>) -> tensor<4xui8> {
  %s = arith.constant dense<0.0> : tensor<f32>
  // expected-error@+1 {{ONNX QuantizeLinear (opset 13): y_scale 0.000000e+00 must be positive and finite}}
  %0 = onnx.node "QuantizeLinear"(%x, %s) {node_attributes = {}, opset = 13 : i64} : (tensor<4xf32>, tensor<f32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @dequantize_zero_point_type(%x: tensor<4xui8>) -> tensor<4xf32> {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<3> : tensor<i8>
  // expected-error@+1 {{ONNX DequantizeLinear (opset 13): x_zero_point has element type 'i8' but the data has 'ui8'}}
  %0 = onnx.node "DequantizeLinear"(%x, %s, %z) {node_attributes = {}, opset = 13 : i64} : (tensor<4xui8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @dequantize_axis_size(%x: tensor<2x3xi8>) -> tensor<2x3xf32> {
  %s = arith.constant dense<[0.5, 0.25]> : tensor<2xf32>
  // expected-error@+1 {{ONNX DequantizeLinear (opset 13): x_scale has 2 values; per-axis parameters need one per entry of axis 1 (3)}}
  %0 = onnx.node "DequantizeLinear"(%x, %s) {node_attributes = {axis = 1 : si64}, opset = 13 : i64} : (tensor<2x3xi8>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @dequantize_blocked(%x: tensor<2x4xi8>) -> tensor<2x4xf32> {
  %s = arith.constant dense<0.5> : tensor<2x2xf32>
  // expected-error@+1 {{ONNX DequantizeLinear (opset 21): blocked quantization (block_size) is not supported}}
  %0 = onnx.node "DequantizeLinear"(%x, %s) {node_attributes = {axis = 1 : si64, block_size = 2 : si64}, opset = 21 : i64} : (tensor<2x4xi8>, tensor<2x2xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @qlinear_conv_groups(%x: tensor<1x4x3x3xui8>, %w: tensor<4x2x1x1xi8>) -> tensor<1x4x3x3xui8> {
  %s = arith.constant dense<0.5> : tensor<f32>
  %none = onnx.none
  // expected-error@+1 {{ONNX QLinearConv node 'c' (opset 10): group = 2 is not supported (1, or depthwise)}}
  %0 = onnx.node "QLinearConv"(%x, %s, %none, %w, %s, %none, %s, %none) {node_attributes = {group = 2 : si64}, opset = 10 : i64, name = "c"} : (tensor<1x4x3x3xui8>, tensor<f32>, none, tensor<4x2x1x1xi8>, tensor<f32>, none, tensor<f32>, none) -> tensor<1x4x3x3xui8>
  return %0 : tensor<1x4x3x3xui8>
}

// -----

func.func @qlinear_matmul_float(%a: tensor<2x2xf32>, %b: tensor<2x2xui8>) -> tensor<2x2xui8> {
  %s = arith.constant dense<0.5> : tensor<f32>
  %none = onnx.none
  // expected-error@+1 {{ONNX QLinearMatMul (opset 10): a element type 'f32' is not supported (int8, uint8, int16, uint16)}}
  %0 = onnx.node "QLinearMatMul"(%a, %s, %none, %b, %s, %none, %s, %none) {node_attributes = {}, opset = 10 : i64} : (tensor<2x2xf32>, tensor<f32>, none, tensor<2x2xui8>, tensor<f32>, none, tensor<f32>, none) -> tensor<2x2xui8>
  return %0 : tensor<2x2xui8>
}

// -----

func.func @resize_crop(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %none = onnx.none
  %s = arith.constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  // expected-error@+1 {{ONNX Resize node 'r' (opset 13): coordinate_transformation_mode 'tf_crop_and_resize' is not supported}}
  %0 = onnx.node "Resize"(%x, %none, %s) {node_attributes = {coordinate_transformation_mode = "tf_crop_and_resize"}, opset = 13 : i64, name = "r"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_runtime_scales(%x: tensor<1x1x2x2xf32>, %s: tensor<4xf32>) -> tensor<1x1x4x4xf32> {
  %none = onnx.none
  // expected-error@+1 {{ONNX Resize (opset 13): a run-time scales input is not supported (it must be a constant)}}
  %0 = onnx.node "Resize"(%x, %none, %s) {node_attributes = {}, opset = 13 : i64} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_antialias(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %none = onnx.none
  %s = arith.constant dense<[1.0, 1.0, 0.5, 0.5]> : tensor<4xf32>
  // expected-error@+1 {{ONNX Resize (opset 18): antialias = 1 is not supported}}
  %0 = onnx.node "Resize"(%x, %none, %s) {node_attributes = {antialias = 1 : si64, mode = "linear"}, opset = 18 : i64} : (tensor<1x1x4x4xf32>, none, tensor<4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @gather_runtime_indices(%x: tensor<4x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xf32> {
  // expected-error@+1 {{ONNX Gather (opset 13): a run-time indices input is not supported (it must be a constant)}}
  %0 = onnx.node "Gather"(%x, %i) {node_attributes = {axis = 0 : si64}, opset = 13 : i64} : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gather_out_of_range(%x: tensor<4x3xf32>) -> tensor<1x3xf32> {
  %i = arith.constant dense<[4]> : tensor<1xi64>
  // expected-error@+1 {{ONNX Gather (opset 13): index 4 is out of range for axis 0 of size 4}}
  %0 = onnx.node "Gather"(%x, %i) {node_attributes = {axis = 0 : si64}, opset = 13 : i64} : (tensor<4x3xf32>, tensor<1xi64>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

func.func @constant_of_runtime_shape(%s: tensor<2xi64>) -> tensor<2x3xf32> {
  // expected-error@+1 {{ONNX ConstantOfShape (opset 13): the result is not a constant (a run-time shape input or a dynamic shape is not supported)}}
  %0 = onnx.node "ConstantOfShape"(%s) {node_attributes = {}, opset = 13 : i64} : (tensor<2xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @cast_f64(%x: tensor<2xf32>) -> tensor<2xf64> {
  // expected-error@+1 {{ONNX Cast (opset 13): casting 'f32' to 'f64' is not supported}}
  %0 = onnx.node "Cast"(%x) {node_attributes = {to = 11 : si64}, opset = 13 : i64} : (tensor<2xf32>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

func.func @slice_zero_step(%x: tensor<4xf32>) -> tensor<2xf32> {
  %starts = arith.constant dense<0> : tensor<1xi64>
  %ends = arith.constant dense<4> : tensor<1xi64>
  %axes = arith.constant dense<0> : tensor<1xi64>
  %steps = arith.constant dense<0> : tensor<1xi64>
  // expected-error@+1 {{ONNX Slice (opset 13): a step of 0 is not valid}}
  %0 = onnx.node "Slice"(%x, %starts, %ends, %axes, %steps) {node_attributes = {}, opset = 13 : i64} : (tensor<4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @matmul_batch_mismatch(%a: tensor<2x4x5xf32>, %b: tensor<3x5x6xf32>) -> tensor<3x4x6xf32> {
  // expected-error@+1 {{ONNX MatMul (opset 13): batch dimensions 2 and 3 do not broadcast}}
  %0 = onnx.node "MatMul"(%a, %b) {node_attributes = {}, opset = 13 : i64} : (tensor<2x4x5xf32>, tensor<3x5x6xf32>) -> tensor<3x4x6xf32>
  return %0 : tensor<3x4x6xf32>
}

// -----

/// Nodes of one op type that fail give one error, at the first, with the
/// count of the others; each other op type gets its own.
func.func @one_error_per_op_type(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{ONNX Hardmax node 'l1' (opset 13) is not supported (and 2 more Hardmax nodes that cannot be converted)}}
  %0 = onnx.node "Hardmax"(%x) {node_attributes = {}, opset = 13 : i64, name = "l1"} : (tensor<2xf32>) -> tensor<2xf32>
  %1 = onnx.node "Hardmax"(%0) {node_attributes = {}, opset = 13 : i64, name = "l2"} : (tensor<2xf32>) -> tensor<2xf32>
  // expected-error@+1 {{ONNX Loop node 'g' (opset 13) is not supported}}
  %2 = onnx.node "Loop"(%1) {node_attributes = {}, opset = 13 : i64, name = "g"} : (tensor<2xf32>) -> tensor<2xf32>
  %3 = onnx.node "Hardmax"(%2) {node_attributes = {}, opset = 13 : i64, name = "l3"} : (tensor<2xf32>) -> tensor<2xf32>
  return %3 : tensor<2xf32>
}

// -----

func.func @where_float_condition(%c: tensor<2xf32>, %x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{ONNX Where (opset 16): input #0 of element type 'f32' is not supported (bool)}}
  %0 = onnx.node "Where"(%c, %x, %x) {node_attributes = {}, opset = 16 : i64} : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @argmax_last_index(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  // expected-error@+1 {{ONNX ArgMax (opset 13): select_last_index = 1 is not supported}}
  %0 = onnx.node "ArgMax"(%x) {node_attributes = {axis = 1 : i64, select_last_index = 1 : i64}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

func.func @matmul_inner_mismatch(%a: tensor<2x4xf32>, %b: tensor<5x6xf32>) -> tensor<2x6xf32> {
  // expected-error@+1 {{ONNX MatMul (opset 13): inner dimensions differ: 4 and 5}}
  %0 = onnx.node "MatMul"(%a, %b) {node_attributes = {}, opset = 13 : i64} : (tensor<2x4xf32>, tensor<5x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @expand_not_broadcastable(%x: tensor<3xf32>) -> tensor<2x4xf32> {
  %shape = arith.constant dense<[2, 4]> : tensor<2xi64>
  // expected-error@+1 {{ONNX Expand (opset 13): the input does not broadcast to 'tensor<2x4xf32>'}}
  %0 = onnx.node "Expand"(%x, %shape) {node_attributes = {}, opset = 13 : i64} : (tensor<3xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @tile_repeats_per_dimension(%x: tensor<3xf32>) -> tensor<6xf32> {
  %repeats = arith.constant dense<[2, 1]> : tensor<2xi64>
  // expected-error@+1 {{ONNX Tile (opset 13): repeats must be positive, one per dimension}}
  %0 = onnx.node "Tile"(%x, %repeats) {node_attributes = {}, opset = 13 : i64} : (tensor<3xf32>, tensor<2xi64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @not_of_float(%x: tensor<3xf32>) -> tensor<3xi1> {
  // expected-error@+1 {{ONNX Not (opset 1): input #0 of element type 'f32' is not supported (bool)}}
  %0 = onnx.node "Not"(%x) {node_attributes = {}, opset = 1 : i64} : (tensor<3xf32>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}


// -----

func.func @einsum_one_operand_sum(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{ONNX Einsum (opset 12): equation 'ij,jk->i': summing letter 'k' of one operand is not supported}}
  %0 = onnx.node "Einsum"(%a, %b) {node_attributes = {equation = "ij,jk->i"}, opset = 12 : i64} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @einsum_repeated_letter(%a: tensor<3x3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error@+1 {{ONNX Einsum (opset 12): equation 'ii,i->i': repeated letters (diagonals) or letters that do not match the operands' ranks are not supported}}
  %0 = onnx.node "Einsum"(%a, %b) {node_attributes = {equation = "ii,i->i"}, opset = 12 : i64} : (tensor<3x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @einsum_ellipsis(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  // expected-error@+1 {{ONNX Einsum (opset 12): equation '...ij,...jk->...ik': ellipses are not supported}}
  %0 = onnx.node "Einsum"(%a, %b) {node_attributes = {equation = "...ij,...jk->...ik"}, opset = 12 : i64} : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

func.func @einsum_one_operand(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{ONNX Einsum (opset 12): equations of 1 operand(s) are not supported (two-operand matrix products only)}}
  %0 = onnx.node "Einsum"(%a) {node_attributes = {equation = "ij->ji"}, opset = 12 : i64} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @maxpool_zero_dilation(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error@+1 {{ONNX MaxPool (opset 12): dilations must be positive}}
  %0 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2>, dilations = array<i64: 0, 1>}, opset = 12 : i64} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

func.func @matmulinteger_runtime_row_zero_points(%a: tensor<2x3xui8>, %zp: tensor<2xui8>) -> tensor<2x4xi32> {
  %b = arith.constant dense<1> : tensor<3x4xi8>
  // expected-error@+1 {{ONNX MatMulInteger (opset 10): a run-time a_zero_point must be a scalar}}
  %0 = onnx.node "MatMulInteger"(%a, %b, %zp) {node_attributes = {}, opset = 10 : i64} : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<2xui8>) -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}

// -----

func.func @lstm_clip(%x: tensor<2x3x4xf32>) -> tensor<1x3x2xf32> {
  %w = arith.constant dense<0.1> : tensor<1x8x4xf32>
  %r = arith.constant dense<0.2> : tensor<1x8x2xf32>
  // expected-error@+1 {{ONNX LSTM (opset 14): attribute 'clip' is not supported}}
  %0:2 = onnx.node "LSTM"(%x, %w, %r) {node_attributes = {hidden_size = 2 : i64, clip = 1.0 : f32}, opset = 14 : i64} : (tensor<2x3x4xf32>, tensor<1x8x4xf32>, tensor<1x8x2xf32>) -> (none, tensor<1x3x2xf32>)
  return %0#1 : tensor<1x3x2xf32>
}

// -----

func.func @lstm_run_time_lengths(%x: tensor<2x3x4xf32>, %lens: tensor<3xi32>) -> tensor<1x3x2xf32> {
  %w = arith.constant dense<0.1> : tensor<1x8x4xf32>
  %r = arith.constant dense<0.2> : tensor<1x8x2xf32>
  %none = onnx.none
  // expected-error@+1 {{a sequence_lens input other than a constant equal to the sequence length is not supported}}
  %0:2 = onnx.node "LSTM"(%x, %w, %r, %none, %lens) {node_attributes = {hidden_size = 2 : i64}, opset = 14 : i64} : (tensor<2x3x4xf32>, tensor<1x8x4xf32>, tensor<1x8x2xf32>, none, tensor<3xi32>) -> (none, tensor<1x3x2xf32>)
  return %0#1 : tensor<1x3x2xf32>
}

// -----

func.func @reflect_pad_too_wide(%x: tensor<2x3xf32>) -> tensor<2x9xf32> {
  %p = arith.constant dense<[0, 3, 0, 3]> : tensor<4xi64>
  // expected-error@+1 {{ONNX Pad (opset 13): pads of 3 on an axis of 3 are not supported (reflect needs pads below the size)}}
  %0 = onnx.node "Pad"(%x, %p) {node_attributes = {mode = "reflect"}, opset = 13 : i64} : (tensor<2x3xf32>, tensor<4xi64>) -> tensor<2x9xf32>
  return %0 : tensor<2x9xf32>
}

// -----

func.func @maxpool_indices_of_bytes(%x: tensor<1x2x4x4xi8>) -> tensor<1x2x2x2xi64> {
  // expected-error@+1 {{ONNX MaxPool (opset 12): the Indices output of integer data is not supported}}
  %0:2 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}, opset = 12 : i64} : (tensor<1x2x4x4xi8>) -> (tensor<1x2x2x2xi8>, tensor<1x2x2x2xi64>)
  return %0#1 : tensor<1x2x2x2xi64>
}

// -----

func.func @pool3d_dilated(%x: tensor<1x2x5x5x5xf32>) -> tensor<1x2x3x3x3xf32> {
  // expected-error@+1 {{ONNX MaxPool (opset 12): dilations and ceil_mode are not supported for 3-D pooling}}
  %0 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2, 2>, dilations = array<i64: 2, 2, 2>}, opset = 12 : i64} : (tensor<1x2x5x5x5xf32>) -> tensor<1x2x3x3x3xf32>
  return %0 : tensor<1x2x3x3x3xf32>
}

// -----

func.func @lstm_activation(%x: tensor<2x3x4xf32>) -> tensor<1x3x2xf32> {
  %w = arith.constant dense<0.1> : tensor<1x8x4xf32>
  %r = arith.constant dense<0.2> : tensor<1x8x2xf32>
  // expected-error@+1 {{ONNX LSTM (opset 14): activation 'HardSigmoid' is not supported (Sigmoid, Tanh, Relu)}}
  %0:2 = onnx.node "LSTM"(%x, %w, %r) {node_attributes = {hidden_size = 2 : i64, activations = ["HardSigmoid", "Tanh", "Tanh"]}, opset = 14 : i64} : (tensor<2x3x4xf32>, tensor<1x8x4xf32>, tensor<1x8x2xf32>) -> (none, tensor<1x3x2xf32>)
  return %0#1 : tensor<1x3x2xf32>
}

// -----

func.func @gru_weight_shape(%x: tensor<2x3x4xf32>) -> tensor<1x3x2xf32> {
  %w = arith.constant dense<0.1> : tensor<1x8x4xf32>
  %r = arith.constant dense<0.2> : tensor<1x6x2xf32>
  // expected-error@+1 {{ONNX GRU (opset 14): W of type 'tensor<1x8x4xf32>' does not match 1 direction(s), hidden size 2 and input size 4}}
  %0:2 = onnx.node "GRU"(%x, %w, %r) {node_attributes = {hidden_size = 2 : i64}, opset = 14 : i64} : (tensor<2x3x4xf32>, tensor<1x8x4xf32>, tensor<1x6x2xf32>) -> (none, tensor<1x3x2xf32>)
  return %0#1 : tensor<1x3x2xf32>
}

// -----

func.func @rnn_direction(%x: tensor<2x3x4xf32>) -> tensor<1x3x2xf32> {
  %w = arith.constant dense<0.1> : tensor<1x2x4xf32>
  %r = arith.constant dense<0.2> : tensor<1x2x2xf32>
  // expected-error@+1 {{ONNX RNN (opset 14): direction 'sideways' is not supported}}
  %0:2 = onnx.node "RNN"(%x, %w, %r) {node_attributes = {hidden_size = 2 : i64, direction = "sideways"}, opset = 14 : i64} : (tensor<2x3x4xf32>, tensor<1x2x4xf32>, tensor<1x2x2xf32>) -> (none, tensor<1x3x2xf32>)
  return %0#1 : tensor<1x3x2xf32>
}

// -----

func.func @pool3d_same(%x: tensor<1x2x4x4x4xf32>) -> tensor<1x2x4x4x4xf32> {
  // expected-error@+1 {{ONNX AveragePool (opset 11): auto_pad 'SAME_UPPER' is not supported for 3-D pooling}}
  %0 = onnx.node "AveragePool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2, 2>, auto_pad = "SAME_UPPER"}, opset = 11 : i64} : (tensor<1x2x4x4x4xf32>) -> tensor<1x2x4x4x4xf32>
  return %0 : tensor<1x2x4x4x4xf32>
}

// -----

// Gemm operands that do not multiply (ONNX's shape inference lets them
// through): one error naming the node, not a failed reshape.
func.func @gemm_inner_mismatch(%x: tensor<2x3xf32>, %w: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error@+1 {{ONNX Gemm node 'fc1' (opset 13): op(A) is 2x3 and op(B) is 4x5: inner dimensions differ}}
  %0 = onnx.node "Gemm"(%x, %w) {node_attributes = {}, opset = 13 : i64, name = "fc1"} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @gemm_vector(%x: tensor<3xf32>, %w: tensor<3x5xf32>) -> tensor<5xf32> {
  // expected-error@+1 {{ONNX Gemm node 'fc2' (opset 13): A and B must be matrices, got ranks 1 and 2}}
  %0 = onnx.node "Gemm"(%x, %w) {node_attributes = {}, opset = 13 : i64, name = "fc2"} : (tensor<3xf32>, tensor<3x5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @gemm_result_type(%x: tensor<2x3xf32>, %w: tensor<3x5xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{ONNX Gemm node 'fc3' (opset 13): the result type 'tensor<2x4xf32>' is not 2x5}}
  %0 = onnx.node "Gemm"(%x, %w) {node_attributes = {}, opset = 13 : i64, name = "fc3"} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Window attributes out of range (found by fuzzing: a MaxPool kernel of
// size 0 crashed the conversion): one error naming the node.
func.func @maxpool_zero_kernel(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) {
  // expected-error@+1 {{ONNX MaxPool (opset 12): the kernel must be at least 1x1}}
  %0:2 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 0, 2>, strides = array<i64: 2, 2>}, opset = 12 : i64} : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>)
  return %0#0, %0#1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>
}

// -----

func.func @conv_zero_stride(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error@+1 {{ONNX Conv node 'c' (opset 13): strides must be at least 1}}
  %0 = onnx.node "Conv"(%x, %w) {node_attributes = {strides = array<i64: 0, 1>}, opset = 13 : i64, name = "c"} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @conv_one_stride(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error@+1 {{ONNX Conv node 'c' (opset 13): strides of 1 values are not supported (2)}}
  %0 = onnx.node "Conv"(%x, %w) {node_attributes = {strides = array<i64: 1>}, opset = 13 : i64, name = "c"} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @avgpool_negative_pads(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error@+1 {{ONNX AveragePool node 'p' (opset 13): pads must not be negative}}
  %0 = onnx.node "AveragePool"(%x) {node_attributes = {kernel_shape = array<i64: 2, 2>, pads = array<i64: -1, 0, 0, 0>}, opset = 13 : i64, name = "p"} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @convtranspose_zero_stride(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error@+1 {{ONNX ConvTranspose node 't' (opset 13): strides must be at least 1}}
  %0 = onnx.node "ConvTranspose"(%x, %w) {node_attributes = {strides = array<i64: 0, 0>}, opset = 13 : i64, name = "t"} : (tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// A kernel larger than the padded input (found by fuzzing: a 71x3 MaxPool
// over 4x4 made the conversion emit one tap per kernel position and the
// pipeline after it crawl): ONNX gives no output there.
func.func @maxpool_kernel_past_input(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error@+1 {{ONNX MaxPool node 'p' (opset 12): the kernel's extent (71x3) is larger than the padded input (4x4)}}
  %0 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 71, 3>, strides = array<i64: 2, 2>}, opset = 12 : i64, name = "p"} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}
