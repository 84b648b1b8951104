//===- Passes.h - qnt dialect passes ----------------------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECT_QNT_TRANSFORMS_PASSES_H
#define QMLIR_DIALECT_QNT_TRANSFORMS_PASSES_H

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Dialect/QNT/Transforms/QuantizeOptions.h"
#include "qmlir/Support/StatsFile.h"
#include "qmlir/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

#include <string>
#include <vector>

namespace qmlir {

#define GEN_PASS_DECL
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"

/// The module attribute listing calibration ids by observer index.
/// qnt-quantize with its calibration statistics handed over in memory
/// (`options.statsFile` must then be empty): no statistics file between
/// calibration and quantization.
std::unique_ptr<mlir::Pass>
createQNTQuantize(QNTQuantizeOptions options,
                  std::shared_ptr<const CalibrationStats> statistics);

/// qnt-bias-correction with its calibration statistics handed over in
/// memory (`options.statsFile` must then be empty).
std::unique_ptr<mlir::Pass>
createQNTBiasCorrection(QNTBiasCorrectionOptions options,
                        std::shared_ptr<const CalibrationStats> statistics);

/// qnt-smooth-quant with its calibration statistics handed over in memory
/// (`options.statsFile` must then be empty).
std::unique_ptr<mlir::Pass>
createQNTSmoothQuant(QNTSmoothQuantOptions options,
                     std::shared_ptr<const CalibrationStats> statistics);

/// qnt-round-weights with its calibration statistics handed over in memory
/// (`options.statsFile` must then be empty).
std::unique_ptr<mlir::Pass>
createQNTRoundWeights(QNTRoundWeightsOptions options,
                      std::shared_ptr<const CalibrationStats> statistics);

inline constexpr llvm::StringLiteral kCalibrationIdsAttrName =
    "qmlir.calibration_ids";
/// Marks the qnt.quantize ops qnt-quantize derived from calibration (those
/// without it carry parameters the model pinned).
inline constexpr llvm::StringLiteral kCalibratedAttrName = "qnt.calibrated";
/// The runtime function the markers call.
inline constexpr llvm::StringLiteral kCalibrationObserveFuncName =
    "qmlir_rt_calibration_observe";
/// The module variable (memref<i64>) holding the address of the recorder the
/// markers of one compiled model feed (0: none).
inline constexpr llvm::StringLiteral kCalibrationRecorderSymbol =
    "__qmlir_calibration_recorder";

namespace qnt {
/// qnt-fold-batchnorm's rewrites: per-channel affine ops after a convolution
/// into its weights and bias; a matmul with constant weights and a constant
/// bias add into a 1x1 convolution.
/// qnt-fold-constant-weights' rewrites: slice, concat, transpose and
/// reshape of constants (of at most `maxElements` elements) evaluated.
void populateFoldConstantWeightsPatterns(mlir::RewritePatternSet &patterns,
                                         int64_t maxElements);
/// qnt-prepare-qdq's rewrites: quantize/dequantize pairs of a QDQ model
/// moved or repeated across layout ops, layout ops folded into quantized
/// constants, quantized fully connected layers as 1x1 convolutions.
void populatePrepareQDQPatterns(mlir::RewritePatternSet &patterns);
/// qnt-fuse's rewrites: dequantize -> float op -> quantize into integer qnt
/// ops, fused activations, data movement on storage, requantize chains.
void populateFusePatterns(mlir::RewritePatternSet &patterns);
/// qnt-fuse's second phase: chains of float element-wise ops of one 8-bit
/// value into `qnt.table`, after the integer forms of single ops.
void populateFuseTablePatterns(mlir::RewritePatternSet &patterns);
/// Whether `op` is a float element-wise op that qnt-fuse folds into a
/// `qnt.table` when all it computes comes from one dequantized 8-bit value
/// and splat constants.
bool isTableElementwiseOp(mlir::Operation *op);
/// The values of a float constant a table can absorb in an element-wise
/// op of type `shape`: one for a splat, one per channel of the last axis
/// for a constant of shape [1, ..., 1, C]; none otherwise.
std::optional<llvm::SmallVector<float>>
tableConstantValues(mlir::Value value, mlir::RankedTensorType shape);
/// The ids of the qnt.calibrate markers of `module` in observer-index order:
/// the order in which qnt-lower-calibration numbers them (and records them in
/// kCalibrationIdsAttrName). Read before compiling: compiled code loaded from
/// a cache has no lowered module to read them from.
std::vector<std::string> calibrationIds(mlir::ModuleOp module);
} // namespace qnt

} // namespace qmlir

#endif // QMLIR_DIALECT_QNT_TRANSFORMS_PASSES_H
