//===- ImportONNX.h - ONNX model to the onnx dialect ------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_TARGET_ONNX_IMPORTONNX_H
#define QMLIR_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace qmlir {

/// Options of the ONNX importer.
struct ImportONNXOptions {
  /// Values for symbolic dimensions (ONNX `dim_param`s such as "batch") of
  /// the graph inputs, set before shape inference so that static shapes
  /// propagate through the graph.
  llvm::StringMap<int64_t> dimValues;
  /// Shapes of graph inputs by input name: their symbolic or unknown
  /// dimensions take these values; dimensions the model fixes must match.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Values for graph inputs (`--input-value`): each named input becomes a
  /// constant of these values (row-major, its declared shape), no longer an
  /// argument of the function, so that what depends on it folds (the
  /// condition of an If, such as a sample rate compared with 16000).
  llvm::StringMap<llvm::SmallVector<double>> inputValues;
  /// When > 0, a graph input whose first dimension is still unbound after
  /// the bindings above takes this value, as does every input dimension of
  /// the same symbolic name; one remark says so.
  int64_t defaultBatch = 0;
  /// Whether an input dimension left unbound is an error: one error lists
  /// them all, with the flag that binds them.
  bool requireStaticInputs = false;
  /// The program qmlir-onnx-infer, which runs ONNX shape inference in a
  /// process of its own (libonnx crashes on some malformed models). Empty:
  /// the one next to the running program, else the installed one; without
  /// either, inference runs in this process.
  std::string shapeInferenceHelper;
};

/// Adds one `--input-shape` binding to `options`: `NAME=AxBxC` gives graph
/// input NAME that shape; `NAME=VALUE` binds the symbolic dimension NAME
/// (or, when no input dimension has that name, the rank-1 input NAME).
/// Every value must be at least 1.
llvm::Error addInputShapeBinding(llvm::StringRef spec,
                                 ImportONNXOptions &options);

/// Adds one `--input-value NAME=V[,V...]` binding to `options`.
llvm::Error addInputValueBinding(llvm::StringRef spec,
                                 ImportONNXOptions &options);

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
/// `--input-shape NAME=AxBxC | DIM=VALUE` (repeatable; `--onnx-dim` is an
/// alias). Only the tool that calls this has the option.
void registerImportONNXTranslation();

/// The work of qmlir-onnx-infer: reads a serialized ModelProto from
/// `inputPath`, runs the importer's shape inference, and writes '0' and the
/// inferred model, or '1' and libonnx's error, to `outputPath`. Returns the
/// exit status (0, or 2 when the files cannot be read or written).
int runONNXShapeInference(llvm::StringRef inputPath,
                          llvm::StringRef outputPath);

} // namespace qmlir

#endif // QMLIR_TARGET_ONNX_IMPORTONNX_H
