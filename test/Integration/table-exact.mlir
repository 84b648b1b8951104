// REQUIRES: qmlir-jit
// Chains of element-wise float ops quantized as one table lookup each
// (qnt.table): hard-swish with an affine map after the first convolution;
// x * sigmoid(x), squared, plus one, log, plus x, then a per-channel scale
// and shift (a batch normalization) and a clamp after the second, one
// table per channel. Compiled
// equal to the reference interpreter bit for bit, on u8 and s8
// activations; with 16-bit activations the chains stay float between
// quantized ends.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; r = np.random.default_rng(7); np.save('%t/calib.npy', r.normal(0, 2, (16, 6, 6, 4)).astype(np.float32)); np.save('%t/eval.npy', r.normal(0, 2, (8, 6, 6, 4)).astype(np.float32))"
// RUN: qmlir-run --calibrate %s --input %t/calib.npy --stats %t/stats.json
// RUN: qmlir-opt %s --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/stats.json})" -o %t/u8.mlir
// RUN: FileCheck %s --input-file=%t/u8.mlir
// RUN: qmlir-run %t/u8.mlir --input %t/eval.npy --output-dir %t/u8
// RUN: qmlir-run %t/u8.mlir --reference --input %t/eval.npy --output-dir %t/u8-reference
// RUN: cmp %t/u8/out.npy %t/u8-reference/out.npy
// RUN: qmlir-opt %s --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/stats.json activations=s8})" -o %t/s8.mlir
// RUN: qmlir-run %t/s8.mlir --input %t/eval.npy --output-dir %t/s8
// RUN: qmlir-run %t/s8.mlir --reference --input %t/eval.npy --output-dir %t/s8-reference
// RUN: cmp %t/s8/out.npy %t/s8-reference/out.npy
// RUN: qmlir-opt %s --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/stats.json activations=s16})" -o %t/s16.mlir
// RUN: FileCheck %s --check-prefix=S16 --input-file=%t/s16.mlir
// The quantized model follows the float one (SQNR of the u8 output).
// RUN: qmlir-run %s --input %t/eval.npy --output-dir %t/float
// RUN: %python -c "import numpy as np; a = np.load('%t/float/out.npy'); b = np.load('%t/u8/out.npy'); s = 10 * np.log10((a * a).sum() / ((a - b) ** 2).sum()); print('SQNR %%.1f' %% s); assert s > 25, s"

// CHECK-LABEL: func.func @main
// CHECK-COUNT-2: qnt.table
// CHECK-NOT: tosa.mul
// CHECK-NOT: tosa.sigmoid
// CHECK-NOT: tosa.log
// S16-LABEL: func.func @main
// S16-NOT: qnt.table
// S16: tosa.clamp
// S16: tosa.sigmoid
// S16: tosa.log
func.func @main(%x: tensor<1x6x6x4xf32> {qmlir.name = "x"}) -> (tensor<1x6x6x4xf32> {qmlir.name = "out"}) {
  %w = "tosa.const"() <{values = dense<[[[[0.5, -0.25, 0.125, 0.75]]], [[[-0.5, 0.25, 0.6, -0.1]]], [[[0.3, 0.3, -0.3, 0.2]]], [[[0.1, -0.7, 0.2, 0.4]]]]> : tensor<4x1x1x4xf32>}> : () -> tensor<4x1x1x4xf32>
  %b = "tosa.const"() <{values = dense<[0.1, -0.2, 0.3, 0.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %three = "tosa.const"() <{values = dense<3.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %sixth = "tosa.const"() <{values = dense<0.1666667> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %a = "tosa.const"() <{values = dense<1.25> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %0 = tosa.add %c, %three : (tensor<1x6x6x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x6x6x4xf32>
  %1 = tosa.clamp %0 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %2 = tosa.mul %c, %1, %s : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32>
  %3 = tosa.mul %2, %sixth, %s : (tensor<1x6x6x4xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32>
  %4 = tosa.mul %3, %a, %s : (tensor<1x6x6x4xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32>
  %5 = tosa.add %4, %one : (tensor<1x6x6x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x6x6x4xf32>
  %c2 = tosa.conv2d %5, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %g = tosa.sigmoid %c2 : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %m = tosa.mul %c2, %g, %s : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32>
  %sq = tosa.mul %m, %m, %s : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32>
  %p = tosa.add %sq, %one : (tensor<1x6x6x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x6x6x4xf32>
  %l = tosa.log %p : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %e = tosa.add %l, %c2 : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %gamma = "tosa.const"() <{values = dense<[[[[0.5, 2.0, -1.0, 1.5]]]]> : tensor<1x1x1x4xf32>}> : () -> tensor<1x1x1x4xf32>
  %beta = "tosa.const"() <{values = dense<[[[[0.25, -0.5, 1.0, 0.0]]]]> : tensor<1x1x1x4xf32>}> : () -> tensor<1x1x1x4xf32>
  %bn = tosa.mul %e, %gamma, %s : (tensor<1x6x6x4xf32>, tensor<1x1x1x4xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32>
  %bn2 = tosa.add %bn, %beta : (tensor<1x6x6x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x6x6x4xf32>
  %cl = tosa.clamp %bn2 {max_val = 6.0 : f32, min_val = -1.0 : f32} : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %out = tosa.conv2d %cl, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  return %out : tensor<1x6x6x4xf32>
}
