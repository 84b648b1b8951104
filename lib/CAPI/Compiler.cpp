//===- Compiler.cpp - The quantization flow as a C library ----------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir-c/Compiler.h"

#include "OptionNames.h"

#include "qmlir/Compiler/Compiler.h"
#include "qmlir/Execution/Jit.h"
#include "qmlir/Frontend/LoadModel.h"
#include "qmlir/InitAll.h"
#include "qmlir/Support/StatsFile.h"

#include "mlir/CAPI/IR.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>

using namespace mlir;

struct qmlirCompilerImpl {
  qmlirCompilerImpl() : context(makeRegistry()) {
    context.loadAllAvailableDialects();
    // Errors (with their notes) are kept for qmlirCompilerGetError; remarks
    // and warnings are not printed.
    handler = context.getDiagEngine().registerHandler([this](Diagnostic &d) {
      if (d.getSeverity() == DiagnosticSeverity::Error)
        record(d);
      return success();
    });
  }
  ~qmlirCompilerImpl() { context.getDiagEngine().eraseHandler(handler); }

  static DialectRegistry makeRegistry() {
    DialectRegistry registry;
    registerAllDialects(registry);
    registerAllExtensions(registry);
    qmlir::registerAllDialects(registry);
    qmlir::initializeJit(registry);
    return registry;
  }

  void record(Diagnostic &d) {
    llvm::raw_string_ostream os(pending);
    if (auto file = dyn_cast<FileLineColLoc>(d.getLocation())) {
      os << file.getFilename().getValue();
      if (file.getLine())
        os << ":" << file.getLine() << ":" << file.getColumn();
      os << ": ";
    }
    os << "error: " << d.str() << "\n";
    for (Diagnostic &note : d.getNotes())
      os << "note: " << note.str() << "\n";
  }

  /// Starts a call: the last error is forgotten.
  void begin() {
    pending.clear();
    error.clear();
  }
  /// Ends a failing call with `message` after the diagnostics it raised.
  void fail(const llvm::Twine &message) {
    error = pending + message.str();
    pending.clear();
  }
  /// Ends a failing call with its diagnostics, or `message` if it raised
  /// none.
  void failQuietly(const llvm::Twine &message) {
    if (pending.empty())
      return fail(message);
    error = StringRef(pending).rtrim('\n').str();
    pending.clear();
  }
  void fail(llvm::Error err) { fail(llvm::toString(std::move(err))); }

  MLIRContext context;
  DiagnosticEngine::HandlerID handler;
  std::string pending, error;
};

struct qmlirModelImpl {
  OwningOpRef<ModuleOp> module;
};

struct qmlirStatisticsImpl {
  std::shared_ptr<const qmlir::CalibrationStats> stats;
};

qmlirCompiler qmlirCompilerCreate(void) { return new qmlirCompilerImpl(); }

void qmlirCompilerDestroy(qmlirCompiler compiler) { delete compiler; }

const char *qmlirCompilerGetError(qmlirCompiler compiler) {
  return compiler->error.c_str();
}

/// Loads through `load` (loadModel or loadModelFromBuffer) and prepares the
/// float graph; `name` names the model in messages.
static qmlirModel loadAndPrepare(
    qmlirCompiler compiler, llvm::StringRef name,
    const qmlirLoadOptions *options,
    llvm::function_ref<OwningOpRef<ModuleOp>(llvm::SourceMgr &,
                                             const qmlir::LoadModelOptions &)>
        load) {
  qmlir::LoadModelOptions loadOptions;
  if (options)
    for (size_t i = 0; i < options->numInputShapes; ++i)
      loadOptions.inputShapes.push_back(options->inputShapes[i]);
  llvm::SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> loaded = load(sourceMgr, loadOptions);
  if (!loaded) {
    compiler->failQuietly("cannot read the model " + name);
    return nullptr;
  }
  auto prepared = qmlir::prepareFloatModel(*loaded);
  if (!prepared) {
    compiler->fail(name + ": " + llvm::toString(prepared.takeError()));
    return nullptr;
  }
  return new qmlirModelImpl{std::move(*prepared)};
}

