//===- InlineCopies.cpp - The qmlir-inline-copies pass --------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Strided buffer copies as linalg.copy (loops after convert-linalg-to-loops)
// rather than calls of the memrefCopy runtime function: objects that link
// no runtime library.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIRINLINECOPIES
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {

/// Whether finalize-memref-to-llvm lowers a copy of `type` to llvm.memcpy:
/// an identity layout, or a static shape contiguous in row-major order.
bool copiesAsMemcpy(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && (memref.getLayout().isIdentity() ||
                    memref::isStaticShapeAndContiguousRowMajor(memref));
}

struct StridedCopyToLinalg : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(memref::CopyOp copy,
                                PatternRewriter &rewriter) const override {
    Value source = copy.getSource(), target = copy.getTarget();
    if (copiesAsMemcpy(source.getType()) && copiesAsMemcpy(target.getType()))
      return failure();
    // Unranked copies have no loop nest.
    if (!isa<MemRefType>(source.getType()) ||
        !isa<MemRefType>(target.getType()))
      return failure();
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, source, target);
    return success();
  }
};

struct InlineCopies : public qmlir::impl::QMLIRInlineCopiesBase<InlineCopies> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<StridedCopyToLinalg>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
