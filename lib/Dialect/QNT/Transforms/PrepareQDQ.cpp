//===- PrepareQDQ.cpp - The qnt-prepare-qdq pass --------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// A QDQ model pins its quantization parameters with QuantizeLinear /
// DequantizeLinear around each op, in ONNX's NCHW layout. Once converted to
// TOSA's NHWC, layout ops (transposes, reshapes) sit between the quantize /
// dequantize pairs and the ops they quantize, where qnt-fuse cannot see
// through them. This pass moves or duplicates the pairs so that each op is
// directly between dequantizes and a quantize again. Every rewrite is exact:
// a per-tensor quantization commutes with moving elements, and quantizing
// an already quantized value with its own parameters gives it back.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Support/DenseElements.h"
#include "qmlir/Verification/InputLevel.h"

#include "qmlir/Transforms/FullyConnected.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qmlir {
#define GEN_PASS_DEF_QNTPREPAREQDQ
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;

namespace {

bool isLayoutOp(Operation *op) {
  return isa_and_nonnull<tosa::TransposeOp, tosa::ReshapeOp>(op);
}

/// A layout op or a slice: ops that only move or select elements, so that a
/// per-tensor quantization commutes with them.
bool isDataMovementOp(Operation *op) {
  return isLayoutOp(op) || isa_and_nonnull<tosa::SliceOp>(op);
}

/// The quantized element type of a tensor, or null.
mlir::quant::QuantizedType quantizedElementType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor ? dyn_cast<mlir::quant::QuantizedType>(tensor.getElementType())
                : mlir::quant::QuantizedType();
}

bool isPerTensor(Type type) {
  return isa_and_nonnull<mlir::quant::UniformQuantizedType>(
      quantizedElementType(type));
}

/// `type`'s element type on `shape`.
RankedTensorType withShape(Type type, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape,
                               cast<RankedTensorType>(type).getElementType());
}

/// The quantized type of `type` moved by a layout op from `from` to `to`
/// (per-axis: the axis follows its elements), or null when a per-axis axis
/// does not survive the move.
RankedTensorType movedQuantizedType(RankedTensorType type, Operation *layout) {
  auto result = cast<RankedTensorType>(layout->getResult(0).getType());
  auto perAxis =
      dyn_cast<mlir::quant::UniformQuantizedPerAxisType>(type.getElementType());
  if (!perAxis)
    return withShape(type, result.getShape());
  int32_t axis = perAxis.getQuantizedDimension();
  int32_t newAxis = -1;
  if (auto transpose = dyn_cast<tosa::TransposeOp>(layout)) {
    for (auto [i, p] : llvm::enumerate(transpose.getPerms()))
      if (p == axis)
        newAxis = i;
  } else {
    // A reshape keeps the axis when some dimension of the result holds it
    // whole, after the same number of elements.
    int64_t before = 1;
    for (int32_t i = 0; i < axis; ++i)
      before *= type.getDimSize(i);
    int64_t prefix = 1;
    for (int64_t i = 0; i < result.getRank(); ++i) {
      if (prefix == before && result.getDimSize(i) == type.getDimSize(axis)) {
        newAxis = i;
        break;
      }
      prefix *= result.getDimSize(i);
    }
  }
  if (newAxis < 0)
    return {};
  auto moved = mlir::quant::UniformQuantizedPerAxisType::get(
      perAxis.getFlags(), perAxis.getStorageType(), perAxis.getExpressedType(),
      perAxis.getScales(), perAxis.getZeroPoints(), newAxis,
      perAxis.getStorageTypeMin(), perAxis.getStorageTypeMax());
  return RankedTensorType::get(result.getShape(), moved);
}

/// The storage constant of a quantized constant `quant.scast(constant)`.
DenseElementsAttr quantizedConstant(Value quantized) {
  auto cast = quantized.getDefiningOp<mlir::quant::StorageCastOp>();
  DenseElementsAttr data;
  if (!cast || !matchPattern(cast.getInput(), m_Constant(&data)))
    return {};
  return data;
}

/// The elements of `data` permuted by `perms` (result dimension i is input
/// dimension perms[i]).
DenseElementsAttr permute(DenseElementsAttr data, ArrayRef<int32_t> perms,
                          RankedTensorType resultType) {
  if (data.isSplat())
    return data.resizeSplat(resultType);
  auto inputType = cast<RankedTensorType>(data.getType());
  int64_t rank = inputType.getRank();
  SmallVector<int64_t> inputStrides(rank, 1), strides(rank);
  for (int64_t j = rank - 2; j >= 0; --j)
    inputStrides[j] = inputStrides[j + 1] * inputType.getDimSize(j + 1);
  for (int64_t i = 0; i < rank; ++i)
    strides[i] = inputStrides[perms[i]];
  return qmlir::gatherDenseElements(data, resultType, strides);
}

