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
// RUN: not qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/x.txt 2>&1 | FileCheck %s --check-prefix=OBJECT
// RUN: not qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/x.mlir --scheme u7 2>&1 | FileCheck %s --check-prefix=SCHEME
// RUN: not qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %t/missing.npy -o %t/y.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not ls %t/y.mlir
//
// RUN: qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/pruned.mlir --prune=channel:0.25 --eval-data %S/../../../examples/digits/eval.npy --eval-labels %S/../../../examples/digits/eval-labels.npy --report %t/pruned.json 2>/dev/null | FileCheck %s --check-prefix=PRUNED
// RUN: FileCheck %s --check-prefix=PRUNEDREPORT --input-file=%t/pruned.json
// RUN: qmlir-opt %t/pruned.mlir --qmlir-verify-int8-linalg -o /dev/null
// RUN: qmlir-run %t/pruned.mlir --input %S/../../../examples/digits/eval.npy --output-dir %t/pruned-out
// RUN: qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/nm.mlir --prune=nm:2:4 2>/dev/null | FileCheck %s --check-prefix=NM
//
// RUN: qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/a16.mlir --scheme s16-per-channel --eval-data %S/../../../examples/digits/eval.npy --eval-labels %S/../../../examples/digits/eval-labels.npy 2>/dev/null | FileCheck %s --check-prefix=A16
// RUN: qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/a16m.mlir --scheme s16-per-channel 2>&1 | FileCheck %s --check-prefix=A16METHOD
// RUN: qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o %t/w4.mlir --weight-bits 4 --eval-data %S/../../../examples/digits/eval.npy --eval-labels %S/../../../examples/digits/eval-labels.npy 2>/dev/null | FileCheck %s --check-prefix=W4
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
// REPORT: "weights_zstd_level": 19
//
// PERTENSOR: top-1 accuracy 99.50% {{99\.[0-9][0-9]|100\.00}}%
// PERTENSOR: top-1 agreement {{99\.[0-9]+|100\.00}}%
//
// SHAPES: top-1 accuracy 99.67% {{99\.[2-9][0-9]|99\.1[7-9]|100\.00}}%
// SHAPES: top-1 agreement {{99\.[0-9]+|100\.00}}%
//
// PROGRESS: qmlir-quantize: calibrated on 100 batches
//
// With --prune the pruned float model is calibrated and quantized: channel
// pruning at 25% removes a quarter of conv2's and the pointwise conv's
// channels (the first and last layers are kept), so the MACs and the weights
// shrink; the int8 module is still int8 linalg and runs. N:M 2:4 halves the
// non-zero weights and leaves the MACs.
// PRUNED: (scheme u8-per-channel, method percentile, pruned channel:0.25)
// PRUNED: fp32 pruned fp32 int8 int8 / fp32
// PRUNED: weights (non-zero) 11184 8232 8232 0.736x
// PRUNED: MACs 330240 246912 246912 0.748x
// PRUNED: weights (bytes)
// PRUNED: weights zstd (bytes)
// PRUNED: top-1 accuracy 99.50%
// PRUNED: latency / sample
// PRUNEDREPORT: "prune": {
// PRUNEDREPORT: "mode": "channel",
// 16-bit activations with 8-bit weights (16x8) and 4-bit weights keep the
// accuracy; 16x8's output is closer to fp32 than int8's (41 dB), 4-bit
// weights' further (but they compress to half).
// 16-bit activations take min-max ranges unless --method says otherwise.
// A16METHOD: (scheme s16-per-channel, method minmax)
// A16: fp32 16x8 16x8 / fp32
// A16: top-1 accuracy 99.50% 99.50%
// A16: output SQNR {{4[3-9]\.[0-9]+}} dB
// W4: fp32 int8 w4 int8 w4 / fp32
// W4: top-1 accuracy 99.50% {{99\.[0-9][0-9]|100\.00}}%
// W4: output SQNR {{[12][0-9]\.[0-9]+}} dB
// NM: weights (non-zero) 11184 5616 5616 0.502x
// NM: MACs 330240 330240 330240 1.000x
//
// A float MLIR model works the same; without labels, agreement and SQNR.
// MLIR: (scheme u8-per-channel, method percentile)
// MLIR-NOT: top-1 accuracy
// MLIR: top-1 agreement {{99\.[0-9]+|100\.00}}%
// MLIR: output SQNR
//
// OBJECT: -o must name a .mlir file (the int8 module), a .o object or a .so shared library, got {{.*}}x.txt
// SCHEME: --scheme: unknown scheme 'u7'
// MISSING: missing.npy
