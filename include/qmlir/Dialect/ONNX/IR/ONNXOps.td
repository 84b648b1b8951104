//===- ONNXOps.td - onnx dialect: ONNX nodes as imported ---*- tablegen -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The `onnx` dialect holds an ONNX graph exactly as imported: one generic
// `onnx.node` per ONNX node, keeping its op type, domain, opset version and
// attributes. Op semantics live in the conversion to TOSA, whose handlers
// are keyed by (op type, opset).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECT_ONNX_IR_ONNXOPS_TD
#define QMLIR_DIALECT_ONNX_IR_ONNXOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def ONNX_Dialect : Dialect {
  let name = "onnx";
  let cppNamespace = "::qmlir::onnxir";
  let summary = "ONNX nodes as imported, before conversion to TOSA";
  let description = [{
    `qmlir-translate --import-onnx` produces a `func.func @main` whose body is
    `onnx.node` ops in the graph's (topological) order, constants for
    initializers and `Constant` nodes, and `onnx.none` for omitted optional
    inputs. Every value has the type ONNX shape inference gave it.
  }];
}

class ONNX_Op<string mnemonic, list<Trait> traits = []> :
    Op<ONNX_Dialect, mnemonic, traits>;

def ONNX_NodeOp : ONNX_Op<"node"> {
  let summary = "one ONNX node";
  let description = [{
    An ONNX node: `op_type` in `domain` ("" is the default ONNX domain) at the
    model's `opset` version for that domain, with the node's attributes in
    `attributes`, its name (if any) in `name` and the names of its output
    tensors (if known) in `output_names`. Operands are the node's inputs in
    order (an omitted optional input is an `onnx.none` value); results are
    its outputs. The conversion to TOSA names the ops it creates after the
    output tensors (`NameLoc`), so later passes can refer to activations by
    their ONNX names.

    Attribute kinds map as: FLOAT to f32, INT to i64, STRING to a string,
    FLOATS to `array<f32: ...>`, INTS to `array<i64: ...>`, STRINGS to an
    array of strings, TENSOR to a dense elements attribute.

    ```mlir
    %y = onnx.node "Conv"(%x, %w, %b) {opset = 13 : i64, name = "conv1",
        node_attributes = {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}}
        : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$inputs, StrAttr:$op_type,
      DefaultValuedStrAttr<StrAttr, "">:$domain, I64Attr:$opset,
      DictionaryAttr:$node_attributes, OptionalAttr<StrAttr>:$name,
      OptionalAttr<StrArrayAttr>:$output_names);
  let results = (outs Variadic<AnyType>:$outputs);
  let assemblyFormat = [{
    $op_type `(` $inputs `)` attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
}

def ONNX_NoneOp : ONNX_Op<"none", [Pure]> {
  let summary = "an omitted optional input";
  let results = (outs NoneType:$result);
  let assemblyFormat = "attr-dict";
}

#endif // QMLIR_DIALECT_ONNX_IR_ONNXOPS_TD
