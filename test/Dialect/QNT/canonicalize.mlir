// RUN: qmlir-opt %s --split-input-file --canonicalize | FileCheck %s

/// quantize(dequantize(q)) to q's own type is the identity.
// CHECK-LABEL: func.func @quantize_of_dequantize
// CHECK-SAME: (%[[Q:.*]]: tensor
// CHECK-NEXT: return %[[Q]]
func.func @quantize_of_dequantize(%q: tensor<4x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<4x!quant.uniform<u8:f32, 0.1:3>> {
  %d = qnt.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.1:3>> -> tensor<4xf32>
  %r = qnt.quantize %d : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1:3>>
  return %r : tensor<4x!quant.uniform<u8:f32, 0.1:3>>
}

// -----

/// dequantize(quantize(x)) rounds and saturates: it must stay.
// CHECK-LABEL: func.func @negative_dequantize_of_quantize
// CHECK: %[[Q:.*]] = qnt.quantize
// CHECK: %[[D:.*]] = qnt.dequantize %[[Q]]
// CHECK: return %[[D]]
func.func @negative_dequantize_of_quantize(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1:3>>
  %d = qnt.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.1:3>> -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

/// A round trip through float into other parameters is a real requantization.
// CHECK-LABEL: func.func @negative_quantize_of_dequantize_other_type
// CHECK: qnt.dequantize
// CHECK: qnt.quantize
func.func @negative_quantize_of_dequantize_other_type(%q: tensor<4x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<4x!quant.uniform<u8:f32, 0.2:3>> {
  %d = qnt.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.1:3>> -> tensor<4xf32>
  %r = qnt.quantize %d : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.2:3>>
  return %r : tensor<4x!quant.uniform<u8:f32, 0.2:3>>
}

// -----

// CHECK-LABEL: func.func @requantize_identity
// CHECK-SAME: (%[[Q:.*]]: tensor
// CHECK-NEXT: return %[[Q]]
func.func @requantize_identity(%q: tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>> {
  %r = qnt.requantize %q : tensor<4x!quant.uniform<i8:f32, 0.1>> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return %r : tensor<4x!quant.uniform<i8:f32, 0.1>>
}

// -----

// CHECK-LABEL: func.func @negative_requantize
// CHECK: qnt.requantize
func.func @negative_requantize(%q: tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1:1>> {
  %r = qnt.requantize %q : tensor<4x!quant.uniform<i8:f32, 0.1>> -> tensor<4x!quant.uniform<i8:f32, 0.1:1>>
  return %r : tensor<4x!quant.uniform<i8:f32, 0.1:1>>
}

// -----

/// A calibration marker observes its operand: never erased, even unused.
// CHECK-LABEL: func.func @negative_calibrate_unused
// CHECK: qnt.calibrate %{{.*}} id "a"
func.func @negative_calibrate_unused(%x: tensor<4xf32>) {
  %0 = qnt.calibrate %x id "a" : tensor<4xf32>
  return
}

// -----

/// Unused pure compute ops are erased.
// CHECK-LABEL: func.func @dead_quantize
// CHECK-NOT: qnt.
func.func @dead_quantize(%x: tensor<4xf32>) {
  %q = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1:3>>
  return
}
