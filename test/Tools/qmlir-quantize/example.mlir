// REQUIRES: qmlir-jit
// RUN: rm -rf %t && mkdir -p %t
// RUN: qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/int8.mlir --eval-data %S/../../../examples/digits/eval.npy --eval-labels %S/../../../examples/digits/eval-labels.npy --report %t/report.json 2>%t/err | FileCheck %s
// RUN: FileCheck %s --check-prefix=REPORT --input-file=%t/report.json
// RUN: qmlir-opt %t/int8.mlir --qmlir-verify-int8-linalg -o /dev/null
// RUN: qmlir-run %t/int8.mlir --input %S/../../../examples/digits/eval.npy --output-dir %t/out
// RUN: qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/pt.mlir --scheme u8-per-tensor --eval-data %S/../../../examples/digits/eval.npy --eval-labels %S/../../../examples/digits/eval-labels.npy 2>/dev/null | FileCheck %s --check-prefix=PERTENSOR
// RUN: FileCheck %s --check-prefix=PROGRESS --input-file=%t/err
// RUN: qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/par.mlir --parallel --eval-data %S/../../../examples/digits/eval.npy --eval-labels %S/../../../examples/digits/eval-labels.npy 2>/dev/null | FileCheck %s
// RUN: qmlir-translate --import-onnx %S/../../../examples/digits/model.onnx -o %t/model.mlir
// RUN: qmlir-quantize %t/model.mlir --calibration-data %S/../../../examples/digits/calibration.npy -o %t/from-mlir.mlir --method percentile --eval-data %S/../../../examples/digits/eval.npy 2>/dev/null | FileCheck %s --check-prefix=MLIR
// RUN: not qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/x.o 2>&1 | FileCheck %s --check-prefix=OBJECT
// RUN: not qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/x.mlir --scheme u7 2>&1 | FileCheck %s --check-prefix=SCHEME
// RUN: not qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %t/missing.npy -o %t/y.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not ls %t/y.mlir
//
// RUN: qmlir-quantize %S/../../../examples/shapes/model.onnx --calibration-data %S/../../../examples/shapes/calibration.npy -o %t/shapes.mlir --scheme s8-per-tensor --eval-data %S/../../../examples/shapes/eval.npy --eval-labels %S/../../../examples/shapes/eval-labels.npy 2>/dev/null | FileCheck %s --check-prefix=SHAPES
//
// The shipped digits example: the int8 model keeps fp32's top-1 (within 0.5
// points, agreement >= 99%) for per-channel and per-tensor weights; the
// written module is int8 linalg that qmlir-run runs. Likewise the line
// orientation CNN of examples/shapes with s8 activations, per tensor.
//
// CHECK: weights (bytes)
// CHECK: top-1 accuracy 99.50% {{99\.[0-9][0-9]|100\.00}}%
// CHECK: top-1 agreement {{99\.[0-9]+|100\.00}}%
// CHECK: output SQNR
// CHECK: latency / sample
//
// REPORT: "top1_agreement_percent":
// REPORT: "weights_bytes":
//
// PERTENSOR: top-1 accuracy 99.50% {{99\.[0-9][0-9]|100\.00}}%
// PERTENSOR: top-1 agreement {{99\.[0-9]+|100\.00}}%
//
// SHAPES: top-1 accuracy 99.67% {{99\.[2-9][0-9]|99\.1[7-9]|100\.00}}%
// SHAPES: top-1 agreement {{99\.[0-9]+|100\.00}}%
//
// PROGRESS: qmlir-quantize: calibrated on 100 batches
//
// A float MLIR model works the same; without labels, agreement and SQNR.
// MLIR: (scheme u8-per-channel, method percentile)
// MLIR-NOT: top-1 accuracy
// MLIR: top-1 agreement {{99\.[0-9]+|100\.00}}%
// MLIR: output SQNR
//
// OBJECT: -o must name a .mlir file (the int8 module)
// SCHEME: unknown --scheme 'u7'
// MISSING: missing.npy
