// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --qnt-lower-calibration

func.func @duplicate(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-remark@+1 {{first used here}}
  %0 = qnt.calibrate %x id "a" : tensor<4xf32>
  // expected-error@+1 {{calibration id 'a' is used by more than one marker}}
  %1 = qnt.calibrate %0 id "a" : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

func.func @f16(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error@+1 {{calibration marker 'h' observes 'tensor<4xf16>'; only f32 tensors can be observed}}
  %0 = qnt.calibrate %x id "h" : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// expected-error@+1 {{@qmlir_rt_calibration_observe exists with the type '(i64) -> ()', expected '(i64, i64, memref<*xf32>) -> ()'}}
func.func private @qmlir_rt_calibration_observe(i64)
func.func @clash(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnt.calibrate %x id "c" : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error@+1 {{@__qmlir_calibration_recorder must be a variable memref<i64>}}
memref.global constant @__qmlir_calibration_recorder : memref<i64> = dense<0>
func.func @constant_recorder(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnt.calibrate %x id "c" : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error@+1 {{the symbol @__qmlir_calibration_recorder is taken by another op}}
func.func private @__qmlir_calibration_recorder()
func.func @taken(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnt.calibrate %x id "c" : tensor<4xf32>
  return %0 : tensor<4xf32>
}
