//===- qmlir-opt.cpp - qmlir optimizer driver -----------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// An mlir-opt compatible driver: every upstream dialect, pass and extension,
// plus qmlir's dialects, passes and pipelines. Input nested deeper than
// qmlir's limit is rejected before MLIR's (recursive) parser sees it.
//
//===----------------------------------------------------------------------===//

#include "qmlir/InitAll.h"
#include "qmlir/Support/CommandLine.h"
#include "qmlir/Support/InputLimits.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerAllPasses();
  qmlir::registerAllPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  qmlir::registerAllDialects(registry);

  auto [inputFilename, outputFilename] = mlir::registerAndParseCLIOptions(
      argc, argv, "qmlir optimizer driver\n", registry);
  mlir::MlirOptMainConfig config =
      mlir::MlirOptMainConfig::createFromCLOptions();
  // Listings read no input: upstream's driver prints them.
  if (config.shouldShowDialects() || config.shouldListPasses())
    return mlir::asMainReturnCode(
        mlir::MlirOptMain(argc, argv, inputFilename, outputFilename, registry));

  // An option value a pass rejects is reported by LLVM's option parser
  // (naming the option and the value); MLIR's errors about the pipeline
  // text, which have no location, print as the tool's, and the empty one it
  // adds after an option error is dropped.
  config.setPassPipelineSetupFn(
      [upstream = config](mlir::PassManager &pm) -> mlir::LogicalResult {
        mlir::ScopedDiagnosticHandler plain(
            pm.getContext(), [](mlir::Diagnostic &d) {
              if (d.getSeverity() != mlir::DiagnosticSeverity::Error ||
                  !llvm::isa<mlir::UnknownLoc>(d.getLocation()))
                return mlir::failure();
              std::string text = llvm::StringRef(d.str()).trim().str();
              if (!text.empty())
                llvm::errs() << "qmlir-opt: error: " << text << "\n";
              return mlir::success();
            });
        return upstream.setupPassPipeline(pm);
      });

  // The input is read once (it may be stdin), checked, then processed as
  // mlir-opt does; the output is kept only on success. A device or pipe
  // other than stdin would be read until memory runs out.
  if (std::string problem = qmlir::findNonRegularInput(argc, argv, {"o"});
      !problem.empty()) {
    llvm::errs() << "qmlir-opt: error: " << problem << "\n";
    return 1;
  }
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      mlir::openInputFile(inputFilename, &errorMessage);
  if (!file) {
    llvm::errs() << errorMessage << "\n";
    return 1;
  }
  std::string deep = qmlir::checkMLIRInput(file->getBuffer(), inputFilename);
  if (!deep.empty()) {
    llvm::errs() << deep << "\n";
    return 1;
  }
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << errorMessage << "\n";
    return 1;
  }
  if (mlir::failed(
          mlir::MlirOptMain(output->os(), std::move(file), registry, config)))
    return 1;
  output->keep();
  return 0;
}
