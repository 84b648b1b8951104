// RUN: qmlir-opt %s --split-input-file --convert-qnt-to-linalg | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --convert-qnt-to-linalg --verify-diagnostics > /dev/null

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
// CHECK: linalg.generic
// CHECK: arith.extui %{{.*}} : i8 to i64
// CHECK: arith.subi
// CHECK: arith.muli %{{.*}}, %{{.*}} : i64
// CHECK: arith.shrsi
// CHECK: arith.trunci %{{.*}} : i64 to i8
// CHECK: } -> tensor<4xi8>
// CHECK-NOT: tosa.rescale
func.func @requantize(%x: tensor<4x!quant.uniform<u8:f32, 0.5:3>>) -> tensor<4x!quant.uniform<i8<-127:127>:f32, 0.2>> {
  %0 = qnt.requantize %x : tensor<4x!quant.uniform<u8:f32, 0.5:3>> -> tensor<4x!quant.uniform<i8<-127:127>:f32, 0.2>>
  return %0 : tensor<4x!quant.uniform<i8<-127:127>:f32, 0.2>>
}

// -----

/// qnt.table: the signed input storage plus 128 indexes a constant table of
/// the result's storage values.
// CHECK-LABEL: func.func @table
// CHECK: %[[T:.*]] = arith.constant dense<"0x808182
// CHECK-SAME: tensor<256xi8>
// CHECK: linalg.generic
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.addi %{{.*}}, %{{.*}} : i32
// CHECK: arith.index_cast
// CHECK: tensor.extract %[[T]]
// CHECK: } -> tensor<4xi8>
func.func @table(%x: tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  %0 = qnt.table %x table = [-128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127] : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.5>>
}

// -----

