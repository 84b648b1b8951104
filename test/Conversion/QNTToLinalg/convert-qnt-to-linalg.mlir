// RUN: qmlir-opt %s --split-input-file --convert-qnt-to-linalg | FileCheck %s

/// Per tensor: quantize divides, rounds half to even, adds the zero point,
/// saturates, maps NaN to the zero point and stores u8 bits in i8; dequantize
/// zero-extends (unsigned storage), subtracts the zero point and scales.
// CHECK-LABEL: func.func @per_tensor
// CHECK-SAME: -> tensor<4xf32>
// CHECK: %[[Q:.*]] = linalg.generic
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i8):
// CHECK-DAG: %[[S:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[Z:.*]] = arith.constant 3.000000e+00 : f32
// CHECK: %[[D:.*]] = arith.divf %[[X]], %[[S]] : f32
// CHECK: %[[R:.*]] = math.roundeven %[[D]] : f32
// CHECK: %[[A:.*]] = arith.addf %[[R]], %[[Z]] : f32
// CHECK: arith.maximumf %[[A]], %{{.*}} : f32
// CHECK: %[[C:.*]] = arith.minimumf
// CHECK: %[[N:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK: %[[V:.*]] = arith.select %[[N]], %[[Z]], %[[C]] : f32
// CHECK: %[[I:.*]] = arith.fptosi %[[V]] : f32 to i32
// CHECK: arith.trunci %[[I]] : i32 to i8
// CHECK: } -> tensor<4xi8>
// CHECK: linalg.generic {{.*}} ins(%[[Q]] : tensor<4xi8>)
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK-NOT: qnt.
// CHECK-NOT: quant.
func.func @per_tensor(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.5:3>>
  %1 = qnt.dequantize %0 : tensor<4x!quant.uniform<u8:f32, 0.5:3>> -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

/// Per axis: the channel's scale and zero point come from constant tensors
/// indexed by the quantized dimension; signed storage sign-extends. The
/// storage casts of a weight constant become identities and go.
// CHECK-LABEL: func.func @per_axis
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1, -2], [3, 4]]> : tensor<2x2xi8>
// CHECK-DAG: %[[SC:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01]> : tensor<2xf32>
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CH:.*]], #[[CH]], #{{.*}}]{{.*}} ins(%[[W]], %[[SC]], %{{.*}} : tensor<2x2xi8>, tensor<2xf32>, tensor<2xf32>)
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK-NOT: quant.scast
func.func @per_axis() -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1, -2], [3, 4]]> : tensor<2x2xi8>
  %q = quant.scast %w : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>
  %0 = qnt.dequantize %q : tensor<2x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

/// Quantized values through structural ops and function boundaries take
/// their storage types.
// CHECK-LABEL: func.func @storage_boundary
// CHECK-SAME: (%[[ARG:.*]]: tensor<2x3xi8>) -> tensor<3x2xi8>
// CHECK: %[[T:.*]] = tosa.transpose %[[ARG]] {{.*}} : (tensor<2x3xi8>) -> tensor<3x2xi8>
// CHECK: return %[[T]] : tensor<3x2xi8>
func.func @storage_boundary(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.1>> {
  %0 = tosa.transpose %x {perms = array<i32: 1, 0>} : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  return %0 : tensor<3x2x!quant.uniform<i8:f32, 0.1>>
}

// -----

/// Requantize: the difference q - z_in in i32, then tosa.rescale with the
/// fixed-point multiplier of s_in / s_out (0.5 / 0.2 = 2.5: 1342177280 with
/// shift 29) onto the output zero point; narrow signed outputs are clamped
/// to their minimum after.
// CHECK-LABEL: func.func @requantize
// CHECK: %[[D:.*]] = linalg.generic
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.subi
// CHECK: } -> tensor<4xi32>
// CHECK-DAG: dense<1342177280> : tensor<1xi32>
// CHECK-DAG: dense<29> : tensor<1xi8>
// CHECK: tosa.rescale %[[D]], {{.*}} {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<4xi8>
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : i8
func.func @requantize(%x: tensor<4x!quant.uniform<u8:f32, 0.5:3>>) -> tensor<4x!quant.uniform<i8<-127:127>:f32, 0.2>> {
  %0 = qnt.requantize %x : tensor<4x!quant.uniform<u8:f32, 0.5:3>> -> tensor<4x!quant.uniform<i8<-127:127>:f32, 0.2>>
  return %0 : tensor<4x!quant.uniform<i8<-127:127>:f32, 0.2>>
}

// -----

/// Negative case: a float graph is unchanged.
// CHECK-LABEL: func.func @float_only
// CHECK-NEXT: tosa.abs %arg0
// CHECK-NEXT: return
func.func @float_only(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.abs %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
