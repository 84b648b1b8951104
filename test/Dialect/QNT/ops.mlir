// RUN: qmlir-opt %s | FileCheck %s
// RUN: qmlir-opt %s | qmlir-opt | FileCheck %s
// RUN: qmlir-opt %s --mlir-print-op-generic | qmlir-opt | FileCheck %s
// RUN: qmlir-opt %s --emit-bytecode | qmlir-opt | FileCheck %s

/// Round trip of every qnt op and of its optional parts.

!u8 = !quant.uniform<u8:f32, 0.05:128>
!u8b = !quant.uniform<u8:f32, 0.1:3>
!s8 = !quant.uniform<i8:f32, 0.02>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>
!wdw = !quant.uniform<i8<-127:127>:f32:2, {0.01, 0.02, 0.04}>
!wfc = !quant.uniform<i8:f32:1, {0.5, 0.25, 0.125}>
!b = !quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3}>
!bfc = !quant.uniform<i32:f32:0, {0.025, 0.0125, 0.00625}>

// CHECK-LABEL: func.func @calibrate
// CHECK: qnt.calibrate %{{.*}} id "conv1.out" : tensor<1x4xf32>
func.func @calibrate(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qnt.calibrate %x id "conv1.out" : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// CHECK-LABEL: func.func @quantize_dequantize
// CHECK: %[[Q:.*]] = qnt.quantize %{{.*}} : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK: qnt.dequantize %[[Q]] : tensor<2x3x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<2x3xf32>
func.func @quantize_dequantize(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %q = qnt.quantize %x : tensor<2x3xf32> -> tensor<2x3x!u8>
  %d = qnt.dequantize %q : tensor<2x3x!u8> -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @quantize_storage_types
// CHECK: -> tensor<4x!quant.uniform<i4:f32, 2.500000e-01:-3>>
// CHECK: -> tensor<4x!quant.uniform<u4:f32, 2.500000e-01:7>>
// CHECK: -> tensor<4x!quant.uniform<i16:f32, 1.000000e-03>>
// CHECK: -> tensor<4x!quant.uniform<i32:f32, 1.000000e-04>>
// CHECK: -> tensor<?x!quant.uniform<i8:f16, 1.250000e-01>>
func.func @quantize_storage_types(%x: tensor<4xf32>, %h: tensor<?xf16>) {
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i4:f32, 0.25:-3>>
  %1 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u4:f32, 0.25:7>>
  %2 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i16:f32, 0.001>>
  %3 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i32:f32, 0.0001>>
  %4 = qnt.quantize %h : tensor<?xf16> -> tensor<?x!quant.uniform<i8:f16, 0.125>>
  return
}

// CHECK-LABEL: func.func @quantize_per_axis
// CHECK: qnt.quantize %{{.*}} : tensor<2x3x3x3xf32> -> tensor<2x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-02,2.000000e-02}>>
func.func @quantize_per_axis(%x: tensor<2x3x3x3xf32>) -> tensor<2x3x3x3x!w> {
  %0 = qnt.quantize %x : tensor<2x3x3x3xf32> -> tensor<2x3x3x3x!w>
  return %0 : tensor<2x3x3x3x!w>
}

// CHECK-LABEL: func.func @requantize
// CHECK: qnt.requantize %{{.*}} : tensor<8x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<8x!quant.uniform<i8:f32, 2.000000e-02>>
// CHECK: qnt.requantize %{{.*}} rounding = double : tensor<8x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<8x!quant.uniform<u8:f32, 1.000000e-01:3>>
func.func @requantize(%x: tensor<8x!u8>) {
  %0 = qnt.requantize %x : tensor<8x!u8> -> tensor<8x!s8>
  %1 = qnt.requantize %x rounding = double : tensor<8x!u8> -> tensor<8x!u8b>
  return
}

// CHECK-LABEL: func.func @table
// CHECK: qnt.table %{{.*}} table = [0, 1, 2,
// CHECK-SAME: 255] : tensor<8x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<8x!quant.uniform<u8:f32, 1.000000e-01:3>>
func.func @table(%x: tensor<8x!u8>) {
  %0 = qnt.table %x table = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255] : tensor<8x!u8> -> tensor<8x!u8b>
  return
}

// CHECK-LABEL: func.func @conv2d
// CHECK: qnt.conv2d %{{.*}}, %{{.*}}, %{{.*}} pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] clamp = [128, 255] : (tensor<1x8x8x3x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<2x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-02,2.000000e-02}>>, tensor<2x!quant.uniform<i32:f32:0, {5.000000e-04,1.000000e-03}>>) -> tensor<1x8x8x2x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK: qnt.conv2d %{{.*}}, %{{.*}} pad = [0, 1, 0, 1] stride = [2, 2] dilation = [1, 1] rounding = double : (tensor<1x8x8x3x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<2x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-02,2.000000e-02}>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 2.000000e-02>>
// CHECK: qnt.conv2d %{{.*}}, %{{.*}} pad = [2, 2, 2, 2] stride = [1, 1] dilation = [2, 2] : {{.*}} -> tensor<1x8x8x2x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @conv2d(%x: tensor<1x8x8x3x!u8>, %w: tensor<2x3x3x3x!w>, %b: tensor<2x!b>) {
  %0 = qnt.conv2d %x, %w, %b pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] clamp = [128, 255]
      : (tensor<1x8x8x3x!u8>, tensor<2x3x3x3x!w>, tensor<2x!b>) -> tensor<1x8x8x2x!u8>
  %1 = qnt.conv2d %x, %w pad = [0, 1, 0, 1] stride = [2, 2] dilation = [1, 1] rounding = double
      : (tensor<1x8x8x3x!u8>, tensor<2x3x3x3x!w>) -> tensor<1x4x4x2x!s8>
  %2 = qnt.conv2d %x, %w pad = [2, 2, 2, 2] stride = [1, 1] dilation = [2, 2]
      : (tensor<1x8x8x3x!u8>, tensor<2x3x3x3x!w>) -> tensor<1x8x8x2x!u8>
  return
}

