// RUN: rm -rf "%t" && mkdir -p "%t/t d"
// RUN: env TMPDIR="%t/t d" qmlir-quantize %S/../../../examples/digits/model.onnx --calibration-data %S/../../../examples/digits/calibration.npy -o "%t/t d/int8.mlir" | FileCheck %s
// RUN: qmlir-opt "%t/t d/int8.mlir" --qmlir-verify-int8-linalg -o /dev/null
// RUN: ls "%t/t d" | FileCheck %s --check-prefix=LEFT
// RUN: qmlir-translate --import-onnx %S/../../../examples/digits/model.onnx -o "%t/t d/fp32.mlir"
// RUN: qmlir-run --calibrate "%t/t d/fp32.mlir" --input %S/../../../examples/digits/calibration.npy --stats "%t/t d/s.json" > /dev/null
// RUN: qmlir-opt "%t/t d/fp32.mlir" --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats='%t/t d/s.json'})" | FileCheck %s --check-prefix=PIPELINE
// RUN: not qmlir-translate --qmlir-to-object "%t/t d/int8.mlir" --target-cpu "znver 4" -o "%t/t d/m.o" 2>&1 | FileCheck %s --check-prefix=CPU

/// User text in options (file names with spaces, a temporary folder with a
/// space, a CPU name) reaches the passes as option values, never through
/// pipeline text, where a space would split it: these used to abort with
/// "invalid built-in pipeline".

// CHECK: qmlir-quantize: {{.*}}model.onnx -> {{.*}}t d/int8.mlir
// LEFT-NOT: {{.}}
// LEFT: int8.mlir
// LEFT-NOT: {{.}}
// PIPELINE: qnt.conv2d
// CPU: error: unknown target CPU 'znver 4'
