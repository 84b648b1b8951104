//===- QNTToLinalg.cpp - The convert-qnt-to-linalg pass -------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "QNTToLinalgInternal.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "qmlir/Conversion/Passes.h"
#include "qmlir/Conversion/QNTToLinalg/QNTToLinalg.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Transforms/DialectConversion.h"

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
    // Float contractions with dequantized integer weights first (weight-only
    // and dynamic quantization): their dequantize then goes with them.
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

    // The qnt ops to linalg on storage integers, every value retyped. A
    // pattern that cannot lower its op says why; the driver's own "failed
    // to legalize" for that op would repeat it, so it is dropped then.
    QNTStorageTypeConverter converter;
    ConversionTarget target(getContext());
    configureQNTToLinalgTarget(target, converter);
    RewritePatternSet patterns(&getContext());
    populateQNTToLinalgConversionPatterns(converter, patterns);
    bool explained = false;
    ScopedDiagnosticHandler handler(&getContext(), [&](Diagnostic &diag) {
      if (diag.getSeverity() != DiagnosticSeverity::Error)
        return failure();
      if (explained && StringRef(diag.str()).starts_with("failed to legalize"))
        return success();
      explained = true;
      return failure();
    });
    if (failed(applyFullConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
