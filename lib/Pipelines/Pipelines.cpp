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
#include "qmlir/Verification/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/Dialect/Vector/Transforms/Passes.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace qmlir;

/// canonicalize, cse.
static void addCleanup(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void qmlir::addImportCleanupPasses(OpPassManager &pm) {
  // Imported ONNX nodes to TOSA (nothing to do for TOSA input); the layout
  // transposes around convolutions and pools that cancel are removed, and
  // those on constant weights folded.
  // BatchNorm-style affine ops and fully connected biases fold into the
  // layers they follow (before calibration, so the folded graph is the one
  // observed).
  pm.addNestedPass<func::FuncOp>(createConvertONNXToTOSA());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createQNTPrepareQDQ());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(tosa::createTosaReduceTransposes());
  pm.addNestedPass<func::FuncOp>(tosa::createTosaLayerwiseConstantFoldPass());
  pm.addNestedPass<func::FuncOp>(createQNTFoldConstantWeights());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createQNTFoldBatchNorm());
  pm.addPass(createCanonicalizerPass());
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
  if (options.statistics)
    return createQNTQuantize(std::move(quantize), options.statistics);
  return createQNTQuantize(std::move(quantize));
}

/// A pass that changes weights before qnt-quantize (qnt-bias-correction,
/// qnt-round-weights), with the weight options qnt-quantize will use.
template <typename PassOptions, typename Create>
static std::unique_ptr<Pass>
createWeightPass(const QuantizePipelineOptions &options, Create create) {
  PassOptions pass;
  pass.statsFile = options.stats;
  pass.weights = options.weights;
  pass.weightBits = options.weightBits;
  pass.keepFloat.assign(options.keepFloat.begin(), options.keepFloat.end());
  pass.floatLayers.assign(options.floatLayers.begin(),
                          options.floatLayers.end());
  return create(std::move(pass), options.statistics);
}

void qmlir::buildQuantizePipeline(OpPassManager &pm,
                                  const QuantizePipelineOptions &options) {
  addImportCleanupPasses(pm);
  pm.addNestedPass<func::FuncOp>(createQNTInsertCalibration());
  // Statistics in memory, or none (the passes then read `stats`).
  if (options.roundWeights && options.mode == QuantizationMode::Static)
    pm.addPass(createWeightPass<QNTRoundWeightsOptions>(
        options, [](QNTRoundWeightsOptions pass,
                    std::shared_ptr<const CalibrationStats> stats) {
          return stats ? createQNTRoundWeights(std::move(pass), stats)
                       : createQNTRoundWeights(std::move(pass));
        }));
  if (options.biasCorrection && options.mode == QuantizationMode::Static)
    pm.addPass(createWeightPass<QNTBiasCorrectionOptions>(
        options, [](QNTBiasCorrectionOptions pass,
                    std::shared_ptr<const CalibrationStats> stats) {
          return stats ? createQNTBiasCorrection(std::move(pass), stats)
                       : createQNTBiasCorrection(std::move(pass));
        }));
  pm.addPass(createQuantizePass(options));
  pm.addNestedPass<func::FuncOp>(createQNTPropagateScales());
  pm.addNestedPass<func::FuncOp>(createQNTFuse());
  addCleanup(pm);
}

/// TOSA to linalg on tensors, then the remaining TOSA ops to tensor and
/// arith (rescales included), and signless integer tensors from there on.
static void addTosaToLinalgPasses(OpPassManager &pm) {
  // HWCF conv kernels let convolution tiles be rewritten as 1-D
  // convolutions; the kernel transposes fold on constants.
  TosaToLinalgNamedOptions namedOptions;
  namedOptions.preferConv2DKernelLayoutHWCF = true;
  // No TOSA level validation: qmlir targets CPUs, not a TOSA level, and the
  // 8K level rejects valid IR such as the rank-8 padding of decomposed
  // transposed convolutions. The TOSA op verifiers still run.
  tosa::addTosaToLinalgPasses(pm, TosaToLinalgOptions(), namedOptions,
                              /*validationOptions=*/std::nullopt);
  OpPassManager &func = pm.nest<func::FuncOp>();
  func.addPass(createTosaToTensorPass());
  TosaToArithPassOptions arith;
  arith.includeApplyRescale = true;
  func.addPass(createTosaToArithPass(arith));
  // The lowering has used integer signedness; from here on integer tensors
  // are signless (ui8 inputs and outputs included).
  pm.addPass(createQMLIRSignlessTensors());
}

