// REQUIRES: qmlir-jit
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python -c "import numpy as np; r = np.random.RandomState(0); np.save('x.npy', r.uniform(-1, 1, (8, 4, 4, 1)).astype(np.float32)); np.save('s.npy', r.uniform(-1, 1, (8, 4, 4, 2)).astype(np.float32)); np.save('s7.npy', r.uniform(-1, 1, (7, 4, 4, 2)).astype(np.float32))"

/// A model with two inputs (a convolution of x plus a state s) calibrates
/// on one array per input, by name or in order; the int8 model runs on
/// both and stays within a few quantization steps of the float model.
// RUN: qmlir-quantize %s --calibration-data x=x.npy --calibration-data s=s.npy -o q.mlir 2>&1 | FileCheck %s --check-prefix=OK
// OK: qmlir-quantize: calibrated on 8 batches
// OK-NOT: error
// RUN: qmlir-quantize %s --calibration-data x.npy --calibration-data s.npy -o q2.mlir 2>&1 | FileCheck %s --check-prefix=OK
// RUN: cmp q.mlir q2.mlir
// RUN: qmlir-opt q.mlir --qmlir-verify-int8-linalg -o /dev/null
// RUN: qmlir-run q.mlir --input x=x.npy --input s=s.npy --output-dir int8 2>/dev/null
// RUN: qmlir-run %s --input x=x.npy --input s=s.npy --output-dir fp32 2>/dev/null
// RUN: %python -c "import numpy as n; a, b = n.load('int8/y.npy'), n.load('fp32/y.npy'); assert a.shape == b.shape == (8, 4, 4, 2), a.shape; assert n.abs(a - b).max() < 0.05, n.abs(a - b).max()"

/// Evaluation takes one array per input too: the result (a map, not class
/// scores) is compared by SQNR and cosine. A missing input is one error.
/// Sensitivity and --auto-precision run on the same arrays (a missing one
/// is the same error).
// RUN: qmlir-quantize %s --calibration-data x=x.npy --calibration-data s=s.npy -o q3.mlir --eval-data s=s.npy --eval-data x=x.npy --report q3.json 2>/dev/null | FileCheck %s --check-prefix=EVAL
// EVAL-NOT: top-1 agreement
// EVAL: output SQNR {{[1-9][0-9]\.[0-9]+}} dB
// EVAL: output cosine
// RUN: %python -c "import json; print(json.load(open('q3.json'))['evaluation']['samples'])" | FileCheck %s --check-prefix=SAMPLES
// SAMPLES: 8
// RUN: not qmlir-quantize %s --calibration-data x=x.npy --calibration-data s=s.npy -o bad.mlir --eval-data x=x.npy 2>&1 | FileCheck %s --check-prefix=EVALMISSING
// EVALMISSING: qmlir-quantize: error: --eval-data: no data for input 's' (give NAME=file.npy for each of x, s)
// RUN: qmlir-quantize %s --calibration-data x=x.npy --calibration-data s=s.npy -o sens.mlir --eval-data x=x.npy --eval-data s=s.npy --sensitivity sens.json --auto-precision=min-sqnr:200 --write-best 2>/dev/null | FileCheck %s --check-prefix=EVALSENS
// EVALSENS: all layers quantized: SQNR {{[1-9][0-9]\.[0-9]+}} dB
// EVALSENS: {{^}}conv {{[1-9][0-9]\.[0-9]+}}
// EVALSENS: auto-precision min-sqnr:200: NOT met (every layer raised) with {{[01]}} 16-bit layer(s), {{[01]}} float layer(s) and 0 float region(s)
// RUN: %python -c "import json; l = json.load(open('sens.json'))['layers']; print([x['name'] for x in l])" | FileCheck %s --check-prefix=SENSJSON
// SENSJSON: ['conv']
// RUN: not qmlir-quantize %s --calibration-data x=x.npy --calibration-data s=s.npy -o bad.mlir --eval-data x=x.npy --sensitivity sens2.json 2>&1 | FileCheck %s --check-prefix=EVALMISSING
// RUN: not ls sens2.json bad.mlir

/// One error naming the inputs for a missing, extra or repeated input, and
/// for inputs with different numbers of samples; no output file.
// RUN: not qmlir-quantize %s --calibration-data x=x.npy -o bad.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: qmlir-quantize: error: --calibration-data: no data for input 's' (give NAME=file.npy for each of x, s)
// RUN: not qmlir-quantize %s --calibration-data x.npy --calibration-data s.npy --calibration-data s.npy -o bad.mlir 2>&1 | FileCheck %s --check-prefix=EXTRA
// EXTRA: qmlir-quantize: error: --calibration-data s.npy: the model has 2 input(s) (x, s)
// RUN: not qmlir-quantize %s --calibration-data s=s.npy --calibration-data s=s.npy -o bad.mlir 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: qmlir-quantize: error: --calibration-data gives input 's' twice
// RUN: not qmlir-quantize %s --calibration-data x=x.npy --calibration-data s=s7.npy -o bad.mlir 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: qmlir-quantize: error: calibration: s7.npy: holds 7 batches of input 's', x.npy holds 8 of input 'x'
// RUN: not ls bad.mlir

func.func @main(%x: tensor<1x4x4x1xf32> {qmlir.name = "x"}, %s: tensor<1x4x4x2xf32> {qmlir.name = "s"}) -> (tensor<1x4x4x2xf32> {qmlir.name = "y"}) {
  %w = "tosa.const"() <{values = dense<[[[[0.5], [-0.25], [0.125]], [[0.75], [1.0], [-0.5]], [[0.25], [0.0], [-1.0]]], [[[-0.5], [0.25], [0.5]], [[0.125], [-0.75], [1.0]], [[0.0], [0.5], [-0.25]]]]> : tensor<2x3x3x1xf32>}> : () -> tensor<2x3x3x1xf32>
  %b = "tosa.const"() <{values = dense<[0.1, -0.2]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<2x3x3x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv")
  %y = tosa.add %c, %s : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}
