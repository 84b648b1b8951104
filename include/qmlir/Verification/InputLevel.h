//===- InputLevel.h - Passes check the level of their input ----*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// A pass handed IR of an earlier level than the one it works on (imported
// ONNX nodes to a TOSA pass, qnt ops to a linalg pass) would find nothing to
// do and succeed silently. checkInputLevel finds such an op and says which
// pipeline to run first.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_VERIFICATION_INPUTLEVEL_H
#define QMLIR_VERIFICATION_INPUTLEVEL_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/StringRef.h"

namespace qmlir {

/// The level a pass works on (docs/Pipelines.md).
enum class InputLevel {
  /// A TOSA graph (float, annotated or integer qnt): no ONNX nodes.
  Graph,
  /// linalg on tensors: no ONNX nodes and no qnt ops.
  LinalgOnTensors,
};

/// Fails with one error at the first op in `root` from an earlier level than
/// `level`, naming `pass` and the pipeline that produces its input.
inline mlir::LogicalResult
checkInputLevel(mlir::Operation *root, llvm::StringRef pass, InputLevel level) {
  mlir::Operation *early = nullptr;
  root->walk([&](mlir::Operation *op) {
    llvm::StringRef dialect = op->getName().getDialectNamespace();
    if (dialect == "onnx" ||
        (level == InputLevel::LinalgOnTensors && dialect == "qnt")) {
      early = op;
      return mlir::WalkResult::interrupt();
    }
    return mlir::WalkResult::advance();
  });
  if (!early)
    return mlir::success();
  mlir::InFlightDiagnostic diag = early->emitError() << pass << " takes ";
  if (level == InputLevel::Graph)
    diag << "a TOSA graph, not imported ONNX nodes ('" << early->getName()
         << "'): run convert-onnx-to-tosa (or qmlir-import-cleanup-pipeline) "
            "first";
  else if (early->getName().getDialectNamespace() == "onnx")
    diag << "linalg on tensors, not imported ONNX nodes ('" << early->getName()
         << "'): run qmlir-import-cleanup-pipeline and the lowering to linalg "
            "first";
  else
    diag << "linalg on tensors, not '" << early->getName()
         << "': run convert-qnt-to-linalg (or "
            "qmlir-lower-to-int8-linalg-pipeline) first";
  return diag;
}

} // namespace qmlir

#endif // QMLIR_VERIFICATION_INPUTLEVEL_H
