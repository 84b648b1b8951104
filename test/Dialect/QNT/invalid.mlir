// RUN: qmlir-opt %s --split-input-file --verify-diagnostics

//===----------------------------------------------------------------------===//
// Element types, storage, scales, zero points, axes
//===----------------------------------------------------------------------===//

func.func @calibrate_empty_id(%x: tensor<4xf32>) {
  // expected-error@+1 {{id must not be empty}}
  %0 = qnt.calibrate %x id "" : tensor<4xf32>
  return
}

// -----

func.func @calibrate_quantized_operand(%x: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{operand #0 must be ranked tensor of floating-point values}}
  %0 = "qnt.calibrate"(%x) {id = "a"} : (tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  return
}

// -----

func.func @quantize_not_uniform(%x: tensor<4xf32>) {
  // expected-error@+1 {{result must have a uniform quantized element type (per tensor or per axis), got '!quant.any<i8:f32>'}}
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.any<i8:f32>>
  return
}

// -----

func.func @quantize_storage_width(%x: tensor<4xf32>) {
  // expected-error@+1 {{result storage i2 is not supported (4, 8, 16 or 32 bits)}}
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i2:f32, 0.5>>
  return
}

// -----

func.func @quantize_zero_point_range(%x: tensor<4xf32>) {
  // expected-error@+1 {{result zero point 300 is outside the storage range [-128, 127] of i8}}
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:300>>
  return
}

// -----

func.func @quantize_zero_point_narrow_range(%x: tensor<4xf32>) {
  // expected-error@+1 {{result zero point -128 is outside the storage range [-127, 127] of i8}}
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8<-127:127>:f32, 0.5:-128>>
  return
}

// -----

func.func @quantize_per_axis_zero_point(%x: tensor<2xf32>) {
  // expected-error@+1 {{result zero point 16 is outside the storage range [0, 15] of u4}}
  %0 = qnt.quantize %x : tensor<2xf32> -> tensor<2x!quant.uniform<u4:f32:0, {0.5:3, 0.5:16}>>
  return
}

// -----

func.func @quantize_axis_out_of_range(%x: tensor<4xf32>) {
  // expected-error@+1 {{result quantized axis 2 is out of range for rank 1}}
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32:2, {0.5, 0.5}>>
  return
}

// -----

func.func @quantize_scale_count(%x: tensor<2x3xf32>) {
  // expected-error@+1 {{result has 2 scales but its quantized axis 1 has size 3}}
  %0 = qnt.quantize %x : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:1, {0.5, 0.5}>>
  return
}

// -----

func.func @quantize_expressed_type(%x: tensor<4xf32>) {
  // expected-error@+1 {{result expressed type 'f16' must match the float element type 'f32'}}
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f16, 0.5>>
  return
}

// -----

func.func @quantize_shape(%x: tensor<4xf32>) {
  // expected-error@+1 {{requires the same shape for all operands and results}}
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<5x!quant.uniform<i8:f32, 0.5>>
  return
}

// -----

func.func @dequantize_expressed_type(%x: tensor<4x!quant.uniform<u8:f32, 0.5:3>>) {
  // expected-error@+1 {{input expressed type 'f32' must match the float element type 'bf16'}}
  %0 = qnt.dequantize %x : tensor<4x!quant.uniform<u8:f32, 0.5:3>> -> tensor<4xbf16>
  return
}

// -----

func.func @requantize_axes(%x: tensor<2x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>>) {
  // expected-error@+1 {{input and result must be quantized along the same axis, got 0 and 1}}
  %0 = qnt.requantize %x : tensor<2x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>> -> tensor<2x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>
  return
}

// -----

func.func @requantize_ratio_too_large(%x: tensor<4x!quant.uniform<i16:f32, 1.0e9>>) {
  // expected-error@+1 {{requantization multiplier input scale / result scale = 1e+09 cannot be represented: multiplier 1e+09 is too large for a 32-bit rescale (must be below 2^29)}}
  %0 = qnt.requantize %x : tensor<4x!quant.uniform<i16:f32, 1.0e9>> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

// -----

func.func @conv_input_per_axis(%x: tensor<1x4x4x2x!quant.uniform<u8:f32:3, {0.1:3, 0.1:3}>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{input must be quantized per tensor}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32:3, {0.1:3, 0.1:3}>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_input_storage(%x: tensor<1x4x4x2x!quant.uniform<i32:f32, 0.1>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{input storage i32 is not supported (4, 8 or 16 bits)}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<i32:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_weight_axis(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32:3, {0.5, 0.5}>>) {
  // expected-error@+1 {{weight must be quantized along axis 0 (its channel dimension), got axis 3}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32:3, {0.5, 0.5}>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_weight_scale_count(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.5, 0.5, 0.5}>>) {
  // expected-error@+1 {{weight has 3 scales but its quantized axis 0 has size 2}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.5, 0.5, 0.5}>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_input_rank(%x: tensor<4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{input must have rank 4, got 3}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_pad(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{pad must have 4 values >= 0 [top, bottom, left, right]}}
  %0 = qnt.conv2d %x, %w pad = [0, -1, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_stride(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{stride must have 2 values > 0 [y, x]}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [0, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_dilation(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{dilation must have 2 values > 0 [y, x]}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_clamp_order(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{clamp must be [lo, hi] with lo <= hi}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] clamp = [10, 5] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_clamp_range(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{clamp [0, 300] must lie within the result's storage range [0, 255]}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] clamp = [0, 300] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_input_channels(%x: tensor<1x4x4x3x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{weight input channels must be 3, got 2}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x3x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_result_channels(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{result channels must be 2, got 5}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x5x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_result_height(%x: tensor<1x8x8x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x3x3x2x!quant.uniform<i8:f32, 0.5>>) {
  // (8 + 1 + 1 - 3) / 2 + 1 = 4
  // expected-error@+1 {{result height must be 4, got 5}}
  %0 = qnt.conv2d %x, %w pad = [1, 1, 1, 1] stride = [2, 2] dilation = [1, 1] : (tensor<1x8x8x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x5x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_result_width_dilated(%x: tensor<1x8x8x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x3x3x2x!quant.uniform<i8:f32, 0.5>>) {
  // Dilation 2 makes the 3x3 kernel span 5: 8 - 5 + 1 = 4.
  // expected-error@+1 {{result width must be 4, got 6}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [2, 2] : (tensor<1x8x8x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x6x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_result_batch(%x: tensor<2x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{result batch must be 2, got 1}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<2x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_window_too_large(%x: tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x5x5x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{window of extent 5 does not fit the padded input height of 4}}
  %0 = qnt.conv2d %x, %w pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] : (tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x5x5x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x1x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_bias_storage(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>, %b: tensor<2x!quant.uniform<i16:f32, 0.05>>) {
  // expected-error@+1 {{bias must have i32 storage, got i16}}
  %0 = qnt.conv2d %x, %w, %b pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>, tensor<2x!quant.uniform<i16:f32, 0.05>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_bias_zero_point(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>, %b: tensor<2x!quant.uniform<i32:f32, 0.05:3>>) {
  // expected-error@+1 {{bias zero point must be 0, got 3}}
  %0 = qnt.conv2d %x, %w, %b pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>, tensor<2x!quant.uniform<i32:f32, 0.05:3>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_bias_rank(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>, %b: tensor<1x2x!quant.uniform<i32:f32, 0.05>>) {
  // expected-error@+1 {{bias must have rank 1, got 2}}
  %0 = qnt.conv2d %x, %w, %b pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>, tensor<1x2x!quant.uniform<i32:f32, 0.05>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_bias_size(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>, %b: tensor<3x!quant.uniform<i32:f32, 0.05>>) {
  // expected-error@+1 {{bias size must be 2, got 3}}
  %0 = qnt.conv2d %x, %w, %b pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>, tensor<3x!quant.uniform<i32:f32, 0.05>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_bias_scale(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>>, %b: tensor<2x!quant.uniform<i32:f32, 0.05>>) {
  // Per-channel weight scales need per-channel bias scales: 0.1 * 0.25 = 0.025.
  // expected-error@+1 {{bias scale 0.05 of channel 1 must equal input scale * weight scale = 0.025}}
  %0 = qnt.conv2d %x, %w, %b pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>>, tensor<2x!quant.uniform<i32:f32, 0.05>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @conv_rescale_too_large(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 100.0:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 1.0e7>>) {
  // expected-error@+1 {{requantization multiplier input scale * weight scale / result scale = 1e+09 cannot be represented}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 100.0:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 1.0e7>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 1.0>>
  return
}

// -----

func.func @conv_missing_attribute(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{requires attribute 'dilation'}}
  %0 = "qnt.conv2d"(%x, %w) {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

//===----------------------------------------------------------------------===//
// depthwise_conv2d
//===----------------------------------------------------------------------===//

// -----

func.func @depthwise_weight_axis(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<3x3x2x1x!quant.uniform<i8:f32:3, {0.5}>>) {
  // expected-error@+1 {{weight must be quantized along axis 2 (its channel dimension), got axis 3}}
  %0 = qnt.depthwise_conv2d %x, %w pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<3x3x2x1x!quant.uniform<i8:f32:3, {0.5}>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @depthwise_channels(%x: tensor<1x4x4x3x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<3x3x2x1x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{weight channels must be 3, got 2}}
  %0 = qnt.depthwise_conv2d %x, %w pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x3x!quant.uniform<u8:f32, 0.1:3>>, tensor<3x3x2x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @depthwise_multiplier(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<3x3x2x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{result channels (channels * multiplier) must be 4, got 2}}
  %0 = qnt.depthwise_conv2d %x, %w pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<3x3x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @depthwise_bias_scale(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<3x3x2x2x!quant.uniform<i8:f32:2, {0.5, 0.25}>>, %b: tensor<4x!quant.uniform<i32:f32:0, {0.05, 0.05, 0.05, 0.025}>>) {
  // Output channel 2 = input channel 1 (multiplier 2): expects 0.1 * 0.25.
  // expected-error@+1 {{bias scale 0.05 of channel 2 must equal input scale * weight scale = 0.025}}
  %0 = qnt.depthwise_conv2d %x, %w, %b pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<3x3x2x2x!quant.uniform<i8:f32:2, {0.5, 0.25}>>, tensor<4x!quant.uniform<i32:f32:0, {0.05, 0.05, 0.05, 0.025}>>) -> tensor<1x4x4x4x!quant.uniform<u8:f32, 0.5>>
  return
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_lhs_rank(%a: tensor<2x2x2x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{lhs must have rank 2 or 3, got 4}}
  %0 = qnt.matmul %a, %b : (tensor<2x2x2x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<2x2x2x3x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @matmul_rhs_rank(%a: tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<1x2x3x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{rhs must have rank 2 or the rank of lhs (2), got 3}}
  %0 = qnt.matmul %a, %b : (tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<1x2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x3x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @matmul_result_storage(%a: tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{result storage u32 is not supported (4, 8, 16 bits or i32)}}
  %0 = qnt.matmul %a, %b : (tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x3x!quant.uniform<u32:f32, 0.05>>
  return
}

// -----

func.func @matmul_rhs_axis(%a: tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x3x!quant.uniform<i8:f32:0, {0.5, 0.5}>>) {
  // expected-error@+1 {{rhs must be quantized along axis 1 (its channel dimension), got axis 0}}
  %0 = qnt.matmul %a, %b : (tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x!quant.uniform<i8:f32:0, {0.5, 0.5}>>) -> tensor<4x3x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @matmul_result_rank(%a: tensor<5x4x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{result must have rank 3, got 2}}
  %0 = qnt.matmul %a, %b : (tensor<5x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x3x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @matmul_reduction(%a: tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<5x3x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{rhs reduction size must be 2, got 5}}
  %0 = qnt.matmul %a, %b : (tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<5x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x3x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @matmul_rows(%a: tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{result rows must be 4, got 7}}
  %0 = qnt.matmul %a, %b : (tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<7x3x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @matmul_columns(%a: tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{result columns must be 3, got 2}}
  %0 = qnt.matmul %a, %b : (tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x2x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @matmul_result_batch(%a: tensor<5x4x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{result batch must be 5, got 6}}
  %0 = qnt.matmul %a, %b : (tensor<5x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<6x4x3x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @matmul_rhs_batch(%a: tensor<5x4x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<6x2x3x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{rhs batch must be 5, got 6}}
  %0 = qnt.matmul %a, %b : (tensor<5x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<6x2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<5x4x3x!quant.uniform<u8:f32, 0.5>>
  return
}

// -----

func.func @matmul_clamp(%a: tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{clamp [-200, 0] must lie within the result's storage range [-128, 127]}}
  %0 = qnt.matmul %a, %b clamp = [-200, 0] : (tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x3x!quant.uniform<i8:f32, 0.5>>
  return
}

// -----

func.func @matmul_bias_scale(%a: tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x3x!quant.uniform<i8:f32, 0.5>>, %bias: tensor<3x!quant.uniform<i32:f32, 0.0500001>>) {
  // Within f32 rounding (1e-6 relative) is accepted; 2e-6 is not.
  // expected-error@+1 {{bias scale 0.0500001 of channel 0 must equal input scale * weight scale = 0.05}}
  %0 = qnt.matmul %a, %b, %bias : (tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>, tensor<3x!quant.uniform<i32:f32, 0.0500001>>) -> tensor<4x3x!quant.uniform<u8:f32, 0.5>>
  return
}

//===----------------------------------------------------------------------===//
// add / mul
//===----------------------------------------------------------------------===//

// -----

func.func @add_per_axis(%a: tensor<2x!quant.uniform<u8:f32:0, {0.1:3, 0.1:3}>>, %b: tensor<2x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{lhs must be quantized per tensor}}
  %0 = qnt.add %a, %b : (tensor<2x!quant.uniform<u8:f32:0, {0.1:3, 0.1:3}>>, tensor<2x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<2x!quant.uniform<u8:f32, 0.2:3>>
  return
}

// -----

func.func @add_rank(%a: tensor<2x3x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<3x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{rhs must have the result's rank 2, got 1}}
  %0 = qnt.add %a, %b : (tensor<2x3x!quant.uniform<u8:f32, 0.1:3>>, tensor<3x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<2x3x!quant.uniform<u8:f32, 0.2:3>>
  return
}

// -----

func.func @add_broadcast(%a: tensor<2x4x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x3x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{rhs dimension 1 of size 3 neither equals the result's (4) nor broadcasts (1)}}
  %0 = qnt.add %a, %b : (tensor<2x4x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<2x4x!quant.uniform<u8:f32, 0.2:3>>
  return
}

// -----

func.func @add_rescale(%a: tensor<2x!quant.uniform<u8:f32, 1.0:3>>, %b: tensor<2x!quant.uniform<u8:f32, 1.0:3>>) {
  // 2 / (2^20 * 1e-15) is far beyond 2^29.
  // expected-error@+1 {{requantization multiplier 2 * max(lhs scale, rhs scale) / (2^L * result scale)}}
  %0 = qnt.add %a, %b : (tensor<2x!quant.uniform<u8:f32, 1.0:3>>, tensor<2x!quant.uniform<u8:f32, 1.0:3>>) -> tensor<2x!quant.uniform<u8:f32, 1.0e-15:3>>
  return
}

// -----

func.func @add_clamp(%a: tensor<2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{clamp must be [lo, hi] with lo <= hi}}
  %0 = qnt.add %a, %b clamp = [1] : (tensor<2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<2x!quant.uniform<u8:f32, 0.2:3>>
  return
}

// -----

func.func @mul_rescale(%a: tensor<2x!quant.uniform<i16:f32, 1.0e5>>, %b: tensor<2x!quant.uniform<i16:f32, 1.0e5>>) {
  // expected-error@+1 {{requantization multiplier lhs scale * rhs scale / result scale = 1e+10 cannot be represented}}
  %0 = qnt.mul %a, %b : (tensor<2x!quant.uniform<i16:f32, 1.0e5>>, tensor<2x!quant.uniform<i16:f32, 1.0e5>>) -> tensor<2x!quant.uniform<i16:f32, 1.0>>
  return
}

// -----

func.func @mul_result_storage(%a: tensor<2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{result storage i32 is not supported (4, 8 or 16 bits)}}
  %0 = qnt.mul %a, %b : (tensor<2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<2x!quant.uniform<i32:f32, 0.01>>
  return
}

//===----------------------------------------------------------------------===//
// Pools
//===----------------------------------------------------------------------===//

// -----

func.func @max_pool_rescale(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{result element type '!quant.uniform<u8:f32, 2.000000e-01:3>' must equal the input's '!quant.uniform<u8:f32, 1.000000e-01:3>' (max pooling does not rescale)}}
  %0 = qnt.max_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.2:3>>
  return
}

// -----

func.func @max_pool_kernel(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{kernel must have 2 values > 0 [y, x]}}
  %0 = qnt.max_pool2d %x kernel = [2, 0] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:3>>
  return
}

// -----

func.func @max_pool_pad(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{pad 2 must be smaller than the kernel extent 2 along its axis}}
  %0 = qnt.max_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 2] : tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>> -> tensor<1x2x3x2x!quant.uniform<u8:f32, 0.1:3>>
  return
}

// -----

func.func @max_pool_channels(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{result channels must be 2, got 3}}
  %0 = qnt.max_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>> -> tensor<1x2x2x3x!quant.uniform<u8:f32, 0.1:3>>
  return
}

// -----

func.func @avg_pool_shape(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{result width must be 2, got 3}}
  %0 = qnt.avg_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>> -> tensor<1x2x3x2x!quant.uniform<u8:f32, 0.2:3>>
  return
}

// -----

func.func @avg_pool_rescale(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 1.0e10:3>>) {
  // expected-error@+1 {{requantization multiplier input scale / result scale = 1e+10 cannot be represented}}
  %0 = qnt.avg_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<1x4x4x2x!quant.uniform<u8:f32, 1.0e10:3>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 1.0:3>>
  return
}

//===----------------------------------------------------------------------===//
// concat
//===----------------------------------------------------------------------===//

// -----

func.func @concat_empty() {
  // expected-error@+1 {{requires at least one input}}
  %0 = qnt.concat axis = 0 : () -> tensor<1x!quant.uniform<u8:f32, 0.1:3>>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x2x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{axis 2 is out of range for rank 2}}
  %0 = qnt.concat %a axis = 2 : (tensor<2x2x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<2x2x!quant.uniform<u8:f32, 0.1:3>>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{input #1 must have the result's rank 2, got 1}}
  %0 = qnt.concat %a, %b axis = 0 : (tensor<2x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>
  return
}

// -----

func.func @concat_other_dims(%a: tensor<2x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<2x3x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{input #1 dimension 1 must be 2, got 3}}
  %0 = qnt.concat %a, %b axis = 0 : (tensor<2x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x3x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>
  return
}

// -----

func.func @concat_axis_size(%a: tensor<2x2x!quant.uniform<u8:f32, 0.1:3>>, %b: tensor<3x2x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error@+1 {{result size along the concatenation axis must be 5, got 4}}
  %0 = qnt.concat %a, %b axis = 0 : (tensor<2x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<3x2x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<4x2x!quant.uniform<u8:f32, 0.1:3>>
  return
}

// -----

func.func @concat_rescale(%a: tensor<2x!quant.uniform<u8:f32, 1.0e10:3>>) {
  // expected-error@+1 {{requantization multiplier input scale / result scale = 1e+10 cannot be represented}}
  %0 = qnt.concat %a axis = 0 : (tensor<2x!quant.uniform<u8:f32, 1.0e10:3>>) -> tensor<2x!quant.uniform<u8:f32, 1.0:3>>
  return
}

// -----

func.func @table_wide_input(%x: tensor<4x!quant.uniform<i16:f32, 0.1>>) {
  // expected-error@+1 {{input storage must be 8 bits wide, got 16}}
  %0 = qnt.table %x table = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255] : tensor<4x!quant.uniform<i16:f32, 0.1>> -> tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

func.func @table_size(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error@+1 {{table must have 256 entries (one per 8-bit storage value) or 256 per channel of the last axis, got 255}}
  %0 = qnt.table %x table = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] : tensor<4x!quant.uniform<u8:f32, 0.1>> -> tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

func.func @table_entry_range(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error@+1 {{table entry 255 (300) is outside the result's storage range [0, 255]}}
  %0 = qnt.table %x table = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 300] : tensor<4x!quant.uniform<u8:f32, 0.1>> -> tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}
