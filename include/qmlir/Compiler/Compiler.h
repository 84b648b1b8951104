//===- Compiler.h - The quantization flow as a library ----------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The steps of a post-training quantization, each a call: load a model
// (Frontend/LoadModel.h), prepare its float graph, plan and run the
// calibration (statistics in memory), quantize and lower to int8 linalg,
// evaluate against the float model (Evaluation.h, Sensitivity.h), and write
// an object or shared library with its C header. qmlir-quantize is these
// calls and the printing of their results. Errors come back as llvm::Error
// (messages name the thing at fault); diagnostics of the passes go to the
// context's handlers. Nothing here exits, aborts or writes a temporary file.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_COMPILER_COMPILER_H
#define QMLIR_COMPILER_COMPILER_H

#include "qmlir/Compiler/Evaluation.h"
#include "qmlir/Compiler/Sensitivity.h"
#include "qmlir/Dialect/QNT/Transforms/QuantizeOptions.h"
#include "qmlir/Frontend/LoadModel.h"
#include "qmlir/Runtime/Npy.h"
#include "qmlir/Support/StatsFile.h"
#include "qmlir/Target/Object/Aot.h"
#include "qmlir/Transforms/Prune.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qmlir {

/// The range method used when none is asked for: percentile for 8-bit
/// activations; min-max for 16-bit ones, whose resolution leaves nothing to
/// gain by clipping (the text models with bias correction: 25.3 dB with
/// percentile, 29.2 dB with min-max, docs/RealModels.md).
quant::RangeMethod defaultRangeMethod(ActivationScheme activations);

/// The options of one quantization (qmlir-quantize's flags).
struct QuantizeFlowOptions {
  QuantizationMode mode = QuantizationMode::Static;
  /// Percentile by default: on the real-model suite it is better than or
  /// equal to min-max on every model (docs/RealModels.md).
  quant::RangeMethod method = quant::RangeMethod::Percentile;
  ActivationScheme activations = ActivationScheme::U8;
  WeightGranularity weights = WeightGranularity::PerChannel;
  /// 8, 7 (values in [-63, 63]) or 4.
  unsigned weightBits = 8;
  /// Layers (glob patterns) computed in float between quantized
  /// activations, and layers with 16-bit activations around them.
  std::vector<std::string> floatLayers;
  std::vector<std::string> int16Layers;
  /// Activations (calibration ids or layer names, glob patterns) left
  /// float: no quantize/dequantize pair on them, so the ops producing and
  /// reading them run in float (a float region; qnt-quantize's
  /// keep-float).
  std::vector<std::string> floatActivations;
  /// Static mode, in (0, 1]: activations of which more than this fraction
  /// of the nonzero calibration values round to 0 at the scheme's bits are
  /// left float too (quantizeModel; underflowingActivations). 0: off.
  double floatUnderflow = 0;
  /// Static mode: qnt-bias-correction before quantizing.
  bool biasCorrection = false;
  /// Static mode: qnt-round-weights before quantizing (the statistics need
  /// channel moments: runQuantizeJob calibrates with them).
  bool roundWeights = false;
  /// qnt-equalize on the float model before calibrating (runQuantizeJob).
  bool equalize = false;
  /// Static mode: qnt-smooth-quant on the float model with the statistics
  /// of a first calibration run, then the calibration of the smoothed model
  /// (runQuantizeJob); `smoothAlpha` is its migration strength in [0, 1].
  bool smoothQuant = false;
  double smoothAlpha = 0.5;
  /// Static mode: the `auto` range method. runQuantizeJob measures the
  /// candidate methods' errors per activation (chooseRangeMethods) and
  /// fills `methodFor`; `method` stays the choice where they tie.
  bool autoRange = false;
  /// Per calibration id, the range method that replaces `method`.
  std::vector<std::pair<std::string, quant::RangeMethod>> methodFor;
};

/// The range options qnt-quantize applies to activations under `options`.
quant::RangeOptions activationRangeOptions(const QuantizeFlowOptions &options);

