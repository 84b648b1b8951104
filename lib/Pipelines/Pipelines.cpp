//===- Pipelines.cpp - qmlir pass pipelines -------------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Pipelines/Pipelines.h"
#include "qmlir/Codegen/Passes.h"
#include "qmlir/Conversion/Passes.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"

#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

using namespace mlir;

/// Adds a textual pipeline of registered passes to `pm`. The text is fixed in
/// this file, so a parse failure is a bug in qmlir. The passes it names are
/// registered on first use, so that a library user need not register
/// anything before building a pipeline (registering again is harmless).
static void addPasses(OpPassManager &pm, StringRef pipeline) {
  static std::once_flag registered;
  std::call_once(registered, [] {
    registerAllPasses();
    qmlir::registerQMLIRCodegenPasses();
    qmlir::registerQMLIRConversionPasses();
    qmlir::registerQNTPasses();
  });
  std::string error;
  llvm::raw_string_ostream os(error);
  if (failed(parsePassPipeline(pipeline, pm, os)))
    llvm::report_fatal_error(llvm::Twine("qmlir: invalid built-in pipeline '") +
                             pipeline + "': " + error);
}

static std::string joinSizes(ArrayRef<int64_t> sizes) {
  return llvm::join(
      llvm::map_range(sizes, [](int64_t s) { return std::to_string(s); }), ",");
}

void qmlir::addImportCleanupPasses(OpPassManager &pm) {
  // Imported ONNX nodes to TOSA (nothing to do for TOSA input); the layout
  // transposes around convolutions and pools that cancel are removed, and
  // those on constant weights folded.
  // BatchNorm-style affine ops and fully connected biases fold into the
  // layers they follow (before calibration, so the folded graph is the one
  // observed).
  addPasses(pm, "func.func(convert-onnx-to-tosa),canonicalize,"
                "func.func(qnt-prepare-qdq),cse,"
                "func.func(tosa-reduce-transposes),"
                "func.func(tosa-layerwise-constant-fold),"
                "func.func(qnt-fold-constant-weights),canonicalize,"
                "func.func(qnt-fold-batchnorm),canonicalize");
}

std::unique_ptr<Pass>
qmlir::createQuantizePass(const QuantizePipelineOptions &options) {
  // Options that hold user text (file names, patterns) go to the pass as a
  // struct, never through pipeline text, where a space or brace would change
  // their meaning.
  QNTQuantizeOptions quantize;
  quantize.statsFile = options.stats;
  quantize.mode = options.mode;
  quantize.method = options.method;
  quantize.activations = options.activations;
  quantize.weights = options.weights;
  quantize.weightBits = options.weightBits;
  quantize.percentile = options.percentile;
  quantize.methodFor.assign(options.methodFor.begin(), options.methodFor.end());
  quantize.keepFloat.assign(options.keepFloat.begin(), options.keepFloat.end());
  quantize.activationsForSpecs.assign(options.activationsFor.begin(),
                                      options.activationsFor.end());
  quantize.floatLayers.assign(options.floatLayers.begin(),
                              options.floatLayers.end());
  return createQNTQuantize(std::move(quantize));
}

void qmlir::buildQuantizePipeline(OpPassManager &pm,
                                  const QuantizePipelineOptions &options) {
  addImportCleanupPasses(pm);
  addPasses(pm, "func.func(qnt-insert-calibration)");
  pm.addPass(createQuantizePass(options));
  addPasses(pm, "func.func(qnt-propagate-scales),func.func(qnt-fuse),"
                "canonicalize,cse");
}

void qmlir::buildLowerToInt8LinalgPipeline(OpPassManager &pm) {
  addPasses(pm, "convert-qnt-to-linalg,canonicalize");
  TosaToLinalgNamedOptions namedOptions;
  namedOptions.preferConv2DKernelLayoutHWCF = true;
  tosa::addTosaToLinalgPasses(pm, TosaToLinalgOptions(), namedOptions,
                              /*validationOptions=*/std::nullopt);
  addPasses(
      pm, "func.func(tosa-to-tensor,tosa-to-arith{include-apply-rescale=true}),"
          "qmlir-signless-tensors,canonicalize,cse,qmlir-verify-int8-linalg");
}

