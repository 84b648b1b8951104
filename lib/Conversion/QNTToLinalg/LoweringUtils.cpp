//===- LoweringUtils.cpp - Shared parts of the qnt lowerings --------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Quant/Numerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace qmlir;

namespace qmlir::detail {

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
             unsigned width) {
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
                 Value shift, qnt::RoundingMode rounding, bool wide) {
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

} // namespace qmlir::detail
