//===- Evaluation.h - Running and comparing compiled models -----*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The compiler library's side of the JIT: compile a model's @main, run it over
// a dataset batch by batch, and compare its first result with a reference
// (output SQNR, MSE, top-1 agreement and accuracy).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_COMPILER_EVALUATION_H
#define QMLIR_COMPILER_EVALUATION_H

#include "qmlir/Runtime/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "qmlir/Execution/Jit.h"
#include "llvm/Support/Error.h"

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
/// array in errors); the first result of all batches goes to `firstResult`
/// unless it is null (within tensorBudgetBytes); `batchMs` gets each
/// batch's latency. `progress`, if given, is called after each batch with
/// the batches done and their total.
llvm::Error
runDataset(Compiled &model, llvm::ArrayRef<const runtime::NpyArray *> data,
           llvm::ArrayRef<std::string> what, std::vector<float> *firstResult,
           std::vector<double> &batchMs, ProgressCallback progress = {});

/// runDataset of a one-input model.
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

double median(std::vector<double> values);

} // namespace qmlir

#endif // QMLIR_COMPILER_EVALUATION_H