LogicalResult qmlir::runCodegenPipeline(ModuleOp module,
                                        const CodegenPipelineOptions &options) {
  PassManager pm(module.getContext());
  pm.enableVerifier(false);
  buildCodegenPipeline(pm, options);
  if (failed(pm.run(module)))
    return failure();
  return mlir::verify(module);
}

void qmlir::buildCodegenPipeline(OpPassManager &pm,
                                 const CodegenPipelineOptions &options) {
  addImportCleanupPasses(pm);
  // Calibration markers become calls into the runtime's observers, and
  // quantize/dequantize/requantize exact float simulations of quantization;
  // integer ops without a lowering are rejected clearly.
  addPasses(pm, "qnt-lower-calibration,convert-qnt-to-linalg,"
                "qmlir-verify-float-graph,canonicalize");

  // TOSA to linalg on tensors. HWCF conv kernels let convolution tiles be
  // rewritten as 1-D convolutions; the kernel transposes fold on constants.
  TosaToLinalgNamedOptions namedOptions;
  namedOptions.preferConv2DKernelLayoutHWCF = true;
  // No TOSA level validation: qmlir targets CPUs, not a TOSA level, and the
  // 8K level rejects valid IR such as the rank-8 padding of decomposed
  // transposed convolutions. The TOSA op verifiers still run.
  tosa::addTosaToLinalgPasses(pm, TosaToLinalgOptions(), namedOptions,
                              /*validationOptions=*/std::nullopt);
  // The lowering has used integer signedness; from here on integer tensors
  // are signless (ui8 inputs and outputs included).
  addPasses(
      pm, "func.func(tosa-to-tensor,tosa-to-arith{include-apply-rescale=true}),"
          "qmlir-signless-tensors,canonicalize,"
          "qmlir-fuse-elementwise,canonicalize,cse");

  // Matrix products and convolutions on the target's micro-kernels (before
  // tiling, which would take them apart). The int8 kernels flip their
  // activations' top bit; after the lowering's own flip of u8 activations
  // the two cancel once fused.
  QMLIRCpuKernelsOptions kernels;
  kernels.targetCpu = options.targetCpu;
  kernels.targetFeatures = options.targetFeatures;
  kernels.int8Kernel = options.int8Kernel;
  kernels.floatKernel = options.floatKernel;
  kernels.parallel = options.parallel;
  kernels.minParallelMacs = options.minParallelMacs;
  kernels.emulate = options.emulate;
  kernels.remarks = options.kernelRemarks;
  pm.addPass(createQMLIRCpuKernels(std::move(kernels)));
  addPasses(pm, "qmlir-fuse-elementwise,canonicalize,cse");

  if (options.vectorize) {
    std::string tileOptions =
        std::string(" parallel=") + (options.parallel ? "true" : "false");
    if (!options.matmulTileSizes.empty())
      tileOptions += " matmul-tile-sizes=" + joinSizes(options.matmulTileSizes);
    if (!options.convTileSizes.empty())
      tileOptions += " conv-tile-sizes=" + joinSizes(options.convTileSizes);
    addPasses(pm, "func.func(qmlir-tile-and-vectorize{" + tileOptions +
                      "}),canonicalize,cse,"
                      "loop-invariant-code-motion,"
                      "func.func(loop-invariant-subset-hoisting),canonicalize");
  }

  // Bufferize; results become caller-allocated out-parameters.
  addPasses(pm, "one-shot-bufferize{bufferize-function-boundaries "
                "function-boundary-type-conversion=identity-layout-map},"
                "buffer-results-to-out-params{modify-public-functions=true "
                "hoist-static-allocs=true},"
                "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
                "cse,canonicalize,qmlir-static-workspace,"
                "qmlir-x86-intrinsics{emulate=" +
                    std::string(options.emulate ? "true" : "false") + "}");
  // From here on each loop nest is a function of its own: the passes nested
  // in func.func(...) take them on all of MLIR's threads.
  if (options.outline)
    addPasses(pm, "qmlir-outline-kernels");
  addPasses(pm, "qmlir-flatten-globals");

  // Vector and memref lowering, then LLVM.
  // Parallel kernels (int8 rows) become OpenMP work-sharing loops.
  if (options.parallel)
    addPasses(
        pm, "func.func(scf-forall-to-parallel),convert-scf-to-openmp,"
            "qmlir-omp-nowait,qmlir-omp-thread-count,func.func(canonicalize)");
  addPasses(pm, "func.func(convert-linalg-to-loops,"
                "lower-vector-multi-reduction,"
                "convert-vector-to-scf{full-unroll=true},"
                // Math functions with an LLVM intrinsic become the intrinsic
                // (roundeven is one instruction, not a libm call per element);
                // those without one (erf, tanh, ...) become libm calls,
                // scalarized while vector ops can still be lowered.
                "math-expand-ops{ops=rsqrt},convert-math-to-llvm),"
                "convert-math-to-libm,"
                "func.func(lower-affine,convert-scf-to-cf,canonicalize,"
                "convert-vector-to-llvm{vector-contract-lowering=outerproduct "
                "vector-transpose-lowering=shuffle16x16},"
                "expand-strided-metadata,lower-affine),finalize-memref-to-llvm,"
                "func.func(convert-math-to-llvm,convert-arith-to-llvm,"
                "convert-index-to-llvm,convert-ub-to-llvm),convert-cf-to-llvm,"
                "convert-func-to-llvm,convert-openmp-to-llvm,"
                "reconcile-unrealized-casts,"
                // Each function on its own thread.
                "llvm.func(canonicalize,cse)");
  pm.addPass(createQMLIRVerifyLLVMContract());
}

