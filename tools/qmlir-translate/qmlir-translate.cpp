//===- qmlir-translate.cpp - qmlir translation driver ---------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// An mlir-translate compatible driver with every upstream translation (for
// example --mlir-to-llvmir), qmlir's --import-onnx, and the ahead-of-time
// outputs --qmlir-to-object and --qmlir-to-shared-library (native code with a
// C entry point and a generated C header).
//
//===----------------------------------------------------------------------===//

#ifdef QMLIR_ENABLE_ONNX
#include "qmlir/Support/CommandLine.h"
#include "qmlir/Target/ONNX/ImportONNX.h"
#endif
#include "qmlir/Execution/Aot.h"
#include "qmlir/InitAll.h"
#include "qmlir/Support/InputLimits.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllTranslations.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

namespace {

llvm::cl::OptionCategory aotCategory(
    "Ahead-of-time options (--qmlir-to-object, --qmlir-to-shared-library)");

llvm::cl::opt<std::string> entry("entry", llvm::cl::desc("Function to export"),
                                 llvm::cl::init("main"),
                                 llvm::cl::cat(aotCategory));
llvm::cl::opt<std::string>
    cPrefix("c-prefix",
            llvm::cl::desc("Prefix of the exported C names: <prefix>_run and "
                           "the header's macros (default: the output file's "
                           "stem, or 'model')"),
            llvm::cl::cat(aotCategory));
llvm::cl::opt<std::string>
    cHeader("c-header",
            llvm::cl::desc("Where to write the C header (default: the output "
                           "file with extension .h; none for stdout)"),
            llvm::cl::cat(aotCategory));
llvm::cl::opt<std::string>
    targetCpu("target-cpu",
              llvm::cl::desc("CPU to generate code for: host (default) or an "
                             "LLVM CPU name (x86-64-v4, znver4, ...)"),
              llvm::cl::init("host"), llvm::cl::cat(aotCategory));
llvm::cl::opt<std::string>
    targetTriple("target-triple",
                 llvm::cl::desc("Target triple (default: the host's; x86-64)"),
                 llvm::cl::cat(aotCategory));
llvm::cl::opt<std::string>
    targetFeatures("target-features",
                   llvm::cl::desc("Extra target features (+avx512vnni,...)"),
                   llvm::cl::cat(aotCategory));
llvm::cl::opt<std::string> codegenOptions(
    "codegen-options",
    llvm::cl::desc("qmlir-codegen-pipeline options, e.g. 'int8-kernel=none'"),
    llvm::cl::cat(aotCategory));

/// The driver's own -o, to name the header and the prefix after it.
std::string outputPath() {
  auto &options = llvm::cl::getRegisteredOptions();
  auto it = options.find("o");
  if (it == options.end())
    return "-";
  return static_cast<llvm::cl::opt<std::string> *>(it->second)->getValue();
}

LogicalResult emitAot(Operation *op, llvm::raw_ostream &os, bool shared) {
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    return op->emitError("expected a builtin.module");
  std::string output = outputPath();
  qmlir::AotOptions options;
  options.entry = entry;
  options.prefix = !cPrefix.empty() ? cPrefix.getValue()
                   : output != "-"  ? qmlir::prefixFromPath(output)
                                    : std::string("model");
  options.targetCpu = targetCpu;
  options.targetTriple = targetTriple;
  options.targetFeatures = targetFeatures;
  options.codegenOptions = codegenOptions;
  auto artifact = qmlir::compileToObject(module, options);
  if (!artifact)
    return mlir::emitError(module.getLoc(),
                           llvm::toString(artifact.takeError()));
  std::string bytes = artifact->object;
  if (shared) {
    auto library = qmlir::linkSharedLibrary(
        *artifact, qmlir::findAotRuntimeLibrary(
                       "qmlir-translate", reinterpret_cast<void *>(&emitAot)));
    if (!library)
      return mlir::emitError(module.getLoc(),
                             llvm::toString(library.takeError()));
    bytes = std::move(*library);
  }
  std::string header = !cHeader.empty() ? cHeader.getValue()
                       : output != "-"  ? qmlir::headerPathFor(output)
                                        : std::string();
  if (!header.empty())
    if (llvm::Error err =
            llvm::writeToOutput(header, [&](llvm::raw_ostream &h) {
              h << artifact->header;
              return llvm::Error::success();
            }))
      return mlir::emitError(module.getLoc(),
                             "cannot write " + llvm::toString(std::move(err)));
  os << bytes;
  return success();
}

/// A translation of MLIR text to an object or a shared library. The text is
/// checked before it is parsed: MLIR's parser recurses once per nesting
/// level and overflows the stack on deeply nested input.
TranslateFunction aotTranslation(bool shared) {
  return [shared](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
                  llvm::raw_ostream &os, MLIRContext *context) {
    const llvm::MemoryBuffer *buffer =
        sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
    std::string problem = qmlir::checkMLIRInput(buffer->getBuffer(),
                                                buffer->getBufferIdentifier());
    if (!problem.empty()) {
      llvm::errs() << problem << "\n";
      return failure();
    }
    DialectRegistry registry;
    mlir::registerAllDialects(registry);
    mlir::registerAllExtensions(registry);
    qmlir::registerAllDialects(registry);
    registerAllToLLVMIRTranslations(registry);
    context->appendDialectRegistry(registry);
    OwningOpRef<ModuleOp> module =
        parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(context));
    if (!module || failed(verify(*module)))
      return failure();
    return emitAot(*module, os, shared);
  };
}

void registerAotTranslations() {
  TranslateRegistration object(
      "qmlir-to-object",
      "Compile a model to an x86-64 object file with a C entry point "
      "(<prefix>_run) and a C header",
      aotTranslation(/*shared=*/false));
  TranslateRegistration library(
      "qmlir-to-shared-library",
      "Compile a model to an x86-64 shared library with a C entry point "
      "(<prefix>_run) and a C header",
      aotTranslation(/*shared=*/true));
}

} // namespace

int main(int argc, char **argv) {
  registerAllTranslations();
#ifdef QMLIR_ENABLE_ONNX
  qmlir::registerImportONNXTranslation();
#endif
  registerAotTranslations();
  // --help: the translations, the driver's own options, the ahead-of-time
  // and ONNX import options; --help-hidden: the rest (LLVM's backends).
  qmlir::showOnlyToolOptions({&aotCategory},
                             {"input-shape", "input-value", "onnx-dim"});
  return failed(mlirTranslateMain(argc, argv, "qmlir translation driver"));
}
