// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --convert-qnt-to-linalg

func.func @integer_conv(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>> {
  // expected-error@+1 {{'qnt.conv2d' is a quantized op not lowered to linalg yet (only qnt.quantize, qnt.dequantize and per-tensor qnt.requantize are)}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
  return %0 : tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5>>
}

// -----

func.func @requantize_per_axis(%x: tensor<2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) -> tensor<2x!quant.uniform<i8:f32:0, {0.2, 0.4}>> {
  // expected-error@+1 {{per-axis 'qnt.requantize' is not lowered to linalg yet}}
  %0 = qnt.requantize %x : tensor<2x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<2x!quant.uniform<i8:f32:0, {0.2, 0.4}>>
  return %0 : tensor<2x!quant.uniform<i8:f32:0, {0.2, 0.4}>>
}