FailureOr<bool> qmlir::quantizePinnedModel(ModuleOp module, size_t *unpinned) {
  bool pinned = false;
  module.walk([&](Operation *op) {
    if (op->getName().getStringRef() == "onnx.node") {
      auto type = op->getAttrOfType<StringAttr>("op_type");
      pinned |= type && (type.getValue() == "DequantizeLinear" ||
                         type.getValue().starts_with("QLinear"));
    }
    pinned |= isa<qnt::DequantizeOp>(op);
  });
  if (unpinned)
    *unpinned = 0;
  if (!pinned)
    return false;
  // The activations the model leaves without parameters: calibration
  // markers of the cleaned-up float graph.
  OwningOpRef<ModuleOp> probe = module.clone();
  PassManager probePm(module.getContext());
  addImportCleanupPasses(probePm);
  probePm.addNestedPass<func::FuncOp>(createQNTInsertCalibration());
  if (failed(probePm.run(*probe)))
    return failure();
  size_t markers = 0;
  probe->walk([&](qnt::CalibrateOp) { ++markers; });
  if (unpinned)
    *unpinned = markers;
  if (markers)
    return false;
  PassManager pm(module.getContext());
  buildQuantizePipeline(pm, QuantizePipelineOptions());
  if (failed(pm.run(module)))
    return failure();
  return true;
}

void qmlir::registerPipelines() {
  PassPipelineRegistration<CodegenPipelineOptions>(
      "qmlir-codegen-pipeline",
      "Lower a float TOSA model to the LLVM dialect (tiled, vectorized)",
      buildCodegenPipeline);
  PassPipelineRegistration<QuantizePipelineOptions>(
      "qmlir-quantize-pipeline",
      "Quantize a float TOSA model with calibration statistics into the "
      "integer qnt graph",
      buildQuantizePipeline);
  PassPipelineRegistration<>(
      "qmlir-import-cleanup-pipeline",
      "Prepare an imported model: ONNX to TOSA, layout transposes reduced, "
      "constants folded, BatchNorm and biases folded (the float graph "
      "qnt-prune and calibration work on; checked)",
      [](OpPassManager &pm) {
        addImportCleanupPasses(pm);
        addPasses(pm, "qmlir-verify-float-graph");
      });
  PassPipelineRegistration<>(
      "qmlir-lower-to-int8-linalg-pipeline",
      "Lower an integer qnt graph to int8 linalg on tensors (checked)",
      buildLowerToInt8LinalgPipeline);
}
