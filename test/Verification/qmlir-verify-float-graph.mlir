// RUN: qmlir-opt %s --split-input-file --qmlir-verify-float-graph | FileCheck %s

/// A float graph passes unchanged.
// CHECK-LABEL: func.func @float_graph
// CHECK-NEXT: tosa.clamp
// CHECK-NEXT: tensor.bitcast
// CHECK-NEXT: return
func.func @float_graph(%x: tensor<4xf32>, %i: tensor<4xui8>) -> (tensor<4xf32>, tensor<4xi8>) {
  %0 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = tensor.bitcast %i : tensor<4xui8> to tensor<4xi8>
  return %0, %1 : tensor<4xf32>, tensor<4xi8>
}
