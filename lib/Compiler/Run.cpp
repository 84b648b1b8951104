//===- Run.cpp - Running a model on .npy data -----------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Compiler/Run.h"

#include "qmlir-c/Runtime.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Pipelines/Pipelines.h"
#include "qmlir/Reference/Interpreter.h"
#include "qmlir/Runtime/Calibration.h"
#include "qmlir/Support/InputLimits.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

using namespace mlir;
using namespace qmlir;
using runtime::DType;
using runtime::NpyArray;

/// The name of arguments and results (ONNX input/output names).
static constexpr llvm::StringLiteral kNameAttr = "qmlir.name";

static llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(message.str());
}

static std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

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

static std::optional<DType> dtypeOf(Type element) {
  if (element.isF32())
    return DType::F32;
  if (element.isF64())
    return DType::F64;
  if (element.isF16())
    return DType::F16;
  auto integer = dyn_cast<IntegerType>(element);
  if (!integer)
    return std::nullopt;
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

/// Whether a file of `given` dtype may feed a tensor of `expected` dtype: the
/// same, or the same width with a signless integer type.
static bool dtypeAccepts(DType expected, DType given, Type element) {
  if (expected == given)
    return true;
  if (!element.isSignlessInteger())
    return false;
  return (expected == DType::I8 && given == DType::U8) ||
         (expected == DType::I16 && given == DType::U16);
}

/// Replaces characters outside [A-Za-z0-9_.-] by '_'.
static std::string sanitize(StringRef name) {
  std::string out = name.str();
  for (char &c : out)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' &&
        c != '-')
      c = '_';
  if (out.empty() || out == "." || out == "..")
    out = "_" + out;
  return out;
}

static llvm::Expected<TensorSlot> makeSlot(func::FuncOp func, Type type,
                                           StringAttr name,
                                           const std::string &what) {
  std::string where = what + " of @" + func.getName().str();
  TensorSlot slot;
  slot.name = name ? name.getValue().str() : "";
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return error(where + " has type " + typeString(type) +
                 "; qmlir-run needs statically shaped tensors");
  std::optional<DType> dtype = dtypeOf(tensor.getElementType());
  if (!dtype)
    return error(what + " has element type " +
                 typeString(tensor.getElementType()) +
                 ", which has no .npy equivalent here");
  slot.type = tensor;
  slot.dtype = *dtype;
  slot.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  int64_t elements = 1;
  for (int64_t dim : tensor.getShape())
    if (llvm::MulOverflow(elements, dim, elements))
      return error(where + " (" + typeString(type) +
                   ") has more elements than int64 counts");
  std::optional<uint64_t> bytes =
      tensorBytes(elements, 8 * runtime::dtypeSize(*dtype));
  if (!bytes)
    return error(where + " (" + typeString(type) +
                 ") takes more bytes than int64 counts");
  if (*bytes > tensorBudgetBytes())
    return error(where + " (" + typeString(type) + ") takes " +
                 overBudgetMessage(*bytes));
  slot.batchBytes = *bytes;
  return slot;
}

llvm::Expected<Signature> qmlir::describeSignature(func::FuncOp func) {
  Signature signature;
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
    auto slot =
        makeSlot(func, type, func.getArgAttrOfType<StringAttr>(i, kNameAttr),
                 "argument #" + std::to_string(i));
    if (!slot)
      return slot.takeError();
    signature.args.push_back(std::move(*slot));
  }
  for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
    auto slot =
        makeSlot(func, type, func.getResultAttrOfType<StringAttr>(i, kNameAttr),
                 "result #" + std::to_string(i));
    if (!slot)
      return slot.takeError();
    signature.results.push_back(std::move(*slot));
  }
  return signature;
}

llvm::Expected<size_t> qmlir::prepareForRun(ModuleOp module) {
  bool imported = false;
  module->walk([&](Operation *op) {
    imported |= op->getName().getStringRef() == "onnx.node";
  });
  if (imported) {
    PassManager pm(module.getContext());
    addImportCleanupPasses(pm);
    if (failed(pm.run(module)))
      return error("cannot convert the model to TOSA (the errors above name "
                   "the ops)");
  }
  size_t unpinned = 0;
  if (failed(quantizePinnedModel(module, &unpinned)))
    return error("cannot quantize the QDQ model");
  return unpinned;
}

