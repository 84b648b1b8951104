//===- InitAll.cpp - Register qmlir's dialects and passes -----------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/InitAll.h"

#include "qmlir/Dialect/QNT/IR/QNTDialect.h"

#include "mlir/IR/DialectRegistry.h"

void qmlir::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<qnt::QNTDialect>();
}

void qmlir::registerAllPasses() {
  // qmlir's passes and pipelines register here as they are added.
}
