//===- Lowerings.cpp - qnt ops to linalg on storage integers
//---------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Every qnt op (but calibration markers) as linalg on tensors of storage
// integers (DESIGN.md level 4). Quantize and dequantize are exact float
// simulations: `sat(roundHalfEven(x / s[c]) + z[c])` in f32 (NaN giving the
// zero point) and `s[c] * (q - z[c])`. Contractions (conv2d, depthwise_conv2d,
// matmul) with constant weights compute a pure integer dot product of the
// activation and the weights minus their zero points, on i8 when the values
// fit: u8 activations are moved to s8 by flipping the top bit (x - 128, z -
// 128), the input is padded with its zero point, and the zero-point correction
// -z * sum(w) is folded with the bias into one int32 constant per output
// channel. Weights that are not constants take the general form: both
// operands minus their zero points as i32. Requantization is a
// linalg.generic with the fixed-point multiplier and shift of the numerics
// library (`applyScale`), bit for bit.
//
//===----------------------------------------------------------------------===//

#include "QNTToLinalgInternal.h"
#include "qmlir/Conversion/QNTToLinalg/QNTToLinalg.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Quant/Numerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/DialectConversion.h"

#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace qmlir;

namespace {

/// The parameters of a quantized tensor type.
struct QInfo {
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  std::optional<int64_t> axis;
  unsigned width = 8;
  bool isSigned = true;
  int64_t min = 0, max = 0;
  RankedTensorType type;

  double scale(size_t c) const { return scales[scales.size() == 1 ? 0 : c]; }
  int64_t zeroPoint(size_t c) const {
    return zeroPoints[zeroPoints.size() == 1 ? 0 : c];
  }
  RankedTensorType storageType() const {
    return cast<RankedTensorType>(qmlir::detail::storageTypeOf(type));
  }
};

QInfo infoOf(Value value) {
  QInfo info;
  info.type = cast<RankedTensorType>(value.getType());
  auto quantized = cast<mlir::quant::QuantizedType>(info.type.getElementType());
  info.width = quantized.getStorageTypeIntegralWidth();
  info.isSigned = quantized.isSigned();
  info.min = quantized.getStorageTypeMin();
  info.max = quantized.getStorageTypeMax();
  if (auto perTensor = dyn_cast<mlir::quant::UniformQuantizedType>(quantized)) {
    info.scales.push_back(perTensor.getScale());
    info.zeroPoints.push_back(perTensor.getZeroPoint());
  } else {
    auto perAxis = cast<mlir::quant::UniformQuantizedPerAxisType>(quantized);
    info.scales.assign(perAxis.getScales().begin(), perAxis.getScales().end());
    info.zeroPoints.assign(perAxis.getZeroPoints().begin(),
                           perAxis.getZeroPoints().end());
    info.axis = perAxis.getQuantizedDimension();
  }
  return info;
}

/// The value as its signless storage integers.
Value toStorage(OpBuilder &b, Location loc, Value value) {
  QInfo info = infoOf(value);
  return mlir::quant::StorageCastOp::create(b, loc, info.storageType(), value);
}

/// The storage integers of a constant quantized value (read with the
/// storage's signedness), or nothing.
std::optional<SmallVector<int64_t>> constantStorage(Value value,
                                                    const QInfo &info) {
  Value source = value;
  if (auto cast = source.getDefiningOp<mlir::quant::StorageCastOp>())
    source = cast.getInput();
  if (auto bitcast = source.getDefiningOp<tensor::BitcastOp>())
    source = bitcast.getSource();
  DenseElementsAttr attr;
  if (!matchPattern(source, m_Constant(&attr)) ||
      !isa<IntegerType>(attr.getElementType()))
    return std::nullopt;
  SmallVector<int64_t> values;
  values.reserve(attr.getNumElements());
  for (const APInt &v : attr.getValues<APInt>())
    values.push_back(info.isSigned ? v.getSExtValue()
                                   : static_cast<int64_t>(v.getZExtValue()));
  return values;
}

Value intConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  unsigned width, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get(shape, b.getIntegerType(width));
  SmallVector<APInt> bits;
  bits.reserve(values.size());
  for (int64_t v : values)
    bits.push_back(APInt(width, static_cast<uint64_t>(v), /*isSigned=*/true,
                         /*implicitTrunc=*/true));
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, bits));
}

Value scalar(OpBuilder &b, Location loc, Type type, int64_t value) {
  if (isa<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  // Sign-extended to the type's width (i128 in wide requantization).
  APInt bits(type.getIntOrFloatBitWidth(), value, /*isSigned=*/true);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, bits));
}

/// The smallest of i8, i16, i32 holding every value.
unsigned widthFor(ArrayRef<int64_t> values) {
  int64_t lo = 0, hi = 0;
  for (int64_t v : values) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo >= -128 && hi <= 127)
    return 8;
  if (lo >= -32768 && hi <= 32767)
    return 16;
  return 32;
}

int64_t wrapInt32(int64_t value) {
  return static_cast<int32_t>(static_cast<uint32_t>(value));
}

/// An all-parallel linalg.generic producing `resultType`; the output map is
/// the identity.
Value generic(OpBuilder &b, Location loc, RankedTensorType resultType,
              ArrayRef<Value> inputs, ArrayRef<AffineMap> inputMaps,
              function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> maps(inputMaps.begin(), inputMaps.end());
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto op = linalg::GenericOp::create(
      b, loc, resultType, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, body(nb, nloc, args));
      });
  return op.getResult(0);
}

/// An i32 tensor of zeros.
Value zeros(OpBuilder &b, Location loc, RankedTensorType type) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value zero = scalar(b, loc, type.getElementType(), 0);
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

/// Sign- or zero-extends a storage integer to i64.
Value extend(OpBuilder &b, Location loc, Value q, bool isSigned,
             unsigned width = 64) {
  if (q.getType().getIntOrFloatBitWidth() >= width)
    return q;
  Type to = b.getIntegerType(width);
  if (isSigned)
    return arith::ExtSIOp::create(b, loc, to, q);
  return arith::ExtUIOp::create(b, loc, to, q);
}

/// `applyScale` of the numerics library on i64 values: (value * multiplier +
/// round) >> shift, with TOSA's double rounding when asked, saturated to
/// int32. `value` must lie in the int32 range scaled by at most 2^31 so the
/// product fits 64 bits (true for every use here).
Value applyScale(OpBuilder &b, Location loc, Value value, Value multiplier,
                 Value shift, qnt::RoundingMode rounding, bool wide = false) {
  // `value * multiplier` fits in 64 bits for a 32-bit value; a wide (64-bit)
  // accumulator takes 128 bits.
  Type i64 = wide ? Type(b.getIntegerType(128)) : Type(b.getI64Type());
  if (wide) {
    value = arith::ExtSIOp::create(b, loc, i64, value);
    multiplier = arith::ExtSIOp::create(b, loc, i64, multiplier);
    shift = arith::ExtSIOp::create(b, loc, i64, shift);
  }
  Value one = scalar(b, loc, i64, 1);
  Value round = arith::ShLIOp::create(
      b, loc, one, arith::SubIOp::create(b, loc, shift, one));
  if (rounding == qnt::RoundingMode::Double) {
    Value zero = scalar(b, loc, i64, 0);
    Value nonNegative =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, value, zero);
    Value adjust = arith::SelectOp::create(
        b, loc, nonNegative, scalar(b, loc, i64, int64_t(1) << 30),
        scalar(b, loc, i64, -(int64_t(1) << 30)));
    Value large = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                        shift, scalar(b, loc, i64, 31));
    round = arith::SelectOp::create(
        b, loc, large, arith::AddIOp::create(b, loc, round, adjust), round);
  }
  Value product = arith::MulIOp::create(b, loc, value, multiplier);
  Value shifted = arith::ShRSIOp::create(
      b, loc, arith::AddIOp::create(b, loc, product, round), shift);
  Value lo = scalar(b, loc, i64, std::numeric_limits<int32_t>::min());
  Value hi = scalar(b, loc, i64, std::numeric_limits<int32_t>::max());
  Value result = arith::MinSIOp::create(
      b, loc, arith::MaxSIOp::create(b, loc, shifted, lo), hi);
  if (wide)
    result = arith::TruncIOp::create(b, loc, b.getI64Type(), result);
  return result;
}

/// Clamps an i64 to [lo, hi] and truncates it to `width` bits.
Value saturate(OpBuilder &b, Location loc, Value value, int64_t lo, int64_t hi,
               unsigned width) {
  Type i64 = b.getI64Type();
  Value clamped = arith::MinSIOp::create(
      b, loc, arith::MaxSIOp::create(b, loc, value, scalar(b, loc, i64, lo)),
      scalar(b, loc, i64, hi));
  if (width == 64)
    return clamped;
  return arith::TruncIOp::create(b, loc, b.getIntegerType(width), clamped);
}

/// Per-channel (or single) fixed-point multipliers of real multipliers.
FailureOr<SmallVector<qmlir::quant::FixedPointMultiplier>>
multipliers(Operation *op, ArrayRef<double> reals) {
  SmallVector<qmlir::quant::FixedPointMultiplier> result;
  for (double real : reals) {
    auto m = qmlir::quant::quantizeMultiplier(real);
    if (!m) {
      op->emitError() << "cannot lower to linalg: " << m.error();
      return failure();
    }
    result.push_back(*m);
  }
  return result;
}

