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

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

bool qmlir::isONNXModelPath(llvm::StringRef path) {
  return path.ends_with_insensitive(".onnx");
}

/// `--input-shape NAME=AxBxC` for an MLIR model: the argument of @main
/// whose `qmlir.name` is NAME takes that shape (its static dimensions must
/// agree), then TOSA shape inference refines the function and its results.
static LogicalResult bindMLIRInputShapes(ModuleOp module,
                                         ArrayRef<std::string> specs,
                                         Location loc) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func || func.isExternal())
    return emitError(loc) << "--input-shape binds the arguments of @main, "
                             "which the module does not define";
  SmallVector<Type> inputs(func.getArgumentTypes());
  for (const std::string &spec : specs) {
    auto [name, dims] = llvm::StringRef(spec).split('=');
    SmallVector<int64_t> shape;
    SmallVector<llvm::StringRef> parts;
    dims.split(parts, 'x');
    for (llvm::StringRef part : parts) {
      int64_t d = 0;
      if (part.getAsInteger(10, d) || d <= 0)
        return emitError(loc)
               << "--input-shape " << spec
               << ": an MLIR model's inputs are bound by shape, NAME=AxBx... "
                  "with positive sizes (MLIR has no dimension names)";
      shape.push_back(d);
    }
    std::optional<unsigned> index;
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (auto argName = func.getArgAttrOfType<StringAttr>(i, "qmlir.name");
          argName && argName.getValue() == name)
        index = i;
    if (!index)
      return emitError(loc)
             << "--input-shape " << spec << ": @main has no argument named '"
             << name << "' (qmlir.name)";
    auto type = dyn_cast<RankedTensorType>(inputs[*index]);
    if (!type || type.getRank() != static_cast<int64_t>(shape.size()))
      return emitError(loc) << "--input-shape " << spec << ": argument '"
                            << name << "' has type " << inputs[*index];
    for (auto [i, d] : llvm::enumerate(type.getShape()))
      if (!ShapedType::isDynamic(d) && d != shape[i])
        return emitError(loc)
               << "--input-shape " << spec << ": dimension " << i
               << " of argument '" << name << "' is " << d << " in the model";
    inputs[*index] = type.clone(shape);
  }
  Block &body = func.front();
  for (auto [arg, type] : llvm::zip(body.getArguments(), inputs))
    arg.setType(type);
  func.setFunctionType(
      FunctionType::get(module.getContext(), inputs, func.getResultTypes()));
  PassManager pm(module.getContext());
  pm.addNestedPass<func::FuncOp>(tosa::createTosaInferShapesPass());
  if (failed(pm.run(module)))
    return failure();
  // Shape inference casts refined results back to the declared types at the
  // return; the function returns the refined values.
  Operation *terminator = body.getTerminator();
  SmallVector<Type> results;
  for (OpOperand &operand : terminator->getOpOperands()) {
    if (auto cast = operand.get().getDefiningOp<tensor::CastOp>()) {
      operand.set(cast.getSource());
      if (cast->use_empty())
        cast->erase();
    }
    results.push_back(operand.get().getType());
  }
  func.setFunctionType(FunctionType::get(module.getContext(), inputs, results));
  return success();
}

static OwningOpRef<ModuleOp>
loadModelBuffer(std::unique_ptr<llvm::MemoryBuffer> file, llvm::StringRef path,
                MLIRContext *context, llvm::SourceMgr &sourceMgr,
                const qmlir::LoadModelOptions &options);

OwningOpRef<ModuleOp> qmlir::loadModel(llvm::StringRef path,
                                       MLIRContext *context,
                                       llvm::SourceMgr &sourceMgr,
                                       const LoadModelOptions &options) {
  Location loc = FileLineColLoc::get(context, path, 0, 0);
  // A device or pipe would be read until it ends (/dev/zero never does).
  llvm::sys::fs::file_status status;
  if (path != "-" && !llvm::sys::fs::status(path, status) &&
      status.type() != llvm::sys::fs::file_type::regular_file) {
    emitError(loc) << "'" << path << "' is not a regular file";
    return nullptr;
  }
  std::string openError;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &openError);
  if (!file) {
    emitError(loc) << openError;
    return nullptr;
  }
  return loadModelBuffer(std::move(file), path, context, sourceMgr, options);
}

OwningOpRef<ModuleOp>
qmlir::loadModelFromBuffer(llvm::StringRef contents, llvm::StringRef name,
                           MLIRContext *context, llvm::SourceMgr &sourceMgr,
                           const LoadModelOptions &options) {
  return loadModelBuffer(llvm::MemoryBuffer::getMemBufferCopy(contents, name),
                         name, context, sourceMgr, options);
}

static OwningOpRef<ModuleOp>
loadModelBuffer(std::unique_ptr<llvm::MemoryBuffer> file, llvm::StringRef path,
                MLIRContext *context, llvm::SourceMgr &sourceMgr,
                const qmlir::LoadModelOptions &options) {
  using namespace qmlir;
  Location loc = FileLineColLoc::get(context, path, 0, 0);
  if (isONNXModelPath(path)) {
#ifdef QMLIR_ENABLE_ONNX
    ImportONNXOptions importOptions;
    for (const std::string &spec : options.inputShapes)
      if (llvm::Error err = addInputShapeBinding(spec, importOptions)) {
        emitError(loc) << llvm::toString(std::move(err));
        return nullptr;
      }
    for (const std::string &spec : options.inputValues)
      if (llvm::Error err = addInputValueBinding(spec, importOptions)) {
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
  if (!options.inputValues.empty()) {
    emitError(loc) << "--input-value applies to ONNX models only";
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
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, context);
  if (module && !options.inputShapes.empty() &&
      failed(bindMLIRInputShapes(*module, options.inputShapes, loc)))
    return nullptr;
  return module;
}
