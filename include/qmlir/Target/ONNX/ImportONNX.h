//===- ImportONNX.h - ONNX model to the onnx dialect ------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_TARGET_ONNX_IMPORTONNX_H
#define QMLIR_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

namespace qmlir {

/// Options of the ONNX importer.
struct ImportONNXOptions {
  /// Values for symbolic dimensions (ONNX `dim_param`s such as "batch") of
  /// the graph inputs, set before shape inference so that static shapes
  /// propagate through the graph.
  llvm::StringMap<int64_t> dimValues;
};

/// Imports a serialized ONNX model: checks it with onnx::checker, runs ONNX
/// shape inference, and builds `func.func @main` with one `onnx.node` per
/// node, `arith.constant`s for initializers and `Constant` nodes, and the
/// graph's input and output names as `qmlir.name` argument and result
/// attributes. `modelPath` names the model in diagnostics and locates
/// external data files. Returns null after emitting an error on `context`.
mlir::OwningOpRef<mlir::ModuleOp>
importONNX(llvm::StringRef bytes, llvm::StringRef modelPath,
           mlir::MLIRContext *context,
           const ImportONNXOptions &options = ImportONNXOptions());

/// Registers the `import-onnx` translation and its option
/// `--onnx-dim NAME=VALUE` (repeatable).
void registerImportONNXTranslation();

} // namespace qmlir

#endif // QMLIR_TARGET_ONNX_IMPORTONNX_H
