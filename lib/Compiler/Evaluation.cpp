//===- Evaluation.cpp - Running and comparing compiled models -------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Compiler/Evaluation.h"
#include "qmlir/Support/InputLimits.h"

#include "qmlir-c/Runtime.h"
#include "qmlir/Execution/Jit.h"
#include "qmlir/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace mlir;
using namespace qmlir;
using runtime::DType;
using runtime::NpyArray;

llvm::Expected<Compiled> qmlir::compile(ModuleOp module, unsigned threads) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func || func.isExternal())
    return llvm::createStringError("the model has no function @main");
  Compiled compiled;
  auto staticF32 = [](Type type) -> std::optional<SmallVector<int64_t>> {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape() || !tensor.getElementType().isF32())
      return std::nullopt;
    return SmallVector<int64_t>(tensor.getShape());
  };
  if (func.getNumArguments() == 0)
    return llvm::createStringError("the model has no input");
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto input = staticF32(func.getArgumentTypes()[i]);
    auto name = func.getArgAttrOfType<StringAttr>(i, "qmlir.name");
    std::string label = name ? name.str() : "#" + std::to_string(i);
    if (!input)
      return llvm::createStringError("the model's input '" + label +
                                     "' must be a statically shaped f32 "
                                     "tensor");
    compiled.inputShapes.push_back(*input);
    compiled.inputNames.push_back(label);
  }
  compiled.inputShape = compiled.inputShapes.front();
  for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
    auto shape = staticF32(type);
    if (!shape)
      return llvm::createStringError("the model's results must be "
                                     "statically shaped f32 tensors");
    compiled.resultShapes.push_back(*shape);
    auto name = func.getResultAttrOfType<StringAttr>(i, "qmlir.name");
    compiled.resultNames.push_back(name ? name.str() : "#" + std::to_string(i));
  }
  CodegenPipelineOptions options;
  auto engine = compileJitModel(module, "main", options, JitCacheOptions());
  if (!engine)
    return engine.takeError();
  setThreadCount(**engine, threads);
  compiled.engine = std::move(*engine);
  return std::move(compiled);
}

static int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t s : shape)
    n *= s;
  return n;
}

/// "[a, b, c]".
static std::string shapeText(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    text += (i ? ", " : "") + std::to_string(d);
  return text + "]";
}

llvm::Error qmlir::runDataset(Compiled &model, const NpyArray &data,
                              const std::string &what,
                              std::vector<float> &firstResult,
                              std::vector<double> &batchMs,
                              ProgressCallback progress) {
  const NpyArray *one = &data;
  std::vector<std::vector<float>> results;
  if (llvm::Error err =
          runDataset(model, ArrayRef<const NpyArray *>(one),
                     ArrayRef<std::string>(what), &results, batchMs, progress))
    return err;
  firstResult =
      results.empty() ? std::vector<float>() : std::move(results.front());
  return llvm::Error::success();
}