/// layout(dequantize(quant.scast(constant))) becomes
/// dequantize(quant.scast(constant')): weight transposes and reshapes fold
/// into the integer constant, a per-axis axis following its elements.
struct FoldLayoutIntoQuantizedConstant : public RewritePattern {
  FoldLayoutIntoQuantizedConstant(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/2, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isLayoutOp(op))
      return failure();
    auto dequantize = op->getOperand(0).getDefiningOp<qnt::DequantizeOp>();
    if (!dequantize)
      return failure();
    DenseElementsAttr data = quantizedConstant(dequantize.getInput());
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!data || !resultType || !resultType.hasStaticShape())
      return failure();
    RankedTensorType quantizedType = movedQuantizedType(
        cast<RankedTensorType>(dequantize.getInput().getType()), op);
    if (!quantizedType)
      return rewriter.notifyMatchFailure(op, "the quantized axis is split");
    auto storageType = withShape(data.getType(), resultType.getShape());
    DenseElementsAttr moved;
    if (auto transpose = dyn_cast<tosa::TransposeOp>(op))
      moved = permute(data, transpose.getPerms(), storageType);
    else
      moved = data.reshape(storageType);
    if (!moved)
      return failure();
    Location loc = op->getLoc();
    Value constant = arith::ConstantOp::create(rewriter, loc, moved);
    Value cast = mlir::quant::StorageCastOp::create(rewriter, loc,
                                                    quantizedType, constant);
    rewriter.replaceOpWithNewOp<qnt::DequantizeOp>(op, resultType, cast);
    return success();
  }
};

/// The same layout op as `layout` on `input`, with a result of element type
/// `elementType`.
Value cloneLayout(PatternRewriter &rewriter, Operation *layout, Value input) {
  IRMapping mapping;
  mapping.map(layout->getOperand(0), input);
  return rewriter.clone(*layout, mapping)->getResult(0);
}

/// layout(dequantize(quantize(layout'(x)))), two layout ops of one kind,
/// becomes dequantize(quantize(layout(layout'(x)))) for a per-tensor type:
/// the layout ops meet and merge or cancel (NHWC -> NCHW -> NHWC around
/// each pair).
struct HoistLayoutAboveQDQ : public RewritePattern {
  HoistLayoutAboveQDQ(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isLayoutOp(op))
      return failure();
    auto dequantize = op->getOperand(0).getDefiningOp<qnt::DequantizeOp>();
    auto quantize = dequantize
                        ? dequantize.getInput().getDefiningOp<qnt::QuantizeOp>()
                        : qnt::QuantizeOp();
    Operation *inner = quantize ? quantize.getInput().getDefiningOp() : nullptr;
    if (!quantize || !isPerTensor(quantize.getType()) || !isLayoutOp(inner) ||
        inner->getName() != op->getName())
      return failure();
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    Location loc = op->getLoc();
    Value moved = cloneLayout(rewriter, op, quantize.getInput());
    Value requantized = qnt::QuantizeOp::create(
        rewriter, loc, withShape(quantize.getType(), resultType.getShape()),
        moved);
    rewriter.replaceOpWithNewOp<qnt::DequantizeOp>(op, resultType, requantized);
    return success();
  }
};

/// quantize(op(x)), op a layout op or a clamp with one use and x computed
/// by an op that is not a dequantize (nor a layout op of the same kind),
/// becomes quantize(op(dequantize(quantize(x)))) with the same per-tensor
/// parameters: the op producing x is then quantized directly, and op works
/// on quantized values (a clamp is monotone, so it commutes with the
/// rounding).
struct QuantizeBeforeLayout : public OpRewritePattern<qnt::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(qnt::QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    Operation *op = quantize.getInput().getDefiningOp();
    if (!op || !(isDataMovementOp(op) || isa<tosa::ClampOp>(op)) ||
        !isPerTensor(quantize.getType()) || !op->hasOneUse())
      return failure();
    Value x = op->getOperand(0);
    Operation *producer = x.getDefiningOp();
    if (!producer || producer->getName() == op->getName() ||
        isa<qnt::DequantizeOp, arith::ConstantOp, tosa::ConstOp>(producer) ||
        !x.hasOneUse())
      return failure();
    // A clamp of a transpose first moves before it (ClampBeforeTranspose).
    if (isa<tosa::ClampOp>(op) && isa<tosa::TransposeOp>(producer))
      return failure();
    Location loc = op->getLoc();
    rewriter.setInsertionPointAfter(producer);
    auto xType = cast<RankedTensorType>(x.getType());
    Value q = qnt::QuantizeOp::create(
        rewriter, loc, withShape(quantize.getType(), xType.getShape()), x);
    Value dq = qnt::DequantizeOp::create(rewriter, loc, xType, q);
    rewriter.modifyOpInPlace(op, [&] { op->setOperand(0, dq); });
    return success();
  }
};