/// Multiplier and shift of channel `c` as i64 values in a generic body:
/// constants when there is one pair, else the generic's extra inputs.
struct ScaleOperands {
  SmallVector<qmlir::quant::FixedPointMultiplier> values;
  bool perChannel() const { return values.size() > 1; }
};

/// Whether every pair of `scales` suits `narrowRequantize`: shifts in
/// [32, 62] (a zero multiplier gives 0 at any shift).
bool narrowScales(const ScaleOperands &scales) {
  return llvm::all_of(scales.values, [](const auto &m) {
    return m.multiplier == 0 || (m.shift >= 32 && m.shift <= 62);
  });
}

/// applyScale, output zero point and clamp on an i32 `sum`, for shifts of
/// at least 32, computed mostly in 32 bits: one 32 x 32 -> 64-bit product,
/// its rounding addend, and the high half of the 64-bit sum shifted by
/// shift - 32. floor(floor(t / 2^32) / 2^(s-32)) = floor(t / 2^s), and for
/// |sum| <= 2^31, multiplier < 2^31 the result needs no saturation to int32,
/// so this equals the 64-bit computation bit for bit; the clamp [lo, hi]
/// around the zero point becomes [lo - zp, hi - zp] before adding it.
/// `multiplier` (i32), `round` (i64) and `postShift` (i32) are per element;
/// the result has `width` (at most 16) bits.
Value narrowRequantize(OpBuilder &b, Location loc, Value sum, Value multiplier,
                       Value round, Value postShift, int64_t zeroPoint,
                       int64_t lo, int64_t hi, qnt::RoundingMode rounding,
                       unsigned width) {
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  Value product =
      arith::MulIOp::create(b, loc, arith::ExtSIOp::create(b, loc, i64, sum),
                            arith::ExtSIOp::create(b, loc, i64, multiplier));
  Value total = arith::AddIOp::create(b, loc, product, round);
  if (rounding == qnt::RoundingMode::Double) {
    Value nonNegative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                              sum, scalar(b, loc, i32, 0));
    total = arith::AddIOp::create(
        b, loc, total,
        arith::SelectOp::create(b, loc, nonNegative,
                                scalar(b, loc, i64, int64_t(1) << 30),
                                scalar(b, loc, i64, -(int64_t(1) << 30))));
  }
  Value high = arith::TruncIOp::create(
      b, loc, i32,
      arith::ShRSIOp::create(b, loc, total, scalar(b, loc, i64, 32)));
  Value scaled = arith::ShRSIOp::create(b, loc, high, postShift);
  Value clamped = arith::MinSIOp::create(
      b, loc,
      arith::MaxSIOp::create(b, loc, scaled,
                             scalar(b, loc, i32, lo - zeroPoint)),
      scalar(b, loc, i32, hi - zeroPoint));
  Value result =
      arith::AddIOp::create(b, loc, clamped, scalar(b, loc, i32, zeroPoint));
  return arith::TruncIOp::create(b, loc, b.getIntegerType(width), result);
}

/// The requantize epilogue: `acc` (i32) plus `addends` (i32 tensors with
/// their maps), then applyScale with per-channel multipliers (indexed by
/// `channelMap` when there are several), the output zero point and the clamp
/// [lo, hi], into `resultType` (signless storage). An i32 result is the sum
/// itself. Shifts of at least 32 (every multiplier below 1/2) take
/// `narrowRequantize`, which vectorizes to 32-bit lanes and one 32 x 32-bit
/// multiply instead of 64-bit arithmetic (which AVX2 lacks).
Value requantizeEpilogue(OpBuilder &b, Location loc, Value acc,
                         ArrayRef<std::pair<Value, AffineMap>> addends,
                         const ScaleOperands &scales, AffineMap channelMap,
                         int64_t zeroPoint, int64_t lo, int64_t hi,
                         qnt::RoundingMode rounding,
                         RankedTensorType resultType) {
  int64_t rank = resultType.getRank();
  SmallVector<Value> inputs{acc};
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank)};
  for (auto [value, map] : addends) {
    inputs.push_back(value);
    maps.push_back(map);
  }
  unsigned width = resultType.getElementTypeBitWidth();
  bool accumulator = width == 32;
  bool wide =
      cast<RankedTensorType>(acc.getType()).getElementType().isInteger(64);
  bool narrow = !accumulator && !wide && width <= 16 && narrowScales(scales);
  // Per channel: (multiplier, round, shift - 32) on the narrow path, else
  // (multiplier, shift), as i64.
  SmallVector<SmallVector<int64_t>> perChannel(narrow ? 3 : 2);
  for (auto m : scales.values) {
    int64_t shift = m.multiplier == 0 && narrow ? 32 : m.shift;
    perChannel[0].push_back(m.multiplier);
    if (narrow) {
      perChannel[1].push_back(int64_t(1) << (shift - 1));
      perChannel[2].push_back(shift - 32);
    } else {
      perChannel[1].push_back(shift);
    }
  }
  SmallVector<unsigned> widths = narrow ? SmallVector<unsigned>{32, 64, 32}
                                        : SmallVector<unsigned>{64, 64};
  if (!accumulator && scales.perChannel()) {
    int64_t n = scales.values.size();
    for (auto [values, bits] : llvm::zip(perChannel, widths)) {
      inputs.push_back(intConstant(b, loc, {n}, bits, values));
      maps.push_back(channelMap);
    }
  }
  size_t numAddends = addends.size();
  return generic(
      b, loc, resultType, inputs, maps,
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value sum = args[0];
        for (size_t i = 0; i < numAddends; ++i) {
          Value addend = args[1 + i];
          if (addend.getType() != sum.getType())
            addend = arith::ExtSIOp::create(nb, nloc, sum.getType(), addend);
          sum = arith::AddIOp::create(nb, nloc, sum, addend);
        }
        if (accumulator)
          return sum;
        // The per-channel values: generic inputs, or constants for one pair.
        SmallVector<Value> values;
        for (auto [i, bits] : llvm::enumerate(widths))
          values.push_back(scales.perChannel()
                               ? args[1 + numAddends + i]
                               : scalar(nb, nloc, nb.getIntegerType(bits),
                                        perChannel[i][0]));
        if (narrow)
          return narrowRequantize(nb, nloc, sum, values[0], values[1],
                                  values[2], zeroPoint, lo, hi, rounding,
                                  width);
        Type i64 = nb.getI64Type();
        Value wideSum =
            wide ? sum : arith::ExtSIOp::create(nb, nloc, i64, sum).getResult();
        Value scaled =
            applyScale(nb, nloc, wideSum, values[0], values[1], rounding, wide);
        Value shifted = arith::AddIOp::create(nb, nloc, scaled,
                                              scalar(nb, nloc, i64, zeroPoint));
        return saturate(nb, nloc, shifted, lo, hi, width);
      });
}

/// The clamp of an op's result: its storage range narrowed by `clamp`.
std::pair<int64_t, int64_t> clampRange(const QInfo &result,
                                       std::optional<ArrayRef<int64_t>> clamp) {
  int64_t lo = result.min, hi = result.max;
  if (clamp) {
    lo = std::max(lo, (*clamp)[0]);
    hi = std::min(hi, (*clamp)[1]);
  }
  return {lo, hi};
}

/// The activation operand of a contraction as signed integers and its
/// effective zero point: s8/s16 as they are; u8 with the top bit flipped
/// (x - 128, z - 128); anything else as i32 minus its zero point (zero
/// point 0).
std::pair<Value, int64_t> signedActivation(OpBuilder &b, Location loc, Value x,
                                           const QInfo &info,
                                           bool allowNarrow) {
  Value storage = toStorage(b, loc, x);
  auto storageType = cast<RankedTensorType>(storage.getType());
  AffineMap identity = b.getMultiDimIdentityMap(storageType.getRank());
  if (allowNarrow && info.isSigned && info.width <= 16)
    return {storage, info.zeroPoint(0)};
  if (allowNarrow && !info.isSigned && info.width == 8) {
    Value flipped = generic(
        b, loc, storageType, {storage}, {identity},
        [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
          return arith::XOrIOp::create(nb, nloc, args[0],
                                       scalar(nb, nloc, nb.getI8Type(), 0x80));
        });
    return {flipped, info.zeroPoint(0) - 128};
  }
  int64_t zeroPoint = info.zeroPoint(0);
  Value centered = generic(
      b, loc, storageType.clone(b.getI32Type()), {storage}, {identity},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value wide = extend(nb, nloc, args[0], info.isSigned);
        Value diff = arith::SubIOp::create(
            nb, nloc, wide, scalar(nb, nloc, nb.getI64Type(), zeroPoint));
        return arith::TruncIOp::create(nb, nloc, nb.getI32Type(), diff);
      });
  return {centered, 0};
}

