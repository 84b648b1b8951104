// REQUIRES: onnx-importer, onnx-python
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python %S/make-models.py dynamic_quant %t/dq.onnx
// RUN: %python %S/make-models.py dynamic_quant_data %t
// RUN: qmlir-run dq.onnx --input x=x.npy --input a=a.npy --output-dir out
// RUN: %python %S/../../Integration/compare_exact.py out/conv.npy expected-conv.npy
// RUN: %python %S/../../Integration/compare_exact.py out/mm.npy expected-mm.npy
// RUN: qmlir-translate --import-onnx dq.onnx | qmlir-opt --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa))" | FileCheck %s

/// A dynamically quantized model (ONNX Runtime's quantize_dynamic):
/// DynamicQuantizeLinear's zero point reaches ConvInteger and
/// MatMulInteger at run time. The convolution pads its input with that zero
/// point and both subtract zero point x (sum of the weights' values) per
/// output channel or column; the int32 results equal numpy's exactly.

// CHECK-LABEL: func.func @main
// CHECK: tosa.pad {{.*}} : (tensor<1x7x6x3xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x9x8x3xi8>
// CHECK: qnt.conv2d {{.*}}pad = [0, 0, 0, 0] stride = [2, 1]
// CHECK: tosa.reduce_sum
// CHECK: tosa.sub
// CHECK: qnt.matmul
// CHECK: tosa.reduce_sum
// CHECK: tosa.sub
