// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/make-models.py conv_relu %t/conv_relu.onnx
// RUN: qmlir-translate --import-onnx %t/conv_relu.onnx | FileCheck %s --check-prefix=CONV
// RUN: %python %S/make-models.py constants %t/constants.onnx
// RUN: qmlir-translate --import-onnx %t/constants.onnx | FileCheck %s --check-prefix=CONST
// RUN: %python %S/make-models.py old_opset %t/old_opset.onnx
// RUN: qmlir-translate --import-onnx %t/old_opset.onnx | FileCheck %s --check-prefix=OLD
// RUN: %python %S/make-models.py optional_input %t/optional_input.onnx
// RUN: qmlir-translate --import-onnx %t/optional_input.onnx | FileCheck %s --check-prefix=OPTIONAL
// RUN: %python %S/make-models.py attributes %t/attributes.onnx
// RUN: qmlir-translate --import-onnx %t/attributes.onnx | FileCheck %s --check-prefix=ATTRS
// RUN: %python %S/make-models.py external %t/external.onnx
// RUN: qmlir-translate --import-onnx %t/external.onnx | FileCheck %s --check-prefix=CONV
// RUN: qmlir-translate --import-onnx %t/conv_relu.onnx --onnx-dim N=2 | FileCheck %s --check-prefix=DIMS
/// An opset newer than the ONNX library's is imported, saying what it assumes.
// RUN: %python %S/make-models.py opset_future %t/opset_future.onnx
// RUN: qmlir-translate --import-onnx %t/opset_future.onnx -o %t/future.mlir 2>&1 | FileCheck %s --check-prefix=FUTURE
// FUTURE: warning: the model imports ONNX opset 99, newer than the newest this importer's ONNX library knows ({{[0-9]+}}); each op is converted by its newest known definition, assuming it did not change since
// RUN: qmlir-translate --import-onnx %t/conv_relu.onnx -o %t/current.mlir 2>&1 | count 0
/// Nodes out of topological order are sorted (as ONNX Runtime accepts them).
// RUN: %python %S/make-models.py unsorted_nodes %t/unsorted.onnx
// RUN: qmlir-translate --import-onnx %t/unsorted.onnx | FileCheck %s --check-prefix=CONV
/// The output parses back and verifies.
// RUN: qmlir-translate --import-onnx %t/attributes.onnx | qmlir-opt > /dev/null
// RUN: %python %S/make-models.py qdq_conv %t/qdq_conv.onnx
// RUN: qmlir-translate --import-onnx %t/qdq_conv.onnx | qmlir-opt --pass-pipeline="builtin.module(func.func(convert-onnx-to-tosa),canonicalize)" | FileCheck %s --check-prefix=QDQ

/// Initializers become constants; nodes keep op type, opset, name and
/// attributes; graph input/output names (any characters) are kept; a
/// symbolic batch dimension is dynamic. The external-data variant of the
/// same model imports identically.
// CONV-LABEL: func.func @main(%arg0: tensor<?x3x8x8xf32> {qmlir.name = "input:0"}) -> (tensor<?x4x8x8xf32> {qmlir.name = "output/prob"})
// CONV-DAG: %[[W:.*]] = arith.constant dense<"0x000000000AD7233C{{.*}}> : tensor<4x3x3x3xf32>
// CONV-DAG: %[[B:.*]] = arith.constant dense<[5.000000e-01, -5.000000e-01, 1.000000e+00, 0.000000e+00]> : tensor<4xf32>
// CONV: %[[C:.*]] = onnx.node "Conv"(%arg0, %[[W]], %[[B]]) {name = "conv1", node_attributes = {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}, opset = 13 : i64, output_names = ["c"]} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<?x4x8x8xf32>
// CONV: %[[R:.*]] = onnx.node "Relu"(%[[C]]) {name = "relu1", node_attributes = {}, opset = 13 : i64, output_names = ["output/prob"]}
// CONV: return %[[R]]

