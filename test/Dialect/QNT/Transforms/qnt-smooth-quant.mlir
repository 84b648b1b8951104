// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/make-stats.py %t/stats.json "ln:-8:8:100!8,1,1,0.5" "r:0:4:100!4,1,1,1" "m:-4:4:100!4,1" g:0:1:100!1,0.5 plain:0:6:100
// RUN: qmlir-opt %s --split-input-file --qnt-smooth-quant="stats=%t/stats.json" | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --qnt-smooth-quant="stats=%t/stats.json alpha=1" | FileCheck %s --check-prefix=ALPHA
// RUN: qmlir-opt %s --split-input-file --qnt-smooth-quant="stats=%t/stats.json keep-float=fc*" | FileCheck %s --check-prefix=KEEP
// RUN: qmlir-opt %s --split-input-file --qnt-smooth-quant="stats=%t/stats.json" 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK

/// A layer normalization's affine tail (gamma, beta) before two fully
/// connected layers reading one marker. Channel ranges |x| = [8, 1, 1, 0.5],
/// the weights' ranges per input channel over both readers [0.5, 1, 4, 2]:
/// s = sqrt(|x| / |w|) = [4, 1, 0.5, 0.5]. Gamma [1, 1, 1, 1] and beta
/// [0.4, 1, 1, 0.2] are divided by s, the readers' weights multiplied.
// CHECK-LABEL: func.func @layer_norm
// CHECK-DAG: %[[GAMMA:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}2.500000e-01, 1.000000e+00, 2.000000e+00, 2.000000e+00]]]> : tensor<1x1x4xf32>}>
// CHECK-DAG: %[[BETA:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}1.000000e-01, 1.000000e+00, 2.000000e+00, 4.000000e-01]]]> : tensor<1x1x4xf32>}>
// CHECK-DAG: %[[W1:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00, 1.000000e+00, 2.000000e+00, 1.000000e+00]]], {{\[\[\[}}1.000000e+00, -5.000000e-01, 5.000000e-01, -5.000000e-01]]]]> : tensor<2x1x1x4xf32>}>
// CHECK-DAG: %[[W2:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}4.000000e-01, 1.000000e-01, 5.000000e-02, 5.000000e-02]]]]> : tensor<1x1x1x4xf32>}>
// CHECK-DAG: %[[M:.*]] = tosa.mul %arg0, %[[GAMMA]]
// CHECK-DAG: %[[A:.*]] = tosa.add %[[M]], %[[BETA]]
// CHECK-DAG: tosa.conv2d %{{.*}}, %[[W1]]
// CHECK-DAG: tosa.conv2d %{{.*}}, %[[W2]]
/// alpha = 1: s = |x| = [8, 1, 1, 0.5], every channel of the input now in
/// [-1, 1].
// ALPHA-LABEL: func.func @layer_norm
// ALPHA: dense<{{\[\[\[}}1.250000e-01, 1.000000e+00, 1.000000e+00, 2.000000e+00]]]> : tensor<1x1x4xf32>
/// keep-float names a reader: nothing changes.
// KEEP-LABEL: func.func @layer_norm
// KEEP: dense<1.000000e+00> : tensor<1x1x4xf32>
// KEEP: dense<{{\[\[\[}}4.000000e-01, 1.000000e+00, 1.000000e+00, 2.000000e-01]]]> : tensor<1x1x4xf32>
// REMARK: remark: qnt-smooth-quant: smoothed 1 of 1 inputs of layers with constant weights; the widest, 'ln': largest channel range / median 8.0 -> 1.0
func.func @layer_norm(%arg0: tensor<1x2x4xf32>) -> (tensor<2x1x1x2xf32>, tensor<2x1x1x1xf32>) {
  %gamma = "tosa.const"() <{values = dense<1.0> : tensor<1x1x4xf32>}> : () -> tensor<1x1x4xf32>
  %beta = "tosa.const"() <{values = dense<[[[0.4, 1.0, 1.0, 0.2]]]> : tensor<1x1x4xf32>}> : () -> tensor<1x1x4xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %arg0, %gamma, %shift : (tensor<1x2x4xf32>, tensor<1x1x4xf32>, tensor<1xi8>) -> tensor<1x2x4xf32>
  %a = tosa.add %m, %beta : (tensor<1x2x4xf32>, tensor<1x1x4xf32>) -> tensor<1x2x4xf32>
  %shape = tosa.const_shape {values = dense<[2, 1, 1, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %r = tosa.reshape %a, %shape : (tensor<1x2x4xf32>, !tosa.shape<4>) -> tensor<2x1x1x4xf32>
  %x = qnt.calibrate %r id "ln" : tensor<2x1x1x4xf32>
  %w1 = "tosa.const"() <{values = dense<[[[[0.5, 1.0, 4.0, 2.0]]], [[[0.25, -0.5, 1.0, -1.0]]]]> : tensor<2x1x1x4xf32>}> : () -> tensor<2x1x1x4xf32>
  %b1 = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %w2 = "tosa.const"() <{values = dense<0.1> : tensor<1x1x1x4xf32>}> : () -> tensor<1x1x1x4xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y1 = tosa.conv2d %x, %w1, %b1, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<2x1x1x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x1x1x2xf32> loc("fc1")
  %y2 = tosa.conv2d %x, %w2, %b2, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<2x1x1x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x1x1x1xf32> loc("fc2")
  return %y1, %y2 : tensor<2x1x1x2xf32>, tensor<2x1x1x1xf32>
}

// -----

/// A convolution producer through a ReLU: |x| = [4, 1, 1, 1], the reader's
/// weights all 1: s = [2, 1, 1, 1]. The producer's output channel 0
/// (weights and bias) is halved, the reader's input channel 0 doubled.
// CHECK-LABEL: func.func @conv_relu
// CHECK-DAG: %[[P:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00], {{\[}}2.000000e+00]]], {{\[\[\[}}2.000000e+00], {{\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00], {{\[}}3.000000e+00]]], {{\[\[\[}}4.000000e+00], {{\[}}4.000000e+00]]]]> : tensor<4x1x2x1xf32>}>
// CHECK-DAG: %[[PB:.*]] = "tosa.const"() <{values = dense<[5.000000e-01, 1.000000e+00, 1.000000e+00, 1.000000e+00]> : tensor<4xf32>}>
// CHECK-DAG: %[[R:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<1x1x1x4xf32>}>
// CHECK-DAG: tosa.conv2d %arg0, %[[P]], %[[PB]]
// CHECK-DAG: tosa.clamp
// CHECK-DAG: tosa.conv2d %{{.*}}, %[[R]]
// REMARK: remark: qnt-smooth-quant: smoothed 1 of 1 inputs of layers with constant weights; the widest, 'r': largest channel range / median 4.0 -> 2.0
func.func @conv_relu(%arg0: tensor<1x4x4x1xf32>) -> tensor<1x4x3x1xf32> {
  %p = "tosa.const"() <{values = dense<[[[[2.0], [4.0]]], [[[2.0], [2.0]]], [[[3.0], [3.0]]], [[[4.0], [4.0]]]]> : tensor<4x1x2x1xf32>}> : () -> tensor<4x1x2x1xf32>
  %pb = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %arg0, %p, %pb, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<4x1x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x3x4xf32>
  %relu = tosa.clamp %c {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x4x3x4xf32>) -> tensor<1x4x3x4xf32>
  %x = qnt.calibrate %relu id "r" : tensor<1x4x3x4xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x4xf32>}> : () -> tensor<1x1x1x4xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x3x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x3x1xf32>
  return %y : tensor<1x4x3x1xf32>
}

// -----

/// A splat multiplier (tensor<1x1x1xf32>) becomes a per-channel one; the
/// reader is a matmul with constant weights [N, K, W]: |x| = [4, 1], the
/// weights' ranges [1, 1], s = [2, 1].
// CHECK-LABEL: func.func @splat_matmul
// CHECK-DAG: %[[C:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}1.000000e+00, 2.000000e+00]]]> : tensor<1x1x2xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}2.000000e+00, -2.000000e+00], [1.000000e+00, 1.000000e+00]]]> : tensor<1x2x2xf32>}>
// CHECK-DAG: tosa.mul %arg0, %[[C]]
// CHECK-DAG: tosa.matmul %{{.*}}, %[[B]]
func.func @splat_matmul(%arg0: tensor<1x3x2xf32>) -> tensor<1x3x2xf32> {
  %c = "tosa.const"() <{values = dense<2.0> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %arg0, %c, %shift : (tensor<1x3x2xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<1x3x2xf32>
  %x = qnt.calibrate %m id "m" : tensor<1x3x2xf32>
  %b = "tosa.const"() <{values = dense<[[[1.0, -1.0], [1.0, 1.0]]]> : tensor<1x2x2xf32>}> : () -> tensor<1x2x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %x, %b, %zp, %zp : (tensor<1x3x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2xf32>
  return %y : tensor<1x3x2xf32>
}

// -----

/// Left alone: a producer that does not commute with a scale (a sigmoid),
/// a producer value with a second user, and an input without channel
/// extremes in the statistics.
// CHECK-LABEL: func.func @left_alone
// CHECK: dense<{{\[\[\[}}1.000000e+00, -1.000000e+00], [1.000000e+00, 1.000000e+00]]]> : tensor<1x2x2xf32>
// CHECK: dense<2.000000e+00> : tensor<1x1x2xf32>
// CHECK-NOT: dense<{{.*}}> : tensor<1x1x2xf32>
// REMARK: remark: qnt-smooth-quant: smoothed 0 of 3 inputs of layers with constant weights
func.func @left_alone(%arg0: tensor<1x3x2xf32>) -> (tensor<1x3x2xf32>, tensor<1x3x2xf32>, tensor<1x3x2xf32>, tensor<1x3x2xf32>) {
  %b = "tosa.const"() <{values = dense<[[[1.0, -1.0], [1.0, 1.0]]]> : tensor<1x2x2xf32>}> : () -> tensor<1x2x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s = tosa.sigmoid %arg0 : (tensor<1x3x2xf32>) -> tensor<1x3x2xf32>
  %g = qnt.calibrate %s id "g" : tensor<1x3x2xf32>
  %y1 = tosa.matmul %g, %b, %zp, %zp : (tensor<1x3x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2xf32>
  %c = "tosa.const"() <{values = dense<2.0> : tensor<1x1x2xf32>}> : () -> tensor<1x1x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %arg0, %c, %shift : (tensor<1x3x2xf32>, tensor<1x1x2xf32>, tensor<1xi8>) -> tensor<1x3x2xf32>
  %x = qnt.calibrate %m id "m" : tensor<1x3x2xf32>
  %y2 = tosa.matmul %x, %b, %zp, %zp : (tensor<1x3x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2xf32>
  %m2 = tosa.mul %arg0, %c, %shift : (tensor<1x3x2xf32>, tensor<1x1x2xf32>, tensor<1xi8>) -> tensor<1x3x2xf32>
  %p = qnt.calibrate %m2 id "plain" : tensor<1x3x2xf32>
  %y3 = tosa.matmul %p, %b, %zp, %zp : (tensor<1x3x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2xf32>
  return %y1, %y2, %m, %y3 : tensor<1x3x2xf32>, tensor<1x3x2xf32>, tensor<1x3x2xf32>, tensor<1x3x2xf32>
}