/// Sets the activations and weight granularity from a scheme name
/// (`u8-per-channel`, `s16-per-tensor`, ...), and the range method to the
/// activations' default (set it after to choose another); the error lists
/// the names.
llvm::Error setScheme(QuantizeFlowOptions &options, llvm::StringRef scheme);

/// The calibrated activations of which more than `options.floatUnderflow`
/// of the nonzero values round to 0 with `options`' ranges and bits
/// (quant::underflowFraction), with their fractions, in id order; none
/// when it is 0.
std::vector<std::pair<std::string, double>>
underflowingActivations(const CalibrationStats &statistics,
                        const QuantizeFlowOptions &options);

/// Checks `options`; the error names the field at fault.
llvm::Error verifyOptions(const QuantizeFlowOptions &options);

/// The float TOSA graph of a loaded model: the import clean-up (ONNX nodes
/// to TOSA, layout transposes, BatchNorm and bias folding) on a clone.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
prepareFloatModel(mlir::ModuleOp loaded);

/// What a static quantization of a float graph calibrates.
struct CalibrationPlan {
  /// The float graph with a calibration marker on every activation.
  mlir::OwningOpRef<mlir::ModuleOp> instrumented;
  /// The activations without parameters of their own, in marker order.
  std::vector<std::string> ids;
  /// The quantizable layers (for sensitivity and --int16-layers).
  std::vector<QuantLayer> layers;
  /// The model pins parameters of its own (a QDQ model).
  bool pinned = false;
  /// The model's inputs in argument order (`qmlir.name`, or "#i").
  std::vector<std::string> inputNames;
};

/// The calibration plan of `floatModel` (prepareFloatModel's result).
llvm::Expected<CalibrationPlan> planCalibration(mlir::ModuleOp floatModel);

/// Calibration settings.
struct CalibrateOptions {
  /// Histogram bins per activation (2 to quant::Histogram::kMaxBins).
  unsigned histogramBins = 2048;
  /// JIT threads (0: all cores).
  unsigned threads = 0;
  /// Also keep each activation's channel moments (what pruning with
  /// reconstruction solves with; memory grows with channels squared).
  bool channelMoments = false;
  /// Accept NaN and infinities in activations (counted in the statistics);
  /// by default they are an error naming the first activation that had one.
  bool allowNonFinite = false;
  /// Called after each batch.
  ProgressCallback progress;
  /// With allowNonFinite: called for each activation that had NaN or
  /// infinities, with their counts.
  std::function<void(const llvm::Twine &)> warn;
  /// Candidate parameters whose quantization error each activation measures
  /// on the data (TensorStatistics::setProbes): empty, or one entry per id
  /// of the plan (an entry without parameters measures nothing).
  std::vector<std::pair<quant::StorageSpec, std::vector<quant::QuantParams>>>
      probes;
};

/// Runs the plan's instrumented model over `inputs` (one array per model
/// input, in argument order, with the same number of batches; `what` names
/// each in errors) and returns the statistics of every id, in memory.
llvm::Expected<CalibrationStats>
calibrate(const CalibrationPlan &plan,
          llvm::ArrayRef<const runtime::NpyArray *> inputs,
          llvm::ArrayRef<std::string> what, const CalibrateOptions &options);

/// qnt-smooth-quant on `floatModel`, in place: `statistics` are those of
/// planCalibration(floatModel)'s markers (calibrate's result), `alpha` the
/// migration strength in [0, 1]. The model computes the same function; its
/// statistics are stale and it must be calibrated again. The error says
/// why nothing could be done (no statistics, a bad alpha).
llvm::Error smoothModel(mlir::ModuleOp floatModel,
                        std::shared_ptr<const CalibrationStats> statistics,
                        double alpha);

