// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/make-stats.py %t/stats.json x:0:6:100@2,4 d:0:6:90@1,-3,0.5 plain:0:6:100
// RUN: qmlir-opt %s --split-input-file --qnt-bias-correction="stats=%t/stats.json" | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --qnt-bias-correction="stats=%t/stats.json keep-float=conv" | FileCheck %s --check-prefix=KEEP
// RUN: qmlir-opt %s --split-input-file --qnt-bias-correction="stats=%t/stats.json weights=per-tensor" | FileCheck %s --check-prefix=TENSOR
// RUN: qmlir-opt %s --split-input-file --qnt-bias-correction="stats=%t/stats.json" 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK

/// conv2d [OC, KH, KW, IC] = [2, 1, 1, 2], per channel: channel 0 is
/// [1, 0.3]: scale 1/127, 0.3 -> 38/127 = 0.2992126 (error -7.874e-4);
/// channel 1 is [0.5, -0.1]: scale 0.5/127, -0.1 -> -25 * 0.5/127 =
/// -0.0984252 (error +1.5748e-3). With input means [2, 4] the expected
/// shifts are -3.1496e-3 and +6.2992e-3: the biases [0.25, -1] become
/// [0.2531496, -1.0062992]. The weights themselves are unchanged.
// CHECK-LABEL: func.func @conv
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 3.000000e-01]]], {{\[\[\[}}5.000000e-01, -1.000000e-01]]]]>
// CHECK: %[[B:.*]] = "tosa.const"() <{values = dense<[0.253149{{[0-9]*}}, -1.00629{{[0-9]*}}]> : tensor<2xf32>}>
// CHECK: tosa.conv2d %{{.*}}, %[[W]], %[[B]]
/// keep-float names the layer: nothing changes.
// KEEP-LABEL: func.func @conv
// KEEP: dense<[2.500000e-01, -1.000000e+00]>
/// Per tensor the scale is 1/127 for both channels: 0.5 and -0.1 round to
/// 64/127 and -13/127 (errors +3.937e-3, -2.362e-3): shift 2 * 3.937e-3 +
/// 4 * -2.362e-3 = -1.575e-3 for channel 1 (channel 0 as before).
// TENSOR-LABEL: func.func @conv
/// One remark per module: how many layers, the largest shift and where.
// REMARK: remark: {{.*}}qnt-bias-correction: corrected the biases of 1 of 1 convolutions; the largest shift, 6.30e-03, at 'conv'
// REMARK: remark: qnt-bias-correction: corrected the biases of 1 of 1 convolutions; the largest shift, 3.94e-03, at the layer reading 'd'
// REMARK: remark: qnt-bias-correction: corrected the biases of 0 of 2 convolutions
// TENSOR: dense<[0.253149{{[0-9]*}}, -0.99842{{[0-9]*}}]>
func.func @conv(%arg: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %x = qnt.calibrate %arg id "x" : tensor<1x4x4x2xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0, 0.3]]], [[[0.5, -0.1]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.25, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv")
  return %y : tensor<1x4x4x2xf32>
}

// -----

/// depthwise [KH, KW, C, M] = [1, 2, 3, 1], one bias broadcast to three
/// channels with means [1, -3, 0.5]: channel c's taps are w[0, :, c, 0].
/// Channel 0 is [1, 0.5] (0.5 -> 64/127, error +3.937e-3, mean 1: shift
/// +3.937e-3); channel 1 is [0.3, 1] (0.3 -> 38/127, error -7.874e-4, mean
/// -3: shift +2.362e-3); channel 2 ([2, -2]) is exact. The bias [0.5]
/// becomes [0.4960630, 0.4976378, 0.5].
// CHECK-LABEL: func.func @depthwise
// CHECK: %[[B:.*]] = "tosa.const"() <{values = dense<[4.960630e-01, 0.49763{{[0-9]*}}, 5.000000e-01]> : tensor<3xf32>}>
// CHECK: tosa.depthwise_conv2d %{{.*}}, %{{.*}}, %[[B]]
func.func @depthwise(%arg: tensor<1x4x4x3xf32>) -> tensor<1x4x3x3xf32> {
  %x = qnt.calibrate %arg id "d" : tensor<1x4x4x3xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0], [0.3], [2.0]], [[0.5], [1.0], [-2.0]]]]> : tensor<1x2x3x1xf32>}> : () -> tensor<1x2x3x1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<1x2x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

/// Negative: statistics without per-channel means, and a convolution whose
/// input has no marker, are left as they are.
// CHECK-LABEL: func.func @unchanged
// CHECK: %[[B:.*]] = "tosa.const"() <{values = dense<[2.500000e-01, -1.000000e+00]>
// CHECK-NOT: 0.2531
// CHECK: tosa.conv2d %{{.*}}, %{{.*}}, %[[B]]
// CHECK: tosa.conv2d %{{.*}}, %{{.*}}, %[[B]]
func.func @unchanged(%arg: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %x = qnt.calibrate %arg id "plain" : tensor<1x4x4x2xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0, 0.3]]], [[[0.5, -0.1]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.25, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %z = tosa.conv2d %arg, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %y, %z : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}
