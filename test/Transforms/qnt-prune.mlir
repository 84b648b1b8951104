// RUN: qmlir-opt %s --split-input-file --qnt-prune 2>/dev/null | FileCheck %s --check-prefix=MAG
// RUN: qmlir-opt %s --split-input-file --qnt-prune="scope=global" 2>/dev/null | FileCheck %s --check-prefix=GLOBAL
// RUN: qmlir-opt %s --split-input-file --qnt-prune="mode=magnitude skip=conv_a sparsity-for=conv_b=0" 2>/dev/null | FileCheck %s --check-prefix=SKIP
// RUN: qmlir-opt %s --split-input-file --qnt-prune="mode=nm" 2>/dev/null | FileCheck %s --check-prefix=NM
// RUN: qmlir-opt %s --split-input-file --qnt-prune="mode=channel skip-first-last=false" 2>/dev/null | FileCheck %s --check-prefix=CHAN
// RUN: qmlir-opt %s --split-input-file --qnt-prune="mode=channel" 2>/dev/null | FileCheck %s --check-prefix=FIRSTLAST
// RUN: qmlir-opt %s --split-input-file --qnt-prune="mode=channel skip-first-last=false scope=global" 2>/dev/null | FileCheck %s --check-prefix=CGLOBAL
// RUN: qmlir-opt %s --split-input-file --qnt-prune="mode=channel skip-first-last=false scope=global multiple-of=2" 2>/dev/null | FileCheck %s --check-prefix=CMULT
// RUN: qmlir-opt %s --split-input-file --qnt-prune 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// RUN: qmlir-opt %s --split-input-file --qnt-prune="mode=channel skip-first-last=false" 2>&1 >/dev/null | FileCheck %s --check-prefix=CREMARK
// RUN: rm -f %t.json && qmlir-opt %s --split-input-file --qnt-prune="mode=channel skip-first-last=false report=%t.json" -o /dev/null 2>/dev/null && FileCheck %s --check-prefix=JSON --input-file=%t.json

/// Magnitude, per layer (50%): conv_a's four smallest of |1 -2 3 -4 .5 6
/// -.25 7|, conv_b's smaller of |10 20|. Global: the five smallest of all ten
/// (.25 .5 1 2 3), so conv_b keeps both. skip / sparsity-for: conv_a
/// skipped, conv_b at sparsity 0: nothing changes.
// MAG-LABEL: func.func @magnitude
// MAG-DAG: dense<{{\[\[\[\[}}0.000000e+00, 0.000000e+00, 3.000000e+00, -4.000000e+00]]], {{\[\[\[}}0.000000e+00, 6.000000e+00, 0.000000e+00, 7.000000e+00]]]]> : tensor<2x1x1x4xf32>
// MAG-DAG: dense<{{\[\[\[\[}}0.000000e+00, 2.000000e+01]]]]> : tensor<1x1x1x2xf32>
// GLOBAL-LABEL: func.func @magnitude
// GLOBAL-DAG: dense<{{\[\[\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00, -4.000000e+00]]], {{\[\[\[}}0.000000e+00, 6.000000e+00, 0.000000e+00, 7.000000e+00]]]]> : tensor<2x1x1x4xf32>
// GLOBAL-DAG: dense<{{\[\[\[\[}}1.000000e+01, 2.000000e+01]]]]> : tensor<1x1x1x2xf32>
// SKIP-LABEL: func.func @magnitude
// SKIP-DAG: dense<{{\[\[\[\[}}1.000000e+00, -2.000000e+00, 3.000000e+00, -4.000000e+00]]], {{\[\[\[}}5.000000e-01, 6.000000e+00, -2.500000e-01, 7.000000e+00]]]]> : tensor<2x1x1x4xf32>
// SKIP-DAG: dense<{{\[\[\[\[}}1.000000e+01, 2.000000e+01]]]]> : tensor<1x1x1x2xf32>
// REMARK: remark: {{.*}}qnt-prune: 'conv_a': params 8 -> 8, non-zero 8 -> 4 (sparsity 50.0%), MACs 8 -> 8
// REMARK: remark: {{.*}}qnt-prune: 'conv_b': params 2 -> 2, non-zero 2 -> 1 (sparsity 50.0%), MACs 2 -> 2
// REMARK: remark: qnt-prune: magnitude: params 10 -> 10, non-zero 10 -> 5 (sparsity 50.0%), MACs 10 -> 10

