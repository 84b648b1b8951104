// RUN: qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-insert-calibration))" | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-insert-calibration),func.func(qnt-insert-calibration))" | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-insert-calibration{all-activations=true}))" | FileCheck %s --check-prefix=ALL
// RUN: qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-insert-calibration{inside-chains=true}))" | FileCheck %s --check-prefix=INSIDE

/// A CNN block with a residual add and a concat: the input, each conv and
/// pool result, the add and the concat are marked once, named after their
/// locations (ONNX tensor names); constants (weights, biases) are not.
/// Running the pass twice changes nothing (second RUN line).
// CHECK-LABEL: func.func @cnn
// CHECK: %[[X:.*]] = qnt.calibrate %arg0 id "image" : tensor<1x8x8x4xf32>
// CHECK: %[[C1:.*]] = tosa.conv2d %[[X]]
// CHECK: %[[M1:.*]] = qnt.calibrate %[[C1]] id "conv1_out"
// CHECK: %[[R:.*]] = tosa.clamp %[[M1]]
// CHECK: %[[MR:.*]] = qnt.calibrate %[[R]] id "relu1_out"
// CHECK: %[[C2:.*]] = tosa.conv2d %[[MR]]
// CHECK: %[[M2:.*]] = qnt.calibrate %[[C2]] id "conv2_out"
// CHECK: %[[A:.*]] = tosa.add %[[M2]], %[[X]]
// CHECK: %[[MA:.*]] = qnt.calibrate %[[A]] id "add_out"
// CHECK: %[[P:.*]] = tosa.max_pool2d %[[MA]]
// CHECK: %[[MP:.*]] = qnt.calibrate %[[P]] id "pool_out"
// CHECK: %[[CAT:.*]] = tosa.concat %[[MP]], %[[MP]]
// CHECK: %[[MC:.*]] = qnt.calibrate %[[CAT]] id "cat_out"
// CHECK-NEXT: return %[[MC]]
// ALL-LABEL: func.func @cnn
// ALL-COUNT-7: qnt.calibrate
func.func @cnn(%x: tensor<1x8x8x4xf32> {qmlir.name = "image"}) -> tensor<1x4x4x8xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<4x3x3x4xf32>}> : () -> tensor<4x3x3x4xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32> loc("conv1_out")
  %r = tosa.clamp %c1 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32> loc("relu1_out")
  %c2 = tosa.conv2d %r, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32> loc("conv2_out")
  %a = tosa.add %c2, %x : (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32> loc("add_out")
  %p = tosa.max_pool2d %a {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32> loc("pool_out")
  %cat = tosa.concat %p, %p {axis = 3 : i32} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x8xf32> loc("cat_out")
  return %cat : tensor<1x4x4x8xf32>
}

// -----

/// An MLP: matmul, bias add, relu, matmul. Values without a name take
/// "<function>.<op><position>"; equal names get #1, #2 in function order.
/// The bias add and the relu are a chain of element-wise ops of the first
/// matmul's result with a splat constant: only its end is marked, unless
/// inside-chains.
// CHECK-LABEL: func.func @mlp
// CHECK: qnt.calibrate %arg0 id "mlp.arg0"
// CHECK: tosa.matmul
// CHECK: qnt.calibrate %{{.*}} id "fc"
// CHECK: tosa.add
// CHECK-NOT: qnt.calibrate
// CHECK: tosa.clamp
// INSIDE-LABEL: func.func @mlp
// INSIDE: tosa.add
// INSIDE: qnt.calibrate %{{.*}} id "fc#1"
// INSIDE: tosa.clamp
// CHECK: qnt.calibrate %{{.*}} id "mlp.clamp
// CHECK: tosa.matmul
// CHECK: qnt.calibrate %{{.*}} id "mlp.matmul
func.func @mlp(%x: tensor<1x4x8xf32>) -> tensor<1x4x2xf32> {
  %w1 = "tosa.const"() <{values = dense<0.1> : tensor<1x8x16xf32>}> : () -> tensor<1x8x16xf32>
  %b1 = "tosa.const"() <{values = dense<0.2> : tensor<1x1x16xf32>}> : () -> tensor<1x1x16xf32>
  %w2 = "tosa.const"() <{values = dense<0.3> : tensor<1x16x2xf32>}> : () -> tensor<1x16x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %x, %w1, %zp, %zp : (tensor<1x4x8xf32>, tensor<1x8x16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x16xf32> loc("fc")
  %1 = tosa.add %0, %b1 : (tensor<1x4x16xf32>, tensor<1x1x16xf32>) -> tensor<1x4x16xf32> loc("fc")
  %2 = tosa.clamp %1 {max_val = 3.4e38 : f32, min_val = 0.0 : f32} : (tensor<1x4x16xf32>) -> tensor<1x4x16xf32>
  %3 = tosa.matmul %2, %w2, %zp, %zp : (tensor<1x4x16xf32>, tensor<1x16x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2xf32>
  return %3 : tensor<1x4x2xf32>
}

// -----

/// A reshape of a marked value takes the marker's id as its name; when that
/// id already ends in "#1" it is still made unique (the layer norm of an
/// exported transformer, whose normalized value feeds a linear layer).
// CHECK-LABEL: func.func @reshape_after_numbered
// CHECK: tosa.matmul
// CHECK: qnt.calibrate %{{.*}} id "fc"
// CHECK: tosa.matmul
// CHECK: qnt.calibrate %{{.*}} id "fc#1"
// CHECK: tosa.reshape
// CHECK: qnt.calibrate %{{.*}} id "fc#1#1"
// CHECK: tosa.matmul
func.func @reshape_after_numbered(%x: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %w = "tosa.const"() <{values = dense<0.1> : tensor<1x8x8xf32>}> : () -> tensor<1x8x8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s = tosa.const_shape {values = dense<[1, 4, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %0 = tosa.matmul %x, %w, %zp, %zp : (tensor<1x4x8xf32>, tensor<1x8x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8xf32> loc("fc")
  %1 = tosa.matmul %0, %w, %zp, %zp : (tensor<1x4x8xf32>, tensor<1x8x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8xf32> loc("fc")
  %2 = tosa.reshape %1, %s : (tensor<1x4x8xf32>, !tosa.shape<3>) -> tensor<1x4x8xf32>
  %3 = tosa.matmul %2, %w, %zp, %zp : (tensor<1x4x8xf32>, tensor<1x8x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8xf32>
  return %3 : tensor<1x4x8xf32>
}

// -----

/// Negative case: no quantizable op, nothing marked (unless all-activations).
// CHECK-LABEL: func.func @no_quantizable_op
// CHECK-NOT: qnt.calibrate
// CHECK: tosa.sigmoid
// CHECK-NOT: qnt.calibrate
// ALL-LABEL: func.func @no_quantizable_op
// ALL: qnt.calibrate %arg0 id "no_quantizable_op.arg0"
// ALL: tosa.sigmoid
// ALL: qnt.calibrate %{{.*}} id "no_quantizable_op.sigmoid0"
func.func @no_quantizable_op(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.sigmoid %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

/// A layout op's result is the same data: it takes its source's name.
// CHECK-LABEL: func.func @layout
// CHECK: tosa.transpose
// CHECK: qnt.calibrate %{{.*}} id "input"
// CHECK: tosa.avg_pool2d
// CHECK: qnt.calibrate %{{.*}} id "pooled"
func.func @layout(%x: tensor<1x4x8x8xf32> {qmlir.name = "input"}) -> tensor<1x4x4x4xf32> {
  %t = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x4x8x8xf32>) -> tensor<1x8x8x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.avg_pool2d %t, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32> loc("pooled")
  return %p : tensor<1x4x4x4xf32>
}

// -----

/// The f16 roundings of an fp16 model (f32 -> f16 -> f32) are removed: the
/// concat takes the pool result directly. A cast to f16 that is used
/// elsewhere stays, and so does a widening cast of f16 data.
// CHECK-LABEL: func.func @half_round_trips
// CHECK: %[[P:.*]] = tosa.max_pool2d
// CHECK: %[[MP:.*]] = qnt.calibrate %[[P]] id "pool_out"
// CHECK: %[[H:.*]] = tosa.cast %[[MP]] : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf16>
// CHECK-NOT: tosa.cast
// CHECK: tosa.concat %[[MP]], %[[MP]]
// CHECK: return {{.*}}, %[[H]]
func.func @half_round_trips(%x: tensor<1x8x8x4xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x4x4x4xf16>) {
  %p = tosa.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32> loc("pool_out")
  %h = tosa.cast %p : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf16>
  %r = tosa.cast %h : (tensor<1x4x4x4xf16>) -> tensor<1x4x4x4xf32>
  %h2 = tosa.cast %p : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf16>
  %r2 = tosa.cast %h2 : (tensor<1x4x4x4xf16>) -> tensor<1x4x4x4xf32>
  %cat = tosa.concat %r, %r2 {axis = 3 : i32} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x8xf32> loc("cat_out")
  return %cat, %h : tensor<1x4x4x8xf32>, tensor<1x4x4x4xf16>
}

// -----

/// Hard-swish after a convolution, then an affine map by splat constants:
/// one chain of the convolution's result, marked at its end only. A chain
/// value read outside the chain (the clamp, also returned) and a value
/// computed from two activations (the last add) end chains and are marked.
// CHECK-LABEL: func.func @hardswish
// CHECK: %[[C:.*]] = tosa.conv2d
// CHECK: %[[MC:.*]] = qnt.calibrate %[[C]] id "conv_out"
// CHECK: tosa.add %[[MC]]
// CHECK-NOT: qnt.calibrate
// CHECK: tosa.clamp
// CHECK-NEXT: qnt.calibrate %{{.*}} id "gate"
// CHECK: tosa.mul
// CHECK-NOT: qnt.calibrate
// CHECK: tosa.add
// CHECK-NEXT: qnt.calibrate %{{.*}} id "affine"
// CHECK: tosa.add
// CHECK-NEXT: qnt.calibrate %{{.*}} id "sum"
// INSIDE-LABEL: func.func @hardswish
// INSIDE-COUNT-8: qnt.calibrate
func.func @hardswish(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %three = "tosa.const"() <{values = dense<3.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %sixth = "tosa.const"() <{values = dense<0.1666667> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv_out")
  %0 = tosa.add %c, %three : (tensor<1x4x4x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x2xf32>
  %1 = tosa.clamp %0 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("gate")
  %2 = tosa.mul %c, %1, %s : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  %3 = tosa.mul %2, %sixth, %s : (tensor<1x4x4x2xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  %4 = tosa.add %3, %three : (tensor<1x4x4x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x2xf32> loc("affine")
  %5 = tosa.add %4, %x : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("sum")
  return %5, %1 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}
