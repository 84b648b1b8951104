//===- qmlir-run.cpp - Compile a model and run it on .npy data ------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// qmlir-run model.mlir --input x.npy [--input NAME=y.npy ...] --output-dir DIR
//           [--entry main] [--time [--repeat N] [--warmup W]]
//
// Compiles the entry function with the codegen pipeline, JIT-runs it with
// mlir::ExecutionEngine and writes one .npy per result. An input with more
// samples along axis 0 than the function's batch is run batch by batch and the
// outputs are concatenated along axis 0.
//
// Calibration (docs/Calibration.md):
//   qmlir-run --calibrate model.mlir --input calib.npy --stats stats.json
//   qmlir-run --merge-stats a.json b.json -o all.json
//   qmlir-run --ranges stats.json [--method M] [--method-for ID=M ...]
//
//===----------------------------------------------------------------------===//

#include "qmlir-c/Runtime.h"
#include "qmlir/Codegen/Target.h"
#include "qmlir/Compiler/Run.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Execution/Jit.h"
#include "qmlir/Frontend/LoadModel.h"
#include "qmlir/InitAll.h"
#include "qmlir/Support/CommandLine.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace qmlir;
using runtime::NpyArray;

namespace cl = llvm::cl;

static cl::OptionCategory runCategory("qmlir-run options");

static cl::list<std::string>
    positionalFiles(cl::Positional,
                    cl::desc("<model.mlir | model.onnx | stats.json ...>"),
                    cl::ZeroOrMore, cl::cat(runCategory));
static cl::list<std::string>
    inputShapes("input-shape", cl::desc(qmlir::kInputShapeOptionHelp),
                cl::value_desc("NAME=AxBxC|NAME=VALUE"), cl::cat(runCategory));
static cl::list<std::string> inputValues("input-value",
                                         cl::desc(qmlir::kInputValueOptionHelp),
                                         cl::value_desc("NAME=V[,V...]"),
                                         cl::cat(runCategory));
static cl::list<std::string>
    inputSpecs("input",
               cl::desc("Input .npy file, bound in argument order, or "
                        "NAME=file.npy to bind the argument named NAME"),
               cl::value_desc("[NAME=]file.npy"), cl::cat(runCategory));
static cl::list<std::string> carrySpecs(
    "carry",
    cl::desc("Run the batches in order as a stream, feeding result OUTPUT of "
             "each batch to argument INPUT of the next (a recurrent state); "
             "INPUT's file holds the first batch's value only (repeatable)"),
    cl::value_desc("OUTPUT=INPUT"), cl::cat(runCategory));
static cl::opt<std::string>
    outputDir("output-dir",
              cl::desc("Directory for the result .npy files (created)"),
              cl::value_desc("dir"), cl::cat(runCategory));
static cl::opt<std::string> entryName("entry", cl::desc("Function to run"),
                                      cl::init("main"), cl::cat(runCategory));
static cl::opt<bool> timeRuns("time",
                              cl::desc("Time the first batch: median, p10 and "
                                       "p90 latency, and the compile time"),
                              cl::cat(runCategory));
static cl::opt<unsigned> repeat("repeat", cl::desc("Timed runs with --time"),
                                cl::init(20), cl::cat(runCategory));
static cl::opt<unsigned> warmup("warmup",
                                cl::desc("Untimed runs before timing"),
                                cl::init(2), cl::cat(runCategory));
static cl::opt<bool> vectorize("vectorize",
                               cl::desc("Tile and vectorize (default on)"),
                               cl::init(true), cl::cat(runCategory));
static cl::opt<std::string>
    pipelineOptions("pipeline-options",
                    cl::desc("Extra options of qmlir-codegen-pipeline, e.g. "
                             "\"matmul-tile-sizes=8,32,1\""),
                    cl::init(""), cl::cat(runCategory));

static cl::opt<unsigned>
    threadCount("num-threads",
                cl::desc("Threads of the compiled code's parallel regions "
                         "(0: all cores)"),
                cl::init(0), cl::cat(runCategory));
static cl::opt<std::string>
    cacheDir("cache-dir",
             cl::desc("Folder of compiled code kept between runs (default: "
                      "$QMLIR_CACHE_DIR, else $XDG_CACHE_HOME/qmlir, else "
                      "~/.cache/qmlir)"),
             cl::value_desc("dir"), cl::cat(runCategory));
