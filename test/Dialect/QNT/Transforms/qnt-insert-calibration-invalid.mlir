// RUN: not qmlir-opt %s --pass-pipeline="builtin.module(func.func(qnt-insert-calibration{ops=conv2d,softmax}))" 2>&1 | FileCheck %s
// RUN: not qmlir-opt %s --pass-pipeline="builtin.module(func.func(qnt-insert-calibration{all-activations=maybe}))" 2>&1 | FileCheck %s --check-prefix=BOOL

// CHECK: qnt-insert-calibration: unknown op 'softmax' in ops (known: add, avg_pool2d, clamp, concat, conv2d, depthwise_conv2d, matmul, max_pool2d, mul, sub, transpose_conv2d)
// BOOL: for the --all-activations option: 'maybe' is invalid value for boolean argument! Try 0 or 1
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
