//===- Run.h - Running a model on .npy data ---------------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The library behind qmlir-run: take a loaded model to runnable code, bind
// .npy arrays to its entry function's arguments (by name or in order, with
// recurrent state carried from batch to batch), run it batch by batch on the
// JIT or the reference interpreter, time it, calibrate it, and write its
// results. Also the statistics-file commands (merging shards, printing
// ranges). Errors come back as llvm::Error naming the thing at fault;
// nothing here exits or prints except where an output stream is given.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_COMPILER_RUN_H
#define QMLIR_COMPILER_RUN_H

#include "qmlir/Compiler/Evaluation.h"
#include "qmlir/Execution/Jit.h"
#include "qmlir/Quant/Calibration.h"
#include "qmlir/Runtime/Npy.h"
#include "qmlir/Support/StatsFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace qmlir {

/// One tensor of an entry function's signature.
struct TensorSlot {
  /// Its `qmlir.name` (an ONNX input or output name), or empty.
  std::string name;
  mlir::RankedTensorType type;
  runtime::DType dtype = runtime::DType::F32;
  /// The static shape of one batch.
  llvm::SmallVector<int64_t> shape;
  int64_t batchBytes = 0;
};

/// The arguments and results of an entry function.
struct Signature {
  llvm::SmallVector<TensorSlot> args, results;
};

/// The signature of `func`: every type a statically shaped tensor with a
/// .npy element type that fits in this machine's memory.
llvm::Expected<Signature> describeSignature(mlir::func::FuncOp func);

/// Takes an imported model to runnable form in place: ONNX nodes to TOSA
/// (an unsupported op stops here, with the conversion's errors), and a QDQ
/// model that pins every parameter to its integer graph. Returns the
/// number of activations of a QDQ model without parameters (their
/// quantize/dequantize pairs then run as float simulations).
llvm::Expected<size_t> prepareForRun(mlir::ModuleOp module);

/// Inserts calibration markers into a model that has none (after the
/// import clean-up, so that they sit on the activations the quantized model
/// has). Returns the number inserted.
llvm::Expected<unsigned> instrumentForCalibration(mlir::ModuleOp module);

/// The data of a run: one array per argument, holding every batch.
struct RunData {
  std::vector<runtime::NpyArray> inputs;
  /// The file of each input (names it in errors).
  std::vector<std::string> paths;
  int64_t batches = 1;
  /// (argument, result): the argument's value for batch b > 0 is the
  /// result of batch b - 1 (a recurrent state; --carry OUTPUT=INPUT).
  llvm::SmallVector<std::pair<size_t, size_t>> carried;
};

/// Reads and checks the run's inputs. `inputs` are `file.npy` (bound in
/// argument order) or `NAME=file.npy` (bound to the argument named NAME);
/// `carries` are `OUTPUT=INPUT` pairs of names. Each array holds one batch
/// (the argument's shape) or a multiple of it along axis 0; a carried
/// argument's array holds the first batch only. `entry` names the function
/// in errors.
llvm::Expected<RunData> readRunData(const Signature &signature,
                                    llvm::StringRef entry,
                                    llvm::ArrayRef<std::string> inputs,
                                    llvm::ArrayRef<std::string> carries);

/// How a ModelRunner compiles.
struct RunnerOptions {
  std::string entry = "main";
  /// Options of qmlir-codegen-pipeline, as text ("matmul-tile-sizes=...").
  std::string pipelineOptions;
  bool vectorize = true;
  /// Threads of the parallel regions (0: all cores).
  unsigned threads = 0;
  JitCacheOptions cache;
  /// Run the reference interpreter instead of compiled code.
  bool reference = false;
};

/// An entry function made runnable: JIT-compiled (or interpreted).
class ModelRunner {
public:
  /// Compiles `options.entry` of `module` (lowered in place unless
  /// `options.reference`; the interpreter runs `module`, which must then
  /// outlive the runner).
  static llvm::Expected<std::unique_ptr<ModelRunner>>
  create(mlir::ModuleOp module, const RunnerOptions &options);
  ~ModelRunner();

  const Signature &signature() const { return slots; }
  /// A note when the compile cache could not be used; empty otherwise.
  llvm::StringRef cacheNote() const;
  bool loadedFromCache() const;
  double compileMs() const { return compileMillis; }

