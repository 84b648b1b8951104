//===- LoadModel.cpp - Read a model, ONNX or MLIR -------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Frontend/LoadModel.h"
#include "qmlir/Support/InputLimits.h"
#ifdef QMLIR_ENABLE_ONNX
#include "qmlir/Target/ONNX/ImportONNX.h"
#endif

#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

bool qmlir::isONNXModelPath(llvm::StringRef path) {
  return path.ends_with_insensitive(".onnx");
}

OwningOpRef<ModuleOp> qmlir::loadModel(llvm::StringRef path,
                                       MLIRContext *context,
                                       llvm::SourceMgr &sourceMgr,
                                       const LoadModelOptions &options) {
  Location loc = FileLineColLoc::get(context, path, 0, 0);
  std::string openError;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &openError);
  if (!file) {
    emitError(loc) << openError;
    return nullptr;
  }
  if (isONNXModelPath(path)) {
#ifdef QMLIR_ENABLE_ONNX
    ImportONNXOptions importOptions;
    for (const std::string &spec : options.inputShapes)
      if (llvm::Error err = addInputShapeBinding(spec, importOptions)) {
        emitError(loc) << llvm::toString(std::move(err));
        return nullptr;
      }
    importOptions.defaultBatch = options.defaultBatch;
    importOptions.requireStaticInputs = true;
    return importONNX(file->getBuffer(), path, context, importOptions);
#else
    emitError(loc) << "this qmlir was built without the ONNX importer "
                      "(QMLIR_ENABLE_ONNX=OFF)";
    return nullptr;
#endif
  }
  if (!options.inputShapes.empty()) {
    emitError(loc) << "--input-shape binds the inputs of ONNX models; '" << path
                   << "' is read as MLIR, whose types are its own";
    return nullptr;
  }
  if (std::string problem = checkMLIRInput(file->getBuffer(), path);
      !problem.empty()) {
    // "file:line:col: error: message" becomes a diagnostic at file:line:col.
    auto [where, message] = llvm::StringRef(problem).split(": error: ");
    auto [rest, column] = where.rsplit(':');
    auto [file, line] = rest.rsplit(':');
    unsigned lineNumber = 0, columnNumber = 0;
    if (message.empty() || line.getAsInteger(10, lineNumber) ||
        column.getAsInteger(10, columnNumber))
      emitError(loc) << problem;
    else
      emitError(FileLineColLoc::get(context, file, lineNumber, columnNumber))
          << message;
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, context);
}
