//===- VerifyInt8Linalg.cpp - The int8 linalg level's contract ------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "QuantizedTypes.h"
#include "qmlir/Verification/Passes.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIRVERIFYINT8LINALG
#include "qmlir/Verification/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {
class QMLIRVerifyInt8Linalg
    : public qmlir::impl::QMLIRVerifyInt8LinalgBase<QMLIRVerifyInt8Linalg> {
public:
  void runOnOperation() override {
    static const llvm::StringSet<> allowed = {"builtin", "func",  "linalg",
                                              "tensor",  "arith", "math"};
    bool failedContract = false;
    getOperation()->walk([&](Operation *op) {
      StringRef dialect = op->getName().getDialectNamespace();
      if (!allowed.contains(dialect)) {
        op->emitError() << "'" << op->getName()
                        << "' is not allowed at the int8 linalg level (only "
                           "linalg, tensor, arith, math and func ops are)";
        failedContract = true;
        return;
      }
      if (qmlir::detail::hasQuantizedValue(op)) {
        op->emitError() << "'" << op->getName()
                        << "' has a value of a '!quant' type at the int8 "
                           "linalg level";
        failedContract = true;
      }
    });
    if (failedContract)
      signalPassFailure();
  }
};
} // namespace
