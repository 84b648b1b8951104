// RUN: rm -rf %t && %python %S/reference.py make conv2d %t
// RUN: qmlir-run %s --input %t/in0.npy --input %t/in1.npy --input %t/in2.npy --output-dir %t/out
// RUN: %python %S/reference.py check conv2d %t

/// conv2d with run-time weights: stride 2 with padding, dilation 2, and no
/// padding with an output width that does not divide the register tile.
func.func @main(%x: tensor<2x9x9x3xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>)
    -> (tensor<2x5x5x4xf32>, tensor<2x9x9x4xf32>, tensor<2x7x7x4xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>}
      : (tensor<2x9x9x3xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x5x5x4xf32>
  %1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 2, 2, 2, 2>, stride = array<i64: 1, 1>, dilation = array<i64: 2, 2>}
      : (tensor<2x9x9x3xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x9x9x4xf32>
  %2 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>}
      : (tensor<2x9x9x3xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x7x7x4xf32>
  return %0, %1, %2 : tensor<2x5x5x4xf32>, tensor<2x9x9x4xf32>, tensor<2x7x7x4xf32>
}