void qmlir::buildLowerToInt8LinalgPipeline(OpPassManager &pm) {
  pm.addPass(createConvertQNTToLinalg());
  pm.addPass(createCanonicalizerPass());
  addTosaToLinalgPasses(pm);
  addCleanup(pm);
  pm.addPass(createQMLIRVerifyInt8Linalg());
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
  pm.addPass(createQNTLowerCalibration());
  pm.addPass(createConvertQNTToLinalg());
  pm.addPass(createQMLIRVerifyFloatGraph());
  pm.addPass(createCanonicalizerPass());
  addTosaToLinalgPasses(pm);
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createQMLIRFuseElementwise());
  addCleanup(pm);

  // Matrix products and convolutions on the target's micro-kernels (before
  // tiling, which would take them apart). The int8 kernels flip their
  // activations' top bit; after the lowering's own flip of u8 activations
  // the two cancel once fused.
  QMLIRCpuKernelsOptions kernels;
  kernels.targetCpu = options.targetCpu;
  kernels.targetFeatures = options.targetFeatures;
  kernels.targetTriple = options.targetTriple;
  kernels.int8Kernel = options.int8Kernel;
  kernels.floatKernel = options.floatKernel;
  kernels.parallel = options.parallel;
  kernels.minParallelMacs = options.minParallelMacs;
  kernels.emulate = options.emulate;
  kernels.remarks = options.kernelRemarks;
  pm.addPass(createQMLIRCpuKernels(std::move(kernels)));
  pm.addPass(createQMLIRFuseElementwise());
  addCleanup(pm);

  if (options.vectorize) {
    QMLIRTileAndVectorizeOptions tiles;
    tiles.parallel = options.parallel;
    tiles.matmulTileSizes.assign(options.matmulTileSizes.begin(),
                                 options.matmulTileSizes.end());
    tiles.convTileSizes.assign(options.convTileSizes.begin(),
                               options.convTileSizes.end());
    pm.addNestedPass<func::FuncOp>(
        createQMLIRTileAndVectorize(std::move(tiles)));
    addCleanup(pm);
    pm.addPass(createLoopInvariantCodeMotionPass());
    pm.addNestedPass<func::FuncOp>(createLoopInvariantSubsetHoistingPass());
    pm.addPass(createCanonicalizerPass());
  }

  // Bufferize; results become caller-allocated out-parameters.
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.modifyPublicFunctions = true;
  outParams.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createQMLIRStaticWorkspace());
  if (options.inlineCopies)
    pm.addNestedPass<func::FuncOp>(createQMLIRInlineCopies());
  QMLIRX86IntrinsicsOptions intrinsics;
  intrinsics.emulate = options.emulate;
  pm.addPass(createQMLIRX86Intrinsics(intrinsics));
  // From here on each loop nest is a function of its own: the passes nested
  // in func.func(...) take them on all of MLIR's threads.
  if (options.outline)
    pm.addPass(createQMLIROutlineKernels());
  pm.addPass(createQMLIRFlattenGlobals());

  // Vector and memref lowering, then LLVM.
  // Parallel kernels (int8 rows) become OpenMP work-sharing loops.
  if (options.parallel) {
    pm.addNestedPass<func::FuncOp>(createForallToParallelLoopPass());
    pm.addPass(createConvertSCFToOpenMPPass());
    pm.addPass(createQMLIROmpNowait());
    pm.addPass(createQMLIROmpThreadCount());
    pm.addNestedPass<func::FuncOp>(createCanonicalizerPass());
  }
  {
    OpPassManager &func = pm.nest<func::FuncOp>();
    func.addPass(createConvertLinalgToLoopsPass());
    func.addPass(vector::createLowerVectorMultiReductionPass());
    VectorTransferToSCFOptions toSCF;
    toSCF.enableFullUnroll(true);
    func.addPass(createConvertVectorToSCFPass(toSCF));
    // Math functions with an LLVM intrinsic become the intrinsic (roundeven
    // is one instruction, not a libm call per element); those without one
    // (erf, tanh, ...) become libm calls, scalarized while vector ops can
    // still be lowered.
    math::MathExpandOpsPassOptions expand;
    expand.opMnemonics = {"rsqrt"};
    func.addPass(math::createMathExpandOpsPass(expand));
    func.addPass(createConvertMathToLLVMPass());
  }
  pm.addPass(createConvertMathToLibmPass());
  {
    OpPassManager &func = pm.nest<func::FuncOp>();
    func.addPass(createLowerAffinePass());
    func.addPass(createSCFToControlFlowPass());
    func.addPass(createCanonicalizerPass());
    ConvertVectorToLLVMPassOptions vectorToLLVM;
    vectorToLLVM.vectorContractLowering =
        vector::VectorContractLowering::OuterProduct;
    vectorToLLVM.vectorTransposeLowering =
        vector::VectorTransposeLowering::Shuffle16x16;
    func.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
    func.addPass(memref::createExpandStridedMetadataPass());
    func.addPass(createLowerAffinePass());
  }
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  {
    OpPassManager &func = pm.nest<func::FuncOp>();
    func.addPass(createConvertMathToLLVMPass());
    func.addPass(createArithToLLVMConversionPass());
    func.addPass(createConvertIndexToLLVMPass());
    func.addPass(createUBToLLVMConversionPass());
  }
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  // Each function on its own thread.
  OpPassManager &llvmFunc = pm.nest<LLVM::LLVMFuncOp>();
  llvmFunc.addPass(createCanonicalizerPass());
  llvmFunc.addPass(createCSEPass());
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
        pm.addPass(createQMLIRVerifyFloatGraph());
      });
  PassPipelineRegistration<>(
      "qmlir-lower-to-int8-linalg-pipeline",
      "Lower an integer qnt graph to int8 linalg on tensors (checked)",
      buildLowerToInt8LinalgPipeline);
}
