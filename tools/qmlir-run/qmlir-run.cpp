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
#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Execution/Jit.h"
#include "qmlir/Frontend/LoadModel.h"
#include "qmlir/InitAll.h"
#include "qmlir/Pipelines/Pipelines.h"
#include "qmlir/Reference/Interpreter.h"
#include "qmlir/Runtime/Calibration.h"
#include "qmlir/Runtime/Npy.h"
#include "qmlir/Support/CommandLine.h"
#include "qmlir/Support/InputLimits.h"
#include "qmlir/Support/StatsFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>

using namespace mlir;
using namespace qmlir;
using runtime::DType;
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

/// The name of arguments and results (ONNX input/output names).
static constexpr llvm::StringLiteral kNameAttr = "qmlir.name";

namespace {

/// Prints "qmlir-run: error: <message>" and returns exit code 1.
int fail(const llvm::Twine &message) {
  llvm::errs() << "qmlir-run: error: " << message << "\n";
  return 1;
}

/// One tensor of the entry function's signature.
struct TensorSlot {
  std::string name;
  RankedTensorType type;
  DType dtype;
  /// Static shape of one batch.
  SmallVector<int64_t> shape;
  int64_t batchBytes = 0;
};

/// Element `i` of a buffer of `dtype` as a double, and back.
static double loadElement(const char *data, DType dtype, int64_t i) {
  auto read = [&](auto tag) {
    decltype(tag) v;
    std::memcpy(&v, data + i * sizeof(v), sizeof(v));
    return double(v);
  };
  switch (dtype) {
  case DType::F32:
    return read(float());
  case DType::F64:
    return read(double());
  case DType::I8:
    return read(int8_t());
  case DType::U8:
  case DType::Bool:
    return read(uint8_t());
  case DType::I16:
    return read(int16_t());
  case DType::U16:
  case DType::F16:
    return read(uint16_t());
  case DType::I32:
    return read(int32_t());
  case DType::I64:
    return read(int64_t());
  }
  return 0.0;
}

static void storeElement(char *data, DType dtype, int64_t i, double value) {
  auto write = [&](auto v) {
    std::memcpy(data + i * sizeof(v), &v, sizeof(v));
  };
  switch (dtype) {
  case DType::F32:
    return write(float(value));
  case DType::F64:
    return write(value);
  case DType::I8:
    return write(int8_t(int64_t(value)));
  case DType::U8:
  case DType::Bool:
    return write(uint8_t(int64_t(value)));
  case DType::I16:
    return write(int16_t(int64_t(value)));
  case DType::U16:
  case DType::F16:
    return write(uint16_t(int64_t(value)));
  case DType::I32:
    return write(int32_t(int64_t(value)));
  case DType::I64:
    return write(int64_t(value));
  }
}

std::optional<DType> dtypeOf(Type element) {
  if (element.isF32())
    return DType::F32;
  if (element.isF64())
    return DType::F64;
  if (element.isF16())
    return DType::F16;
  if (auto integer = dyn_cast<IntegerType>(element)) {
    bool isUnsigned = integer.isUnsigned();
    switch (integer.getWidth()) {
    case 1:
      return DType::Bool;
    case 8:
      return isUnsigned ? DType::U8 : DType::I8;
    case 16:
      return isUnsigned ? DType::U16 : DType::I16;
    case 32:
      return isUnsigned ? std::nullopt : std::optional<DType>(DType::I32);
    case 64:
      return isUnsigned ? std::nullopt : std::optional<DType>(DType::I64);
    default:
      return std::nullopt;
    }
  }
  return std::nullopt;
}

/// Whether a file of `given` dtype may feed a tensor of `expected` dtype: the
/// same, or the same width with a signless integer type.
bool dtypeAccepts(DType expected, DType given, Type element) {
  if (expected == given)
    return true;
  if (!element.isSignlessInteger())
    return false;
  return (expected == DType::I8 && given == DType::U8) ||
         (expected == DType::I16 && given == DType::U16);
}

std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

/// Replaces characters outside [A-Za-z0-9_.-] by '_'.
std::string sanitize(StringRef name) {
  std::string out = name.str();
  for (char &c : out)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' &&
        c != '-')
      c = '_';
  if (out.empty() || out == "." || out == "..")
    out = "_" + out;
  return out;
}

