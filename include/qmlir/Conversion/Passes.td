//===- Passes.td - qmlir conversion passes -----------------*- tablegen -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_CONVERSION_PASSES_TD
#define QMLIR_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertONNXToTOSA : Pass<"convert-onnx-to-tosa", "::mlir::func::FuncOp"> {
  let summary = "Convert imported ONNX nodes to float TOSA";
  let description = [{
    Rewrites every `onnx.node` with the handler registered for its op type
    and opset (the handler with the highest `since` version not above the
    node's opset). ONNX's NCHW convolutions and pools become TOSA's NHWC ops
    between transposes; `tosa-reduce-transposes` then removes the pairs that
    cancel. A node without a handler, or with an attribute value a handler
    does not support, is an error naming the op type, node name, opset and
    the attribute. Shapes must be static.

    Half-precision (f16, bf16) tensors inside the graph are computed and
    stored in f32, as ONNX Runtime runs such models on CPUs without
    half-precision arithmetic: f16 constants widen exactly, node results
    become f32 and a Cast to f16 is the identity; an f16 argument or result
    of the function keeps its type, converted at the entry and before the
    return.

    Quantized ops (QuantizeLinear, DequantizeLinear, QLinearConv,
    QLinearMatMul, ConvInteger, MatMulInteger) become `qnt` ops whose
    `!quant.uniform` types carry the model's scales and zero points exactly;
    between nodes quantized tensors keep ONNX's storage types through
    `quant.scast` (and `tensor.bitcast` for unsigned storage), which
    canonicalization folds away.

    ```mlir
    %0 = onnx.node "Relu"(%x) {node_attributes = {}, opset = 13 : i64} : (tensor<1x4xf32>) -> tensor<1x4xf32>
    // becomes
    %0 = tosa.clamp %x {max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::quant::QuantDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::tosa::TosaDialect",
    "::qmlir::qnt::QNTDialect",
  ];
}

def ConvertQNTToLinalg : Pass<"convert-qnt-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower qnt ops to linalg on storage integers (int8 linalg)";
  let description = [{
    Executes the annotated graph (DESIGN.md level 2) as the float model with
    its quantization simulated exactly: every `qnt.quantize` becomes a
    `linalg.generic` computing, per element (`c` the channel of per-axis
    types), `sat(roundHalfEven(x / s[c]) + z[c])` in f32 with NaN giving the
    zero point, stored in the signless integers of the storage width; every
    `qnt.dequantize` one computing `s[c] * (q - z[c])` in f32. The results
    are bit-identical to the numerics library's `quantize`/`dequantize`.
    Values of `!quant` types then take their storage types (signless), so
    `quant.scast` ops become identities and go, and structural ops on
    quantized tensors (transposes, reshapes of imported QLinear models) carry
    the integers unchanged.

    Integer ops become int8 linalg on tensors: conv2d, depthwise_conv2d and
    matmul with constant weights as pure integer dot products
    (`linalg.conv_2d_nhwc_hwcf`, `linalg.depthwise_conv_2d_nhwc_hwcm`,
    `linalg.matmul` of i8 into i32; u8 activations moved to s8 by flipping
    the top bit; the zero-point correction folded with the bias into one
    int32 constant per channel), non-constant weights in an exact i32 form;
    the requantization, add, mul, pools, concat and (per-tensor or per-axis)
    requantize as `linalg.generic`s of the numerics library's fixed-point
    arithmetic, bit for bit. Errors: dynamic shapes, 16-bit `qnt.mul`.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // QMLIR_CONVERSION_PASSES_TD
