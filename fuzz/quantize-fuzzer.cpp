//===- quantize-fuzzer.cpp - libFuzzer target: quantization pipelines -----===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Bytes -> the MLIR parser and verifier -> qmlir-quantize-pipeline (static,
// with statistics made up for every calibration id, and weight-only) ->
// qmlir-lower-to-int8-linalg-pipeline; and the lowering alone, for inputs
// that already are integer qnt graphs. Pipelines may fail with diagnostics;
// they must not crash, and what succeeds must verify.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Pipelines/Pipelines.h"
#include "qmlir/Support/InputLimits.h"
#include "qmlir/Support/StatsFile.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>
#include <cstdlib>

using namespace mlir;

namespace {

/// Runs `build` on a clone of `module`; aborts if the pipeline succeeds
/// with a module that does not verify.
void runOnClone(ModuleOp module,
                llvm::function_ref<void(OpPassManager &)> build) {
  OwningOpRef<ModuleOp> clone = module.clone();
  PassManager pm(module.getContext());
  build(pm);
  if (succeeded(pm.run(*clone)) && failed(verify(*clone)))
    std::abort();
}

/// A stats file with a made-up range for every calibration id the import
/// clean-up and qnt-insert-calibration give `module`. Empty on failure.
std::string makeStats(ModuleOp module) {
  OwningOpRef<ModuleOp> clone = module.clone();
  PassManager pm(module.getContext());
  qmlir::addImportCleanupPasses(pm);
  if (failed(
          mlir::parsePassPipeline("func.func(qnt-insert-calibration)", pm)) ||
      failed(pm.run(*clone)))
    return "";
  qmlir::CalibrationStats stats;
  const float values[] = {-1.5f, 0.0f, 0.25f, 2.0f};
  clone->walk([&](qmlir::qnt::CalibrateOp op) {
    if (stats.find(op.getId()))
      return;
    stats.ids.push_back(op.getId().str());
    stats.stats.emplace_back(stats.bins);
    stats.stats.back().observe(values, 4);
  });
  static std::string statsPath = [] {
    llvm::SmallString<128> p;
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, p);
    llvm::sys::path::append(
        p, "qmlir-quantize-fuzzer-" +
               std::to_string(llvm::sys::Process::getProcessId()) + ".json");
    return p.str().str();
  }();
  if (llvm::Error err = qmlir::writeStatsFile(statsPath, stats)) {
    llvm::consumeError(std::move(err));
    return "";
  }
  return statsPath;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  mlir::registerAllPasses();
  qmlir::registerAllPasses();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static qmlir::fuzz::FuzzContext contexts;
  MLIRContext &context = contexts.next();
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  // As the tools: input that crashes MLIR's parser is rejected first.
  if (!qmlir::checkMLIRInput(bytes, "fuzz.mlir").empty())
    return 0;
  // The parser reads a null-terminated buffer, as the tools give it (a
  // file's MemoryBuffer); libFuzzer's bytes are not.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(bytes, "fuzz.mlir"), llvm::SMLoc());
  ParserConfig config(&context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, config);
  if (!module)
    return 0;

  // Integer qnt graphs: the lowering alone.
  runOnClone(*module, [](OpPassManager &pm) {
    qmlir::buildLowerToInt8LinalgPipeline(pm);
  });

  // Float graphs: weight-only, then static with made-up statistics.
  runOnClone(*module, [](OpPassManager &pm) {
    qmlir::QuantizePipelineOptions options;
    options.mode = qmlir::QuantizationMode::WeightOnly;
    qmlir::buildQuantizePipeline(pm, options);
    qmlir::buildLowerToInt8LinalgPipeline(pm);
  });
  std::string stats = makeStats(*module);
  if (!stats.empty()) {
    // The file is written per input and removed after it: a run that ends
    // (or is stopped) between inputs leaves nothing in the temp folder.
    llvm::FileRemover removeStats(stats);
    runOnClone(*module, [&](OpPassManager &pm) {
      qmlir::QuantizePipelineOptions options;
      options.stats = stats;
      qmlir::buildQuantizePipeline(pm, options);
      qmlir::buildLowerToInt8LinalgPipeline(pm);
    });
  }
  return 0;
}