/// A non-constant weight minus its (per-channel along `axis`) zero points as
/// i32.
Value centeredWeight(OpBuilder &b, Location loc, Value w, const QInfo &info) {
  Value storage = toStorage(b, loc, w);
  auto type = cast<RankedTensorType>(storage.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> zps(info.zeroPoints.begin(), info.zeroPoints.end());
  int64_t n = zps.size();
  AffineMap channel =
      info.axis ? AffineMap::get(rank, 0, b.getAffineDimExpr(*info.axis))
                : AffineMap::get(rank, 0, b.getAffineConstantExpr(0));
  Value zpTensor = intConstant(b, loc, {n}, 64, zps);
  return generic(
      b, loc, type.clone(b.getI32Type()), {storage, zpTensor},
      {b.getMultiDimIdentityMap(rank), channel},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value diff = arith::SubIOp::create(
            nb, nloc, extend(nb, nloc, args[0], info.isSigned), args[1]);
        return arith::TruncIOp::create(nb, nloc, nb.getI32Type(), diff);
      });
}

/// `x` (NHWC) padded by `pad` (top, bottom, left, right) with `padValue`.
Value padded(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> pad,
             Value padValue) {
  if (llvm::all_of(pad, [](int64_t p) { return p == 0; }))
    return x;
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += pad[0] + pad[1];
  shape[2] += pad[2] + pad[3];
  SmallVector<OpFoldResult> low{b.getIndexAttr(0), b.getIndexAttr(pad[0]),
                                b.getIndexAttr(pad[2]), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high{b.getIndexAttr(0), b.getIndexAttr(pad[1]),
                                 b.getIndexAttr(pad[3]), b.getIndexAttr(0)};
  return tensor::PadOp::create(b, loc, type.clone(shape), x, low, high,
                               padValue, /*nofold=*/false);
}

Value padded(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> pad,
             int64_t value) {
  Type element = cast<RankedTensorType>(x.getType()).getElementType();
  return padded(b, loc, x, pad, scalar(b, loc, element, value));
}

/// Convolution weights [OC, KH, KW, IC] as an integer constant in the HWCF
/// layout of the tiled convolutions.
Value hwcfFilter(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                 ArrayRef<int64_t> values, unsigned width) {
  int64_t inner = shape[1] * shape[2] * shape[3];
  SmallVector<int64_t> hwcf(values.size());
  for (int64_t oc = 0; oc < shape[0]; ++oc)
    for (int64_t k = 0; k < inner; ++k)
      hwcf[k * shape[0] + oc] = values[oc * inner + k];
  return intConstant(b, loc, {shape[1], shape[2], shape[3], shape[0]}, width,
                     hwcf);
}

/// The i32 bias operand of a contraction: folded into `correction` when
/// constant, else returned as a run-time addend.
Value biasOperand(OpBuilder &b, Location loc, Value bias,
                  SmallVectorImpl<int64_t> &correction) {
  if (!bias)
    return {};
  QInfo info = infoOf(bias);
  if (auto values = constantStorage(bias, info)) {
    for (size_t i = 0; i < correction.size(); ++i)
      correction[i] += (*values)[i % values->size()];
    return {};
  }
  return toStorage(b, loc, bias);
}

/// Replaces `op`'s quantized result by `storage`, its storage integers (the
/// result's converted type).
LogicalResult replaceWithStorage(RewriterBase &b, Location loc, Operation *op,
                                 Value storage) {
  b.replaceOp(op, storage);
  return success();
}

/// The requantize epilogue of a contraction with real multipliers `reals`
/// (one, or one per output channel), replacing `op`.
LogicalResult finishContraction(RewriterBase &b, Location loc, Operation *op,
                                Value acc,
                                ArrayRef<std::pair<Value, AffineMap>> addends,
                                ArrayRef<double> reals, AffineMap channelMap,
                                const QInfo &y,
                                std::optional<ArrayRef<int64_t>> clamp,
                                qnt::RoundingMode rounding) {
  FailureOr<SmallVector<qmlir::quant::FixedPointMultiplier>> scales =
      multipliers(op, reals);
  if (failed(scales))
    return failure();
  std::pair<int64_t, int64_t> range = clampRange(y, clamp);
  Value result = requantizeEpilogue(b, loc, acc, addends, {*scales}, channelMap,
                                    y.zeroPoint(0), range.first, range.second,
                                    rounding, y.storageType());
  return replaceWithStorage(b, loc, op, result);
}

/// Whether the int32 accumulator of `op` can overflow, in which case the
/// contraction accumulates in int64 and a remark says why. Per output
/// channel c the accumulator ends at the exact value
/// sum_k (x_k - zx)(w_kc - zw_c) + bias_c (wrap-around in between is harmless
/// in two's complement; a final value outside int32 is not), whose magnitude
/// is at most max|x - zx| * sum_k |w_kc - zw_c| + |bias_c|. `weightAbsSums`
/// holds sum_k |w_kc - zw_c| per channel for constant weights; otherwise
/// `terms` products of the weight type's largest magnitude are assumed.
/// (Compute results are at most 16 bits wide, so the requantization always
/// brings the value back.)
bool needsWideAccumulator(Operation *op, const QInfo &x, const QInfo &w,
                          int64_t terms, ArrayRef<int64_t> weightAbsSums,
                          Value bias) {
  int64_t zx = x.zeroPoint(0);
  int64_t xMagnitude = std::max(x.max - zx, zx - x.min);
  SmallVector<int64_t> sums(weightAbsSums);
  if (sums.empty()) {
    int64_t wMagnitude = 0;
    for (size_t c = 0; c < std::max<size_t>(1, w.zeroPoints.size()); ++c)
      wMagnitude = std::max(
          {wMagnitude, w.max - w.zeroPoint(c), w.zeroPoint(c) - w.min});
    sums.push_back(static_cast<int64_t>(std::min<uint64_t>(
        llvm::SaturatingMultiply<uint64_t>(terms, wMagnitude), INT64_MAX)));
  }
  std::optional<SmallVector<int64_t>> biasValues;
  if (bias)
    biasValues = constantStorage(bias, infoOf(bias));
  constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
  for (auto [c, sum] : llvm::enumerate(sums)) {
    int64_t biasMagnitude =
        biasValues ? std::abs((*biasValues)[c % biasValues->size()]) : 0;
    uint64_t bound = llvm::SaturatingAdd<uint64_t>(
        llvm::SaturatingMultiply<uint64_t>(xMagnitude, sum), biasMagnitude);
    if (bound <= static_cast<uint64_t>(kInt32Max))
      continue;
    InFlightDiagnostic diag = op->emitRemark()
                              << "the int32 accumulator can overflow: ";
    if (!weightAbsSums.empty())
      diag << "output channel " << c << " sums " << terms
           << " products with |input - zero point| <= " << xMagnitude
           << " and sum |weight - zero point| = " << sum;
    else
      diag << terms << " products of |input - zero point| <= " << xMagnitude
           << " and |weight - zero point| <= "
           << sum / std::max<int64_t>(1, terms);
    if (biasMagnitude)
      diag << " plus |bias| = " << biasMagnitude;
    diag << ", a bound of " << bound << " > 2147483647; accumulating in int64";
    return true;
  }
  return false;
}

template <typename ConvOp>
LogicalResult lowerConvolution(ConvOp op, bool depthwise,
                               ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo x = infoOf(op.getInput()), w = infoOf(op.getWeight()),
        y = infoOf(op.getOutput());
  ArrayRef<int64_t> wShape = w.type.getShape();
  int64_t channels = y.type.getDimSize(3);
  int64_t multiplier = depthwise ? wShape[3] : 1;
  auto channelOf = [&](int64_t flat) -> int64_t {
    // conv2d: [OC, KH, KW, IC]; depthwise: [KH, KW, C, M], oc = c * M + m.
    if (!depthwise)
      return flat / (wShape[1] * wShape[2] * wShape[3]);
    return flat % (wShape[2] * wShape[3]);
  };
  auto weightZeroPoint = [&](int64_t oc) {
    return w.zeroPoint(depthwise ? oc / multiplier : oc);
  };

  std::optional<SmallVector<int64_t>> wValues =
      constantStorage(op.getWeight(), w);
  bool wide = false;
  {
    SmallVector<int64_t> absSums;
    if (wValues) {
      absSums.assign(channels, 0);
      for (auto [i, v] : llvm::enumerate(*wValues)) {
        int64_t oc = channelOf(i);
        absSums[oc] += std::abs(v - weightZeroPoint(oc));
      }
    }
    int64_t terms =
        depthwise ? wShape[0] * wShape[1] : wShape[1] * wShape[2] * wShape[3];
    wide = needsWideAccumulator(op, x, w, terms, absSums, op.getBias());
  }
  auto [xs, xZero] =
      signedActivation(b, loc, op.getInput(), x, /*allowNarrow=*/bool(wValues));
  SmallVector<int64_t> correction(channels, 0);
  Value filter;
  if (wValues) {
    SmallVector<int64_t> centered(*wValues);
    SmallVector<int64_t> sums(channels, 0);
    for (size_t i = 0; i < centered.size(); ++i) {
      int64_t oc = channelOf(i);
      centered[i] -= weightZeroPoint(oc);
      sums[oc] += centered[i];
    }
    for (int64_t oc = 0; oc < channels; ++oc)
      correction[oc] = -xZero * sums[oc];
    unsigned width = widthFor(centered);
    filter = depthwise ? intConstant(b, loc, wShape, width, centered)
                       : hwcfFilter(b, loc, wShape, centered, width);
  } else {
    filter = centeredWeight(b, loc, op.getWeight(), w);
  }
  Value runtimeBias = biasOperand(b, loc, op.getBias(), correction);

  Value input = padded(b, loc, xs, op.getPad(), xZero);
  auto accType = y.type.clone(wide ? b.getI64Type() : b.getI32Type());
  Attribute strides = b.getI64TensorAttr(op.getStride());
  Attribute dilations = b.getI64TensorAttr(op.getDilation());
  Value acc;
  if (depthwise) {
    SmallVector<int64_t> shape(accType.getShape());
    shape.back() = wShape[2];
    shape.push_back(wShape[3]);
    auto wideType = RankedTensorType::get(shape, accType.getElementType());
    Value conv = linalg::DepthwiseConv2DNhwcHwcmOp::create(
                     b, loc, TypeRange{wideType}, ValueRange{input, filter},
                     ValueRange{zeros(b, loc, wideType)}, strides, dilations)
                     .getResult(0);
    acc = tensor::CollapseShapeOp::create(
        b, loc, accType, conv,
        SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
  } else if (wValues) {
    acc = linalg::Conv2DNhwcHwcfOp::create(
              b, loc, TypeRange{accType}, ValueRange{input, filter},
              ValueRange{zeros(b, loc, accType)}, strides, dilations)
              .getResult(0);
  } else {
    acc = linalg::Conv2DNhwcFhwcOp::create(
              b, loc, TypeRange{accType}, ValueRange{input, filter},
              ValueRange{zeros(b, loc, accType)}, strides, dilations)
              .getResult(0);
  }

  AffineMap channelMap = AffineMap::get(4, 0, b.getAffineDimExpr(3));
  SmallVector<std::pair<Value, AffineMap>> addends;
  if (!wide)
    for (int64_t &c : correction)
      c = wrapInt32(c);
  if (llvm::any_of(correction, [](int64_t c) { return c != 0; }))
    addends.push_back(
        {intConstant(b, loc, {channels}, wide ? 64 : 32, correction),
         channelMap});
  if (runtimeBias)
    addends.push_back({runtimeBias, channelMap});
  SmallVector<double> reals;
  for (int64_t oc = 0; oc < (w.axis ? channels : 1); ++oc)
    reals.push_back(x.scale(0) * w.scale(depthwise ? oc / multiplier : oc) /
                    y.scale(0));
  return finishContraction(b, loc, op, acc, addends, reals, channelMap, y,
                           op.getClamp(), op.getRounding());
}

LogicalResult lowerMatmul(qnt::MatmulOp op, ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo a = infoOf(op.getLhs()), w = infoOf(op.getRhs()),
        y = infoOf(op.getOutput());
  int64_t aRank = a.type.getRank(), wRank = w.type.getRank();
  ArrayRef<int64_t> wShape = w.type.getShape();
  int64_t k = wShape[wRank - 2], n = wShape[wRank - 1];
  int64_t batches = wRank == 3 ? wShape[0] : 1;

  std::optional<SmallVector<int64_t>> wValues = constantStorage(op.getRhs(), w);
  bool wide = false;
  {
    SmallVector<int64_t> absSums;
    if (wValues) {
      // Per (batch, column); channel j of the diagnostic is batch * n + col.
      absSums.assign(batches * n, 0);
      for (int64_t bb = 0; bb < batches; ++bb)
        for (int64_t i = 0; i < k; ++i)
          for (int64_t j = 0; j < n; ++j)
            absSums[bb * n + j] +=
                std::abs((*wValues)[(bb * k + i) * n + j] - w.zeroPoint(j));
    }
    wide = needsWideAccumulator(op, a, w, k, absSums, op.getBias());
  }
  // Batched products of narrow integers do not lower through the vector
  // dialect's contraction lowering: they take i32 operands.
  // (A single batch is a plain matrix product.)
  bool batched = aRank == 3 && wRank == 3 && wShape[0] != 1;
  auto [as, aZero] = signedActivation(b, loc, op.getLhs(), a,
                                      /*allowNarrow=*/wValues && !batched);
  // The correction per (batch of b, column).
  SmallVector<int64_t> correction(batches * n, 0);
  Value rhs;
  if (wValues) {
    SmallVector<int64_t> centered(*wValues);
    for (int64_t bb = 0; bb < batches; ++bb)
      for (int64_t i = 0; i < k; ++i)
        for (int64_t j = 0; j < n; ++j) {
          int64_t &v = centered[(bb * k + i) * n + j];
          v -= w.zeroPoint(j);
          correction[bb * n + j] -= aZero * v;
        }
    rhs = intConstant(b, loc, wShape, batched ? 32 : widthFor(centered),
                      centered);
  } else {
    rhs = centeredWeight(b, loc, op.getRhs(), w);
  }
  SmallVector<int64_t> biasPart(n, 0);
  Value runtimeBias = biasOperand(b, loc, op.getBias(), biasPart);
  for (int64_t bb = 0; bb < batches; ++bb)
    for (int64_t j = 0; j < n; ++j)
      correction[bb * n + j] =
          wide ? correction[bb * n + j] + biasPart[j]
               : wrapInt32(correction[bb * n + j] + biasPart[j]);

  auto accType = y.type.clone(wide ? b.getI64Type() : b.getI32Type());
  Type accElement = accType.getElementType();
  Value acc;
  if (aRank == 2 && wRank == 2) {
    acc = linalg::MatmulOp::create(b, loc, TypeRange{accType},
                                   ValueRange{as, rhs},
                                   ValueRange{zeros(b, loc, accType)})
              .getResult(0);
  } else if (aRank == 3 && wRank == 3 && !batched) {
    // One batch: [1, M, K] x [1, K, N] as a 2-D product.
    ArrayRef<int64_t> aShape = a.type.getShape();
    auto asType = cast<RankedTensorType>(as.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    SmallVector<ReassociationIndices> batchOne{{0, 1}, {2}};
    Value flatA = tensor::CollapseShapeOp::create(
        b, loc, asType.clone({aShape[1], aShape[2]}), as, batchOne);
    Value flatB = tensor::CollapseShapeOp::create(b, loc, rhsType.clone({k, n}),
                                                  rhs, batchOne);
    auto flatAcc = RankedTensorType::get({aShape[1], n}, accElement);
    Value product = linalg::MatmulOp::create(b, loc, TypeRange{flatAcc},
                                             ValueRange{flatA, flatB},
                                             ValueRange{zeros(b, loc, flatAcc)})
                        .getResult(0);
    acc = tensor::ExpandShapeOp::create(b, loc, accType, product, batchOne);
  } else if (aRank == 3 && wRank == 3) {
    acc = linalg::BatchMatmulOp::create(b, loc, TypeRange{accType},
                                        ValueRange{as, rhs},
                                        ValueRange{zeros(b, loc, accType)})
              .getResult(0);
  } else if (aRank == 3 && wRank == 2) {
    // A shared right-hand side: rows of every batch in one matmul.
    ArrayRef<int64_t> aShape = a.type.getShape();
    auto asType = cast<RankedTensorType>(as.getType());
    SmallVector<ReassociationIndices> rows{{0, 1}, {2}};
    Value flat = tensor::CollapseShapeOp::create(
        b, loc, asType.clone({aShape[0] * aShape[1], aShape[2]}), as, rows);
    auto flatAcc =
        RankedTensorType::get({aShape[0] * aShape[1], n}, accElement);
    Value product = linalg::MatmulOp::create(b, loc, TypeRange{flatAcc},
                                             ValueRange{flat, rhs},
                                             ValueRange{zeros(b, loc, flatAcc)})
                        .getResult(0);
    acc = tensor::ExpandShapeOp::create(b, loc, accType, product, rows);
  } else {
    return op.emitError() << "cannot lower to linalg: a rank-" << aRank
                          << " lhs with a rank-" << wRank << " rhs";
  }

  int64_t rank = accType.getRank();
  AffineMap columnMap = AffineMap::get(rank, 0, b.getAffineDimExpr(rank - 1));
  SmallVector<std::pair<Value, AffineMap>> addends;
  if (llvm::any_of(correction, [](int64_t c) { return c != 0; })) {
    if (batches == 1)
      addends.push_back({intConstant(b, loc, {n}, wide ? 64 : 32,
                                     ArrayRef(correction).take_front(n)),
                         columnMap});
    else
      addends.push_back(
          {intConstant(b, loc, {batches, n}, wide ? 64 : 32, correction),
           AffineMap::get(rank, 0,
                          {b.getAffineDimExpr(0), b.getAffineDimExpr(2)},
                          b.getContext())});
  }
  if (runtimeBias)
    addends.push_back({runtimeBias, columnMap});
  SmallVector<double> reals;
  for (int64_t j = 0; j < (w.axis ? n : 1); ++j)
    reals.push_back(a.scale(0) * w.scale(j) / y.scale(0));
  return finishContraction(b, loc, op, acc, addends, reals, columnMap, y,
                           op.getClamp(), op.getRounding());
}

/// The map of a broadcast operand onto the result's loops.
AffineMap broadcastMap(OpBuilder &b, RankedTensorType operand,
                       RankedTensorType result) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < result.getRank(); ++d)
    exprs.push_back(operand.getDimSize(d) == 1 && result.getDimSize(d) != 1
                        ? b.getAffineConstantExpr(0)
                        : b.getAffineDimExpr(d));
  return AffineMap::get(result.getRank(), 0, exprs, b.getContext());
}

template <typename BinaryOp>
LogicalResult lowerBinary(BinaryOp op, bool isAdd,
                          ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo l = infoOf(op.getLhs()), r = infoOf(op.getRhs()),
        y = infoOf(op.getOutput());
  if (!isAdd && std::max(l.width, r.width) > 8)
    return op.emitError() << "cannot lower to linalg: 'qnt.mul' of operands "
                             "wider than 8 bits";
  SmallVector<double> reals;
  int shiftL = 0;
  if (isAdd) {
    shiftL = std::max(l.width, r.width) <= 8 ? 20 : 15;
    double m = 2.0 * std::max(l.scale(0), r.scale(0));
    reals = {l.scale(0) / m, r.scale(0) / m,
             m / (std::ldexp(1.0, shiftL) * y.scale(0))};
  } else {
    reals = {l.scale(0) * r.scale(0) / y.scale(0)};
  }
  FailureOr<SmallVector<qmlir::quant::FixedPointMultiplier>> scales =
      multipliers(op, reals);
  if (failed(scales))
    return failure();
  std::pair<int64_t, int64_t> range = clampRange(y, op.getClamp());
  int64_t lo = range.first, hi = range.second;
  qnt::RoundingMode rounding = op.getRounding();
  Value lhs = toStorage(b, loc, op.getLhs()),
        rhs = toStorage(b, loc, op.getRhs());
  Value result = generic(
      b, loc, y.storageType(), {lhs, rhs},
      {broadcastMap(b, l.type, y.type), broadcastMap(b, r.type, y.type)},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Type i64 = nb.getI64Type();
        auto c = [&](int64_t v) { return scalar(nb, nloc, i64, v); };
        Value a = arith::SubIOp::create(
            nb, nloc, extend(nb, nloc, args[0], l.isSigned), c(l.zeroPoint(0)));
        Value bv = arith::SubIOp::create(
            nb, nloc, extend(nb, nloc, args[1], r.isSigned), c(r.zeroPoint(0)));
        auto scale = [&](Value v, const qmlir::quant::FixedPointMultiplier &m) {
          return applyScale(nb, nloc, v, c(m.multiplier), c(m.shift), rounding);
        };
        Value scaled;
        if (isAdd) {
          Value as = scale(arith::ShLIOp::create(nb, nloc, a, c(shiftL)),
                           (*scales)[0]);
          Value bs = scale(arith::ShLIOp::create(nb, nloc, bv, c(shiftL)),
                           (*scales)[1]);
          scaled = scale(arith::AddIOp::create(nb, nloc, as, bs), (*scales)[2]);
        } else {
          scaled = scale(arith::MulIOp::create(nb, nloc, a, bv), (*scales)[0]);
        }
        Value shifted =
            arith::AddIOp::create(nb, nloc, scaled, c(y.zeroPoint(0)));
        return saturate(nb, nloc, shifted, lo, hi, y.width);
      });
  return replaceWithStorage(b, loc, op, result);
}

