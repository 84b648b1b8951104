// REQUIRES: qmlir-jit
// RUN: rm -rf %t && %python %S/make_spectrum.py %t
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy --eval-data %t/eval.npy -o %t/plain.mlir --report %t/plain.json > /dev/null 2>&1
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy --eval-data %t/eval.npy -o %t/region.mlir --report %t/region.json --float-activations 're*,im*,power,magnitude' > /dev/null 2>&1
// RUN: %python -c "import json; p = json.load(open('%t/plain.json'))['evaluation']['output_sqnr_db']; s = json.load(open('%t/region.json'))['evaluation']['output_sqnr_db']; print('float region 15 dB closer' if s > p + 15 else 'float region NOT closer', round(p, 2), round(s, 2))" | FileCheck %s --check-prefix=SQNR
// RUN: qmlir-opt %t/region.mlir --qmlir-verify-int8-linalg -o /dev/null
// RUN: FileCheck %s --input-file=%t/region.mlir
// RUN: FileCheck %s --check-prefix=PLAIN --input-file=%t/plain.mlir

/// A spectrogram front end: the power spectrum of low noise with loud
/// bursts spans orders of magnitude, which one 8-bit scale cannot hold
/// (19.2 dB when this was written). With the magnitude's region left float
/// (the convolutions' outputs, their squares, the sum and its square root)
/// only the last layer's input is quantized (40.9 dB).
// SQNR: float region 15 dB closer
/// The region's ops stay float: the squares and the square root are float
/// math on float tensors, and the last layer reads the quantized magnitude.
// CHECK: math.powf
// CHECK: math.powf
// CHECK: math.powf
// PLAIN-NOT: math.powf

/// A bad pattern: one message naming the flag, no output.
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/x.mlir --float-activations '[' 2>&1 | FileCheck %s --check-prefix=GLOB
// RUN: not ls %t/x.mlir
// GLOB: qmlir-quantize: error: float-activations '[': invalid glob pattern, unmatched '['
// GLOB-NOT: error
