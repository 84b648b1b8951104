//===- Pipelines.h - qmlir pass pipelines (the embedding API) ---*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Pipelines compose qmlir's and upstream passes into the stages of the
// compiler. Each ends with a pass verifying the contract of the level it
// produces, so leftover ops fail loudly.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_PIPELINES_PIPELINES_H
#define QMLIR_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace qmlir {

/// Options of the codegen pipeline.
struct CodegenPipelineOptions
    : public mlir::PassPipelineOptions<CodegenPipelineOptions> {
  Option<bool> vectorize{*this, "vectorize",
                         llvm::cl::desc("Tile and vectorize linalg ops "
                                        "(off: scalar loops, for debugging)"),
                         llvm::cl::init(true)};
  ListOption<int64_t> matmulTileSizes{
      *this, "matmul-tile-sizes",
      llvm::cl::desc("Register tile of matmuls: M, N, K (default 8,32,1)")};
  ListOption<int64_t> convTileSizes{
      *this, "conv-tile-sizes",
      llvm::cl::desc("Register tile of convolutions: output columns, "
                     "filters, input channels per step (default 4,64,1)")};
};

/// Lowers a float TOSA model (func.func with constant weights) to the LLVM
/// dialect: TOSA to linalg on tensors, element-wise fusion, tiling and
/// vectorization, one-shot bufferization across function boundaries with
/// results turned into caller-allocated out-parameters (inputs first, then
/// one memref per result), vector and memref lowering, conversion to LLVM,
/// and `qmlir-verify-llvm-contract`. Functions marked
/// `llvm.emit_c_interface` get `_mlir_ciface_` wrappers.
/// The first passes of every qmlir flow on an imported model: ONNX nodes to
/// TOSA, then the layout transposes that cancel removed and constants folded
/// (the graph calibration markers and quantization see).
void addImportCleanupPasses(mlir::OpPassManager &pm);

void buildCodegenPipeline(mlir::OpPassManager &pm,
                          const CodegenPipelineOptions &options);

/// Registers `qmlir-codegen-pipeline`.
void registerPipelines();

} // namespace qmlir

#endif // QMLIR_PIPELINES_PIPELINES_H
