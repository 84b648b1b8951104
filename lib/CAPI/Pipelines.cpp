//===- Pipelines.cpp - qmlir's compiler as a C library --------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir-c/Pipelines.h"

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
    // An unknown spelling is one error naming the field and the value.
    auto invalid = [&](StringRef field, StringRef value) {
      emitError(unwrap(module)->getLoc())
          << "qmlirQuantizeOptions." << field << ": unknown value '" << value
          << "'";
      return failure();
    };
    if (options) {
      if (options->stats)
        o.stats = options->stats;
      if (options->mode) {
        auto mode = qmlir::parseQuantizationMode(options->mode);
        if (!mode)
          return invalid("mode", options->mode);
        o.mode = *mode;
      }
      if (options->method) {
        auto method = qmlir::quant::parseRangeMethod(options->method);
        if (!method)
          return invalid("method", options->method);
        o.method = *method;
      }
      if (options->activations) {
        auto scheme = qmlir::parseActivationScheme(options->activations);
        if (!scheme)
          return invalid("activations", options->activations);
        o.activations = *scheme;
      }
      if (options->weights) {
        auto weights = qmlir::parseWeightGranularity(options->weights);
        if (!weights)
          return invalid("weights", options->weights);
        o.weights = *weights;
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
