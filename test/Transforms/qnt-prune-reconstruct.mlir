// qnt-prune reconstruct=true on a graph whose pruned channel is an exact
// affine function of the kept one: the refit recovers the outputs exactly.
// REQUIRES: qmlir-jit
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.arange(4, dtype=np.float32).reshape(4, 1, 1, 1))"
// RUN: qmlir-run --calibrate %s --input %t/x.npy --stats %t/stats.json --channel-moments --no-cache
// RUN: %python -c "import json; s = json.load(open('%t/stats.json')); print([m for m in s['tensors'] if m['id'] == 'a'][0]['channel_moments'])" | FileCheck %s --check-prefix=MOMENTS
// RUN: qmlir-opt %s --qnt-prune="mode=channel skip-first-last=false reconstruct=true stats=%t/stats.json" 2>%t/remarks | FileCheck %s
// RUN: FileCheck %s --check-prefix=REMARK --input-file=%t/remarks
// RUN: qmlir-opt %s --qnt-prune="mode=channel skip-first-last=false" 2>/dev/null | FileCheck %s --check-prefix=CUT
// RUN: qmlir-opt %s --qnt-prune="mode=channel skip-first-last=false reconstruct=true stats=%t/stats.json" -o %t/refit.mlir 2>/dev/null
// RUN: qmlir-run %s --input %t/x.npy --output-dir %t/before --no-cache
// RUN: qmlir-run %t/refit.mlir --input %t/x.npy --output-dir %t/after --no-cache
// RUN: %python -c "import numpy as np; [print(np.abs(np.load('%t/before/' + n) - np.load('%t/after/' + n)).max() < 1e-4) for n in ('b.npy', 'm.npy')]" | FileCheck %s --check-prefix=SAME

/// x = 0, 1, 2, 3: conv_a gives a0 = x and a1 = 0.5 x + 1; the sums of
/// [a0, a1, 1][a0, a1, 1]^T over the four positions, upper triangle.
// MOMENTS: [14, 13, 6, 13.5, 7, 4]

/// conv_a keeps channel 0 (L1 norm 1 against 0.5). conv_b = 2 a0 + 4 a1 +
/// 0.5 = 4 a0 + 4.5 after the refit; the matmul (no bias, no constant)
/// predicts a1 = (13/14) a0: 2 + 4 * 13/14 = 5.714.
// CHECK-LABEL: func.func @main
// CHECK-DAG: dense<{{(3\.9999|4\.0000)[0-9]*(e\+00)?}}> : tensor<1x1x1x1xf32>
// CHECK-DAG: dense<{{(4\.4999|4\.5000)[0-9]*(e\+00)?}}> : tensor<1xf32>
// CHECK-DAG: dense<{{5\.71428[0-9]*(e\+00)?}}> : tensor<1x1x1xf32>
// CHECK: tosa.matmul {{.*}} -> tensor<1x1x1xf32>
// REMARK: remark: {{.*}}qnt-prune: 'conv_b': {{.*}}; refitted on 4 positions, {{0\.0|-0\.0}}% of the removed inputs' energy unexplained
// REMARK: remark: {{.*}}qnt-prune: 'mm': {{.*}}; refitted on 4 positions, {{[0-9.]+}}% of the removed inputs' energy unexplained

/// Without reconstruct the kept weights stay: 2 and 0.5, and 2.
// CUT-LABEL: func.func @main
// CUT-DAG: dense<2.000000e+00> : tensor<1x1x1x1xf32>
// CUT-DAG: dense<5.000000e-01> : tensor<1xf32>
// CUT-DAG: dense<2.000000e+00> : tensor<1x1x1xf32>

// SAME: True
// SAME-NEXT: False

func.func @main(%x: tensor<1x1x1x1xf32> {qmlir.name = "x"}) -> (tensor<1x1x1x1xf32> {qmlir.name = "b"}, tensor<1x1x1xf32> {qmlir.name = "m"}) {
  %wa = "tosa.const"() {values = dense<[[[[1.0]]], [[[0.5]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %ba = "tosa.const"() {values = dense<[0.0, 1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %wb = "tosa.const"() {values = dense<[[[[2.0, 4.0]]]]> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %bb = "tosa.const"() {values = dense<0.5> : tensor<1xf32>} : () -> tensor<1xf32>
  %wm = "tosa.const"() {values = dense<[[[2.0], [4.0]]]> : tensor<1x2x1xf32>} : () -> tensor<1x2x1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %a = tosa.conv2d %x, %wa, %ba, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32> loc("conv_a")
  %am = qnt.calibrate %a id "a" : tensor<1x1x1x2xf32>
  %b = tosa.conv2d %am, %wb, %bb, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32> loc("conv_b")
  %s = tosa.const_shape {values = dense<[1, 1, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %r = tosa.reshape %am, %s : (tensor<1x1x1x2xf32>, !tosa.shape<3>) -> tensor<1x1x2xf32>
  %rm = qnt.calibrate %r id "a#1" : tensor<1x1x2xf32>
  %m = tosa.matmul %rm, %wm, %zp, %zp : (tensor<1x1x2xf32>, tensor<1x2x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32> loc("mm")
  return %b, %m : tensor<1x1x1x1xf32>, tensor<1x1x1xf32>
}
