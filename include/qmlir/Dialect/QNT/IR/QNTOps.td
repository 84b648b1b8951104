//===- QNTOps.td - qnt dialect operations ------------------*- tablegen -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Operations of the `qnt` dialect. Each description states the op's integer
// semantics exactly; `qmlir/Quant/Numerics.h` implements the scalar reference
// of every formula used here.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECT_QNT_IR_QNTOPS_TD
#define QMLIR_DIALECT_QNT_IR_QNTOPS_TD

include "qmlir/Dialect/QNT/IR/QNTBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def QNT_CalibrationResource
    : Resource<"::qmlir::qnt::CalibrationResource">;

defvar QNT_RoundingDefault = DefaultValuedAttr<QNT_RoundingModeAttr,
    "::qmlir::qnt::RoundingMode::Single">;

//===----------------------------------------------------------------------===//
// Markers and conversions
//===----------------------------------------------------------------------===//

def QNT_CalibrateOp : QNT_Op<"calibrate", [
    AllTypesMatch<["input", "output"]>,
    MemoryEffects<[MemWrite<QNT_CalibrationResource>]>]> {
  let summary = "marks a float activation whose range is to be observed";
  let description = [{
    Returns its operand unchanged. The op marks a calibration point: when a
    model is compiled for a calibration run, each marker becomes a call into
    the statistics observers of the runtime, keyed by `id`. The id is a stable,
    readable name (normally the ONNX tensor name); it must not be empty.

    The marker writes to the calibration resource, so it is neither folded,
    hoisted nor erased by generic transformations.

    ```mlir
    %1 = qnt.calibrate %0 id "conv1.out" : tensor<1x56x56x64xf32>
    ```
  }];
  let arguments = (ins QNT_FloatTensor:$input, StrAttr:$id);
  let results = (outs QNT_FloatTensor:$output);
  let assemblyFormat = "$input `id` $id attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def QNT_QuantizeOp : QNT_Op<"quantize", [Pure, SameOperandsAndResultShape]> {
  let summary = "float tensor to quantized tensor";
  let description = [{
    For every element `x` of the input (with `c` its index along the
    quantized axis when the result type is per axis):

    ```
    q = sat_T(roundHalfEven(x / s_T[c]) + z_T[c])
    ```

    The division is done in the expressed float type (the scale is first
    rounded to it). Ties round to even. Values beyond the storage range
    saturate, so `+inf` gives `qmax` and `-inf` gives `qmin`; NaN gives the
    zero point. The expressed type of the result must equal the input's
    element type.

    ```mlir
    %q = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
    ```
  }];
  let arguments = (ins QNT_FloatTensor:$input);
  let results = (outs QNT_QuantizedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNT_DequantizeOp : QNT_Op<"dequantize",
    [Pure, SameOperandsAndResultShape]> {
  let summary = "quantized tensor to float tensor";
  let description = [{
    For every element `q` (with `c` its index along the quantized axis):

    ```
    x = s_T[c] * (q - z_T[c])
    ```

    computed in the expressed float type. `dequantize(quantize(x))` is real
    rounding and is never folded away; `quantize(dequantize(q))` to the same
    type is the identity and folds.
  }];
  let arguments = (ins QNT_QuantizedTensor:$input);
  let results = (outs QNT_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNT_RequantizeOp : QNT_Op<"requantize",
    [Pure, SameOperandsAndResultShape]> {
  let summary = "quantized tensor to another scale and zero point";
  let description = [{
    For every element `q` (with `c` its channel when either type is per
    axis; both per-axis types must use the same axis):

    ```
    (M, s) = quantizeMultiplier(s_in[c] / s_out[c])
    r = sat_out(applyScale(q - z_in[c], M, s, rounding) + z_out[c])
    ```

    The op folds away when both types are equal.
  }];
  let arguments = (ins QNT_QuantizedTensor:$input, QNT_RoundingDefault:$rounding);
  let results = (outs QNT_QuantizedTensor:$output);
  let assemblyFormat = [{
    $input (`rounding` `=` $rounding^)? attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Integer compute ops
//===----------------------------------------------------------------------===//

def QNT_Conv2DOp : QNT_Op<"conv2d", [Pure]> {
  let summary = "quantized 2-D convolution, NHWC";
  let description = [{
    Input `x: [N, IH, IW, IC]` (per tensor), weight `w: [OC, KH, KW, IC]`
    (per tensor or per axis on axis 0), optional bias `b: [OC]` with `i32`
    storage, zero point 0 and scale `s_x * s_w[oc]`, result
    `y: [N, OH, OW, OC]` (per tensor).
    `pad = [top, bottom, left, right]`, `stride = [sy, sx]`,
    `dilation = [dy, dx]`; `OH = (IH + top + bottom - (KH - 1) * dy - 1) / sy + 1`
    (floor), likewise `OW`.

    ```
    acc[n, oh, ow, oc] = b[oc] + sum over kh, kw, ic of
        (x[n, oh*sy - top + kh*dy, ow*sx - left + kw*dx, ic] - z_x)
      * (w[oc, kh, kw, ic] - z_w[oc])
    ```

    Positions outside the input contribute 0 (padding with the input zero
    point). `acc` is an int32 accumulator (two's complement wrap-around). Then

    ```
    (M, s) = quantizeMultiplier(s_x * s_w[oc] / s_y)
    y = sat_y(applyScale(acc, M, s, rounding) + z_y)
    ```

    and, when `clamp = [lo, hi]` is given (a fused activation, in the result's
    quantized domain), `y = min(max(y, lo), hi)`.

    The result has 4, 8 or 16-bit storage, or `i32`: with scale
    `s_x * s_w` and zero point 0 the multiplier is 1 and `y = acc` exactly,
    the form of ONNX `ConvInteger`.
  }];
  let arguments = (ins QNT_QuantizedTensor:$input, QNT_QuantizedTensor:$weight,
      Optional<QNT_QuantizedTensor>:$bias, DenseI64ArrayAttr:$pad,
      DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$dilation,
      OptionalAttr<DenseI64ArrayAttr>:$clamp, QNT_RoundingDefault:$rounding);
  let results = (outs QNT_QuantizedTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? `pad` `=` $pad `stride` `=` $stride
    `dilation` `=` $dilation (`clamp` `=` $clamp^)? (`rounding` `=` $rounding^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNT_DepthwiseConv2DOp : QNT_Op<"depthwise_conv2d", [Pure]> {
  let summary = "quantized depthwise 2-D convolution, NHWC";
  let description = [{
    Input `x: [N, IH, IW, C]` (per tensor), weight `w: [KH, KW, C, CM]`
    (TOSA layout, `CM` the channel multiplier; per tensor or per axis on
    axis 2), optional bias `b: [C * CM]` (`i32` storage, zero point 0, scale
    `s_x * s_w[oc / CM]`), result `y: [N, OH, OW, C * CM]` (per tensor).
    `pad`, `stride`, `dilation`, output sizes, `clamp` and `rounding` as for
    `qnt.conv2d`. With `oc = c * CM + m`:

    ```
    acc[n, oh, ow, oc] = b[oc] + sum over kh, kw of
        (x[n, oh*sy - top + kh*dy, ow*sx - left + kw*dx, c] - z_x)
      * (w[kh, kw, c, m] - z_w[c])
    (M, s) = quantizeMultiplier(s_x * s_w[c] / s_y)
    y = sat_y(applyScale(acc, M, s, rounding) + z_y)
    ```
  }];
  let arguments = (ins QNT_QuantizedTensor:$input, QNT_QuantizedTensor:$weight,
      Optional<QNT_QuantizedTensor>:$bias, DenseI64ArrayAttr:$pad,
      DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$dilation,
      OptionalAttr<DenseI64ArrayAttr>:$clamp, QNT_RoundingDefault:$rounding);
  let results = (outs QNT_QuantizedTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? `pad` `=` $pad `stride` `=` $stride
    `dilation` `=` $dilation (`clamp` `=` $clamp^)? (`rounding` `=` $rounding^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNT_MatmulOp : QNT_Op<"matmul", [Pure]> {
  let summary = "quantized matrix multiply / fully connected";
  let description = [{
    `a: [M, K]` or `[B, M, K]` (per tensor); `b: [K, N]` or `[B, K, N]` (per
    tensor or per axis on its last axis); a 2-D `b` is shared by every batch
    (fully connected). Optional bias `[N]` (`i32` storage, zero point 0, scale
    `s_a * s_b[j]`). Result `[M, N]` or `[B, M, N]` (per tensor).

    ```
    acc[.., i, j] = bias[j] + sum over k of (a[.., i, k] - z_a) * (b[.., k, j] - z_b[j])
    (M, s) = quantizeMultiplier(s_a * s_b[j] / s_y)
    y = sat_y(applyScale(acc, M, s, rounding) + z_y)
    ```

    with an int32 accumulator and the optional `clamp` as for `qnt.conv2d`.
    The result may have `i32` storage (with scale `s_a * s_b` and zero point
    0, `y = acc` exactly: ONNX `MatMulInteger`).
  }];
  let arguments = (ins QNT_QuantizedTensor:$lhs, QNT_QuantizedTensor:$rhs,
      Optional<QNT_QuantizedTensor>:$bias,
      OptionalAttr<DenseI64ArrayAttr>:$clamp, QNT_RoundingDefault:$rounding);
  let results = (outs QNT_QuantizedTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs (`,` $bias^)? (`clamp` `=` $clamp^)?
    (`rounding` `=` $rounding^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNT_AddOp : QNT_Op<"add", [Pure]> {
  let summary = "quantized element-wise addition with broadcasting";
  let description = [{
    Operands and result are per tensor and of equal rank; each operand
    dimension equals the result's or is 1 (broadcast). With `L = 20` when
    both operands have at most 8 storage bits and `L = 15` otherwise,
    `m = 2 * max(s_a, s_b)`:

    ```
    (Ma, sa) = quantizeMultiplier(s_a / m)
    (Mb, sb) = quantizeMultiplier(s_b / m)
    (Mo, so) = quantizeMultiplier(m / (2^L * s_y))
    a' = applyScale((a - z_a) * 2^L, Ma, sa, rounding)
    b' = applyScale((b - z_b) * 2^L, Mb, sb, rounding)
    y  = sat_y(applyScale(a' + b', Mo, so, rounding) + z_y)
    ```

    followed by the optional `clamp` (a fused activation).
  }];
  let arguments = (ins QNT_QuantizedTensor:$lhs, QNT_QuantizedTensor:$rhs,
      OptionalAttr<DenseI64ArrayAttr>:$clamp, QNT_RoundingDefault:$rounding);
  let results = (outs QNT_QuantizedTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs (`clamp` `=` $clamp^)? (`rounding` `=` $rounding^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNT_MulOp : QNT_Op<"mul", [Pure]> {
  let summary = "quantized element-wise multiplication with broadcasting";
  let description = [{
    Shapes as for `qnt.add`. The product is exact (int64):

    ```
    (M, s) = quantizeMultiplier(s_a * s_b / s_y)
    y = sat_y(applyScale((a - z_a) * (b - z_b), M, s, rounding) + z_y)
    ```

    followed by the optional `clamp`.
  }];
  let arguments = (ins QNT_QuantizedTensor:$lhs, QNT_QuantizedTensor:$rhs,
      OptionalAttr<DenseI64ArrayAttr>:$clamp, QNT_RoundingDefault:$rounding);
  let results = (outs QNT_QuantizedTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs (`clamp` `=` $clamp^)? (`rounding` `=` $rounding^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNT_TableOp : QNT_Op<"table", [Pure, SameOperandsAndResultShape]> {
  let summary = "element-wise function of an 8-bit tensor by table lookup";
  let description = [{
    For every element `q` of the 8-bit input (storage value), the result's
    storage value is

    ```
    r = table[q - m]
    ```

    with `m` = -128 for signed and 0 for unsigned storage: the table has
    one entry per storage value, 256 in all, each within the result's
    storage range. A table of 256 x C entries holds one such table per
    channel `c` of the last axis (size C), and `r = table[256 * c + q - m]`.
    `qnt-fuse` builds it from a chain of float element-wise ops of one
    dequantized 8-bit value (hard-swish, sigmoid, exp, an affine map by
    constants, per channel for a batch normalization or PReLU): each entry
    is the chain evaluated on one input value and quantized once with the
    result's parameters.

    ```mlir
    %y = qnt.table %x table = [0, 0, ..., 255]
        : tensor<1x8x!quant.uniform<u8:f32, 0.1:128>>
        -> tensor<1x8x!quant.uniform<u8:f32, 0.05:10>>
    ```
  }];
  let arguments = (ins QNT_QuantizedTensor:$input, DenseI32ArrayAttr:$table);
  let results = (outs QNT_QuantizedTensor:$output);
  let assemblyFormat = [{
    $input `table` `=` $table attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def QNT_MaxPool2DOp : QNT_Op<"max_pool2d", [Pure]> {
  let summary = "quantized 2-D max pooling, NHWC";
  let description = [{
    `x: [N, IH, IW, C]` to `y: [N, OH, OW, C]` of the same quantized type
    (max is order-preserving, so no rescale). `kernel = [KH, KW]`,
    `stride = [sy, sx]`, `pad = [top, bottom, left, right]` with each pad
    smaller than the kernel along its axis;
    `OH = (IH + top + bottom - KH) / sy + 1` (floor), likewise `OW`.
    `y` is the maximum of the input elements inside the window; padded
    positions are ignored.
  }];
  let arguments = (ins QNT_QuantizedTensor:$input, DenseI64ArrayAttr:$kernel,
      DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$pad);
  let results = (outs QNT_QuantizedTensor:$output);
  let assemblyFormat = [{
    $input `kernel` `=` $kernel `stride` `=` $stride `pad` `=` $pad
    attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def QNT_AvgPool2DOp : QNT_Op<"avg_pool2d", [Pure]> {
  let summary = "quantized 2-D average pooling, NHWC";
  let description = [{
    Shapes, `kernel`, `stride` and `pad` as for `qnt.max_pool2d`; the result
    may have other quantization parameters than the input. For each output
    position let `n` be the number of window positions inside the input, or
    `KH * KW` when `count_include_pad` is set:

    ```
    acc = sum over the window positions inside the input of (x - z_x)
    (M, s) = quantizeMultiplier(s_x / (s_y * n))
    y = sat_y(applyScale(acc, M, s, rounding) + z_y)
    ```
  }];
  let arguments = (ins QNT_QuantizedTensor:$input, DenseI64ArrayAttr:$kernel,
      DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$pad,
      UnitAttr:$count_include_pad, QNT_RoundingDefault:$rounding);
  let results = (outs QNT_QuantizedTensor:$output);
  let assemblyFormat = [{
    $input `kernel` `=` $kernel `stride` `=` $stride `pad` `=` $pad
    (`count_include_pad` $count_include_pad^)? (`rounding` `=` $rounding^)?
    attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def QNT_ConcatOp : QNT_Op<"concat", [Pure]> {
  let summary = "quantized concatenation along an axis";
  let description = [{
    Operands and result are per tensor and of equal rank; all dimensions but
    `axis` agree and the result's `axis` dimension is the sum of the
    operands'. An operand whose type equals the result type is copied; any
    other operand `x_i` is rescaled with single rounding:

    ```
    (M, s) = quantizeMultiplier(s_i / s_y)
    y = sat_y(applyScale(x_i - z_i, M, s, single) + z_y)
    ```
  }];
  let arguments = (ins Variadic<QNT_QuantizedTensor>:$inputs, I64Attr:$axis);
  let results = (outs QNT_QuantizedTensor:$output);
  let assemblyFormat = [{
    $inputs `axis` `=` $axis attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
}

#endif // QMLIR_DIALECT_QNT_IR_QNTOPS_TD
