// RUN: rm -rf %t && split-file %s %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((3, 1, 4), np.float32)); x = np.ones((3, 1, 4), np.float32); x[1, 0, 2] = np.nan; np.save('%t/nan.npy', x); np.save('%t/wrong.npy', np.ones((3, 5), np.float32)); np.save('%t/labels2.npy', np.zeros(2, np.int64)); np.save('%t/flabels.npy', np.zeros(3, np.float32))"

/// Every bad input gives one error naming what is wrong, a non-zero exit,
/// and no output file.

// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --eval-labels %t/labels2.npy 2>&1 | FileCheck %s --check-prefix=NOEVAL
// NOEVAL: qmlir-quantize: error: --eval-labels needs --eval-data
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/nan.npy -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NAN
// NAN: qmlir-quantize: error: {{.*}}nan.npy: sample 1 holds a non-finite value (nan)
// A model that computes infinities from finite data is what the error names.
// RUN: not qmlir-quantize %t/overflow.mlir --calibration-data %t/x.npy -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=MODELINF
// MODELINF: qmlir-quantize: error: the model computes non-finite values at '{{.*}}' from finite calibration data (non-finite or huge weights, or a BatchNorm variance <= 0?)
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/wrong.npy -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: qmlir-quantize: error: calibration: {{.*}}wrong.npy: float32[3, 5] holds samples of shape [5]; the model's input takes samples of shape [4]
// Samples of another layout (NHWC for an NCHW input) say so.
// RUN: %python -c "import numpy as np; np.save('%t/nhwc.npy', np.ones((5, 2, 2, 1), np.float32))"
// RUN: not qmlir-quantize %t/nchw.mlir --calibration-data %t/nhwc.npy -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=LAYOUT
// LAYOUT: qmlir-quantize: error: calibration: {{.*}}nhwc.npy: float32[5, 2, 2, 1] holds samples of shape [2, 2, 1]; the model's input takes samples of shape [1, 2, 2] (the same values in another layout, such as NHWC for NCHW?)
// RUN: not qmlir-quantize %t/two-inputs.mlir --calibration-data %t/x.npy -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=INPUTS
// INPUTS: qmlir-quantize: error: --calibration-data: no data for input '#1' (give NAME=file.npy for each of #0, #1)
// RUN: not qmlir-quantize %t/nothing.mlir --calibration-data %t/x.npy -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NOTHING
// NOTHING: qmlir-quantize: error: {{.*}}nothing.mlir has no activation to quantize
// RUN: not qmlir-quantize %t/missing.mlir --calibration-data %t/x.npy -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=MODEL
// MODEL: qmlir-quantize: error: {{.*}}missing.mlir
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --eval-data %t/x.npy --eval-labels %t/labels2.npy 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: qmlir-quantize: error: {{.*}}labels2.npy: int64[2] holds 2 labels for 3 samples
// RUN: %python -c "import numpy as np; np.save('%t/empty.npy', np.zeros((0, 1, 4), np.float32))"
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/empty.npy -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: qmlir-quantize: error: calibration: {{.*}}empty.npy: float32[0, 1, 4] holds no samples
// RUN: not qmlir-quantize %t/model.mlir --calibration-data nosuch=%t/x.npy -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NONAME
// NONAME: qmlir-quantize: error: --calibration-data nosuch={{.*}}x.npy: the model has no input named 'nosuch' (its inputs: {{.*}})
// Labels are classes of the model's output (4 here): 4 and -1 are not.
// RUN: %python -c "import numpy as np; np.save('%t/big-labels.npy', np.array([0, 4, 1], np.int64)); np.save('%t/neg-labels.npy', np.array([0, 1, -1], np.int32))"
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --eval-data %t/x.npy --eval-labels %t/big-labels.npy 2>&1 | FileCheck %s --check-prefix=LABELBIG
// LABELBIG: qmlir-quantize: error: {{.*}}big-labels.npy: label 4 of sample 1 is not a class of the model's output (0 to 3)
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --eval-data %t/x.npy --eval-labels %t/neg-labels.npy 2>&1 | FileCheck %s --check-prefix=LABELNEG
// LABELNEG: qmlir-quantize: error: {{.*}}neg-labels.npy: label -1 of sample 2 is not a class of the model's output (0 to 3)
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out2.mlir --eval-data %t/x.npy --eval-labels %t/flabels.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: qmlir-quantize: error: {{.*}}flabels.npy: labels must be int64, int32 or uint8, got float32
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --prune=chan:0.5 2>&1 | FileCheck %s --check-prefix=PRUNE
// PRUNE: qmlir-quantize: error: --prune 'chan:0.5': expected magnitude:SPARSITY, channel:SPARSITY or nm:N:M
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --prune=channel:1.5 2>&1 | FileCheck %s --check-prefix=PRUNESPARSITY
// PRUNESPARSITY: qmlir-quantize: error: --prune 'channel:1.5': sparsity 1.5 is not in [0, 1)
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --prune=nm:4:2 2>&1 | FileCheck %s --check-prefix=PRUNENM
// PRUNENM: qmlir-quantize: error: --prune 'nm:4:2': n:m 4:2 needs 1 <= n <= m <= 64
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --sensitivity %t/s.json 2>&1 | FileCheck %s --check-prefix=SENSEVAL
// SENSEVAL: qmlir-quantize: error: --sensitivity needs --eval-data
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --auto-precision=min-sqnr:30 2>&1 | FileCheck %s --check-prefix=AUTOEVAL
// AUTOEVAL: qmlir-quantize: error: --auto-precision needs --eval-data
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --eval-data %t/x.npy --auto-precision=best 2>&1 | FileCheck %s --check-prefix=AUTOSPEC
// AUTOSPEC: qmlir-quantize: error: --auto-precision 'best': expected min-sqnr:DB or max-drop:POINTS
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --eval-data %t/x.npy --auto-precision=min-sqnr:-3 2>&1 | FileCheck %s --check-prefix=AUTONUM
// AUTONUM: qmlir-quantize: error: --auto-precision 'min-sqnr:-3': expected min-sqnr:DB or max-drop:POINTS (a non-negative number)
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --eval-data %t/x.npy --auto-precision=max-drop:0.5 2>&1 | FileCheck %s --check-prefix=AUTOLABELS
// AUTOLABELS: qmlir-quantize: error: --auto-precision=max-drop:0.5 needs --eval-labels
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --eval-data %t/x.npy --sensitivity %t/s.json 2>&1 | FileCheck %s --check-prefix=SENSNONE
// SENSNONE: qmlir-quantize: error: sensitivity: the model has no quantizable layer
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --weight-bits 3 2>&1 | FileCheck %s --check-prefix=BITS
// BITS: qmlir-quantize: error: --weight-bits must be 8, 7 or 4, got 3
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --scheme s4-per-channel 2>&1 | FileCheck %s --check-prefix=SCHEME4
// SCHEME4: qmlir-quantize: error: --scheme: unknown scheme 's4-per-channel' (u8-per-channel, u8-per-tensor, s8-per-channel, s8-per-tensor, s16-per-channel, s16-per-tensor)
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --mode runtime 2>&1 | FileCheck %s --check-prefix=MODE
// MODE: qmlir-quantize: error: unknown --mode 'runtime' (static, weight-only, dynamic)
/// An unknown range method is refused before calibration, without a model
/// or data read.
// RUN: not qmlir-quantize %t/no-such-model.mlir --calibration-data %t/no-such.npy -o %t/out.mlir --method kl 2>&1 | FileCheck %s --check-prefix=METHOD
// METHOD: qmlir-quantize: error: --method: unknown range method 'kl' (minmax, avg-minmax, percentile, entropy, mse), or auto
// RUN: not qmlir-quantize %t/model.mlir -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NOCALIB
// NOCALIB: qmlir-quantize: error: --calibration-data is required (except with --mode weight-only or dynamic, or a QDQ model)
// RUN: not qmlir-quantize %t/model.mlir -o %t/out.mlir --mode weight-only --eval-data %t/x.npy --sensitivity %t/s.json 2>&1 | FileCheck %s --check-prefix=WOSENS
// WOSENS: qmlir-quantize: error: --sensitivity, --auto-precision and --int16-layers need --mode static
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.mlir --target-cpu=znver4 2>&1 | FileCheck %s --check-prefix=AOTFLAGS
// AOTFLAGS: qmlir-quantize: error: --target-cpu, --target-triple, --target-features, --c-prefix and --c-header apply to -o model.o or model.so, not to '{{.*}}out.mlir'
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.o --target-cpu=pentium9 2>&1 | FileCheck %s --check-prefix=AOTCPU
// AOTCPU: qmlir-quantize: error: compiling {{.*}}out.o: unknown target CPU 'pentium9' for x86_64
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.o --c-prefix=my-model 2>&1 | FileCheck %s --check-prefix=AOTPREFIX
// AOTPREFIX: qmlir-quantize: error: compiling {{.*}}out.o: the C prefix 'my-model' is not a C identifier
// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/out.o --c-header=%t/no/such/dir/out.h 2>&1 | FileCheck %s --check-prefix=AOTHEADER
// AOTHEADER: qmlir-quantize: error: cannot write {{.*}}no/such/dir/out.h
// RUN: not ls %t/out.o
// RUN: not ls %t/out.h
// RUN: not ls %t/out.mlir
// RUN: not ls %t/out2.mlir
// RUN: not ls %t/s.json