llvm::Error qmlir::runDataset(Compiled &model, ArrayRef<const NpyArray *> data,
                              ArrayRef<std::string> what,
                              std::vector<std::vector<float>> *results,
                              std::vector<double> &batchMs,
                              ProgressCallback progress) {
  size_t inputs = model.inputShapes.size();
  if (data.size() != inputs)
    return llvm::createStringError(what.front() + ": the model has " +
                                   std::to_string(inputs) + " inputs (" +
                                   llvm::join(model.inputNames, ", ") +
                                   "); give one .npy file per "
                                   "input as NAME=file.npy");
  int64_t batches = -1;
  SmallVector<int64_t> perBatch;
  for (size_t i = 0; i < inputs; ++i) {
    const NpyArray &array = *data[i];
    ArrayRef<int64_t> shape = model.inputShapes[i];
    perBatch.push_back(numElements(shape));
    std::string input = inputs == 1 ? std::string("the model's input")
                                    : "input '" + model.inputNames[i] + "'";
    // The same rank with other sample dimensions: say which, and whether it
    // looks like another layout of the same values.
    if (array.dtype == DType::F32 && !shape.empty() &&
        shape.size() == array.shape.size() &&
        !std::equal(shape.begin() + 1, shape.end(), array.shape.begin() + 1)) {
      ArrayRef<int64_t> want = shape.drop_front();
      ArrayRef<int64_t> have = ArrayRef<int64_t>(array.shape).drop_front();
      bool sameCount = numElements(want) == numElements(have);
      return llvm::createStringError(
          what[i] + ": " + array.describe() + " holds samples of shape " +
          shapeText(have) + "; " + input + " takes samples of shape " +
          shapeText(want) +
          (sameCount ? " (the same values in another layout, such as NHWC "
                       "for NCHW?)"
                     : ""));
    }
    if (array.dtype != DType::F32 || array.numElements() % perBatch[i] != 0 ||
        array.shape.empty())
      return llvm::createStringError(
          what[i] + ": " + array.describe() + " does not hold samples of " +
          input + " (f32, batches of " + std::to_string(perBatch[i]) +
          " elements)");
    int64_t count = array.numElements() / perBatch[i];
    if (count == 0)
      return llvm::createStringError(what[i] + ": " + array.describe() +
                                     " holds no samples");
    if (batches >= 0 && count != batches)
      return llvm::createStringError(
          what[i] + ": holds " + std::to_string(count) + " batches of input '" +
          model.inputNames[i] + "', " + what[0] + " holds " +
          std::to_string(batches) + " of input '" + model.inputNames[0] + "'");
    batches = count;
  }
  SmallVector<MemRefDescriptor> descriptors;
  for (ArrayRef<int64_t> shape : model.inputShapes)
    descriptors.emplace_back(shape);
  SmallVector<std::vector<float>> outputs;
  for (auto &shape : model.resultShapes) {
    descriptors.emplace_back(shape);
    outputs.emplace_back(numElements(shape));
  }
  if (results) {
    results->assign(outputs.size(), {});
    uint64_t bytes = 0;
    for (const std::vector<float> &output : outputs)
      bytes += uint64_t(output.size()) * sizeof(float) * uint64_t(batches);
    if (bytes > tensorBudgetBytes())
      return llvm::createStringError(
          "the results of all " + std::to_string(batches) + " batches take " +
          overBudgetMessage(bytes));
  }
  batchMs.clear();
  for (int64_t b = 0; b < batches; ++b) {
    for (size_t i = 0; i < inputs; ++i)
      descriptors[i].setData(const_cast<char *>(data[i]->data.data()) +
                             b * perBatch[i] * sizeof(float));
    for (size_t i = 0; i < outputs.size(); ++i)
      descriptors[inputs + i].setData(outputs[i].data());
    int64_t start = qmlir_rt_now_ns();
    if (llvm::Error err = callJit(*model.engine, "main", descriptors))
      return err;
    batchMs.push_back((qmlir_rt_now_ns() - start) * 1e-6);
    if (results)
      for (size_t i = 0; i < outputs.size(); ++i)
        (*results)[i].insert((*results)[i].end(), outputs[i].begin(),
                             outputs[i].end());
    if (progress)
      progress(b + 1, batches);
  }
  return llvm::Error::success();
}

llvm::Expected<std::vector<int64_t>>
qmlir::readLabels(const std::string &path, int64_t rows, int64_t classes) {
  qmlir::Result<NpyArray> labels = runtime::readNpy(path);
  if (!labels)
    return llvm::createStringError(labels.error());
  if (labels->numElements() != rows)
    return llvm::createStringError(
        path + ": " + labels->describe() + " holds " +
        std::to_string(labels->numElements()) + " labels for " +
        std::to_string(rows) + " samples");
  std::vector<int64_t> values(rows);
  for (int64_t r = 0; r < rows; ++r) {
    switch (labels->dtype) {
    case DType::I64:
      values[r] = reinterpret_cast<const int64_t *>(labels->data.data())[r];
      break;
    case DType::I32:
      values[r] = reinterpret_cast<const int32_t *>(labels->data.data())[r];
      break;
    case DType::U8:
      values[r] = reinterpret_cast<const uint8_t *>(labels->data.data())[r];
      break;
    default:
      return llvm::createStringError(
          path + ": labels must be int64, int32 or uint8, got " +
          runtime::dtypeName(labels->dtype));
    }
    if (values[r] < 0 || values[r] >= classes)
      return llvm::createStringError(
          path + ": label " + std::to_string(values[r]) + " of sample " +
          std::to_string(r) + " is not a class of the model's output (0 to " +
          std::to_string(classes - 1) + ")");
  }
  return values;
}