LogicalResult lowerMaxPool(qnt::MaxPool2DOp op, ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo x = infoOf(op.getInput()), y = infoOf(op.getOutput());
  Value storage = toStorage(b, loc, op.getInput());
  auto storageType = cast<RankedTensorType>(storage.getType());
  AffineMap identity = b.getMultiDimIdentityMap(4);
  // Unsigned values compare as signed ones with the top bit flipped.
  bool flip = !x.isSigned;
  int64_t topBit = int64_t(1) << (x.width - 1);
  auto flipped = [&](Value v) {
    return generic(
        b, loc,
        storageType.clone(cast<RankedTensorType>(v.getType()).getShape()), {v},
        {identity},
        [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
          return arith::XOrIOp::create(
              nb, nloc, args[0], scalar(nb, nloc, args[0].getType(), topBit));
        });
  };
  if (flip)
    storage = flipped(storage);
  int64_t lowest = -topBit;
  Value input = padded(b, loc, storage, op.getPad(), lowest);
  auto resultType = y.storageType();
  Value empty = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                        resultType.getElementType());
  Value init =
      linalg::FillOp::create(
          b, loc, scalar(b, loc, resultType.getElementType(), lowest), empty)
          .getResult(0);
  Value window = tensor::EmptyOp::create(b, loc, op.getKernel(),
                                         resultType.getElementType());
  Value pooled = linalg::PoolingNhwcMaxOp::create(
                     b, loc, TypeRange{resultType}, ValueRange{input, window},
                     ValueRange{init}, b.getI64TensorAttr(op.getStride()),
                     b.getI64TensorAttr({1, 1}))
                     .getResult(0);
  if (flip)
    pooled = flipped(pooled);
  return replaceWithStorage(b, loc, op, pooled);
}

