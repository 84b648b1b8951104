//===- QNTToLinalg.cpp - The convert-qnt-to-linalg pass -------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "QNTToLinalgInternal.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "qmlir/Conversion/Passes.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Transforms/InputLevel.h"
#include "qmlir/Transforms/Retype.h"

// The pass's dependent dialects.
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace qmlir {
#define GEN_PASS_DEF_CONVERTQNTTOLINALG
#include "qmlir/Conversion/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;

namespace {

class ConvertQNTToLinalg
    : public qmlir::impl::ConvertQNTToLinalgBase<ConvertQNTToLinalg> {
public:
  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::Graph)))
      return signalPassFailure();
    ModuleOp module = getOperation();
    bool failedAny = false;
    // Every qnt op but calibration markers (qnt-lower-calibration's) reads
    // and produces quantized values through storage casts, so the ops can be
    // lowered one by one in any order.
    // Float contractions with dequantized integer weights first: their
    // dequantize then goes with them.
    SmallVector<Operation *> contractions;
    module.walk([&](Operation *op) {
      if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp>(op))
        contractions.push_back(op);
    });
    for (Operation *op : contractions) {
      if (op->hasAttr(qnt::kDynamicAttrName)) {
        if (failed(qmlir::detail::lowerDynamic(op)))
          failedAny = true;
        continue;
      }
      (void)qmlir::detail::lowerWeightOnly(op);
    }
    if (failedAny)
      return signalPassFailure();
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (isa<qnt::QNTDialect>(op->getDialect()) && !isa<qnt::CalibrateOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops)
      if (failed(qmlir::detail::lowerQNTOp(op)))
        failedAny = true;
    if (failedAny)
      return signalPassFailure();

    // Quantized values take their storage types.
    retypeValues(module, qmlir::detail::storageTypeOf);
    // Storage casts are identities now.
    SmallVector<mlir::quant::StorageCastOp> casts;
    module.walk([&](mlir::quant::StorageCastOp op) { casts.push_back(op); });
    for (auto op : casts) {
      if (op.getInput().getType() != op.getType()) {
        op.emitError() << "storage cast from " << op.getInput().getType()
                       << " to " << op.getType() << " is not an identity";
        failedAny = true;
        continue;
      }
      op.getResult().replaceAllUsesWith(op.getInput());
      op.erase();
    }
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
