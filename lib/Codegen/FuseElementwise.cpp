//===- FuseElementwise.cpp - Element-wise fusion for the code generator ---===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Upstream's element-wise fusion patterns under a control that keeps named
// ops (the micro-kernels' matrix products) named and never fuses a producer
// where it would be recomputed for each element of a reduction.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"
#include "qmlir/Support/DenseElements.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/DenseSet.h"

#include <cstring>

namespace qmlir {
#define GEN_PASS_DEF_QMLIRFUSEELEMENTWISE
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

/// Whether `op` is a linalg op other than `linalg.generic` whose inputs share
/// one element type: the ops micro-kernels match. (A named op mixing types,
/// such as the f32 x i8 products of weight-only models, is vectorized as a
/// generic.)
static bool staysNamed(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  if (!linalgOp || isa<linalg::GenericOp>(op))
    return false;
  Type element;
  for (Value input : linalgOp.getDpsInputs()) {
    Type type = getElementTypeOrSelf(input.getType());
    if (element && type != element)
      return false;
    element = type;
  }
  return true;
}

/// Whether the producer of `operand` is the single-use op fusion needs.
static bool hasSingleUseProducer(OpOperand *operand) {
  Operation *producer = operand->get().getDefiningOp();
  return producer && producer->hasOneUse();
}

/// Whether fusing the producer of `operand` into its consumer computes each
/// produced element once: always for a consumer without reductions, else
/// only when the consumer reads the operand through a permutation.
static bool computedOnce(OpOperand *operand) {
  auto consumer = dyn_cast<linalg::LinalgOp>(operand->getOwner());
  if (!consumer || consumer.getNumReductionLoops() == 0)
    return true;
  return consumer.getMatchingIndexingMap(operand).isPermutation();
}

namespace {
/// Folds a linalg op that only permutes a dense constant (a weight
/// transpose: `linalg.transpose`, or a generic yielding its input read
/// through a permutation) by moving the constant's bytes. Upstream's folder
/// computes each element through APInt/APFloat, which took over a second
/// for the 11.7 million weights of ResNet-18.
struct FoldConstantPermutation
    : public OpInterfaceRewritePattern<linalg::LinalgOp> {
  FoldConstantPermutation(MLIRContext *context)
      : OpInterfaceRewritePattern<linalg::LinalgOp>(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
        op->getNumResults() != 1 ||
        op.getNumParallelLoops() != op.getNumLoops())
      return rewriter.notifyMatchFailure(op, "not a one-input parallel op");
    OpOperand *input = op.getDpsInputOperand(0);
    if (!hasSingleUseProducer(input))
      return rewriter.notifyMatchFailure(op, "the input has other uses");
    DenseElementsAttr data;
    if (!matchPattern(input->get(), m_Constant(&data)) || data.isSplat())
      return rewriter.notifyMatchFailure(op, "not a dense constant input");
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    auto inputType = dyn_cast<RankedTensorType>(data.getType());
    if (!resultType || !inputType || !resultType.hasStaticShape() ||
        resultType.getElementType() != inputType.getElementType())
      return rewriter.notifyMatchFailure(op, "not a static tensor of the "
                                             "input's element type");
    AffineMap inputMap = op.getMatchingIndexingMap(input);
    AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
    if (!outputMap.isIdentity() || !inputMap.isPermutation())
      return rewriter.notifyMatchFailure(op, "not a permutation");
    Block &body = op->getRegion(0).front();
    auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
    if (body.getOperations().size() != 1 || !yield ||
        yield.getNumOperands() != 1 ||
        yield.getOperand(0) != body.getArgument(0))
      return rewriter.notifyMatchFailure(op, "the body is not a copy");

    // Result element `idx` is input element `idx` read through `inputMap`:
    // input dimension j is loop dimension inputMap(j). The input offset of
    // a result index is the sum of idx[i] * stride[i], stride[i] being the
    // input stride of the dimension loop i indexes.
    int64_t rank = resultType.getRank();
    ArrayRef<int64_t> shape = resultType.getShape();
    SmallVector<int64_t> inputStrides(rank, 1), strides(rank, 0);
    for (int64_t j = rank - 2; j >= 0; --j)
      inputStrides[j] = inputStrides[j + 1] * inputType.getDimSize(j + 1);
    for (int64_t j = 0; j < rank; ++j)
      strides[inputMap.getDimPosition(j)] = inputStrides[j];
    for (int64_t j = 0; j < rank; ++j)
      if (shape[inputMap.getDimPosition(j)] != inputType.getDimSize(j))
        return rewriter.notifyMatchFailure(op, "shapes do not match");

    DenseElementsAttr folded =
        qmlir::gatherDenseElements(data, resultType, strides);
    if (!folded)
      return rewriter.notifyMatchFailure(op, "elements are not whole bytes");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, folded);
    return success();
  }
};

class QMLIRFuseElementwise
    : public qmlir::impl::QMLIRFuseElementwiseBase<QMLIRFuseElementwise> {
public:
  using Base::Base;

  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::LinalgOnTensors)))
      return signalPassFailure();
    MLIRContext *context = &getContext();
    llvm::DenseSet<OpOperand *> reported;
    linalg::ControlFusionFn fuseControl = [&](OpOperand *operand) {
      if (!hasSingleUseProducer(operand))
        return false;
      if (computedOnce(operand))
        return true;
      if (remarks && reported.insert(operand).second)
        operand->getOwner()->emitRemark()
            << "operand #" << operand->getOperandNumber()
            << " not fused: its producer would run more than once per "
               "element inside the reduction";
      return false;
    };
    // A reshape folds into a linalg op by expanding its loops, which makes a
    // named op generic: the ops kernels match do not take part.
    linalg::ControlFusionFn reshapeControl = [](OpOperand *operand) {
      if (!hasSingleUseProducer(operand))
        return false;
      return !staysNamed(operand->getOwner()) &&
             !staysNamed(operand->get().getDefiningOp());
    };

    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, fuseControl);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, reshapeControl);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    // Constant weights: their transposes fold.
    patterns.add<FoldConstantPermutation>(context);
    linalg::populateConstantFoldLinalgOperations(patterns,
                                                 hasSingleUseProducer);

    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    // Not converging within the iteration limit leaves valid, less fused IR.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns), config);
  }
};
} // namespace
