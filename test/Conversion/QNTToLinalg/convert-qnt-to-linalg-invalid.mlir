// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --convert-qnt-to-linalg

!x = !quant.uniform<u8:f32, 0.1:3>

func.func @dynamic(%x: tensor<?x4x4x1x!x>) -> tensor<?x2x2x1x!x> {
  // expected-error@+1 {{cannot lower to linalg: dynamic shapes}}
  %0 = qnt.max_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<?x4x4x1x!x> -> tensor<?x2x2x1x!x>
  return %0 : tensor<?x2x2x1x!x>
}

// -----

func.func @dynamic_float_weights(%x: tensor<1x3x2xf32>, %w: tensor<1x2x2xf32>) -> tensor<1x3x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error@+1 {{dynamic quantization needs a conv2d or matmul with float, statically shaped operands and dequantized constant weights}}
  %y = tosa.matmul %x, %w, %zp, %zp {qnt.dynamic} : (tensor<1x3x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2xf32>
  return %y : tensor<1x3x2xf32>
}

// -----

func.func @dynamic_batched(%x: tensor<2x3x2xf32>) -> tensor<2x3x2xf32> {
  %q = arith.constant dense<1> : tensor<2x2x2xi8>
  %s = quant.scast %q : tensor<2x2x2xi8> to tensor<2x2x2x!quant.uniform<i8<-127:127>:f32, 0.5>>
  %w = qnt.dequantize %s : tensor<2x2x2x!quant.uniform<i8<-127:127>:f32, 0.5>> -> tensor<2x2x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error@+1 {{dynamic quantization of a batched matmul (weights of batch 2) is not supported}}
  %y = tosa.matmul %x, %w, %zp, %zp {qnt.dynamic} : (tensor<2x3x2xf32>, tensor<2x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x2xf32>
  return %y : tensor<2x3x2xf32>
}

