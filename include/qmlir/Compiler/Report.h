//===- Report.h - What a quantization did, measured -------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// qmlir-quantize's summary: the float, pruned and quantized models side by
// side (weight bytes raw and compressed, non-zero weights and MACs after
// pruning, and on evaluation data top-1 accuracy and agreement, output SQNR
// and latency), as a table and as JSON; and the summary of repeated
// remarks.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_COMPILER_REPORT_H
#define QMLIR_COMPILER_REPORT_H

#include "qmlir/Compiler/Sensitivity.h"
#include "qmlir/Dialect/QNT/Transforms/QuantizeOptions.h"
#include "qmlir/Quant/Calibration.h"
#include "qmlir/Support/StatsFile.h"
#include "qmlir/Transforms/Prune.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qmlir {

/// What a quantization was given and produced.
struct QuantizationSummary {
  /// The table's title starts with "TOOL: " when given.
  std::string tool;
  std::string modelPath, outputPath;
  /// The options as the user spelled them.
  std::string scheme, method, mode;
  ActivationScheme activations = ActivationScheme::U8;
  unsigned weightBits = 8;
  int64_t calibrationSamples = 0;
  /// The model pins parameters of its own; how many activations were
  /// calibrated.
  bool pinned = false;
  size_t calibratedIds = 0;
  /// The float model, the pruned one (null without pruning), the quantized
  /// one.
  mlir::ModuleOp floatModel, prunedModel, quantizedModel;
  const qnt::PruneReport *prune = nullptr;
  std::string pruneSpec;
  std::vector<std::string> floatLayers, int16Layers;
  const PrecisionChoice *choice = nullptr;
  std::string budget;
  /// Evaluation data: one `NAME=file.npy` or `file.npy` per model input
  /// (empty: none), and labels of the first result's classes (empty: none).
  std::vector<std::string> evalData;
  std::string evalLabelsPath;
  /// The decision threshold of results that are not class scores (none:
  /// 0.5 for results whose fp32 values all lie in [0, 1]).
  std::optional<double> threshold;
  /// The calibration statistics and the range options of the activations:
  /// with evaluation data, the activations whose ranges clip values of it
  /// are listed, worst first (null: not checked).
  std::shared_ptr<const CalibrationStats> statistics;
  quant::RangeOptions ranges;
  /// Ids with another range method than `ranges.method` (`auto`).
  std::vector<std::pair<std::string, quant::RangeMethod>> methodFor;
  unsigned threads = 0;
};

/// Prints the side-by-side table of `summary`'s models to `os` (running them
/// on the evaluation data if there is some) and returns the same figures as
/// a JSON object (qmlir-quantize --report).
llvm::Expected<llvm::json::Object>
reportQuantization(const QuantizationSummary &summary, llvm::raw_ostream &os);

/// Some models give hundreds of remarks (one per op that stays float). Unless
/// `verbose`, each distinct remark reaches the next handler the first time it
/// arises and its repetitions are counted; when the summary ends, one line
/// per repeated remark goes to `os`, prefixed with `tool`. Errors and
/// warnings always pass through.
class RemarkSummary {
public:
  RemarkSummary(mlir::MLIRContext &context, bool verbose, llvm::StringRef tool,
                llvm::raw_ostream &os);
  ~RemarkSummary();
  RemarkSummary(const RemarkSummary &) = delete;
  RemarkSummary &operator=(const RemarkSummary &) = delete;

private:
  mlir::MLIRContext &context;
  mlir::DiagnosticEngine::HandlerID handler;
  std::string tool;
  llvm::raw_ostream &os;
  llvm::StringMap<unsigned> repeats;
  std::vector<llvm::StringRef> order;
};

} // namespace qmlir

#endif // QMLIR_COMPILER_REPORT_H
