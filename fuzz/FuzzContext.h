//===- FuzzContext.h - An MLIR context for fuzz targets ---------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// A context with every dialect the tools register, diagnostics swallowed
// (bad input is expected; only crashes count), recreated every few thousand
// inputs so that interned attributes of mutated inputs do not accumulate.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_FUZZ_FUZZCONTEXT_H
#define QMLIR_FUZZ_FUZZCONTEXT_H

#include "qmlir/InitAll.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"

#include <memory>

namespace qmlir::fuzz {

class FuzzContext {
public:
  /// The context for the next input.
  mlir::MLIRContext &next() {
    if (!context || ++uses > kUsesPerContext) {
      handler.reset();
      context.reset();
      mlir::DialectRegistry registry;
      mlir::registerAllDialects(registry);
      mlir::registerAllExtensions(registry);
      qmlir::registerAllDialects(registry);
      context = std::make_unique<mlir::MLIRContext>(
          registry, mlir::MLIRContext::Threading::DISABLED);
      context->loadAllAvailableDialects();
      handler = std::make_unique<mlir::ScopedDiagnosticHandler>(
          context.get(), [](mlir::Diagnostic &) { return mlir::success(); });
      uses = 0;
    }
    return *context;
  }

private:
  static constexpr int kUsesPerContext = 2000;
  std::unique_ptr<mlir::MLIRContext> context;
  std::unique_ptr<mlir::ScopedDiagnosticHandler> handler;
  int uses = 0;
};

} // namespace qmlir::fuzz

#endif // QMLIR_FUZZ_FUZZCONTEXT_H
