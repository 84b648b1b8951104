//===- consumer.cpp - A program built against the installed qmlir ---------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Quantizes a small float model weight-only with the C++ pipeline API and
// lowers it to int8 linalg; prints "c++ api: ok" when the integer weights
// reach the convolution. Then compiles the result ahead of time
// (qmlir/Target/Object/Aot.h) and prints "c++ aot: ok" for an ELF object and a
// header declaring model_run.
//
//===----------------------------------------------------------------------===//

#include "qmlir/InitAll.h"
#include "qmlir/Pipelines/Pipelines.h"
#include "qmlir/Target/Object/Aot.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

static const char *kModel = R"mlir(
func.func @main(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.5, -0.25]]], [[[2.0, 1.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %c : tensor<1x4x4x2xf32>
}
)mlir";

int main() {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  qmlir::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(kModel, &context);
  if (!module)
    return 1;
  mlir::PassManager pm(&context);
  qmlir::QuantizePipelineOptions options;
  options.mode = qmlir::QuantizationMode::WeightOnly;
  qmlir::buildQuantizePipeline(pm, options);
  qmlir::buildLowerToInt8LinalgPipeline(pm);
  if (mlir::failed(pm.run(*module)))
    return 1;
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  bool ok = text.find("tensor<1x1x2x2xi8>") != std::string::npos &&
            text.find("linalg.conv_2d_nhwc_hwcf") != std::string::npos;
  llvm::outs() << "c++ api: " << (ok ? "ok" : "unexpected output") << "\n";
  if (!ok)
    return 1;

  qmlir::AotOptions aot;
  aot.targetCpu = "x86-64-v3";
  llvm::Expected<qmlir::AotArtifact> artifact =
      qmlir::compileToObject(*module, aot);
  if (!artifact) {
    llvm::errs() << llvm::toString(artifact.takeError()) << "\n";
    return 1;
  }
  ok = artifact->object.compare(0, 4,
                                "\x7f"
                                "ELF") == 0 &&
       artifact->header.find("int32_t model_run(const float *input0") !=
           std::string::npos;
  llvm::outs() << "c++ aot: " << (ok ? "ok" : "unexpected output") << "\n";
  return ok ? 0 : 1;
}
