// REQUIRES: qmlir-jit
// RUN: rm -rf %t && %python %S/make_spectrum.py %t

/// Sensitivity and --auto-precision take element-wise regions (here the
/// squares `re2`, `im2` and the square root `magnitude`, tosa.pow ops) as
/// well as layers. At 8 bits the power spectrum spans more than one scale
/// holds: the search raises the regions to 16 bits and meets 30 dB.
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy --eval-data %t/eval.npy --auto-precision=min-sqnr:30 -o %t/u8.mlir 2>/dev/null | FileCheck %s --check-prefix=U8
// U8: layer (most sensitive first)
// U8-DAG: {{^}}magnitude {{[0-9]+\.[0-9]+}}
// U8-DAG: {{^}}re2 {{[0-9]+\.[0-9]+}}
// U8-DAG: {{^}}im2 {{[0-9]+\.[0-9]+}}
// U8: auto-precision min-sqnr:30: met with {{[1-9]}} 16-bit layer(s), {{[0-9]+}} float layer(s) and 0 float region(s): SQNR {{(3[0-9]|[4-9][0-9])\.[0-9]+}} dB
// U8-NEXT: --int16-layers={{.*}}magnitude

/// With 16-bit activations throughout, raising means float: the regions
/// kept float print as --float-activations, and passing the printed flags
/// back gives the same model.
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy --eval-data %t/eval.npy --scheme s16-per-channel --auto-precision=min-sqnr:50 -o %t/s16.mlir --report %t/s16.json 2>/dev/null > %t/s16.out
// RUN: FileCheck %s --check-prefix=S16 --input-file=%t/s16.out
// RUN: qmlir-opt %t/s16.mlir --qmlir-verify-int8-linalg -o /dev/null
// S16: auto-precision min-sqnr:50: met with {{[0-9]+}} 16-bit layer(s), {{[0-9]+}} float layer(s) and {{[1-9]}} float region(s): SQNR {{([5-9][0-9]|1[0-9][0-9])\.[0-9]+}} dB
// S16-NEXT: --float-activations={{.*}}magnitude
// RUN: %python -c "import json; a = json.load(open('%t/s16.json'))['auto_precision']; print('regions', sorted(a['float_regions']), 'met', a['met'])" | FileCheck %s --check-prefix=S16JSON
// S16JSON: regions ['im2', 'magnitude', 're2'] met True
// RUN: grep -A1 '^auto-precision' %t/s16.out | tail -1 > %t/flags
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy --eval-data %t/eval.npy --scheme s16-per-channel $(cat %t/flags) -o %t/again.mlir --report %t/again.json > /dev/null 2>&1
// RUN: %python -c "import json; a = json.load(open('%t/s16.json'))['evaluation']['output_sqnr_db']; b = json.load(open('%t/again.json'))['evaluation']['output_sqnr_db']; print('same model' if abs(a - b) < 1e-6 else 'different', round(a, 2), round(b, 2))" | FileCheck %s --check-prefix=AGAIN
// AGAIN: same model
