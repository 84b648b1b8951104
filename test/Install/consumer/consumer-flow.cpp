//===- consumer-flow.cpp - The quantization flow from the C++ library -----===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Usage: consumer-flow MODEL CALIBRATION.npy OUT.o
// Takes a model through qmlir/Compiler/Compiler.h: load, prepare, calibrate
// (statistics in memory), quantize, write OUT.o and its header for
// x86-64-v3 with the names qmlir-quantize gives. Prints "c++ flow: ok".
//
//===----------------------------------------------------------------------===//

#include "qmlir/Compiler/Compiler.h"
#include "qmlir/Execution/Jit.h"
#include "qmlir/Frontend/LoadModel.h"
#include "qmlir/InitAll.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

static int fail(llvm::Error err) {
  llvm::errs() << "consumer-flow: " << llvm::toString(std::move(err)) << "\n";
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    llvm::errs() << "usage: consumer-flow MODEL CALIBRATION.npy OUT.o\n";
    return 2;
  }
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  qmlir::registerAllDialects(registry);
  qmlir::initializeJit(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  llvm::SourceMgr sourceMgr;
  mlir::OwningOpRef<mlir::ModuleOp> loaded =
      qmlir::loadModel(argv[1], &context, sourceMgr, {});
  if (!loaded)
    return 1;
  auto floatModel = qmlir::prepareFloatModel(*loaded);
  if (!floatModel)
    return fail(floatModel.takeError());
  auto plan = qmlir::planCalibration(**floatModel);
  if (!plan)
    return fail(plan.takeError());
  std::vector<std::string> paths;
  auto arrays = qmlir::readInputArrays(plan->inputNames, {argv[2]},
                                       "calibration data", paths);
  if (!arrays)
    return fail(arrays.takeError());
  const qmlir::runtime::NpyArray *input = &arrays->front();
  qmlir::CalibrateOptions calibrateOptions;
  auto stats = qmlir::calibrate(*plan, input, paths, calibrateOptions);
  if (!stats)
    return fail(stats.takeError());
  auto int8Model = qmlir::quantizeModel(
      **floatModel,
      std::make_shared<const qmlir::CalibrationStats>(std::move(*stats)),
      qmlir::QuantizeFlowOptions(), plan->layers);
  if (!int8Model)
    return fail(int8Model.takeError());
  qmlir::AotOptions aot;
  aot.prefix = qmlir::prefixFromPath(argv[3]);
  aot.targetCpu = "x86-64-v3";
  aot.sourceName = "model.onnx";
  if (llvm::Error err = qmlir::writeCompiledModel(**int8Model, aot, argv[3],
                                                  qmlir::headerPathFor(argv[3]),
                                                  /*sharedLibrary=*/false))
    return fail(std::move(err));
  llvm::outs() << "c++ flow: ok\n";
  return 0;
}