  /// Result buffers for `batches` batches (concatenated along axis 0).
  std::vector<runtime::NpyArray> makeOutputs(int64_t batches) const;
  /// Runs batch `batch` of `data` into `outputs` (copying the carried
  /// results of the previous batch first).
  llvm::Error runBatch(RunData &data, std::vector<runtime::NpyArray> &outputs,
                       int64_t batch);
  /// Feeds the calibration markers of the compiled code to `recorder`
  /// (null: stops); an error for the interpreter or code without markers.
  llvm::Error setCalibrationRecorder(runtime::CalibrationRecorder *recorder);
  /// Runs every batch in order; `progress` after each.
  llvm::Error run(RunData &data, std::vector<runtime::NpyArray> &outputs,
                  const ProgressCallback &progress = {});

  /// Latency of the first batch over `repeat` runs after `warmup` runs.
  struct Latency {
    size_t runs = 0;
    double medianMs = 0, p10Ms = 0, p90Ms = 0;
  };
  llvm::Expected<Latency> time(RunData &data,
                               std::vector<runtime::NpyArray> &outputs,
                               unsigned warmup, unsigned repeat);

private:
  ModelRunner() = default;
  struct Impl;
  std::unique_ptr<Impl> impl;
  Signature slots;
  double compileMillis = 0;
};

/// The calibration's policy on NaN and infinities. The data is blamed
/// first: a non-finite value in a floating-point input names the array
/// (`what`) and the sample.
llvm::Error checkFiniteInputs(llvm::ArrayRef<const runtime::NpyArray *> inputs,
                              llvm::ArrayRef<std::string> what);
/// Then the model: statistics that saw non-finite activations (from finite
/// data) are an error naming the first such id, unless `allowNonFinite`,
/// which calls `warn` with each id and its counts (the values are left out
/// of the statistics).
llvm::Error
checkFiniteStatistics(const CalibrationStats &stats, bool allowNonFinite,
                      llvm::function_ref<void(const llvm::Twine &)> warn);

/// The statistics `recorder` collected in `bins` bins, under
/// checkFiniteStatistics (`warn` may be empty).
llvm::Expected<CalibrationStats>
collectStatistics(const runtime::CalibrationRecorder &recorder, unsigned bins,
                  bool allowNonFinite,
                  const std::function<void(const llvm::Twine &)> &warn);

/// Calibrates `runner` (compiled from a module with markers whose ids, in
/// order, are `ids`) over `data` (results into `outputs`, from
/// ModelRunner::makeOutputs), with the policy above.
struct RunCalibrationOptions {
  unsigned histogramBins = 2048;
  bool allowNonFinite = false;
  /// Also keep each id's channel moments (CalibrateOptions::channelMoments).
  bool channelMoments = false;
  ProgressCallback progress;
  std::function<void(const llvm::Twine &)> warn;
};
llvm::Expected<CalibrationStats> calibrateRun(
    ModelRunner &runner, RunData &data, std::vector<runtime::NpyArray> &outputs,
    llvm::ArrayRef<std::string> ids, const RunCalibrationOptions &options);

/// Writes one .npy per result into `directory` (created), named after the
/// result (characters outside [A-Za-z0-9_.-] replaced by '_'), else
/// `resultI`: every file whole, or none.
llvm::Error writeResults(llvm::StringRef directory, const Signature &signature,
                         llvm::ArrayRef<runtime::NpyArray> outputs);

/// Merges the statistics files `paths` (shards of one calibration) into
/// `output`, written whole or not at all.
llvm::Error mergeStatsFiles(llvm::ArrayRef<std::string> paths,
                            llvm::StringRef output);

/// Prints the range of every id of the statistics file `path` by
/// `defaults`, or by the method of `ID=METHOD` entries of `methodFor`: a
/// table on `os`. An id whose range cannot be computed is an error after
/// the table.
llvm::Error printRanges(llvm::StringRef path,
                        const quant::RangeOptions &defaults,
                        llvm::ArrayRef<std::string> methodFor,
                        llvm::raw_ostream &os);

/// The progress of a dataset run on `os`: a bar redrawn at most ten times a
/// second on a terminal, else a line per tenth ("TOOL: 3/10 batches, ...").
ProgressCallback progressPrinter(llvm::raw_ostream &os, llvm::StringRef tool,
                                 int64_t samplesPerBatch);

} // namespace qmlir

#endif // QMLIR_COMPILER_RUN_H
