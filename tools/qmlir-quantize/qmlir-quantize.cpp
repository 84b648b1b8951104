//===- qmlir-quantize.cpp - One-shot post-training quantization -----------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// model.(onnx|mlir) + calibration data -> int8 module, in one process:
// import, clean up (BatchNorm and bias folding), calibrate with the JIT,
// quantize, propagate, fuse, lower to int8 linalg, compile, and, given
// evaluation data, compare the float and int8 models side by side: weight
// bytes, top-1 accuracy and agreement (with labels) or output SQNR, latency.
//
//===----------------------------------------------------------------------===//

#include "Evaluation.h"
#include "Sensitivity.h"

#include "qmlir-c/Runtime.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Dialect/QNT/Transforms/Prune.h"
#include "qmlir/Execution/Aot.h"
#include "qmlir/Execution/Jit.h"
#include "qmlir/Frontend/LoadModel.h"
#include "qmlir/InitAll.h"
#include "qmlir/Pipelines/Pipelines.h"
#include "qmlir/Runtime/Calibration.h"
#include "qmlir/Runtime/Npy.h"
#include "qmlir/Support/CommandLine.h"
#include "qmlir/Support/InputLimits.h"
#include "qmlir/Support/StatsFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace mlir;
using namespace qmlir;
using runtime::DType;
using runtime::NpyArray;
using namespace qmlir::tool;
namespace cl = llvm::cl;

static cl::OptionCategory quantizeCategory("qmlir-quantize options");

static cl::opt<std::string> modelFile(cl::Positional,
                                      cl::desc("<model.onnx | model.mlir>"),
                                      cl::Required, cl::cat(quantizeCategory));
static cl::list<std::string>
    inputShapes("input-shape", cl::desc(qmlir::kInputShapeOptionHelp),
                cl::value_desc("NAME=AxBxC|NAME=VALUE"),
                cl::cat(quantizeCategory));
static cl::list<std::string> inputValues("input-value",
                                         cl::desc(qmlir::kInputValueOptionHelp),
                                         cl::value_desc("NAME=V[,V...]"),
                                         cl::cat(quantizeCategory));
static cl::list<std::string> calibrationData(
    "calibration-data",
    cl::desc("Calibration samples (.npy, samples along axis 0); for a model "
             "with several inputs, one NAME=file.npy per input (same number "
             "of samples); not needed with --mode weight-only or dynamic"),
    cl::value_desc("[NAME=]file.npy"), cl::cat(quantizeCategory));
static cl::opt<std::string>
    quantMode("mode",
              cl::desc("static (default: activations quantized with "
                       "calibrated parameters), weight-only (float "
                       "activations, integer weights in the kernels) or "
                       "dynamic (convolution and matmul inputs quantized at "
                       "run time from their range)"),
              cl::init("static"), cl::cat(quantizeCategory));
static cl::opt<std::string> outputFile(
    "o",
    cl::desc("What to write: model.mlir (int8 linalg), model.o (x86-64 "
             "object with a C entry point <prefix>_run, and model.h) or "
             "model.so (shared library, and model.h)"),
    cl::Required, cl::cat(quantizeCategory));
static cl::opt<std::string>
    targetCpu("target-cpu",
              cl::desc("With -o model.o/.so: the CPU to generate code for, "
                       "host (default) or an LLVM name (x86-64-v4, znver4)"),
              cl::init("host"), cl::cat(quantizeCategory));
static cl::opt<std::string>
    cPrefix("c-prefix",
            cl::desc("With -o model.o/.so: prefix of the C names (default: "
                     "the output file's stem)"),
            cl::cat(quantizeCategory));
static cl::opt<std::string>
    cHeader("c-header",
            cl::desc("With -o model.o/.so: where to write the C "
                     "header (default: the output with .h)"),
            cl::cat(quantizeCategory));
static cl::opt<std::string>
    method("method",
           cl::desc("Range method: minmax, avg-minmax, percentile, entropy, "
                    "mse"),
           cl::init("minmax"), cl::cat(quantizeCategory));
static cl::opt<std::string>
    scheme("scheme",
           cl::desc("Activations and weight granularity: u8-per-channel "
                    "(default), u8-per-tensor, s8-per-channel, "
                    "s8-per-tensor, s16-per-channel, s16-per-tensor (16-bit "
                    "activations, 8-bit weights)"),
           cl::init("u8-per-channel"), cl::cat(quantizeCategory));
static cl::opt<unsigned>
    weightBits("weight-bits",
               cl::desc("Weight bits: 8 (default), 7 (values in [-63, 63]: "
                        "AVX2's fast exact kernel) or 4 (values in [-7, 7])"),
               cl::init(8), cl::cat(quantizeCategory));
