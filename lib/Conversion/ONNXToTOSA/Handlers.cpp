//===- Handlers.cpp - ONNX op handlers for the conversion to TOSA ---------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// One handler per (op type, since version), registered alphabetically in
// populateONNXToTOSAHandlers. A handler builds TOSA ops producing the node's
// result types (known from ONNX shape inference) or emits an error naming
// the node and what is unsupported. Float tensors only for now.
//
//===----------------------------------------------------------------------===//

#include "HandlerUtils.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/BuiltinAttributes.h"

#include <limits>

using namespace mlir;
using namespace qmlir;
using onnxir::NodeOp;
using namespace qmlir::onnx_to_tosa;

namespace {

//===----------------------------------------------------------------------===//
// Element-wise
//===----------------------------------------------------------------------===//

template <typename TosaOp> ONNXHandler unary() {
  return [](NodeOp node, ImplicitLocOpBuilder &b) -> FailureOr<Values> {
    if (failed(requireF32(node)))
      return failure();
    return Values{TosaOp::create(b, resultType(node), input(node, 0))};
  };
}

FailureOr<Values> identity(NodeOp node, ImplicitLocOpBuilder &) {
  return withUnproducedOutputs(node, input(node, 0));
}

/// Dropout at inference is the identity, and its optional mask all true;
/// from opset 12 a training_mode input that is not the constant false makes
/// it random (unless the ratio is the constant 0).
FailureOr<Values> dropout(NodeOp node, ImplicitLocOpBuilder &b) {
  if (Value training = input(node, 2)) {
    DenseElementsAttr flag, ratio;
    // Training with a ratio of 0 drops nothing: still the identity.
    bool zeroRatio = input(node, 1) &&
                     matchPattern(input(node, 1), m_Constant(&ratio)) &&
                     (*ratio.getValues<APFloat>().begin()).isZero();
    if (!matchPattern(training, m_Constant(&flag)) ||
        (*flag.getValues<bool>().begin() && !zeroRatio))
      return fail(node) << "training mode is not supported";
  }
  Values results = withUnproducedOutputs(node, input(node, 0));
  if (node.getNumResults() > 1) {
    RankedTensorType maskType = resultType(node, 1);
    if (!maskType.getElementType().isInteger(1))
      return fail(node) << "a mask of type " << maskType << " is not supported";
    results[1] = tosa::ConstOp::create(b, maskType,
                                       DenseElementsAttr::get(maskType, true));
  }
  return results;
}

FailureOr<Values> relu(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  return Values{tosa::ClampOp::create(
      b, resultType(node), input(node, 0), b.getF32FloatAttr(0.0f),
      b.getF32FloatAttr(std::numeric_limits<float>::max()))};
}

/// Clip with bounds as attributes (before opset 11) or as optional inputs
/// (from opset 11): constant bounds fold into tosa.clamp; others become
/// tosa.maximum / tosa.minimum.
/// Clip of a signless integer tensor (int8, int16, int32; opset 12 on) by
/// constant bounds: one integer clamp.
FailureOr<Values> integerClip(NodeOp node, ImplicitLocOpBuilder &b,
                              IntegerType integer) {
  APInt lo = APInt::getSignedMinValue(integer.getWidth());
  APInt hi = APInt::getSignedMaxValue(integer.getWidth());
  for (auto [i, bound] : llvm::enumerate(SmallVector<APInt *>{&lo, &hi})) {
    Value value = input(node, i + 1);
    if (!value)
      continue;
    DenseIntElementsAttr dense;
    if (!matchPattern(value, m_Constant(&dense)) || dense.getNumElements() != 1)
      return fail(node) << "a run-time bound of an integer tensor is not "
                           "supported (it must be a constant)";
    *bound = *dense.begin();
  }
  Type element = integer;
  return Values{tosa::ClampOp::create(b, resultType(node), input(node, 0),
                                      b.getIntegerAttr(element, lo),
                                      b.getIntegerAttr(element, hi))};
}

FailureOr<Values> clip(NodeOp node, ImplicitLocOpBuilder &b) {
  auto integer =
      dyn_cast<IntegerType>(getElementTypeOrSelf(input(node, 0).getType()));
  if (integer && integer.isSignless() && integer.getWidth() >= 8 &&
      integer.getWidth() <= 32 && node.getOpset() >= 12)
    return integerClip(node, b, integer);
  if (failed(requireF32(node)))
    return failure();
  float lo = -std::numeric_limits<float>::max();
  float hi = std::numeric_limits<float>::max();
  Value x = input(node, 0);
  RankedTensorType type = resultType(node);
  if (node.getOpset() < 11) {
    lo = floatAttr(node, "min", lo);
    hi = floatAttr(node, "max", hi);
    return Values{tosa::ClampOp::create(b, type, x, b.getF32FloatAttr(lo),
                                        b.getF32FloatAttr(hi))};
  }
  for (auto [i, bound] : llvm::enumerate(SmallVector<float *>{&lo, &hi})) {
    Value value = input(node, i + 1);
    if (!value)
      continue;
    DenseElementsAttr dense;
    if (matchPattern(value, m_Constant(&dense))) {
      *bound = (*dense.getValues<APFloat>().begin()).convertToFloat();
      continue;
    }
    // A run-time bound: broadcast it and take the maximum or minimum.
    Value operand = x;
    if (failed(tosa::EqualizeRanks(b, operand, value)))
      return fail(node) << "bound cannot be broadcast";
    x = i == 0 ? Value(tosa::MaximumOp::create(b, type, operand, value))
               : Value(tosa::MinimumOp::create(b, type, operand, value));
  }
  return Values{tosa::ClampOp::create(b, type, x, b.getF32FloatAttr(lo),
                                      b.getF32FloatAttr(hi))};
}

/// An 8- or 16-bit integer tensor (signless or unsigned) as i32 values.
Value integerToI32(ImplicitLocOpBuilder &b, Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  auto integer = cast<IntegerType>(type.getElementType());
  auto signlessType = type.clone(b.getIntegerType(integer.getWidth()));
  if (!integer.isSignless())
    x = tensor::BitcastOp::create(b, signlessType, x);
  auto i32Type = type.clone(b.getI32Type());
  x = tosa::CastOp::create(b, i32Type, x);
  if (integer.isUnsigned()) {
    auto maskType = RankedTensorType::get(
        SmallVector<int64_t>(type.getRank(), 1), b.getI32Type());
    Value mask = tosa::ConstOp::create(
        b, maskType,
        DenseElementsAttr::get(
            maskType, b.getI32IntegerAttr((1 << integer.getWidth()) - 1)));
    x = tosa::BitwiseAndOp::create(b, i32Type, x, mask);
  }
  return x;
}

/// `handler` for f32 tensors; for 8- and 16-bit integer tensors (ONNX's
/// uint8 Add, ...), `IntOp` on i32 values wrapped to the result's width, as
/// ONNX Runtime and NumPy compute them.
template <typename IntOp> ONNXHandler orInteger(ONNXHandler handler) {
  return [handler](NodeOp node, ImplicitLocOpBuilder &b) -> FailureOr<Values> {
    auto integer =
        dyn_cast<IntegerType>(getElementTypeOrSelf(input(node, 0).getType()));
    if (!integer || integer.getWidth() > 16 || !input(node, 1) ||
        getElementTypeOrSelf(input(node, 1).getType()) != integer)
      return handler(node, b);
    Value lhs = integerToI32(b, input(node, 0));
    Value rhs = integerToI32(b, input(node, 1));
    if (failed(tosa::EqualizeRanks(b, lhs, rhs)))
      return fail(node) << "operand shapes cannot be broadcast";
    RankedTensorType type = resultType(node);
    auto i32Type = type.clone(b.getI32Type());
    Value y;
    if constexpr (std::is_same_v<IntOp, tosa::MulOp>) {
      auto shiftType = RankedTensorType::get({1}, b.getI8Type());
      Value shift = tosa::ConstOp::create(
          b, shiftType,
          DenseElementsAttr::get(shiftType, b.getI8IntegerAttr(0)));
      y = tosa::MulOp::create(b, i32Type, lhs, rhs, shift);
    } else {
      y = IntOp::create(b, i32Type, lhs, rhs);
    }
    auto signlessType = type.clone(b.getIntegerType(integer.getWidth()));
    y = tosa::CastOp::create(b, signlessType, y);
    if (!integer.isSignless())
      y = tensor::BitcastOp::create(b, type, y);
    return Values{y};
  };
}

/// Add, Sub, Mul, Div with numpy broadcasting: ranks are equalized by
/// reshapes (TOSA broadcasts size-1 dimensions of equal-rank operands).
template <typename Kind> ONNXHandler binary(Kind kind) {
  return [kind](NodeOp node, ImplicitLocOpBuilder &b) -> FailureOr<Values> {
    if (failed(requireF32(node, /*dataInputs=*/2)))
      return failure();
    Value lhs = input(node, 0), rhs = input(node, 1);
    if (failed(tosa::EqualizeRanks(b, lhs, rhs)))
      return fail(node) << "operand shapes cannot be broadcast";
    return Values{kind(b, resultType(node), lhs, rhs)};
  };
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

/// MatMul with NumPy semantics: rank-1 operands gain a unit dimension that
/// the result drops, batch dimensions broadcast. A rank-2 right operand (the
/// weight of every linear layer) multiplies all rows of the left one in one
/// 2-D product, so that the matrix kernels apply.
FailureOr<Values> matMul(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node, /*dataInputs=*/2)))
    return failure();
  Value a = input(node, 0), w = input(node, 1);
  auto aType = cast<RankedTensorType>(a.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  RankedTensorType outType = resultType(node);
  if (aType.getRank() < 1 || wType.getRank() < 1)
    return fail(node) << "rank-0 operands are not matrices";
  SmallVector<int64_t> aShape(aType.getShape()), wShape(wType.getShape());
  if (aShape.size() == 1)
    aShape.insert(aShape.begin(), 1);
  if (wShape.size() == 1)
    wShape.push_back(1);
  int64_t m = aShape[aShape.size() - 2], k = aShape.back();
  int64_t n = wShape.back();
  if (wShape[wShape.size() - 2] != k)
    return fail(node) << "inner dimensions differ: " << k << " and "
                      << wShape[wShape.size() - 2];
  ArrayRef<int64_t> aBatch = ArrayRef<int64_t>(aShape).drop_back(2);
  ArrayRef<int64_t> wBatch = ArrayRef<int64_t>(wShape).drop_back(2);

  if (wBatch.empty()) {
    int64_t rows = m;
    for (int64_t d : aBatch)
      rows *= d;
    Value product = matmul(b, a, w, rows, n, k, 1);
    return Values{reshape(b, product, outType.getShape())};
  }

  // Batch dimensions broadcast, then one batched product.
  size_t rank = std::max(aBatch.size(), wBatch.size());
  SmallVector<int64_t> batchShape(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da =
        i + aBatch.size() >= rank ? aBatch[i + aBatch.size() - rank] : 1;
    int64_t dw =
        i + wBatch.size() >= rank ? wBatch[i + wBatch.size() - rank] : 1;
    if (da != dw && da != 1 && dw != 1)
      return fail(node) << "batch dimensions " << da << " and " << dw
                        << " do not broadcast";
    batchShape[i] = std::max(da, dw);
  }
  int64_t batch = 1;
  for (int64_t d : batchShape)
    batch *= d;
  SmallVector<int64_t> aFull(batchShape), wFull(batchShape);
  aFull.append({m, k});
  wFull.append({k, n});
  a = broadcastTo(b, reshape(b, a, aShape), aFull);
  w = broadcastTo(b, reshape(b, w, wShape), wFull);
  Value product = matmul(b, a, w, m, n, k, batch);
  return Values{reshape(b, product, outType.getShape())};
}

