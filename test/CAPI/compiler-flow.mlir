// The digits example through qmlir-c/Compiler.h gives the object and header
// qmlir-quantize gives for the same options, byte for byte.
// REQUIRES: onnx-importer
// RUN: rm -rf %t && mkdir -p %t/cli %t/capi
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy --target-cpu x86-64-v3 -o %t/cli/digits.o > /dev/null 2>&1
// RUN: qmlir-compiler-test %S/../../examples/digits/model.onnx %S/../../examples/digits/calibration.npy %S/../../examples/digits/eval.npy %t/capi/digits.o | FileCheck %s
// RUN: cmp %t/cli/digits.o %t/capi/digits.o
// RUN: cmp %t/cli/digits.h %t/capi/digits.h
// Nothing is left by the failing calls.
// RUN: ls %t/capi | FileCheck %s --check-prefix=FILES

// CHECK: loaded: error ''
// CHECK-NEXT: loaded from memory: the same module
// CHECK-NEXT: calibrated
// CHECK-NEXT: quantized
// CHECK-NEXT: rounded weights: quantized
// CHECK-NEXT: smoothed: quantized
// CHECK-NEXT: every activation float: as fp32
// CHECK-NEXT: underflow 2: null: the underflow fraction must be in [0, 1], got 2
// CHECK-NEXT: auto without files: null: qmlirQuantizeFlowOptions.method auto needs the statistics and calibrationNpyFiles
// CHECK-NEXT: auto: quantized, agreement >= 90%
// CHECK-NEXT: smoothing alpha 2: null: the smoothing alpha must be in [0, 1], got 2
// CHECK-NEXT: compared: 400 samples, agreement >= 90%, SQNR >= 15 dB
// CHECK-NEXT: emitted
// CHECK-NEXT: missing model: null: no/such/model.onnx: error: cannot open input file 'no/such/model.onnx'
// CHECK-NEXT: bad scheme: null: qmlirQuantizeFlowOptions.scheme: unknown scheme 'u4-per-channel'
// CHECK-NEXT: bias correction, weight-only: null: bias correction needs the static mode (calibration statistics)
// CHECK-NEXT: bad data: null: {{.*}}model.onnx{{.*}}not a .npy file
// CHECK-NEXT: bad output: failed: cannot write no/such/dir/x.{{[ho]}}:

// FILES: digits.h
// FILES-NEXT: digits.o
// FILES-NOT: {{.}}