/// qmlir-run's interpreter is not a timed or calibrating run.
// RUN: not qmlir-run %t/model.mlir --reference --time --input %t/x.npy 2>&1 | FileCheck %s --check-prefix=REFTIME
// REFTIME: qmlir-run: error: --reference runs the interpreter: it cannot be combined with --calibrate or --time

// RUN: not qmlir-quantize %t/model.mlir --calibration-data %t/x.npy -o %t/dev.mlir --histogram-bins 0 2>&1 | FileCheck %s --check-prefix=BINS0
// BINS0: qmlir-quantize: error: --histogram-bins must be in [2, 65536], got 0

// Devices are not read: a model or calibration data that is not a regular
// file is refused at once.
// RUN: not qmlir-quantize /dev/zero --calibration-data %t/x.npy -o %t/dev.mlir 2>&1 | FileCheck %s --check-prefix=DEVMODEL
// DEVMODEL: error: '/dev/zero' is not a regular file
// RUN: not qmlir-quantize %t/model.mlir --calibration-data /dev/zero -o %t/dev.mlir 2>&1 | FileCheck %s --check-prefix=DEVDATA
// DEVDATA: qmlir-quantize: error: /dev/zero: not a regular file
// RUN: not ls %t/dev.mlir

//--- model.mlir
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

//--- nchw.mlir
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %0 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

//--- overflow.mlir
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %c = "tosa.const"() <{values = dense<1.0e30> : tensor<1x4xf32>}> : () -> tensor<1x4xf32>
  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.mul %x, %c, %s : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1xi8>) -> tensor<1x4xf32>
  %1 = tosa.mul %0, %c, %s : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1xi8>) -> tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

//--- two-inputs.mlir
func.func @main(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = tosa.add %x, %y : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

//--- nothing.mlir
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = tosa.abs %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

