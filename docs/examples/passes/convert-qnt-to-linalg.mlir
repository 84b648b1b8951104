func.func @per_tensor(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.5:3>>
  %1 = qnt.dequantize %0 : tensor<4x!quant.uniform<u8:f32, 0.5:3>> -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