static int64_t argmax(const std::vector<float> &v, int64_t row,
                      int64_t classes) {
  auto begin = v.begin() + row * classes;
  return std::max_element(begin, begin + classes) - begin;
}

Comparison qmlir::compare(const std::vector<float> &out,
                          const std::vector<float> &reference,
                          int64_t classes) {
  Comparison c;
  double signal = 0, noise = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    double d = double(reference[i]) - out[i];
    signal += double(reference[i]) * reference[i];
    noise += d * d;
  }
  c.sqnrDb = noise == 0 ? INFINITY : 10.0 * std::log10(signal / noise);
  c.mse = reference.empty() ? 0 : noise / reference.size();
  int64_t rows = int64_t(reference.size()) / std::max<int64_t>(classes, 1);
  int64_t agree = 0;
  for (int64_t r = 0; r < rows; ++r)
    agree += argmax(out, r, classes) == argmax(reference, r, classes);
  c.agreementPercent = 100.0 * agree / std::max<int64_t>(rows, 1);
  return c;
}

double qmlir::top1Percent(const std::vector<float> &out, int64_t classes,
                          const std::vector<int64_t> &labels) {
  int64_t right = 0;
  for (size_t r = 0; r < labels.size(); ++r)
    right += argmax(out, r, classes) == labels[r];
  return 100.0 * right / std::max<size_t>(labels.size(), 1);
}

OutputKind qmlir::outputKind(ArrayRef<int64_t> shape) {
  return !shape.empty() && shape.size() <= 3 && shape.back() > 1
             ? OutputKind::Classes
             : OutputKind::Values;
}

int64_t qmlir::resultSamples(const Compiled &model, size_t index,
                             size_t resultSize) {
  ArrayRef<int64_t> shape = model.resultShapes[index];
  int64_t perBatch = std::max<int64_t>(numElements(shape), 1);
  int64_t batches = int64_t(resultSize) / perBatch;
  bool keepsBatchAxis = !shape.empty() && shape[0] == model.batch();
  return keepsBatchAxis ? batches * model.batch() : batches;
}

/// Cosine similarity of a and b; 1 when both are zero, 0 when one is.
static double cosine(double dot, double aa, double bb) {
  if (aa == 0 && bb == 0)
    return 1;
  if (aa == 0 || bb == 0)
    return 0;
  return dot / std::sqrt(aa * bb);
}

OutputComparison qmlir::compareOutput(StringRef name, ArrayRef<int64_t> shape,
                                      const std::vector<float> &out,
                                      const std::vector<float> &reference,
                                      int64_t samples,
                                      std::optional<double> threshold) {
  OutputComparison c;
  c.name = name.str();
  c.kind = outputKind(shape);
  c.classes = shape.empty() ? 1 : shape.back();
  size_t size = std::min(out.size(), reference.size());
  c.samples = std::max<int64_t>(samples, 1);
  size_t perSample = size / c.samples;
  double signal = 0, noise = 0, dot = 0, outSquares = 0;
  c.minSampleCosine = INFINITY;
  for (int64_t s = 0; s < c.samples; ++s) {
    double sDot = 0, sRef = 0, sOut = 0;
    for (size_t i = s * perSample, e = i + perSample; i < e; ++i) {
      double r = reference[i], o = out[i];
      sDot += r * o;
      sRef += r * r;
      sOut += o * o;
      noise += (r - o) * (r - o);
      c.maxAbsError = std::max(c.maxAbsError, std::fabs(r - o));
    }
    signal += sRef;
    dot += sDot;
    outSquares += sOut;
    double sampleCosine = cosine(sDot, sRef, sOut);
    if (sampleCosine < c.minSampleCosine) {
      c.minSampleCosine = sampleCosine;
      c.worstSample = s;
    }
  }
  if (!std::isfinite(c.minSampleCosine))
    c.minSampleCosine = 1;
  c.cosine = cosine(dot, signal, outSquares);
  c.sqnrDb = noise == 0 ? INFINITY : 10.0 * std::log10(signal / noise);
  c.mse = size ? noise / size : 0;
  if (c.kind == OutputKind::Classes) {
    c.agreementPercent = compare(out, reference, c.classes).agreementPercent;
    return c;
  }
  if (!threshold && size &&
      llvm::all_of(reference, [](float r) { return r >= 0 && r <= 1; }))
    threshold = 0.5;
  if (!threshold)
    return c;
  c.threshold = threshold;
  int64_t both = 0, either = 0;
  for (size_t i = 0; i < size; ++i) {
    bool r = reference[i] > *threshold, o = out[i] > *threshold;
    both += r && o;
    either += r || o;
    c.decisionsDiffer += r != o;
  }
  c.decisionAgreementPercent =
      size ? 100.0 * double(size - c.decisionsDiffer) / double(size) : 100;
  c.decisionIoU = either ? double(both) / double(either) : 1;
  return c;
}