static cl::opt<bool>
    noCache("no-cache",
            cl::desc("Compile without reading or writing the cache"),
            cl::init(false), cl::cat(runCategory));
static cl::opt<bool> printTarget(
    "print-target",
    cl::desc("Print the target description of --pipeline-options' "
             "target-cpu (default: this machine) and the kernels it "
             "chooses, then exit"),
    cl::init(false), cl::cat(runCategory));

static cl::opt<bool> useReference(
    "reference",
    cl::desc("Run the scalar reference interpreter of the integer graph "
             "instead of compiled code (qnt ops on quantized values; no "
             "float compute ops)"),
    cl::init(false), cl::cat(runCategory));

static cl::OptionCategory calibrationCategory("Calibration");
static cl::opt<bool>
    calibrate("calibrate",
              cl::desc("Calibration run: observe the model's calibration "
                       "markers (inserted with qnt-insert-calibration when "
                       "there are none) over the dataset and write --stats"),
              cl::cat(calibrationCategory));
// Spelled --stats on the command line; LLVM owns the option name "stats"
// (its statistics flag), so main() rewrites --stats to this name before
// parsing.
static cl::opt<std::string> statsFile(
    "calibration-stats",
    cl::desc("The statistics file a calibration run writes (--stats FILE)"),
    cl::value_desc("stats.json"), cl::cat(calibrationCategory));
static cl::opt<unsigned>
    histogramBins("histogram-bins",
                  cl::desc("Histogram bins per calibration id"), cl::init(2048),
                  cl::cat(calibrationCategory));
static cl::opt<bool> allowNonFinite(
    "allow-nonfinite",
    cl::desc("Write the statistics even when the data gives NaN or "
             "infinite activations (they are counted and left out)"),
    cl::cat(calibrationCategory));
static cl::opt<bool> channelMoments(
    "channel-moments",
    cl::desc("Also write each id's channel moments (what qnt-prune "
             "reconstruct=true solves with; memory grows with channels "
             "squared)"),
    cl::cat(calibrationCategory));
static cl::opt<bool>
    mergeStatsMode("merge-stats",
                   cl::desc("Merge the positional stats files (shards of one "
                            "calibration) into -o"),
                   cl::cat(calibrationCategory));
static cl::opt<std::string> mergedOutput("o", cl::desc("Merged stats file"),
                                         cl::value_desc("all.json"),
                                         cl::cat(calibrationCategory));
static cl::opt<bool>
    rangesMode("ranges",
               cl::desc("Print the range of every id of the positional stats "
                        "file by --method"),
               cl::cat(calibrationCategory));
static cl::opt<std::string>
    rangeMethod("method",
                cl::desc("Range method: minmax, avg-minmax, percentile, "
                         "entropy, mse"),
                cl::init("minmax"), cl::cat(calibrationCategory));
static cl::list<std::string> methodFor("method-for",
                                       cl::desc("The range method of one id"),
                                       cl::value_desc("ID=METHOD"),
                                       cl::cat(calibrationCategory));
static cl::opt<bool> symmetricRanges("symmetric",
                                     cl::desc("Symmetric ranges [-t, t]"),
                                     cl::cat(calibrationCategory));
static cl::opt<double>
    percentile("percentile", cl::desc("Percentile of the percentile method"),
               cl::init(99.999), cl::cat(calibrationCategory));
static cl::opt<int> rangeBits("bits",
                              cl::desc("Bits of the quantized type (entropy "
                                       "levels, MSE steps)"),
                              cl::init(8), cl::cat(calibrationCategory));

/// Prints "qmlir-run: error: <message>" (each line of it) and returns 1.
static int fail(const llvm::Twine &message) {
  std::string text = message.str();
  SmallVector<StringRef> lines;
  StringRef(text).split(lines, '\n');
  for (StringRef line : lines)
    llvm::errs() << "qmlir-run: error: " << line << "\n";
  return 1;
}

static int fail(llvm::Error err) {
  return fail(llvm::toString(std::move(err)));
}

/// --print-target: the target of --pipeline-options' target-triple,
/// target-cpu and target-features.
static int printTargetDescription() {
  CodegenPipelineOptions options;
  // Checked in main.
  (void)options.parseFromString(pipelineOptions);
  llvm::Expected<TargetDescription> target = resolveTarget(
      options.targetCpu, options.targetFeatures, options.targetTriple);
  if (!target)
    return fail(target.takeError());
  llvm::outs() << target->summary();
  return 0;
}

