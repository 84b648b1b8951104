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
#include "qmlir/Target/ONNX/ImportONNX.h"
#endif
#include "qmlir/Support/CommandLine.h"
#include "qmlir/Target/Object/Aot.h"

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "llvm/Support/CommandLine.h"

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
                 llvm::cl::desc("Target triple (default: the host's; "
                                "x86_64-* or aarch64-*)"),
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

/// The ahead-of-time translations' settings from the flags.
qmlir::AotTranslationSettings aotSettings() {
  qmlir::AotTranslationSettings settings;
  settings.aot.entry = entry;
  settings.aot.prefix = cPrefix;
  settings.aot.targetCpu = targetCpu;
  settings.aot.targetTriple = targetTriple;
  settings.aot.targetFeatures = targetFeatures;
  settings.aot.codegenOptions = codegenOptions;
  settings.outputPath = outputPath();
  settings.headerPath = cHeader;
  settings.aotRuntimeLibrary = qmlir::findAotRuntimeLibrary(
      "qmlir-translate", reinterpret_cast<void *>(&aotSettings));
  return settings;
}

} // namespace

int main(int argc, char **argv) {
  registerAllTranslations();
#ifdef QMLIR_ENABLE_ONNX
  qmlir::registerImportONNXTranslation();
#endif
  qmlir::registerAotTranslations(aotSettings);
  // --help: the translations, the driver's own options, the ahead-of-time
  // and ONNX import options; --help-hidden: the rest (LLVM's backends).
  qmlir::showOnlyToolOptions({&aotCategory},
                             {"input-shape", "input-value", "onnx-dim"});
  // The driver reads its input whole before anything else sees it: a device
  // such as /dev/zero would be read until memory runs out.
  if (std::string problem =
          qmlir::findNonRegularInput(argc, argv, {"o", "output-split-marker"});
      !problem.empty()) {
    llvm::errs() << "qmlir-translate: error: " << problem << "\n";
    return 1;
  }
  return failed(mlirTranslateMain(argc, argv, "qmlir translation driver"));
}
