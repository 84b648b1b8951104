// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --qmlir-verify-int8-linalg

func.func @tosa_left(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error@+1 {{'tosa.abs' is not allowed at the int8 linalg level (only linalg, tensor, arith, math and func ops are)}}
  %0 = tosa.abs %x : (tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @quant_left(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>> {
  // expected-error@+1 {{'func.return' has a value of a '!quant' type at the int8 linalg level}}
  return %x : tensor<4x!quant.uniform<i8:f32, 0.1>>
}
