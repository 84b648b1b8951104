// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --qmlir-verify-float-graph

func.func @qdq(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'qnt.quantize' is a quantized op: quantized ops are not supported by the codegen pipeline, which compiles float graphs}}
  %0 = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1:3>>
  // expected-error@+1 {{'qnt.dequantize' is a quantized op}}
  %1 = qnt.dequantize %0 : tensor<4x!quant.uniform<u8:f32, 0.1:3>> -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

func.func @quantized_values(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error@+1 {{'quant.scast' is a quantized op}}
  %0 = quant.scast %x : tensor<4xi8> to tensor<4x!quant.uniform<i8:f32, 0.1>>
  // expected-error@+1 {{'tosa.transpose' is a quantized op}}
  %1 = tosa.transpose %0 {perms = array<i32: 0>} : (tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  // expected-error@+1 {{'quant.scast' is a quantized op}}
  %2 = quant.scast %1 : tensor<4x!quant.uniform<i8:f32, 0.1>> to tensor<4xi8>
  return %2 : tensor<4xi8>
}

// -----

func.func @onnx_left(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'onnx.node' was not converted; the codegen pipeline compiles TOSA, not ONNX nodes}}
  %0 = onnx.node "Relu"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