/// Y = alpha * op(A) * op(B) + beta * C.
FailureOr<Values> gemm(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  Value a = input(node, 0), w = input(node, 1), c = input(node, 2);
  auto rankOf = [](Value v) {
    return cast<RankedTensorType>(v.getType()).getRank();
  };
  if (rankOf(a) != 2 || rankOf(w) != 2)
    return fail(node) << "A and B must be matrices, got ranks " << rankOf(a)
                      << " and " << rankOf(w);
  if (intAttr(node, "transA", 0))
    a = transpose(b, a, {1, 0});
  if (intAttr(node, "transB", 0))
    w = transpose(b, w, {1, 0});
  auto aType = cast<RankedTensorType>(a.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  RankedTensorType outType = resultType(node);
  // ONNX's shape inference leaves mismatched operands unchecked.
  auto differ = [](int64_t x, int64_t y) {
    return !ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y;
  };
  if (differ(aType.getDimSize(1), wType.getDimSize(0)))
    return fail(node) << "op(A) is " << aType.getDimSize(0) << "x"
                      << aType.getDimSize(1) << " and op(B) is "
                      << wType.getDimSize(0) << "x" << wType.getDimSize(1)
                      << ": inner dimensions differ";
  if (outType.getRank() != 2 || outType.getDimSize(0) != aType.getDimSize(0) ||
      outType.getDimSize(1) != wType.getDimSize(1))
    return fail(node) << "the result type " << outType << " is not "
                      << aType.getDimSize(0) << "x" << wType.getDimSize(1);
  Value y = matmul(b, a, w, aType.getDimSize(0), wType.getDimSize(1),
                   aType.getDimSize(1), 1);
  y = reshape(b, y, outType.getShape());
  if (float alpha = floatAttr(node, "alpha", 1.0f); alpha != 1.0f)
    y = mul(b, outType, y, scalar(b, alpha, 2));
  if (c) {
    if (float beta = floatAttr(node, "beta", 1.0f); beta != 1.0f)
      c = mul(b, c.getType(), c,
              scalar(b, beta, cast<ShapedType>(c.getType()).getRank()));
    if (failed(tosa::EqualizeRanks(b, y, c)))
      return fail(node) << "C cannot be broadcast to the result";
    y = tosa::AddOp::create(b, outType, y, c);
  }
  return Values{y};
}

FailureOr<Values> conv(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  Value x = input(node, 0), w = input(node, 1), bias = input(node, 2);
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  if (xType.getRank() != 4)
    return fail(node) << "convolution over " << xType.getRank() - 2
                      << " spatial dimensions is not supported (1 or 2)";
  int64_t channels = xType.getDimSize(1), filters = wType.getDimSize(0);
  int64_t group = intAttr(node, "group", 1);
  bool depthwise = group > 1 && group == channels && wType.getDimSize(1) == 1;
  if (group < 1 || channels % group != 0 || filters % group != 0 ||
      wType.getDimSize(1) != channels / group)
    return fail(node) << "group = " << group << " does not divide " << channels
                      << " input channels and " << filters
                      << " filters into weights of " << wType.getDimSize(1)
                      << " channels";
  SmallVector<int64_t> strides = intsAttr(node, "strides", {1, 1});
  SmallVector<int64_t> dilations = intsAttr(node, "dilations", {1, 1});
  if (failed(checkWindowAttr(node, "strides", strides, 2, 1)) ||
      failed(checkWindowAttr(node, "dilations", dilations, 2, 1)))
    return failure();
  int64_t kh = wType.getDimSize(2), kw = wType.getDimSize(3);
  SmallVector<int64_t> extent = {(kh - 1) * dilations[0] + 1,
                                 (kw - 1) * dilations[1] + 1};
  SmallVector<int64_t> inputHW = {xType.getDimSize(2), xType.getDimSize(3)};
  FailureOr<SmallVector<int64_t>> pads =
      spatialPads(node, inputHW, extent, strides);
  if (failed(pads))
    return failure();

  RankedTensorType outType = resultType(node);
  if (!bias) {
    auto biasType = RankedTensorType::get({filters}, b.getF32Type());
    bias = tosa::ConstOp::create(b, biasType,
                                 DenseElementsAttr::get(biasType, 0.0f));
  }
  Value nhwc =
      fitTrailingPadding(b, transpose(b, x, kToNHWC), *pads, extent, strides,
                         {outType.getDimSize(2), outType.getDimSize(3)});
  auto nhwcOut =
      RankedTensorType::get({outType.getDimSize(0), outType.getDimSize(2),
                             outType.getDimSize(3), filters},
                            b.getF32Type());
  Value y;
  if (depthwise) {
    // [M, 1, KH, KW] -> [KH, KW, C, M/C]
    Value kernel = transpose(b, w, {2, 3, 0, 1});
    kernel = reshape(b, kernel, {kh, kw, channels, filters / channels});
    y = tosa::DepthwiseConv2DOp::create(
        b, nhwcOut, nhwc, kernel, bias, b.getDenseI64ArrayAttr(*pads),
        b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(dilations),
        TypeAttr::get(b.getF32Type()));
  } else if (group == 1) {
    Value kernel = transpose(b, w, kToNHWC); // OIHW -> OHWI
    y = tosa::Conv2DOp::create(
        b, nhwcOut, nhwc, kernel, bias, b.getDenseI64ArrayAttr(*pads),
        b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(dilations),
        TypeAttr::get(b.getF32Type()));
  } else {
    // Grouped: one convolution per group on its slice of input channels and
    // filters, concatenated along the channels.
    Value kernel = transpose(b, w, kToNHWC); // OIHW -> OHWI
    int64_t groupIn = channels / group, groupOut = filters / group;
    SmallVector<Value> parts;
    for (int64_t g = 0; g < group; ++g) {
      auto slice = [&](Value v, int64_t dim, int64_t offset, int64_t size) {
        auto type = cast<RankedTensorType>(v.getType());
        SmallVector<int64_t> begin(type.getRank(), 0);
        SmallVector<int64_t> shape(type.getShape());
        begin[dim] = offset;
        shape[dim] = size;
        return tosa::SliceOp::create(b, type.clone(shape), v,
                                     tosa::getTosaConstShape(b, begin),
                                     tosa::getTosaConstShape(b, shape))
            .getResult();
      };
      Value xg = slice(nhwc, 3, g * groupIn, groupIn);
      Value wg = slice(kernel, 0, g * groupOut, groupOut);
      Value bg = slice(bias, 0, g * groupOut, groupOut);
      SmallVector<int64_t> partShape(nhwcOut.getShape());
      partShape[3] = groupOut;
      parts.push_back(tosa::Conv2DOp::create(
          b, nhwcOut.clone(partShape), xg, wg, bg,
          b.getDenseI64ArrayAttr(*pads), b.getDenseI64ArrayAttr(strides),
          b.getDenseI64ArrayAttr(dilations), TypeAttr::get(b.getF32Type())));
    }
    y = tosa::ConcatOp::create(b, nhwcOut, parts, 3);
  }
  return Values{transpose(b, y, kToNCHW)};
}

/// Inserts `dilation - 1` zeros between the taps of spatial dimension `dim`
/// of a kernel: [.., K, ..] -> [.., K, 1, ..] padded to [.., K, d, ..],
/// reshaped to [.., K * d, ..] and cut to (K - 1) * d + 1.
Value dilateKernel(ImplicitLocOpBuilder &b, Value kernel, int64_t dim,
                   int64_t dilation) {
  if (dilation == 1)
    return kernel;
  auto type = cast<RankedTensorType>(kernel.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<int64_t> split(shape);
  split.insert(split.begin() + dim + 1, 1);
  Value x = reshape(b, kernel, split);
  SmallVector<int64_t> padding(2 * split.size(), 0);
  padding[2 * (dim + 1) + 1] = dilation - 1;
  SmallVector<int64_t> padded(split);
  padded[dim + 1] = dilation;
  auto constType = RankedTensorType::get({1}, type.getElementType());
  Value zero = tosa::ConstOp::create(b, constType,
                                     DenseElementsAttr::get(constType, 0.0f));
  x = tosa::PadOp::create(b, type.clone(padded), x,
                          tosa::getTosaConstShape(b, padding), zero);
  SmallVector<int64_t> merged(shape);
  merged[dim] *= dilation;
  x = reshape(b, x, merged);
  SmallVector<int64_t> cut(shape);
  cut[dim] = (shape[dim] - 1) * dilation + 1;
  return tosa::SliceOp::create(
      b, type.clone(cut), x,
      tosa::getTosaConstShape(b, SmallVector<int64_t>(shape.size(), 0)),
      tosa::getTosaConstShape(b, cut));
}

/// ConvTranspose (group 1): weights [C_in, C_out, KH, KW] become TOSA's
/// [C_out, KH, KW, C_in] (dilated by inserting zero taps); ONNX's begin pads
/// shrink the output and what the inferred output size needs beyond the
/// natural size goes to the trailing out_pad (output_padding, output_shape).
FailureOr<Values> convTranspose(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  Value x = input(node, 0), w = input(node, 1), bias = input(node, 2);
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  if (xType.getRank() != 4)
    return fail(node) << "transposed convolution over " << xType.getRank() - 2
                      << " spatial dimensions is not supported (1 or 2)";
  if (intAttr(node, "group", 1) != 1)
    return fail(node) << "group other than 1 is not supported";
  SmallVector<int64_t> dilations = intsAttr(node, "dilations", {1, 1});
  SmallVector<int64_t> strides = intsAttr(node, "strides", {1, 1});
  SmallVector<int64_t> pads = intsAttr(node, "pads", {0, 0, 0, 0});
  if (failed(checkWindowAttr(node, "strides", strides, 2, 1)) ||
      failed(checkWindowAttr(node, "dilations", dilations, 2, 1)) ||
      failed(checkWindowAttr(node, "pads", pads, 4, 0)) ||
      failed(checkWindowAttr(node, "output_padding",
                             intsAttr(node, "output_padding", {0, 0}), 2, 0)))
    return failure();
  RankedTensorType outType = resultType(node);
  StringRef autoPad = stringAttr(node, "auto_pad", "NOTSET");
  SmallVector<int64_t> extent;
  for (int i = 0; i < 2; ++i)
    extent.push_back((wType.getDimSize(2 + i) - 1) * dilations[i] + 1);
  if (autoPad == "VALID") {
    pads = {0, 0, 0, 0};
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    // The output is input * stride; the padding it implies splits with the
    // odd element at the end (SAME_UPPER) or the beginning (SAME_LOWER).
    SmallVector<int64_t> outputPadding =
        intsAttr(node, "output_padding", {0, 0});
    for (int i = 0; i < 2; ++i) {
      int64_t in = xType.getDimSize(2 + i);
      int64_t total = strides[i] * (in - 1) + outputPadding[i] + extent[i] -
                      in * strides[i];
      int64_t small = total / 2;
      pads[i] = autoPad == "SAME_UPPER" ? small : total - small;
    }
  } else if (autoPad != "NOTSET") {
    return fail(node) << "auto_pad '" << autoPad << "' is not supported";
  }
  int64_t filters = wType.getDimSize(1);
  SmallVector<int64_t> outPad;
  for (int i = 0; i < 2; ++i) {
    int64_t in = xType.getDimSize(2 + i);
    int64_t natural = (in - 1) * strides[i] + extent[i];
    int64_t top = -pads[i];
    int64_t bottom = outType.getDimSize(2 + i) - natural - top;
    outPad.push_back(top);
    outPad.push_back(bottom);
  }
  if (!bias) {
    auto biasType = RankedTensorType::get({filters}, b.getF32Type());
    bias = tosa::ConstOp::create(b, biasType,
                                 DenseElementsAttr::get(biasType, 0.0f));
  }
  Value kernel = transpose(b, w, {1, 2, 3, 0});
  kernel = dilateKernel(b, dilateKernel(b, kernel, 1, dilations[0]), 2,
                        dilations[1]);
  auto nhwcOut =
      RankedTensorType::get({outType.getDimSize(0), outType.getDimSize(2),
                             outType.getDimSize(3), filters},
                            b.getF32Type());
  Value y = tosa::TransposeConv2DOp::create(
      b, nhwcOut, transpose(b, x, kToNHWC), kernel, bias,
      b.getDenseI64ArrayAttr(outPad), b.getDenseI64ArrayAttr(strides),
      TypeAttr::get(b.getF32Type()));
  return Values{transpose(b, y, kToNCHW)};
}

/// Conv, ConvTranspose and the pools over one spatial dimension run as their
/// 2-D forms over [N, C, 1, L]: rank-3 inputs (data and weights) gain a unit
/// height, the window attributes a leading 1 (pads a leading 0 pair) and the
/// results drop the unit height again.
ONNXHandler over1D(ONNXHandler handler) {
  return [handler](NodeOp node, ImplicitLocOpBuilder &b) -> FailureOr<Values> {
    auto xType = dyn_cast<RankedTensorType>(node.getInputs()[0].getType());
    if (!xType || xType.getRank() != 3)
      return handler(node, b);
    auto lift = [](RankedTensorType type) {
      return type.clone(
          {type.getDimSize(0), type.getDimSize(1), 1, type.getDimSize(2)});
    };
    SmallVector<Value> inputs;
    for (Value value : node.getInputs()) {
      auto type = dyn_cast<RankedTensorType>(value.getType());
      if (type && type.getRank() == 3)
        value = reshape(b, value, lift(type).getShape());
      inputs.push_back(value);
    }
    NamedAttrList attrs(node.getNodeAttributes());
    for (StringRef name : {"kernel_shape", "strides", "dilations",
                           "output_padding", "output_shape", "pads"}) {
      auto values = attrs.get(name);
      auto array = dyn_cast_or_null<DenseI64ArrayAttr>(values);
      if (!array)
        continue;
      SmallVector<int64_t> lifted;
      if (name == "pads" && array.size() == 2)
        lifted = {0, array[0], 0, array[1]};
      else if (array.size() == 1)
        lifted = {name == "output_padding" ? 0 : 1, array[0]};
      else
        continue;
      attrs.set(name, b.getDenseI64ArrayAttr(lifted));
    }
    SmallVector<Type> resultTypes;
    for (Type type : node.getResultTypes()) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      resultTypes.push_back(tensor && tensor.getRank() == 3 ? lift(tensor)
                                                            : type);
    }
    auto lifted = NodeOp::create(b, resultTypes, inputs, node.getOpTypeAttr(),
                                 node.getDomainAttr(), node.getOpsetAttr(),
                                 attrs.getDictionary(b.getContext()),
                                 node.getNameAttr(), node.getOutputNamesAttr());
    FailureOr<Values> results = handler(lifted, b);
    lifted->erase();
    if (failed(results))
      return failure();
    for (auto [value, type] : llvm::zip(*results, node.getResultTypes()))
      if (value && value.getType() != type)
        value = reshape(b, value, cast<RankedTensorType>(type).getShape());
    return results;
  };
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// Max pooling with dilations: the maximum over the kernel's taps, each a
/// slice of the input padded with the lowest value (`lowest`), subsampled
/// by the strides (a 1x1 max pool). `pads` already span the output windows
/// exactly. With `indices`, also the position of each maximum (the first
/// tap that reaches it) as ONNX's MaxPool Indices: the flattened NCHW index
/// in the unpadded input of `inputH` x `inputW`, as i32 in NHWC.
Value dilatedMaxPool(ImplicitLocOpBuilder &b, Value nhwc, Attribute lowest,
                     ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                     ArrayRef<int64_t> dilations, ArrayRef<int64_t> pads,
                     RankedTensorType outType, Value *indices = nullptr,
                     int64_t inputH = 0, int64_t inputW = 0,
                     bool columnMajor = false) {
  auto type = cast<RankedTensorType>(nhwc.getType());
  Type element = type.getElementType();
  SmallVector<int64_t> padded(type.getShape());
  padded[1] += pads[0] + pads[1];
  padded[2] += pads[2] + pads[3];
  if (llvm::any_of(pads, [](int64_t p) { return p != 0; })) {
    auto constType = RankedTensorType::get({1}, element);
    nhwc = tosa::PadOp::create(
        b, type.clone(padded), nhwc,
        tosa::getTosaConstShape(
            b, {0, 0, pads[0], pads[1], pads[2], pads[3], 0, 0}),
        tosa::ConstOp::create(b, constType,
                              DenseElementsAttr::get(constType, lowest)));
  }
  int64_t n = outType.getDimSize(0), oh = outType.getDimSize(1),
          ow = outType.getDimSize(2), c = outType.getDimSize(3);
  SmallVector<int64_t> span = {n, (oh - 1) * strides[0] + 1,
                               (ow - 1) * strides[1] + 1, c};
  Value result;
  // Indices: (n * C + c) * H * W (one constant [N, 1, 1, C]) plus the tap's
  // row * W + column at each output position (a constant [1, OH, OW, 1]).
  auto i32 = b.getI32Type();
  auto indexType = outType.clone(i32);
  Value base;
  if (indices) {
    auto baseType = RankedTensorType::get({n, 1, 1, c}, i32);
    SmallVector<int32_t> values;
    for (int64_t in = 0; in < n; ++in)
      for (int64_t ic = 0; ic < c; ++ic)
        values.push_back(static_cast<int32_t>((in * c + ic) * inputH * inputW));
    base = tosa::ConstOp::create(
        b, baseType, DenseElementsAttr::get(baseType, ArrayRef(values)));
  }
  for (int64_t i = 0; i < kernel[0]; ++i)
    for (int64_t j = 0; j < kernel[1]; ++j) {
      Value tap = tosa::SliceOp::create(
          b, RankedTensorType::get(span, element), nhwc,
          tosa::getTosaConstShape(b,
                                  {0, i * dilations[0], j * dilations[1], 0}),
          tosa::getTosaConstShape(b, span));
      if (strides[0] != 1 || strides[1] != 1)
        tap = tosa::MaxPool2dOp::create(b, outType, tap,
                                        b.getDenseI64ArrayAttr({1, 1}),
                                        b.getDenseI64ArrayAttr(strides),
                                        b.getDenseI64ArrayAttr({0, 0, 0, 0}));
      if (indices) {
        auto hwType = RankedTensorType::get({1, oh, ow, 1}, i32);
        SmallVector<int32_t> values;
        for (int64_t y = 0; y < oh; ++y)
          for (int64_t x = 0; x < ow; ++x) {
            int64_t row = y * strides[0] + i * dilations[0] - pads[0];
            int64_t column = x * strides[1] + j * dilations[1] - pads[2];
            values.push_back(static_cast<int32_t>(
                columnMajor ? column * inputH + row : row * inputW + column));
          }
        Value hw = tosa::ConstOp::create(
            b, hwType, DenseElementsAttr::get(hwType, ArrayRef(values)));
        Value index = tosa::AddOp::create(b, indexType, base, hw);
        if (!result) {
          *indices = index;
        } else {
          Value greater = tosa::GreaterOp::create(
              b, outType.clone(b.getI1Type()), tap, result);
          *indices =
              tosa::SelectOp::create(b, indexType, greater, index, *indices);
        }
      }
      result = result ? Value(tosa::MaximumOp::create(b, outType, result, tap))
                      : tap;
    }
  return result;
}

/// MaxPool and AveragePool over three spatial dimensions of f32 data, as
/// two 2-D pools (both are separable): over H and W of every depth slice
/// ([N * D, H, W, C]), then over D with a (kd, 1) window ([N, D, OH * OW,
/// C]). An average excluding padding stays exact: the valid count of a box
/// window is the product of the per-axis counts. Dilations, auto_pad other
/// than NOTSET/VALID and ceil_mode are not supported.
FailureOr<Values> pool3D(NodeOp node, ImplicitLocOpBuilder &b, bool isMax) {
  Value x = input(node, 0);
  auto xType = cast<RankedTensorType>(x.getType());
  RankedTensorType outType = resultType(node);
  SmallVector<int64_t> kernel = intsAttr(node, "kernel_shape", {});
  SmallVector<int64_t> strides = intsAttr(node, "strides", {1, 1, 1});
  SmallVector<int64_t> dilations = intsAttr(node, "dilations", {1, 1, 1});
  SmallVector<int64_t> pads = intsAttr(node, "pads", {0, 0, 0, 0, 0, 0});
  StringRef autoPad = stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad == "VALID")
    pads = {0, 0, 0, 0, 0, 0};
  else if (autoPad != "NOTSET")
    return fail(node) << "auto_pad '" << autoPad
                      << "' is not supported for 3-D pooling";
  if (kernel.size() != 3 || strides.size() != 3 || pads.size() != 6)
    return fail(node) << "kernel_shape, strides and pads of 3, 3 and 6 "
                         "values are expected";
  auto below = [](ArrayRef<int64_t> values, int64_t least) {
    return llvm::any_of(values, [&](int64_t v) { return v < least; });
  };
  if (below(kernel, 1) || below(strides, 1) || below(pads, 0))
    return fail(node) << "kernel_shape and strides must be positive, pads "
                         "not negative";
  if (dilations != SmallVector<int64_t>{1, 1, 1} ||
      intAttr(node, "ceil_mode", 0) != 0)
    return fail(node) << "dilations and ceil_mode are not supported for 3-D "
                         "pooling";
  int64_t n = xType.getDimSize(0), c = xType.getDimSize(1),
          d = xType.getDimSize(2), h = xType.getDimSize(3),
          w = xType.getDimSize(4);
  int64_t od = outType.getDimSize(2), oh = outType.getDimSize(3),
          ow = outType.getDimSize(4);
  auto f32 = b.getF32Type();
  // count_include_pad: the declared padding becomes explicit zeros.
  if (!isMax && intAttr(node, "count_include_pad", 0) &&
      llvm::any_of(pads, [](int64_t p) { return p != 0; })) {
    auto constType = RankedTensorType::get({1}, f32);
    x = tosa::PadOp::create(
        b,
        RankedTensorType::get({n, c, d + pads[0] + pads[3],
                               h + pads[1] + pads[4], w + pads[2] + pads[5]},
                              f32),
        x,
        tosa::getTosaConstShape(b, {0, 0, 0, 0, pads[0], pads[3], pads[1],
                                    pads[4], pads[2], pads[5]}),
        tosa::ConstOp::create(b, constType,
                              DenseElementsAttr::get(constType, 0.0f)));
    d += pads[0] + pads[3];
    h += pads[1] + pads[4];
    w += pads[2] + pads[5];
    pads = {0, 0, 0, 0, 0, 0};
  }
  auto pool2D = [&](Value nhwc, SmallVector<int64_t> window,
                    SmallVector<int64_t> step, SmallVector<int64_t> padding,
                    SmallVector<int64_t> outHW) -> Value {
    nhwc = fitTrailingPadding(b, nhwc, padding, window, step, outHW);
    auto type = cast<RankedTensorType>(nhwc.getType());
    auto out = RankedTensorType::get(
        {type.getDimSize(0), outHW[0], outHW[1], type.getDimSize(3)}, f32);
    if (isMax)
      return tosa::MaxPool2dOp::create(
          b, out, nhwc, b.getDenseI64ArrayAttr(window),
          b.getDenseI64ArrayAttr(step), b.getDenseI64ArrayAttr(padding));
    return tosa::AvgPool2dOp::create(
        b, out, nhwc, b.getDenseI64ArrayAttr(window),
        b.getDenseI64ArrayAttr(step), b.getDenseI64ArrayAttr(padding),
        TypeAttr::get(f32));
  };
  Value v = transpose(b, x, {0, 2, 3, 4, 1});
  v = reshape(b, v, {n * d, h, w, c});
  v = pool2D(v, {kernel[1], kernel[2]}, {strides[1], strides[2]},
             {pads[1], pads[4], pads[2], pads[5]}, {oh, ow});
  v = reshape(b, v, {n, d, oh * ow, c});
  v = pool2D(v, {kernel[0], 1}, {strides[0], 1}, {pads[0], pads[3], 0, 0},
             {od, oh * ow});
  v = reshape(b, v, {n, od, oh, ow, c});
  return withUnproducedOutputs(node, transpose(b, v, {0, 4, 1, 2, 3}));
}

/// MaxPool and AveragePool over two spatial dimensions (NCHW, in NHWC
/// between transposes). MaxPool also takes int8 and uint8 tensors (uint8 as
/// int8 with the top bit flipped, which keeps the order) and dilations.
template <bool IsMax>
FailureOr<Values> pool(NodeOp node, ImplicitLocOpBuilder &b) {
  Value x = input(node, 0);
  auto xType = cast<RankedTensorType>(x.getType());
  Type element = xType.getElementType();
  auto integer = dyn_cast<IntegerType>(element);
  bool byte = IsMax && integer && integer.getWidth() == 8;
  if (!byte && failed(requireF32(node)))
    return failure();
  if (xType.getRank() == 5 && !byte)
    return pool3D(node, b, IsMax);
  if (xType.getRank() != 4)
    return fail(node) << "pooling over " << xType.getRank() - 2
                      << " spatial dimensions is not supported (1, 2 or 3)";
  SmallVector<int64_t> kernel = intsAttr(node, "kernel_shape", {});
  SmallVector<int64_t> strides = intsAttr(node, "strides", {1, 1});
  SmallVector<int64_t> dilations = intsAttr(node, "dilations", {1, 1});
  if (kernel.size() != 2 || strides.size() != 2 || dilations.size() != 2)
    return fail(node) << "kernel_shape, strides and dilations of "
                      << kernel.size() << ", " << strides.size() << " and "
                      << dilations.size()
                      << " values are not supported (2 each)";
  bool dilated = dilations != SmallVector<int64_t>{1, 1};
  if (dilated && !IsMax)
    return fail(node) << "dilations other than 1 are not supported";
  if (llvm::any_of(dilations, [](int64_t d) { return d < 1; }))
    return fail(node) << "dilations must be positive";
  SmallVector<int64_t> extent = {(kernel[0] - 1) * dilations[0] + 1,
                                 (kernel[1] - 1) * dilations[1] + 1};
  SmallVector<int64_t> inputHW = {xType.getDimSize(2), xType.getDimSize(3)};
  FailureOr<SmallVector<int64_t>> pads =
      spatialPads(node, inputHW, extent, strides);
  if (failed(pads))
    return failure();
  RankedTensorType outType = resultType(node);

  // Bytes pool as signless int8: uint8 with its top bit flipped.
  Type computeType = element;
  Value flip;
  if (byte) {
    computeType = b.getI8Type();
    if (!integer.isSignless())
      x = tensor::BitcastOp::create(b, xType.clone(computeType), x);
    if (integer.isUnsigned()) {
      auto flipType = RankedTensorType::get({1, 1, 1, 1}, computeType);
      flip = tosa::ConstOp::create(
          b, flipType,
          DenseElementsAttr::get(flipType,
                                 b.getIntegerAttr(computeType, -128)));
      x = tosa::BitwiseXorOp::create(b, xType.clone(computeType), x, flip);
    }
  }
  Value nhwc = transpose(b, x, kToNHWC);
  // TOSA's average excludes padding; count_include_pad counts the declared
  // padding, so that becomes explicit zeros.
  if (!IsMax && intAttr(node, "count_include_pad", 0) &&
      llvm::any_of(*pads, [](int64_t p) { return p != 0; })) {
    auto nhwcType = cast<RankedTensorType>(nhwc.getType());
    SmallVector<int64_t> padded(nhwcType.getShape());
    padded[1] += (*pads)[0] + (*pads)[1];
    padded[2] += (*pads)[2] + (*pads)[3];
    auto constType = RankedTensorType::get({1}, b.getF32Type());
    Value zero = tosa::ConstOp::create(b, constType,
                                       DenseElementsAttr::get(constType, 0.0f));
    nhwc = tosa::PadOp::create(
        b, nhwcType.clone(padded), nhwc,
        tosa::getTosaConstShape(
            b, {0, 0, (*pads)[0], (*pads)[1], (*pads)[2], (*pads)[3], 0, 0}),
        zero);
    *pads = {0, 0, 0, 0};
  }
  // Also adds the trailing padding of ceil_mode.
  nhwc = fitTrailingPadding(b, nhwc, *pads, extent, strides,
                            {outType.getDimSize(2), outType.getDimSize(3)});
  auto nhwcOut =
      RankedTensorType::get({outType.getDimSize(0), outType.getDimSize(2),
                             outType.getDimSize(3), outType.getDimSize(1)},
                            computeType);
  Value y, indices;
  // MaxPool's optional Indices output (storage_order 0, f32 data), when
  // used, comes from the per-tap form.
  bool wantIndices =
      IsMax && node.getNumResults() > 1 && !node.getResult(1).use_empty();
  if (wantIndices) {
    if (byte)
      return fail(node) << "the Indices output of integer data is not "
                           "supported";
    if (!resultType(node, 1).getElementType().isInteger(64))
      return fail(node) << "the Indices output must be int64";
    if (xType.getNumElements() > std::numeric_limits<int32_t>::max())
      return fail(node) << "the Indices output of an input of more than "
                           "2^31 elements is not supported";
  }
  if (dilated || wantIndices) {
    Attribute lowest = byte ? Attribute(b.getIntegerAttr(computeType, -128))
                            : Attribute(b.getF32FloatAttr(
                                  -std::numeric_limits<float>::infinity()));
    y = dilatedMaxPool(b, nhwc, lowest, kernel, strides, dilations, *pads,
                       nhwcOut, wantIndices ? &indices : nullptr,
                       xType.getDimSize(2), xType.getDimSize(3),
                       intAttr(node, "storage_order", 0) == 1);
  } else if constexpr (IsMax) {
    y = tosa::MaxPool2dOp::create(
        b, nhwcOut, nhwc, b.getDenseI64ArrayAttr(kernel),
        b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(*pads));
  } else {
    y = tosa::AvgPool2dOp::create(
        b, nhwcOut, nhwc, b.getDenseI64ArrayAttr(kernel),
        b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(*pads),
        TypeAttr::get(b.getF32Type()));
  }
  y = transpose(b, y, kToNCHW);
  if (flip)
    y = tosa::BitwiseXorOp::create(b, cast<RankedTensorType>(y.getType()), y,
                                   flip);
  if (byte && !integer.isSignless())
    y = tensor::BitcastOp::create(b, outType, y);
  Values results = withUnproducedOutputs(node, y);
  if (indices)
    results[1] = tosa::CastOp::create(b, resultType(node, 1),
                                      transpose(b, indices, kToNCHW));
  return results;
}

FailureOr<Values> globalAveragePool(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  Value x = input(node, 0);
  auto xType = cast<RankedTensorType>(x.getType());
  if (xType.getRank() != 4)
    return fail(node) << "only rank-4 inputs are supported";
  SmallVector<int64_t> kernel = {xType.getDimSize(2), xType.getDimSize(3)};
  auto nhwcOut = RankedTensorType::get(
      {xType.getDimSize(0), 1, 1, xType.getDimSize(1)}, b.getF32Type());
  Value y = tosa::AvgPool2dOp::create(
      b, nhwcOut, transpose(b, x, kToNHWC), b.getDenseI64ArrayAttr(kernel),
      b.getDenseI64ArrayAttr({1, 1}), b.getDenseI64ArrayAttr({0, 0, 0, 0}),
      TypeAttr::get(b.getF32Type()));
  return Values{transpose(b, y, kToNCHW)};
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

/// Flatten and Reshape: the result shape is static and known from shape
/// inference, so both are one tosa.reshape to it.
FailureOr<Values> reshapeToResult(NodeOp node, ImplicitLocOpBuilder &b) {
  return Values{reshape(b, input(node, 0), resultType(node).getShape())};
}

//===----------------------------------------------------------------------===//
// More element-wise and shape ops
//===----------------------------------------------------------------------===//

FailureOr<Values> transposeOp(NodeOp node, ImplicitLocOpBuilder &b) {
  Value x = input(node, 0);
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> perm = intsAttr(node, "perm", {});
  if (perm.empty())
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  SmallVector<int32_t> perms(perm.begin(), perm.end());
  return Values{transpose(b, x, perms)};
}

FailureOr<Values> concat(NodeOp node, ImplicitLocOpBuilder &b) {
  RankedTensorType type = resultType(node);
  FailureOr<int64_t> axis =
      normalizedAxis(node, intAttr(node, "axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  return Values{tosa::ConcatOp::create(b, type, node.getInputs(),
                                       static_cast<uint32_t>(*axis))};
}

/// Max, Min, Sum, Mean over any number of broadcasting operands.
template <typename Kind> ONNXHandler variadic(Kind kind, bool mean) {
  return
      [kind, mean](NodeOp node, ImplicitLocOpBuilder &b) -> FailureOr<Values> {
        if (failed(requireF32(node)))
          return failure();
        RankedTensorType type = resultType(node);
        Value acc = input(node, 0);
        for (Value next : node.getInputs().drop_front()) {
          Value lhs = acc, rhs = next;
          if (failed(tosa::EqualizeRanks(b, lhs, rhs)))
            return fail(node) << "operand shapes cannot be broadcast";
          acc = kind(b, type, lhs, rhs);
        }
        if (acc.getType() != type) {
          // A single operand of another shape: broadcast by adding zero.
          Value zero = scalar(b, 0.0f, type.getRank());
          Value lhs = acc;
          if (failed(tosa::EqualizeRanks(b, lhs, zero)))
            return fail(node) << "operand cannot be broadcast";
          acc = tosa::AddOp::create(b, type, lhs, zero);
        }
        if (mean && node.getInputs().size() > 1)
          acc = mul(b, type, acc,
                    scalar(b, 1.0f / node.getInputs().size(), type.getRank()));
        return Values{acc};
      };
}

FailureOr<Values> squareRoot(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  RankedTensorType type = resultType(node);
  Value r = tosa::RsqrtOp::create(b, type, input(node, 0));
  return Values{tosa::ReciprocalOp::create(b, type, r)};
}

FailureOr<Values> neg(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  RankedTensorType type = resultType(node);
  return Values{mul(b, type, input(node, 0), scalar(b, -1.0f, type.getRank()))};
}

/// x >= 0 ? x : slope * x, with a constant (LeakyRelu) or tensor (PRelu)
/// slope.
FailureOr<Values> leakyRelu(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  RankedTensorType type = resultType(node);
  Value x = input(node, 0);
  Value slope =
      node.getOpType() == "PRelu"
          ? input(node, 1)
          : scalar(b, floatAttr(node, "alpha", 0.01f), type.getRank());
  Value lhs = x;
  if (failed(tosa::EqualizeRanks(b, lhs, slope)))
    return fail(node) << "slope cannot be broadcast";
  Value scaled = mul(b, type, lhs, slope);
  Value positive = tosa::GreaterEqualOp::create(
      b, RankedTensorType::get(type.getShape(), b.getI1Type()), x,
      scalar(b, 0.0f, type.getRank()));
  return Values{tosa::SelectOp::create(b, type, positive, x, scaled)};
}

/// clamp(alpha * x + beta, 0, 1), and x * that for HardSwish.
/// Records on the op producing `value` that its output range is [lo, hi]
/// whatever its input (qnt-propagate-scales quantizes it accordingly).
void markFixedRange(Value value, double lo, double hi) {
  if (Operation *op = value.getDefiningOp())
    op->setAttr("qnt.fixed_range",
                DenseF64ArrayAttr::get(op->getContext(), {lo, hi}));
}

FailureOr<Values> hardSigmoid(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  bool swish = node.getOpType() == "HardSwish";
  RankedTensorType type = resultType(node);
  float alpha = swish ? 1.0f / 6.0f : floatAttr(node, "alpha", 0.2f);
  float beta = swish ? 0.5f : floatAttr(node, "beta", 0.5f);
  Value x = input(node, 0);
  Value y = mul(b, type, x, scalar(b, alpha, type.getRank()));
  y = tosa::AddOp::create(b, type, y, scalar(b, beta, type.getRank()));
  y = tosa::ClampOp::create(b, type, y, b.getF32FloatAttr(0.0f),
                            b.getF32FloatAttr(1.0f));
  if (swish)
    y = mul(b, type, x, y);
  else
    markFixedRange(y, 0.0, 1.0);
  return Values{y};
}

/// Reduces `x` over `axes` one axis at a time (TOSA keeps the dimension),
/// then reshapes to `type` (ONNX's keepdims).
template <typename TosaReduce>
Value reduce(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> axes,
             RankedTensorType type) {
  for (int64_t axis : axes) {
    auto xType = cast<RankedTensorType>(x.getType());
    SmallVector<int64_t> shape(xType.getShape());
    shape[axis] = 1;
    x = TosaReduce::create(b, RankedTensorType::get(shape, b.getF32Type()), x,
                           static_cast<uint32_t>(axis));
  }
  return reshape(b, x, type.getShape());
}

/// ReduceMean/Sum/Max/Min: axes as an attribute, or (ReduceSum from 13,
/// the others from 18) as a constant input; all axes when absent unless
/// noop_with_empty_axes.
template <typename TosaReduce, bool Mean>
FailureOr<Values> reduceOp(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  Value x = input(node, 0);
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> axes = intsAttr(node, "axes", {});
  if (Value axesInput = input(node, 1)) {
    FailureOr<SmallVector<int64_t>> values =
        constantInts(node, axesInput, "axes");
    if (failed(values))
      return failure();
    axes = *values;
  }
  if (axes.empty()) {
    if (intAttr(node, "noop_with_empty_axes", 0))
      return Values{x};
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  }
  int64_t count = 1;
  for (int64_t &axis : axes) {
    FailureOr<int64_t> normalized = normalizedAxis(node, axis, rank);
    if (failed(normalized))
      return failure();
    axis = *normalized;
    count *= cast<RankedTensorType>(x.getType()).getDimSize(axis);
  }
  RankedTensorType type = resultType(node);
  Value y = reduce<TosaReduce>(b, x, axes, type);
  if (Mean)
    y = mul(b, type, y, scalar(b, 1.0f / count, type.getRank()));
  return Values{y};
}

/// Softmax: from opset 13 over one axis; before, over the input coerced to
/// 2-D at `axis` (all dimensions from `axis` on).
FailureOr<Values> softmax(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  RankedTensorType type = resultType(node);
  int64_t rank = type.getRank();
  bool modern = node.getOpset() >= 13;
  FailureOr<int64_t> axis =
      normalizedAxis(node, intAttr(node, "axis", modern ? -1 : 1), rank);
  if (failed(axis))
    return failure();
  Value x = input(node, 0);
  SmallVector<int64_t> axes;
  if (modern) {
    axes.push_back(*axis);
  } else {
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < rank; ++i)
      (i < *axis ? outer : inner) *= type.getDimSize(i);
    x = reshape(b, x, {outer, inner});
    axes.push_back(1);
  }
  auto xType = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> kept(xType.getShape());
  kept[axes[0]] = 1;
  auto keptType = RankedTensorType::get(kept, b.getF32Type());
  Value max = reduce<tosa::ReduceMaxOp>(b, x, axes, keptType);
  Value shifted = tosa::SubOp::create(b, xType, x, max);
  Value e = tosa::ExpOp::create(b, xType, shifted);
  Value sum = reduce<tosa::ReduceSumOp>(b, e, axes, keptType);
  Value y = mul(b, xType, e, tosa::ReciprocalOp::create(b, keptType, sum));
  y = reshape(b, y, type.getShape());
  markFixedRange(y, 0.0, 1.0);
  return Values{y};
}

/// Inference batch normalization over channel axis 1:
/// (x - mean) * scale / sqrt(var + epsilon) + bias.
FailureOr<Values> batchNorm(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  if (intAttr(node, "training_mode", 0))
    return fail(node) << "training mode is not supported";
  RankedTensorType type = resultType(node);
  int64_t rank = type.getRank();
  if (rank < 2)
    return fail(node) << "inputs of rank " << rank << " are not supported";
  SmallVector<int64_t> paramShape(rank, 1);
  paramShape[1] = type.getDimSize(1);
  auto paramType = RankedTensorType::get(paramShape, b.getF32Type());
  auto param = [&](unsigned i) {
    return reshape(b, input(node, i), paramShape);
  };
  float epsilon = floatAttr(node, "epsilon", 1e-5f);
  // With constant scale and variance (an exported model), the factor
  // scale / sqrt(var + epsilon) is a constant: later passes fold it into a
  // convolution or take it into a table as any per-channel constant.
  DenseElementsAttr scale, variance;
  Value factor;
  if (matchPattern(input(node, 1), m_Constant(&scale)) &&
      matchPattern(input(node, 4), m_Constant(&variance)) &&
      scale.getElementType().isF32() && variance.getElementType().isF32() &&
      scale.getNumElements() == paramShape[1] &&
      variance.getNumElements() == paramShape[1]) {
    SmallVector<float> values;
    for (auto [g, v] :
         llvm::zip(scale.getValues<float>(), variance.getValues<float>()))
      values.push_back(g / std::sqrt(v + epsilon));
    factor = tosa::ConstOp::create(
        b, paramType, DenseElementsAttr::get(paramType, ArrayRef(values)));
  } else {
    Value var =
        tosa::AddOp::create(b, paramType, param(4), scalar(b, epsilon, rank));
    factor =
        mul(b, paramType, param(1), tosa::RsqrtOp::create(b, paramType, var));
  }
  Value centered = tosa::SubOp::create(b, type, input(node, 0), param(3));
  Value scaled = mul(b, type, centered, factor);
  return Values{tosa::AddOp::create(b, type, scaled, param(2))};
}

/// Slice: starts/ends/axes as attributes (before opset 10), or constant
/// inputs with optional steps; out-of-range bounds clamp as ONNX defines.
/// Unit steps are a tosa.slice; other steps (negative ones too) gather the
/// positions they select.
FailureOr<Values> slice(NodeOp node, ImplicitLocOpBuilder &b) {
  Value x = input(node, 0);
  auto xType = cast<RankedTensorType>(x.getType());
  int64_t rank = xType.getRank();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (node.getOpset() < 10) {
    starts = intsAttr(node, "starts", {});
    ends = intsAttr(node, "ends", {});
    axes = intsAttr(node, "axes", {});
  } else {
    FailureOr<SmallVector<int64_t>> s =
        constantInts(node, input(node, 1), "starts");
    if (failed(s))
      return failure();
    FailureOr<SmallVector<int64_t>> e =
        constantInts(node, input(node, 2), "ends");
    if (failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (input(node, 3)) {
      FailureOr<SmallVector<int64_t>> a =
          constantInts(node, input(node, 3), "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (input(node, 4)) {
      FailureOr<SmallVector<int64_t>> st =
          constantInts(node, input(node, 4), "steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (llvm::any_of(steps, [](int64_t step) { return step == 0; }))
    return fail(node) << "a step of 0 is not valid";
  RankedTensorType type = resultType(node);
  SmallVector<int64_t> begin(rank, 0);
  SmallVector<int64_t> sliceShape(type.getShape());
  SmallVector<std::pair<int64_t, SmallVector<int64_t>>> gathers;
  for (auto [i, axis] : llvm::enumerate(axes)) {
    FailureOr<int64_t> dim = normalizedAxis(node, axis, rank);
    if (failed(dim))
      return failure();
    int64_t size = xType.getDimSize(*dim);
    int64_t step = i < steps.size() ? steps[i] : 1;
    int64_t start = starts[i] < 0 ? starts[i] + size : starts[i];
    if (step == 1) {
      begin[*dim] = std::clamp<int64_t>(start, 0, size);
      continue;
    }
    int64_t end = ends[i] < 0 ? ends[i] + size : ends[i];
    SmallVector<int64_t> positions;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, size);
      end = std::clamp<int64_t>(end, 0, size);
      for (int64_t p = start; p < end; p += step)
        positions.push_back(p);
    } else {
      start = std::clamp<int64_t>(start, 0, size - 1);
      end = std::clamp<int64_t>(end, -1, size - 1);
      for (int64_t p = start; p > end; p += step)
        positions.push_back(p);
    }
    if (static_cast<int64_t>(positions.size()) != type.getDimSize(*dim))
      return fail(node) << "the slice of axis " << *dim << " selects "
                        << positions.size() << " positions but the result has "
                        << type.getDimSize(*dim);
    sliceShape[*dim] = size;
    gathers.emplace_back(*dim, std::move(positions));
  }
  Value y = x;
  if (sliceShape != SmallVector<int64_t>(xType.getShape()) ||
      llvm::any_of(begin, [](int64_t v) { return v != 0; }))
    y = tosa::SliceOp::create(b, type.clone(sliceShape), x,
                              tosa::getTosaConstShape(b, begin),
                              tosa::getTosaConstShape(b, sliceShape));
  for (const auto &[dim, positions] : gathers)
    y = gatherAlongAxis(b, y, dim, positions);
  return Values{y};
}

/// Pad in constant mode: pads (and the value) as attributes before opset 11,
/// constant inputs from 11.
/// Reflect and edge padding, one axis at a time: the input between copies
/// of its border, reflect = the `p` elements next to the edge (not the edge
/// itself) reversed, edge = the edge element tiled `p` times.
FailureOr<Values> padByCopies(NodeOp node, ImplicitLocOpBuilder &b, Value x,
                              ArrayRef<int64_t> pads, bool reflect) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  for (int64_t axis = 0; axis < rank; ++axis) {
    int64_t before = pads[axis], after = pads[rank + axis];
    if (!before && !after)
      continue;
    auto current = cast<RankedTensorType>(x.getType());
    int64_t n = current.getDimSize(axis);
    if (reflect ? std::max(before, after) >= n : n < 1)
      return fail(node) << "pads of " << std::max(before, after)
                        << " on an axis of " << n << " are not supported ("
                        << (reflect ? "reflect needs pads below the size"
                                    : "edge needs a non-empty axis")
                        << ")";
    // Elements [start, start + count) of the axis.
    auto along = [&](int64_t start, int64_t count) {
      SmallVector<int64_t> offsets(rank, 0), sizes(current.getShape());
      offsets[axis] = start;
      sizes[axis] = count;
      return sliceTensor(b, x, offsets, sizes);
    };
    auto reflected = [&](int64_t start, int64_t count) -> Value {
      Value part = along(start, count);
      return count > 1 ? Value(tosa::ReverseOp::create(
                             b, part.getType(), part,
                             b.getI32IntegerAttr(static_cast<int32_t>(axis))))
                       : part;
    };
    auto repeated = [&](int64_t index, int64_t count) -> Value {
      Value part = along(index, 1);
      SmallVector<int64_t> multiples(rank, 1),
          tiled(cast<RankedTensorType>(part.getType()).getShape());
      multiples[axis] = count;
      tiled[axis] = count;
      return tosa::TileOp::create(b, current.clone(tiled), part,
                                  tosa::getTosaConstShape(b, multiples));
    };
    SmallVector<Value> parts;
    if (before)
      parts.push_back(reflect ? reflected(1, before) : repeated(0, before));
    parts.push_back(x);
    if (after)
      parts.push_back(reflect ? reflected(n - 1 - after, after)
                              : repeated(n - 1, after));
    x = concatTensors(b, parts, static_cast<int32_t>(axis));
  }
  if (x.getType() != resultType(node))
    return fail(node) << "the padded type " << x.getType()
                      << " differs from the result type " << resultType(node);
  return Values{x};
}

FailureOr<Values> pad(NodeOp node, ImplicitLocOpBuilder &b) {
  StringRef mode = stringAttr(node, "mode", "constant");
  // Reflect and edge padding move data of any element type.
  if (mode == "constant" && failed(requireF32(node)))
    return failure();
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return fail(node) << "mode '" << mode
                      << "' is not supported (constant, reflect, edge)";
  Value x = input(node, 0);
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> pads;
  float value = 0.0f;
  if (node.getOpset() < 11) {
    pads = intsAttr(node, "pads", {});
    value = floatAttr(node, "value", 0.0f);
  } else {
    FailureOr<SmallVector<int64_t>> p =
        constantInts(node, input(node, 1), "pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (Value constant = input(node, 2)) {
      DenseElementsAttr dense;
      if (!matchPattern(constant, m_Constant(&dense)))
        return fail(node) << "a run-time constant_value input is not "
                             "supported (it must be a constant)";
      value = (*dense.getValues<APFloat>().begin()).convertToFloat();
    }
    if (input(node, 3))
      return fail(node) << "the axes input is not supported";
  }
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return fail(node) << "pads has " << pads.size() << " values for rank "
                      << rank;
  if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return fail(node) << "negative pads are not supported";
  if (mode != "constant")
    return padByCopies(node, b, x, pads, mode == "reflect");
  SmallVector<int64_t> padding;
  for (int64_t i = 0; i < rank; ++i) {
    padding.push_back(pads[i]);
    padding.push_back(pads[rank + i]);
  }
  auto constType = RankedTensorType::get({1}, b.getF32Type());
  Value padConst = tosa::ConstOp::create(
      b, constType, DenseElementsAttr::get(constType, value));
  return Values{tosa::PadOp::create(
      b, resultType(node), x, tosa::getTosaConstShape(b, padding), padConst)};
}

FailureOr<Values> globalMaxPool(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  Value x = input(node, 0);
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> axes;
  for (int64_t i = 2; i < rank; ++i)
    axes.push_back(i);
  return Values{reduce<tosa::ReduceMaxOp>(b, x, axes, resultType(node))};
}

/// Split along `axis` into the result shapes (given by shape inference from
/// the `split` attribute or input, or equal parts).
FailureOr<Values> split(NodeOp node, ImplicitLocOpBuilder &b) {
  Value x = input(node, 0);
  auto xType = cast<RankedTensorType>(x.getType());
  FailureOr<int64_t> axis =
      normalizedAxis(node, intAttr(node, "axis", 0), xType.getRank());
  if (failed(axis))
    return failure();
  Values results;
  SmallVector<int64_t> begin(xType.getRank(), 0);
  for (Value result : node.getResults()) {
    auto type = cast<RankedTensorType>(result.getType());
    results.push_back(
        tosa::SliceOp::create(b, type, x, tosa::getTosaConstShape(b, begin),
                              tosa::getTosaConstShape(b, type.getShape())));
    begin[*axis] += type.getDimSize(*axis);
  }
  return results;
}

/// Instance normalization: per sample and channel over the spatial axes,
/// (x - mean) * rsqrt(var + epsilon) * scale + bias.
/// (x - mean) * rsqrt(var + epsilon) with mean and variance over `axes`
/// (InstanceNormalization, LayerNormalization).
Value normalize(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> axes,
                float epsilon, RankedTensorType type, Value *meanOut = nullptr,
                Value *invStdDevOut = nullptr) {
  int64_t rank = type.getRank();
  SmallVector<int64_t> statShape(type.getShape());
  int64_t count = 1;
  for (int64_t axis : axes) {
    count *= type.getDimSize(axis);
    statShape[axis] = 1;
  }
  auto statType = RankedTensorType::get(statShape, b.getF32Type());
  Value inverseCount = scalar(b, 1.0f / count, rank);
  Value mean = mul(b, statType, reduce<tosa::ReduceSumOp>(b, x, axes, statType),
                   inverseCount);
  Value centered = tosa::SubOp::create(b, type, x, mean);
  Value squares = mul(b, type, centered, centered);
  Value var =
      mul(b, statType, reduce<tosa::ReduceSumOp>(b, squares, axes, statType),
          inverseCount);
  var = tosa::AddOp::create(b, statType, var, scalar(b, epsilon, rank));
  Value invStdDev = tosa::RsqrtOp::create(b, statType, var);
  if (meanOut)
    *meanOut = mean;
  if (invStdDevOut)
    *invStdDevOut = invStdDev;
  return mul(b, type, centered, invStdDev);
}

FailureOr<Values> instanceNorm(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  RankedTensorType type = resultType(node);
  int64_t rank = type.getRank();
  if (rank < 3)
    return fail(node) << "inputs of rank " << rank << " are not supported";
  SmallVector<int64_t> axes;
  for (int64_t i = 2; i < rank; ++i)
    axes.push_back(i);
  Value normalized = normalize(b, input(node, 0), axes,
                               floatAttr(node, "epsilon", 1e-5f), type);
  SmallVector<int64_t> paramShape(rank, 1);
  paramShape[1] = type.getDimSize(1);
  Value scale = reshape(b, input(node, 1), paramShape);
  Value bias = reshape(b, input(node, 2), paramShape);
  return Values{
      tosa::AddOp::create(b, type, mul(b, type, normalized, scale), bias)};
}

/// LayerNormalization (opset 17): normalized over the dimensions from
/// `axis` on, then scaled and shifted (numpy broadcasting); the optional
/// Mean and InvStdDev outputs (the statistics, reduced axes kept as 1).
FailureOr<Values> layerNorm(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  RankedTensorType type = resultType(node);
  int64_t rank = type.getRank();
  FailureOr<int64_t> axis =
      normalizedAxis(node, intAttr(node, "axis", -1), rank);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> axes;
  for (int64_t i = *axis; i < rank; ++i)
    axes.push_back(i);
  Value mean, invStdDev;
  Value y =
      normalize(b, input(node, 0), axes, floatAttr(node, "epsilon", 1e-5f),
                type, &mean, &invStdDev);
  y = mul(b, type, y, withLeadingOnes(b, input(node, 1), rank));
  if (Value bias = input(node, 2))
    y = tosa::AddOp::create(b, type, y, withLeadingOnes(b, bias, rank));
  Values results = withUnproducedOutputs(node, y);
  SmallVector<Value, 2> statistics{mean, invStdDev};
  for (auto [i, statistic] : llvm::enumerate(statistics)) {
    if (i + 1 >= node.getNumResults() ||
        isa<NoneType>(node.getResult(i + 1).getType()))
      continue;
    auto statType = dyn_cast<RankedTensorType>(node.getResult(i + 1).getType());
    if (!statType || !statType.getElementType().isF32() ||
        statType.getNumElements() !=
            cast<RankedTensorType>(statistic.getType()).getNumElements())
      return fail(node) << "output #" << i + 1 << " of type "
                        << node.getResult(i + 1).getType()
                        << " is not supported (f32 statistics)";
    results[i + 1] = reshape(b, statistic, statType.getShape());
  }
  return results;
}

/// Elu (alpha * (exp(x) - 1) for x < 0), Selu (gamma times Elu with alpha),
/// Softplus (log(exp(x) + 1)), Softsign (x / (1 + |x|)).
FailureOr<Values> expActivation(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  RankedTensorType type = resultType(node);
  int64_t rank = type.getRank();
  Value x = input(node, 0);
  StringRef op = node.getOpType();
  if (op == "Softplus") {
    Value e = tosa::ExpOp::create(b, type, x);
    return Values{tosa::LogOp::create(
        b, type, tosa::AddOp::create(b, type, e, scalar(b, 1.0f, rank)))};
  }
  if (op == "Softsign") {
    Value d = tosa::AddOp::create(b, type, tosa::AbsOp::create(b, type, x),
                                  scalar(b, 1.0f, rank));
    return Values{mul(b, type, x, tosa::ReciprocalOp::create(b, type, d))};
  }
  bool selu = op == "Selu";
  float alpha =
      floatAttr(node, "alpha", selu ? 1.67326319217681884765625f : 1.0f);
  float gamma =
      selu ? floatAttr(node, "gamma", 1.05070102214813232421875f) : 1.0f;
  Value em1 = tosa::SubOp::create(b, type, tosa::ExpOp::create(b, type, x),
                                  scalar(b, 1.0f, rank));
  Value negative = mul(b, type, em1, scalar(b, alpha, rank));
  Value isPositive = tosa::GreaterOp::create(
      b, RankedTensorType::get(type.getShape(), b.getI1Type()), x,
      scalar(b, 0.0f, rank));
  Value y = tosa::SelectOp::create(b, type, isPositive, x, negative);
  if (selu)
    y = mul(b, type, y, scalar(b, gamma, rank));
  return Values{y};
}

} // namespace

void qmlir::populateONNXToTOSAHandlers(ONNXHandlerRegistry &registry) {
  auto add = [](ImplicitLocOpBuilder &b, Type type, Value x, Value y) -> Value {
    return tosa::AddOp::create(b, type, x, y);
  };
  auto sub = [](ImplicitLocOpBuilder &b, Type type, Value x, Value y) -> Value {
    return tosa::SubOp::create(b, type, x, y);
  };
  auto div = [](ImplicitLocOpBuilder &b, Type type, Value x, Value y) -> Value {
    Value inverse = tosa::ReciprocalOp::create(b, y.getType(), y);
    return mul(b, type, x, inverse);
  };
  auto maximum = [](ImplicitLocOpBuilder &b, Type type, Value x,
                    Value y) -> Value {
    return tosa::MaximumOp::create(b, type, x, y);
  };
  auto minimum = [](ImplicitLocOpBuilder &b, Type type, Value x,
                    Value y) -> Value {
    return tosa::MinimumOp::create(b, type, x, y);
  };
  auto pow = [](ImplicitLocOpBuilder &b, Type type, Value x, Value y) -> Value {
    return tosa::PowOp::create(b, type, x, y);
  };
  registry.add("Abs", 6, unary<tosa::AbsOp>());
  registry.add("Add", 7, orInteger<tosa::AddOp>(binary(add)));
  registry.add("AveragePool", 7, over1D(pool<false>));
  registry.add("BatchNormalization", 9, batchNorm);
  registry.add("Ceil", 6, unary<tosa::CeilOp>());
  registry.add("Clip", 6, clip);
  registry.add("Concat", 4, concat);
  registry.add("Conv", 1, over1D(conv));
  registry.add("ConvTranspose", 1, over1D(convTranspose));
  registry.add("Div", 7, binary(div));
  registry.add("Dropout", 7, dropout);
  registry.add("Elu", 6, expActivation);
  registry.add("Erf", 9, unary<tosa::ErfOp>());
  registry.add("Exp", 6, unary<tosa::ExpOp>());
  registry.add("Flatten", 1, reshapeToResult);
  registry.add("Floor", 6, unary<tosa::FloorOp>());
  registry.add("Gemm", 7, gemm);
  registry.add("GlobalAveragePool", 1, globalAveragePool);
  registry.add("GlobalMaxPool", 1, globalMaxPool);
  registry.add("HardSigmoid", 6, hardSigmoid);
  registry.add("HardSwish", 14, hardSigmoid);
  registry.add("Identity", 1, identity);
  registry.add("InstanceNormalization", 6, instanceNorm);
  registry.add("LayerNormalization", 17, layerNorm);
  registry.add("LeakyRelu", 6, leakyRelu);
  registry.add("Log", 6, unary<tosa::LogOp>());
  registry.add("MatMul", 1, matMul);
  registry.add("Max", 8, variadic(maximum, false));
  registry.add("MaxPool", 1, over1D(pool<true>));
  registry.add("Mean", 8, variadic(add, true));
  registry.add("Min", 8, variadic(minimum, false));
  registry.add("Mul", 7, orInteger<tosa::MulOp>(binary(mul)));
  registry.add("Neg", 6, neg);
  registry.add("Pow", 7, binary(pow));
  registry.add("PRelu", 7, leakyRelu);
  registry.add("Pad", 2, pad);
  registry.add("Reciprocal", 6, unary<tosa::ReciprocalOp>());
  registry.add("ReduceMax", 1, reduceOp<tosa::ReduceMaxOp, false>);
  registry.add("ReduceMean", 1, reduceOp<tosa::ReduceSumOp, true>);
  registry.add("ReduceMin", 1, reduceOp<tosa::ReduceMinOp, false>);
  registry.add("ReduceSum", 1, reduceOp<tosa::ReduceSumOp, false>);
  registry.add("Relu", 6, relu);
  registry.add("Reshape", 5, reshapeToResult);
  registry.add("Selu", 6, expActivation);
  registry.add("Sigmoid", 6, unary<tosa::SigmoidOp>());
  registry.add("Slice", 1, slice);
  registry.add("Softmax", 1, softmax);
  registry.add("Softplus", 1, expActivation);
  registry.add("Softsign", 1, expActivation);
  registry.add("Split", 2, split);
  registry.add("Sqrt", 6, squareRoot);
  registry.add("Squeeze", 1, reshapeToResult);
  registry.add("Sub", 7, orInteger<tosa::SubOp>(binary(sub)));
  registry.add("Sum", 8, variadic(add, false));
  registry.add("Tanh", 6, unary<tosa::TanhOp>());
  registry.add("Transpose", 1, transposeOp);
  registry.add("Unsqueeze", 1, reshapeToResult);
  populateExportedModelHandlers(registry);
  populateIndexingHandlers(registry);
  populateQuantizedHandlers(registry);
  populateRecurrentHandlers(registry);
  populateShapeHandlers(registry);
}
