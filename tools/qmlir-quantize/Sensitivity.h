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

#ifndef QMLIR_TOOLS_QMLIR_QUANTIZE_SENSITIVITY_H
#define QMLIR_TOOLS_QMLIR_QUANTIZE_SENSITIVITY_H

#include "Evaluation.h"

#include "qmlir/Pipelines/Pipelines.h"
#include "qmlir/Support/StatsFile.h"

#include "llvm/Support/JSON.h"

namespace qmlir::tool {

/// A quantizable layer (a convolution or matmul with constant weights) and
/// the calibration ids of its input and output activations.
struct QuantLayer {
  std::string name, kind;
  std::vector<std::string> inputIds;
  std::string outputId;
};

/// The layers of a module with calibration markers, in order.
std::vector<QuantLayer> quantizableLayers(mlir::ModuleOp instrumented);

/// What one evaluated variant of the model gives against fp32.
struct Outcome {
  Comparison comparison;
  std::optional<double> top1Percent;
  double latencyMs = 0; // per sample
};

/// Everything needed to quantize, compile and evaluate variants of a model.
struct Evaluator {
  mlir::ModuleOp floatModel; // the float graph that is quantized
  /// qmlir-quantize-pipeline's options (stats file, method, scheme).
  std::string statsPath, method, activations, weights;
  unsigned weightBits = 8;
  const runtime::NpyArray *eval = nullptr;
  std::string evalPath;
  std::vector<float> reference; // fp32 outputs on eval
  int64_t classes = 1;
  const std::vector<int64_t> *labels = nullptr;
  bool parallel = false;

  /// Quantizes the float model with `keepFloat` ids and `floatLayers`,
  /// lowers it to int8 linalg (into `module` when given), compiles and runs
  /// it on the evaluation data.
  llvm::Expected<Outcome>
  evaluate(llvm::ArrayRef<std::string> keepFloat,
           llvm::ArrayRef<std::string> floatLayers,
           mlir::OwningOpRef<mlir::ModuleOp> *module = nullptr);
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

/// The result of the greedy search: the layers run in float, in the order
/// they were added, and the outcome with them.
struct PrecisionChoice {
  std::vector<std::string> floatLayers;
  Outcome outcome;
  bool met = false;
};

/// Adds layers to run in float, the one whose float computation helps most
/// (the highest SQNR with all but it quantized) first, until `budget` is met
/// or every layer is float.
llvm::Expected<PrecisionChoice> choosePrecision(Evaluator &evaluator,
                                                const SensitivityReport &report,
                                                const PrecisionBudget &budget,
                                                double fp32Top1);

} // namespace qmlir::tool

#endif // QMLIR_TOOLS_QMLIR_QUANTIZE_SENSITIVITY_H