qmlirModel qmlirLoadModel(qmlirCompiler compiler, const char *path,
                          const qmlirLoadOptions *options) {
  compiler->begin();
  if (!path) {
    compiler->fail("qmlirLoadModel: no path");
    return nullptr;
  }
  return loadAndPrepare(
      compiler, path, options,
      [&](llvm::SourceMgr &sourceMgr, const qmlir::LoadModelOptions &o) {
        return qmlir::loadModel(path, &compiler->context, sourceMgr, o);
      });
}

qmlirModel qmlirLoadModelFromBuffer(qmlirCompiler compiler, const void *data,
                                    size_t size, const char *name,
                                    const qmlirLoadOptions *options) {
  compiler->begin();
  if (!name || (!data && size)) {
    compiler->fail("qmlirLoadModelFromBuffer: no name or no data");
    return nullptr;
  }
  llvm::StringRef contents(static_cast<const char *>(data), size);
  return loadAndPrepare(
      compiler, name, options,
      [&](llvm::SourceMgr &sourceMgr, const qmlir::LoadModelOptions &o) {
        return qmlir::loadModelFromBuffer(contents, name, &compiler->context,
                                          sourceMgr, o);
      });
}

void qmlirModelDestroy(qmlirModel model) { delete model; }

MlirModule qmlirModelGetModule(qmlirModel model) {
  return wrap(*model->module);
}

