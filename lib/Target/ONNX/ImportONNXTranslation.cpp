//===- ImportONNXTranslation.cpp - The import-onnx translation ------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The `import-onnx` translation of qmlir-translate and its command-line
// option. In a file of its own so that only the tool that registers the
// translation has the option.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/ONNX/IR/ONNXOps.h"
#include "qmlir/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

static llvm::cl::list<std::string> inputShapes(
    "input-shape",
    llvm::cl::desc("With --import-onnx: the shape of a graph input, "
                   "NAME=AxBxC, or the value of a symbolic input dimension, "
                   "NAME=VALUE (repeatable)"),
    llvm::cl::value_desc("NAME=AxBxC|NAME=VALUE"));
static llvm::cl::list<std::string> inputValues(
    "input-value",
    llvm::cl::desc("With --import-onnx: fix a graph input to a value, "
                   "NAME=V[,V...] (repeatable); it becomes a constant"),
    llvm::cl::value_desc("NAME=V[,V...]"));
static llvm::cl::alias onnxDims("onnx-dim",
                                llvm::cl::desc("Alias for --input-shape"),
                                llvm::cl::aliasopt(inputShapes));

void qmlir::registerImportONNXTranslation() {
  TranslateToMLIRRegistration registration(
      "import-onnx", "Import an ONNX model (.onnx) into the onnx dialect",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        Location loc =
            FileLineColLoc::get(context, buffer->getBufferIdentifier(), 0, 0);
        ImportONNXOptions options;
        for (const std::string &spec : inputShapes)
          if (llvm::Error err = addInputShapeBinding(spec, options)) {
            emitError(loc) << llvm::toString(std::move(err));
            return nullptr;
          }
        for (const std::string &spec : inputValues)
          if (llvm::Error err = addInputValueBinding(spec, options)) {
            emitError(loc) << llvm::toString(std::move(err));
            return nullptr;
          }
        return importONNX(buffer->getBuffer(), buffer->getBufferIdentifier(),
                          context, options);
      },
      [](DialectRegistry &registry) {
        registry.insert<onnxir::ONNXDialect, func::FuncDialect,
                        arith::ArithDialect>();
      });
}