/// The `auto` range method's choice for one activation.
struct RangeChoice {
  std::string id;
  quant::RangeMethod method = quant::RangeMethod::Percentile;
  /// Each candidate method with the error measured for it (infinite when
  /// it gives no range), in candidate order.
  std::vector<std::pair<quant::RangeMethod, double>> errors;
  /// The errors are those of the readers' outputs (every reader a layer
  /// with constant weights), not of the activation itself.
  bool weighted = false;
};

/// The `auto` range method. For each activation of `plan` (ids of the
/// first calibration run `statistics`), the ranges of the candidate
/// methods (min-max, average min-max, percentile, entropy, MSE) under
/// `options`' scheme (16 bits for the ids `options.int16Layers` raise)
/// become parameters whose quantization error a second calibration run on
/// `inputs` measures per channel. Each channel's squared error is weighted
/// by the energy of the weights reading it (inputChannelWeightEnergy): the
/// expected error of the readers' outputs when the channels' errors are
/// uncorrelated, so clipping a channel that the next layer amplifies costs
/// more than clipping one it ignores. An activation read by other ops is
/// scored by its own squared error. The least error wins; ties keep
/// `options.method`.
llvm::Expected<std::vector<RangeChoice>> chooseRangeMethods(
    const CalibrationPlan &plan, const CalibrationStats &statistics,
    llvm::ArrayRef<const runtime::NpyArray *> inputs,
    llvm::ArrayRef<std::string> what, const QuantizeFlowOptions &options,
    const CalibrateOptions &calibration);

/// Reads one array per input from `entries` (`NAME=file.npy` by input name,
/// or `file.npy` in input order); `option` names the entries in errors.
/// `paths` gets the file of each input.
llvm::Expected<std::vector<runtime::NpyArray>>
readInputArrays(llvm::ArrayRef<std::string> inputNames,
                llvm::ArrayRef<std::string> entries, llvm::StringRef option,
                std::vector<std::string> &paths);

/// Quantizes `floatModel` (on a clone) with `statistics` (static mode; may
/// be null when the model pins every activation, or in the other modes) and
/// lowers it to int8 linalg on tensors. `layers` (the plan's) resolves
/// `options.int16Layers`.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
quantizeModel(mlir::ModuleOp floatModel,
              std::shared_ptr<const CalibrationStats> statistics,
              const QuantizeFlowOptions &options,
              llvm::ArrayRef<QuantLayer> layers = {});

/// Sensitivity of each layer of `floatModel` quantized with `options` and
/// `statistics`, measured on the evaluation samples in `evalData` (one
/// `NAME=file.npy` or `file.npy` per model input, as readInputArrays takes
/// them; the first result is compared) and top-1 against the labels in
/// `labelsPath`, if given; with a budget, the fewest layers and regions
/// raised to 16 bits or float that meet it.
struct PrecisionAnalysis {
  SensitivityReport sensitivity;
  std::optional<PrecisionChoice> choice;
  /// The float model's top-1 accuracy (0 without labels).
  double fp32Top1 = 0;
  /// The sensitivity table and, with a choice, its outcome and the flags
  /// that reproduce it (`budgetSpec` as the user wrote the budget).
  void print(llvm::raw_ostream &os, llvm::StringRef budgetSpec) const;
};
llvm::Expected<PrecisionAnalysis> analyzePrecision(
    mlir::ModuleOp floatModel,
    std::shared_ptr<const CalibrationStats> statistics,
    const QuantizeFlowOptions &options, llvm::ArrayRef<QuantLayer> layers,
    llvm::ArrayRef<std::string> evalData, llvm::StringRef labelsPath,
    const std::optional<PrecisionBudget> &budget, unsigned threads);

/// Writes what `print` prints to `path` whole (through a temporary file
/// renamed into place) or not at all; the error says "cannot write PATH: ...".
llvm::Error writeFile(llvm::StringRef path,
                      llvm::function_ref<void(llvm::raw_ostream &)> print);