LogicalResult lowerAvgPool(qnt::AvgPool2DOp op, ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo x = infoOf(op.getInput()), y = infoOf(op.getOutput());
  auto [centered, zero] =
      signedActivation(b, loc, op.getInput(), x, /*allowNarrow=*/false);
  (void)zero;
  ArrayRef<int64_t> pad = op.getPad(), kernel = op.getKernel(),
                    stride = op.getStride();
  Value input = padded(b, loc, centered, pad, 0);
  auto accType = y.type.clone(b.getI32Type());
  Value window = tensor::EmptyOp::create(b, loc, kernel, b.getI32Type());
  Value acc = linalg::PoolingNhwcSumOp::create(
                  b, loc, TypeRange{accType}, ValueRange{input, window},
                  ValueRange{zeros(b, loc, accType)},
                  b.getI64TensorAttr(stride), b.getI64TensorAttr({1, 1}))
                  .getResult(0);
  // The divisor of each output position, and its multiplier.
  int64_t ih = x.type.getDimSize(1), iw = x.type.getDimSize(2);
  int64_t oh = y.type.getDimSize(1), ow = y.type.getDimSize(2);
  SmallVector<double> reals;
  for (int64_t r = 0; r < oh; ++r)
    for (int64_t c = 0; c < ow; ++c) {
      int64_t count = kernel[0] * kernel[1];
      if (!op.getCountIncludePad()) {
        int64_t r0 = r * stride[0] - pad[0], c0 = c * stride[1] - pad[2];
        int64_t rows = std::min(r0 + kernel[0], ih) - std::max<int64_t>(r0, 0);
        int64_t cols = std::min(c0 + kernel[1], iw) - std::max<int64_t>(c0, 0);
        count = std::max<int64_t>(rows, 0) * std::max<int64_t>(cols, 0);
      }
      reals.push_back(x.scale(0) /
                      (y.scale(0) * double(std::max<int64_t>(count, 1))));
    }
  FailureOr<SmallVector<qmlir::quant::FixedPointMultiplier>> scales =
      multipliers(op, reals);
  if (failed(scales))
    return failure();
  SmallVector<int64_t> ms, ss;
  for (auto m : *scales) {
    ms.push_back(m.multiplier);
    ss.push_back(m.shift);
  }
  AffineMap position = AffineMap::get(
      4, 0, {b.getAffineDimExpr(1), b.getAffineDimExpr(2)}, b.getContext());
  Value mTensor = intConstant(b, loc, {oh, ow}, 64, ms);
  Value sTensor = intConstant(b, loc, {oh, ow}, 64, ss);
  qnt::RoundingMode rounding = op.getRounding();
  Value result =
      generic(b, loc, y.storageType(), {acc, mTensor, sTensor},
              {b.getMultiDimIdentityMap(4), position, position},
              [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
                Type i64 = nb.getI64Type();
                Value scaled = applyScale(
                    nb, nloc, arith::ExtSIOp::create(nb, nloc, i64, args[0]),
                    args[1], args[2], rounding);
                Value shifted = arith::AddIOp::create(
                    nb, nloc, scaled, scalar(nb, nloc, i64, y.zeroPoint(0)));
                return saturate(nb, nloc, shifted, y.min, y.max, y.width);
              });
  return replaceWithStorage(b, loc, op, result);
}