/// clamp(transpose(x)) becomes transpose(clamp(x)): an activation after a
/// convolution stays in the convolution's layout.
struct ClampBeforeTranspose : public OpRewritePattern<tosa::ClampOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::ClampOp clamp,
                                PatternRewriter &rewriter) const override {
    auto transpose = clamp.getInput().getDefiningOp<tosa::TransposeOp>();
    if (!transpose || !transpose->hasOneUse() ||
        llvm::none_of(clamp->getUsers(), [](Operation *user) {
          return isa<qnt::QuantizeOp>(user);
        }))
      return failure();
    Value x = transpose.getInput1();
    auto xType = cast<RankedTensorType>(x.getType());
    Value moved = tosa::ClampOp::create(
        rewriter, clamp.getLoc(), withShape(clamp.getType(), xType.getShape()),
        x, clamp.getMinValAttr(), clamp.getMaxValAttr(),
        clamp.getNanModeAttr());
    rewriter.replaceOpWithNewOp<tosa::TransposeOp>(
        clamp, clamp.getType(), moved, transpose.getPermsAttr());
    return success();
  }
};

/// A float consumer of layout(dequantize(q)), q per tensor and not a
/// constant, reads dequantize(quantize(layout(dequantize(q)))) instead: the
/// consumer's operand is a dequantize, and the layout op moves integers.
struct QuantizeAfterLayout : public RewritePattern {
  QuantizeAfterLayout(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/0, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isDataMovementOp(op))
      return failure();
    auto dequantize = op->getOperand(0).getDefiningOp<qnt::DequantizeOp>();
    if (!dequantize || !isPerTensor(dequantize.getInput().getType()) ||
        quantizedConstant(dequantize.getInput()))
      return failure();
    Value result = op->getResult(0);
    if (llvm::all_of(result.getUsers(), [](Operation *user) {
          return isa<qnt::QuantizeOp>(user);
        }))
      return failure();
    auto resultType = cast<RankedTensorType>(result.getType());
    rewriter.setInsertionPointAfter(op);
    Location loc = op->getLoc();
    Value q = qnt::QuantizeOp::create(
        rewriter, loc,
        withShape(dequantize.getInput().getType(), resultType.getShape()),
        result);
    Value dq = qnt::DequantizeOp::create(rewriter, loc, resultType, q);
    rewriter.replaceUsesWithIf(result, dq, [&](OpOperand &use) {
      return !isa<qnt::QuantizeOp>(use.getOwner());
    });
    return success();
  }
};

/// add(dequantize(quantize(transpose(x))), dequantize(quantize(transpose(y))))
/// with one permutation and per-tensor types becomes
/// transpose(add(dequantize(quantize(x)), dequantize(quantize(y)))): a
/// residual add of a QDQ model runs in the layout of the convolutions around
/// it, whose transposes then cancel.
struct SinkTransposeBelowAdd : public OpRewritePattern<tosa::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  /// x when `value` is dequantize(quantize(transpose(x))) (per tensor), and
  /// the transpose.
  static std::pair<Value, tosa::TransposeOp> transposedSource(Value value) {
    auto dequantize = value.getDefiningOp<qnt::DequantizeOp>();
    auto quantize = dequantize
                        ? dequantize.getInput().getDefiningOp<qnt::QuantizeOp>()
                        : qnt::QuantizeOp();
    if (!quantize || !isPerTensor(quantize.getType()))
      return {};
    auto transpose = quantize.getInput().getDefiningOp<tosa::TransposeOp>();
    if (!transpose)
      return {};
    return {transpose.getInput1(), transpose};
  }

  LogicalResult matchAndRewrite(tosa::AddOp add,
                                PatternRewriter &rewriter) const override {
    auto [x, tx] = transposedSource(add.getInput1());
    auto [y, ty] = transposedSource(add.getInput2());
    if (!tx || !ty || tx.getPerms() != ty.getPerms() ||
        x.getType() != y.getType() ||
        add.getInput1().getType() != add.getType() ||
        add.getInput2().getType() != add.getType())
      return failure();
    Location loc = add.getLoc();
    auto requantized = [&](Value source, Value operand) -> Value {
      auto quantize = operand.getDefiningOp<qnt::DequantizeOp>()
                          .getInput()
                          .getDefiningOp<qnt::QuantizeOp>();
      auto sourceType = cast<RankedTensorType>(source.getType());
      Value q = qnt::QuantizeOp::create(
          rewriter, loc, withShape(quantize.getType(), sourceType.getShape()),
          source);
      return qnt::DequantizeOp::create(rewriter, loc, sourceType, q);
    };
    Value sum = tosa::AddOp::create(rewriter, loc, x.getType(),
                                    requantized(x, add.getInput1()),
                                    requantized(y, add.getInput2()));
    rewriter.replaceOpWithNewOp<tosa::TransposeOp>(add, add.getType(), sum,
                                                   tx.getPermsAttr());
    return success();
  }
};