func.func @magnitude(%x: tensor<1x1x1x4xf32>) -> tensor<1x1x1x1xf32> {
  %wa = "tosa.const"() {values = dense<[[[[1.0, -2.0, 3.0, -4.0]]], [[[0.5, 6.0, -0.25, 7.0]]]]> : tensor<2x1x1x4xf32>} : () -> tensor<2x1x1x4xf32>
  %wb = "tosa.const"() {values = dense<[[[[10.0, 20.0]]]]> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %b2 = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %b1 = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %a = tosa.conv2d %x, %wa, %b2, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32> loc("conv_a")
  %b = tosa.conv2d %a, %wb, %b1, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32> loc("conv_b")
  return %b : tensor<1x1x1x1xf32>
}

// -----

/// N:M 2:4 along the reduction: the conv's input channels in runs of four
/// (|1 -5 2 .5| keeps -5 2; |3 3 -1 4| keeps 4 and the first 3); the
/// matmul's columns down K (1 3 -5 .125 keeps 3 -5; 2 -4 .5 6 keeps -4 6).
// NM-LABEL: func.func @n_of_m
// NM-DAG: dense<{{\[\[\[\[}}0.000000e+00, -5.000000e+00, 2.000000e+00, 0.000000e+00, 3.000000e+00, 0.000000e+00, 0.000000e+00, 4.000000e+00]]]]> : tensor<1x1x1x8xf32>
// NM-DAG: dense<{{\[\[\[}}0.000000e+00, 0.000000e+00], [3.000000e+00, -4.000000e+00], [-5.000000e+00, 0.000000e+00], [0.000000e+00, 6.000000e+00]]]> : tensor<1x4x2xf32>
// MAG-LABEL: func.func @n_of_m
func.func @n_of_m(%x: tensor<1x1x1x8xf32>, %y: tensor<1x3x4xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x3x2xf32>) {
  %w = "tosa.const"() {values = dense<[[[[1.0, -5.0, 2.0, 0.5, 3.0, 3.0, -1.0, 4.0]]]]> : tensor<1x1x1x8xf32>} : () -> tensor<1x1x1x8xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x8xf32>, tensor<1x1x1x8xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %m = "tosa.const"() {values = dense<[[[1.0, 2.0], [3.0, -4.0], [-5.0, 0.5], [0.125, 6.0]]]> : tensor<1x4x2xf32>} : () -> tensor<1x4x2xf32>
  %mm = tosa.matmul %y, %m, %zp, %zp : (tensor<1x3x4xf32>, tensor<1x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2xf32>
  return %c, %mm : tensor<1x1x1x1xf32>, tensor<1x3x2xf32>
}

// -----

/// Negative: weights that are not constants stay as they are.
// MAG-LABEL: func.func @unchanged_no_constant_weights
// MAG: tosa.conv2d %arg0, %arg1
// CHAN-LABEL: func.func @unchanged_no_constant_weights
// CHAN: -> tensor<1x1x1x2xf32>
func.func @unchanged_no_constant_weights(%x: tensor<1x1x1x4xf32>, %w: tensor<2x1x1x4xf32>) -> tensor<1x1x1x2xf32> {
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %c : tensor<1x1x1x2xf32>
}

// -----

/// Negative: nothing to prune.
// MAG-LABEL: func.func @unchanged_no_layer
// MAG-NEXT: tosa.clamp %arg0 {{.*}} -> tensor<1x2x2x4xf32>
// MAG-NEXT: return
// REMARK: remark: qnt-prune: no layer with constant weights to prune
func.func @unchanged_no_layer(%x: tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32> {
  %0 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  return %0 : tensor<1x2x2x4xf32>
}

// -----

/// Channel: conv1's filters by L1 norm (1 4 2 3) keep 1 and 3: its weights
/// and bias, the clamp, and conv2's input channels shrink; conv2's own
/// channels are the function's result and stay. With skip-first-last (the
/// default) conv1 is the first layer and nothing changes.
// CHAN-LABEL: func.func @chain
// CHAN-DAG: %[[W1:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}-4.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>}>
// CHAN-DAG: %[[B1:.*]] = "tosa.const"() <{values = dense<[2.000000e-01, 4.000000e-01]> : tensor<2xf32>}>
// CHAN: %[[C1:.*]] = tosa.conv2d %arg0, %[[W1]], %[[B1]], {{.*}} -> tensor<1x2x2x2xf32>
// CHAN: %[[R:.*]] = tosa.clamp %[[C1]] {{.*}} -> tensor<1x2x2x2xf32>
// CHAN: %[[W2:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00, 4.000000e+00]]], {{\[\[\[}}6.000000e+00, 8.000000e+00]]]]> : tensor<2x1x1x2xf32>}>
// CHAN: tosa.conv2d %[[R]], %[[W2]], {{.*}} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, {{.*}}) -> tensor<1x2x2x2xf32>
// FIRSTLAST-LABEL: func.func @chain
// FIRSTLAST: tosa.conv2d {{.*}} -> tensor<1x2x2x4xf32>
// FIRSTLAST: tosa.clamp {{.*}} -> tensor<1x2x2x4xf32>
// FIRSTLAST: tosa.conv2d {{.*}} : (tensor<1x2x2x4xf32>, tensor<2x1x1x4xf32>, {{.*}}) -> tensor<1x2x2x2xf32>
// CREMARK: remark: qnt-prune: 'chain.conv2d#0': params 4 -> 2, non-zero 4 -> 2 (sparsity 50.0%), MACs 16 -> 8
// CREMARK: remark: qnt-prune: 'chain.conv2d#1': params 8 -> 4, non-zero 8 -> 4 (sparsity 50.0%), MACs 32 -> 16
// CREMARK: remark: qnt-prune: channel: params 12 -> 6, non-zero 12 -> 6 (sparsity 50.0%), MACs 48 -> 24
func.func @chain(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = "tosa.const"() {values = dense<[[[[1.0]]], [[[-4.0]]], [[[2.0]]], [[[3.0]]]]> : tensor<4x1x1x1xf32>} : () -> tensor<4x1x1x1xf32>
  %b1 = "tosa.const"() {values = dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>} : () -> tensor<4xf32>
  %w2 = "tosa.const"() {values = dense<[[[[1.0, 2.0, 3.0, 4.0]]], [[[5.0, 6.0, 7.0, 8.0]]]]> : tensor<2x1x1x4xf32>} : () -> tensor<2x1x1x4xf32>
  %b2 = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w1, %b1, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32>
  %1 = tosa.clamp %0 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  %2 = tosa.conv2d %1, %w2, %b2, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

/// A residual add couples both convolutions' channels: importance
/// |wa| + |wb| = 2 4 7 1.5 keeps channels 1 and 2 of both, and the
/// consumer's inputs 1 and 2.
// CHAN-LABEL: func.func @residual_add
// CHAN: %[[WA:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}5.000000e+00]]]]> : tensor<2x1x1x1xf32>}>
// CHAN: %[[A:.*]] = tosa.conv2d %arg0, %[[WA]], {{.*}} -> tensor<1x2x2x2xf32>
// CHAN: %[[WB:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}3.000000e+00]]], {{\[\[\[}}-2.000000e+00]]]]> : tensor<2x1x1x1xf32>}>
// CHAN: %[[B:.*]] = tosa.conv2d %arg0, %[[WB]], {{.*}} -> tensor<1x2x2x2xf32>
// CHAN: %[[S:.*]] = tosa.add %[[A]], %[[B]] : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
// CHAN: %[[WC:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00, 3.000000e+00]]]]> : tensor<1x1x1x2xf32>}>
// CHAN: tosa.conv2d %[[S]], %[[WC]], {{.*}} -> tensor<1x2x2x1xf32>
func.func @residual_add(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %wa = "tosa.const"() {values = dense<[[[[1.0]]], [[[1.0]]], [[[5.0]]], [[[1.0]]]]> : tensor<4x1x1x1xf32>} : () -> tensor<4x1x1x1xf32>
  %wb = "tosa.const"() {values = dense<[[[[1.0]]], [[[3.0]]], [[[-2.0]]], [[[0.5]]]]> : tensor<4x1x1x1xf32>} : () -> tensor<4x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %wc = "tosa.const"() {values = dense<[[[[1.0, 2.0, 3.0, 4.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %bc = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %a = tosa.conv2d %x, %wa, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32>
  %c = tosa.conv2d %x, %wb, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32>
  %s = tosa.add %a, %c : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  %y = tosa.conv2d %s, %wc, %bc, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %y : tensor<1x2x2x1xf32>
}

// -----

/// A depthwise convolution (and a per-channel mul, a pool) carries its
/// input's channels: |w| = 4 1 3 2 keeps 0 and 2 of the conv, the depthwise
/// filters and bias, the mul's constant and the last conv's inputs.
// CHAN-LABEL: func.func @depthwise
// CHAN: %[[C:.*]] = tosa.conv2d {{.*}} -> tensor<1x2x2x2xf32>
// CHAN: %[[DW:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+01], [3.000000e+01]]]]> : tensor<1x1x2x1xf32>}>
// CHAN: %[[DB:.*]] = "tosa.const"() <{values = dense<[1.000000e-01, 3.000000e-01]> : tensor<2xf32>}>
// CHAN: %[[D:.*]] = tosa.depthwise_conv2d %[[C]], %[[DW]], %[[DB]], {{.*}} -> tensor<1x2x2x2xf32>
// CHAN: %[[S:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 3.000000e+00]]]]> : tensor<1x1x1x2xf32>}>
// CHAN: %[[M:.*]] = tosa.mul %[[D]], %[[S]], {{.*}} -> tensor<1x2x2x2xf32>
// CHAN: %[[P:.*]] = tosa.max_pool2d %[[M]] {{.*}} -> tensor<1x2x2x2xf32>
// CHAN: tosa.conv2d %[[P]], {{.*}} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, {{.*}}) -> tensor<1x2x2x1xf32>
func.func @depthwise(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %w = "tosa.const"() {values = dense<[[[[4.0]]], [[[1.0]]], [[[-3.0]]], [[[2.0]]]]> : tensor<4x1x1x1xf32>} : () -> tensor<4x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %dw = "tosa.const"() {values = dense<[[[[10.0], [20.0], [30.0], [40.0]]]]> : tensor<1x1x4x1xf32>} : () -> tensor<1x1x4x1xf32>
  %db = "tosa.const"() {values = dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>} : () -> tensor<4xf32>
  %scale = "tosa.const"() {values = dense<[[[[1.0, 2.0, 3.0, 4.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %shift = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %wc = "tosa.const"() {values = dense<[[[[1.0, 2.0, 3.0, 4.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %bc = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32>
  %1 = tosa.depthwise_conv2d %0, %dw, %db, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x4xf32>, tensor<1x1x4x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32>
  %2 = tosa.mul %1, %scale, %shift : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>, tensor<1xi8>) -> tensor<1x2x2x4xf32>
  %3 = tosa.max_pool2d %2 {kernel = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  %y = tosa.conv2d %3, %wc, %bc, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %y : tensor<1x2x2x1xf32>
}

// -----

/// A concat places each input's channels at its offset: a keeps its channel
/// 1, b its channel 0, so the consumer keeps inputs 1 and 2 + 0.
// CHAN-LABEL: func.func @concat
// CHAN: %[[CAT:.*]] = tosa.concat {{.*}} {axis = 3 : i32} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32>
// CHAN: %[[WC:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00, 3.000000e+00]]]]> : tensor<1x1x1x2xf32>}>
// CHAN: tosa.conv2d %[[CAT]], %[[WC]], {{.*}} -> tensor<1x2x2x1xf32>
func.func @concat(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %wa = "tosa.const"() {values = dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %wb = "tosa.const"() {values = dense<[[[[3.0]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %wc = "tosa.const"() {values = dense<[[[[1.0, 2.0, 3.0, 4.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %bc = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %a = tosa.conv2d %x, %wa, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %c = tosa.conv2d %x, %wb, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %cat = tosa.concat %a, %c {axis = 3 : i32} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x4xf32>
  %y = tosa.conv2d %cat, %wc, %bc, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %y : tensor<1x2x2x1xf32>
}

// -----

/// Two groups ranked together: a's filter norms 1 1 1 5 (relative to their
/// mean: .5 .5 .5 2.5), b's 2 2 2 2 (all 1). Per layer each keeps two (a: 0
/// and 3; b: 0 and 1; ties keep the lower index). Global at 50% removes the
/// four lowest relative scores, a's three small filters and one of b's: a
/// keeps 3, b keeps 0 1 2. multiple-of=2 rounds a's one channel up to two.
// CHAN-LABEL: func.func @global_ranking
// CHAN: tosa.concat {{.*}} -> tensor<1x2x2x4xf32>
// CHAN: dense<{{\[\[\[\[}}1.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]]]]> : tensor<1x1x1x4xf32>
// CGLOBAL-LABEL: func.func @global_ranking
// CGLOBAL: "tosa.const"() <{values = dense<5.000000e+00> : tensor<1x1x1x1xf32>}>
// CGLOBAL: "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}2.000000e+00]]], {{\[\[\[}}-2.000000e+00]]]]> : tensor<3x1x1x1xf32>}>
// CGLOBAL: tosa.concat {{.*}} : (tensor<1x2x2x1xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x4xf32>
// CGLOBAL: dense<{{\[\[\[\[}}4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00]]]]> : tensor<1x1x1x4xf32>
// CMULT-LABEL: func.func @global_ranking
// CMULT: tosa.concat {{.*}} : (tensor<1x2x2x2xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x6xf32>
// CMULT: dense<{{\[\[\[\[}}1.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00]]]]> : tensor<1x1x1x6xf32>
func.func @global_ranking(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %wa = "tosa.const"() {values = dense<[[[[1.0]]], [[[1.0]]], [[[-1.0]]], [[[5.0]]]]> : tensor<4x1x1x1xf32>} : () -> tensor<4x1x1x1xf32>
  %wb = "tosa.const"() {values = dense<[[[[2.0]]], [[[2.0]]], [[[-2.0]]], [[[2.0]]]]> : tensor<4x1x1x1xf32>} : () -> tensor<4x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %wc = "tosa.const"() {values = dense<[[[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]]]]> : tensor<1x1x1x8xf32>} : () -> tensor<1x1x1x8xf32>
  %bc = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %a = tosa.conv2d %x, %wa, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32>
  %c = tosa.conv2d %x, %wb, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32>
  %cat = tosa.concat %a, %c {axis = 3 : i32} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x8xf32>
  %y = tosa.conv2d %cat, %wc, %bc, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x8xf32>, tensor<1x1x1x8xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %y : tensor<1x2x2x1xf32>
}

// -----

/// Flatten -> fully connected: after the NHWC flatten channel c is every
/// second row of the weights; keeping channel 1 keeps rows 1 3 5 7.
// CHAN-LABEL: func.func @flatten_fully_connected
// CHAN: %[[SHAPE:.*]] = tosa.const_shape {values = dense<[1, 1, 4]> : tensor<3xindex>}
// CHAN: %[[R:.*]] = tosa.reshape {{.*}}, %[[SHAPE]] : (tensor<1x2x2x1xf32>, !tosa.shape<3>) -> tensor<1x1x4xf32>
// CHAN: %[[FC:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}1.000000e+00, 1.000000e+00, 1.000000e+00], [3.000000e+00, 3.000000e+00, 3.000000e+00], [5.000000e+00, 5.000000e+00, 5.000000e+00], [7.000000e+00, 7.000000e+00, 7.000000e+00]]]> : tensor<1x4x3xf32>}>
// CHAN: tosa.matmul %[[R]], %[[FC]], {{.*}} -> tensor<1x1x3xf32>
func.func @flatten_fully_connected(%x: tensor<1x2x2x1xf32>) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() {values = dense<[[[[1.0]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %fc = "tosa.const"() {values = dense<[[[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [3.0, 3.0, 3.0], [4.0, 4.0, 4.0], [5.0, 5.0, 5.0], [6.0, 6.0, 6.0], [7.0, 7.0, 7.0]]]> : tensor<1x8x3xf32>} : () -> tensor<1x8x3xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %shape = tosa.const_shape {values = dense<[1, 1, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %1 = tosa.reshape %0, %shape : (tensor<1x2x2x2xf32>, !tosa.shape<3>) -> tensor<1x1x8xf32>
  %2 = tosa.matmul %1, %fc, %zp, %zp : (tensor<1x1x8xf32>, tensor<1x8x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
  return %2 : tensor<1x1x3xf32>
}

// -----

/// A slice of other axes (a strided convolution's trimmed border) keeps
/// the channels and gets the smaller size.
// CHAN-LABEL: func.func @slice_other_axes
// CHAN: %[[C:.*]] = tosa.conv2d {{.*}} -> tensor<1x3x3x1xf32>
// CHAN: %[[SIZE:.*]] = tosa.const_shape {values = dense<[1, 2, 2, 1]> : tensor<4xindex>}
// CHAN: %[[S:.*]] = tosa.slice %[[C]], {{.*}}, %[[SIZE]] : (tensor<1x3x3x1xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x2x2x1xf32>
// CHAN: tosa.conv2d %[[S]], {{.*}} : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, {{.*}}) -> tensor<1x2x2x1xf32>
func.func @slice_other_axes(%x: tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32> {
  %w = "tosa.const"() {values = dense<[[[[1.0]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %w2 = "tosa.const"() {values = dense<[[[[1.0, 2.0]]]]> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %b2 = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %start = tosa.const_shape {values = dense<[0, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 2, 2, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
  %1 = tosa.slice %0, %start, %size : (tensor<1x3x3x2xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x2x2x2xf32>
  %2 = tosa.conv2d %1, %w2, %b2, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %2 : tensor<1x2x2x1xf32>
}

// -----

/// Negative: a value used inside a region (from above) keeps its channels.
// CHAN-LABEL: func.func @used_in_region
// CHAN: tosa.conv2d {{.*}} -> tensor<1x2x2x2xf32>
// CHAN: scf.if
// CHAN: tosa.conv2d {{.*}} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, {{.*}}) -> tensor<1x2x2x1xf32>
func.func @used_in_region(%x: tensor<1x2x2x1xf32>, %c: i1) -> tensor<1x2x2x1xf32> {
  %w = "tosa.const"() {values = dense<[[[[1.0]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %w2 = "tosa.const"() {values = dense<[[[[1.0, 2.0]]]]> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %b2 = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %1 = scf.if %c -> tensor<1x2x2x1xf32> {
    %2 = tosa.conv2d %0, %w2, %b2, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
    scf.yield %2 : tensor<1x2x2x1xf32>
  } else {
    scf.yield %x : tensor<1x2x2x1xf32>
  }
  return %1 : tensor<1x2x2x1xf32>
}

// -----

/// Negative: a reduction over the channel axis needs every channel; the
/// group stays whole.
// CHAN-LABEL: func.func @unchanged_reduced_over_channels
// CHAN: tosa.conv2d {{.*}} -> tensor<1x2x2x2xf32>
// CHAN: tosa.reduce_sum {{.*}} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x1xf32>
/// The report (of the last split: report=FILE is written per module).
// JSON: "groups": [
// JSON-NEXT: {
// JSON-NEXT: "channels": [
// JSON-NEXT: 2,
// JSON-NEXT: 2
// JSON-NEXT: ],
// JSON-NEXT: "consumers": [],
// JSON-NEXT: "kept": "used by tosa.reduce_sum",
// JSON-NEXT: "producers": [
// JSON-NEXT: "unchanged_reduced_over_channels.conv2d#0"
// JSON: "layers": [
// JSON: "kind": "conv2d",
// JSON: "name": "unchanged_reduced_over_channels.conv2d#0",
// JSON: "skipped": "no channel removed",
// JSON: "mode": "channel",
// JSON: "total": {
func.func @unchanged_reduced_over_channels(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %w = "tosa.const"() {values = dense<[[[[1.0]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %1 = tosa.reduce_sum %0 {axis = 3 : i32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x1xf32>
  return %1 : tensor<1x2x2x1xf32>
}
