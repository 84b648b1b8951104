// REQUIRES: qmlir-jit
// RUN: rm -rf %t && %python %S/make_score_head.py %t
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/int8.mlir --eval-data %t/eval.npy --report %t/report.json 2>/dev/null | FileCheck %s
// RUN: FileCheck %s --check-prefix=REPORT --input-file=%t/report.json
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/eval.npy -o %t/all.mlir --eval-data %t/eval.npy 2>/dev/null | FileCheck %s --check-prefix=ALL
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/eval.npy -o %t/t.mlir --eval-data %t/eval.npy --threshold 0.99 2>/dev/null | FileCheck %s --check-prefix=THRESHOLD
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/x.mlir --threshold 0.5 2>&1 | FileCheck %s --check-prefix=NOEVAL
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/x.mlir --threshold nan --eval-data %t/eval.npy 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: %python -c "import numpy as np; np.save('%t/labels.npy', np.zeros(8, np.int64))"
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/x.mlir --eval-data %t/eval.npy --eval-labels %t/labels.npy 2>&1 | FileCheck %s --check-prefix=LABELS
// RUN: not ls %t/x.mlir

/// A score head (one sigmoid score per sample) calibrated on inputs that
/// never fire and evaluated on inputs of which half fire: the int8 score
/// saturates below 0.5. Its result is not a class axis (argmax over one
/// value always "agrees"), so there is no top-1 agreement row; its
/// decisions at 0.5 (its fp32 values are probabilities) differ on 4 of 8
/// samples, and the clipped calibrated ranges are named, worst first.
// CHECK: fp32 int8 int8 / fp32
// CHECK-NOT: top-1 agreement
// CHECK: output SQNR
// CHECK: output cosine
// CHECK: worst sample cosine
// CHECK: max abs error
// CHECK: decisions at 0.5 50.00%
// CHECK: IoU at 0.5 0.0000
// CHECK: latency / sample
// CHECK: warning: 4 calibrated ranges clip more than 0.1% of the evaluation data's values (worst first):
// CHECK-NEXT: conv1 50.000% clipped: range [{{.*}}], evaluation data [{{.*}}]
// CHECK-NEXT: relu1 50.000% clipped
// CHECK-NEXT: conv2 50.000% clipped
// CHECK-NEXT: main.arg0 {{2[0-9]\.[0-9]+}}% clipped

// REPORT: "evaluation": {
// REPORT: "outputs": [
// REPORT: "decision_agreement_percent": 50,
// REPORT: "decisions_differ": 4,
// REPORT: "kind": "values",
// REPORT: "threshold": 0.5
// REPORT: "saturation": [
// REPORT: "fraction": 0.5,
// REPORT-NEXT: "id": "conv1",
// REPORT-NOT: top1_agreement_percent

/// Calibrated on data that fires, the decisions are those of fp32 and no
/// range clips.
// ALL: decisions at 0.5 100.00%
// ALL: IoU at 0.5 1.0000
// ALL-NOT: warning

// THRESHOLD: decisions at 0.99

// NOEVAL: qmlir-quantize: error: --threshold needs --eval-data
// NAN: qmlir-quantize: error: --threshold must be a finite number
// LABELS: qmlir-quantize: error: --eval-labels: the model's first result '#0' is not a class output (its last axis must be longer than 1, in a result of rank 1 to 3)
