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

/// --float-underflow finds the region by data: the activations of which
/// more than half the nonzero calibration values round to 0 at 8 bits
/// (the squares and their sum, 92-95%) stay float (36.7 dB).
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy --eval-data %t/eval.npy -o %t/auto.mlir --report %t/auto.json --float-underflow 0.5 2>&1 >/dev/null | FileCheck %s --check-prefix=AUTO
// RUN: %python -c "import json; p = json.load(open('%t/plain.json'))['evaluation']['output_sqnr_db']; s = json.load(open('%t/auto.json'))['evaluation']['output_sqnr_db']; print('underflow region 15 dB closer' if s > p + 15 else 'underflow region NOT closer', round(p, 2), round(s, 2))" | FileCheck %s --check-prefix=AUTOSQNR
// AUTO: qmlir-quantize: --float-underflow=0.5 leaves 3 activation(s) float: 're2' ({{9[0-9]}}% round to 0), 'im2' ({{9[0-9]}}% round to 0), 'power' ({{9[0-9]}}% round to 0)
// AUTOSQNR: underflow region 15 dB closer
/// The sensitivity analysis quantizes as the written model is: with every
/// layer quantized it measures that model's SQNR, the region included.
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy --eval-data %t/eval.npy -o %t/sens.mlir --report %t/sens.json --float-underflow 0.5 --float-activations fc --sensitivity %t/sens-table.json > /dev/null 2>&1
// RUN: %python -c "import json; a = json.load(open('%t/sens-table.json'))['all_quantized']['sqnr_db']; b = json.load(open('%t/sens.json'))['evaluation']['output_sqnr_db']; print('analysis as written' if abs(a - b) < 1e-6 else 'analysis differs', round(a, 2), round(b, 2))" | FileCheck %s --check-prefix=SENS
// SENS: analysis as written
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/x.mlir --float-underflow 1.5 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: qmlir-quantize: error: --float-underflow must be in (0, 1], got 1.5
// RUN: not qmlir-quantize %t/model.mlir -o %t/x.mlir --mode weight-only --float-underflow 0.5 2>&1 | FileCheck %s --check-prefix=MODE
// MODE: qmlir-quantize: error: the underflow measure needs the static mode (calibration statistics)

/// A bad pattern: one message naming the flag, no output.
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/x.mlir --float-activations '[' 2>&1 | FileCheck %s --check-prefix=GLOB
// RUN: not ls %t/x.mlir
// GLOB: qmlir-quantize: error: float-activations '[': invalid glob pattern, unmatched '['
// GLOB-NOT: error
/// The same for the layer patterns (before: a pass error, then a second
/// message that quantizing failed).
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/x.mlir --float-layers '[' 2>&1 | FileCheck %s --check-prefix=LAYERS
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy -o %t/x.mlir --int16-layers 'a[' 2>&1 | FileCheck %s --check-prefix=INT16
// RUN: not ls %t/x.mlir
// LAYERS: qmlir-quantize: error: float-layers '[': invalid glob pattern, unmatched '['
// LAYERS-NOT: error
// INT16: qmlir-quantize: error: int16-layers 'a[': invalid glob pattern, unmatched '['
// INT16-NOT: error
