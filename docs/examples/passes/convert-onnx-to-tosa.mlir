func.func @unary(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.node "Relu"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = onnx.node "Sigmoid"(%0) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = onnx.node "Tanh"(%1) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = onnx.node "Exp"(%2) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = onnx.node "Log"(%3) {node_attributes = {}, opset = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %4 : tensor<2x3xf32>
}
