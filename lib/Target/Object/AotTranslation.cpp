//===- AotTranslation.cpp - MLIR to objects and shared libraries ----------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The translations --qmlir-to-object and --qmlir-to-shared-library: the
// compiled code goes to the translation's output, the C header beside it.
//
//===----------------------------------------------------------------------===//

#include "qmlir/InitAll.h"
#include "qmlir/Support/InputLimits.h"
#include "qmlir/Target/Object/Aot.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace qmlir;

static LogicalResult emitAot(ModuleOp module, llvm::raw_ostream &os,
                             bool shared,
                             const AotTranslationSettings &settings) {
  AotOptions options = settings.aot;
  bool toStdout = settings.outputPath == "-";
  if (options.prefix.empty())
    options.prefix =
        toStdout ? std::string("model") : prefixFromPath(settings.outputPath);
  auto artifact =
      compileArtifact(module, options, shared, settings.aotRuntimeLibrary);
  if (!artifact)
    return emitError(module.getLoc(), llvm::toString(artifact.takeError()));
  std::string header = !settings.headerPath.empty() ? settings.headerPath
                       : toStdout                   ? std::string()
                                  : headerPathFor(settings.outputPath);
  if (!header.empty())
    if (llvm::Error err =
            llvm::writeToOutput(header, [&](llvm::raw_ostream &h) {
              h << artifact->header;
              return llvm::Error::success();
            }))
      return emitError(module.getLoc(),
                       "cannot write " + llvm::toString(std::move(err)));
  os << artifact->object;
  return success();
}

/// MLIR text to an object or a shared library. The text is checked before
/// it is parsed: MLIR's parser recurses once per nesting level and
/// overflows the stack on deeply nested input.
static TranslateFunction
aotTranslation(bool shared, std::function<AotTranslationSettings()> settings) {
  return [shared, settings](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
                            llvm::raw_ostream &os, MLIRContext *context) {
    const llvm::MemoryBuffer *buffer =
        sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
    std::string problem =
        checkMLIRInput(buffer->getBuffer(), buffer->getBufferIdentifier());
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
    return emitAot(*module, os, shared,
                   settings ? settings() : AotTranslationSettings());
  };
}

void qmlir::registerAotTranslations(
    std::function<AotTranslationSettings()> settings) {
  TranslateRegistration object(
      "qmlir-to-object",
      "Compile a model to an x86-64 object file with a C entry point "
      "(<prefix>_run) and a C header",
      aotTranslation(/*shared=*/false, settings));
  TranslateRegistration library(
      "qmlir-to-shared-library",
      "Compile a model to an x86-64 shared library with a C entry point "
      "(<prefix>_run) and a C header",
      aotTranslation(/*shared=*/true, settings));
}
