// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as n; n.save('%t/a.npy', n.array([200, 255, 3, 0], n.uint8)); n.save('%t/b.npy', n.array([100, 2, 5, 1], n.uint8))"
// RUN: qmlir-opt %s --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa))" -o %t/model.mlir
// RUN: qmlir-run %t/model.mlir --input a=%t/a.npy --input b=%t/b.npy --output-dir %t/out
// RUN: %python -c "import numpy as n; a = n.load('%t/a.npy'); b = n.load('%t/b.npy'); assert (n.load('%t/out/sum.npy') == a + b).all() and (n.load('%t/out/diff.npy') == a - b).all() and (n.load('%t/out/prod.npy') == a * b).all(), 'differs'"

/// ONNX Add, Sub and Mul of uint8 tensors wrap around modulo 256 as NumPy
/// and ONNX Runtime compute them (200 + 100 = 44, 0 - 1 = 255,
/// 255 * 2 = 254): computed on i32 values and truncated.

func.func @main(%a: tensor<4xui8> {qmlir.name = "a"}, %b: tensor<4xui8> {qmlir.name = "b"}) -> (tensor<4xui8> {qmlir.name = "sum"}, tensor<4xui8> {qmlir.name = "diff"}, tensor<4xui8> {qmlir.name = "prod"}) {
  %0 = onnx.node "Add"(%a, %b) {node_attributes = {}, opset = 14 : i64} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = onnx.node "Sub"(%a, %b) {node_attributes = {}, opset = 14 : i64} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %2 = onnx.node "Mul"(%a, %b) {node_attributes = {}, opset = 14 : i64} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2 : tensor<4xui8>, tensor<4xui8>, tensor<4xui8>
}
