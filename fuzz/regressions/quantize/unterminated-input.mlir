
!x = !quant.uniform<i8:f32, 0.1:-2>
!w = !quant.uniform<u8:f32, 0.5:7>
!y = !quant.uniform<i32:f32, 0.05>

func.func @conv2d_runtime_weights(%x: tensor<1x3x3x1x!x>, %w: tensor<1x2x2x1x!w>) -> tensor<1x2x2x1x!y> {
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x3x3x1x!x>, tensor<1x2x2x1x!w>) -> tensor<1x2x2x1x!y>
  return %0 : tensor<1x2x2x1x!y>
}
!