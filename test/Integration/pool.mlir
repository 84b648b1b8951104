// RUN: rm -rf %t && %python %S/reference.py make pool %t
// RUN: qmlir-run %s --input %t/in0.npy --output-dir %t/out
// RUN: %python %S/reference.py check pool %t

/// Max and average pooling with padding (the average excludes padding, as
/// TOSA defines it), and global average pooling.
func.func @main(%x: tensor<1x9x9x3xf32>) -> (tensor<1x5x5x3xf32>, tensor<1x5x5x3xf32>, tensor<1x1x1x3xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.max_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x9x9x3xf32>) -> tensor<1x5x5x3xf32>
  %1 = tosa.avg_pool2d %x, %zp, %zp {acc_type = f32, kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>}
      : (tensor<1x9x9x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x3xf32>
  %2 = tosa.avg_pool2d %x, %zp, %zp {acc_type = f32, kernel = array<i64: 9, 9>, stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>}
      : (tensor<1x9x9x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x3xf32>
  return %0, %1, %2 : tensor<1x5x5x3xf32>, tensor<1x5x5x3xf32>, tensor<1x1x1x3xf32>
}