FailureOr<TensorSlot> makeSlot(func::FuncOp func, Type type, StringAttr name,
                               const std::string &what, std::string &error) {
  TensorSlot slot;
  slot.name = name ? name.getValue().str() : "";
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape()) {
    error = what + " of @" + func.getName().str() + " has type " +
            typeString(type) + "; qmlir-run needs statically shaped tensors";
    return failure();
  }
  std::optional<DType> dtype = dtypeOf(tensor.getElementType());
  if (!dtype) {
    error = what + " has element type " + typeString(tensor.getElementType()) +
            ", which has no .npy equivalent here";
    return failure();
  }
  slot.type = tensor;
  slot.dtype = *dtype;
  slot.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  int64_t elements = 1;
  for (int64_t dim : tensor.getShape())
    if (llvm::MulOverflow(elements, dim, elements)) {
      error = what + " of @" + func.getName().str() + " (" + typeString(type) +
              ") has more elements than int64 counts";
      return failure();
    }
  std::optional<uint64_t> bytes =
      qmlir::tensorBytes(elements, 8 * runtime::dtypeSize(*dtype));
  if (!bytes || *bytes > qmlir::physicalMemoryBytes()) {
    error = what + " of @" + func.getName().str() + " (" + typeString(type) +
            ") is larger than this machine's memory";
    return failure();
  }
  slot.batchBytes = *bytes;
  return slot;
}

/// Progress of a dataset run on stderr: a bar on a terminal, else a line per
/// tenth.
class Progress {
public:
  Progress(int64_t total, int64_t samplesPerBatch)
      : total(total), samplesPerBatch(samplesPerBatch),
        terminal(llvm::sys::Process::StandardErrIsDisplayed()),
        start(qmlir_rt_now_ns()) {}

  void update(int64_t done) {
    if (total <= 1)
      return;
    double seconds = (qmlir_rt_now_ns() - start) * 1e-9;
    double rate = seconds > 0 ? done * samplesPerBatch / seconds : 0.0;
    double eta = done > 0 ? seconds * (total - done) / done : 0.0;
    if (terminal) {
      // Redraw at most ten times a second, and at the end.
      int64_t now = qmlir_rt_now_ns();
      if (done != total && now - lastDraw < 100000000)
        return;
      lastDraw = now;
      int width = 30, filled = static_cast<int>(width * done / total);
      llvm::errs() << "\r[" << std::string(filled, '=')
                   << std::string(width - filled, ' ') << "] " << done << "/"
                   << total << " batches  "
                   << llvm::format("%.1f samples/s  ETA %.0fs   ", rate, eta);
      if (done == total)
        llvm::errs() << "\n";
      return;
    }
    int64_t tenth = done * 10 / total;
    if (tenth != lastTenth || done == total) {
      lastTenth = tenth;
      llvm::errs() << "qmlir-run: " << done << "/" << total << " batches, "
                   << llvm::format("%.1f samples/s", rate) << "\n";
    }
  }

private:
  int64_t total, samplesPerBatch;
  bool terminal;
  int64_t start;
  int64_t lastTenth = -1;
  int64_t lastDraw = 0;
};

/// qmlir-run --merge-stats a.json b.json ... -o all.json
int mergeStatsFiles() {
  if (mergedOutput.empty())
    return fail("--merge-stats needs -o FILE for the merged statistics");
  if (positionalFiles.size() < 2)
    return fail("--merge-stats needs at least two stats files");
  auto merged = readStatsFile(positionalFiles[0]);
  if (!merged)
    return fail(llvm::toString(merged.takeError()));
  for (size_t i = 1; i < positionalFiles.size(); ++i) {
    auto shard = readStatsFile(positionalFiles[i]);
    if (!shard)
      return fail(llvm::toString(shard.takeError()));
    if (llvm::Error err = mergeStats(*merged, *shard, positionalFiles[i]))
      return fail(llvm::toString(std::move(err)));
  }
  if (llvm::Error err = writeStatsFile(mergedOutput, *merged))
    return fail(llvm::toString(std::move(err)));
  return 0;
}