llvm::json::Object OutputComparison::toJSON() const {
  llvm::json::Object o{
      {"name", name},
      {"kind", kind == OutputKind::Classes ? "classes" : "values"},
      {"samples", samples},
      {"mse", mse},
      {"cosine", cosine},
      {"min_sample_cosine", minSampleCosine},
      {"worst_sample", worstSample},
      {"max_abs_error", maxAbsError}};
  if (std::isfinite(sqnrDb))
    o["sqnr_db"] = sqnrDb;
  if (kind == OutputKind::Classes)
    o["top1_agreement_percent"] = agreementPercent;
  if (threshold) {
    o["threshold"] = *threshold;
    o["decision_agreement_percent"] = decisionAgreementPercent;
    o["decision_iou"] = decisionIoU;
    o["decisions_differ"] = decisionsDiffer;
  }
  return o;
}

std::vector<Saturation> qmlir::measureSaturation(
    const CalibrationStats &calibration, const CalibrationStats &other,
    const quant::RangeOptions &options,
    ArrayRef<std::pair<std::string, quant::RangeMethod>> methodFor) {
  std::vector<Saturation> clipped;
  for (auto [id, stats] : llvm::zip(calibration.ids, calibration.stats)) {
    const quant::TensorStatistics *seen = other.find(id);
    if (!seen || seen->count == 0)
      continue;
    quant::RangeOptions own = options;
    for (const auto &[chosen, method] : methodFor)
      if (chosen == id)
        own.method = method;
    auto range = quant::computeRange(stats, own);
    if (!range)
      continue;
    // The range quantization uses: chooseQuantParams widens it to hold 0.
    range->lo = std::min(range->lo, 0.0);
    range->hi = std::max(range->hi, 0.0);
    Saturation s{id, 0, *range, seen->min, seen->max};
    if (seen->min >= range->lo && seen->max <= range->hi)
      continue;
    // The part of each bin outside [lo, hi], values spread evenly in a bin.
    const quant::Histogram &h = seen->histogram;
    double outside = 0;
    for (size_t b = 0; b < h.size(); ++b) {
      double lo = h.lower(b), hi = h.upper(b), width = hi - lo;
      if (h.counts[b] == 0 || !(width > 0))
        continue;
      double below = std::clamp(range->lo - lo, 0.0, width);
      double above = std::clamp(hi - range->hi, 0.0, width);
      outside += h.counts[b] * std::min(1.0, (below + above) / width);
    }
    double total = h.total();
    s.fraction = total > 0 ? std::min(1.0, outside / total) : 0;
    if (s.fraction > 0)
      clipped.push_back(std::move(s));
  }
  // Worst first; equal fractions in the calibration's order.
  std::vector<size_t> order(clipped.size());
  std::iota(order.begin(), order.end(), 0);
  llvm::sort(order, [&](size_t a, size_t b) {
    if (clipped[a].fraction != clipped[b].fraction)
      return clipped[a].fraction > clipped[b].fraction;
    return a < b;
  });
  std::vector<Saturation> sorted;
  for (size_t i : order)
    sorted.push_back(std::move(clipped[i]));
  return sorted;
}

double qmlir::median(std::vector<double> values) {
  if (values.empty())
    return 0.0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}
