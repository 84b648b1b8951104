//===- VerifyLLVMContract.cpp - Only the LLVM dialect remains -------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Verification/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIRVERIFYLLVMCONTRACT
#include "qmlir/Verification/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {
class QMLIRVerifyLLVMContract
    : public qmlir::impl::QMLIRVerifyLLVMContractBase<QMLIRVerifyLLVMContract> {
public:
  void runOnOperation() override {
    bool failedContract = false;
    getOperation()->walk([&](Operation *op) {
      Dialect *dialect = op->getDialect();
      // OpenMP ops on LLVM types translate to LLVM IR (runtime calls) too.
      if (isa<ModuleOp>(op) || (dialect && isa<LLVM::LLVMDialect>(dialect)) ||
          op->getName().getDialectNamespace() == "omp")
        return;
      op->emitError() << "'" << op->getName()
                      << "' remains after lowering to the LLVM dialect; only "
                         "llvm.* (and omp.*) ops may remain";
      failedContract = true;
    });
    if (failedContract)
      signalPassFailure();
  }
};
} // namespace