static cl::opt<std::string> evalData("eval-data",
                                     cl::desc("Evaluation samples (.npy)"),
                                     cl::cat(quantizeCategory));
static cl::opt<std::string>
    evalLabels("eval-labels",
               cl::desc("Integer class labels of the evaluation samples "
                        "(.npy): top-1 accuracy of the first result"),
               cl::cat(quantizeCategory));
static cl::opt<std::string> reportFile("report",
                                       cl::desc("Write the summary as JSON"),
                                       cl::cat(quantizeCategory));
static cl::opt<unsigned>
    threadCount("num-threads",
                cl::desc("Threads of the calibration and evaluation runs "
                         "(0: all cores)"),
                cl::init(0), cl::cat(quantizeCategory));
static cl::opt<bool>
    verbose("verbose",
            cl::desc("Print every remark (default: each distinct remark "
                     "once, and at the end how many times it repeated)"),
            cl::cat(quantizeCategory));
static cl::opt<bool>
    parallelKernels("parallel",
                    cl::desc("With -o model.o/.so: multi-threaded code (it "
                             "then needs LLVM's OpenMP runtime, -lomp, and "
                             "exports <prefix>_set_num_threads)"),
                    cl::init(false), cl::cat(quantizeCategory));
static cl::opt<std::string>
    pruneSpec("prune",
              cl::desc("Prune the float model before calibration: "
                       "channel:SPARSITY (whole channels, the network "
                       "shrinks), magnitude:SPARSITY or nm:N:M (zeros)"),
              cl::value_desc("mode:args"), cl::cat(quantizeCategory));
static cl::opt<std::string> sensitivityFile(
    "sensitivity",
    cl::desc("Measure every layer with only it quantized and with all but "
             "it quantized on the evaluation data; write the report as JSON "
             "(the table goes to stdout)"),
    cl::value_desc("report.json"), cl::cat(quantizeCategory));
static cl::opt<std::string> sensitivityChart(
    "sensitivity-chart",
    cl::desc("Also draw each layer's SQNR as an SVG bar chart"),
    cl::value_desc("chart.svg"), cl::cat(quantizeCategory));
static cl::opt<std::string> autoPrecision(
    "auto-precision",
    cl::desc("Run the fewest layers in float that meet a budget: "
             "min-sqnr:DB (output SQNR against fp32) or max-drop:POINTS "
             "(top-1 below fp32; needs --eval-labels)"),
    cl::value_desc("budget"), cl::cat(quantizeCategory));
static cl::list<std::string>
    floatLayers("float-layers",
                cl::desc("Layers (glob patterns) computed in float between "
                         "quantized activations"),
                cl::CommaSeparated, cl::cat(quantizeCategory));
static cl::list<std::string>
    int16Layers("int16-layers",
                cl::desc("Layers (glob patterns) with 16-bit activations "
                         "around them (the rest as --scheme)"),
                cl::CommaSeparated, cl::cat(quantizeCategory));
static cl::opt<unsigned> histogramBins("histogram-bins",
                                       cl::desc("Calibration histogram bins"),
                                       cl::init(2048),
                                       cl::cat(quantizeCategory));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "qmlir-quantize: error: " << message << "\n";
  return 1;
}

