//===- QuantizedHandlers.cpp - ONNX quantized ops to qnt ops --------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// QDQ and QLinear models arrive with their quantization parameters pinned.
// Their scales and zero points (constant inputs) become `!quant.uniform`
// types: QuantizeLinear/DequantizeLinear become qnt.quantize/qnt.dequantize,
// QLinearConv/ConvInteger become qnt.conv2d or qnt.depthwise_conv2d and
// QLinearMatMul/MatMulInteger qnt.matmul. The integer ops' unit-scale forms
// (ConvInteger, MatMulInteger) give the i32 accumulator exactly.
//
// Between nodes, quantized tensors keep ONNX's storage types (ui8, i8, i32)
// so that every handler stays local: a handler casts its storage operands to
// the quantized type (tensor.bitcast to signless, quant.scast) and back.
// Canonicalization removes the back-to-back cast pairs this leaves between
// nodes, and the transposes between NCHW and NHWC that cancel.
//
//===----------------------------------------------------------------------===//

#include "HandlerUtils.h"

#include "qmlir/Dialect/QNT/IR/QNTOps.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace qmlir;
using namespace qmlir::onnx_to_tosa;
using onnxir::NodeOp;

namespace {

RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Integer storage types a quantized tensor may have in ONNX.
LogicalResult requireStorage(NodeOp node, Type elementType, StringRef what,
                             bool allowI32 = false) {
  auto integer = dyn_cast<IntegerType>(elementType);
  unsigned width = integer ? integer.getWidth() : 0;
  if (integer && (width == 8 || width == 16 || (allowI32 && width == 32)))
    return success();
  return fail(node) << what << " element type " << elementType
                    << " is not supported (int8, uint8, int16, uint16"
                    << (allowI32 ? ", int32" : "") << ")";
}

/// A storage tensor (ui8, i8, ...) reinterpreted as `quantized` elements.
Value toQuantized(ImplicitLocOpBuilder &b, Value storage, Type quantized) {
  RankedTensorType type = tensorType(storage);
  auto integer = cast<IntegerType>(type.getElementType());
  if (!integer.isSignless())
    storage = tensor::BitcastOp::create(
        b, type.clone(b.getIntegerType(integer.getWidth())), storage);
  return quant::StorageCastOp::create(b, type.clone(quantized), storage);
}

/// A quantized tensor as the storage type ONNX gives it (`storageType`).
Value toStorage(ImplicitLocOpBuilder &b, Value quantized, Type storageType) {
  RankedTensorType type = tensorType(quantized);
  auto qtype = cast<quant::QuantizedType>(type.getElementType());
  Value signless = quant::StorageCastOp::create(
      b, type.clone(qtype.getStorageType()), quantized);
  if (storageType == qtype.getStorageType())
    return signless;
  return tensor::BitcastOp::create(b, type.clone(storageType), signless);
}

/// A storage tensor as signless integers (layout changes happen on these).
Value toSignless(ImplicitLocOpBuilder &b, Value storage) {
  RankedTensorType type = tensorType(storage);
  auto integer = cast<IntegerType>(type.getElementType());
  if (integer.isSignless())
    return storage;
  return tensor::BitcastOp::create(
      b, type.clone(b.getIntegerType(integer.getWidth())), storage);
}

/// Signless integers back to the storage type ONNX gives (`storageType`).
Value fromSignless(ImplicitLocOpBuilder &b, Value signless, Type storageType) {
  RankedTensorType type = tensorType(signless);
  if (type.getElementType() == storageType)
    return signless;
  return tensor::BitcastOp::create(b, type.clone(storageType), signless);
}

/// The scales and zero points given by a node's constant inputs.
struct QuantParams {
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
};

/// The zero points of a constant integer input named `what`_zero_point
/// (within `storage`'s range), with unit scales.
FailureOr<QuantParams> readZeroPoints(NodeOp node, Value zeroPoint,
                                      IntegerType storage, StringRef what) {
  DenseElementsAttr zps;
  if (!matchPattern(zeroPoint, m_Constant(&zps)) ||
      !isa<IntegerType>(zps.getElementType())) {
    fail(node) << "a run-time " << what
               << "_zero_point input is not supported (it must be an integer "
                  "constant)";
    return failure();
  }
  if (zps.getElementType() != storage) {
    fail(node) << what << "_zero_point has element type "
               << zps.getElementType() << " but the data has " << storage;
    return failure();
  }
  int64_t lo = quant::QuantizedType::getDefaultMinimumForInteger(
      !storage.isUnsigned(), storage.getWidth());
  int64_t hi = quant::QuantizedType::getDefaultMaximumForInteger(
      !storage.isUnsigned(), storage.getWidth());
  QuantParams params;
  for (APInt value : zps.getValues<APInt>()) {
    int64_t z =
        storage.isUnsigned() ? value.getZExtValue() : value.getSExtValue();
    if (z < lo || z > hi) {
      fail(node) << what << "_zero_point " << z << " is outside [" << lo << ", "
                 << hi << "]";
      return failure();
    }
    params.zeroPoints.push_back(z);
    params.scales.push_back(1.0);
  }
  return params;
}

/// Reads a scale input (required, positive finite float constants) and a
/// zero-point input (optional, default 0), named `what` in diagnostics ("x"
/// gives "x_scale" and "x_zero_point").
FailureOr<QuantParams> readParams(NodeOp node, Value scale, Value zeroPoint,
                                  IntegerType storage, StringRef what) {
  DenseElementsAttr scales;
  if (!scale || !matchPattern(scale, m_Constant(&scales)) ||
      !isa<FloatType>(scales.getElementType())) {
    fail(node) << "a run-time " << what
               << "_scale input is not supported (it must be a float "
                  "constant)";
    return failure();
  }
  QuantParams params;
  for (APFloat value : scales.getValues<APFloat>()) {
    double s = value.convertToDouble();
    if (!(s > 0.0) || !std::isfinite(s)) {
      fail(node) << what << "_scale " << s << " must be positive and finite";
      return failure();
    }
    params.scales.push_back(s);
  }
  if (!zeroPoint) {
    params.zeroPoints.assign(params.scales.size(), 0);
    return params;
  }
  FailureOr<QuantParams> zps = readZeroPoints(node, zeroPoint, storage, what);
  if (failed(zps))
    return failure();
  if (zps->zeroPoints.size() != params.scales.size()) {
    fail(node) << what << "_scale has " << params.scales.size()
               << " values but " << what << "_zero_point has "
               << zps->zeroPoints.size();
    return failure();
  }
  params.zeroPoints = zps->zeroPoints;
  return params;
}

/// The quantized element type of `params` over `storage` expressing f32: per
/// tensor for one value, else per axis along `axis` of `shaped` (an axis
/// attribute: negative counts from the end), with one value per entry.
FailureOr<Type> quantizedType(NodeOp node, const QuantParams &params,
                              IntegerType storage, int64_t axis,
                              RankedTensorType shaped, StringRef what) {
  MLIRContext *context = node.getContext();
  unsigned flags = storage.isUnsigned() ? 0 : quant::QuantizationFlags::Signed;
  Type signless = IntegerType::get(context, storage.getWidth());
  Type f32 = Float32Type::get(context);
  int64_t lo = quant::QuantizedType::getDefaultMinimumForInteger(
      !storage.isUnsigned(), storage.getWidth());
  int64_t hi = quant::QuantizedType::getDefaultMaximumForInteger(
      !storage.isUnsigned(), storage.getWidth());
  if (params.scales.size() == 1)
    return Type(quant::UniformQuantizedType::get(
        flags, signless, f32, params.scales[0], params.zeroPoints[0], lo, hi));
  FailureOr<int64_t> dim = normalizedAxis(node, axis, shaped.getRank());
  if (failed(dim))
    return failure();
  if (static_cast<int64_t>(params.scales.size()) != shaped.getDimSize(*dim)) {
    fail(node) << what << "_scale has " << params.scales.size()
               << " values; per-axis parameters need one per entry of axis "
               << *dim << " (" << shaped.getDimSize(*dim) << ")";
    return failure();
  }
  return Type(quant::UniformQuantizedPerAxisType::get(
      flags, signless, f32, params.scales, params.zeroPoints, *dim, lo, hi));
}

/// The axis attribute of QuantizeLinear/DequantizeLinear (opset 13 on, used
/// for per-axis parameters; before, parameters are per tensor).
FailureOr<int64_t> qdqAxis(NodeOp node) {
  if (intAttr(node, "block_size", 0) != 0) {
    fail(node) << "blocked quantization (block_size) is not supported";
    return failure();
  }
  return node.getOpset() < 13 ? int64_t(-1) : intAttr(node, "axis", 1);
}

/// num / den (den broadcast to num's type `type`) as ONNX's reference
/// divides, though TOSA has no float division: q = num * (1 / den), refined
/// by one Newton step with the exact residual num - q * den, so that halfway
/// cases round as the quotient does. The residual needs q * den exactly:
/// p + e by Dekker's product (Veltkamp splitting of both factors into 12-bit
/// halves).
Value divideRounded(ImplicitLocOpBuilder &b, Value num, Value den,
                    RankedTensorType type) {
  int64_t r = type.getRank();
  auto sub = [&](Value a, Value c) -> Value {
    return tosa::SubOp::create(b, type, a, c);
  };
  auto add = [&](Value a, Value c) -> Value {
    return tosa::AddOp::create(b, type, a, c);
  };
  auto split = [&](Value a) -> std::pair<Value, Value> {
    Value c = mul(b, type, a, scalar(b, 4097.0f, r));
    Value hi = sub(c, sub(c, a));
    return {hi, sub(a, hi)};
  };
  Value inverse = tosa::ReciprocalOp::create(b, tensorType(den), den);
  Value q0 = mul(b, type, num, inverse);
  Value zeros =
      tosa::ConstOp::create(b, type, DenseElementsAttr::get(type, 0.0f));
  Value denFull = add(zeros, den); // broadcast to num's shape
  Value p = mul(b, type, q0, denFull);
  auto [qHi, qLo] = split(q0);
  auto [dHi, dLo] = split(denFull);
  Value e = add(add(add(sub(mul(b, type, qHi, dHi), p), mul(b, type, qHi, dLo)),
                    mul(b, type, qLo, dHi)),
                mul(b, type, qLo, dLo));
  Value residual = sub(sub(num, p), e);
  return add(q0, mul(b, type, residual, inverse));
}

/// QuantizeLinear with a run-time (per-tensor) scale or zero point, in float
/// TOSA as ONNX's reference computes it:
/// y = sat(roundHalfEven(x / scale) + zero_point), for uint8 and int8.
FailureOr<Values> runtimeQuantizeLinear(NodeOp node, ImplicitLocOpBuilder &b,
                                        IntegerType storage) {
  Value x = input(node, 0), scale = input(node, 1), zeroPoint = input(node, 2);
  RankedTensorType xType = tensorType(x);
  RankedTensorType outType = resultType(node);
  if (storage.getWidth() != 8)
    return fail(node) << "a run-time y_scale or y_zero_point needs uint8 or "
                         "int8 results";
  int64_t rank = xType.getRank();
  SmallVector<int64_t> ones(rank, 1);
  auto isScalar = [](Value v) {
    return !v || tensorType(v).getNumElements() == 1;
  };
  if (!isScalar(scale) || !isScalar(zeroPoint) ||
      !tensorType(scale).getElementType().isF32())
    return fail(node) << "a run-time y_scale or y_zero_point must be one f32 "
                         "scale and one zero point (per tensor)";
  auto i32Type = xType.clone(b.getI32Type());
  auto i32One = RankedTensorType::get(ones, b.getI32Type());
  Value s = reshape(b, scale, ones);
  // Float to int casts round half to even.
  Value q = tosa::CastOp::create(b, i32Type, divideRounded(b, x, s, xType));
  if (zeroPoint) {
    Value zp = reshape(b, zeroPoint, ones);
    auto zpType = tensorType(zp);
    if (!zpType.getElementType().isSignlessInteger(8))
      zp = tensor::BitcastOp::create(b, zpType.clone(b.getI8Type()), zp);
    zp = tosa::CastOp::create(b, i32One, zp);
    if (storage.isUnsigned()) {
      Value mask = tosa::ConstOp::create(
          b, i32One,
          DenseElementsAttr::get(i32One, b.getI32IntegerAttr(255).getValue()));
      zp = tosa::BitwiseAndOp::create(b, i32One, zp, mask);
    }
    q = tosa::AddOp::create(b, i32Type, q, zp);
  }
  int32_t lo = storage.isUnsigned() ? 0 : -128;
  int32_t hi = storage.isUnsigned() ? 255 : 127;
  Value clamped = tosa::ClampOp::create(b, i32Type, q, b.getI32IntegerAttr(lo),
                                        b.getI32IntegerAttr(hi));
  Value i8 = tosa::CastOp::create(b, xType.clone(b.getI8Type()), clamped);
  return Values{fromSignless(b, i8, outType.getElementType())};
}

FailureOr<Values> quantizeLinear(NodeOp node, ImplicitLocOpBuilder &b) {
  Value x = input(node, 0);
  RankedTensorType outType = resultType(node);
  if (!tensorType(x).getElementType().isF32())
    return fail(node) << "element type " << tensorType(x).getElementType()
                      << " is not supported (f32 only)";
  if (failed(requireStorage(node, outType.getElementType(), "result")))
    return failure();
  if (intAttr(node, "saturate", 1) != 1)
    return fail(node) << "saturate = 0 is not supported";
  FailureOr<int64_t> axis = qdqAxis(node);
  if (failed(axis))
    return failure();
  auto storage = cast<IntegerType>(outType.getElementType());
  if (!matchPattern(input(node, 1), m_Constant()) ||
      (input(node, 2) && !matchPattern(input(node, 2), m_Constant())))
    return runtimeQuantizeLinear(node, b, storage);
  FailureOr<QuantParams> params =
      readParams(node, input(node, 1), input(node, 2), storage, "y");
  if (failed(params))
    return failure();
  FailureOr<Type> qtype =
      quantizedType(node, *params, storage, *axis, outType, "y");
  if (failed(qtype))
    return failure();
  Value q = qnt::QuantizeOp::create(b, outType.clone(*qtype), x);
  return Values{toStorage(b, q, storage)};
}

FailureOr<Values> dequantizeLinear(NodeOp node, ImplicitLocOpBuilder &b) {
  Value x = input(node, 0);
  RankedTensorType outType = resultType(node);
  if (!outType.getElementType().isF32())
    return fail(node) << "result element type " << outType.getElementType()
                      << " is not supported (f32 only)";
  if (failed(requireStorage(node, tensorType(x).getElementType(), "input",
                            /*allowI32=*/true)))
    return failure();
  FailureOr<int64_t> axis = qdqAxis(node);
  if (failed(axis))
    return failure();
  auto storage = cast<IntegerType>(tensorType(x).getElementType());
  FailureOr<QuantParams> params =
      readParams(node, input(node, 1), input(node, 2), storage, "x");
  if (failed(params))
    return failure();
  FailureOr<Type> qtype =
      quantizedType(node, *params, storage, *axis, tensorType(x), "x");
  if (failed(qtype))
    return failure();
  return Values{
      qnt::DequantizeOp::create(b, outType, toQuantized(b, x, *qtype))};
}

/// DynamicQuantizeLinear: u8 parameters computed at run time from the
/// tensor's range (which must include 0), in float TOSA, with divisions as
/// ONNX's reference computes them (not products with a rounded reciprocal):
///   scale = (max(x, 0) - min(x, 0)) / 255
///   zero_point = sat(roundHalfEven(-min(x, 0) / scale))
///   y = sat(roundHalfEven(x / scale) + zero_point)
/// TOSA has no float division: each quotient is the product with the
/// reciprocal refined by one Newton step with an exact (Dekker) residual,
/// which rounds to an integer as the exact quotient does. The u8 outputs
/// are i8 bit patterns reinterpreted (tensor.bitcast).
FailureOr<Values> dynamicQuantizeLinear(NodeOp node, ImplicitLocOpBuilder &b) {
  Value x = input(node, 0);
  RankedTensorType xType = tensorType(x);
  if (!xType.getElementType().isF32())
    return fail(node) << "element type " << xType.getElementType()
                      << " is not supported (f32 only)";
  int64_t rank = xType.getRank();
  SmallVector<int64_t> ones(rank, 1);
  auto statType = RankedTensorType::get(ones, b.getF32Type());
  auto reduceAll = [&](auto tag) {
    using ReduceOp = decltype(tag);
    Value v = x;
    for (int64_t axis = 0; axis < rank; ++axis) {
      SmallVector<int64_t> shape(
          cast<RankedTensorType>(v.getType()).getShape());
      shape[axis] = 1;
      v = ReduceOp::create(b, RankedTensorType::get(shape, b.getF32Type()), v,
                           static_cast<uint32_t>(axis));
    }
    return v;
  };
  Value zero = scalar(b, 0.0f, rank);
  Value hi = tosa::MaximumOp::create(b, statType,
                                     reduceAll(tosa::ReduceMaxOp()), zero);
  Value lo = tosa::MinimumOp::create(b, statType,
                                     reduceAll(tosa::ReduceMinOp()), zero);
  auto i32Stat = RankedTensorType::get(ones, b.getI32Type());
  auto clampU8 = [&](Value v, RankedTensorType type) {
    return tosa::ClampOp::create(b, type, v, b.getI32IntegerAttr(0),
                                 b.getI32IntegerAttr(255));
  };
  auto i32Type = xType.clone(b.getI32Type());
  Value scale = divideRounded(b, tosa::SubOp::create(b, statType, hi, lo),
                              scalar(b, 255.0f, rank), statType);
  // Float to int casts round half to even.
  Value zp =
      clampU8(tosa::CastOp::create(
                  b, i32Stat,
                  divideRounded(b, tosa::SubOp::create(b, statType, zero, lo),
                                scale, statType)),
              i32Stat);
  Value quotient = divideRounded(b, x, scale, xType);
  Value q = tosa::CastOp::create(b, i32Type, quotient);
  Value y = clampU8(tosa::AddOp::create(b, i32Type, q, zp), i32Type);
  // i32 values in [0, 255] to the u8 type `type` (through i8 bits).
  auto toU8 = [&](Value v, RankedTensorType type) {
    Value i8 = tosa::CastOp::create(b, type.clone(b.getI8Type()), v);
    return fromSignless(b, i8, type.getElementType());
  };
  RankedTensorType yType = resultType(node, 0);
  RankedTensorType scaleType = resultType(node, 1);
  RankedTensorType zpType = resultType(node, 2);
  if (!yType.getElementType().isUnsignedInteger(8) ||
      !zpType.getElementType().isUnsignedInteger(8))
    return fail(node) << "outputs must be uint8";
  return Values{toU8(y, yType), reshape(b, scale, scaleType.getShape()),
                toU8(reshape(b, zp, zpType.getShape()), zpType)};
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

/// The result type of a quantized convolution or matmul: from `params` over
/// `storage`, or with a null `storage` the i32 accumulator itself (scale
/// `accScale`, zero point 0; `storage` becomes i32).
FailureOr<Type> resultQuantizedType(NodeOp node, const QuantParams &params,
                                    IntegerType &storage,
                                    RankedTensorType outType, double accScale) {
  if (storage)
    return quantizedType(node, params, storage, 0, outType, "y");
  MLIRContext *context = node.getContext();
  storage = IntegerType::get(context, 32);
  return Type(quant::UniformQuantizedType::get(
      quant::QuantizationFlags::Signed, storage, Float32Type::get(context),
      accScale, 0, quant::QuantizedType::getDefaultMinimumForInteger(true, 32),
      quant::QuantizedType::getDefaultMaximumForInteger(true, 32)));
}

/// The operands of a quantized convolution, as the handlers read them.
struct QuantConvOperands {
  Value x, w, bias;
  /// Parameters of x (per tensor) and w (per tensor or per output channel).
  QuantParams xParams, wParams;
  /// Result type and parameters; a null storage means an i32 accumulator.
  QuantParams yParams;
  IntegerType yStorage;
  /// When set, x is padded with this value (a tensor<1xi8> of x's storage
  /// bits; a run-time zero point) instead of by the convolution.
  Value padValue = {};
};

/// Builds qnt.conv2d or qnt.depthwise_conv2d for QLinearConv and ConvInteger
/// and returns the NCHW result as ONNX's storage type.
FailureOr<Values> buildQuantConv(NodeOp node, ImplicitLocOpBuilder &b,
                                 QuantConvOperands ops) {
  RankedTensorType xType = tensorType(ops.x), wType = tensorType(ops.w);
  RankedTensorType outType = resultType(node);
  if (xType.getRank() != 4)
    return fail(node) << "convolution over " << xType.getRank() - 2
                      << " spatial dimensions is not supported (2 only)";
  auto xStorage = cast<IntegerType>(xType.getElementType());
  auto wStorage = cast<IntegerType>(wType.getElementType());
  int64_t channels = xType.getDimSize(1), filters = wType.getDimSize(0);
  int64_t kh = wType.getDimSize(2), kw = wType.getDimSize(3);
  int64_t group = intAttr(node, "group", 1);
  bool depthwise = group > 1 && group == channels && wType.getDimSize(1) == 1;
  if (group != 1 && !depthwise)
    return fail(node) << "group = " << group
                      << " is not supported (1, or depthwise)";
  int64_t multiplier = filters / channels;
  bool perChannel = ops.wParams.scales.size() > 1;
  if (depthwise && multiplier != 1 && perChannel)
    return fail(node) << "per-channel parameters with a depthwise channel "
                         "multiplier of "
                      << multiplier << " are not supported";
  SmallVector<int64_t> strides = intsAttr(node, "strides", {1, 1});
  SmallVector<int64_t> dilations = intsAttr(node, "dilations", {1, 1});
  if (failed(checkWindowAttr(node, "strides", strides, 2, 1)) ||
      failed(checkWindowAttr(node, "dilations", dilations, 2, 1)))
    return failure();
  SmallVector<int64_t> extent = {(kh - 1) * dilations[0] + 1,
                                 (kw - 1) * dilations[1] + 1};
  FailureOr<SmallVector<int64_t>> pads = spatialPads(
      node, {xType.getDimSize(2), xType.getDimSize(3)}, extent, strides);
  if (failed(pads))
    return failure();

  // Element types.
  FailureOr<Type> xq =
      quantizedType(node, ops.xParams, xStorage, 0, xType, "x");
  if (failed(xq))
    return failure();
  // Per-channel weight parameters go with TOSA's output-channel axis.
  auto kernelType = RankedTensorType::get(
      depthwise ? SmallVector<int64_t>{kh, kw, channels, multiplier}
                : SmallVector<int64_t>{filters, kh, kw, wType.getDimSize(1)},
      wStorage);
  FailureOr<Type> wq = quantizedType(node, ops.wParams, wStorage,
                                     depthwise ? 2 : 0, kernelType, "w");
  if (failed(wq))
    return failure();
  double xScale = ops.xParams.scales[0];
  IntegerType yStorage = ops.yStorage;
  FailureOr<Type> yq = resultQuantizedType(node, ops.yParams, yStorage, outType,
                                           xScale * ops.wParams.scales[0]);
  if (failed(yq))
    return failure();

  // Operands in NHWC and TOSA's kernel layouts.
  Value x = transpose(b, toSignless(b, ops.x), kToNHWC);
  if (ops.padValue && llvm::any_of(*pads, [](int64_t p) { return p != 0; })) {
    RankedTensorType nhwc = tensorType(x);
    SmallVector<int64_t> padded(nhwc.getShape());
    padded[1] += (*pads)[0] + (*pads)[1];
    padded[2] += (*pads)[2] + (*pads)[3];
    x = tosa::PadOp::create(
        b, nhwc.clone(padded), x,
        tosa::getTosaConstShape(
            b, {0, 0, (*pads)[0], (*pads)[1], (*pads)[2], (*pads)[3], 0, 0}),
        ops.padValue);
    *pads = {0, 0, 0, 0};
  }
  x = toQuantized(b, x, *xq);
  Value w = toSignless(b, ops.w);
  if (depthwise) {
    // [C*M, 1, KH, KW] -> [KH, KW, C, M]
    w = reshape(b, transpose(b, w, {2, 3, 0, 1}),
                {kh, kw, channels, multiplier});
  } else {
    w = transpose(b, w, kToNHWC); // OIHW -> OHWI
  }
  w = toQuantized(b, w, *wq);
  Value bias;
  if (ops.bias) {
    auto biasStorage = cast<IntegerType>(tensorType(ops.bias).getElementType());
    if (biasStorage.getWidth() != 32 || biasStorage.isUnsigned())
      return fail(node) << "bias element type " << biasStorage
                        << " is not supported (int32)";
    QuantParams biasParams;
    for (double ws : ops.wParams.scales)
      biasParams.scales.push_back(xScale * ws);
    biasParams.zeroPoints.assign(biasParams.scales.size(), 0);
    FailureOr<Type> bq = quantizedType(node, biasParams, biasStorage, 0,
                                       tensorType(ops.bias), "B");
    if (failed(bq))
      return failure();
    bias = toQuantized(b, ops.bias, *bq);
  }
  auto nhwcOut =
      RankedTensorType::get({outType.getDimSize(0), outType.getDimSize(2),
                             outType.getDimSize(3), filters},
                            *yq);
  Value y;
  if (depthwise)
    y = qnt::DepthwiseConv2DOp::create(
        b, nhwcOut, x, w, bias, b.getDenseI64ArrayAttr(*pads),
        b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(dilations),
        /*clamp=*/nullptr, qnt::RoundingMode::Single);
  else
    y = qnt::Conv2DOp::create(
        b, nhwcOut, x, w, bias, b.getDenseI64ArrayAttr(*pads),
        b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(dilations),
        /*clamp=*/nullptr, qnt::RoundingMode::Single);
  Value nchw = transpose(
      b, toStorage(b, y, b.getIntegerType(yStorage.getWidth())), kToNCHW);
  return Values{fromSignless(b, nchw, outType.getElementType())};
}

/// The storage element type of input `i`, checked.
FailureOr<IntegerType> storageOf(NodeOp node, unsigned i, StringRef what) {
  Value value = input(node, i);
  if (!value) {
    fail(node) << "input " << what << " is missing";
    return failure();
  }
  Type element = tensorType(value).getElementType();
  if (failed(requireStorage(node, element, what)))
    return failure();
  return cast<IntegerType>(element);
}

/// The parameters of QLinearConv and QLinearMatMul, which share their input
/// layout: (data, scale, zero point) of two operands at inputs 0 and 3, the
/// result's scale and zero point at inputs 6 and 7.
struct QLinearParams {
  QuantParams lhs, rhs, result;
  IntegerType resultStorage;
};

FailureOr<QLinearParams> readQLinearParams(NodeOp node, StringRef lhsName,
                                           StringRef rhsName) {
  FailureOr<IntegerType> lhsStorage = storageOf(node, 0, lhsName);
  FailureOr<IntegerType> rhsStorage = storageOf(node, 3, rhsName);
  if (failed(lhsStorage) || failed(rhsStorage) ||
      failed(requireStorage(node, resultType(node).getElementType(), "y")))
    return failure();
  QLinearParams params;
  params.resultStorage = cast<IntegerType>(resultType(node).getElementType());
  FailureOr<QuantParams> lhs =
      readParams(node, input(node, 1), input(node, 2), *lhsStorage, lhsName);
  if (failed(lhs))
    return failure();
  FailureOr<QuantParams> rhs =
      readParams(node, input(node, 4), input(node, 5), *rhsStorage, rhsName);
  if (failed(rhs))
    return failure();
  FailureOr<QuantParams> result = readParams(
      node, input(node, 6), input(node, 7), params.resultStorage, "y");
  if (failed(result))
    return failure();
  if (result->scales.size() != 1) {
    fail(node) << "y parameters must be per tensor";
    return failure();
  }
  params.lhs = *lhs;
  params.rhs = *rhs;
  params.result = *result;
  return params;
}

/// The first operand's zero point of ConvInteger or MatMulInteger (input 2)
/// when it is computed at run time (DynamicQuantizeLinear's output, in
/// models quantized dynamically), else null.
Value runtimeZeroPoint(NodeOp node) {
  Value zp = input(node, 2);
  DenseElementsAttr constant;
  if (!zp || matchPattern(zp, m_Constant(&constant)))
    return {};
  return zp;
}

/// An integer tensor of ONNX's storage type (signless or unsigned) as i32
/// values, reshaped to `rank` dimensions by leading ones.
Value toI32(ImplicitLocOpBuilder &b, Value value, int64_t rank) {
  RankedTensorType type = tensorType(value);
  auto integer = cast<IntegerType>(type.getElementType());
  Value v = withLeadingOnes(b, toSignless(b, value), rank);
  auto i32Type = tensorType(v).clone(b.getI32Type());
  v = tosa::CastOp::create(b, i32Type, v);
  if (integer.isUnsigned() && integer.getWidth() < 32) {
    auto maskType =
        RankedTensorType::get(SmallVector<int64_t>(rank, 1), b.getI32Type());
    Value mask = tosa::ConstOp::create(
        b, maskType,
        DenseElementsAttr::get(
            maskType, b.getI32IntegerAttr((1 << integer.getWidth()) - 1)));
    v = tosa::BitwiseAndOp::create(b, i32Type, v, mask);
  }
  return v;
}

/// i32 `x - zeroPoints` with the zero points (one, or one per index of
/// `axis`) of `x`'s rank.
Value minusZeroPoints(ImplicitLocOpBuilder &b, Value x,
                      ArrayRef<int64_t> zeroPoints, int64_t axis) {
  if (llvm::all_of(zeroPoints, [](int64_t z) { return z == 0; }))
    return x;
  RankedTensorType type = tensorType(x);
  SmallVector<int64_t> shape(type.getRank(), 1);
  if (zeroPoints.size() > 1)
    shape[axis] = zeroPoints.size();
  auto zpType = RankedTensorType::get(shape, b.getI32Type());
  SmallVector<int32_t> values(zeroPoints.begin(), zeroPoints.end());
  Value zp = tosa::ConstOp::create(
      b, zpType, DenseElementsAttr::get(zpType, ArrayRef<int32_t>(values)));
  return tosa::SubOp::create(b, type, x, zp);
}

/// `y - zp * sums` in i32, the run-time zero point `zp` (a scalar) and the
/// sums of the second operand's values broadcast to `y`.
Value subtractZeroPointTerm(ImplicitLocOpBuilder &b, Value y, Value zp,
                            Value sums) {
  RankedTensorType type = tensorType(y);
  int64_t rank = type.getRank();
  Value zp32 = toI32(b, zp, rank);
  sums = withLeadingOnes(b, sums, rank);
  auto shiftType = RankedTensorType::get({1}, b.getI8Type());
  Value shift = tosa::ConstOp::create(
      b, shiftType, DenseElementsAttr::get(shiftType, b.getI8IntegerAttr(0)));
  Value term = tosa::MulOp::create(b, tensorType(sums), sums, zp32, shift);
  return tosa::SubOp::create(b, type, y, term);
}

/// `x` summed over `axes` (kept as size 1).
Value sumOver(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> axes) {
  for (int64_t axis : axes) {
    SmallVector<int64_t> shape(tensorType(x).getShape());
    shape[axis] = 1;
    x = tosa::ReduceSumOp::create(b, tensorType(x).clone(shape), x,
                                  static_cast<uint32_t>(axis));
  }
  return x;
}

/// The optional zero points of ConvInteger and MatMulInteger (inputs 2 and 3)
/// with unit scales; the first operand's must be per tensor.
FailureOr<std::pair<QuantParams, QuantParams>>
readIntegerZeroPoints(NodeOp node, StringRef lhsName, StringRef rhsName) {
  FailureOr<IntegerType> lhsStorage = storageOf(node, 0, lhsName);
  FailureOr<IntegerType> rhsStorage = storageOf(node, 1, rhsName);
  if (failed(lhsStorage) || failed(rhsStorage))
    return failure();
  std::pair<QuantParams, QuantParams> params{{{1.0}, {0}}, {{1.0}, {0}}};
  StringRef names[] = {lhsName, rhsName};
  IntegerType storages[] = {*lhsStorage, *rhsStorage};
  QuantParams *targets[] = {&params.first, &params.second};
  for (int i = 0; i < 2; ++i) {
    Value zp = input(node, 2 + i);
    if (!zp || (i == 0 && runtimeZeroPoint(node)))
      continue;
    FailureOr<QuantParams> read =
        readZeroPoints(node, zp, storages[i], names[i].lower());
    if (failed(read))
      return failure();
    *targets[i] = *read;
  }
  if (params.first.scales.size() != 1) {
    fail(node) << lhsName.lower() << "_zero_point must be per tensor";
    return failure();
  }
  return params;
}

/// QLinearConv(x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale,
/// y_zero_point, B).
FailureOr<Values> qlinearConv(NodeOp node, ImplicitLocOpBuilder &b) {
  FailureOr<QLinearParams> params = readQLinearParams(node, "x", "w");
  if (failed(params))
    return failure();
  if (params->lhs.scales.size() != 1)
    return fail(node) << "x parameters must be per tensor";
  return buildQuantConv(node, b,
                        {input(node, 0), input(node, 3), input(node, 8),
                         params->lhs, params->rhs, params->result,
                         params->resultStorage});
}

/// ConvInteger(x, w, x_zero_point, w_zero_point) -> int32. A run-time
/// x_zero_point (a dynamically quantized model) pads x with itself and is
/// taken out afterwards: sum (x - zx)(w - zw) = sum x (w - zw) - zx * sum
/// (w - zw), the last sum per output channel over the whole kernel.
FailureOr<Values> convInteger(NodeOp node, ImplicitLocOpBuilder &b) {
  FailureOr<std::pair<QuantParams, QuantParams>> zeroPoints =
      readIntegerZeroPoints(node, "x", "w");
  if (failed(zeroPoints))
    return failure();
  Value zp = runtimeZeroPoint(node);
  Value padValue;
  if (zp) {
    if (tensorType(zp).getNumElements() != 1)
      return fail(node) << "a run-time x_zero_point must be a scalar";
    padValue = reshape(b, toSignless(b, zp), {1});
  }
  FailureOr<Values> y = buildQuantConv(node, b,
                                       {input(node, 0),
                                        input(node, 1),
                                        Value(),
                                        zeroPoints->first,
                                        zeroPoints->second,
                                        {},
                                        IntegerType(),
                                        padValue});
  if (failed(y) || !zp)
    return y;
  // sum over (C/group, KH, KW) of w - zw, per output channel, as [1, F, 1, 1].
  Value w = minusZeroPoints(b, toI32(b, input(node, 1), 4),
                            zeroPoints->second.zeroPoints, 0);
  Value sums = sumOver(b, w, {1, 2, 3});
  sums = reshape(b, sums, {1, tensorType(sums).getDimSize(0), 1, 1});
  return Values{subtractZeroPointTerm(b, (*y)[0], zp, sums)};
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

/// Builds qnt.matmul for QLinearMatMul and MatMulInteger: `a` per tensor, `b`
/// per tensor or per column, the result per tensor (`yStorage` null: the i32
/// accumulator). Batched operands of equal rank become rank 3; a 2-D `b`
/// is shared by all rows of a higher-rank `a`.
FailureOr<Values> buildQuantMatmul(NodeOp node, ImplicitLocOpBuilder &b,
                                   Value lhs, Value rhs, QuantParams aParams,
                                   QuantParams bParams, QuantParams yParams,
                                   IntegerType yStorage) {
  RankedTensorType aType = tensorType(lhs), bType = tensorType(rhs);
  RankedTensorType outType = resultType(node);
  int64_t aRank = aType.getRank(), bRank = bType.getRank();
  if (aRank < 2 || bRank < 2 || (bRank != 2 && aRank != bRank))
    return fail(node) << "operands of ranks " << aRank << " and " << bRank
                      << " are not supported (rank >= 2; equal ranks or a "
                         "2-D second operand)";
  int64_t m = aType.getDimSize(aRank - 2), k = aType.getDimSize(aRank - 1);
  int64_t n = bType.getDimSize(bRank - 1);
  int64_t batch = 1;
  for (int64_t i = 0; i + 2 < aRank; ++i) {
    if (bRank != 2 && aType.getDimSize(i) != bType.getDimSize(i))
      return fail(node) << "broadcast batch dimensions are not supported";
    batch *= aType.getDimSize(i);
  }
  if (aParams.scales.size() != 1)
    return fail(node) << "a parameters must be per tensor";
  SmallVector<int64_t> aShape = {batch, m, k}, bShape = {batch, k, n},
                       yShape = {batch, m, n};
  if (bRank == 2) {
    aShape = {batch * m, k};
    bShape = {k, n};
    yShape = {batch * m, n};
  }
  auto aStorage = cast<IntegerType>(aType.getElementType());
  auto bStorage = cast<IntegerType>(bType.getElementType());
  FailureOr<Type> aq = quantizedType(node, aParams, aStorage, 0, aType, "a");
  if (failed(aq))
    return failure();
  FailureOr<Type> bq =
      quantizedType(node, bParams, bStorage, -1,
                    RankedTensorType::get(bShape, bStorage), "b");
  if (failed(bq))
    return failure();
  FailureOr<Type> yq = resultQuantizedType(
      node, yParams, yStorage, outType, aParams.scales[0] * bParams.scales[0]);
  if (failed(yq))
    return failure();
  Value a = toQuantized(b, reshape(b, toSignless(b, lhs), aShape), *aq);
  Value w = toQuantized(b, reshape(b, toSignless(b, rhs), bShape), *bq);
  Value y = qnt::MatmulOp::create(b, RankedTensorType::get(yShape, *yq), a, w,
                                  /*bias=*/Value(), /*clamp=*/nullptr,
                                  qnt::RoundingMode::Single);
  Value storage = toStorage(b, y, b.getIntegerType(yStorage.getWidth()));
  return Values{fromSignless(b, reshape(b, storage, outType.getShape()),
                             outType.getElementType())};
}

/// QLinearMatMul(a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale,
/// y_zero_point).
FailureOr<Values> qlinearMatMul(NodeOp node, ImplicitLocOpBuilder &b) {
  FailureOr<QLinearParams> params = readQLinearParams(node, "a", "b");
  if (failed(params))
    return failure();
  return buildQuantMatmul(node, b, input(node, 0), input(node, 3), params->lhs,
                          params->rhs, params->result, params->resultStorage);
}

/// MatMulInteger(A, B, a_zero_point, b_zero_point) -> int32. A run-time
/// a_zero_point (a dynamically quantized model) is taken out afterwards:
/// sum (a - za)(b - zb) = sum a (b - zb) - za * sum (b - zb), the last sum
/// per column of B.
FailureOr<Values> matMulInteger(NodeOp node, ImplicitLocOpBuilder &b) {
  FailureOr<std::pair<QuantParams, QuantParams>> zeroPoints =
      readIntegerZeroPoints(node, "A", "B");
  if (failed(zeroPoints))
    return failure();
  FailureOr<Values> y = buildQuantMatmul(node, b, input(node, 0),
                                         input(node, 1), zeroPoints->first,
                                         zeroPoints->second, {}, IntegerType());
  Value zp = runtimeZeroPoint(node);
  if (failed(y) || !zp)
    return y;
  if (tensorType(zp).getNumElements() != 1)
    return fail(node) << "a run-time a_zero_point must be a scalar";
  Value rhs = input(node, 1);
  int64_t rank = tensorType(rhs).getRank();
  Value bValues = minusZeroPoints(b, toI32(b, rhs, rank),
                                  zeroPoints->second.zeroPoints, rank - 1);
  Value sums = sumOver(b, bValues, {rank - 2});
  return Values{subtractZeroPointTerm(b, (*y)[0], zp, sums)};
}

} // namespace

void qmlir::onnx_to_tosa::populateQuantizedHandlers(
    ONNXHandlerRegistry &registry) {
  registry.add("ConvInteger", 10, convInteger);
  registry.add("DequantizeLinear", 10, dequantizeLinear);
  registry.add("DynamicQuantizeLinear", 11, dynamicQuantizeLinear);
  registry.add("MatMulInteger", 10, matMulInteger);
  registry.add("QLinearConv", 10, qlinearConv);
  registry.add("QLinearMatMul", 10, qlinearMatMul);
  registry.add("QuantizeLinear", 10, quantizeLinear);
}
