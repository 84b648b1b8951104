//===- InitAll.h - Register qmlir's dialects and passes ---------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Every qmlir tool and embedding calls these to make qmlir's dialects, passes
// and pipelines available.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_INITALL_H
#define QMLIR_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace qmlir {

/// Adds qmlir's own dialects to `registry`.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers qmlir's own passes and pipelines with the global registry.
void registerAllPasses();

} // namespace qmlir

#endif // QMLIR_INITALL_H
