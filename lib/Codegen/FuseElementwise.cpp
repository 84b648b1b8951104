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

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/DenseSet.h"

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
class QMLIRFuseElementwise
    : public qmlir::impl::QMLIRFuseElementwiseBase<QMLIRFuseElementwise> {
public:
  using Base::Base;

  void runOnOperation() override {
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
    linalg::populateConstantFoldLinalgOperations(patterns,
                                                 hasSingleUseProducer);

    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    // Not converging within the iteration limit leaves valid, less fused IR.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns), config);
  }
};
} // namespace
