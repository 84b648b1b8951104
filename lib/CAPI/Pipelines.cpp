//===- Pipelines.cpp - qmlir's compiler as a C library --------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir-c/Pipelines.h"

#include "OptionNames.h"

#include "qmlir/InitAll.h"
#include "qmlir/Pipelines/Pipelines.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Support.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

using namespace mlir;

void qmlirRegisterAllDialects(MlirDialectRegistry registry) {
  DialectRegistry &r = *unwrap(registry);
  registerAllDialects(r);
  registerAllExtensions(r);
  qmlir::registerAllDialects(r);
}

void qmlirRegisterAllPasses(void) {
  static std::once_flag once;
  std::call_once(once, [] {
    registerAllPasses();
    qmlir::registerAllPasses();
  });
}

/// Runs `build`'s passes on the module; diagnostics go to the context.
static MlirLogicalResult
run(MlirModule module, llvm::function_ref<LogicalResult(PassManager &)> build) {
  ModuleOp op = unwrap(module);
  PassManager pm(op.getContext());
  if (failed(build(pm)))
    return wrap(failure());
  return wrap(pm.run(op));
}

MlirLogicalResult qmlirRunPassPipeline(MlirModule module,
                                       MlirStringRef pipeline) {
  return run(module, [&](PassManager &pm) -> LogicalResult {
    std::string message;
    llvm::raw_string_ostream os(message);
    if (succeeded(parsePassPipeline(unwrap(pipeline), pm, os)))
      return success();
    emitError(unwrap(module)->getLoc()) << "invalid pipeline: " << message;
    return failure();
  });
}

MlirLogicalResult
qmlirRunQuantizePipeline(MlirModule module,
                         const qmlirQuantizeOptions *options) {
  return run(module, [&](PassManager &pm) -> LogicalResult {
    qmlir::QuantizePipelineOptions o;
    if (options) {
      if (options->stats)
        o.stats = options->stats;
      qmlir::capi::OptionNames names;
      names.mode = options->mode;
      names.method = options->method;
      names.activations = options->activations;
      names.weights = options->weights;
      if (llvm::Error err =
              qmlir::capi::applyOptionNames(o, "qmlirQuantizeOptions", names)) {
        emitError(unwrap(module)->getLoc()) << llvm::toString(std::move(err));
        return failure();
      }
      if (options->weightBits)
        o.weightBits = options->weightBits;
    }
    qmlir::buildQuantizePipeline(pm, o);
    return success();
  });
}

MlirLogicalResult qmlirRunLowerToInt8LinalgPipeline(MlirModule module) {
  return run(module, [&](PassManager &pm) -> LogicalResult {
    qmlir::buildLowerToInt8LinalgPipeline(pm);
    return success();
  });
}