// CHECK-LABEL: func.func @conv2d_dynamic
// CHECK: qnt.conv2d {{.*}} -> tensor<?x?x?x2x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @conv2d_dynamic(%x: tensor<?x?x?x3x!u8>, %w: tensor<2x3x3x3x!w>) {
  %0 = qnt.conv2d %x, %w pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1]
      : (tensor<?x?x?x3x!u8>, tensor<2x3x3x3x!w>) -> tensor<?x?x?x2x!u8>
  return
}

// CHECK-LABEL: func.func @depthwise_conv2d
// CHECK: qnt.depthwise_conv2d %{{.*}}, %{{.*}}, %{{.*}} pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] clamp = [128, 255] : (tensor<1x8x8x3x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<3x3x3x2x!quant.uniform<i8<-127:127>:f32:2, {1.000000e-02,2.000000e-02,4.000000e-02}>>, tensor<6x!quant.uniform<i32:f32:0, {5.000000e-04,5.000000e-04,1.000000e-03,1.000000e-03,2.000000e-03,2.000000e-03}>>) -> tensor<1x8x8x6x!quant.uniform<u8:f32, 1.000000e-01:3>>
func.func @depthwise_conv2d(%x: tensor<1x8x8x3x!u8>, %w: tensor<3x3x3x2x!wdw>,
    %b: tensor<6x!quant.uniform<i32:f32:0, {5.0e-4, 5.0e-4, 1.0e-3, 1.0e-3, 2.0e-3, 2.0e-3}>>) {
  %0 = qnt.depthwise_conv2d %x, %w, %b pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] clamp = [128, 255]
      : (tensor<1x8x8x3x!u8>, tensor<3x3x3x2x!wdw>, tensor<6x!quant.uniform<i32:f32:0, {5.0e-4, 5.0e-4, 1.0e-3, 1.0e-3, 2.0e-3, 2.0e-3}>>) -> tensor<1x8x8x6x!u8b>
  return
}

// CHECK-LABEL: func.func @matmul
// CHECK: qnt.matmul %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x2x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<2x3x!quant.uniform<i8:f32:1, {5.000000e-01,2.500000e-01,1.250000e-01}>>, tensor<3x!quant.uniform<i32:f32:0, {2.500000e-02,1.250000e-02,6.250000e-03}>>) -> tensor<4x3x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK: qnt.matmul %{{.*}}, %{{.*}} clamp = [3, 255] rounding = double : (tensor<5x4x2x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<2x3x!quant.uniform<i8:f32:1, {5.000000e-01,2.500000e-01,1.250000e-01}>>) -> tensor<5x4x3x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK: qnt.matmul %{{.*}}, %{{.*}} : (tensor<5x4x2x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<5x2x3x!quant.uniform<i8:f32, 2.000000e-02>>) -> tensor<5x4x3x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK: qnt.matmul %{{.*}}, %{{.*}} : (tensor<5x4x2x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<5x2x3x!quant.uniform<i8:f32, 2.000000e-02>>) -> tensor<5x4x3x!quant.uniform<i32:f32, 1.000000e-03>>
func.func @matmul(%a: tensor<4x2x!u8>, %a3: tensor<5x4x2x!u8>, %w: tensor<2x3x!wfc>,
                  %b: tensor<3x!bfc>, %w3: tensor<5x2x3x!s8>) {
  %0 = qnt.matmul %a, %w, %b : (tensor<4x2x!u8>, tensor<2x3x!wfc>, tensor<3x!bfc>) -> tensor<4x3x!u8b>
  %1 = qnt.matmul %a3, %w clamp = [3, 255] rounding = double : (tensor<5x4x2x!u8>, tensor<2x3x!wfc>) -> tensor<5x4x3x!u8b>
  %2 = qnt.matmul %a3, %w3 : (tensor<5x4x2x!u8>, tensor<5x2x3x!s8>) -> tensor<5x4x3x!u8b>
  // The accumulator itself (as ONNX MatMulInteger gives it): i32 storage.
  %3 = qnt.matmul %a3, %w3 : (tensor<5x4x2x!u8>, tensor<5x2x3x!s8>) -> tensor<5x4x3x!quant.uniform<i32:f32, 0.001>>
  return
}

