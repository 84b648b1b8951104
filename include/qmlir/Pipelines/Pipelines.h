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

#include "qmlir/Dialect/QNT/Transforms/QuantizeOptions.h"
#include "qmlir/Support/StatsFile.h"

#include "mlir/IR/BuiltinOps.h"
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
  Option<std::string> targetCpu{
      *this, "target-cpu",
      llvm::cl::desc("CPU to generate kernels for: host (this machine) or an "
                     "LLVM CPU name (x86-64-v3, icelake-server, znver3, ...)"),
      llvm::cl::init("host")};
  Option<std::string> targetFeatures{
      *this, "target-features",
      llvm::cl::desc("LLVM features added to the CPU's (+avxvnni,-avx512f)"),
      llvm::cl::init("")};
  Option<std::string> targetTriple{
      *this, "target-triple",
      llvm::cl::desc("LLVM triple of the target (empty: the host's; "
                     "x86_64-* or aarch64-*)"),
      llvm::cl::init("")};
  Option<std::string> int8Kernel{
      *this, "int8-kernel",
      llvm::cl::desc("int8 kernels: auto (the target's best), avx512-vnni "
                     "(vnni), avx-vnni, avx2, avx2-i16, neon-dot, "
                     "neon-i8mm, none (upstream vectorization)"),
      llvm::cl::init("auto")};
  Option<std::string> floatKernel{
      *this, "float-kernel",
      llvm::cl::desc("fp32 matmul/convolution kernels: auto (fma where the "
                     "CPU has it, neon-fma on AArch64), fma, neon-fma, none "
                     "(upstream vectorization)"),
      llvm::cl::init("auto")};
  Option<bool> emulate{
      *this, "emulate",
      llvm::cl::desc("Compile kernels of instruction sets the CPU lacks to "
                     "generic code of the same meaning (testing)"),
      llvm::cl::init(false)};
  Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Run the kernels' tiles and element-wise ops on several "
                     "threads (OpenMP; the count is set at run time)"),
      llvm::cl::init(true)};
  Option<int64_t> minParallelMacs{
      *this, "min-parallel-macs",
      llvm::cl::desc("With parallel: kernels of fewer multiply-accumulates "
                     "run on one thread"),
      llvm::cl::init(int64_t(1) << 20)};
  Option<bool> outline{
      *this, "outline",
      llvm::cl::desc("Move each large loop nest into a function of its own, "
                     "which compiles on several threads (off: one function)"),
      llvm::cl::init(true)};
  Option<bool> inlineCopies{
      *this, "inline-copies",
      llvm::cl::desc("Copy strided buffers with loops, not calls of the "
                     "memrefCopy runtime function (qmlir-inline-copies)"),
      llvm::cl::init(false)};
  Option<bool> kernelRemarks{
      *this, "kernel-remarks",
      llvm::cl::desc("A remark per kernel: its kind and register tile"),
      llvm::cl::init(false)};
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
struct QuantizePipelineOptions
    : public mlir::PassPipelineOptions<QuantizePipelineOptions> {
  Option<std::string> stats{*this, "stats",
                            llvm::cl::desc("Calibration statistics "
                                           "(stats.json of qmlir-run "
                                           "--calibrate)")};
  Option<quant::RangeMethod> method{
      *this, "method",
      llvm::cl::desc("Range method: minmax, avg-minmax, percentile, "
                     "entropy, mse"),
      llvm::cl::init(quant::RangeMethod::MinMax), rangeMethodValues()};
  ListOption<std::string> methodFor{
      *this, "method-for", llvm::cl::desc("Per-id range methods, ID=METHOD")};
  Option<double> percentile{*this, "percentile",
                            llvm::cl::desc("Percentile of the percentile "
                                           "method"),
                            llvm::cl::init(99.999)};
  Option<ActivationScheme> activations{
      *this, "activations",
      llvm::cl::desc("Activation scheme: u8 (asymmetric), s8 or s16"),
      llvm::cl::init(ActivationScheme::U8), activationSchemeValues()};
  Option<WeightGranularity> weights{
      *this, "weights",
      llvm::cl::desc("Weight granularity: per-channel or per-tensor"),
      llvm::cl::init(WeightGranularity::PerChannel), weightGranularityValues()};
  Option<unsigned> weightBits{*this, "weight-bits",
                              llvm::cl::desc("Weight storage bits: 8 or 4"),
                              llvm::cl::init(8)};
  ListOption<std::string> keepFloat{
      *this, "keep-float",
      llvm::cl::desc("Ids or layer names (glob patterns) that stay float")};
  Option<QuantizationMode> mode{
      *this, "mode",
      llvm::cl::desc("static, weight-only (activations stay float) or "
                     "dynamic (inputs quantized at run time)"),
      llvm::cl::init(QuantizationMode::Static), quantizationModeValues()};
  ListOption<std::string> activationsFor{
      *this, "activations-for",
      llvm::cl::desc("PATTERN=u8|s8|s16: the activation scheme of matching "
                     "calibration ids")};
  ListOption<std::string> floatLayers{
      *this, "float-layers",
      llvm::cl::desc("Layers (glob patterns) computed in float between "
                     "quantized activations")};
  Option<bool> roundWeights{
      *this, "round-weights",
      llvm::cl::desc("Static mode: round convolution and fully connected "
                     "weights to minimise each layer's output error "
                     "(qnt-round-weights; needs channel moments)"),
      llvm::cl::init(false)};
  Option<bool> biasCorrection{
      *this, "bias-correction",
      llvm::cl::desc("Static mode: fold the expected output shift of the "
                     "quantized weights into convolution biases "
                     "(qnt-bias-correction; needs per-channel statistics)"),
      llvm::cl::init(false)};
  /// Calibration statistics in memory, used instead of `stats` (a library
  /// caller's; not a textual option).
  std::shared_ptr<const CalibrationStats> statistics;
};

