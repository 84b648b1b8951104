// REQUIRES: qmlir-jit
// RUN: rm -rf %t && %python %S/make_spiky_input.py %t

/// --method auto: a second calibration run measures each candidate range's
/// quantization error per channel, weighted by the energy of the weights
/// reading the channel. The input's spikes (channel 0) set its min-max
/// range. Where the convolution weighs them by 5, clipping them would cost
/// the output its signal: the input keeps the default, percentile (which
/// keeps the spikes, as min-max does).
// RUN: qmlir-quantize %t/model.mlir --calibration-data %t/calib.npy --method auto -o %t/loud.mlir --report %t/loud.json 2>&1 | FileCheck %s --check-prefix=LOUD
// RUN: %python -c "import json; c = {a['id']: a for a in json.load(open('%t/loud.json'))['auto_ranges']}['main.arg0']; print('input', c['method'], c['scored_by_readers'], 'clipping costs' if c['errors']['entropy'] > 100 * c['errors']['percentile'] else 'clipping is free')" | FileCheck %s --check-prefix=LOUD-INPUT
// RUN: qmlir-opt %t/loud.mlir --qmlir-verify-int8-linalg -o /dev/null
// LOUD: qmlir-quantize: --method auto chose {{.*}} of 2 activations (1 scored by the layers reading them); error against percentile x{{[0-9.]+}} (geometric mean)
// LOUD: method auto
// LOUD-INPUT: input percentile True clipping costs

/// Where it weighs them by 0.001, the spikes hardly reach the output: a
/// range that clips them (entropy's) gives the other channels finer steps.
/// The data and candidates are those above; only the weighting differs.
/// The output gains over percentile.
// RUN: qmlir-quantize %t/quiet.mlir --calibration-data %t/calib.npy --eval-data %t/eval.npy --method auto -o %t/quiet-auto.mlir --report %t/quiet-auto.json > /dev/null 2>&1
// RUN: qmlir-quantize %t/quiet.mlir --calibration-data %t/calib.npy --eval-data %t/eval.npy -o %t/quiet-default.mlir --report %t/quiet-default.json > /dev/null 2>&1
// RUN: %python -c "import json; c = {a['id']: a for a in json.load(open('%t/quiet-auto.json'))['auto_ranges']}['main.arg0']; print('input', c['method'], 'clips' if c['errors'][c['method']] < 0.5 * c['errors']['minmax'] else 'keeps')" | FileCheck %s --check-prefix=QUIET-INPUT
// RUN: %python -c "import json; a = json.load(open('%t/quiet-auto.json'))['evaluation']['output_sqnr_db']; d = json.load(open('%t/quiet-default.json'))['evaluation']['output_sqnr_db']; print('auto 3 dB closer' if a > d + 3 else 'auto NOT closer', round(d, 1), round(a, 1))" | FileCheck %s --check-prefix=QUIET-SQNR
// QUIET-INPUT: input entropy clips
// QUIET-SQNR: auto 3 dB closer

/// Errors: one message, no output.
// RUN: not qmlir-quantize %t/model.mlir -o %t/x.mlir --mode weight-only --method auto 2>&1 | FileCheck %s --check-prefix=MODE
// RUN: not qmlir-quantize %t/model.mlir -o %t/x.mlir --method auto 2>&1 | FileCheck %s --check-prefix=DATA
// RUN: not ls %t/x.mlir
// MODE: qmlir-quantize: error: --method auto needs --mode static
// DATA: qmlir-quantize: error: --calibration-data is required
