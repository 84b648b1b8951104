!x = !quant.uniform<u8:f32, 0.1:3>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.025}>
!y = !quant.uniform<u8:f32, 0.2:10>

func.func @conv_relu(%q: tensor<1x2x2x2x!x>) -> tensor<1x2x2x2xf32> {
  %d = qnt.dequantize %q : tensor<1x2x2x2x!x> -> tensor<1x2x2x2xf32>
  %wc = arith.constant dense<[[[[1, 2]]], [[[-2, 1]]]]> : tensor<2x1x1x2xi8>
  %wq = quant.scast %wc : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!w>
  %w = qnt.dequantize %wq : tensor<2x1x1x2x!w> -> tensor<2x1x1x2xf32>
  %bc = arith.constant dense<[2, -4]> : tensor<2xi32>
  %bq = quant.scast %bc : tensor<2xi32> to tensor<2x!b>
  %b = qnt.dequantize %bq : tensor<2x!b> -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %c = tosa.conv2d %d, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %cq = qnt.quantize %c : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!y>
  %cd = qnt.dequantize %cq : tensor<1x2x2x2x!y> -> tensor<1x2x2x2xf32>
  %r = tosa.clamp %cd {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %rq = qnt.quantize %r : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!y>
  %rd = qnt.dequantize %rq : tensor<1x2x2x2x!y> -> tensor<1x2x2x2xf32>
  return %rd : tensor<1x2x2x2xf32>
}