/// r = sat_out(applyScale(q - z_in[c], M[c], s[c]) + z_out[c]) into
/// `resultInfo`'s storage; `c` runs along the per-axis type's axis.
FailureOr<Value> rescale(OpBuilder &b, Location loc, Operation *op,
                         Value storage, const QInfo &in, const QInfo &out,
                         qnt::RoundingMode rounding) {
  std::optional<int64_t> axis = in.axis ? in.axis : out.axis;
  size_t channels = std::max(in.scales.size(), out.scales.size());
  SmallVector<double> reals;
  SmallVector<int64_t> zin, zout;
  for (size_t c = 0; c < channels; ++c) {
    reals.push_back(in.scale(c) / out.scale(c));
    zin.push_back(in.zeroPoint(c));
    zout.push_back(out.zeroPoint(c));
  }
  FailureOr<SmallVector<qmlir::quant::FixedPointMultiplier>> scales =
      multipliers(op, reals);
  if (failed(scales))
    return failure();
  SmallVector<int64_t> ms, ss;
  for (auto m : *scales) {
    ms.push_back(m.multiplier);
    ss.push_back(m.shift);
  }
  RankedTensorType resultType = out.storageType();
  int64_t rank = resultType.getRank();
  int64_t n = channels;
  SmallVector<Value> inputs{storage};
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank)};
  if (axis) {
    AffineMap channel = AffineMap::get(rank, 0, b.getAffineDimExpr(*axis));
    for (ArrayRef<int64_t> values :
         {ArrayRef(ms), ArrayRef(ss), ArrayRef(zin), ArrayRef(zout)}) {
      inputs.push_back(intConstant(b, loc, {n}, 64, values));
      maps.push_back(channel);
    }
  }
  return generic(
      b, loc, resultType, inputs, maps,
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Type i64 = nb.getI64Type();
        auto get = [&](int index, int64_t value) -> Value {
          return axis ? args[1 + index] : scalar(nb, nloc, i64, value);
        };
        Value centered = arith::SubIOp::create(
            nb, nloc, extend(nb, nloc, args[0], in.isSigned), get(2, zin[0]));
        Value scaled = applyScale(nb, nloc, centered, get(0, ms[0]),
                                  get(1, ss[0]), rounding);
        Value shifted =
            arith::AddIOp::create(nb, nloc, scaled, get(3, zout[0]));
        return saturate(nb, nloc, shifted, out.min, out.max, out.width);
      });
}

LogicalResult lowerConcat(qnt::ConcatOp op, ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo y = infoOf(op.getOutput());
  RankedTensorType resultType = y.storageType();
  int64_t axis = op.getAxis();
  Value result = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                         resultType.getElementType());
  int64_t offset = 0;
  for (Value operand : op.getInputs()) {
    QInfo in = infoOf(operand);
    Value storage = toStorage(b, loc, operand);
    if (cast<RankedTensorType>(operand.getType()).getElementType() !=
        y.type.getElementType()) {
      QInfo target = y;
      target.type = in.type.clone(y.type.getElementType());
      FailureOr<Value> rescaled =
          rescale(b, loc, op, storage, in, target, qnt::RoundingMode::Single);
      if (failed(rescaled))
        return failure();
      storage = *rescaled;
    }
    auto type = cast<RankedTensorType>(storage.getType());
    SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
    offsets[axis] = b.getIndexAttr(offset);
    SmallVector<OpFoldResult> sizes, strides(type.getRank(), b.getIndexAttr(1));
    for (int64_t s : type.getShape())
      sizes.push_back(b.getIndexAttr(s));
    result = tensor::InsertSliceOp::create(b, loc, storage, result, offsets,
                                           sizes, strides);
    offset += type.getDimSize(axis);
  }
  return replaceWithStorage(b, loc, op, result);
}

LogicalResult lowerRequantize(qnt::RequantizeOp op,
                              ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo in = infoOf(op.getInput()), out = infoOf(op.getOutput());
  FailureOr<Value> result = rescale(
      b, loc, op, toStorage(b, loc, op.getInput()), in, out, op.getRounding());
  if (failed(result))
    return failure();
  return replaceWithStorage(b, loc, op, *result);
}

/// A generic over `input` producing `resultType` with the channel's f32
/// scale and zero point as scalars in `body(builder, loc, element, scale,
/// zeroPoint)`: constants per tensor, constant tensors indexed by the
/// quantized dimension per axis.
Value withChannelParams(
    OpBuilder &b, Location loc, Value input, RankedTensorType resultType,
    const QInfo &q,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value)> body) {
  int64_t rank = resultType.getRank();
  SmallVector<float> scales, zeroPoints;
  for (double s : q.scales)
    scales.push_back(static_cast<float>(s));
  for (int64_t z : q.zeroPoints)
    zeroPoints.push_back(static_cast<float>(z));
  SmallVector<Value> inputs{input};
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank)};
  if (q.axis) {
    auto channelType =
        RankedTensorType::get({int64_t(scales.size())}, b.getF32Type());
    AffineMap channel = AffineMap::get(rank, 0, b.getAffineDimExpr(*q.axis));
    for (ArrayRef<float> values : {ArrayRef(scales), ArrayRef(zeroPoints)}) {
      inputs.push_back(arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(channelType, values)));
      maps.push_back(channel);
    }
  }
  return generic(b, loc, resultType, inputs, maps,
                 [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
                   Value scale, zeroPoint;
                   if (q.axis) {
                     scale = args[1];
                     zeroPoint = args[2];
                   } else {
                     scale = arith::ConstantOp::create(
                         nb, nloc, nb.getF32FloatAttr(scales[0]));
                     zeroPoint = arith::ConstantOp::create(
                         nb, nloc, nb.getF32FloatAttr(zeroPoints[0]));
                   }
                   return body(nb, nloc, args[0], scale, zeroPoint);
                 });
}

/// sat(roundHalfEven(x / s) + z), NaN -> z, as signless storage integers.
LogicalResult lowerQuantize(qnt::QuantizeOp op, ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo q = infoOf(op.getOutput());
  auto body = [&](OpBuilder &nb, Location nloc, Value x, Value scale,
                  Value zeroPoint) -> Value {
    Value scaled = arith::DivFOp::create(nb, nloc, x, scale);
    Value rounded = math::RoundEvenOp::create(nb, nloc, scaled);
    Value shifted = arith::AddFOp::create(nb, nloc, rounded, zeroPoint);
    Value lo = arith::ConstantOp::create(
        nb, nloc, nb.getF32FloatAttr(static_cast<float>(q.min)));
    Value hi = arith::ConstantOp::create(
        nb, nloc, nb.getF32FloatAttr(static_cast<float>(q.max)));
    Value clamped = arith::MinimumFOp::create(
        nb, nloc, arith::MaximumFOp::create(nb, nloc, shifted, lo), hi);
    Value isNan =
        arith::CmpFOp::create(nb, nloc, arith::CmpFPredicate::UNO, x, x);
    Value value = arith::SelectOp::create(nb, nloc, isNan, zeroPoint, clamped);
    // Through i32 (exact: |value| < 2^16), then to the storage width; the
    // bits of an unsigned value are its storage bits.
    Value wide = arith::FPToSIOp::create(nb, nloc, nb.getI32Type(), value);
    if (q.width == 32)
      return wide;
    return arith::TruncIOp::create(nb, nloc, nb.getIntegerType(q.width), wide);
  };
  Value result =
      withChannelParams(b, loc, op.getInput(), q.storageType(), q, body);
  return replaceWithStorage(b, loc, op, result);
}

/// s * (q - z) in f32 from signless storage integers.
LogicalResult lowerDequantize(qnt::DequantizeOp op,
                              ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo q = infoOf(op.getInput());
  auto body = [&](OpBuilder &nb, Location nloc, Value stored, Value scale,
                  Value zeroPoint) -> Value {
    Value real = arith::SIToFPOp::create(
        nb, nloc, nb.getF32Type(), extend(nb, nloc, stored, q.isSigned, 32));
    Value centered = arith::SubFOp::create(nb, nloc, real, zeroPoint);
    return arith::MulFOp::create(nb, nloc, scale, centered);
  };
  Value result = withChannelParams(
      b, loc, toStorage(b, loc, op.getInput()),
      cast<RankedTensorType>(op.getOutput().getType()), q, body);
  b.replaceOp(op, result);
  return success();
}

/// Whether `value` is a constant whose elements are all zero.
bool isZeroConstant(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return false;
  if (attr.getElementType().isIntOrIndex())
    return llvm::all_of(attr.getValues<APInt>(),
                        [](const APInt &v) { return v.isZero(); });
  return llvm::all_of(attr.getValues<APFloat>(),
                      [](const APFloat &v) { return v.isZero(); });
}

/// The weights of a float contraction with quantized constant weights:
/// symmetric integers of at most 8 bits, per output channel (`outAxis`) or
/// per tensor, with the float operands' zero points 0.
struct QuantizedWeights {
  QInfo info;
  SmallVector<int64_t> values;
};
std::optional<QuantizedWeights> quantizedWeights(Operation *op,
                                                 int64_t outAxis) {
  auto dequantize = op->getOperand(1).getDefiningOp<qnt::DequantizeOp>();
  if (!dequantize)
    return std::nullopt;
  QInfo w = infoOf(dequantize.getInput());
  std::optional<SmallVector<int64_t>> values =
      constantStorage(dequantize.getInput(), w);
  if (!values || !w.isSigned || w.width > 8 ||
      llvm::any_of(w.zeroPoints, [](int64_t z) { return z != 0; }) ||
      (w.axis && *w.axis != outAxis))
    return std::nullopt;
  unsigned zeroOperands = isa<tosa::MatMulOp>(op) ? 2 : 3;
  for (unsigned i = zeroOperands; i < op->getNumOperands(); ++i)
    if (!isZeroConstant(op->getOperand(i)))
      return std::nullopt;
  return QuantizedWeights{std::move(w), std::move(*values)};
}

