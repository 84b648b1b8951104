// RUN: rm -rf %t && %python %S/reference.py make conv2d_const %t
// RUN: qmlir-run %s --input %t/in0.npy --output-dir %t/out
// RUN: %python %S/reference.py check conv2d_const %t

/// conv2d with constant weights (folded into the HWCF layout at compile
/// time), asymmetric padding; weights are arange(32) / 32 in OHWI order.
func.func @main(%x: tensor<1x6x6x2xf32>) -> tensor<1x6x6x4xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.0, 0.03125], [0.0625, 0.09375]], [[0.125, 0.15625], [0.1875, 0.21875]]],
                                        [[[0.25, 0.28125], [0.3125, 0.34375]], [[0.375, 0.40625], [0.4375, 0.46875]]],
                                        [[[0.5, 0.53125], [0.5625, 0.59375]], [[0.625, 0.65625], [0.6875, 0.71875]]],
                                        [[[0.75, 0.78125], [0.8125, 0.84375]], [[0.875, 0.90625], [0.9375, 0.96875]]]]> : tensor<4x2x2x2xf32>}> : () -> tensor<4x2x2x2xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -0.5, 0.25, 0.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>}
      : (tensor<1x6x6x2xf32>, tensor<4x2x2x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  return %0 : tensor<1x6x6x4xf32>
}
