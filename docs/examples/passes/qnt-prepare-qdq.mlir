func.func @transposes_cancel(%x: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %t = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x3x4xf32>) -> tensor<1x4x2x3xf32>
  %q = qnt.quantize %t : tensor<1x4x2x3xf32> -> tensor<1x4x2x3x!quant.uniform<u8:f32, 0.1:3>>
  %d = qnt.dequantize %q : tensor<1x4x2x3x!quant.uniform<u8:f32, 0.1:3>> -> tensor<1x4x2x3xf32>
  %u = tosa.transpose %d {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x4x2x3xf32>) -> tensor<1x2x3x4xf32>
  return %u : tensor<1x2x3x4xf32>
}