/// Compiles `module` (int8 linalg or float TOSA; on a clone) to an object,
/// or a shared library when `sharedLibrary` (linked against
/// `aotRuntimeLibrary` when the code needs it), and writes it to
/// `outputPath` and its C header to `headerPath`: both whole, or neither.
/// Errors say "compiling OUTPUT: ..." or "cannot write PATH: ...".
llvm::Error writeCompiledModel(mlir::ModuleOp module, const AotOptions &options,
                               llvm::StringRef outputPath,
                               llvm::StringRef headerPath, bool sharedLibrary,
                               llvm::StringRef aotRuntimeLibrary = "");

/// Writes `module` to `outputPath` by its extension: `.mlir` (the module's
/// text), `.o` or `.so` (writeCompiledModel, with the header at
/// `headerPath`, else next to the output). Errors say which extensions are
/// known.
llvm::Error writeModel(mlir::ModuleOp module, llvm::StringRef outputPath,
                       const AotOptions &options,
                       llvm::StringRef headerPath = "",
                       llvm::StringRef aotRuntimeLibrary = "");

/// Whether writeModel writes `path` as compiled code (`.o`, `.so`).
bool isCompiledOutput(llvm::StringRef path);

/// One whole quantization, as qmlir-quantize runs it: load, prepare, prune,
/// calibrate (static mode), analyze precision, quantize.
struct QuantizeJob {
  std::string modelPath;
  LoadModelOptions load;
  QuantizeFlowOptions options;
  /// Static mode: `NAME=file.npy` or `file.npy` per model input.
  std::vector<std::string> calibrationData;
  CalibrateOptions calibration;
  std::optional<qnt::PruneOptions> prune;
  /// Evaluation samples (one entry per model input, `NAME=file.npy` or
  /// `file.npy`) and labels of the precision analysis.
  std::vector<std::string> evalData;
  std::string evalLabels;
  /// Analyze per-layer sensitivity; with `budget`, choose the fewest layers
  /// raised to 16 bits or float that meet it.
  bool analyze = false;
  std::optional<PrecisionBudget> budget;
  /// A budget that cannot be met still gives a model: the best choice found
  /// (every layer raised). Otherwise the result has no quantized model.
  bool writeBest = false;
  /// Notes on how the job ran (e.g. calibration data not needed).
  std::function<void(const llvm::Twine &)> note;
};

/// What a QuantizeJob made.
struct QuantizeResult {
  mlir::OwningOpRef<mlir::ModuleOp> floatModel, prunedModel;
  /// Null when the precision budget was not met.
  mlir::OwningOpRef<mlir::ModuleOp> quantized;
  std::optional<qnt::PruneReport> prune;
  std::optional<PrecisionAnalysis> analysis;
  /// Static mode: the calibration statistics (null when nothing was
  /// calibrated).
  std::shared_ptr<const CalibrationStats> statistics;
  int64_t calibrationSamples = 0;
  /// The model pins parameters of its own; the activations calibrated.
  bool pinned = false;
  size_t calibratedIds = 0;
  /// The activations left float by `floatUnderflow`, with their fractions.
  std::vector<std::pair<std::string, double>> underflowing;
  /// With the `auto` range method: its choice for each activation.
  std::vector<RangeChoice> rangeChoices;
  /// The layers kept in float or 16 bits (given and chosen).
  std::vector<std::string> floatLayers, int16Layers;
  /// The model that was calibrated and quantized (pruned or not).
  mlir::ModuleOp quantizedFloat() const {
    return prunedModel ? *prunedModel : *floatModel;
  }
  /// The precision budget was given and cannot be met (the quantized model,
  /// if any, is the best choice, written on request).
  bool budgetMissed() const {
    return analysis && analysis->choice && !analysis->choice->met;
  }
};

/// Runs `job` in `context` (diagnostics of the model go to its handlers
/// through `sourceMgr`). With a budget that cannot be met the result has
/// the analysis and no quantized model.
llvm::Expected<QuantizeResult> runQuantizeJob(mlir::MLIRContext &context,
                                              llvm::SourceMgr &sourceMgr,
                                              const QuantizeJob &job);

} // namespace qmlir

#endif // QMLIR_COMPILER_COMPILER_H