/// qmlir-run --ranges stats.json --method M [--method-for ID=M ...]
int printRanges() {
  if (positionalFiles.size() != 1)
    return fail("--ranges takes one stats file");
  auto stats = readStatsFile(positionalFiles[0]);
  if (!stats)
    return fail(llvm::toString(stats.takeError()));
  qmlir::quant::RangeOptions defaults;
  auto method = qmlir::quant::parseRangeMethod(rangeMethod);
  if (!method)
    return fail("--method: " + method.error());
  defaults.method = *method;
  defaults.symmetric = symmetricRanges;
  defaults.percentile = percentile;
  defaults.bits = rangeBits;
  llvm::StringMap<qmlir::quant::RangeMethod> perId;
  for (const std::string &spec : methodFor) {
    size_t eq = spec.rfind('=');
    if (eq == std::string::npos)
      return fail("--method-for '" + spec + "': expected ID=METHOD");
    std::string id = spec.substr(0, eq);
    auto m = qmlir::quant::parseRangeMethod(spec.substr(eq + 1));
    if (!m)
      return fail("--method-for '" + spec + "': " + m.error());
    if (!stats->find(id))
      return fail("--method-for '" + spec + "': " + positionalFiles[0] +
                  " has no id '" + id + "'");
    perId[id] = *m;
  }
  llvm::outs() << llvm::format("%-40s %12s %12s %12s %-10s %12s %12s\n", "id",
                               "count", "min", "max", "method", "lo", "hi");
  bool failedAny = false;
  for (size_t i = 0; i < stats->ids.size(); ++i) {
    qmlir::quant::RangeOptions options = defaults;
    auto it = perId.find(stats->ids[i]);
    if (it != perId.end())
      options.method = it->second;
    const qmlir::quant::TensorStatistics &s = stats->stats[i];
    auto range = qmlir::quant::computeRange(s, options);
    if (!range) {
      llvm::errs() << "qmlir-run: error: id '" << stats->ids[i]
                   << "': " << range.error() << "\n";
      failedAny = true;
      continue;
    }
    llvm::outs() << llvm::format(
        "%-40s %12llu %12.6g %12.6g %-10s %12.6g "
        "%12.6g\n",
        stats->ids[i].c_str(), static_cast<unsigned long long>(s.count), s.min,
        s.max, qmlir::quant::rangeMethodName(options.method), range->lo,
        range->hi);
  }
  return failedAny ? 1 : 0;
}

/// Inserts calibration markers into a model that has none: the ONNX
/// conversion and layout clean-up first, so that markers sit on the NHWC
/// activations the quantized model will have.
LogicalResult instrument(ModuleOp module) {
  bool hasMarkers = false;
  module.walk([&](qnt::CalibrateOp) { hasMarkers = true; });
  if (hasMarkers)
    return success();
  PassManager pm(module.getContext());
  addImportCleanupPasses(pm);
  pm.addNestedPass<func::FuncOp>(createQNTInsertCalibration());
  if (failed(pm.run(module)))
    return failure();
  unsigned count = 0;
  module.walk([&](qnt::CalibrateOp) { ++count; });
  llvm::errs() << "qmlir-run: inserted " << count << " calibration markers\n";
  return success();
}

} // namespace