/// Whether `value` is a dequantized constant, possibly through layout ops.
bool isDequantizedConstant(Value value) {
  Operation *op = value.getDefiningOp();
  while (isLayoutOp(op))
    op = op->getOperand(0).getDefiningOp();
  auto dequantize = dyn_cast_or_null<qnt::DequantizeOp>(op);
  return dequantize && quantizedConstant(dequantize.getInput());
}

/// add(reshape?(matmul(a [1, M, K], b [1, K, N])), c [.., N]), b and c
/// dequantized constants (a QDQ fully connected layer: int8 weights, int32
/// bias), becomes reshape(conv2d(reshape(a), b as [N, 1, 1, K], c as [N])),
/// the convolution qnt-fuse turns into an integer one with its bias. The
/// layout ops on b and c then fold into their constants.
struct QuantizedMatmulBiasToConv : public OpRewritePattern<tosa::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::AddOp add,
                                PatternRewriter &rewriter) const override {
    std::optional<qnt::FullyConnected> layer = qnt::matchFullyConnected(
        add, isDequantizedConstant, [](Value c, int64_t n) {
          auto cType = cast<RankedTensorType>(c.getType());
          return isDequantizedConstant(c) && cType.hasStaticShape() &&
                 cType.getNumElements() == n &&
                 cType.getDimSize(cType.getRank() - 1) == n;
        });
    if (!layer)
      return failure();
    Location loc = add.getLoc();
    Type f32 = rewriter.getF32Type();
    int64_t k = layer->k, n = layer->n;
    auto reshape = [&](Value v, ArrayRef<int64_t> shape) -> Value {
      return tosa::ReshapeOp::create(
          rewriter, loc, RankedTensorType::get(shape, f32), v,
          tosa::getTosaConstShape(rewriter, loc, shape));
    };
    qnt::replaceByConv(rewriter, add, *layer, [&] {
      Value weights = tosa::TransposeOp::create(
          rewriter, loc, RankedTensorType::get({n, k}, f32),
          reshape(layer->matmul.getB(), {k, n}),
          rewriter.getDenseI32ArrayAttr({1, 0}));
      Value w = reshape(weights, {n, 1, 1, k});
      return std::make_pair(w, reshape(layer->bias, {n}));
    });
    return success();
  }
};

class QNTPrepareQDQ : public qmlir::impl::QNTPrepareQDQBase<QNTPrepareQDQ> {
public:
  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::Graph)))
      return signalPassFailure();
    // Float graphs are left as they are.
    bool quantized = getOperation()
                         .walk([](Operation *op) {
                           return isa<qnt::QuantizeOp, qnt::DequantizeOp>(op)
                                      ? WalkResult::interrupt()
                                      : WalkResult::advance();
                         })
                         .wasInterrupted();
    if (!quantized)
      return;
    RewritePatternSet patterns(&getContext());
    qnt::populatePrepareQDQPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void qmlir::qnt::populatePrepareQDQPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<FoldLayoutIntoQuantizedConstant, HoistLayoutAboveQDQ,
               QuantizeBeforeLayout, QuantizeAfterLayout, SinkTransposeBelowAdd,
               ClampBeforeTranspose, QuantizedMatmulBiasToConv>(context);
  // Layout ops that meet cancel.
  tosa::TransposeOp::getCanonicalizationPatterns(patterns, context);
  tosa::ReshapeOp::getCanonicalizationPatterns(patterns, context);
}