/// The float graph's clean-up after import: ONNX nodes to TOSA, layout
/// transposes reduced, constants folded, BatchNorm and fully connected biases
/// folded into their layers.
void addImportCleanupPasses(mlir::OpPassManager &pm);

/// Float TOSA (level 1) and calibration statistics to the integer qnt graph
/// (level 3): clean-up, markers, qnt-quantize, qnt-propagate-scales,
/// qnt-fuse. The statistics must come from a calibration run of the same
/// model (qmlir-run --calibrate applies the same clean-up).
void buildQuantizePipeline(mlir::OpPassManager &pm,
                           const QuantizePipelineOptions &options);

/// The qnt-quantize pass of buildQuantizePipeline, for pipelines that need
/// it alone (the options reach the pass as values, never as pipeline text).
std::unique_ptr<mlir::Pass>
createQuantizePass(const QuantizePipelineOptions &options);

/// The integer qnt graph (level 3, float TOSA at its edges allowed) to int8
/// linalg on tensors (level 4), ending in qmlir-verify-int8-linalg.
void buildLowerToInt8LinalgPipeline(mlir::OpPassManager &pm);

void buildCodegenPipeline(mlir::OpPassManager &pm,
                          const CodegenPipelineOptions &options);

/// Runs the codegen pipeline on `module` as the JIT and the object emitter
/// do: the IR is verified once, after the last pass, instead of after each
/// of its ~100 passes (about a quarter of the pipeline's time on a
/// MobileNetV2); qmlir-opt keeps verifying after each pass. Diagnostics go
/// to the context's handler.
mlir::LogicalResult runCodegenPipeline(mlir::ModuleOp module,
                                       const CodegenPipelineOptions &options);

/// A model that pins the quantization parameters of every activation it
/// quantizes (a QDQ or QLinear model) becomes its integer qnt graph: the
/// quantize pipeline without statistics (qnt-prepare-qdq, qnt-fuse, ...),
/// so that it runs on integer kernels. Returns true when it did; false,
/// with the module unchanged, when the model pins no parameters or leaves
/// some activations unpinned (their number in `unpinned` when given).
mlir::FailureOr<bool> quantizePinnedModel(mlir::ModuleOp module,
                                          size_t *unpinned = nullptr);

/// Registers `qmlir-codegen-pipeline`.
void registerPipelines();

} // namespace qmlir

#endif // QMLIR_PIPELINES_PIPELINES_H