/// A table per channel (2 x 256 entries): 256 times the last axis' index
/// is added to the storage index.
// CHECK-LABEL: func.func @table_per_channel
// CHECK: tensor<512xi8>
// CHECK: linalg.generic
// CHECK: %[[C:.*]] = linalg.index 1 : index
// CHECK: arith.index_cast %[[C]] : index to i32
// CHECK: arith.muli
// CHECK: tensor.extract
func.func @table_per_channel(%x: tensor<3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.5>> {
  %0 = qnt.table %x table = [-128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, -128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127] : tensor<3x2x!quant.uniform<i8:f32, 0.5>> -> tensor<3x2x!quant.uniform<i8:f32, 0.5>>
  return %0 : tensor<3x2x!quant.uniform<i8:f32, 0.5>>
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

// -----

!x = !quant.uniform<u8:f32, 0.1:3>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.025}>
!y = !quant.uniform<u8:f32, 0.2:10>

/// A u8 x s8 convolution with constant weights: the activation's top bit is
/// flipped (s8, zero point 3 - 128), padded with that zero point, convolved
/// on i8 into i32 (HWCF weights), and the bias minus -125 * sum(w) per
/// channel (2 - (-125) * 3 = 377, -4 - (-125) * (-1) = -129) is added in the
/// requantize epilogue, with per-channel multipliers and the fused clamp.
/// The multipliers 0.25 and 0.125 (shifts 32 and 33) take the 32-bit path:
/// i32 multipliers, i64 rounding addends 2^31 and 2^32, the high half of the
/// 64-bit product shifted by shift - 32 = 0 and 1, and the clamp [10, 200]
/// around the zero point 10 as [0, 190] before adding it.
// CHECK-LABEL: func.func @conv2d
// CHECK: arith.xori
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1, -2], [2, 1]]]]> : tensor<1x1x2x2xi8>
// CHECK: arith.constant -125 : i8
// CHECK: tensor.pad
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %[[W]] : tensor<1x6x6x2xi8>, tensor<1x1x2x2xi8>) outs(%{{.*}} : tensor<1x6x6x2xi32>)
// CHECK: %[[C:.*]] = arith.constant dense<[377, -129]> : tensor<2xi32>
// CHECK: %[[M:.*]] = arith.constant dense<1073741824> : tensor<2xi32>
// CHECK: %[[R:.*]] = arith.constant dense<[2147483648, 4294967296]> : tensor<2xi64>
// CHECK: %[[S:.*]] = arith.constant dense<[0, 1]> : tensor<2xi32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[C]], %[[M]], %[[R]], %[[S]] : tensor<1x6x6x2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi64>, tensor<2xi32>)
// CHECK: ^bb0(%[[ACC:.*]]: i32, %[[BIAS:.*]]: i32, %[[MUL:.*]]: i32, %[[RND:.*]]: i64, %[[SH:.*]]: i32, %{{.*}}: i8):
// CHECK: %[[SUM:.*]] = arith.addi %[[ACC]], %[[BIAS]] : i32
// CHECK: %[[SUM64:.*]] = arith.extsi %[[SUM]] : i32 to i64
// CHECK: %[[MUL64:.*]] = arith.extsi %[[MUL]] : i32 to i64
// CHECK: %[[P:.*]] = arith.muli %[[SUM64]], %[[MUL64]] : i64
// CHECK: %[[T:.*]] = arith.addi %[[P]], %[[RND]] : i64
// CHECK: %[[HI:.*]] = arith.shrsi %[[T]], %{{.*}} : i64
// CHECK: %[[HI32:.*]] = arith.trunci %[[HI]] : i64 to i32
// CHECK: %[[Q:.*]] = arith.shrsi %[[HI32]], %[[SH]] : i32
// CHECK: arith.constant 0 : i32
// CHECK: arith.maxsi %[[Q]]
// CHECK: arith.constant 190 : i32
// CHECK: arith.constant 10 : i32
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK-NOT: qnt.
func.func @conv2d(%x: tensor<1x4x4x2x!x>) -> tensor<1x6x6x2x!y> {
  %wc = arith.constant dense<[[[[1, 2]]], [[[-2, 1]]]]> : tensor<2x1x1x2xi8>
  %w = quant.scast %wc : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!w>
  %bc = arith.constant dense<[2, -4]> : tensor<2xi32>
  %b = quant.scast %bc : tensor<2xi32> to tensor<2x!b>
  %0 = qnt.conv2d %x, %w, %b pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] clamp = [10, 200] : (tensor<1x4x4x2x!x>, tensor<2x1x1x2x!w>, tensor<2x!b>) -> tensor<1x6x6x2x!y>
  return %0 : tensor<1x6x6x2x!y>
}

// -----

!a = !quant.uniform<u8:f32, 1.0:3>
!w = !quant.uniform<i8<-127:127>:f32, 1.0>
!y = !quant.uniform<u8:f32, 1.0:5>

/// Negative case for the 32-bit epilogue: a multiplier of 1 (shift 30)
/// keeps the 64-bit computation and its saturation to int32.
// CHECK-LABEL: func.func @requantize_epilogue_64
// CHECK: linalg.matmul
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<1x2xi32>, tensor<2xi32>)
// CHECK: arith.constant 1073741824 : i64
// CHECK: arith.constant 30 : i64
// CHECK: arith.muli %{{.*}}, %{{.*}} : i64
// CHECK: arith.shrsi %{{.*}}, %{{.*}} : i64
// CHECK: arith.constant -2147483648 : i64
// CHECK-NOT: shrsi
// CHECK: arith.trunci %{{.*}} : i64 to i8
func.func @requantize_epilogue_64(%a: tensor<1x3x!a>) -> tensor<1x2x!y> {
  %wc = arith.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8>
  %w = quant.scast %wc : tensor<3x2xi8> to tensor<3x2x!w>
  %0 = qnt.matmul %a, %w : (tensor<1x3x!a>, tensor<3x2x!w>) -> tensor<1x2x!y>
  return %0 : tensor<1x2x!y>
}

// -----

