//===- Evaluation.h - Running and comparing compiled models -----*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The compiler library's side of the JIT: compile a model's @main, run it over
// a dataset batch by batch, and compare its results with a reference: each
// result by its kind (class scores: argmax agreement and top-1; anything
// else: SQNR, cosine, largest error and decisions at a threshold).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_COMPILER_EVALUATION_H
#define QMLIR_COMPILER_EVALUATION_H

#include "qmlir/Quant/Calibration.h"
#include "qmlir/Runtime/Npy.h"
#include "qmlir/Support/StatsFile.h"

#include "mlir/IR/BuiltinOps.h"
#include "qmlir/Execution/Jit.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace qmlir {

/// A compiled @main with f32 inputs and f32 results.
struct Compiled {
  std::unique_ptr<qmlir::JitModel> engine;
  /// The first input's shape (evaluation data feeds that input).
  llvm::SmallVector<int64_t> inputShape;
  /// Every input's shape and name (`qmlir.name`, or "#i").
  llvm::SmallVector<llvm::SmallVector<int64_t>> inputShapes;
  llvm::SmallVector<std::string> inputNames;
  llvm::SmallVector<llvm::SmallVector<int64_t>> resultShapes;
  /// Every result's name (`qmlir.name`, or "#i").
  llvm::SmallVector<std::string> resultNames;
  /// Samples per batch (the input's axis 0) and classes (the first
  /// result's last axis).
  int64_t batch() const { return inputShape.empty() ? 1 : inputShape[0]; }
  int64_t classes() const {
    return resultShapes[0].empty() ? 1 : resultShapes[0].back();
  }
};

/// Called as work advances: (steps done, steps in all).
using ProgressCallback = std::function<void(int64_t done, int64_t total)>;

/// Compiles `module` (which the codegen pipeline lowers in place: pass a
/// clone to keep it) for the host.
llvm::Expected<Compiled> compile(mlir::ModuleOp module, unsigned threads = 0);

/// Runs every batch of `data` (one array per input of the model, in
/// argument order, holding the same number of batches; `what` names each
/// array in errors); unless `results` is null it gets one vector per result
/// of the model, each holding that result of all batches one after another
/// (within tensorBudgetBytes in all); `batchMs` gets each batch's latency.
/// `progress`, if given, is called after each batch with the batches done
/// and their total.
llvm::Error runDataset(Compiled &model,
                       llvm::ArrayRef<const runtime::NpyArray *> data,
                       llvm::ArrayRef<std::string> what,
                       std::vector<std::vector<float>> *results,
                       std::vector<double> &batchMs,
                       ProgressCallback progress = {});

/// runDataset of a one-input model, keeping its first result only.
llvm::Error runDataset(Compiled &model, const runtime::NpyArray &data,
                       const std::string &what, std::vector<float> &firstResult,
                       std::vector<double> &batchMs,
                       ProgressCallback progress = {});

/// Integer class labels (int64, int32 or uint8) of `rows` samples, each in
/// [0, classes).
llvm::Expected<std::vector<int64_t>> readLabels(const std::string &path,
                                                int64_t rows, int64_t classes);

/// `out` against `reference` (both rows x classes).
struct Comparison {
  /// 10 log10(sum r^2 / sum (r - o)^2); infinite when equal.
  double sqnrDb = 0;
  double mse = 0;
  /// Rows whose argmax agrees, in percent.
  double agreementPercent = 0;
};
Comparison compare(const std::vector<float> &out,
                   const std::vector<float> &reference, int64_t classes);

/// Top-1 accuracy of `out` against `labels`, in percent.
double top1Percent(const std::vector<float> &out, int64_t classes,
                   const std::vector<int64_t> &labels);

/// What a result holds, which decides how it is compared.
enum class OutputKind {
  /// Scores over classes on its last axis: the last axis is longer than 1
  /// and the result has rank 1 to 3 ([classes], [batch, classes],
  /// [batch, steps, classes]). Compared by argmax agreement, and top-1
  /// against labels.
  Classes,
  /// Anything else: maps, embeddings, a single score. Compared by SQNR,
  /// cosine and largest error, and by decisions at a threshold.
  Values,
};
OutputKind outputKind(llvm::ArrayRef<int64_t> shape);

/// One result of a model against the same result of a reference model,
/// over a dataset.
struct OutputComparison {
  std::string name;
  OutputKind kind = OutputKind::Values;
  /// Samples compared (cosine is per sample) and the last axis' length.
  int64_t samples = 0, classes = 1;
  /// 10 log10(sum r^2 / sum (r - o)^2); infinite when equal.
  double sqnrDb = 0;
  double mse = 0;
  /// Cosine similarity of all values, and of the worst sample.
  double cosine = 1, minSampleCosine = 1;
  int64_t worstSample = 0;
  double maxAbsError = 0;
  /// Classes: rows (argmax over the last axis) that agree, in percent.
  double agreementPercent = 100;
  /// Values compared at a threshold (`--threshold`, or 0.5 for a result
  /// whose reference values all lie in [0, 1]): the values on the same
  /// side, in percent, the intersection over union of the values above it,
  /// and how many differ.
  std::optional<double> threshold;
  double decisionAgreementPercent = 100, decisionIoU = 1;
  int64_t decisionsDiffer = 0;

  llvm::json::Object toJSON() const;
};

/// Compares `out` with `reference`, the values of one result over
/// `samples` samples (one after another, each of the same size), of a
/// result of shape `shape` (one batch's). `threshold`: the decision
/// threshold to use for Values results (none: 0.5 for probabilities, else
/// no decisions).
OutputComparison compareOutput(llvm::StringRef name,
                               llvm::ArrayRef<int64_t> shape,
                               const std::vector<float> &out,
                               const std::vector<float> &reference,
                               int64_t samples,
                               std::optional<double> threshold = std::nullopt);

/// The samples a dataset run of `model` covered, given its results'
/// element count `resultSize` for result `index`: the batch size times the
/// batches when the result keeps the input's batch axis, else the batches.
int64_t resultSamples(const Compiled &model, size_t index, size_t resultSize);

/// An activation whose calibrated range clips values of other data.
struct Saturation {
  std::string id;
  /// The part of the other data's values outside `range` (from its
  /// histogram), in [0, 1].
  double fraction = 0;
  /// The calibrated range, and the other data's smallest and largest value.
  quant::Range range;
  double min = 0, max = 0;
};

/// The activations of `calibration` whose range (by `options`, widened to
/// hold 0 as quantization parameters are) clips values of `other`
/// (statistics of the same ids on other data), worst first; ids that clip
/// nothing are left out. `methodFor` gives ids another range method than
/// `options.method` (the `auto` method's choices).
std::vector<Saturation> measureSaturation(
    const CalibrationStats &calibration, const CalibrationStats &other,
    const quant::RangeOptions &options,
    llvm::ArrayRef<std::pair<std::string, quant::RangeMethod>> methodFor = {});

double median(std::vector<double> values);

} // namespace qmlir

#endif // QMLIR_COMPILER_EVALUATION_H