MlirLogicalResult qmlirModelWrite(qmlirCompiler compiler, qmlirModel model,
                                  const char *path) {
  compiler->begin();
  if (llvm::Error err = qmlir::writeFile(
          path, [&](llvm::raw_ostream &os) { model->module->print(os); })) {
    compiler->fail(std::move(err));
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

/// The calibration plan of `model` and its data from `npyFiles`; false
/// (with the compiler's error set) on failure.
static bool
planWithData(qmlirCompiler compiler, qmlirModel model,
             const char *const *npyFiles, size_t numFiles,
             std::optional<qmlir::CalibrationPlan> &plan,
             std::vector<qmlir::runtime::NpyArray> &arrays,
             llvm::SmallVectorImpl<const qmlir::runtime::NpyArray *> &inputs,
             std::vector<std::string> &paths) {
  auto planned = qmlir::planCalibration(*model->module);
  if (!planned) {
    compiler->fail(planned.takeError());
    return false;
  }
  std::vector<std::string> entries(npyFiles, npyFiles + numFiles);
  auto read = qmlir::readInputArrays(planned->inputNames, entries,
                                     "calibration data", paths);
  if (!read) {
    compiler->fail(read.takeError());
    return false;
  }
  plan = std::move(*planned);
  arrays = std::move(*read);
  for (const qmlir::runtime::NpyArray &array : arrays)
    inputs.push_back(&array);
  return true;
}

qmlirStatistics qmlirCalibrate(qmlirCompiler compiler, qmlirModel floatModel,
                               const char *const *npyFiles, size_t numFiles,
                               const qmlirCalibrateOptions *options) {
  compiler->begin();
  std::optional<qmlir::CalibrationPlan> plan;
  std::vector<qmlir::runtime::NpyArray> arrays;
  llvm::SmallVector<const qmlir::runtime::NpyArray *> inputs;
  std::vector<std::string> paths;
  if (!planWithData(compiler, floatModel, npyFiles, numFiles, plan, arrays,
                    inputs, paths))
    return nullptr;
  qmlir::CalibrateOptions calibrateOptions;
  if (options && options->histogramBins)
    calibrateOptions.histogramBins = options->histogramBins;
  if (options)
    calibrateOptions.channelMoments = options->channelMoments != 0;
  if (options)
    calibrateOptions.threads = options->numThreads;
  auto stats = qmlir::calibrate(*plan, inputs, paths, calibrateOptions);
  if (!stats) {
    compiler->fail(stats.takeError());
    return nullptr;
  }
  return new qmlirStatisticsImpl{
      std::make_shared<const qmlir::CalibrationStats>(std::move(*stats))};
}

qmlirStatistics qmlirStatisticsRead(qmlirCompiler compiler, const char *path) {
  compiler->begin();
  auto stats = qmlir::readStatsFile(path);
  if (!stats) {
    compiler->fail(stats.takeError());
    return nullptr;
  }
  return new qmlirStatisticsImpl{
      std::make_shared<const qmlir::CalibrationStats>(std::move(*stats))};
}

MlirLogicalResult qmlirStatisticsWrite(qmlirCompiler compiler,
                                       qmlirStatistics statistics,
                                       const char *path) {
  compiler->begin();
  if (llvm::Error err = qmlir::writeStatsFile(path, *statistics->stats)) {
    compiler->fail(std::move(err));
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

void qmlirStatisticsDestroy(qmlirStatistics statistics) { delete statistics; }

qmlirModel qmlirSmoothQuant(qmlirCompiler compiler, qmlirModel floatModel,
                            qmlirStatistics statistics, double alpha) {
  compiler->begin();
  mlir::OwningOpRef<mlir::ModuleOp> smoothed = floatModel->module->clone();
  if (llvm::Error err = qmlir::smoothModel(
          *smoothed, statistics ? statistics->stats : nullptr, alpha)) {
    compiler->fail(std::move(err));
    return nullptr;
  }
  return new qmlirModelImpl{std::move(smoothed)};
}

qmlirModel qmlirQuantize(qmlirCompiler compiler, qmlirModel floatModel,
                         qmlirStatistics statistics,
                         const qmlirQuantizeFlowOptions *options) {
  compiler->begin();
  qmlir::QuantizeFlowOptions flow;
  if (options) {
    if (options->scheme)
      if (llvm::Error err = qmlir::setScheme(flow, options->scheme)) {
        compiler->fail("qmlirQuantizeFlowOptions.scheme: " +
                       llvm::toString(std::move(err)));
        return nullptr;
      }
    qmlir::capi::OptionNames names;
    names.mode = options->mode;
    bool autoRange =
        options->method && llvm::StringRef(options->method) == "auto";
    names.method = autoRange ? nullptr : options->method;
    if (llvm::Error err = qmlir::capi::applyOptionNames(
            flow, "qmlirQuantizeFlowOptions", names)) {
      compiler->fail(std::move(err));
      return nullptr;
    }
    flow.autoRange = autoRange;
    if (options->weightBits)
      flow.weightBits = options->weightBits;
    flow.biasCorrection = options->biasCorrection != 0;
    flow.roundWeights = options->roundWeights != 0;
    if (options->floatActivations) {
      llvm::SmallVector<llvm::StringRef> patterns;
      llvm::StringRef(options->floatActivations)
          .split(patterns, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
      for (llvm::StringRef pattern : patterns)
        flow.floatActivations.push_back(pattern.trim().str());
    }
    flow.floatUnderflow = options->floatUnderflow;
  }
  if (flow.autoRange) {
    // The second calibration run of the auto method.
    if (llvm::Error err = qmlir::verifyOptions(flow)) {
      compiler->fail("qmlirQuantizeFlowOptions: " +
                     llvm::toString(std::move(err)));
      return nullptr;
    }
    if (!statistics || !options->numCalibrationFiles) {
      compiler->fail("qmlirQuantizeFlowOptions.method auto needs the "
                     "statistics and calibrationNpyFiles");
      return nullptr;
    }
    std::optional<qmlir::CalibrationPlan> plan;
    std::vector<qmlir::runtime::NpyArray> arrays;
    llvm::SmallVector<const qmlir::runtime::NpyArray *> inputs;
    std::vector<std::string> paths;
    if (!planWithData(compiler, floatModel, options->calibrationNpyFiles,
                      options->numCalibrationFiles, plan, arrays, inputs,
                      paths))
      return nullptr;
    auto choices =
        qmlir::chooseRangeMethods(*plan, *statistics->stats, inputs, paths,
                                  flow, qmlir::CalibrateOptions());
    if (!choices) {
      compiler->fail(choices.takeError());
      return nullptr;
    }
    for (const qmlir::RangeChoice &choice : *choices)
      if (choice.method != flow.method)
        flow.methodFor.push_back({choice.id, choice.method});
  }
  // The layers resolve 16-bit layer patterns, which the C options do not
  // have: none are needed.
  auto quantized = qmlir::quantizeModel(
      *floatModel->module, statistics ? statistics->stats : nullptr, flow);
  if (!quantized) {
    compiler->fail(quantized.takeError());
    return nullptr;
  }
  return new qmlirModelImpl{std::move(*quantized)};
}

MlirLogicalResult qmlirCompareModels(qmlirCompiler compiler,
                                     qmlirModel reference, qmlirModel candidate,
                                     const char *evalNpy, unsigned numThreads,
                                     qmlirComparison *result) {
  compiler->begin();
  auto eval = qmlir::runtime::readNpy(evalNpy ? evalNpy : "");
  if (!eval) {
    compiler->fail(eval.error());
    return mlirLogicalResultFailure();
  }
  std::vector<float> outputs[2];
  qmlirModel models[2] = {reference, candidate};
  int64_t classes = 1;
  for (int i = 0; i < 2; ++i) {
    OwningOpRef<ModuleOp> run = models[i]->module->clone();
    auto compiled = qmlir::compile(*run, numThreads);
    if (!compiled) {
      compiler->fail(compiled.takeError());
      return mlirLogicalResultFailure();
    }
    classes = compiled->classes();
    std::vector<double> ms;
    if (llvm::Error err =
            qmlir::runDataset(*compiled, *eval, evalNpy, outputs[i], ms)) {
      compiler->fail(std::move(err));
      return mlirLogicalResultFailure();
    }
  }
  if (outputs[0].size() != outputs[1].size()) {
    compiler->fail("the two models' first results differ in size");
    return mlirLogicalResultFailure();
  }
  qmlir::Comparison comparison =
      qmlir::compare(outputs[1], outputs[0], classes);
  result->samples = int64_t(outputs[0].size()) / std::max<int64_t>(classes, 1);
  result->sqnrDb = comparison.sqnrDb;
  result->agreementPercent = comparison.agreementPercent;
  return mlirLogicalResultSuccess();
}

MlirLogicalResult qmlirEmitObject(qmlirCompiler compiler, qmlirModel model,
                                  const char *path,
                                  const qmlirObjectOptions *options) {
  compiler->begin();
  if (!path) {
    compiler->fail("qmlirEmitObject: no path");
    return mlirLogicalResultFailure();
  }
  qmlir::AotOptions aot;
  aot.prefix = qmlir::prefixFromPath(path);
  std::string header = qmlir::headerPathFor(path);
  bool shared = false;
  std::string runtimeLibrary;
  if (options) {
    if (options->prefix)
      aot.prefix = options->prefix;
    if (options->header)
      header = options->header;
    if (options->targetCpu)
      aot.targetCpu = options->targetCpu;
    if (options->sourceName)
      aot.sourceName = options->sourceName;
    aot.parallel = options->parallel != 0;
    shared = options->sharedLibrary != 0;
    if (options->aotRuntimeLibrary)
      runtimeLibrary = options->aotRuntimeLibrary;
  }
  if (shared && runtimeLibrary.empty())
    runtimeLibrary = qmlir::findAotRuntimeLibrary(
        "", reinterpret_cast<void *>(&qmlirEmitObject));
  if (llvm::Error err = qmlir::writeCompiledModel(
          *model->module, aot, path, header, shared, runtimeLibrary)) {
    compiler->fail(std::move(err));
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}
