//===- ONNXToTOSA.h - ONNX nodes to TOSA: the handler registry --*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_CONVERSION_ONNXTOTOSA_ONNXTOTOSA_H
#define QMLIR_CONVERSION_ONNXTOTOSA_ONNXTOTOSA_H

#include "qmlir/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <functional>

namespace qmlir {

/// Converts one node: returns the values replacing its results, or failure
/// after emitting an error on the node.
using ONNXHandler =
    std::function<mlir::FailureOr<llvm::SmallVector<mlir::Value>>(
        onnxir::NodeOp, mlir::ImplicitLocOpBuilder &)>;

/// Handlers by op type, each valid from an opset version on (ONNX's
/// `since_version`) until the next registered version of the same op.
class ONNXHandlerRegistry {
public:
  void add(llvm::StringRef opType, int64_t sinceVersion, ONNXHandler handler);
  /// The handler for `opType` at `opset`, or null.
  const ONNXHandler *lookup(llvm::StringRef opType, int64_t opset) const;
  /// The versions registered for `opType` (ascending), for diagnostics.
  llvm::SmallVector<int64_t> versions(llvm::StringRef opType) const;

private:
  llvm::StringMap<llvm::SmallVector<std::pair<int64_t, ONNXHandler>>> handlers;
};

/// Registers the handlers of every supported ONNX op (default domain).
void populateONNXToTOSAHandlers(ONNXHandlerRegistry &registry);

} // namespace qmlir

#endif // QMLIR_CONVERSION_ONNXTOTOSA_ONNXTOTOSA_H
