!a = !quant.uniform<u8:f32, 0.1:10>
!b = !quant.uniform<u8:f32, 0.2:20>
!p = !quant.uniform<u8:f32, 0.05:0>

func.func @max_pool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %q = qnt.quantize %x {qnt.calibrated} : tensor<1x4x4x1xf32> -> tensor<1x4x4x1x!a>
  %d = qnt.dequantize %q : tensor<1x4x4x1x!a> -> tensor<1x4x4x1xf32>
  %p = tosa.max_pool2d %d {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32>
  %q2 = qnt.quantize %p {qnt.calibrated} : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!b>
  %d2 = qnt.dequantize %q2 : tensor<1x2x2x1x!b> -> tensor<1x2x2x1xf32>
  return %d2 : tensor<1x2x2x1xf32>
}
