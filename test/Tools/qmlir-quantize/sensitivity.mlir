// REQUIRES: qmlir-jit
// RUN: rm -rf %t && %python %S/make_damaged.py %t
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/int8.mlir --scheme u8-per-tensor --eval-data %t/eval.npy --sensitivity %t/sensitivity.json --sensitivity-chart %t/sensitivity.svg --auto-precision=min-sqnr:25 --report %t/report.json 2>/dev/null | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON --input-file=%t/sensitivity.json
// RUN: FileCheck %s --check-prefix=SVG --input-file=%t/sensitivity.svg
// RUN: FileCheck %s --check-prefix=REPORT --input-file=%t/report.json
// RUN: qmlir-run %t/int8.mlir --input %t/eval.npy --output-dir %t/out
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/back.mlir --scheme u8-per-tensor --eval-data %t/eval.npy --float-layers=conv3 2>/dev/null | FileCheck %s --check-prefix=BACK
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/plain.mlir --scheme u8-per-tensor --eval-data %t/eval.npy 2>/dev/null | FileCheck %s --check-prefix=PLAIN
/// A budget no choice meets (the activations stay 8-bit between float
/// layers) is a failure: the best is printed, nothing is written.
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/unmet.mlir --scheme u8-per-tensor --eval-data %t/eval.npy --auto-precision=min-sqnr:200 --report %t/unmet.json > %t/unmet.out 2> %t/unmet.err
// RUN: FileCheck %s --check-prefix=UNMET --input-file=%t/unmet.out
// RUN: FileCheck %s --check-prefix=UNMETERR --input-file=%t/unmet.err
// RUN: not ls %t/unmet.mlir %t/unmet.json
// UNMET: auto-precision min-sqnr:200: NOT met (every layer raised)
// UNMETERR: qmlir-quantize: error: --auto-precision=min-sqnr:200 is not met even with every layer raised (the best is above); nothing written
/// --write-best writes that best model instead, with a warning, and exits 0;
/// it needs --auto-precision.
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/best.mlir --scheme u8-per-tensor --eval-data %t/eval.npy --auto-precision=min-sqnr:200 --write-best --report %t/best.json 2>&1 >/dev/null | FileCheck %s --check-prefix=BEST
// RUN: qmlir-opt %t/best.mlir --qmlir-verify-int8-linalg -o /dev/null
// RUN: FileCheck %s --check-prefix=BESTREPORT --input-file=%t/best.json
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/x.mlir --write-best 2>&1 | FileCheck %s --check-prefix=BESTFLAG
// BEST: qmlir-quantize: warning: --auto-precision=min-sqnr:200 is not met even with every layer raised; writing the best model found (--write-best)
// BESTREPORT: "met": false
// BESTFLAG: qmlir-quantize: error: --write-best needs --auto-precision

/// make_damaged.py's model has one damaged layer: conv3, whose single
/// outlier weight (100, on a channel that is always 0) leaves its other
/// weights at 0 once quantized per tensor. The sensitivity table puts conv3
/// first (with only it quantized the output is noise; with all but it
/// quantized the model is fine), the chart draws it first, in red, and the
/// automatic choice for 25 dB runs exactly conv3 in float (16-bit
/// activations around it, tried first, do not help weights). The choice,
/// passed back with --float-layers, gives the same model; without it the
/// int8 model is noise.
// CHECK: sensitivity: output against fp32 on the evaluation data; all layers quantized: SQNR {{[0-9]\.[0-9]+}} dB
// CHECK: layer (most sensitive first)
// CHECK-NEXT: SQNR dB MSE top-1 SQNR dB MSE top-1
// CHECK-NEXT: conv3 {{[0-9]\.[0-9]+}} {{.*}} {{[3-9][0-9]\.[0-9]+}}
// CHECK: tensor quantization error alone (q/dq against float), worst first
// CHECK-NEXT: conv3 weights
// CHECK: auto-precision min-sqnr:25: met with 0 16-bit layer(s), 1 float layer(s) and 0 float region(s): SQNR {{(2[5-9]|[3-9][0-9])\.[0-9]+}} dB
// CHECK-NEXT: {{^}} --float-layers=conv3{{$}}
// CHECK: output SQNR {{(2[5-9]|[3-9][0-9])\.[0-9]+}} dB

// JSON: "all_quantized": {
// JSON: "layers": [
// JSON-NEXT: {
// JSON-NEXT: "all_but_this_quantized": {
// JSON: "kind": "conv2d",
// JSON-NEXT: "name": "conv3",
// JSON-NEXT: "only_this_quantized": {
// JSON: "tensors": [

// SVG: <svg
// SVG: conv3</text>
// SVG-NEXT: fill="#d62728"
// SVG: conv{{[124]}}</text>
// SVG-NEXT: fill="#1f77b4"

// REPORT: "auto_precision": {
// REPORT-NEXT: "budget": "min-sqnr:25",
// REPORT-NEXT: "float_activations": [],
// REPORT-NEXT: "float_layers": [
// REPORT-NEXT: "conv3"
// REPORT: "float_regions": [],
// REPORT-NEXT: "int16_layers": []
// REPORT: "met": true
// REPORT: "float_layers": [
// REPORT-NEXT: "conv3"

// BACK: output SQNR {{(2[5-9]|[3-9][0-9])\.[0-9]+}} dB
// PLAIN: output SQNR {{[0-9]\.[0-9]+}} dB