llvm::Expected<unsigned> qmlir::instrumentForCalibration(ModuleOp module) {
  bool hasMarkers = false;
  module.walk([&](qnt::CalibrateOp) { hasMarkers = true; });
  if (hasMarkers)
    return 0;
  PassManager pm(module.getContext());
  addImportCleanupPasses(pm);
  pm.addNestedPass<func::FuncOp>(createQNTInsertCalibration());
  if (failed(pm.run(module)))
    return error("cannot insert calibration markers");
  unsigned count = 0;
  module.walk([&](qnt::CalibrateOp) { ++count; });
  return count;
}

/// The file of each argument: NAME=file.npy by name, the others in order.
static llvm::Expected<std::vector<std::string>>
bindInputs(const Signature &signature, StringRef entry,
           ArrayRef<std::string> specs) {
  const auto &args = signature.args;
  std::vector<std::string> bound(args.size());
  std::vector<std::string> positional;
  for (const std::string &spec : specs) {
    size_t eq = spec.find('=');
    bool named = false;
    if (eq != std::string::npos) {
      std::string name = spec.substr(0, eq);
      for (auto [i, arg] : llvm::enumerate(args)) {
        if (arg.name != name)
          continue;
        if (!bound[i].empty())
          return error("argument '" + name + "' is given twice");
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
      return error("--input " + spec + ": @" + entry +
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
    return error("too many inputs: @" + entry + " takes " +
                 std::to_string(args.size()) + " argument(s); '" +
                 positional[next] + "' is left over");
  for (auto [i, path] : llvm::enumerate(bound))
    if (path.empty())
      return error("missing input for argument #" + std::to_string(i) +
                   (args[i].name.empty() ? "" : " '" + args[i].name + "'") +
                   " of type " + typeString(args[i].type));
  return bound;
}

/// --carry OUTPUT=INPUT: (argument, result) pairs.
static llvm::Error bindCarries(const Signature &signature, StringRef entry,
                               ArrayRef<std::string> specs, RunData &data) {
  const auto &args = signature.args;
  const auto &results = signature.results;
  for (const std::string &spec : specs) {
    auto [outName, inName] = StringRef(spec).split('=');
    StringRef out = outName, in = inName;
    auto arg = llvm::find_if(args, [&](const TensorSlot &s) {
      return !s.name.empty() && s.name == in;
    });
    auto result = llvm::find_if(results, [&](const TensorSlot &s) {
      return !s.name.empty() && s.name == out;
    });
    if (in.empty() || out.empty() || arg == args.end() ||
        result == results.end())
      return error("--carry " + spec +
                   ": expected OUTPUT=INPUT naming a result and an argument "
                   "of @" +
                   entry);
    if (arg->type != result->type)
      return error("--carry " + spec + ": result '" + out + "' of type " +
                   typeString(result->type) + " cannot feed argument '" + in +
                   "' of type " + typeString(arg->type));
    size_t argIndex = arg - args.begin();
    if (llvm::any_of(data.carried,
                     [&](auto pair) { return pair.first == argIndex; }))
      return error("--carry: argument '" + in + "' is carried twice");
    data.carried.emplace_back(argIndex, result - results.begin());
  }
  return llvm::Error::success();
}

llvm::Expected<RunData> qmlir::readRunData(const Signature &signature,
                                           StringRef entry,
                                           ArrayRef<std::string> inputs,
                                           ArrayRef<std::string> carries) {
  auto bound = bindInputs(signature, entry, inputs);
  if (!bound)
    return bound.takeError();
  RunData data;
  if (llvm::Error err = bindCarries(signature, entry, carries, data))
    return std::move(err);
  auto isCarried = [&](size_t i) {
    return llvm::any_of(data.carried,
                        [&](auto pair) { return pair.first == i; });
  };
  int64_t batches = -1;
  for (auto [i, path] : llvm::enumerate(*bound)) {
    Result<NpyArray> array = runtime::readNpy(path);
    if (!array)
      return error(array.error());
    const TensorSlot &arg = signature.args[i];
    std::string what = "argument #" + std::to_string(i) +
                       (arg.name.empty() ? "" : " '" + arg.name + "'");
    if (!dtypeAccepts(arg.dtype, array->dtype, arg.type.getElementType()))
      return error(path + ": dtype " + runtime::dtypeName(array->dtype) +
                   " does not match " + what + " of type " +
                   typeString(arg.type) + " (expected " +
                   runtime::dtypeName(arg.dtype) + ")");
    if (!array->shape.empty() && array->shape[0] == 0 &&
        (arg.shape.empty() || arg.shape[0] != 0))
      return error(path + ": holds no samples (shape " +
                   shapeString(array->shape) + ")");
    int64_t count = -1;
    if (ArrayRef<int64_t>(array->shape) == ArrayRef<int64_t>(arg.shape))
      count = 1;
    else if (!arg.shape.empty() && arg.shape[0] > 0 &&
             array->shape.size() == arg.shape.size() &&
             std::equal(arg.shape.begin() + 1, arg.shape.end(),
                        array->shape.begin() + 1) &&
             array->shape[0] % arg.shape[0] == 0 && array->shape[0] > 0)
      count = array->shape[0] / arg.shape[0];
    if (count < 0)
      return error(
          path + ": shape " + shapeString(array->shape) + " does not match " +
          what + " of type " + typeString(arg.type) + " (expected " +
          shapeString(arg.shape) + ", or a multiple of it along axis 0)");
    if (isCarried(i)) {
      // The first batch's value; the others come from the previous batch.
      if (count != 1)
        return error(path + ": holds " + std::to_string(count) +
                     " batches; a carried argument takes the first batch's "
                     "value only");
    } else {
      if (batches >= 0 && count != batches)
        return error(path + ": holds " + std::to_string(count) +
                     " batches, but other inputs hold " +
                     std::to_string(batches));
      batches = count;
    }
    data.inputs.push_back(std::move(*array));
    data.paths.push_back(path);
  }
  data.batches = std::max<int64_t>(batches, 1);
  // A carried argument gets room for every batch: batch b's value is copied
  // from the previous batch's result before batch b runs.
  for (auto [argIndex, resultIndex] : data.carried)
    data.inputs[argIndex].data.resize(signature.args[argIndex].batchBytes *
                                      data.batches);
  return std::move(data);
}

//===----------------------------------------------------------------------===//
// ModelRunner
//===----------------------------------------------------------------------===//

struct ModelRunner::Impl {
  std::string entry;
  /// The interpreted function (reference runs), else the compiled code.
  func::FuncOp func;
  std::unique_ptr<JitModel> jit;
  SmallVector<MemRefDescriptor> descriptors;
};

ModelRunner::~ModelRunner() = default;

llvm::Expected<std::unique_ptr<ModelRunner>>
ModelRunner::create(ModuleOp module, const RunnerOptions &options) {
  auto func = module.lookupSymbol<func::FuncOp>(options.entry);
  if (!func || func.isExternal())
    return error("no function @" + options.entry + " with a body");
  std::unique_ptr<ModelRunner> runner(new ModelRunner());
  auto signature = describeSignature(func);
  if (!signature)
    return signature.takeError();
  runner->slots = std::move(*signature);
  runner->impl = std::make_unique<Impl>();
  Impl &impl = *runner->impl;
  impl.entry = options.entry;
  for (const TensorSlot &slot : runner->slots.args)
    impl.descriptors.emplace_back(slot.shape);
  for (const TensorSlot &slot : runner->slots.results)
    impl.descriptors.emplace_back(slot.shape);
  if (options.reference) {
    impl.func = func;
    return std::move(runner);
  }
  CodegenPipelineOptions pipeline;
  if (failed(pipeline.parseFromString(options.pipelineOptions)))
    return error("invalid pipeline options '" + options.pipelineOptions + "'");
  if (!options.vectorize)
    pipeline.vectorize = false;
  int64_t start = qmlir_rt_now_ns();
  auto jit = compileJitModel(module, options.entry, pipeline, options.cache);
  if (!jit)
    return jit.takeError();
  impl.jit = std::move(*jit);
  setThreadCount(*impl.jit, options.threads);
  runner->compileMillis = (qmlir_rt_now_ns() - start) * 1e-6;
  return std::move(runner);
}

llvm::StringRef ModelRunner::cacheNote() const {
  return impl->jit ? impl->jit->cacheNote() : "";
}

bool ModelRunner::loadedFromCache() const {
  return impl->jit && impl->jit->loadedFromCache();
}

std::vector<NpyArray> ModelRunner::makeOutputs(int64_t batches) const {
  std::vector<NpyArray> outputs;
  for (const TensorSlot &result : slots.results) {
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
  return outputs;
}

llvm::Error ModelRunner::runBatch(RunData &data, std::vector<NpyArray> &outputs,
                                  int64_t batch) {
  const auto &args = slots.args;
  const auto &results = slots.results;
  if (batch > 0)
    for (auto [argIndex, resultIndex] : data.carried)
      std::memcpy(data.inputs[argIndex].data.data() +
                      batch * args[argIndex].batchBytes,
                  outputs[resultIndex].data.data() +
                      (batch - 1) * results[resultIndex].batchBytes,
                  args[argIndex].batchBytes);
  if (impl->jit) {
    for (size_t i = 0; i < args.size(); ++i)
      impl->descriptors[i].setData(data.inputs[i].data.data() +
                                   batch * args[i].batchBytes);
    for (size_t i = 0; i < results.size(); ++i)
      impl->descriptors[args.size() + i].setData(outputs[i].data.data() +
                                                 batch * results[i].batchBytes);
    return callJit(*impl->jit, impl->entry, impl->descriptors);
  }
  std::vector<reference::Tensor> tensors;
  for (auto [slot, array] : llvm::zip(args, data.inputs)) {
    reference::Tensor t;
    t.shape.assign(slot.shape.begin(), slot.shape.end());
    int64_t count = slot.batchBytes / runtime::dtypeSize(slot.dtype);
    const char *values = array.data.data() + batch * slot.batchBytes;
    for (int64_t i = 0; i < count; ++i)
      t.values.push_back(loadElement(values, array.dtype, i));
    tensors.push_back(std::move(t));
  }
  FailureOr<std::vector<reference::Tensor>> outs =
      reference::run(impl->func, tensors);
  if (failed(outs))
    return error("the reference interpreter failed");
  for (auto [i, slot] : llvm::enumerate(results)) {
    char *values = outputs[i].data.data() + batch * slot.batchBytes;
    for (auto [j, value] : llvm::enumerate((*outs)[i].values))
      storeElement(values, slot.dtype, j, value);
  }
  return llvm::Error::success();
}

llvm::Error
ModelRunner::setCalibrationRecorder(runtime::CalibrationRecorder *recorder) {
  if (!impl->jit)
    return error("calibration runs compiled code, not the interpreter");
  return qmlir::setCalibrationRecorder(*impl->jit, recorder);
}

llvm::Error ModelRunner::run(RunData &data, std::vector<NpyArray> &outputs,
                             const ProgressCallback &progress) {
  for (int64_t batch = 0; batch < data.batches; ++batch) {
    if (llvm::Error err = runBatch(data, outputs, batch))
      return err;
    if (progress)
      progress(batch + 1, data.batches);
  }
  return llvm::Error::success();
}

llvm::Expected<ModelRunner::Latency>
ModelRunner::time(RunData &data, std::vector<NpyArray> &outputs,
                  unsigned warmup, unsigned repeat) {
  if (repeat == 0)
    return error("timing needs at least one run");
  for (unsigned i = 0; i < warmup; ++i)
    if (llvm::Error err = runBatch(data, outputs, 0))
      return std::move(err);
  std::vector<double> times;
  for (unsigned i = 0; i < repeat; ++i) {
    int64_t start = qmlir_rt_now_ns();
    if (llvm::Error err = runBatch(data, outputs, 0))
      return std::move(err);
    times.push_back((qmlir_rt_now_ns() - start) * 1e-6);
  }
  std::sort(times.begin(), times.end());
  auto at = [&](double q) {
    return times[std::min(times.size() - 1,
                          static_cast<size_t>(q * (times.size() - 1) + 0.5))];
  };
  Latency latency;
  latency.runs = times.size();
  latency.medianMs = at(0.5);
  latency.p10Ms = at(0.1);
  latency.p90Ms = at(0.9);
  return latency;
}

//===----------------------------------------------------------------------===//
// Calibration
//===----------------------------------------------------------------------===//

llvm::Error qmlir::checkFiniteInputs(ArrayRef<const NpyArray *> inputs,
                                     ArrayRef<std::string> what) {
  for (auto [array, name] : llvm::zip(inputs, what)) {
    if (array->dtype != DType::F32 && array->dtype != DType::F64)
      continue;
    int64_t count = array->numElements();
    int64_t perSample = array->shape.empty() || array->shape[0] == 0
                            ? std::max<int64_t>(count, 1)
                            : count / array->shape[0];
    for (int64_t k = 0; k < count; ++k) {
      double value = loadElement(array->data.data(), array->dtype, k);
      if (!std::isfinite(value))
        return error(name + ": sample " + std::to_string(k / perSample) +
                     " holds a non-finite value (" + std::to_string(value) +
                     ")");
    }
  }
  return llvm::Error::success();
}

llvm::Error qmlir::checkFiniteStatistics(
    const CalibrationStats &stats, bool allowNonFinite,
    llvm::function_ref<void(const llvm::Twine &)> warn) {
  for (size_t i = 0; i < stats.ids.size(); ++i) {
    const quant::TensorStatistics &s = stats.stats[i];
    if (!s.nanCount && !s.infCount)
      continue;
    if (!allowNonFinite)
      return error("the model computes non-finite values at '" + stats.ids[i] +
                   "' from finite calibration data (non-finite or huge "
                   "weights, or a BatchNorm variance <= 0?)");
    if (warn)
      warn("calibration id '" + stats.ids[i] +
           "': " + std::to_string(s.nanCount) + " NaN and " +
           std::to_string(s.infCount) +
           " infinite values (left out of the statistics)");
  }
  return llvm::Error::success();
}

llvm::Expected<CalibrationStats>
qmlir::collectStatistics(const runtime::CalibrationRecorder &recorder,
                         unsigned bins, bool allowNonFinite,
                         const std::function<void(const llvm::Twine &)> &warn) {
  CalibrationStats stats;
  stats.bins = bins;
  stats.ids = recorder.ids();
  stats.stats = recorder.statistics();
  if (llvm::Error err = checkFiniteStatistics(stats, allowNonFinite,
                                              [&](const llvm::Twine &message) {
                                                if (warn)
                                                  warn(message);
                                              }))
    return std::move(err);
  return std::move(stats);
}

llvm::Expected<CalibrationStats>
qmlir::calibrateRun(ModelRunner &runner, RunData &data,
                    std::vector<NpyArray> &outputs, ArrayRef<std::string> ids,
                    const RunCalibrationOptions &options) {
  if (std::string bad = quant::Histogram::checkBins(options.histogramBins);
      !bad.empty())
    return error("histogram bins " + bad);
  if (ids.empty())
    return error("the model has no activation to calibrate");
  if (!options.allowNonFinite) {
    SmallVector<const NpyArray *> arrays;
    for (const NpyArray &array : data.inputs)
      arrays.push_back(&array);
    if (llvm::Error err = checkFiniteInputs(arrays, data.paths))
      return std::move(err);
  }
  runtime::CalibrationRecorder recorder(ids, options.histogramBins);
  recorder.setChannelMoments(options.channelMoments);
  if (llvm::Error err = runner.setCalibrationRecorder(&recorder))
    return std::move(err);
  llvm::Error ran = runner.run(data, outputs, options.progress);
  llvm::consumeError(runner.setCalibrationRecorder(nullptr));
  if (llvm::Error err = std::move(ran))
    return error("running the calibration: " + llvm::toString(std::move(err)));
  return collectStatistics(recorder, options.histogramBins,
                           options.allowNonFinite, options.warn);
}

//===----------------------------------------------------------------------===//
// Results and statistics files
//===----------------------------------------------------------------------===//

llvm::Error qmlir::writeResults(StringRef directory, const Signature &signature,
                                ArrayRef<NpyArray> outputs) {
  if (std::error_code ec = llvm::sys::fs::create_directories(directory))
    return error("cannot create " + directory + ": " + ec.message());
  std::vector<std::pair<std::string, const NpyArray *>> files;
  llvm::StringSet<> used;
  for (auto [i, result] : llvm::enumerate(signature.results)) {
    std::string stem = result.name.empty() ? "result" + std::to_string(i)
                                           : sanitize(result.name);
    if (!used.insert(stem).second)
      stem += "_" + std::to_string(i);
    llvm::SmallString<256> path(directory);
    llvm::sys::path::append(path, stem + ".npy");
    files.emplace_back(path.str().str(), &outputs[i]);
  }
  std::string writeError = runtime::writeNpyFiles(files);
  if (!writeError.empty())
    return error(writeError);
  return llvm::Error::success();
}

llvm::Error qmlir::mergeStatsFiles(ArrayRef<std::string> paths,
                                   StringRef output) {
  if (paths.size() < 2)
    return error("merging needs at least two stats files");
  auto merged = readStatsFile(paths[0]);
  if (!merged)
    return merged.takeError();
  for (const std::string &path : paths.drop_front()) {
    auto shard = readStatsFile(path);
    if (!shard)
      return shard.takeError();
    if (llvm::Error err = mergeStats(*merged, *shard, path))
      return err;
  }
  return writeStatsFile(output, *merged);
}

llvm::Error qmlir::printRanges(StringRef path,
                               const quant::RangeOptions &defaults,
                               ArrayRef<std::string> methodFor,
                               llvm::raw_ostream &os) {
  auto stats = readStatsFile(path);
  if (!stats)
    return stats.takeError();
  llvm::StringMap<quant::RangeMethod> perId;
  for (const std::string &spec : methodFor) {
    size_t eq = spec.rfind('=');
    if (eq == std::string::npos)
      return error("--method-for '" + spec + "': expected ID=METHOD");
    std::string id = spec.substr(0, eq);
    auto method = quant::parseRangeMethod(spec.substr(eq + 1));
    if (!method)
      return error("--method-for '" + spec + "': " + method.error());
    if (!stats->find(id))
      return error("--method-for '" + spec + "': " + path + " has no id '" +
                   id + "'");
    perId[id] = *method;
  }
  os << llvm::format("%-40s %12s %12s %12s %-10s %12s %12s\n", "id", "count",
                     "min", "max", "method", "lo", "hi");
  std::vector<std::string> failures;
  for (auto [id, s] : llvm::zip(stats->ids, stats->stats)) {
    quant::RangeOptions options = defaults;
    auto it = perId.find(id);
    if (it != perId.end())
      options.method = it->second;
    auto range = quant::computeRange(s, options);
    if (!range) {
      failures.push_back("id '" + id + "': " + range.error());
      continue;
    }
    os << llvm::format("%-40s %12llu %12.6g %12.6g %-10s %12.6g %12.6g\n",
                       id.c_str(), static_cast<unsigned long long>(s.count),
                       s.min, s.max, quant::rangeMethodName(options.method),
                       range->lo, range->hi);
  }
  if (!failures.empty())
    return error(llvm::join(failures, "\n"));
  return llvm::Error::success();
}

ProgressCallback qmlir::progressPrinter(llvm::raw_ostream &os, StringRef tool,
                                        int64_t samplesPerBatch) {
  struct State {
    bool terminal = llvm::sys::Process::StandardErrIsDisplayed();
    int64_t start = qmlir_rt_now_ns();
    int64_t lastTenth = -1;
    int64_t lastDraw = 0;
  };
  auto state = std::make_shared<State>();
  std::string name = tool.str();
  return [&os, state, name, samplesPerBatch](int64_t done, int64_t total) {
    if (total <= 1)
      return;
    int64_t now = qmlir_rt_now_ns();
    double seconds = (now - state->start) * 1e-9;
    double rate = seconds > 0 ? done * samplesPerBatch / seconds : 0.0;
    double eta = done > 0 ? seconds * (total - done) / done : 0.0;
    if (state->terminal) {
      // Redraw at most ten times a second, and at the end.
      if (done != total && now - state->lastDraw < 100000000)
        return;
      state->lastDraw = now;
      int width = 30, filled = static_cast<int>(width * done / total);
      os << "\r[" << std::string(filled, '=')
         << std::string(width - filled, ' ') << "] " << done << "/" << total
         << " batches  "
         << llvm::format("%.1f samples/s  ETA %.0fs   ", rate, eta);
      if (done == total)
        os << "\n";
      return;
    }
    int64_t tenth = done * 10 / total;
    if (tenth != state->lastTenth || done == total) {
      state->lastTenth = tenth;
      os << name << ": " << done << "/" << total << " batches, "
         << llvm::format("%.1f samples/s", rate) << "\n";
    }
  };
}