namespace {

/// The tensor constants of a module, their elements stored densely one after
/// another (a splat counts as all its elements).
std::vector<uint8_t> constantBlob(ModuleOp module) {
  std::vector<uint8_t> blob;
  module.walk([&](Operation *op) {
    DenseElementsAttr attr;
    if (op->getNumResults() != 1 || !op->hasTrait<OpTrait::ConstantLike>() ||
        !matchPattern(op->getResult(0), m_Constant(&attr)))
      return;
    Type element = attr.getElementType();
    unsigned bits =
        element.isIntOrFloat() ? element.getIntOrFloatBitWidth() : 64; // index
    size_t bytes = std::max(1u, (bits + 7) / 8);
    ArrayRef<char> raw = attr.getRawData();
    if (element.isInteger(1) || raw.size() != bytes * attr.getNumElements()) {
      // Splats and bit-packed booleans: the element repeated.
      for (int64_t i = 0; i < attr.getNumElements(); ++i)
        blob.insert(blob.end(), raw.begin(),
                    raw.begin() + std::min(bytes, raw.size()));
      return;
    }
    blob.insert(blob.end(), raw.begin(), raw.end());
  });
  return blob;
}

/// The zstd level of the weights' size report: 19, or zstd's default 3 when
/// the float weights exceed this many bytes (level 19 compresses a few MB a
/// second: ResNet-18's 43 MB took two thirds of a 24 s quantization).
constexpr size_t kZstdLevel19MaxBytes = size_t(4) << 20;

int zstdLevelFor(size_t floatBytes) {
  return floatBytes > kZstdLevel19MaxBytes ? 3 : 19;
}

/// The size of `blob` compressed with zstd at `level`, or -1 without zstd.
int64_t zstdBytes(ArrayRef<uint8_t> blob, int level) {
  if (!llvm::compression::zstd::isAvailable())
    return -1;
  SmallVector<uint8_t> compressed;
  llvm::compression::zstd::compress(blob, compressed, level);
  return compressed.size();
}

LogicalResult runPasses(ModuleOp module,
                        llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(module.getContext());
  build(pm);
  return pm.run(module);
}

/// Some models give hundreds of remarks (one per op that stays float). Unless
/// --verbose, each distinct remark prints the first time it arises and its
/// repetitions are counted, one line each when the tool ends; errors and
/// warnings always print where they arise.
class RemarkSummary {
public:
  explicit RemarkSummary(MLIRContext &context) : context(context) {
    handler = context.getDiagEngine().registerHandler([this](Diagnostic &diag) {
      if (verbose || diag.getSeverity() != DiagnosticSeverity::Remark)
        return failure();
      auto [it, inserted] = repeats.try_emplace(diag.str(), 0);
      if (inserted) {
        order.push_back(it->first());
        return failure(); // printed by the next handler
      }
      ++it->second;
      return success();
    });
  }
  ~RemarkSummary() {
    context.getDiagEngine().eraseHandler(handler);
    for (StringRef message : order)
      if (unsigned more = repeats.lookup(message))
        llvm::errs() << "qmlir-quantize: " << more << " more remark"
                     << (more == 1 ? "" : "s") << " as above: " << message
                     << " (--verbose prints each)\n";
  }

private:
  MLIRContext &context;
  DiagnosticEngine::HandlerID handler;
  llvm::StringMap<unsigned> repeats;
  std::vector<StringRef> order;
};

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerAllPasses();
  qmlir::registerAllPasses();
  qmlir::showOnlyToolOptions({&quantizeCategory});
  cl::ParseCommandLineOptions(
      argc, argv,
      "qmlir-quantize: post-training int8 quantization of a float model\n");
  qmlir_rt_request_amx_permission();

  enum class OutputKind { Mlir, Object, SharedLibrary };
  OutputKind outputKind = OutputKind::Mlir;
  {
    StringRef extension = llvm::sys::path::extension(outputFile);
    if (extension == ".o")
      outputKind = OutputKind::Object;
    else if (extension == ".so")
      outputKind = OutputKind::SharedLibrary;
    bool aotFlags = targetCpu.getNumOccurrences() ||
                    cPrefix.getNumOccurrences() || cHeader.getNumOccurrences();
    if (outputKind == OutputKind::Mlir && aotFlags)
      return fail("--target-cpu, --c-prefix and --c-header apply to -o "
                  "model.o or model.so, not to '" +
                  outputFile + "'");
  }

  auto [activationText, weightText] = StringRef(scheme).split('-');
  std::optional<ActivationScheme> activations =
      parseActivationScheme(activationText);
  std::optional<WeightGranularity> weights = parseWeightGranularity(weightText);
  if (!activations || !weights)
    return fail("unknown --scheme '" + scheme +
                "' (u8-per-channel, u8-per-tensor, s8-per-channel, "
                "s8-per-tensor, s16-per-channel, s16-per-tensor)");
  std::optional<QuantizationMode> mode = parseQuantizationMode(quantMode);
  if (!mode)
    return fail("unknown --mode '" + quantMode +
                "' (static, weight-only, dynamic)");
  auto rangeMethod = qmlir::quant::parseRangeMethod(method);
  if (!rangeMethod)
    return fail("--method: " + rangeMethod.error());
  if (quantMode != "static" &&
      (!sensitivityFile.empty() || !sensitivityChart.empty() ||
       !autoPrecision.empty() || !int16Layers.empty()))
    return fail("--sensitivity, --auto-precision and --int16-layers need "
                "--mode static");
  if (weightBits != 8 && weightBits != 7 && weightBits != 4)
    return fail("--weight-bits must be 8, 7 or 4, got " +
                std::to_string(weightBits));
  if (outputKind == OutputKind::Mlir &&
      !StringRef(outputFile).ends_with(".mlir"))
    return fail("-o must name a .mlir file (the int8 module), a .o object "
                "or a .so shared library, got '" +
                outputFile + "'");
  if (!evalLabels.empty() && evalData.empty())
    return fail("--eval-labels needs --eval-data");
  bool analyze = !sensitivityFile.empty() || !sensitivityChart.empty() ||
                 !autoPrecision.empty();
  if (analyze && evalData.empty())
    return fail(std::string(!autoPrecision.empty() ? "--auto-precision"
                                                   : "--sensitivity") +
                " needs --eval-data");
  std::optional<PrecisionBudget> budget;
  if (!autoPrecision.empty()) {
    auto parsed = PrecisionBudget::parse(autoPrecision);
    if (!parsed)
      return fail(llvm::toString(parsed.takeError()));
    budget = *parsed;
    if (budget->maxDropPoints && evalLabels.empty())
      return fail("--auto-precision=" + autoPrecision + " needs --eval-labels");
  }
  std::optional<qnt::PruneOptions> pruneOptions;
  if (!pruneSpec.empty()) {
    auto parsed = qnt::parsePruneSpec(pruneSpec);
    if (!parsed)
      return fail(llvm::toString(parsed.takeError()));
    pruneOptions = *parsed;
  }

  DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  qmlir::registerAllDialects(registry);
  initializeJit(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  RemarkSummary remarks(context);

  // Import.
  LoadModelOptions loadOptions;
  loadOptions.inputShapes.assign(inputShapes.begin(), inputShapes.end());
  loadOptions.inputValues.assign(inputValues.begin(), inputValues.end());
  OwningOpRef<ModuleOp> model =
      loadModel(modelFile, &context, sourceMgr, loadOptions);
  if (!model)
    return fail("cannot read the model " + modelFile);
  OwningOpRef<ModuleOp> floatModel = model->clone();
  if (failed(runPasses(*floatModel, addImportCleanupPasses)))
    return fail("cannot convert " + modelFile + " to a float TOSA graph");

  // Prune (the pruned float model is the one calibrated and quantized).
  std::optional<qnt::PruneReport> pruneReport;
  OwningOpRef<ModuleOp> prunedModel;
  if (pruneOptions) {
    prunedModel = floatModel->clone();
    FailureOr<qnt::PruneReport> report =
        qnt::pruneModule(*prunedModel, *pruneOptions);
    if (failed(report))
      return fail("pruning " + modelFile + " failed");
    pruneReport = std::move(*report);
  }
  ModuleOp quantizedFloat = prunedModel ? *prunedModel : *floatModel;

  // Calibrate (static mode: weight-only quantization needs no statistics).
  CalibrationStats stats;
  llvm::SmallString<128> statsPath;
  std::optional<llvm::FileRemover> removeStats;
  std::vector<QuantLayer> layers;
  int64_t calibrationSamples = 0;
  // A QDQ model pins its own parameters: only the activations it leaves
  // unpinned are calibrated, and without any there is no calibration run.
  bool pinned = false;
  quantizedFloat.walk([&](qnt::DequantizeOp) { pinned = true; });
  std::vector<std::string> ids;
  OwningOpRef<ModuleOp> instrumented;
  if (quantMode == "static") {
    instrumented = quantizedFloat.clone();
    if (failed(runPasses(*instrumented, [](OpPassManager &pm) {
          pm.addNestedPass<func::FuncOp>(createQNTInsertCalibration());
        })))
      return fail("cannot insert calibration markers");
    layers = quantizableLayers(*instrumented);
    ids = qnt::calibrationIds(*instrumented);
    if (ids.empty() && !pinned)
      return fail(modelFile + " has no activation to quantize");
    if (!ids.empty() && calibrationData.empty()) {
      if (!pinned)
        return fail("--calibration-data is required (except with --mode "
                    "weight-only or dynamic, or a QDQ model)");
      return fail(
          "--calibration-data is required: " + std::to_string(ids.size()) +
          " activation(s) of the QDQ model have no quantization "
          "parameters (first: '" +
          ids.front() + "')");
    }
    if (ids.empty() && !calibrationData.empty())
      llvm::errs() << "qmlir-quantize: note: every activation of " << modelFile
                   << " is pinned by the model; --calibration-data is not "
                      "used\n";
  }
  if (quantMode == "static" && !ids.empty()) {
    auto instrumentedModel = compile(*instrumented, threadCount);
    if (!instrumentedModel)
      return fail("compiling the calibration model: " +
                  llvm::toString(instrumentedModel.takeError()));
    // One array per input: NAME=file.npy by the input's name, or in order.
    const SmallVector<std::string> &names = instrumentedModel->inputNames;
    std::vector<std::optional<NpyArray>> calibration(names.size());
    std::vector<std::string> paths(names.size());
    size_t next = 0;
    for (const std::string &entry : calibrationData) {
      auto [prefix, rest] = StringRef(entry).split('=');
      auto named = llvm::find(names, prefix.str());
      bool byName = !rest.empty() && named != names.end();
      std::string path = byName ? rest.str() : entry;
      size_t index = byName ? named - names.begin() : next++;
      if (index >= names.size())
        return fail("--calibration-data " + entry + ": the model has " +
                    std::to_string(names.size()) + " input(s) (" +
                    llvm::join(names, ", ") + ")");
      if (calibration[index])
        return fail("--calibration-data gives input '" + names[index] +
                    "' twice");
      qmlir::Result<NpyArray> array = runtime::readNpy(path);
      if (!array)
        return fail(array.error());
      calibration[index] = std::move(*array);
      paths[index] = path;
    }
    SmallVector<const NpyArray *> arrays;
    for (size_t i = 0; i < names.size(); ++i) {
      if (!calibration[i])
        return fail("--calibration-data: no data for input '" + names[i] +
                    "' (give NAME=file.npy for each of " +
                    llvm::join(names, ", ") + ")");
      arrays.push_back(&*calibration[i]);
    }
    calibrationSamples =
        arrays[0]->shape.empty() ? int64_t(1) : arrays[0]->shape[0];
    runtime::CalibrationRecorder recorder(ids, histogramBins);
    runtime::setCalibrationRecorder(&recorder);
    std::vector<float> ignored;
    std::vector<double> calibrationMs;
    llvm::Error calibrated =
        runDataset(*instrumentedModel, arrays, paths, ignored, calibrationMs,
                   /*progress=*/true);
    runtime::setCalibrationRecorder(nullptr);
    if (calibrated)
      return fail("calibration: " + llvm::toString(std::move(calibrated)));
    stats.bins = histogramBins;
    stats.ids = recorder.ids();
    stats.stats = recorder.statistics();
    for (size_t i = 0; i < stats.ids.size(); ++i)
      if (stats.stats[i].nanCount || stats.stats[i].infCount)
        return fail("calibration data gives non-finite values at '" +
                    stats.ids[i] + "'");
    if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
            "qmlir-stats", "json", statsPath))
      return fail("cannot create a temporary stats file: " + ec.message());
    removeStats.emplace(statsPath);
    if (llvm::Error err = writeStatsFile(statsPath, stats))
      return fail(llvm::toString(std::move(err)));
  }

  // Sensitivity and automatic mixed precision: variants of the quantized
  // model against the float one on the evaluation data.
  std::vector<std::string> floatLayerList(floatLayers.begin(),
                                          floatLayers.end());
  std::vector<std::string> int16LayerList(int16Layers.begin(),
                                          int16Layers.end());
  std::optional<SensitivityReport> sensitivity;
  std::optional<PrecisionChoice> choice;
  if (analyze) {
    qmlir::Result<NpyArray> eval = runtime::readNpy(evalData);
    if (!eval)
      return fail(eval.error());
    OwningOpRef<ModuleOp> floatRun = quantizedFloat.clone();
    auto floatCompiled = compile(*floatRun, threadCount);
    if (!floatCompiled)
      return fail("compiling the float model: " +
                  llvm::toString(floatCompiled.takeError()));
    Evaluator evaluator;
    evaluator.floatModel = quantizedFloat;
    evaluator.statsPath = statsPath.str().str();
    evaluator.method = *rangeMethod;
    evaluator.activations = *activations;
    evaluator.weights = *weights;
    evaluator.weightBits = weightBits;
    evaluator.layers = layers;
    evaluator.eval = &*eval;
    evaluator.evalPath = evalData;
    evaluator.classes = floatCompiled->classes();
    evaluator.threads = threadCount;
    std::vector<double> ms;
    if (llvm::Error err = runDataset(*floatCompiled, *eval, evalData,
                                     evaluator.reference, ms, false))
      return fail(llvm::toString(std::move(err)));
    std::vector<int64_t> labelValues;
    double fp32Top1 = 0;
    if (!evalLabels.empty()) {
      int64_t rows = int64_t(evaluator.reference.size()) / evaluator.classes;
      auto labels = readLabels(evalLabels, rows);
      if (!labels)
        return fail(llvm::toString(labels.takeError()));
      labelValues = std::move(*labels);
      evaluator.labels = &labelValues;
      fp32Top1 =
          top1Percent(evaluator.reference, evaluator.classes, labelValues);
    }
    auto report = analyzeSensitivity(evaluator, layers, stats);
    if (!report)
      return fail("sensitivity: " + llvm::toString(report.takeError()));
    sensitivity = std::move(*report);
    sensitivity->print(llvm::outs());
    llvm::outs() << "\n";
    if (budget) {
      auto chosen = choosePrecision(evaluator, *sensitivity, *budget, fp32Top1);
      if (!chosen)
        return fail("auto-precision: " + llvm::toString(chosen.takeError()));
      choice = std::move(*chosen);
      const Precision &p = choice->precision;
      llvm::outs() << "auto-precision " << autoPrecision << ": "
                   << (choice->met ? "met" : "NOT met (every layer raised)")
                   << " with " << p.int16Layers.size()
                   << " 16-bit layer(s) and " << p.floatLayers.size()
                   << " float layer(s): SQNR "
                   << llvm::format("%.2f", choice->outcome.comparison.sqnrDb)
                   << " dB";
      if (choice->outcome.top1Percent)
        llvm::outs() << llvm::format(", top-1 %.2f%% (fp32 %.2f%%)",
                                     *choice->outcome.top1Percent, fp32Top1);
      llvm::outs() << "\n ";
      if (!p.int16Layers.empty())
        llvm::outs() << " --int16-layers=" << llvm::join(p.int16Layers, ",");
      if (!p.floatLayers.empty())
        llvm::outs() << " --float-layers=" << llvm::join(p.floatLayers, ",");
      llvm::outs() << "\n\n";
      llvm::append_range(floatLayerList, p.floatLayers);
      llvm::append_range(int16LayerList, p.int16Layers);
    }
  }

  // Quantize, fuse, lower.
  OwningOpRef<ModuleOp> int8Model = quantizedFloat.clone();
  QuantizePipelineOptions quantizeOptions;
  quantizeOptions.stats = statsPath.str().str();
  quantizeOptions.method = *rangeMethod;
  quantizeOptions.activations = *activations;
  quantizeOptions.weights = *weights;
  quantizeOptions.weightBits = weightBits;
  quantizeOptions.mode = *mode;
  quantizeOptions.floatLayers = floatLayerList;
  quantizeOptions.activationsFor = int16Specs(layers, int16LayerList);
  if (failed(runPasses(*int8Model, [&](OpPassManager &pm) {
        buildQuantizePipeline(pm, quantizeOptions);
        buildLowerToInt8LinalgPipeline(pm);
      })))
    return fail("quantizing " + modelFile + " failed");

  // The models compared: fp32, the pruned fp32 (with --prune), int8.
  struct Variant {
    std::string name, key; // the table's column, the JSON report's key
    ModuleOp module;
    int64_t bytes = 0, zstd = 0;
    std::optional<Compiled> compiled;
    std::vector<float> out;
    std::vector<double> ms;
  };
  std::vector<Variant> variants;
  variants.push_back({"fp32", "fp32", *floatModel, 0, 0, {}, {}, {}});
  if (prunedModel)
    variants.push_back(
        {"pruned fp32", "pruned_fp32", *prunedModel, 0, 0, {}, {}, {}});
  // The quantized model's column: int8, or 16x8 with 16-bit activations,
  // "w4" with 4-bit weights, "w8 only" / "w4 only" for weight-only
  // quantization; its JSON key stays "int8".
  std::string quantizedName =
      activations == ActivationScheme::S16 ? "16x8" : "int8";
  if (weightBits != 8)
    quantizedName += " w" + std::to_string(weightBits);
  if (quantMode == "weight-only")
    quantizedName = "w" + std::to_string(weightBits) + " only";
  if (quantMode == "dynamic")
    quantizedName = "dynamic";
  variants.push_back({quantizedName, "int8", *int8Model, 0, 0, {}, {}, {}});
  Variant &fp32 = variants.front(), &int8 = variants.back();
  int zstdLevel = 19;
  for (Variant &v : variants) {
    std::vector<uint8_t> blob = constantBlob(v.module);
    v.bytes = blob.size();
    if (&v == &fp32)
      zstdLevel = zstdLevelFor(blob.size());
    v.zstd = zstdBytes(blob, zstdLevel);
  }

  llvm::json::Object bytesJSON, zstdJSON;
  for (Variant &v : variants) {
    bytesJSON[v.key] = v.bytes;
    if (v.zstd >= 0)
      zstdJSON[v.key] = v.zstd;
  }
  llvm::json::Object summary{{"model", modelFile},
                             {"scheme", scheme},
                             {"method", method},
                             {"mode", quantMode.getValue()},
                             {"calibration_samples", calibrationSamples},
                             {"weights_bytes", std::move(bytesJSON)}};
  if (!zstdJSON.empty()) {
    summary["weights_zstd_bytes"] = std::move(zstdJSON);
    summary["weights_zstd_level"] = zstdLevel;
  }
  if (pruneReport)
    summary["prune"] = pruneReport->toJSON();
  if (!floatLayerList.empty())
    summary["float_layers"] = llvm::json::Array(floatLayerList);
  if (!int16LayerList.empty())
    summary["int16_layers"] = llvm::json::Array(int16LayerList);
  if (choice)
    summary["auto_precision"] = llvm::json::Object{
        {"budget", autoPrecision.getValue()},
        {"met", choice->met},
        {"int16_layers", llvm::json::Array(choice->precision.int16Layers)},
        {"float_layers", llvm::json::Array(choice->precision.floatLayers)}};

  // The table: one column per variant, then int8 against fp32.
  auto row = [&](StringRef label, ArrayRef<std::string> cells,
                 const std::string &ratio) {
    llvm::outs() << llvm::format("%-22s", label.str().c_str());
    for (const std::string &cell : cells)
      llvm::outs() << llvm::format(" %14s", cell.c_str());
    llvm::outs() << llvm::format(" %14s", ratio.c_str()) << "\n";
  };
  auto text = [](const char *format, auto... values) {
    return llvm::formatv("{0}", llvm::format(format, values...)).str();
  };
  auto perVariant = [&](auto cell) {
    std::vector<std::string> cells;
    for (Variant &v : variants)
      cells.push_back(cell(v));
    return cells;
  };
  llvm::outs() << "qmlir-quantize: " << modelFile << " -> " << outputFile;
  if (quantMode != "static")
    llvm::outs() << " (" << quantMode << ", " << weightBits << "-bit weights";
  else if (pinned && ids.empty())
    llvm::outs() << " (the QDQ model's own parameters";
  else if (pinned)
    llvm::outs() << " (the QDQ model's own parameters; " << ids.size()
                 << " activation(s) calibrated with scheme " << scheme
                 << ", method " << method;
  else
    llvm::outs() << " (scheme " << scheme << ", method " << method;
  if (pruneReport)
    llvm::outs() << ", pruned " << pruneSpec;
  llvm::outs() << ")\n\n";
  row("", perVariant([](Variant &v) { return v.name; }),
      quantizedName + " / fp32");
  if (pruneReport) {
    qnt::PruneLayerReport total = pruneReport->total();
    auto ratio = [](int64_t a, int64_t b) {
      return llvm::formatv("{0:f3}x",
                           double(a) / double(std::max<int64_t>(b, 1)))
          .str();
    };
    row("weights (non-zero)", perVariant([&](Variant &v) {
          return std::to_string(&v == &fp32 ? total.nonzeroBefore
                                            : total.nonzeroAfter);
        }),
        ratio(total.nonzeroAfter, total.nonzeroBefore));
    row("MACs", perVariant([&](Variant &v) {
          return std::to_string(&v == &fp32 ? total.macsBefore
                                            : total.macsAfter);
        }),
        ratio(total.macsAfter, total.macsBefore));
  }
  row("weights (bytes)",
      perVariant([](Variant &v) { return std::to_string(v.bytes); }),
      text("%.3fx", double(int8.bytes) / double(fp32.bytes)));
  if (fp32.zstd > 0)
    row(zstdLevel == 19
            ? "weights zstd (bytes)"
            : "weights zstd -" + std::to_string(zstdLevel) + " (bytes)",
        perVariant([](Variant &v) { return std::to_string(v.zstd); }),
        text("%.3fx", double(int8.zstd) / double(fp32.zstd)));
  if (!evalData.empty()) {
    qmlir::Result<NpyArray> eval = runtime::readNpy(evalData);
    if (!eval)
      return fail(eval.error());
    std::vector<OwningOpRef<ModuleOp>> runs;
    for (Variant &v : variants) {
      runs.push_back(v.module.clone());
      auto compiled = compile(*runs.back(), threadCount);
      if (!compiled)
        return fail("compiling the " + v.name +
                    " model: " + llvm::toString(compiled.takeError()));
      v.compiled = std::move(*compiled);
    }
    // Alternate the models over the data twice; the second pass is timed.
    for (int pass = 0; pass < 2; ++pass)
      for (Variant &v : variants)
        if (llvm::Error err =
                runDataset(*v.compiled, *eval, evalData, v.out, v.ms, false))
          return fail(llvm::toString(std::move(err)));
    int64_t batch = fp32.compiled->batch(), classes = fp32.compiled->classes();
    int64_t rows = int64_t(fp32.out.size()) / std::max<int64_t>(classes, 1);
    // Against fp32: output SQNR and top-1 agreement.
    auto against = [&](Variant &v, Variant &reference) {
      return compare(v.out, reference.out, classes);
    };
    Comparison int8Result = against(int8, fp32);
    llvm::json::Object evaluation{
        {"samples", rows},
        {"top1_agreement_percent", int8Result.agreementPercent}};
    if (!evalLabels.empty()) {
      auto labels = readLabels(evalLabels, rows);
      if (!labels)
        return fail(llvm::toString(labels.takeError()));
      llvm::json::Object top1;
      std::vector<double> accuracy;
      for (Variant &v : variants) {
        accuracy.push_back(top1Percent(v.out, classes, *labels));
        top1[v.key] = accuracy.back();
      }
      size_t i = 0;
      row("top-1 accuracy",
          perVariant([&](Variant &) { return text("%.2f%%", accuracy[i++]); }),
          text("%+.2f pts", accuracy.back() - accuracy.front()));
      evaluation["top1_percent"] = std::move(top1);
    }
    row("top-1 agreement", perVariant([&](Variant &v) {
          return &v == &fp32
                     ? std::string()
                     : text("%.2f%%", against(v, fp32).agreementPercent);
        }),
        "");
    row("output SQNR", perVariant([&](Variant &v) {
          return &v == &fp32 ? std::string()
                             : text("%.2f dB", against(v, fp32).sqnrDb);
        }),
        "");
    llvm::json::Object latency;
    for (Variant &v : variants)
      latency[v.key] = median(v.ms) / batch;
    row("latency / sample", perVariant([&](Variant &v) {
          return text("%.4f ms", median(v.ms) / batch);
        }),
        text("%.2fx", median(int8.ms) / median(fp32.ms)));
    if (prunedModel) {
      Variant &pruned = variants[1];
      // The pruning's effect, and the quantization's alone (int8 against the
      // pruned float model it was quantized from).
      Comparison prunedResult = against(pruned, fp32);
      double quantSqnr = against(int8, pruned).sqnrDb;
      row("int8 vs pruned fp32", {"", "", text("%.2f dB", quantSqnr)}, "");
      if (std::isfinite(prunedResult.sqnrDb))
        evaluation["pruned_output_sqnr_db"] = prunedResult.sqnrDb;
      if (std::isfinite(quantSqnr))
        evaluation["int8_vs_pruned_sqnr_db"] = quantSqnr;
      evaluation["pruned_top1_agreement_percent"] =
          prunedResult.agreementPercent;
    }
    if (std::isfinite(int8Result.sqnrDb))
      evaluation["output_sqnr_db"] = int8Result.sqnrDb;
    evaluation["latency_ms_per_sample"] = std::move(latency);
    summary["evaluation"] = std::move(evaluation);
  }
  // The int8 module (or its object code) is written once everything else
  // has succeeded, so a failing evaluation leaves no output.
  if (outputKind == OutputKind::Mlir) {
    if (llvm::Error err = llvm::writeToOutput(
            outputFile, [&](llvm::raw_ostream &os) -> llvm::Error {
              int8Model->print(os);
              return llvm::Error::success();
            }))
      return fail("cannot write " + outputFile + ": " +
                  llvm::toString(std::move(err)));
  } else {
    OwningOpRef<ModuleOp> lowered = int8Model->clone();
    AotOptions aot;
    aot.prefix =
        cPrefix.empty() ? prefixFromPath(outputFile) : cPrefix.getValue();
    aot.targetCpu = targetCpu;
    aot.sourceName = llvm::sys::path::filename(modelFile).str();
    aot.parallel = parallelKernels;
    auto artifact = compileToObject(*lowered, aot);
    if (!artifact)
      return fail("compiling " + outputFile + ": " +
                  llvm::toString(artifact.takeError()));
    std::string bytes = artifact->object;
    if (outputKind == OutputKind::SharedLibrary) {
      auto library = linkSharedLibrary(
          *artifact, findAotRuntimeLibrary(argv[0], (void *)&fail));
      if (!library)
        return fail(llvm::toString(library.takeError()));
      bytes = std::move(*library);
    }
    std::string header =
        cHeader.empty() ? headerPathFor(outputFile) : cHeader.getValue();
    if (llvm::Error err = llvm::writeToOutput(
            header, [&](llvm::raw_ostream &os) -> llvm::Error {
              os << artifact->header;
              return llvm::Error::success();
            }))
      return fail("cannot write " + header + ": " +
                  llvm::toString(std::move(err)));
    if (llvm::Error err = llvm::writeToOutput(
            outputFile, [&](llvm::raw_ostream &os) -> llvm::Error {
              os << bytes;
              return llvm::Error::success();
            })) {
      llvm::sys::fs::remove(header);
      return fail("cannot write " + outputFile + ": " +
                  llvm::toString(std::move(err)));
    }
  }
  auto write = [&](const std::string &path,
                   llvm::function_ref<void(llvm::raw_ostream &)> print) {
    if (path.empty())
      return true;
    if (llvm::Error err = llvm::writeToOutput(
            path, [&](llvm::raw_ostream &os) -> llvm::Error {
              print(os);
              return llvm::Error::success();
            })) {
      fail("cannot write " + path + ": " + llvm::toString(std::move(err)));
      return false;
    }
    return true;
  };
  llvm::json::Value value(std::move(summary));
  if (!write(reportFile, [&](llvm::raw_ostream &os) {
        os << llvm::formatv("{0:2}", value) << "\n";
      }))
    return 1;
  if (sensitivity && (!write(sensitivityFile, [&](llvm::raw_ostream &os) {
        os << llvm::formatv("{0:2}", sensitivity->toJSON()) << "\n";
      }) || !write(sensitivityChart, [&](llvm::raw_ostream &os) {
        os << sensitivity->chartSVG();
      })))
    return 1;
  return 0;
}
