//===- InitAll.cpp - Register qmlir's dialects and passes -----------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/InitAll.h"

#include "qmlir/Codegen/Passes.h"
#include "qmlir/Conversion/Passes.h"
#include "qmlir/Dialect/ONNX/IR/ONNXOps.h"
#include "qmlir/Dialect/QNT/IR/QNTDialect.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Pipelines/Pipelines.h"
#include "qmlir/Transforms/Passes.h"
#include "qmlir/Verification/Passes.h"

#include "mlir/IR/DialectRegistry.h"

void qmlir::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<qnt::QNTDialect, onnxir::ONNXDialect>();
}

void qmlir::registerAllPasses() {
  registerQMLIRCodegenPasses();
  registerQMLIRConversionPasses();
  registerQNTPasses();
  registerQMLIRTransformsPasses();
  registerQMLIRVerificationPasses();
  registerPipelines();
}