/// One batch through the reference interpreter (--reference).
static llvm::Error interpretBatch(func::FuncOp func, ArrayRef<TensorSlot> args,
                                  ArrayRef<TensorSlot> results,
                                  ArrayRef<NpyArray> inputs,
                                  MutableArrayRef<NpyArray> outputs,
                                  int64_t batch) {
  std::vector<qmlir::reference::Tensor> tensors;
  for (auto [slot, array] : llvm::zip(args, inputs)) {
    qmlir::reference::Tensor t;
    t.shape.assign(slot.shape.begin(), slot.shape.end());
    int64_t count = slot.batchBytes / runtime::dtypeSize(slot.dtype);
    const char *data = array.data.data() + batch * slot.batchBytes;
    for (int64_t i = 0; i < count; ++i)
      t.values.push_back(loadElement(data, array.dtype, i));
    tensors.push_back(std::move(t));
  }
  FailureOr<std::vector<qmlir::reference::Tensor>> outs =
      qmlir::reference::run(func, tensors);
  if (failed(outs))
    return llvm::createStringError("the reference interpreter failed");
  for (auto [i, slot] : llvm::enumerate(results)) {
    char *data = outputs[i].data.data() + batch * slot.batchBytes;
    const std::vector<double> &values = (*outs)[i].values;
    for (size_t j = 0; j < values.size(); ++j)
      storeElement(data, slot.dtype, j, values[j]);
  }
  return llvm::Error::success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerAllPasses();
  qmlir::registerAllPasses();
  // --stats FILE / --stats=FILE / -stats ... is --calibration-stats.
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
  std::vector<const char *> arguments;
  for (const std::string &arg : rewritten)
    arguments.push_back(arg.c_str());
  qmlir::showOnlyToolOptions({&runCategory, &calibrationCategory});
  cl::ParseCommandLineOptions(
      static_cast<int>(arguments.size()), arguments.data(),
      "qmlir-run: compile a model with qmlir and run it on .npy inputs\n");
  qmlir_rt_request_amx_permission();

  if (printTarget) {
    CodegenPipelineOptions options;
    if (failed(options.parseFromString(pipelineOptions)))
      return fail("invalid --pipeline-options '" + pipelineOptions + "'");
    llvm::Expected<TargetDescription> target =
        resolveTarget(options.targetCpu, options.targetFeatures);
    if (!target)
      return fail(llvm::toString(target.takeError()));
    llvm::outs() << target->summary();
    return 0;
  }
  if (mergeStatsMode)
    return mergeStatsFiles();
  if (rangesMode)
    return printRanges();
  if (positionalFiles.size() != 1)
    return fail("expected one model file, got " +
                std::to_string(positionalFiles.size()));
  const std::string &inputFilename = positionalFiles[0];
  if (calibrate && statsFile.empty())
    return fail("--calibrate needs --stats FILE for the statistics");
  if (!calibrate && !statsFile.empty())
    return fail("--stats is written by a calibration run (--calibrate)");
  if (useReference && (calibrate || timeRuns))
    return fail("--reference runs the interpreter: it cannot be combined with "
                "--calibrate or --time");
  if (std::string bad = qmlir::quant::Histogram::checkBins(histogramBins);
      !bad.empty())
    return fail("--histogram-bins " + bad);
  if (repeat == 0)
    return fail("--repeat must be at least 1");
  if (outputDir.empty() && !timeRuns && !calibrate)
    return fail("no --output-dir given (and no --time): nothing to do");

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
      loadModel(inputFilename, &context, sourceMgr, loadOptions);
  if (!module)
    return fail("cannot read the model " + inputFilename);

  if (calibrate && failed(instrument(*module)))
    return fail("cannot insert calibration markers into " + inputFilename);

  if (!calibrate) {
    // An imported model converts to TOSA first, so that an unsupported op
    // stops the run with the conversion's errors (one per op type), not in
    // the lowering to LLVM.
    bool imported = false;
    module->walk([&](Operation *op) {
      imported |= op->getName().getStringRef() == "onnx.node";
    });
    if (imported) {
      PassManager pm(&context);
      addImportCleanupPasses(pm);
      if (failed(pm.run(*module)))
        return fail("cannot convert " + inputFilename +
                    " to TOSA (the errors above name the ops)");
    }
    // A QDQ model runs on integer code when it pins every parameter; else
    // its quantize/dequantize pairs are simulated in float.
    size_t unpinned = 0;
    if (failed(quantizePinnedModel(*module, &unpinned)))
      return fail("cannot quantize the QDQ model " + inputFilename);
    if (unpinned)
      llvm::errs() << "qmlir-run: note: " << unpinned
                   << " activation(s) of the QDQ model have no quantization "
                      "parameters: its quantize/dequantize pairs run as float "
                      "simulations (qmlir-quantize with --calibration-data "
                      "gives integer code)\n";
  }

  auto func = module->lookupSymbol<func::FuncOp>(entryName);
  if (!func || func.isExternal())
    return fail("no function @" + entryName + " with a body in " +
                inputFilename);

  // The signature: inputs and results with names.
  std::string error;
  SmallVector<TensorSlot> args, results;
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
    auto name = func.getArgAttrOfType<StringAttr>(i, kNameAttr);
    auto slot =
        makeSlot(func, type, name, "argument #" + std::to_string(i), error);
    if (failed(slot))
      return fail(error);
    args.push_back(*slot);
  }
  for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
    auto name = func.getResultAttrOfType<StringAttr>(i, kNameAttr);
    auto slot =
        makeSlot(func, type, name, "result #" + std::to_string(i), error);
    if (failed(slot))
      return fail(error);
    results.push_back(*slot);
  }

  // Bind inputs by name or in order.
  SmallVector<std::string> bound(args.size());
  SmallVector<std::string> positional;
  for (const std::string &spec : inputSpecs) {
    size_t eq = spec.find('=');
    bool named = false;
    if (eq != std::string::npos) {
      std::string name = spec.substr(0, eq);
      for (auto [i, arg] : llvm::enumerate(args)) {
        if (arg.name != name)
          continue;
        if (!bound[i].empty())
          return fail("argument '" + name + "' is given twice");
        bound[i] = spec.substr(eq + 1);
        named = true;
      }
    }
    // NAME=file.npy naming no argument is an error unless the whole text is
    // an existing file (whose name has a '=').
    if (!named && eq != std::string::npos && !llvm::sys::fs::exists(spec)) {
      SmallVector<std::string> names;
      for (const TensorSlot &arg : args)
        if (!arg.name.empty())
          names.push_back("'" + arg.name + "'");
      return fail("--input " + spec + ": @" + entryName +
                  " has no argument named '" + spec.substr(0, eq) + "'" +
                  (names.empty()
                       ? std::string(" (its arguments have no names)")
                       : " (its arguments: " + llvm::join(names, ", ") + ")"));
    }
    if (!named)
      positional.push_back(spec);
  }
  size_t next = 0;
  for (std::string &path : bound)
    if (path.empty() && next < positional.size())
      path = positional[next++];
  if (next < positional.size())
    return fail("too many inputs: @" + entryName + " takes " +
                std::to_string(args.size()) + " argument(s); '" +
                positional[next] + "' is left over");
  for (auto [i, path] : llvm::enumerate(bound))
    if (path.empty())
      return fail("missing input for argument #" + std::to_string(i) +
                  (args[i].name.empty() ? "" : " '" + args[i].name + "'") +
                  " of type " + typeString(args[i].type));

  // --carry OUTPUT=INPUT: argument index -> result index.
  llvm::DenseMap<size_t, size_t> carried;
  for (const std::string &spec : carrySpecs) {
    std::pair<StringRef, StringRef> parts = StringRef(spec).split('=');
    StringRef out = parts.first, in = parts.second;
    auto arg = llvm::find_if(args, [&](const TensorSlot &s) {
      return !s.name.empty() && s.name == in;
    });
    auto result = llvm::find_if(results, [&](const TensorSlot &s) {
      return !s.name.empty() && s.name == out;
    });
    if (in.empty() || out.empty() || arg == args.end() ||
        result == results.end())
      return fail("--carry " + spec +
                  ": expected OUTPUT=INPUT naming a "
                  "result and an argument of @" +
                  entryName);
    if (arg->type != result->type)
      return fail("--carry " + spec + ": result '" + out.str() + "' of type " +
                  typeString(result->type) + " cannot feed argument '" +
                  in.str() + "' of type " + typeString(arg->type));
    if (!carried.try_emplace(arg - args.begin(), result - results.begin())
             .second)
      return fail("--carry: argument '" + in.str() + "' is carried twice");
  }

  // Load and check inputs; find the number of batches.
  SmallVector<NpyArray> inputs;
  int64_t batches = -1;
  for (auto [i, path] : llvm::enumerate(bound)) {
    qmlir::Result<NpyArray> array = runtime::readNpy(path);
    if (!array)
      return fail(array.error());
    const TensorSlot &arg = args[i];
    std::string what = "argument #" + std::to_string(i) +
                       (arg.name.empty() ? "" : " '" + arg.name + "'");
    if (!dtypeAccepts(arg.dtype, array->dtype, arg.type.getElementType()))
      return fail(path + ": dtype " + runtime::dtypeName(array->dtype) +
                  " does not match " + what + " of type " +
                  typeString(arg.type) + " (expected " +
                  runtime::dtypeName(arg.dtype) + ")");
    if (!array->shape.empty() && array->shape[0] == 0 &&
        (arg.shape.empty() || arg.shape[0] != 0))
      return fail(path + ": holds no samples (shape " +
                  shapeString(array->shape) + ")");
    int64_t count = -1;
    if (array->shape ==
        std::vector<int64_t>(arg.shape.begin(), arg.shape.end()))
      count = 1;
    else if (!arg.shape.empty() && arg.shape[0] > 0 &&
             array->shape.size() == arg.shape.size() &&
             std::equal(arg.shape.begin() + 1, arg.shape.end(),
                        array->shape.begin() + 1) &&
             array->shape[0] % arg.shape[0] == 0 && array->shape[0] > 0)
      count = array->shape[0] / arg.shape[0];
    if (count < 0)
      return fail(
          path + ": shape " + shapeString(array->shape) + " does not match " +
          what + " of type " + typeString(arg.type) + " (expected " +
          shapeString(arg.shape) + ", or a multiple of it along axis 0)");
    if (carried.count(i)) {
      // The first batch's value; the others come from the previous batch.
      if (count != 1)
        return fail(path + ": holds " + std::to_string(count) +
                    " batches; a carried argument takes the first batch's "
                    "value only");
      inputs.push_back(std::move(*array));
      continue;
    }
    if (batches >= 0 && count != batches)
      return fail(path + ": holds " + std::to_string(count) +
                  " batches, but other inputs hold " + std::to_string(batches));
    batches = count;
    inputs.push_back(std::move(*array));
  }
  if (batches < 0)
    batches = 1;
  // A carried argument gets room for every batch: batch b's value is
  // copied from the previous batch's result before batch b runs.
  for (auto [argIndex, resultIndex] : carried)
    inputs[argIndex].data.resize(args[argIndex].batchBytes * batches);

  // The observer indices of the markers, read before compiling (compiled
  // code loaded from the cache leaves the module as it is).
  std::vector<std::string> calibrationIds;
  if (calibrate)
    calibrationIds = qnt::calibrationIds(*module);

  // Compile.
  int64_t compileStart = qmlir_rt_now_ns();
  CodegenPipelineOptions options;
  std::string optionText = pipelineOptions;
  if (!vectorize)
    optionText += " vectorize=false";
  if (failed(options.parseFromString(optionText)))
    return fail("invalid --pipeline-options '" + pipelineOptions + "'");
  std::optional<llvm::Expected<std::unique_ptr<JitModel>>> engine;
  if (!useReference) {
    JitCacheOptions cache;
    if (!noCache)
      cache.directory =
          cacheDir.empty() ? defaultJitCacheDirectory() : cacheDir.getValue();
    engine.emplace(compileJitModel(*module, entryName, options, cache));
    if (!*engine)
      return fail("compiling " + inputFilename + ": " +
                  llvm::toString(engine->takeError()));
    if (!(**engine)->cacheNote().empty())
      llvm::errs() << "qmlir-run: note: " << (**engine)->cacheNote() << "\n";
    setThreadCount(***engine, threadCount);
  }
  int64_t compileNs = qmlir_rt_now_ns() - compileStart;

  // Outputs: one buffer per result, all batches.
  SmallVector<NpyArray> outputs;
  for (const TensorSlot &result : results) {
    NpyArray array;
    array.dtype = result.dtype;
    array.shape.assign(result.shape.begin(), result.shape.end());
    if (batches > 1) {
      if (array.shape.empty())
        array.shape.push_back(batches);
      else
        array.shape[0] *= batches;
    }
    array.data.resize(result.batchBytes * batches);
    outputs.push_back(std::move(array));
  }

  SmallVector<MemRefDescriptor> descriptors;
  for (const TensorSlot &slot : args)
    descriptors.emplace_back(slot.shape);
  for (const TensorSlot &slot : results)
    descriptors.emplace_back(slot.shape);

  auto runBatch = [&](int64_t batch) -> llvm::Error {
    if (batch > 0)
      for (auto [argIndex, resultIndex] : carried)
        std::memcpy(inputs[argIndex].data.data() +
                        batch * args[argIndex].batchBytes,
                    outputs[resultIndex].data.data() +
                        (batch - 1) * results[resultIndex].batchBytes,
                    args[argIndex].batchBytes);
    if (useReference)
      return interpretBatch(func, args, results, inputs, outputs, batch);
    for (size_t i = 0; i < args.size(); ++i)
      descriptors[i].setData(inputs[i].data.data() +
                             batch * args[i].batchBytes);
    for (size_t i = 0; i < results.size(); ++i)
      descriptors[args.size() + i].setData(outputs[i].data.data() +
                                           batch * results[i].batchBytes);
    return callJit(***engine, entryName, descriptors);
  };

  if (timeRuns) {
    for (unsigned i = 0; i < warmup; ++i)
      if (llvm::Error err = runBatch(0))
        return fail("running @" + entryName + ": " +
                    llvm::toString(std::move(err)));
    std::vector<double> times;
    for (unsigned i = 0; i < repeat; ++i) {
      int64_t start = qmlir_rt_now_ns();
      if (llvm::Error err = runBatch(0))
        return fail("running @" + entryName + ": " +
                    llvm::toString(std::move(err)));
      times.push_back((qmlir_rt_now_ns() - start) * 1e-6);
    }
    std::sort(times.begin(), times.end());
    auto at = [&](double q) {
      return times[std::min(times.size() - 1,
                            static_cast<size_t>(q * (times.size() - 1) + 0.5))];
    };
    llvm::outs() << llvm::format("compile: %.1f ms%s\n", compileNs * 1e-6,
                                 !useReference && (**engine)->loadedFromCache()
                                     ? " (cached)"
                                     : "")
                 << llvm::format(
                        "latency per batch (%zu runs): median %.3f ms, "
                        "p10 %.3f ms, p90 %.3f ms\n",
                        times.size(), at(0.5), at(0.1), at(0.9));
  }

  if (outputDir.empty() && !calibrate)
    return 0;

  std::unique_ptr<runtime::CalibrationRecorder> recorder;
  if (calibrate) {
    if (calibrationIds.empty())
      return fail(inputFilename + " has no activation to calibrate");
    recorder = std::make_unique<runtime::CalibrationRecorder>(
        std::move(calibrationIds), histogramBins);
    runtime::setCalibrationRecorder(recorder.get());
  }

  Progress progress(batches, args.empty()            ? 1
                             : args[0].shape.empty() ? 1
                                                     : args[0].shape[0]);
  for (int64_t batch = 0; batch < batches; ++batch) {
    if (llvm::Error err = runBatch(batch))
      return fail("running @" + entryName + ": " +
                  llvm::toString(std::move(err)));
    progress.update(batch + 1);
  }

  if (recorder) {
    runtime::setCalibrationRecorder(nullptr);
    CalibrationStats stats;
    stats.bins = histogramBins;
    stats.ids = recorder->ids();
    stats.stats = recorder->statistics();
    bool nonFinite = false;
    for (size_t i = 0; i < stats.ids.size(); ++i) {
      const qmlir::quant::TensorStatistics &s = stats.stats[i];
      if (!s.nanCount && !s.infCount)
        continue;
      nonFinite = true;
      llvm::errs() << "qmlir-run: " << (allowNonFinite ? "warning" : "error")
                   << ": calibration id '" << stats.ids[i]
                   << "': " << s.nanCount << " NaN and " << s.infCount
                   << " infinite values (left out of the statistics)\n";
    }
    if (nonFinite && !allowNonFinite)
      return fail("the data gives non-finite activations; no statistics "
                  "written (--allow-nonfinite writes them anyway)");
    if (llvm::Error err = writeStatsFile(statsFile, stats))
      return fail(llvm::toString(std::move(err)));
    llvm::errs() << "qmlir-run: " << stats.ids.size()
                 << " calibration ids observed over " << batches
                 << " batches; statistics in " << statsFile << "\n";
    if (outputDir.empty())
      return 0;
  }

  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
    return fail("cannot create " + outputDir + ": " + ec.message());
  std::vector<std::pair<std::string, const NpyArray *>> files;
  llvm::StringSet<> used;
  for (auto [i, result] : llvm::enumerate(results)) {
    std::string stem = result.name.empty() ? "result" + std::to_string(i)
                                           : sanitize(result.name);
    if (!used.insert(stem).second)
      stem += "_" + std::to_string(i);
    llvm::SmallString<256> path(outputDir);
    llvm::sys::path::append(path, stem + ".npy");
    files.emplace_back(path.str().str(), &outputs[i]);
  }
  std::string writeError = runtime::writeNpyFiles(files);
  if (!writeError.empty())
    return fail(writeError);
  return 0;
}
