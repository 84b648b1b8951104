//===- Elementwise.cpp - qnt.add and qnt.mul to linalg --------------------===//
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
  // A product of 16-bit operands (up to 2^32 with zero points) times a
  // 31-bit multiplier needs more than 64 bits: 128, as the reference's
  // applyScale computes it.
  bool wideProduct = !isAdd && std::max(l.width, r.width) > 8;
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
        auto scale = [&](Value v, const qmlir::quant::FixedPointMultiplier &m,
                         bool wide = false) {
          return applyScale(nb, nloc, v, c(m.multiplier), c(m.shift), rounding,
                            wide);
        };
        Value scaled;
        if (isAdd) {
          Value as = scale(arith::ShLIOp::create(nb, nloc, a, c(shiftL)),
                           (*scales)[0]);
          Value bs = scale(arith::ShLIOp::create(nb, nloc, bv, c(shiftL)),
                           (*scales)[1]);
          scaled = scale(arith::AddIOp::create(nb, nloc, as, bs), (*scales)[2]);
        } else {
          scaled = scale(arith::MulIOp::create(nb, nloc, a, bv), (*scales)[0],
                         wideProduct);
        }
        Value shifted =
            arith::AddIOp::create(nb, nloc, scaled, c(y.zeroPoint(0)));
        return saturate(nb, nloc, shifted, lo, hi, y.width);
      });
  return replaceWithStorage(b, loc, op, result);
}

/// qnt.table: the input's storage value, made an index from 0 (plus 256
/// times the channel for a table per channel), reads a constant table of
/// result storage values.
LogicalResult lowerTable(qnt::TableOp op, ConversionPatternRewriter &b) {
  Location loc = op.getLoc();
  QInfo x = infoOf(op.getInput()), y = infoOf(op.getOutput());
  Type storage = b.getIntegerType(y.width);
  SmallVector<APInt> entries;
  for (int32_t v : op.getTable())
    entries.push_back(APInt(y.width, v, /*isSigned=*/true));
  auto tableType =
      RankedTensorType::get({static_cast<int64_t>(entries.size())}, storage);
  Value table = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(tableType, entries));
  int64_t offset = x.isSigned ? 128 : 0;
  bool perChannel = entries.size() != 256;
  int64_t rank = x.type.getRank();
  Value input = toStorage(b, loc, op.getInput());
  Value result = generic(
      b, loc, y.storageType(), {input}, {b.getMultiDimIdentityMap(rank)},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Type i32 = nb.getI32Type();
        Value wide = extend(nb, nloc, args[0], x.isSigned, 32);
        Value index = arith::AddIOp::create(nb, nloc, wide,
                                            scalar(nb, nloc, i32, offset));
        if (perChannel) {
          // 256 entries per channel of the last axis.
          Value channel = arith::IndexCastOp::create(
              nb, nloc, i32, linalg::IndexOp::create(nb, nloc, rank - 1));
          index = arith::AddIOp::create(
              nb, nloc, index,
              arith::MulIOp::create(nb, nloc, channel,
                                    scalar(nb, nloc, i32, 256)));
        }
        Value position =
            arith::IndexCastOp::create(nb, nloc, nb.getIndexType(), index);
        return tensor::ExtractOp::create(nb, nloc, table, ValueRange{position});
      });
  return replaceWithStorage(b, loc, op, result);
}

template LogicalResult lowerBinary<qnt::AddOp>(qnt::AddOp, bool,
                                               ConversionPatternRewriter &);
template LogicalResult lowerBinary<qnt::MulOp>(qnt::MulOp, bool,
                                               ConversionPatternRewriter &);

} // namespace qmlir::detail
