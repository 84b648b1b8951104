// RUN: rm -rf %t && mkdir -p %t && %python %S/make-stats.py %t/stats.json a:-1:1:4 empty:0:0:0
// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --qnt-quantize="stats=%t/stats.json"
// RUN: not qmlir-opt %s --qnt-quantize="stats=%t/stats.json method=kl" 2>&1 | FileCheck %s --check-prefix=METHOD
// RUN: not qmlir-opt %s --qnt-quantize="stats=%t/stats.json method-for=a=kl" 2>&1 | FileCheck %s --check-prefix=METHODFOR
// RUN: not qmlir-opt %s --qnt-quantize="stats=%t/stats.json activations=u4" 2>&1 | FileCheck %s --check-prefix=ACT
// RUN: not qmlir-opt %s --qnt-quantize="stats=%t/stats.json weights=per-row" 2>&1 | FileCheck %s --check-prefix=WEIGHTS
// RUN: not qmlir-opt %s --qnt-quantize="stats=%t/stats.json weight-bits=3" 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: not qmlir-opt %s --qnt-quantize="stats=%t/missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not qmlir-opt %s --split-input-file --qnt-quantize 2>&1 | FileCheck %s --check-prefix=NOSTATS
// RUN: not qmlir-opt %s --qnt-quantize="stats=%t/stats.json keep-float=[" 2>&1 | FileCheck %s --check-prefix=GLOB
// RUN: not qmlir-opt %s --qnt-quantize="stats=%t/stats.json float-layers=[" 2>&1 | FileCheck %s --check-prefix=FLOATGLOB
// RUN: not qmlir-opt %s --qnt-quantize="stats=%t/stats.json activations-for=a=u4" 2>&1 | FileCheck %s --check-prefix=ACTFOR
// RUN: not qmlir-opt %s --qnt-quantize="stats=%t/stats.json mode=runtime" 2>&1 | FileCheck %s --check-prefix=QMODE
// RUN: not qmlir-opt %s --qnt-quantize="stats=%t/stats.json activations-for=[=s16" 2>&1 | FileCheck %s --check-prefix=ACTFORGLOB

// METHOD: for the --method option: Cannot find option named 'kl'!
// METHODFOR: qnt-quantize: method-for 'a=kl': unknown range method 'kl'
// ACT: for the --activations option: Cannot find option named 'u4'!
// WEIGHTS: for the --weights option: Cannot find option named 'per-row'!
// BITS: qnt-quantize: weight-bits 3 is not 8, 7 or 4
// MISSING: qnt-quantize: {{.*}}missing.json: cannot read: No such file or directory
// NOSTATS: qnt-quantize: calibration marker 'b' needs statistics; give stats=FILE
// GLOB: qnt-quantize: keep-float '[': invalid glob pattern
// FLOATGLOB: qnt-quantize: float-layers '[': invalid glob pattern
// ACTFOR: qnt-quantize: activations-for 'a=u4': expected PATTERN=u8|s8|s16
// QMODE: for the --mode option: Cannot find option named 'runtime'!
// ACTFORGLOB: qnt-quantize: activations-for '[=s16': invalid glob pattern

func.func @unknown_id(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{qnt-quantize: calibration id 'b' has no statistics in}}
  %0 = qnt.calibrate %x id "b" : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @no_finite_value(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{qnt-quantize: calibration id 'empty': no finite value was observed}}
  %0 = qnt.calibrate %x id "empty" : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Weights that all quantize to zero (here all zero: an untrained layer)
// leave a layer whose output ignores its input: a warning.
func.func @zero_weights(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = qnt.calibrate %x id "a" : tensor<1x4x4x2xf32>
  %w = "tosa.const"() <{values = dense<0.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-warning@+1 {{qnt-quantize: all 4 weights quantize to zero (largest |w| = 0.000000e+00): the layer's output no longer depends on its input}}
  %1 = tosa.conv2d %0, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// Weights far below the smallest scale (|w| ~ 1e-45, subnormal) also all
// quantize to zero.
func.func @tiny_weights(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = qnt.calibrate %x id "a" : tensor<1x4x4x2xf32>
  %w = "tosa.const"() <{values = dense<1.0e-45> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-warning@+1 {{qnt-quantize: all 4 weights quantize to zero (largest |w| = 1.401298e-45)}}
  %1 = tosa.conv2d %0, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}
