//===- LoadModel.h - Read a model, ONNX or MLIR -----------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The one way qmlir's tools read a model: an ONNX file through the importer,
// with its symbolic input dimensions bound, or MLIR text after the input
// checks that keep the parser safe.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_FRONTEND_LOADMODEL_H
#define QMLIR_FRONTEND_LOADMODEL_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace qmlir {

struct LoadModelOptions {
  /// `--input-shape` bindings: `NAME=AxBxC` (an input's shape) or
  /// `NAME=VALUE` (a symbolic dimension of an ONNX model). For an MLIR
  /// model, `NAME=AxBxC` gives the @main argument whose `qmlir.name` is
  /// NAME that shape, and TOSA shape inference refines the function.
  std::vector<std::string> inputShapes;
  /// `--input-value NAME=V[,V...]` bindings (ONNX models): the input
  /// becomes a constant of these values and what depends on it folds.
  std::vector<std::string> inputValues;
  /// The value an input's first dimension takes when the bindings leave it
  /// unbound (one remark says so); 0: no default.
  int64_t defaultBatch = 1;
};

/// Reads the model at `path`. A `.onnx` file is imported (onnx dialect) with
/// its input dimensions bound by `options`; dimensions still unbound are one
/// error naming them all and the flag that binds them. Anything else is
/// parsed as MLIR (with `sourceMgr`, which must outlive the module's
/// diagnostics) after the checks of `checkMLIRInput`. Returns null after
/// emitting one error on `context`.
mlir::OwningOpRef<mlir::ModuleOp> loadModel(llvm::StringRef path,
                                            mlir::MLIRContext *context,
                                            llvm::SourceMgr &sourceMgr,
                                            const LoadModelOptions &options);

/// loadModel of a model in memory: `contents`, named `name` in diagnostics
/// (an ONNX model when `name` ends with `.onnx`; its external data files are
/// looked up next to `name`). The contents are copied.
mlir::OwningOpRef<mlir::ModuleOp>
loadModelFromBuffer(llvm::StringRef contents, llvm::StringRef name,
                    mlir::MLIRContext *context, llvm::SourceMgr &sourceMgr,
                    const LoadModelOptions &options);

/// The help text of the tools' `--input-shape` option.
inline constexpr llvm::StringLiteral kInputShapeOptionHelp =
    "The shape of an input, NAME=AxBxC, or (ONNX models) the value of a "
    "symbolic input dimension, NAME=VALUE (repeatable); an unbound first "
    "dimension of an ONNX input is 1";

/// The help text of the tools' `--input-value` option.
inline constexpr llvm::StringLiteral kInputValueOptionHelp =
    "(ONNX models) Fix an input to a value, NAME=V[,V...] (repeatable): it "
    "is no longer an input of the compiled model, and what depends on it "
    "folds at compile time (e.g. an If on a sample rate)";

/// Whether `path` names an ONNX model (by its extension).
bool isONNXModelPath(llvm::StringRef path);

} // namespace qmlir

#endif // QMLIR_FRONTEND_LOADMODEL_H