/// --merge-stats a.json b.json ... -o all.json
static int mergeStatsCommand() {
  if (mergedOutput.empty())
    return fail("--merge-stats needs -o FILE for the merged statistics");
  if (positionalFiles.size() < 2)
    return fail("--merge-stats needs at least two stats files");
  if (llvm::Error err = mergeStatsFiles(positionalFiles, mergedOutput))
    return fail(std::move(err));
  return 0;
}

/// --ranges stats.json --method M [--method-for ID=M ...]
static int rangesCommand() {
  if (positionalFiles.size() != 1)
    return fail("--ranges takes one stats file");
  qmlir::quant::RangeOptions defaults;
  auto method = qmlir::quant::parseRangeMethod(rangeMethod);
  if (!method)
    return fail("--method: " + method.error());
  defaults.method = *method;
  defaults.symmetric = symmetricRanges;
  defaults.percentile = percentile;
  defaults.bits = rangeBits;
  if (llvm::Error err =
          printRanges(positionalFiles[0], defaults, methodFor, llvm::outs()))
    return fail(std::move(err));
  return 0;
}

/// --stats FILE / --stats=FILE / -stats ... is --calibration-stats.
static std::vector<std::string> renameStatsOption(int argc, char **argv) {
  std::vector<std::string> rewritten;
  for (int i = 0; i < argc; ++i) {
    StringRef arg = argv[i];
    if (arg == "--stats" || arg == "-stats")
      rewritten.push_back("--calibration-stats");
    else if (arg.consume_front("--stats=") || arg.consume_front("-stats="))
      rewritten.push_back(("--calibration-stats=" + arg).str());
    else
      rewritten.push_back(arg.str());
  }
  return rewritten;
}

