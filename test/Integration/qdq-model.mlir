// REQUIRES: onnx-importer, onnx-python
// RUN: rm -rf %t && %python %S/qdq_model.py make %t
// RUN: qmlir-quantize %t/qdq.onnx -o %t/int8.mlir 2>&1 | FileCheck %s --check-prefix=QUANTIZE
// RUN: FileCheck %s --check-prefix=INT8 < %t/int8.mlir
// RUN: qmlir-run %t/int8.mlir --input %t/x.npy --output-dir %t/out
// RUN: %python %S/qdq_model.py check %t | FileCheck %s --check-prefix=CHECKED
// RUN: qmlir-run %t/qdq.onnx --input %t/x.npy --output-dir %t/direct
// RUN: %python %S/compare_exact.py %t/out/y.npy %t/direct/y.npy
// RUN: qmlir-run %t/qdq.onnx --reference --input %t/x.npy --output-dir %t/reference
// RUN: %python %S/compare_exact.py %t/out/y.npy %t/reference/y.npy
// RUN: not qmlir-quantize %t/unpinned.onnx -o %t/unpinned.mlir 2>&1 | FileCheck %s --check-prefix=UNPINNED
// RUN: not ls %t/unpinned.mlir
// RUN: qmlir-run %t/unpinned.onnx --input %t/x.npy --output-dir %t/simulated 2>&1 | FileCheck %s --check-prefix=SIMULATED

/// A QDQ model (QuantizeLinear/DequantizeLinear around every op, in ONNX's
/// layout) quantizes as given: qmlir-quantize needs no calibration data,
/// keeps the model's parameters, and every op becomes an integer op (no
/// "stays float" remark, no float convolution); the integer code matches
/// the QDQ graph evaluated in float64 (qdq_model.py), and equals the
/// reference interpreter bit for bit. qmlir-run on the ONNX file runs the
/// same integer code. A model that leaves an activation unpinned needs
/// calibration data to quantize; qmlir-run simulates it in float.

// QUANTIZE-NOT: stays float
// QUANTIZE-NOT: calibrated
// QUANTIZE: qdq.onnx -> {{.*}}int8.mlir (the QDQ model's own parameters)

// INT8-NOT: linalg.conv_2d_nhwc_hwcf {{.*}}f32>
// INT8: linalg.conv_2d_nhwc_hwcf {{.*}}ins({{.*}}xi8>, {{.*}}xi8>)
// INT8-NOT: linalg.conv_2d_nhwc_hwcf {{.*}}f32>

// CHECKED: 20 values: 100.0% identical, at most 0 step(s) apart

// UNPINNED: error: --calibration-data is required: 2 activation(s) of the QDQ model have no quantization parameters (first: 'c1')

// SIMULATED: note: 2 activation(s) of the QDQ model have no quantization parameters
