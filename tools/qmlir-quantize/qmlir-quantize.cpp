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

#include "qmlir-c/Runtime.h"
#include "qmlir/Compiler/Compiler.h"
#include "qmlir/Compiler/Report.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
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
#include "qmlir/Transforms/Prune.h"

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

/// The calibration progress: a bar redrawn in place on a terminal, one
/// line at the end otherwise.
void drawProgress(int64_t done, int64_t total) {
  bool terminal = llvm::errs().is_displayed();
  if (terminal && (done == total || done % 16 == 0)) {
    int width = 30, filled = int(width * done / total);
    llvm::errs() << "\rqmlir-quantize: calibrating ["
                 << std::string(filled, '=') << std::string(width - filled, ' ')
                 << "] " << done << "/" << total;
  }
  if (done == total)
    llvm::errs() << (terminal ? "\n" : "") << "qmlir-quantize: calibrated on "
                 << total << " batches\n";
}

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

  QuantizeFlowOptions flowOptions;
  if (llvm::Error err = setScheme(flowOptions, scheme))
    return fail("--scheme: " + llvm::toString(std::move(err)));
  std::optional<ActivationScheme> activations = flowOptions.activations;
  std::optional<WeightGranularity> weights = flowOptions.weights;
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
  if (std::string bad = qmlir::quant::Histogram::checkBins(histogramBins);
      !bad.empty())
    return fail("--histogram-bins " + bad);
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
  RemarkSummary remarks(context, verbose, "qmlir-quantize", llvm::errs());

  // Import.
  LoadModelOptions loadOptions;
  loadOptions.inputShapes.assign(inputShapes.begin(), inputShapes.end());
  loadOptions.inputValues.assign(inputValues.begin(), inputValues.end());
  OwningOpRef<ModuleOp> model =
      loadModel(modelFile, &context, sourceMgr, loadOptions);
  if (!model)
    return fail("cannot read the model " + modelFile);
  auto prepared = prepareFloatModel(*model);
  if (!prepared)
    return fail(modelFile + ": " + llvm::toString(prepared.takeError()));
  OwningOpRef<ModuleOp> floatModel = std::move(*prepared);

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
  // A QDQ model pins its own parameters: only the activations it leaves
  // unpinned are calibrated, and without any there is no calibration run.
  auto stats = std::make_shared<CalibrationStats>();
  std::vector<QuantLayer> layers;
  int64_t calibrationSamples = 0;
  bool pinned = false;
  std::vector<std::string> ids;
  if (quantMode == "static") {
    auto plan = planCalibration(quantizedFloat);
    if (!plan)
      return fail(llvm::toString(plan.takeError()));
    layers = plan->layers;
    ids = plan->ids;
    pinned = plan->pinned;
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
    if (!ids.empty()) {
      std::vector<std::string> paths;
      auto arrays =
          readInputArrays(plan->inputNames,
                          std::vector<std::string>(calibrationData.begin(),
                                                   calibrationData.end()),
                          "--calibration-data", paths);
      if (!arrays)
        return fail(llvm::toString(arrays.takeError()));
      SmallVector<const NpyArray *> inputs;
      for (const NpyArray &array : *arrays)
        inputs.push_back(&array);
      calibrationSamples = inputs[0]->shape.empty() ? 1 : inputs[0]->shape[0];
      CalibrateOptions calibrateOptions;
      calibrateOptions.histogramBins = histogramBins;
      calibrateOptions.threads = threadCount;
      calibrateOptions.progress = drawProgress;
      auto calibrated = calibrate(*plan, inputs, paths, calibrateOptions);
      if (!calibrated)
        return fail(llvm::toString(calibrated.takeError()));
      *stats = std::move(*calibrated);
    }
  }

  // Sensitivity and automatic mixed precision: variants of the quantized
  // model against the float one on the evaluation data.
  std::vector<std::string> floatLayerList(floatLayers.begin(),
                                          floatLayers.end());
  std::vector<std::string> int16LayerList(int16Layers.begin(),
                                          int16Layers.end());
  flowOptions.mode = *mode;
  flowOptions.method = *rangeMethod;
  flowOptions.weightBits = weightBits;
  std::optional<PrecisionAnalysis> analysis;
  if (analyze) {
    auto analyzed = analyzePrecision(quantizedFloat, stats, flowOptions, layers,
                                     evalData, evalLabels, budget, threadCount);
    if (!analyzed)
      return fail(llvm::toString(analyzed.takeError()));
    analysis = std::move(*analyzed);
    analysis->print(llvm::outs(), autoPrecision);
    // A budget that cannot be met is a failure, not a model that misses it.
    if (analysis->choice && !analysis->choice->met)
      return fail("--auto-precision=" + autoPrecision +
                  " is not met even with every layer raised (the best is "
                  "above); nothing written");
    if (analysis->choice) {
      llvm::append_range(floatLayerList,
                         analysis->choice->precision.floatLayers);
      llvm::append_range(int16LayerList,
                         analysis->choice->precision.int16Layers);
    }
  }

  // Quantize, fuse, lower.
  flowOptions.floatLayers = floatLayerList;
  flowOptions.int16Layers = int16LayerList;
  auto quantized = quantizeModel(quantizedFloat, ids.empty() ? nullptr : stats,
                                 flowOptions, layers);
  if (!quantized)
    return fail(modelFile + ": " + llvm::toString(quantized.takeError()));
  OwningOpRef<ModuleOp> int8Model = std::move(*quantized);

  // The models side by side: the table on stdout, the same in --report.
  QuantizationSummary run;
  run.modelPath = modelFile;
  run.outputPath = outputFile;
  run.scheme = scheme;
  run.method = method;
  run.mode = quantMode;
  run.activations = *activations;
  run.weightBits = weightBits;
  run.calibrationSamples = calibrationSamples;
  run.pinned = pinned;
  run.calibratedIds = ids.size();
  run.floatModel = *floatModel;
  run.prunedModel = prunedModel ? *prunedModel : ModuleOp();
  run.quantizedModel = *int8Model;
  run.prune = pruneReport ? &*pruneReport : nullptr;
  run.pruneSpec = pruneSpec;
  run.floatLayers = floatLayerList;
  run.int16Layers = int16LayerList;
  run.choice = analysis && analysis->choice ? &*analysis->choice : nullptr;
  run.budget = autoPrecision;
  run.evalPath = evalData;
  run.evalLabelsPath = evalLabels;
  run.threads = threadCount;
  auto summary = reportQuantization(run, llvm::outs());
  if (!summary)
    return fail(llvm::toString(summary.takeError()));
  // The int8 module (or its object code) is written once everything else
  // has succeeded, so a failing evaluation leaves no output.
  if (outputKind == OutputKind::Mlir) {
    if (llvm::Error err = writeFile(
            outputFile, [&](llvm::raw_ostream &os) { int8Model->print(os); }))
      return fail(llvm::toString(std::move(err)));
  } else {
    AotOptions aot;
    aot.prefix =
        cPrefix.empty() ? prefixFromPath(outputFile) : cPrefix.getValue();
    aot.targetCpu = targetCpu;
    aot.sourceName = llvm::sys::path::filename(modelFile).str();
    aot.parallel = parallelKernels;
    bool shared = outputKind == OutputKind::SharedLibrary;
    if (llvm::Error err = writeCompiledModel(
            *int8Model, aot, outputFile,
            cHeader.empty() ? headerPathFor(outputFile) : cHeader.getValue(),
            shared,
            shared ? findAotRuntimeLibrary(argv[0], (void *)&fail) : ""))
      return fail(llvm::toString(std::move(err)));
  }
  auto write = [&](const std::string &path,
                   llvm::function_ref<void(llvm::raw_ostream &)> print) {
    if (path.empty())
      return true;
    if (llvm::Error err = writeFile(path, print)) {
      fail(llvm::toString(std::move(err)));
      return false;
    }
    return true;
  };
  llvm::json::Value value(std::move(*summary));
  if (!write(reportFile, [&](llvm::raw_ostream &os) {
        os << llvm::formatv("{0:2}", value) << "\n";
      }))
    return 1;
  if (analysis && (!write(sensitivityFile, [&](llvm::raw_ostream &os) {
        os << llvm::formatv("{0:2}", analysis->sensitivity.toJSON()) << "\n";
      }) || !write(sensitivityChart, [&](llvm::raw_ostream &os) {
        os << analysis->sensitivity.chartSVG();
      })))
    return 1;
  return 0;
}