!x = !quant.uniform<i8:f32, 0.1:-2>
!w = !quant.uniform<u8:f32, 0.5:7>
!y = !quant.uniform<i32:f32, 0.05>

/// Weights that are not constants take the general form: both operands
/// minus their zero points as i32, FHWC weights, no correction; an i32
/// result is the accumulator itself.
// CHECK-LABEL: func.func @conv2d_runtime_weights
// CHECK: linalg.generic
// CHECK: arith.extsi %{{.*}} : i8 to i64
// CHECK: linalg.generic
// CHECK: arith.extui %{{.*}} : i8 to i64
// CHECK: linalg.conv_2d_nhwc_fhwc {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x3x3x1xi32>, tensor<1x2x2x1xi32>)
// CHECK-NOT: arith.muli
// CHECK: return %{{.*}} : tensor<1x2x2x1xi32>
func.func @conv2d_runtime_weights(%x: tensor<1x3x3x1x!x>, %w: tensor<1x2x2x1x!w>) -> tensor<1x2x2x1x!y> {
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x3x3x1x!x>, tensor<1x2x2x1x!w>) -> tensor<1x2x2x1x!y>
  return %0 : tensor<1x2x2x1x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.3:5>

/// A fully connected matmul: an i8 linalg.matmul and the column correction
/// -(128 - 128) * sum = 0 dropped.
// CHECK-LABEL: func.func @matmul
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<3x4xi8>, tensor<4x5xi8>) outs(%{{.*}} : tensor<3x5xi32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<3x5xi32>)
func.func @matmul(%a: tensor<3x4x!a>) -> tensor<3x5x!y> {
  %wc = arith.constant dense<1> : tensor<4x5xi8>
  %w = quant.scast %wc : tensor<4x5xi8> to tensor<4x5x!w>
  %0 = qnt.matmul %a, %w : (tensor<3x4x!a>, tensor<4x5x!w>) -> tensor<3x5x!y>
  return %0 : tensor<3x5x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>
!b = !quant.uniform<u8:f32, 0.2:4>
!y = !quant.uniform<u8:f32, 0.25:5>

/// Addition with a broadcast operand: three applyScale steps in one generic.
// CHECK-LABEL: func.func @add
// CHECK: linalg.generic {indexing_maps = [#[[ID:.*]], #[[BC:.*]], #[[ID]]]
// CHECK-COUNT-3: arith.shrsi
// CHECK: arith.trunci %{{.*}} : i64 to i8
func.func @add(%a: tensor<2x3x!a>, %b: tensor<1x3x!b>) -> tensor<2x3x!y> {
  %0 = qnt.add %a, %b : (tensor<2x3x!a>, tensor<1x3x!b>) -> tensor<2x3x!y>
  return %0 : tensor<2x3x!y>
}

// -----

!a = !quant.uniform<i16:f32, 0.1>
!y = !quant.uniform<i16:f32, 0.5>

/// A product of 16-bit operands times the multiplier can pass 2^63: it is
/// requantized in 128 bits; an 8-bit product stays in 64.
// CHECK-LABEL: func.func @mul_16bit
// CHECK: linalg.generic
// CHECK: arith.muli %{{.*}} : i64
// CHECK: arith.extsi %{{.*}} : i64 to i128
// CHECK: arith.muli %{{.*}} : i128
// CHECK: arith.trunci %{{.*}} : i128 to i64
// CHECK: arith.trunci %{{.*}} : i64 to i16
func.func @mul_16bit(%x: tensor<4x!a>) -> tensor<4x!y> {
  %0 = qnt.mul %x, %x : (tensor<4x!a>, tensor<4x!a>) -> tensor<4x!y>
  return %0 : tensor<4x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:3>

/// Max pooling of u8 values: compared as signed after flipping the top bit.
// CHECK-LABEL: func.func @max_pool
// CHECK: arith.xori
// CHECK: linalg.pooling_nhwc_max
// CHECK: arith.xori
func.func @max_pool(%x: tensor<1x4x4x1x!x>) -> tensor<1x2x2x1x!x> {
  %0 = qnt.max_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<1x4x4x1x!x> -> tensor<1x2x2x1x!x>
  return %0 : tensor<1x2x2x1x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:3>
!y = !quant.uniform<u8:f32, 0.1:3>

/// Average pooling with padding: a sum pool on i32 and a multiplier per
/// output position (the divisor excludes padded positions).
// CHECK-LABEL: func.func @avg_pool
// CHECK: linalg.pooling_nhwc_sum
// CHECK: arith.constant dense<{{.*}}> : tensor<2x2xi64>
func.func @avg_pool(%x: tensor<1x3x3x1x!x>) -> tensor<1x2x2x1x!y> {
  %0 = qnt.avg_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 1, 0, 1] : tensor<1x3x3x1x!x> -> tensor<1x2x2x1x!y>
  return %0 : tensor<1x2x2x1x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:3>
!b = !quant.uniform<u8:f32, 0.2:3>

/// Concatenation: the operand with the result's parameters is copied, the
/// other rescaled; both inserted into one tensor.
// CHECK-LABEL: func.func @concat
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0] [1, 2] [1, 1]
// CHECK: linalg.generic
// CHECK: arith.shrsi
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 2] [1, 3] [1, 1]
func.func @concat(%a: tensor<1x2x!a>, %b: tensor<1x3x!b>) -> tensor<1x5x!a> {
  %0 = qnt.concat %a, %b axis = 1 : (tensor<1x2x!a>, tensor<1x3x!b>) -> tensor<1x5x!a>
  return %0 : tensor<1x5x!a>
}

// -----

/// Weight-only quantization: a float convolution whose weights are a
/// dequantize of per-channel integers keeps the integers (HWCF) in the
/// named convolution, with f32 input and accumulator (the integers are
/// converted in the kernel's loop); an epilogue multiplies each output
/// channel by its scale and adds the bias. No whole-tensor dequantize.
// CHECK-LABEL: func.func @weight_only_conv
// CHECK-NOT: qnt.dequantize
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1, -2], [3, 4]]]]> : tensor<1x1x2x2xi8>
// CHECK: %[[ACC:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%arg0, %[[W]] : tensor<1x2x2x2xf32>, tensor<1x1x2x2xi8>) outs(%{{.*}} : tensor<1x2x2x2xf32>)
// CHECK: %[[S:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01]> : tensor<2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[ACC]], %[[S]], %{{.*}} : tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @weight_only_conv(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %q = arith.constant dense<[[[[1, 3]]], [[[-2, 4]]]]> : tensor<2x1x1x2xi8>
  %s = quant.scast %q : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>>
  %w = qnt.dequantize %s : tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>> -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

