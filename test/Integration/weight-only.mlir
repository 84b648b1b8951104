// RUN: rm -rf %t && %python %S/weight_only.py make %t
// RUN: qmlir-quantize %t/model.mlir -o %t/w8.mlir --mode weight-only --eval-data %t/x.npy 2>/dev/null | FileCheck %s --check-prefix=TABLE
// RUN: FileCheck %s --input-file=%t/w8.mlir
// RUN: qmlir-run %t/w8.mlir --input %t/x.npy --output-dir %t/out
// RUN: %python %S/weight_only.py check %t 8
// RUN: qmlir-quantize %t/model.mlir -o %t/w4.mlir --mode weight-only --weight-bits 4 2>/dev/null
// RUN: qmlir-run %t/w4.mlir --input %t/x.npy --output-dir %t/out
// RUN: %python %S/weight_only.py check %t 4
// RUN: qmlir-quantize %t/model.mlir -o %t/dynamic.mlir --mode dynamic 2>/dev/null
// RUN: FileCheck %s --check-prefix=DYNAMIC --input-file=%t/dynamic.mlir
// RUN: qmlir-run %t/dynamic.mlir --input %t/x.npy --output-dir %t/out
// RUN: %python %S/weight_only.py dynamic %t

/// Weight-only quantization (no calibration data): the float activations
/// meet 8-bit (or 4-bit) weights inside each convolution, depthwise
/// convolution and matmul kernel, and per-channel scales and biases are
/// applied after the sum; nothing dequantizes a whole weight tensor. The
/// outputs equal numpy's computation with the same quantized weights.
/// Dynamic quantization (no calibration data either) reduces the input's
/// range in the generated code, quantizes it to 8 bits, and runs the
/// convolution and the matmul on integers; numpy repeats the same
/// quantization per sample.
// TABLE: (weight-only, 8-bit weights)
// TABLE: fp32 w8 only w8 only / fp32
// CHECK-LABEL: func.func @main
// CHECK-NOT: qnt.
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins({{.*}} : tensor<1x8x8x2xf32>, tensor<3x3x2x8xi8>) outs({{.*}} : tensor<1x6x6x8xf32>)
// CHECK: arith.mulf
// CHECK: linalg.depthwise_conv_2d_nhwc_hwcm {{.*}} ins({{.*}} : tensor<1x8x8x8xf32>, tensor<3x3x8x1xi8>)
// CHECK: linalg.batch_matmul ins({{.*}} : tensor<1x1x288xf32>, tensor<1x288x10xi8>) outs({{.*}} : tensor<1x1x10xf32>)
// CHECK-NOT: tensor<1x288x10xf32>
// DYNAMIC-LABEL: func.func @main
// DYNAMIC: linalg.reduce
// DYNAMIC: linalg.reduce
// DYNAMIC: math.roundeven
// DYNAMIC: linalg.conv_2d_nhwc_hwcf {{.*}} ins({{.*}} : tensor<1x8x8x2xi8>, tensor<3x3x2x8xi8>) outs({{.*}} : tensor<1x6x6x8xi32>)
// DYNAMIC: linalg.depthwise_conv_2d_nhwc_hwcm {{.*}} ins({{.*}} : tensor<1x8x8x8xf32>, tensor<3x3x8x1xi8>)
// DYNAMIC: linalg.reduce
// DYNAMIC: linalg.matmul ins({{.*}} : tensor<1x288xi8>, tensor<288x10xi8>) outs({{.*}} : tensor<1x10xi32>)
