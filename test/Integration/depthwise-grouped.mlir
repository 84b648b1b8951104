// RUN: rm -rf %t && %python %S/reference.py make depthwise_grouped %t
// RUN: qmlir-run %s --input %t/in0.npy --input %t/in1.npy --input %t/in2.npy --input %t/in3.npy --input %t/in4.npy --input %t/in5.npy --output-dir %t/out
// RUN: %python %S/reference.py check depthwise_grouped %t

/// Depthwise convolution with channel multipliers 2 and 1, and a 2-group
/// convolution expressed in TOSA as slices, two convolutions and a concat.
func.func @main(%x: tensor<1x8x8x4xf32>, %dw: tensor<3x3x4x2xf32>, %db: tensor<8xf32>,
                %g0: tensor<3x3x3x2xf32>, %g1: tensor<3x3x3x2xf32>, %dw1: tensor<3x3x4x1xf32>)
    -> (tensor<1x8x8x8xf32>, tensor<1x8x8x4xf32>, tensor<1x8x8x6xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.depthwise_conv2d %x, %dw, %db, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>}
      : (tensor<1x8x8x4xf32>, tensor<3x3x4x2xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x8xf32>
  %nb4 = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %m1 = tosa.depthwise_conv2d %x, %dw1, %nb4, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>}
      : (tensor<1x8x8x4xf32>, tensor<3x3x4x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32>
  %s0 = tosa.const_shape {values = dense<[0, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s1 = tosa.const_shape {values = dense<[0, 0, 0, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 8, 8, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %x0 = tosa.slice %x, %s0, %size : (tensor<1x8x8x4xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x8x8x2xf32>
  %x1 = tosa.slice %x, %s1, %size : (tensor<1x8x8x4xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x8x8x2xf32>
  %nb = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y0 = tosa.conv2d %x0, %g0, %nb, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>}
      : (tensor<1x8x8x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x3xf32>
  %y1 = tosa.conv2d %x1, %g1, %nb, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>}
      : (tensor<1x8x8x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x3xf32>
  %1 = tosa.concat %y0, %y1 {axis = 3 : i32} : (tensor<1x8x8x3xf32>, tensor<1x8x8x3xf32>) -> tensor<1x8x8x6xf32>
  return %0, %m1, %1 : tensor<1x8x8x8xf32>, tensor<1x8x8x4xf32>, tensor<1x8x8x6xf32>
}
