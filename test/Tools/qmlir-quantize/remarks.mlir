// REQUIRES: onnx-python
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python %S/../../Target/ONNX/make-models.py resize_linear %t/resize.onnx
// RUN: %python %S/../../Target/ONNX/make-models.py resize_linear_data %t
// RUN: qmlir-quantize resize.onnx --calibration-data x.npy -o int8.mlir 2>&1 >/dev/null | FileCheck %s
// RUN: qmlir-quantize resize.onnx --calibration-data x.npy -o int8.mlir --verbose 2>&1 >/dev/null | FileCheck %s --check-prefix=VERBOSE

/// A remark that repeats (six linear resizes, four float products each)
/// prints once, and how many more there were at the end; --verbose prints
/// each.
// CHECK: remark: 'tosa.mul' stays float: no integer form accepts its quantized operands and result
// CHECK-NOT: remark: 'tosa.mul'
// CHECK: qmlir-quantize: 23 more remarks as above: 'tosa.mul' stays float: no integer form accepts its quantized operands and result (--verbose prints each)

// VERBOSE-COUNT-24: remark: 'tosa.mul' stays float
// VERBOSE-NOT: more remark