/// Replaces a float contraction by `result` and erases the weights'
/// dequantize when nothing else uses it.
void replaceContraction(Operation *op, Value result) {
  auto dequantize = op->getOperand(1).getDefiningOp<qnt::DequantizeOp>();
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
  if (dequantize && dequantize->use_empty())
    dequantize->erase();
}

} // namespace

bool qmlir::detail::lowerWeightOnly(Operation *op) {
  bool depthwise = isa<tosa::DepthwiseConv2DOp>(op);
  bool matmul = isa<tosa::MatMulOp>(op);
  if (!isa<tosa::Conv2DOp>(op) && !depthwise && !matmul)
    return false;
  auto xType = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  auto yType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!xType || !yType || !xType.getElementType().isF32() ||
      !yType.getElementType().isF32() || !xType.hasStaticShape() ||
      !yType.hasStaticShape())
    return false;
  std::optional<QuantizedWeights> weights =
      quantizedWeights(op, matmul || depthwise ? 2 : 0);
  if (!weights)
    return false;
  const QInfo &w = weights->info;
  const SmallVector<int64_t> *values = &weights->values;

  OpBuilder b(op);
  Location loc = op->getLoc();
  ArrayRef<int64_t> wShape = w.type.getShape();
  int64_t rank = yType.getRank(), channels = yType.getShape().back();
  int64_t multiplier = depthwise ? wShape[3] : 1;
  auto accType = yType.clone(b.getF32Type());
  Value acc;
  if (matmul) {
    acc = linalg::BatchMatmulOp::create(
              b, loc, TypeRange{accType},
              ValueRange{op->getOperand(0),
                         intConstant(b, loc, wShape, 8, *values)},
              ValueRange{zeros(b, loc, accType)})
              .getResult(0);
  } else {
    ArrayRef<int64_t> pad, stride, dilation;
    if (auto conv = dyn_cast<tosa::Conv2DOp>(op)) {
      pad = conv.getPad();
      stride = conv.getStride();
      dilation = conv.getDilation();
    } else {
      auto dw = cast<tosa::DepthwiseConv2DOp>(op);
      pad = dw.getPad();
      stride = dw.getStride();
      dilation = dw.getDilation();
    }
    Value input = padded(b, loc, op->getOperand(0), pad, 0);
    Attribute strides = b.getI64TensorAttr(stride);
    Attribute dilations = b.getI64TensorAttr(dilation);
    if (depthwise) {
      SmallVector<int64_t> shape(accType.getShape());
      shape.back() = wShape[2];
      shape.push_back(wShape[3]);
      auto wideType = RankedTensorType::get(shape, b.getF32Type());
      Value conv =
          linalg::DepthwiseConv2DNhwcHwcmOp::create(
              b, loc, TypeRange{wideType},
              ValueRange{input, intConstant(b, loc, wShape, 8, *values)},
              ValueRange{zeros(b, loc, wideType)}, strides, dilations)
              .getResult(0);
      acc = tensor::CollapseShapeOp::create(
          b, loc, accType, conv,
          SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
    } else {
      acc = linalg::Conv2DNhwcHwcfOp::create(
                b, loc, TypeRange{accType},
                ValueRange{input, hwcfFilter(b, loc, wShape, *values, 8)},
                ValueRange{zeros(b, loc, accType)}, strides, dilations)
                .getResult(0);
    }
  }

  // Epilogue: the scale of each output channel, then the bias.
  SmallVector<float> scales(channels);
  for (int64_t c = 0; c < channels; ++c)
    scales[c] = w.scale(w.axis ? c / multiplier : 0);
  auto channelType = RankedTensorType::get({channels}, b.getF32Type());
  Value scaleConstant = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(channelType, ArrayRef<float>(scales)));
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap channelMap = AffineMap::get(rank, 0, b.getAffineDimExpr(rank - 1));
  SmallVector<Value> inputs{acc, scaleConstant};
  SmallVector<AffineMap> maps{identity, channelMap};
  if (!matmul) {
    Value bias = op->getOperand(2);
    auto biasType = cast<RankedTensorType>(bias.getType());
    inputs.push_back(bias);
    maps.push_back(biasType.getDimSize(0) == 1
                       ? AffineMap::get(rank, 0, b.getAffineConstantExpr(0))
                       : channelMap);
  }
  Value result =
      generic(b, loc, yType, inputs, maps,
              [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
                Value scaled =
                    arith::MulFOp::create(nb, nloc, args[0], args[1]);
                if (args.size() == 4)
                  return arith::AddFOp::create(nb, nloc, scaled, args[2]);
                return scaled;
              });
  replaceContraction(op, result);
  return true;
}

LogicalResult qmlir::detail::lowerDynamic(Operation *op) {
  bool matmul = isa<tosa::MatMulOp>(op);
  auto xType = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  auto yType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if ((!matmul && !isa<tosa::Conv2DOp>(op)) ||
      !op->getOperand(1).getDefiningOp<qnt::DequantizeOp>() || !xType ||
      !yType || !xType.getElementType().isF32() || !xType.hasStaticShape() ||
      !yType.hasStaticShape())
    return op->emitError() << "dynamic quantization needs a conv2d or matmul "
                              "with float, statically shaped operands and "
                              "dequantized constant weights";
  std::optional<QuantizedWeights> weights =
      quantizedWeights(op, matmul ? 2 : 0);
  if (!weights)
    return op->emitError() << "dynamic quantization needs symmetric integer "
                              "weights of at most 8 bits, per output channel "
                              "or per tensor, and zero points of 0";
  const QInfo &w = weights->info;
  const SmallVector<int64_t> *values = &weights->values;
  if (matmul && w.type.getDimSize(0) != 1)
    return op->emitError() << "dynamic quantization of a batched matmul "
                              "(weights of batch "
                           << w.type.getDimSize(0) << ") is not supported";

  OpBuilder b(op);
  Location loc = op->getLoc();
  Type f32 = b.getF32Type(), i32 = b.getI32Type(), i8 = b.getI8Type();
  Value x = op->getOperand(0);
  int64_t rank = xType.getRank();

  // The input's range, widened to contain 0: two reductions to scalars.
  auto reduceTo = [&](bool isMax) -> Value {
    Value init = linalg::FillOp::create(
                     b, loc,
                     arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f))
                         .getResult(),
                     tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, f32)
                         .getResult())
                     .getResult(0);
    SmallVector<int64_t> dims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    Value reduced =
        linalg::ReduceOp::create(
            b, loc, ValueRange{x}, ValueRange{init}, dims,
            [&](OpBuilder &nb, Location nloc, ValueRange args) {
              Value r =
                  isMax ? arith::MaximumFOp::create(nb, nloc, args[0], args[1])
                              .getResult()
                        : arith::MinimumFOp::create(nb, nloc, args[0], args[1])
                              .getResult();
              linalg::YieldOp::create(nb, nloc, r);
            })
            .getResult(0);
    return tensor::ExtractOp::create(b, loc, reduced, ValueRange{});
  };
  Value lo = reduceTo(/*isMax=*/false), hi = reduceTo(/*isMax=*/true);
  auto f32Constant = [&](float v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  };
  // u8 asymmetric: scale = (hi - lo) / 255 (1 for an all-zero input), zero
  // point = round(-lo / scale) in [0, 255], held as zp - 128 for the s8 data.
  Value range = arith::SubFOp::create(b, loc, hi, lo);
  Value scale = arith::DivFOp::create(b, loc, range, f32Constant(255.0f));
  Value isZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, scale,
                                       f32Constant(0.0f));
  scale = arith::SelectOp::create(b, loc, isZero, f32Constant(1.0f), scale);
  Value zp = math::RoundEvenOp::create(
      b, loc,
      arith::DivFOp::create(b, loc, arith::NegFOp::create(b, loc, lo), scale));
  zp = arith::MinimumFOp::create(
      b, loc, arith::MaximumFOp::create(b, loc, zp, f32Constant(0.0f)),
      f32Constant(255.0f));
  Value centeredZp =
      arith::SubIOp::create(b, loc, arith::FPToSIOp::create(b, loc, i32, zp),
                            scalar(b, loc, i32, 128));

  // x -> s8: clamp(roundeven(x / scale) + zp, 0, 255) - 128.
  ArrayRef<int64_t> wShape = w.type.getShape();
  auto qType = xType.clone(i8);
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  Value q = generic(
      b, loc, qType, {x}, {identity},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value v = math::RoundEvenOp::create(
            nb, nloc, arith::DivFOp::create(nb, nloc, args[0], scale));
        v = arith::AddFOp::create(nb, nloc, v, zp);
        v = arith::MinimumFOp::create(
            nb, nloc, arith::MaximumFOp::create(nb, nloc, v, f32Constant(0)),
            f32Constant(255));
        Value asInt = arith::FPToSIOp::create(nb, nloc, i32, v);
        Value centered =
            arith::SubIOp::create(nb, nloc, asInt, scalar(nb, nloc, i32, 128));
        return arith::TruncIOp::create(nb, nloc, i8, centered);
      });

  // The integer product and each output channel's weight sum.
  int64_t channels = yType.getShape().back();
  SmallVector<int64_t> sums(channels, 0);
  for (size_t i = 0; i < values->size(); ++i)
    sums[matmul ? i % channels : i / (values->size() / channels)] +=
        (*values)[i];
  auto accType = yType.clone(i32);
  Value acc;
  if (matmul) {
    // One batch: [1, M, K] x [1, K, N] as a 2-D product (the VNNI kernels'
    // form).
    ArrayRef<int64_t> shape = xType.getShape();
    SmallVector<ReassociationIndices> batchOne{{0, 1}, {2}};
    Value flatA = tensor::CollapseShapeOp::create(
        b, loc, qType.clone({shape[1], shape[2]}), q, batchOne);
    Value flatB = intConstant(b, loc, {wShape[1], wShape[2]}, 8, *values);
    auto flatAcc = RankedTensorType::get({shape[1], channels}, i32);
    Value product = linalg::MatmulOp::create(b, loc, TypeRange{flatAcc},
                                             ValueRange{flatA, flatB},
                                             ValueRange{zeros(b, loc, flatAcc)})
                        .getResult(0);
    acc = tensor::ExpandShapeOp::create(b, loc, accType, product, batchOne);
  } else {
    auto conv = cast<tosa::Conv2DOp>(op);
    // Padding holds real 0: the zero point.
    Value input = padded(b, loc, q, conv.getPad(),
                         arith::TruncIOp::create(b, loc, i8, centeredZp));
    acc = linalg::Conv2DNhwcHwcfOp::create(
              b, loc, TypeRange{accType},
              ValueRange{input, hwcfFilter(b, loc, wShape, *values, 8)},
              ValueRange{zeros(b, loc, accType)},
              b.getI64TensorAttr(conv.getStride()),
              b.getI64TensorAttr(conv.getDilation()))
              .getResult(0);
  }

  // y = (acc - zp' * sum[c]) * (scale * w_scale[c]) + bias[c].
  SmallVector<float> wScales(channels);
  for (int64_t c = 0; c < channels; ++c)
    wScales[c] = w.scale(w.axis ? c : 0);
  auto channelType = RankedTensorType::get({channels}, f32);
  Value wScaleConstant = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(channelType, ArrayRef<float>(wScales)));
  Value sumConstant = intConstant(b, loc, {channels}, 32, sums);
  int64_t outRank = yType.getRank();
  AffineMap outIdentity = b.getMultiDimIdentityMap(outRank);
  AffineMap channelMap =
      AffineMap::get(outRank, 0, b.getAffineDimExpr(outRank - 1));
  SmallVector<Value> inputs{acc, wScaleConstant, sumConstant};
  SmallVector<AffineMap> maps{outIdentity, channelMap, channelMap};
  if (!matmul) {
    Value bias = op->getOperand(2);
    inputs.push_back(bias);
    maps.push_back(cast<RankedTensorType>(bias.getType()).getDimSize(0) == 1
                       ? AffineMap::get(outRank, 0, b.getAffineConstantExpr(0))
                       : channelMap);
  }
  Value result = generic(
      b, loc, yType, inputs, maps,
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value correction = arith::MulIOp::create(nb, nloc, centeredZp, args[2]);
        Value exact = arith::SubIOp::create(nb, nloc, args[0], correction);
        Value real = arith::SIToFPOp::create(nb, nloc, f32, exact);
        Value factor = arith::MulFOp::create(nb, nloc, scale, args[1]);
        Value y = arith::MulFOp::create(nb, nloc, real, factor);
        if (args.size() == 5)
          y = arith::AddFOp::create(nb, nloc, y, args[3]);
        return y;
      });
  replaceContraction(op, result);
  return success();
}

