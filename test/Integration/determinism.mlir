// REQUIRES: qmlir-jit, onnx-importer
// RUN: rm -rf %t && mkdir -p %t/a %t/b
//
// The same inputs give byte-identical outputs across runs, with the kernels
// on one thread or on all cores (--num-threads), and with MLIR's pass
// threading on or off.
//
// Calibration statistics.
// RUN: qmlir-translate --import-onnx %S/../../examples/digits/model.onnx -o %t/model.mlir
// RUN: qmlir-run --calibrate %t/model.mlir --input %S/../../examples/digits/calibration.npy --stats %t/a/stats.json 2> /dev/null
// RUN: qmlir-run --calibrate %t/model.mlir --input %S/../../examples/digits/calibration.npy --stats %t/b/stats.json 2> /dev/null
// RUN: cmp %t/a/stats.json %t/b/stats.json
//
// The quantized MLIR, from qmlir-opt (threading on and off) and from
// qmlir-quantize (calibration on one thread and on all cores).
// RUN: qmlir-opt %t/model.mlir --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/a/stats.json},qmlir-lower-to-int8-linalg-pipeline)" -o %t/a/opt.mlir
// RUN: qmlir-opt %t/model.mlir --mlir-disable-threading --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/b/stats.json},qmlir-lower-to-int8-linalg-pipeline)" -o %t/b/opt.mlir
// RUN: cmp %t/a/opt.mlir %t/b/opt.mlir
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy -o %t/a/int8.mlir > /dev/null 2>&1
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy -o %t/b/int8.mlir --num-threads=1 > /dev/null 2>&1
// RUN: cmp %t/a/int8.mlir %t/b/int8.mlir
//
// Object files and headers: the same bytes from qmlir-quantize and, for the
// module it wrote, from qmlir-translate (threading on and off).
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy -o %t/a/digits.o > /dev/null 2>&1
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy -o %t/b/digits.o > /dev/null 2>&1
// RUN: cmp %t/a/digits.o %t/b/digits.o
// RUN: cmp %t/a/digits.h %t/b/digits.h
// RUN: qmlir-translate --qmlir-to-object %t/a/int8.mlir -o %t/a/t.o --c-prefix=digits
// RUN: qmlir-translate --qmlir-to-object %t/a/int8.mlir -o %t/b/t.o --c-prefix=digits --mlir-disable-threading
// RUN: cmp %t/a/t.o %t/b/t.o
// RUN: cmp %t/a/t.o %t/a/digits.o
//
// Results of the compiled model: serial code, one thread and all cores of
// OpenMP code agree bit for bit; so does a multi-threaded object.
// RUN: qmlir-run %t/a/int8.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/a/out --pipeline-options="parallel=false" 2> /dev/null
// RUN: qmlir-run %t/a/int8.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/b/out 2> /dev/null
// RUN: qmlir-run %t/a/int8.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/c/out --num-threads=1 2> /dev/null
// RUN: cmp %t/a/out/logits.npy %t/b/out/logits.npy
// RUN: cmp %t/a/out/logits.npy %t/c/out/logits.npy
