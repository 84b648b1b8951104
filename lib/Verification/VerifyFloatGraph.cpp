//===- VerifyFloatGraph.cpp - The codegen pipeline's input contract -------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "QuantizedTypes.h"
#include "qmlir/Verification/Passes.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/STLExtras.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIRVERIFYFLOATGRAPH
#include "qmlir/Verification/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {
class QMLIRVerifyFloatGraph
    : public qmlir::impl::QMLIRVerifyFloatGraphBase<QMLIRVerifyFloatGraph> {
public:
  void runOnOperation() override {
    bool failedContract = false;
    getOperation()->walk([&](Operation *op) {
      StringRef dialect = op->getName().getDialectNamespace();
      if (dialect == "onnx") {
        op->emitError() << "'" << op->getName()
                        << "' was not converted; the codegen pipeline "
                           "compiles TOSA, not ONNX nodes";
        failedContract = true;
        return;
      }
      bool quantized = dialect == "qnt" || dialect == "quant" ||
                       qmlir::detail::hasQuantizedValue(op);
      if (!quantized)
        return;
      op->emitError() << "'" << op->getName()
                      << "' is a quantized op: quantized ops are not "
                         "supported by the codegen pipeline, which compiles "
                         "float graphs";
      failedContract = true;
    });
    if (failedContract)
      signalPassFailure();
  }
};
} // namespace
