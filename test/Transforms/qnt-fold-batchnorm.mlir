// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --pass-pipeline="builtin.module(func.func(qnt-fold-batchnorm),canonicalize)" | FileCheck %s

/// conv -> NHWC->NCHW transpose -> sub mean, mul factor, add beta (an
/// imported BatchNormalization): weights scaled by the factor (2, 3), bias
/// (1 - 1) * 2 + 0.5 = 0.5 and (2 - 1) * 3 - 1 = 2; the transpose stays.
// CHECK-LABEL: func.func @conv_batchnorm
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}-3.000000e+00]]]]> : tensor<2x1x1x1xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[5.000000e-01, 2.000000e+00]> : tensor<2xf32>}>
// CHECK: %[[C:.*]] = tosa.conv2d %arg0, %[[W]], %[[B]]
// CHECK: %[[T:.*]] = tosa.transpose %[[C]]
// CHECK-NEXT: return %[[T]]
func.func @conv_batchnorm(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() {values = dense<[[[[1.0]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() {values = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %mean = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %factor = "tosa.const"() {values = dense<[[[[2.0]], [[3.0]]]]> : tensor<1x2x1x1xf32>} : () -> tensor<1x2x1x1xf32>
  %beta = "tosa.const"() {values = dense<[[[[0.5]], [[-1.0]]]]> : tensor<1x2x1x1xf32>} : () -> tensor<1x2x1x1xf32>
  %shift = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %t = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %s = tosa.sub %t, %mean : (tensor<1x2x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %m = tosa.mul %s, %factor, %shift : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  %a = tosa.add %m, %beta : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %a : tensor<1x2x2x2xf32>
}

// -----

/// A fully connected layer (matmul with constant weights + bias add through
/// a reshape) becomes a 1x1 convolution with that bias.
// CHECK-LABEL: func.func @fully_connected
// CHECK: tosa.reshape %arg0, %{{.*}} : (tensor<1x2x3xf32>, !tosa.shape<4>) -> tensor<2x1x1x3xf32>
// CHECK: tosa.conv2d {{.*}} : (tensor<2x1x1x3xf32>, tensor<4x1x1x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x1x1x4xf32>
// CHECK: tosa.reshape {{.*}} -> tensor<2x4xf32>
// CHECK-NOT: tosa.matmul
// CHECK-NOT: tosa.add
func.func @fully_connected(%x: tensor<1x2x3xf32>) -> tensor<2x4xf32> {
  %w = "tosa.const"() {values = dense<1.0> : tensor<1x3x4xf32>} : () -> tensor<1x3x4xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %bias = "tosa.const"() {values = dense<[[1.0, 2.0, 3.0, 4.0]]> : tensor<1x4xf32>} : () -> tensor<1x4xf32>
  %shape = tosa.const_shape {values = dense<[2, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %m = tosa.matmul %x, %w, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32>
  %r = tosa.reshape %m, %shape : (tensor<1x2x4xf32>, !tosa.shape<2>) -> tensor<2x4xf32>
  %a = tosa.add %r, %bias : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  return %a : tensor<2x4xf32>
}

// -----

/// Negative case: an add of a non-constant is not folded.
// CHECK-LABEL: func.func @not_constant
// CHECK: tosa.conv2d
// CHECK: tosa.add
func.func @not_constant(%x: tensor<1x2x2x1xf32>, %y: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %a = tosa.add %c, %y : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %a : tensor<1x2x2x2xf32>
}
