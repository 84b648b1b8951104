//===- Contractions.cpp - qnt conv2d, depthwise_conv2d, matmul ------------===//
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

template LogicalResult
lowerConvolution<qnt::Conv2DOp>(qnt::Conv2DOp, bool,
                                ConversionPatternRewriter &);
template LogicalResult
lowerConvolution<qnt::DepthwiseConv2DOp>(qnt::DepthwiseConv2DOp, bool,
                                         ConversionPatternRewriter &);

} // namespace qmlir::detail
