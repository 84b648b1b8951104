// qnt-prune criterion=reconstruction keeps the channel the next layer needs
// most, where the filter norms keep the larger filter.
// REQUIRES: qmlir-jit
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; r = np.random.default_rng(1); np.save('%t/x.npy', r.standard_normal((16, 2, 2, 2)).astype(np.float32))"
// RUN: qmlir-run --calibrate %s --input %t/x.npy --stats %t/stats.json --channel-moments --no-cache
// RUN: qmlir-opt %s --qnt-prune="mode=channel skip-first-last=false reconstruct=true criterion=reconstruction stats=%t/stats.json" 2>/dev/null | FileCheck %s
// RUN: qmlir-opt %s --qnt-prune="mode=channel skip-first-last=false reconstruct=true stats=%t/stats.json" 2>/dev/null | FileCheck %s --check-prefix=L1
// RUN: not qmlir-opt %s --qnt-prune="mode=channel criterion=reconstruction" 2>&1 | FileCheck %s --check-prefix=NORECON

/// conv_a: a0 = x0 (filter norm 1), a1 = 0.5 x1 (norm 0.5); conv_b reads
/// 0.1 a0 + 10 a1. By norm a1 goes; by the output error left after the
/// refit (x0 and x1 independent: 0.01 E[x0^2] against 25 E[x1^2]) a0 goes.
// CHECK-LABEL: func.func @main
// CHECK: dense<{{\[\[\[\[}}0.000000e+00, 5.000000e-01]]]]> : tensor<1x1x1x2xf32>
// L1-LABEL: func.func @main
// L1: dense<{{\[\[\[\[}}1.000000e+00, 0.000000e+00]]]]> : tensor<1x1x1x2xf32>
// NORECON: qnt-prune: criterion reconstruction needs reconstruct

func.func @main(%x: tensor<1x2x2x2xf32> {qmlir.name = "x"}) -> (tensor<1x2x2x1xf32> {qmlir.name = "b"}) {
  %wa = "tosa.const"() {values = dense<[[[[1.0, 0.0]]], [[[0.0, 0.5]]]]> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %ba = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %wb = "tosa.const"() {values = dense<[[[[0.1, 10.0]]]]> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %bb = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %a = tosa.conv2d %x, %wa, %ba, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("conv_a")
  %am = qnt.calibrate %a id "a" : tensor<1x2x2x2xf32>
  %b = tosa.conv2d %am, %wb, %bb, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32> loc("conv_b")
  return %b : tensor<1x2x2x1xf32>
}