/// What is wrong with the flags of a model run, or empty.
static std::string runFlagProblem() {
  if (positionalFiles.size() != 1)
    return "expected one model file, got " +
           std::to_string(positionalFiles.size());
  if (calibrate && statsFile.empty())
    return "--calibrate needs --stats FILE for the statistics";
  if (!calibrate && !statsFile.empty())
    return "--stats is written by a calibration run (--calibrate)";
  if (useReference && (calibrate || timeRuns))
    return "--reference runs the interpreter: it cannot be combined with "
           "--calibrate or --time";
  if (std::string bad = qmlir::quant::Histogram::checkBins(histogramBins);
      !bad.empty())
    return "--histogram-bins " + bad;
  if (repeat == 0)
    return "--repeat must be at least 1";
  if (outputDir.empty() && !timeRuns && !calibrate)
    return "no --output-dir given (and no --time): nothing to do";
  return "";
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerAllPasses();
  qmlir::registerAllPasses();
  std::vector<std::string> rewritten = renameStatsOption(argc, argv);
  std::vector<const char *> arguments;
  for (const std::string &arg : rewritten)
    arguments.push_back(arg.c_str());
  qmlir::showOnlyToolOptions({&runCategory, &calibrationCategory});
  cl::ParseCommandLineOptions(
      static_cast<int>(arguments.size()), arguments.data(),
      "qmlir-run: compile a model with qmlir and run it on .npy inputs\n");
  qmlir_rt_request_amx_permission();

  if (CodegenPipelineOptions parsed;
      failed(parsed.parseFromString(pipelineOptions)))
    return fail("invalid --pipeline-options '" + pipelineOptions + "'");
  if (printTarget)
    return printTargetDescription();
  if (mergeStatsMode)
    return mergeStatsCommand();
  if (rangesMode)
    return rangesCommand();
  if (std::string problem = runFlagProblem(); !problem.empty())
    return fail(problem);
  const std::string &modelFile = positionalFiles[0];

  DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  qmlir::registerAllDialects(registry);
  initializeJit(registry);
  MLIRContext context(registry);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  LoadModelOptions loadOptions;
  loadOptions.inputShapes.assign(inputShapes.begin(), inputShapes.end());
  loadOptions.inputValues.assign(inputValues.begin(), inputValues.end());
  OwningOpRef<ModuleOp> module =
      loadModel(modelFile, &context, sourceMgr, loadOptions);
  if (!module)
    return fail("cannot read the model " + modelFile);

  // A calibration run observes markers (inserted when there are none);
  // other runs take an imported or QDQ model to runnable form.
  std::vector<std::string> calibrationIds;
  if (calibrate) {
    bool marked = !qnt::calibrationIds(*module).empty();
    auto inserted = instrumentForCalibration(*module);
    if (!inserted)
      return fail(modelFile + ": " + llvm::toString(inserted.takeError()));
    if (!marked)
      llvm::errs() << "qmlir-run: inserted " << *inserted
                   << " calibration markers\n";
    // Read before compiling: a cache hit leaves the module unlowered.
    calibrationIds = qnt::calibrationIds(*module);
    if (calibrationIds.empty())
      return fail(modelFile + " has no activation to calibrate");
  } else {
    auto unpinned = prepareForRun(*module);
    if (!unpinned)
      return fail(modelFile + ": " + llvm::toString(unpinned.takeError()));
    if (*unpinned)
      llvm::errs() << "qmlir-run: note: " << *unpinned
                   << " activation(s) of the QDQ model have no quantization "
                      "parameters: its quantize/dequantize pairs run as float "
                      "simulations (qmlir-quantize with --calibration-data "
                      "gives integer code)\n";
  }

  // The signature and the data, checked before compiling.
  auto func = module->lookupSymbol<func::FuncOp>(entryName);
  if (!func || func.isExternal())
    return fail("no function @" + entryName + " with a body in " + modelFile);
  auto signature = describeSignature(func);
  if (!signature)
    return fail(signature.takeError());
  auto data = readRunData(*signature, entryName, inputSpecs, carrySpecs);
  if (!data)
    return fail(data.takeError());

  RunnerOptions options;
  options.entry = entryName;
  options.pipelineOptions = pipelineOptions;
  options.vectorize = vectorize;
  options.threads = threadCount;
  options.reference = useReference;
  if (!noCache)
    options.cache.directory =
        cacheDir.empty() ? defaultJitCacheDirectory() : cacheDir.getValue();
  auto runner = ModelRunner::create(*module, options);
  if (!runner)
    return fail("compiling " + modelFile + ": " +
                llvm::toString(runner.takeError()));
  if (!(*runner)->cacheNote().empty())
    llvm::errs() << "qmlir-run: note: " << (*runner)->cacheNote() << "\n";
  std::vector<NpyArray> outputs = (*runner)->makeOutputs(data->batches);

  if (timeRuns) {
    auto latency = (*runner)->time(*data, outputs, warmup, repeat);
    if (!latency)
      return fail("running @" + entryName + ": " +
                  llvm::toString(latency.takeError()));
    llvm::outs() << llvm::format("compile: %.1f ms%s\n", (*runner)->compileMs(),
                                 (*runner)->loadedFromCache() ? " (cached)"
                                                              : "")
                 << llvm::format("latency per batch (%zu runs): median %.3f "
                                 "ms, p10 %.3f ms, p90 %.3f ms\n",
                                 latency->runs, latency->medianMs,
                                 latency->p10Ms, latency->p90Ms);
  }
  const TensorSlot *first =
      signature->args.empty() ? nullptr : &signature->args.front();
  ProgressCallback progress = progressPrinter(
      llvm::errs(), "qmlir-run",
      !first || first->shape.empty() ? 1 : first->shape.front());

  if (calibrate) {
    RunCalibrationOptions calibration;
    calibration.histogramBins = histogramBins;
    calibration.allowNonFinite = allowNonFinite;
    calibration.channelMoments = channelMoments;
    calibration.progress = progress;
    calibration.warn = [](const llvm::Twine &message) {
      llvm::errs() << "qmlir-run: warning: " << message << "\n";
    };
    auto stats =
        calibrateRun(**runner, *data, outputs, calibrationIds, calibration);
    if (!stats)
      return fail(stats.takeError());
    if (llvm::Error err = writeStatsFile(statsFile, *stats))
      return fail(std::move(err));
    llvm::errs() << "qmlir-run: " << stats->ids.size()
                 << " calibration ids observed over " << data->batches
                 << " batches; statistics in " << statsFile << "\n";
  } else if (!outputDir.empty()) {
    if (llvm::Error err = (*runner)->run(*data, outputs, progress))
      return fail("running @" + entryName + ": " +
                  llvm::toString(std::move(err)));
  }
  if (outputDir.empty())
    return 0;
  if (llvm::Error err = writeResults(outputDir, *signature, outputs))
    return fail(std::move(err));
  return 0;
}
