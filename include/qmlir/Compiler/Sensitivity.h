//===- Sensitivity.h - Per-layer quantization sensitivity -------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Which layer's quantization costs the accuracy: every quantizable layer is
// measured with only it quantized and with all but it quantized, on the
// evaluation data, against the float model; the quantization error of each
// weight and activation tensor alone is the cheap first look. A greedy
// search on top chooses the fewest layers to run in float for a budget.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_COMPILER_SENSITIVITY_H
#define QMLIR_COMPILER_SENSITIVITY_H

#include "qmlir/Compiler/Evaluation.h"

#include "qmlir/Pipelines/Pipelines.h"
#include "qmlir/Support/StatsFile.h"

#include "llvm/Support/JSON.h"

namespace qmlir {

/// A quantizable layer (a convolution or matmul with constant weights) and
/// the calibration ids of its input and output activations; or a region: an
/// element-wise op whose range or curve 8 bits may not hold (sigmoid, tanh,
/// exp, log, pow, reciprocal, rsqrt, erf: a final score, a softmax's
/// pieces, a log-mel's log), raised by keeping its input and output
/// activations float (or 16-bit).
struct QuantLayer {
  std::string name, kind;
  std::vector<std::string> inputIds;
  std::string outputId;
  /// The ids that share the layer's input and output parameters: back from
  /// its input and on from its output through activations, max pools,
  /// reshapes and transposes (which qnt-fuse and qnt-propagate-scales give
  /// one type), up to the neighbouring layers. 16-bit activations for the
  /// layer mean 16 bits for all of them.
  std::vector<std::string> precisionIds;
  bool region = false;
};

/// The layers of a module with calibration markers, in order.
std::vector<QuantLayer> quantizableLayers(mlir::ModuleOp instrumented);

/// The glob pattern that matches exactly `id` (metacharacters escaped).
std::string escapeGlob(llvm::StringRef id);

/// qnt-quantize's method-for entries (ID=METHOD) of per-id methods.
std::vector<std::string> methodForSpecs(
    llvm::ArrayRef<std::pair<std::string, qmlir::quant::RangeMethod>> methods);

/// Which parts of the model leave the default scheme.
struct Precision {
  std::vector<std::string> keepFloat;    // ids and layers entirely float
  std::vector<std::string> floatRegions; // regions kept float (names)
  std::vector<std::string> floatLayers;  // layers computed in float
  std::vector<std::string> int16Layers;  // layers with 16-bit activations
};

/// qnt-quantize's activations-for specs (ID=s16) for the layers matching
/// `patterns` (glob patterns of layer names).
std::vector<std::string> int16Specs(const std::vector<QuantLayer> &layers,
                                    llvm::ArrayRef<std::string> patterns);

/// What one evaluated variant of the model gives against fp32.
struct Outcome {
  Comparison comparison;
  std::optional<double> top1Percent;
  double latencyMs = 0; // per sample
};

/// Everything needed to quantize, compile and evaluate variants of a model.
struct Evaluator {
  mlir::ModuleOp floatModel; // the float graph that is quantized
  /// qmlir-quantize-pipeline's options (statistics, method, scheme).
  std::shared_ptr<const CalibrationStats> statistics;
  qmlir::quant::RangeMethod method = qmlir::quant::RangeMethod::MinMax;
  /// Per-id methods (the `auto` method's choices).
  std::vector<std::pair<std::string, qmlir::quant::RangeMethod>> methodFor;
  /// Activations left float in every variant (the flow's float activations
  /// and underflowing ones), and the corrections the final model gets, so
  /// that "all quantized" is the model that is written.
  std::vector<std::string> floatActivations;
  bool biasCorrection = false;
  bool roundWeights = false;
  qmlir::ActivationScheme activations = qmlir::ActivationScheme::U8;
  qmlir::WeightGranularity weights = qmlir::WeightGranularity::PerChannel;
  unsigned weightBits = 8;
  std::vector<QuantLayer> layers;
  /// The evaluation data, one array per model input, and their files.
  std::vector<const runtime::NpyArray *> eval;
  std::vector<std::string> evalPaths;
  std::vector<float> reference; // fp32 outputs on eval
  int64_t classes = 1;
  const std::vector<int64_t> *labels = nullptr;
  unsigned threads = 0;

  /// Quantizes the float model with `precision`, lowers it to int8 linalg,
  /// compiles and runs it on the evaluation data.
  llvm::Expected<Outcome> evaluate(const Precision &precision);
};

struct LayerSensitivity {
  QuantLayer layer;
  Outcome only, allBut;
};

/// The quantization error of one tensor alone (q/dq against float).
struct TensorError {
  std::string name, kind; // kind: "weights" or "activation"
  double sqnrDb = 0;
};

struct SensitivityReport {
  Outcome full;                         // every layer quantized
  std::vector<LayerSensitivity> layers; // most sensitive first
  std::vector<TensorError> tensors;     // largest error first
  llvm::json::Value toJSON() const;
  /// A bar chart of each layer's output SQNR with only it quantized.
  std::string chartSVG() const;
  void print(llvm::raw_ostream &os) const;
};

/// Measures every layer of `layers` (from the float model with its
/// calibration markers); `stats` gives the activation tensors' errors.
llvm::Expected<SensitivityReport>
analyzeSensitivity(Evaluator &evaluator, const std::vector<QuantLayer> &layers,
                   const CalibrationStats &stats);

/// A budget for automatic mixed precision: the output SQNR against fp32 at
/// least `minSqnrDb`, or top-1 at most `maxDropPoints` below fp32.
struct PrecisionBudget {
  std::optional<double> minSqnrDb, maxDropPoints;
  /// Parses `min-sqnr:DB` or `max-drop:POINTS`.
  static llvm::Expected<PrecisionBudget> parse(llvm::StringRef spec);
  bool met(const Outcome &outcome, double fp32Top1) const;
};

/// The result of the greedy search: the layers given 16-bit activations or
/// run in float, in the order they were chosen, and the outcome with them.
struct PrecisionChoice {
  Precision precision;
  Outcome outcome;
  bool met = false;
};

/// Raises the precision of one layer or region at a time, the one whose
/// float computation helps most (the highest SQNR with all but it
/// quantized) first: 16-bit activations when that meets `budget`, else
/// float when that does, else whichever of the two gives the higher SQNR;
/// until `budget` is met or every layer has been raised. A region kept float
/// adds its ids to `keepFloat` and its name to `floatRegions`.
llvm::Expected<PrecisionChoice> choosePrecision(Evaluator &evaluator,
                                                const SensitivityReport &report,
                                                const PrecisionBudget &budget,
                                                double fp32Top1);

} // namespace qmlir

#endif // QMLIR_COMPILER_SENSITIVITY_H
