//===- ImportONNX.h - ONNX model to the onnx dialect ------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_TARGET_ONNX_IMPORTONNX_H
#define QMLIR_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

namespace qmlir {

/// Imports a serialized ONNX model: checks it with onnx::checker, runs ONNX
/// shape inference, and builds `func.func @main` with one `onnx.node` per
/// node, `arith.constant`s for initializers and `Constant` nodes, and the
/// graph's input and output names as `qmlir.name` argument and result
/// attributes. `modelPath` names the model in diagnostics and locates
/// external data files. Returns null after emitting an error on `context`.
mlir::OwningOpRef<mlir::ModuleOp> importONNX(llvm::StringRef bytes,
                                             llvm::StringRef modelPath,
                                             mlir::MLIRContext *context);

/// Registers the `import-onnx` translation.
void registerImportONNXTranslation();

} // namespace qmlir

#endif // QMLIR_TARGET_ONNX_IMPORTONNX_H