// CHECK-LABEL: func.func @add_mul
// CHECK: qnt.add %{{.*}}, %{{.*}} : (tensor<1x4x4x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<1x4x4x8x!quant.uniform<u8:f32, 1.000000e-01:3>>) -> tensor<1x4x4x8x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK: qnt.add %{{.*}}, %{{.*}} clamp = [3, 255] rounding = double : (tensor<1x4x4x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<1x1x1x8x!quant.uniform<u8:f32, 1.000000e-01:3>>)
// CHECK: qnt.mul %{{.*}}, %{{.*}} : (tensor<1x4x4x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<1x1x1x8x!quant.uniform<u8:f32, 1.000000e-01:3>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 2.000000e-02>>
// CHECK: qnt.mul %{{.*}}, %{{.*}} clamp = [0, 100]
func.func @add_mul(%a: tensor<1x4x4x8x!u8>, %b: tensor<1x4x4x8x!u8b>, %c: tensor<1x1x1x8x!u8b>) {
  %0 = qnt.add %a, %b : (tensor<1x4x4x8x!u8>, tensor<1x4x4x8x!u8b>) -> tensor<1x4x4x8x!u8b>
  %1 = qnt.add %a, %c clamp = [3, 255] rounding = double : (tensor<1x4x4x8x!u8>, tensor<1x1x1x8x!u8b>) -> tensor<1x4x4x8x!u8b>
  %2 = qnt.mul %a, %c : (tensor<1x4x4x8x!u8>, tensor<1x1x1x8x!u8b>) -> tensor<1x4x4x8x!s8>
  %3 = qnt.mul %a, %c clamp = [0, 100] : (tensor<1x4x4x8x!u8>, tensor<1x1x1x8x!u8b>) -> tensor<1x4x4x8x!s8>
  return
}

// CHECK-LABEL: func.func @pools
// CHECK: qnt.max_pool2d %{{.*}} kernel = [3, 3] stride = [2, 2] pad = [1, 1, 1, 1] : tensor<1x8x8x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x4x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK: qnt.avg_pool2d %{{.*}} kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<1x8x8x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x4x4x4x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK: qnt.avg_pool2d %{{.*}} kernel = [3, 3] stride = [1, 1] pad = [1, 1, 1, 1] count_include_pad rounding = double : tensor<1x8x8x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x8x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK: qnt.avg_pool2d %{{.*}} kernel = [8, 8] stride = [1, 1] pad = [0, 0, 0, 0] : {{.*}} -> tensor<1x1x1x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @pools(%x: tensor<1x8x8x4x!u8>) {
  %0 = qnt.max_pool2d %x kernel = [3, 3] stride = [2, 2] pad = [1, 1, 1, 1] : tensor<1x8x8x4x!u8> -> tensor<1x4x4x4x!u8>
  %1 = qnt.avg_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<1x8x8x4x!u8> -> tensor<1x4x4x4x!u8b>
  %2 = qnt.avg_pool2d %x kernel = [3, 3] stride = [1, 1] pad = [1, 1, 1, 1] count_include_pad rounding = double : tensor<1x8x8x4x!u8> -> tensor<1x8x8x4x!u8>
  %3 = qnt.avg_pool2d %x kernel = [8, 8] stride = [1, 1] pad = [0, 0, 0, 0] : tensor<1x8x8x4x!u8> -> tensor<1x1x1x4x!u8>
  return
}

// CHECK-LABEL: func.func @concat
// CHECK: qnt.concat %{{.*}}, %{{.*}} axis = 3 : (tensor<1x4x4x2x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<1x4x4x3x!quant.uniform<u8:f32, 1.000000e-01:3>>) -> tensor<1x4x4x5x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK: qnt.concat %{{.*}} axis = 0 : (tensor<1x4x4x2x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @concat(%a: tensor<1x4x4x2x!u8>, %b: tensor<1x4x4x3x!u8b>) {
  %0 = qnt.concat %a, %b axis = 3 : (tensor<1x4x4x2x!u8>, tensor<1x4x4x3x!u8b>) -> tensor<1x4x4x5x!u8b>
  %1 = qnt.concat %a axis = 0 : (tensor<1x4x4x2x!u8>) -> tensor<1x4x4x2x!u8>
  return
}
