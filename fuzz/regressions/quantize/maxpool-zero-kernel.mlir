
func.func @maxpool_indces(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) {
  %0:2 = onnx.node "MaxPool"(%x) {node_attributes = {kernel_shape = array<i64: 0, 2>, strides = array<i64: 2, 2>}, opset = 12 : i64} : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>)
  return %0#0, %0#1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>
}
