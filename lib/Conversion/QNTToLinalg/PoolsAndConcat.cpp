//===- PoolsAndConcat.cpp - qnt pools and concat to linalg ----------------===//
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

} // namespace qmlir::detail