/// Constant nodes (tensor, float and ints forms) become constants too.
// CONST-LABEL: func.func @main
// CONST-DAG: %[[W:.*]] = arith.constant dense<2.500000e-01> : tensor<2x3xf32>
// CONST-DAG: %[[S:.*]] = arith.constant dense<2.000000e+00> : tensor<f32>
// CONST-DAG: %[[SHAPE:.*]] = arith.constant dense<[3, 2]> : tensor<2xi64>
// CONST: onnx.node "MatMul"(%arg0, %[[W]])
// CONST: onnx.node "Mul"(%{{.*}}, %[[S]])
// CONST: onnx.node "Reshape"(%{{.*}}, %[[SHAPE]]) {{.*}} -> tensor<3x2xf32>

/// Opset 9 lists initializers among the graph inputs: they are constants,
/// not arguments. Clip's bounds are attributes at this opset.
// OLD-LABEL: func.func @main(%arg0: tensor<1x4xf32> {qmlir.name = "x"}) -> (tensor<1x4xf32> {qmlir.name = "y"})
// OLD: onnx.node "Clip"(%{{.*}}) {name = "clip", node_attributes = {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32}, opset = 9 : i64, output_names = ["y"]}

/// An omitted optional input is an onnx.none value.
// OPTIONAL: %[[NONE:.*]] = onnx.none
// OPTIONAL: onnx.node "Clip"(%arg0, %[[NONE]], %{{.*}}) {{.*}} : (tensor<2x3xf32>, none, tensor<f32>) -> tensor<2x3xf32>

/// Attribute kinds and element types; several outputs.
// ATTRS-LABEL: func.func @main
// ATTRS-SAME: tensor<3xui8> {qmlir.name = "u8.out"}, tensor<2xi1> {qmlir.name = "flags.out"}, tensor<2xf16> {qmlir.name = "half.out"}
// ATTRS-DAG: arith.constant dense<[0, 128, 255]> : tensor<3xui8>
// ATTRS-DAG: arith.constant dense<[true, false]> : tensor<2xi1>
// ATTRS-DAG: arith.constant dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf16>
// ATTRS: onnx.node "LeakyRelu"{{.*}}node_attributes = {alpha = 1.250000e-01 : f32}
// ATTRS: onnx.node "Flatten"{{.*}}node_attributes = {axis = 1 : i64}
// ATTRS: onnx.node "Pad"{{.*}}node_attributes = {mode = "reflect"}
// ATTRS: onnx.node "MaxPool"{{.*}}node_attributes = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}
// ATTRS: onnx.node "ConstantOfShape"{{.*}}node_attributes = {value = dense<7.500000e+00> : tensor<1xf32>}{{.*}} -> tensor<2x3xf32>

/// A symbolic dimension pinned with --onnx-dim propagates through shape
/// inference.
// DIMS: func.func @main(%arg0: tensor<2x3x8x8xf32> {qmlir.name = "input:0"}) -> (tensor<2x4x8x8xf32> {qmlir.name = "output/prob"})
// DIMS: onnx.node "Relu"{{.*}} -> tensor<2x4x8x8xf32>

/// A QDQ model keeps its parameters exactly: activations u8 per tensor,
/// weights s8 per output channel, the bias i32 per channel.
// QDQ: %[[Q:.*]] = qnt.quantize %arg0 : tensor<1x3x4x4xf32> -> tensor<1x3x4x4x!quant.uniform<u8:f32, 0.019999999552965164:128>>
// QDQ: qnt.dequantize %[[Q]]
// QDQ: %[[W:.*]] = quant.scast %{{.*}} : tensor<2x3x3x3xi8> to tensor<2x3x3x3x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>>
// QDQ: qnt.dequantize %[[W]]
// QDQ: %[[B:.*]] = quant.scast %{{.*}} : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {0.0099999997764825821,0.004999999888241291}>>
// QDQ: qnt.dequantize %[[B]]
// QDQ: tosa.conv2d