/// A fully connected layer: the batch matmul reads the i8 columns; the
/// epilogue scales each column.
// CHECK-LABEL: func.func @weight_only_matmul
// CHECK: %[[ACC:.*]] = linalg.batch_matmul ins(%arg0, %{{.*}} : tensor<1x3x2xf32>, tensor<1x2x2xi8>) outs(%{{.*}} : tensor<1x3x2xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[ACC]], %{{.*}} : tensor<1x3x2xf32>, tensor<2xf32>)
// CHECK-NOT: arith.addf
// CHECK: return
func.func @weight_only_matmul(%x: tensor<1x3x2xf32>) -> tensor<1x3x2xf32> {
  %q = arith.constant dense<[[[1, 2], [3, 4]]]> : tensor<1x2x2xi8>
  %s = quant.scast %q : tensor<1x2x2xi8> to tensor<1x2x2x!quant.uniform<i8<-127:127>:f32:2, {0.5, 0.25}>>
  %w = qnt.dequantize %s : tensor<1x2x2x!quant.uniform<i8<-127:127>:f32:2, {0.5, 0.25}>> -> tensor<1x2x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %x, %w, %zp, %zp : (tensor<1x3x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2xf32>
  return %y : tensor<1x3x2xf32>
}

// -----

/// Negative: float weights stay a float convolution (TOSA's own lowering
/// takes it later).
// CHECK-LABEL: func.func @float_weights_unchanged
// CHECK: tosa.conv2d
// CHECK-NOT: linalg
func.func @float_weights_unchanged(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

/// Dynamic quantization (qnt.dynamic): the input's min and max reduced at
/// run time, the input quantized to s8 (u8 - 128) with that scale and zero
/// point, an integer matmul, and an epilogue that subtracts the zero point
/// times each column's weight sum (1 + 3 = 4, 2 + 4 = 6) and multiplies by
/// the two scales.
// CHECK-LABEL: func.func @dynamic_matmul
// CHECK-COUNT-2: linalg.reduce
// CHECK: math.roundeven
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<1x3x2xf32>) outs(%{{.*}} : tensor<1x3x2xi8>)
// CHECK: linalg.matmul ins(%{{.*}} : tensor<3x2xi8>, tensor<2x2xi8>) outs(%{{.*}} : tensor<3x2xi32>)
// CHECK: arith.constant dense<[4, 6]> : tensor<2xi32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x3x2xi32>, tensor<2xf32>, tensor<2xi32>) outs(%{{.*}} : tensor<1x3x2xf32>)
// CHECK: arith.muli
// CHECK: arith.subi
// CHECK: arith.sitofp
func.func @dynamic_matmul(%x: tensor<1x3x2xf32>) -> tensor<1x3x2xf32> {
  %q = arith.constant dense<[[[1, 2], [3, 4]]]> : tensor<1x2x2xi8>
  %s = quant.scast %q : tensor<1x2x2xi8> to tensor<1x2x2x!quant.uniform<i8<-127:127>:f32:2, {0.5, 0.25}>>
  %w = qnt.dequantize %s : tensor<1x2x2x!quant.uniform<i8<-127:127>:f32:2, {0.5, 0.25}>> -> tensor<1x2x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %x, %w, %zp, %zp {qnt.dynamic} : (tensor<1x3x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2xf32>
  return %y : tensor<1x3x2xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.3:5>

/// The largest reduction whose int32 accumulator cannot overflow at full
/// range: 255 * 128 * 65793 = 2147483520 <= 2^31 - 1 (one more term is an
/// error: convert-qnt-to-linalg-invalid.mlir).
// CHECK-LABEL: func.func @accumulator_at_limit
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x65793xi8>, tensor<65793x1xi8>) outs(%{{.*}} : tensor<1x1xi32>)
func.func @accumulator_at_limit(%a: tensor<1x65793x!a>) -> tensor<1x1x!y> {
  %wc = arith.constant dense<-128> : tensor<65793x1xi8>
  %w = quant.scast %wc : tensor<65793x1xi8> to tensor<65793x1x!w>
  %0 = qnt.matmul %a, %w : (tensor<1x65793x!a>, tensor<65793x1x!w>) -> tensor<1x1x!y>
  return %0 : tensor<1x1x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.3:5>

/// One term more: the int32 accumulator could overflow (the bound comes from
/// the constant weights), so the product accumulates in int64 and the
/// requantization multiplies in 128 bits.
// CHECK-LABEL: func.func @accumulator_overflow
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x65794xi8>, tensor<65794x1xi8>) outs(%{{.*}} : tensor<1x1xi64>)
// CHECK: linalg.generic
// CHECK: arith.extsi {{.*}} : i64 to i128
// CHECK: arith.muli {{.*}} : i128
// CHECK: arith.trunci {{.*}} : i128 to i64
func.func @accumulator_overflow(%a: tensor<1x65794x!a>) -> tensor<1x1x!y> {
  %wc = arith.constant dense<-128> : tensor<65794x1xi8>
  %w = quant.scast %wc : tensor<65794x1xi8> to tensor<65794x1x!w>
  // expected-remark@+1 {{the int32 accumulator can overflow: output channel 0 sums 65794 products with |input - zero point| <= 255 and sum |weight - zero point| = 8421632, a bound of 2147516160 > 2147483647; accumulating in int64}}
  %0 = qnt.matmul %a, %w : (tensor<1x65794x!a>, tensor<65794x1x!w>) -> tensor<1x1x!y>
  return %0 : tensor<1x1x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!b = !quant.uniform<i32:f32, 0.05>
!y = !quant.uniform<u8:f32, 0.3:5>

/// The bias counts too: 65793 terms fit alone, not with a bias of 1000,
/// which joins the int64 sum as a 64-bit constant.
// CHECK-LABEL: func.func @accumulator_overflow_bias
// CHECK: outs(%{{.*}} : tensor<1x1xi64>)
// CHECK: arith.constant dense<{{.*}}> : tensor<1xi64>
func.func @accumulator_overflow_bias(%a: tensor<1x65793x!a>) -> tensor<1x1x!y> {
  %wc = arith.constant dense<-128> : tensor<65793x1xi8>
  %w = quant.scast %wc : tensor<65793x1xi8> to tensor<65793x1x!w>
  %bc = arith.constant dense<1000> : tensor<1xi32>
  %bias = quant.scast %bc : tensor<1xi32> to tensor<1x!b>
  // expected-remark@+1 {{output channel 0 sums 65793 products with |input - zero point| <= 255 and sum |weight - zero point| = 8421504 plus |bias| = 1000, a bound of 2147484520 > 2147483647}}
  %0 = qnt.matmul %a, %w, %bias : (tensor<1x65793x!a>, tensor<65793x1x!w>, tensor<1x!b>) -> tensor<1x1x!y>
  return %0 : tensor<1x1x!y>
}

// -----

!a = !quant.uniform<i16:f32, 0.01>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.5, 0.5}>
!y = !quant.uniform<i16:f32, 0.3>

/// 16-bit activations: 1024 terms of 127 can overflow (32768 * 127 * 1024);
/// the convolution accumulates in int64.
// CHECK-LABEL: func.func @accumulator_overflow_int16_conv
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} outs(%{{.*}} : tensor<1x1x1x2xi64>)
func.func @accumulator_overflow_int16_conv(%x: tensor<1x1x1x1024x!a>) -> tensor<1x1x1x2x!y> {
  %wc = arith.constant dense<127> : tensor<2x1x1x1024xi8>
  %w = quant.scast %wc : tensor<2x1x1x1024xi8> to tensor<2x1x1x1024x!w>
  // expected-remark@+1 {{output channel 0 sums 1024 products with |input - zero point| <= 32768 and sum |weight - zero point| = 130048, a bound of 4261412864 > 2147483647}}
  %0 = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x1x1x1024x!a>, tensor<2x1x1x1024x!w>) -> tensor<1x1x1x2x!y>
  return %0 : tensor<1x1x1x2x!y>
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<i8:f32, 0.3>

/// Weights known only at run time: the type's range bounds every product;
/// the full s8 x s8 range (128 * 128) can overflow beyond 2^17 terms.
// CHECK-LABEL: func.func @accumulator_overflow_runtime_weights
// CHECK: linalg.matmul {{.*}} outs(%{{.*}} : tensor<1x1xi64>)
func.func @accumulator_overflow_runtime_weights(%a: tensor<1x131073x!a>, %w: tensor<131073x1x!w>) -> tensor<1x1x!y> {
  // expected-remark@+1 {{the int32 accumulator can overflow: 131073 products of |input - zero point| <= 128 and |weight - zero point| <= 128, a bound of 2147500032 > 2147483647; accumulating in int64}}
  %0 = qnt.matmul %a, %w : (tensor<1x131073x!a>, tensor<131073x1x!w>) -> tensor<1x1x!y>
  return %0 : tensor<1x1x!y>
}
