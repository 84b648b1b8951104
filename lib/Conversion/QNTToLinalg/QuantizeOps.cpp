//===- QuantizeOps.cpp - qnt quantize, dequantize, requantize -------------===//
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

/// Storage wider than 16 bits: values and zero points that f32 does not hold
/// exactly, so quantize and dequantize compute in f64 and i64.
static bool isWide(const QInfo &q) { return q.width > 16; }

/// A generic over `input` producing `resultType` with the channel's f32
/// scale and zero point as scalars in `body(builder, loc, element, scale,
/// zeroPoint)`: constants per tensor, constant tensors indexed by the
/// quantized dimension per axis. The zero point is f32, or i64 for wide
/// storage.
Value withChannelParams(
    OpBuilder &b, Location loc, Value input, RankedTensorType resultType,
    const QInfo &q,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value)> body) {
  int64_t rank = resultType.getRank();
  bool wide = isWide(q);
  SmallVector<float> scales, zeroPoints;
  for (double s : q.scales)
    scales.push_back(static_cast<float>(s));
  for (int64_t z : q.zeroPoints)
    zeroPoints.push_back(static_cast<float>(z));
  SmallVector<Value> inputs{input};
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank)};
  if (q.axis) {
    int64_t channels = scales.size();
    AffineMap channel = AffineMap::get(rank, 0, b.getAffineDimExpr(*q.axis));
    inputs.push_back(arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(
            RankedTensorType::get({channels}, b.getF32Type()),
            ArrayRef(scales))));
    inputs.push_back(arith::ConstantOp::create(
        b, loc,
        wide ? DenseElementsAttr::get(
                   RankedTensorType::get({channels}, b.getI64Type()),
                   ArrayRef(q.zeroPoints))
             : DenseElementsAttr::get(
                   RankedTensorType::get({channels}, b.getF32Type()),
                   ArrayRef(zeroPoints))));
    maps.push_back(channel);
    maps.push_back(channel);
  }
  return generic(
      b, loc, resultType, inputs, maps,
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value scale, zeroPoint;
        if (q.axis) {
          scale = args[1];
          zeroPoint = args[2];
        } else {
          scale = arith::ConstantOp::create(nb, nloc,
                                            nb.getF32FloatAttr(scales[0]));
          zeroPoint = wide
                          ? arith::ConstantOp::create(
                                nb, nloc, nb.getI64IntegerAttr(q.zeroPoints[0]))
                          : arith::ConstantOp::create(
                                nb, nloc, nb.getF32FloatAttr(zeroPoints[0]));
        }
        return body(nb, nloc, args[0], scale, zeroPoint);
      });
}

/// sat(roundHalfEven(x / s) + z), NaN -> z, as signless storage integers.
/// Storage of up to 16 bits computes in f32 (exact there); wider storage adds
/// the zero point and clamps in f64, as quant::quantize does.
LogicalResult lowerQuantize(qnt::QuantizeOp op, ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo q = infoOf(op.getOutput());
  bool wide = isWide(q);
  auto body = [&](OpBuilder &nb, Location nloc, Value x, Value scale,
                  Value zeroPoint) -> Value {
    // The sum and the clamp in f32, or f64 for wide storage (whose zero
    // point arrives as i64).
    FloatType sumType = wide ? FloatType(nb.getF64Type()) : nb.getF32Type();
    Value scaled = arith::DivFOp::create(nb, nloc, x, scale);
    Value rounded = math::RoundEvenOp::create(nb, nloc, scaled);
    Value zp = zeroPoint;
    if (wide) {
      rounded = arith::ExtFOp::create(nb, nloc, sumType, rounded);
      zp = arith::SIToFPOp::create(nb, nloc, sumType, zeroPoint);
    }
    Value shifted = arith::AddFOp::create(nb, nloc, rounded, zp);
    Value lo = arith::ConstantOp::create(
        nb, nloc, nb.getFloatAttr(sumType, static_cast<double>(q.min)));
    Value hi = arith::ConstantOp::create(
        nb, nloc, nb.getFloatAttr(sumType, static_cast<double>(q.max)));
    Value clamped = arith::MinimumFOp::create(
        nb, nloc, arith::MaximumFOp::create(nb, nloc, shifted, lo), hi);
    Value isNan =
        arith::CmpFOp::create(nb, nloc, arith::CmpFPredicate::UNO, x, x);
    Value value = arith::SelectOp::create(nb, nloc, isNan, zp, clamped);
    // Exact through i32 (|value| < 2^16) or i64 (wide), then to the storage
    // width; the bits of an unsigned value are its storage bits.
    Value integer = arith::FPToSIOp::create(
        nb, nloc, wide ? nb.getI64Type() : nb.getI32Type(), value);
    return arith::TruncIOp::create(nb, nloc, nb.getIntegerType(q.width),
                                   integer);
  };
  Value result =
      withChannelParams(b, loc, op.getInput(), q.storageType(), q, body);
  return replaceWithStorage(b, loc, op, result);
}

/// s * (q - z) in f32 from signless storage integers; q - z in i64 for
/// wide storage (as quant::dequantize computes it), in f32 otherwise.
LogicalResult lowerDequantize(qnt::DequantizeOp op,
                              ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo q = infoOf(op.getInput());
  auto body = [&](OpBuilder &nb, Location nloc, Value stored, Value scale,
                  Value zeroPoint) -> Value {
    if (isWide(q)) {
      Value centered = arith::SubIOp::create(
          nb, nloc, extend(nb, nloc, stored, q.isSigned, 64), zeroPoint);
      Value real = arith::SIToFPOp::create(nb, nloc, nb.getF32Type(), centered);
      return arith::MulFOp::create(nb, nloc, scale, real);
    }
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

} // namespace qmlir::detail
