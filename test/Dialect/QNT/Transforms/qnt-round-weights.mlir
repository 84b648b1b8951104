// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/make-stats.py %t/stats.json "x:-1:1:6#2,2,0,0,2,0,0,2,0,2" "m:-1:1:6#2,2,0,0,2,0,0,2,0,2" plain:-1:1:6
// RUN: qmlir-opt %s --split-input-file --qnt-round-weights="stats=%t/stats.json shrink=0" | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --qnt-round-weights="stats=%t/stats.json shrink=0 keep-float=conv" | FileCheck %s --check-prefix=KEEP
// RUN: qmlir-opt %s --split-input-file --qnt-round-weights="stats=%t/stats.json shrink=0" 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// RUN: qmlir-opt %s --split-input-file --qnt-round-weights="stats=%t/stats.json" | FileCheck %s --check-prefix=SHRUNK

/// Input channels 0 and 1 always equal (moments [[2, 2, 0], [2, 2, 0],
/// [0, 0, 2]] over two positions), channel 2 independent. Weights [1.3,
/// 1.3, 127] have the scale 1 (|w| max 127): round-to-nearest gives
/// [1, 1, 127], an output error of 0.6 x0. Rounding channel 0 down (error
/// 0.3) moves channel 1 to 1.3 + 0.3 * 2 / 2.02 = 1.597, which rounds to 2:
/// [1, 2, 127], an error of 0.4 x0 (0.32 against 0.72 in e^T H e).
/// With the default shrink (16), two positions for three channels are too
/// few to trust the correlation: round-to-nearest, [1, 1, 127].
// CHECK-LABEL: func.func @correlated
// CHECK: %[[Q:.*]] = arith.constant dense<{{\[\[\[\[}}1, 2, 127]]]]> : tensor<1x1x1x3xi8>
// CHECK: %[[T:.*]] = quant.scast %[[Q]] : tensor<1x1x1x3xi8> to tensor<1x1x1x3x!quant.uniform<i8<-127:127>:f32, 1.000000e+00>>
// CHECK: %[[W:.*]] = qnt.dequantize %[[T]]
// CHECK: tosa.conv2d %{{.*}}, %[[W]]
// SHRUNK-LABEL: func.func @correlated
// SHRUNK: arith.constant dense<{{\[\[\[\[}}1, 1, 127]]]]> : tensor<1x1x1x3xi8>
// KEEP-LABEL: func.func @correlated
// KEEP-NOT: qnt.dequantize
// KEEP: tosa.conv2d
// REMARK: remark: {{.*}}qnt-round-weights: rounded the weights of 1 of 1 layers; their output error (on the calibration moments) is 44.4% of round-to-nearest's
func.func @correlated(%arg0: tensor<1x2x2x3xf32>) -> tensor<1x2x2x1xf32> {
  %x = qnt.calibrate %arg0 id "x" : tensor<1x2x2x3xf32>
  %w = "tosa.const"() {values = dense<[[[[1.3, 1.3, 127.0]]]]> : tensor<1x1x1x3xf32>} : () -> tensor<1x1x1x3xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x3xf32>, tensor<1x1x1x3xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32> loc("conv")
  return %0 : tensor<1x2x2x1xf32>
}

// -----

/// A fully connected matmul: the same along K.
// CHECK-LABEL: func.func @matmul
// CHECK: arith.constant dense<{{\[\[}}[1], [2], [127]]]> : tensor<1x3x1xi8>
// CHECK: tosa.matmul
// REMARK: remark: {{.*}}qnt-round-weights: rounded the weights of 1 of 1 layers
func.func @matmul(%arg0: tensor<1x4x3xf32>) -> tensor<1x4x1xf32> {
  %x = qnt.calibrate %arg0 id "m" : tensor<1x4x3xf32>
  %w = "tosa.const"() {values = dense<[[[1.3], [1.3], [127.0]]]> : tensor<1x3x1xf32>} : () -> tensor<1x3x1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = tosa.matmul %x, %w, %zp, %zp : (tensor<1x4x3xf32>, tensor<1x3x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x1xf32>
  return %0 : tensor<1x4x1xf32>
}

// -----

/// Negative: no marker on the input, a marker without moments: the weights
/// stay float for qnt-quantize.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: qnt.dequantize
// CHECK: tosa.conv2d
// CHECK-NOT: qnt.dequantize
// CHECK: tosa.conv2d
// REMARK: remark: {{.*}}qnt-round-weights: rounded the weights of 0 of 2 layers; none has channel moments on its input (calibrate with them)
func.func @left_alone(%arg0: tensor<1x2x2x3xf32>) -> (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) {
  %x = qnt.calibrate %arg0 id "plain" : tensor<1x2x2x3xf32>
  %w = "tosa.const"() {values = dense<[[[[1.3, 1.3, 127.0]]]]> : tensor<1x1x1x3xf32>} : () -> tensor<1x1x1x3xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x3xf32>, tensor<1x1x1x3xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %1 = tosa.conv2d %arg0, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x3xf32>, tensor<1x1x1x3xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %0, %1 : tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>
}