mlir::Type qmlir::detail::storageTypeOf(mlir::Type type) {
  auto tensor = dyn_cast<TensorType>(type);
  if (!tensor)
    return nullptr;
  auto quantized =
      dyn_cast<mlir::quant::QuantizedType>(tensor.getElementType());
  if (!quantized)
    return nullptr;
  return tensor.clone(IntegerType::get(
      type.getContext(), quantized.getStorageTypeIntegralWidth()));
}

namespace {

/// Whether all operand and result types of `op` are statically shaped.
bool hasStaticShapes(Operation *op) {
  auto isStatic = [](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    return !shaped || shaped.hasStaticShape();
  };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

/// One qnt op to linalg on storage integers. The lowerings read the
/// quantization parameters from the op's (unconverted) types and its
/// operands' storage through `quant.scast`, which the storage cast pattern
/// folds into the converted operands.
template <typename OpT> class QNTOpLowering : public OpConversionPattern<OpT> {
public:
  using OpConversionPattern<OpT>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return op->emitError() << "cannot lower to linalg: dynamic shapes";
    return lower(op, rewriter);
  }

private:
  static LogicalResult lower(qnt::QuantizeOp op, ConversionPatternRewriter &b) {
    return lowerQuantize(op, b);
  }
  static LogicalResult lower(qnt::DequantizeOp op,
                             ConversionPatternRewriter &b) {
    return lowerDequantize(op, b);
  }
  static LogicalResult lower(qnt::Conv2DOp op, ConversionPatternRewriter &b) {
    return lowerConvolution(op, /*depthwise=*/false, b);
  }
  static LogicalResult lower(qnt::DepthwiseConv2DOp op,
                             ConversionPatternRewriter &b) {
    return lowerConvolution(op, /*depthwise=*/true, b);
  }
  static LogicalResult lower(qnt::MatmulOp op, ConversionPatternRewriter &b) {
    return lowerMatmul(op, b);
  }
  static LogicalResult lower(qnt::AddOp op, ConversionPatternRewriter &b) {
    return lowerBinary(op, /*isAdd=*/true, b);
  }
  static LogicalResult lower(qnt::MulOp op, ConversionPatternRewriter &b) {
    return lowerBinary(op, /*isAdd=*/false, b);
  }
  static LogicalResult lower(qnt::MaxPool2DOp op,
                             ConversionPatternRewriter &b) {
    return lowerMaxPool(op, b);
  }
  static LogicalResult lower(qnt::AvgPool2DOp op,
                             ConversionPatternRewriter &b) {
    return lowerAvgPool(op, b);
  }
  static LogicalResult lower(qnt::ConcatOp op, ConversionPatternRewriter &b) {
    return lowerConcat(op, b);
  }
  static LogicalResult lower(qnt::RequantizeOp op,
                             ConversionPatternRewriter &b) {
    return lowerRequantize(op, b);
  }
};

/// A `quant.scast` between a `!quant` tensor and its storage is the identity
/// once both sides are converted.
class StorageCastFolding
    : public OpConversionPattern<mlir::quant::StorageCastOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(mlir::quant::StorageCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (adaptor.getInput().getType() != type)
      return op.emitError()
             << "storage cast from " << adaptor.getInput().getType() << " to "
             << type << " is not an identity";
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// Any other op without regions (data movement on quantized tensors,
/// returns, calls) with its operands and results converted.
class RetypedOp : public ConversionPattern {
public:
  RetypedOp(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1,
                          context) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (op->getNumRegions() != 0 || isa<qnt::QNTDialect>(op->getDialect()))
      return failure();
    SmallVector<Type> types;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(), types)))
      return failure();
    OperationState state(op->getLoc(), op->getName().getStringRef(), operands,
                         types, op->getAttrs(), op->getSuccessors());
    rewriter.replaceOp(op, rewriter.create(state)->getResults());
    return success();
  }
};

} // namespace

qmlir::QNTStorageTypeConverter::QNTStorageTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](TensorType type) -> std::optional<Type> {
    if (Type storage = qmlir::detail::storageTypeOf(type))
      return storage;
    return std::nullopt;
  });
  auto storageCast = [](OpBuilder &b, Type type, ValueRange inputs,
                        Location loc) -> Value {
    if (inputs.size() != 1)
      return nullptr;
    return mlir::quant::StorageCastOp::create(b, loc, type, inputs[0]);
  };
  addSourceMaterialization(storageCast);
  addTargetMaterialization(storageCast);
}

void qmlir::populateQNTToLinalgConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns
      .add<QNTOpLowering<qnt::QuantizeOp>, QNTOpLowering<qnt::DequantizeOp>,
           QNTOpLowering<qnt::Conv2DOp>, QNTOpLowering<qnt::DepthwiseConv2DOp>,
           QNTOpLowering<qnt::MatmulOp>, QNTOpLowering<qnt::AddOp>,
           QNTOpLowering<qnt::MulOp>, QNTOpLowering<qnt::MaxPool2DOp>,
           QNTOpLowering<qnt::AvgPool2DOp>, QNTOpLowering<qnt::ConcatOp>,
           QNTOpLowering<qnt::RequantizeOp>, StorageCastFolding, RetypedOp>(
          converter, context);
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                 converter);
}

void qmlir::configureQNTToLinalgTarget(ConversionTarget &target,
                                       const TypeConverter &converter) {
  target.markUnknownOpDynamicallyLegal([&converter](Operation *op) {
    if (auto func = dyn_cast<func::FuncOp>(op))
      return converter.isSignatureLegal(func.getFunctionType()) &&
             converter.isLegal(&func.getBody());
    return converter.isLegal(op);
  });
  target.addIllegalDialect<qnt::QNTDialect>();
  target.addLegalOp<qnt::CalibrateOp>();
  target.addIllegalOp<mlir::quant::StorageCastOp>();
}
