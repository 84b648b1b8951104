//===- Sensitivity.cpp - Per-layer quantization sensitivity ---------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Compiler/Sensitivity.h"

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Quant/Calibration.h"
#include "qmlir/Quant/Numerics.h"
#include "qmlir/Transforms/LocationNames.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/GlobPattern.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace qmlir;
namespace numerics = qmlir::quant;

//===----------------------------------------------------------------------===//
// Layers and variants
//===----------------------------------------------------------------------===//

/// The weight operand of a quantizable layer with constant f32 weights.
static bool isQuantizableLayer(Operation *op) {
  if (!isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp,
           tosa::MatMulOp>(op))
    return false;
  DenseElementsAttr weights;
  return matchPattern(op->getOperand(1), m_Constant(&weights)) &&
         weights.getElementType().isF32();
}

/// Ops whose input and output get one type from qnt-fuse and
/// qnt-propagate-scales.
static bool sharesParameters(Operation *op) {
  return isa<tosa::ClampOp, tosa::MaxPool2dOp, tosa::ReshapeOp,
             tosa::TransposeOp, qnt::CalibrateOp>(op);
}

std::vector<QuantLayer> qmlir::quantizableLayers(ModuleOp instrumented) {
  std::vector<QuantLayer> layers;
  instrumented.walk([&](Operation *op) {
    if (!isQuantizableLayer(op))
      return;
    auto name = qnt::locationName(op->getLoc());
    if (!name)
      return;
    QuantLayer layer{*name, op->getName().stripDialect().str(), {}, "", {}};
    if (auto marker = op->getOperand(0).getDefiningOp<qnt::CalibrateOp>())
      layer.inputIds.push_back(marker.getId().str());
    for (Operation *user : op->getResult(0).getUsers())
      if (auto marker = dyn_cast<qnt::CalibrateOp>(user))
        layer.outputId = marker.getId().str();
    // The chains of ids sharing the input's and the output's parameters.
    for (Value v = op->getOperand(0); Operation *def = v.getDefiningOp();
         v = def->getOperand(0)) {
      if (!sharesParameters(def))
        break;
      if (auto marker = dyn_cast<qnt::CalibrateOp>(def))
        layer.precisionIds.push_back(marker.getId().str());
    }
    for (Value v = op->getResult(0); v.hasOneUse();) {
      Operation *user = *v.getUsers().begin();
      if (!sharesParameters(user) || user->getNumResults() != 1)
        break;
      if (auto marker = dyn_cast<qnt::CalibrateOp>(user))
        layer.precisionIds.push_back(marker.getId().str());
      v = user->getResult(0);
    }
    layers.push_back(std::move(layer));
  });
  // The regions: element-wise ops with a curve or range 8 bits may not
  // hold, with a marker on an operand or the result (a fixed-range result,
  // a sigmoid's, has none: with its input float, the op is).
  instrumented.walk([&](Operation *op) {
    if (!isa<tosa::SigmoidOp, tosa::TanhOp, tosa::ExpOp, tosa::LogOp,
             tosa::PowOp, tosa::ReciprocalOp, tosa::RsqrtOp, tosa::ErfOp>(op))
      return;
    auto name = qnt::locationName(op->getLoc());
    if (!name)
      return;
    QuantLayer region{*name, op->getName().stripDialect().str(), {}, "", {}};
    region.region = true;
    // The nearest markers: up each operand and down the result through ops
    // whose other operands are constants (a clamp before a log, the
    // scaling multiplies after it).
    auto isConstant = [](Value v) {
      Operation *def = v.getDefiningOp();
      return def && def->hasTrait<OpTrait::ConstantLike>();
    };
    auto single = [&](Operation *def) -> Value {
      Value only;
      for (Value operand : def->getOperands()) {
        if (isConstant(operand))
          continue;
        if (only)
          return {};
        only = operand;
      }
      return only;
    };
    for (Value operand : op->getOperands()) {
      for (Value v = operand; Operation *def = v.getDefiningOp();) {
        if (auto marker = dyn_cast<qnt::CalibrateOp>(def)) {
          region.inputIds.push_back(marker.getId().str());
          break;
        }
        if (def->getNumResults() != 1 || !(v = single(def)))
          break;
      }
    }
    for (Value v = op->getResult(0); v.hasOneUse();) {
      Operation *user = *v.getUsers().begin();
      if (auto marker = dyn_cast<qnt::CalibrateOp>(user)) {
        region.outputId = marker.getId().str();
        break;
      }
      if (user->getNumResults() != 1 || single(user) != v)
        break;
      v = user->getResult(0);
    }
    region.precisionIds = region.inputIds;
    if (!region.outputId.empty())
      region.precisionIds.push_back(region.outputId);
    if (region.precisionIds.empty())
      return;
    layers.push_back(std::move(region));
  });
  return layers;
}

std::string qmlir::escapeGlob(StringRef id) {
  std::string out;
  for (char c : id) {
    if (StringRef("[]*?{}\\").contains(c))
      out += '\\';
    out += c;
  }
  return out;
}

std::vector<std::string> qmlir::methodForSpecs(
    ArrayRef<std::pair<std::string, numerics::RangeMethod>> methods) {
  std::vector<std::string> specs;
  for (const auto &[id, method] : methods)
    specs.push_back(id + "=" + numerics::rangeMethodName(method));
  return specs;
}

/// What keeping `layer` float means: its weights for a layer, its ids for a
/// region.
static Precision floatPrecision(Precision precision, const QuantLayer &layer) {
  if (!layer.region) {
    precision.floatLayers.push_back(layer.name);
    return precision;
  }
  for (const std::string &id : layer.precisionIds)
    if (!llvm::is_contained(precision.keepFloat, escapeGlob(id)))
      precision.keepFloat.push_back(escapeGlob(id));
  if (!llvm::is_contained(precision.floatRegions, layer.name))
    precision.floatRegions.push_back(layer.name);
  return precision;
}

std::vector<std::string>
qmlir::int16Specs(const std::vector<QuantLayer> &layers,
                  ArrayRef<std::string> patterns) {
  std::vector<std::string> specs;
  for (const QuantLayer &layer : layers) {
    bool chosen = llvm::any_of(patterns, [&](const std::string &pattern) {
      auto glob = llvm::GlobPattern::create(pattern);
      return glob && glob->match(layer.name);
    });
    if (chosen)
      for (const std::string &id : layer.precisionIds)
        specs.push_back(escapeGlob(id) + "=s16");
  }
  return specs;
}

static void fillOptions(const Evaluator &e, QuantizePipelineOptions &options,
                        ArrayRef<std::string> keepFloat,
                        ArrayRef<std::string> floatLayers) {
  options.statistics = e.statistics;
  options.method = e.method;
  options.methodFor = methodForSpecs(e.methodFor);
  options.biasCorrection = e.biasCorrection;
  options.roundWeights = e.roundWeights;
  options.activations = e.activations;
  options.weights = e.weights;
  options.weightBits = e.weightBits;
  std::vector<std::string> floatIds = e.floatActivations;
  llvm::append_range(floatIds, keepFloat);
  options.keepFloat = floatIds;
  options.floatLayers = floatLayers;
}

llvm::Expected<Outcome> Evaluator::evaluate(const Precision &precision) {
  // The variants' remarks (ops left float) would repeat for every variant.
  ScopedDiagnosticHandler quiet(floatModel.getContext(), [](Diagnostic &d) {
    return success(d.getSeverity() == DiagnosticSeverity::Remark);
  });
  OwningOpRef<ModuleOp> quantized = floatModel.clone();
  QuantizePipelineOptions options;
  fillOptions(*this, options, precision.keepFloat, precision.floatLayers);
  options.activationsFor = int16Specs(layers, precision.int16Layers);
  PassManager pm(floatModel.getContext());
  buildQuantizePipeline(pm, options);
  buildLowerToInt8LinalgPipeline(pm);
  if (failed(pm.run(*quantized)))
    return llvm::createStringError(
        "quantizing with float layers '" +
        llvm::join(precision.floatLayers, ",") + "' and 16-bit layers '" +
        llvm::join(precision.int16Layers, ",") + "' failed");
  auto compiled = compile(*quantized, threads);
  if (!compiled)
    return compiled.takeError();
  std::vector<std::vector<float>> results;
  std::vector<double> ms;
  if (llvm::Error err = runDataset(*compiled, eval, evalPaths, &results, ms))
    return std::move(err);
  std::vector<float> out =
      results.empty() ? std::vector<float>() : std::move(results.front());
  Outcome outcome;
  outcome.comparison = compare(out, reference, classes);
  if (labels)
    outcome.top1Percent = top1Percent(out, classes, *labels);
  outcome.latencyMs = median(ms) / compiled->batch();
  return outcome;
}

//===----------------------------------------------------------------------===//
// Tensor errors: the cheap first look
//===----------------------------------------------------------------------===//

static double sqnrDb(double signal, double noise) {
  return noise == 0 ? INFINITY : 10.0 * std::log10(signal / noise);
}

/// Each layer's weights as qnt-quantize stores them, against the float ones.
static llvm::Error weightErrors(Evaluator &e,
                                std::vector<TensorError> &errors) {
  OwningOpRef<ModuleOp> annotated = e.floatModel.clone();
  QuantizePipelineOptions options;
  fillOptions(e, options, {}, {});
  PassManager pm(e.floatModel.getContext());
  pm.addNestedPass<func::FuncOp>(qmlir::createQNTInsertCalibration());
  pm.addPass(createQuantizePass(options));
  if (failed(pm.run(*annotated)))
    return llvm::createStringError("quantizing the weights failed");
  llvm::StringMap<DenseElementsAttr> floatWeights;
  e.floatModel.walk([&](Operation *op) {
    DenseElementsAttr w;
    auto name = qnt::locationName(op->getLoc());
    if (isQuantizableLayer(op) && name &&
        matchPattern(op->getOperand(1), m_Constant(&w)))
      floatWeights[*name] = w;
  });
  annotated->walk([&](Operation *op) {
    if (!isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp,
             tosa::MatMulOp>(op))
      return;
    auto name = qnt::locationName(op->getLoc());
    auto dequantize = op->getOperand(1).getDefiningOp<qnt::DequantizeOp>();
    if (!name || !dequantize || !floatWeights.count(*name))
      return;
    auto storage =
        dequantize->getOperand(0).getDefiningOp<mlir::quant::StorageCastOp>();
    DenseElementsAttr stored;
    if (!storage || !matchPattern(storage->getOperand(0), m_Constant(&stored)))
      return;
    Type type = storage.getType();
    Type element = cast<ShapedType>(type).getElementType();
    ArrayRef<int64_t> shape = cast<ShapedType>(type).getShape();
    // Scale and zero point of element i.
    std::function<std::pair<double, int64_t>(int64_t)> paramsOf;
    if (auto perAxis =
            dyn_cast<mlir::quant::UniformQuantizedPerAxisType>(element)) {
      int64_t axis = perAxis.getQuantizedDimension(), inner = 1;
      for (int64_t d = axis + 1; d < int64_t(shape.size()); ++d)
        inner *= shape[d];
      SmallVector<double> scales(perAxis.getScales());
      SmallVector<int64_t> zeros(perAxis.getZeroPoints());
      int64_t size = shape[axis];
      paramsOf = [=](int64_t i) {
        int64_t c = (i / inner) % size;
        return std::make_pair(scales[c], zeros[c]);
      };
    } else if (auto uniform =
                   dyn_cast<mlir::quant::UniformQuantizedType>(element)) {
      double scale = uniform.getScale();
      int64_t zero = uniform.getZeroPoint();
      paramsOf = [=](int64_t) { return std::make_pair(scale, zero); };
    } else {
      return;
    }
    auto original = floatWeights[*name].getValues<float>();
    double signal = 0, noise = 0;
    int64_t i = 0;
    for (const APInt &q : stored.getValues<APInt>()) {
      auto [scale, zero] = paramsOf(i);
      double real = original[i++];
      double back = numerics::dequantize(q.getSExtValue(), scale, zero);
      signal += real * real;
      noise += (real - back) * (real - back);
    }
    errors.push_back({*name, "weights", sqnrDb(signal, noise)});
  });
  return llvm::Error::success();
}

/// Each activation's calibrated range and parameters applied to its
/// calibration histogram (bin centers).
static llvm::Error activationErrors(Evaluator &e, const CalibrationStats &stats,
                                    std::vector<TensorError> &errors) {
  bool symmetric = e.activations != ActivationScheme::U8;
  unsigned bits = e.activations == ActivationScheme::S16 ? 16 : 8;
  numerics::StorageSpec storage = symmetric
                                      ? numerics::StorageSpec{bits, true, true}
                                      : numerics::StorageSpec::u8();
  llvm::StringMap<numerics::RangeMethod> methods;
  for (const auto &[id, method] : e.methodFor)
    methods[id] = method;
  for (size_t k = 0; k < stats.ids.size(); ++k) {
    const numerics::TensorStatistics &s = stats.stats[k];
    numerics::RangeOptions options;
    auto own = methods.find(stats.ids[k]);
    options.method = own != methods.end() ? own->second : e.method;
    options.symmetric = symmetric;
    options.bits = int(bits);
    auto range = numerics::computeRange(s, options);
    if (!range)
      continue;
    auto params = numerics::chooseQuantParams(
        range->lo, range->hi, storage,
        symmetric ? numerics::Scheme::Symmetric : numerics::Scheme::Asymmetric);
    if (!params)
      continue;
    const numerics::Histogram &h = s.histogram;
    double signal = 0, noise = 0;
    for (size_t b = 0; b < h.size(); ++b) {
      if (h.counts[b] == 0)
        continue;
      double x = 0.5 * (h.lower(b) + h.upper(b));
      float back = numerics::dequantize(
          numerics::quantize(float(x), float(params->scale), params->zeroPoint,
                             storage),
          float(params->scale), params->zeroPoint);
      signal += h.counts[b] * x * x;
      noise += h.counts[b] * (x - back) * (x - back);
    }
    errors.push_back({stats.ids[k], "activation", sqnrDb(signal, noise)});
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// The analysis
//===----------------------------------------------------------------------===//

llvm::Expected<SensitivityReport>
qmlir::analyzeSensitivity(Evaluator &evaluator,
                          const std::vector<QuantLayer> &layers,
                          const CalibrationStats &stats) {
  SensitivityReport report;
  if (layers.empty())
    return llvm::createStringError("the model has no quantizable layer");
  auto full = evaluator.evaluate({});
  if (!full)
    return full.takeError();
  report.full = *full;
  for (const QuantLayer &layer : layers) {
    // Only this layer: every other activation and layer float.
    llvm::StringSet<> mine;
    for (const std::string &id : layer.inputIds)
      mine.insert(id);
    mine.insert(layer.outputId);
    std::vector<std::string> keepFloat, otherLayers;
    for (const std::string &id : stats.ids)
      if (!mine.contains(id))
        keepFloat.push_back(id);
    for (const QuantLayer &other : layers)
      if (!other.region && other.name != layer.name)
        otherLayers.push_back(other.name);
    auto only = evaluator.evaluate({keepFloat, {}, otherLayers, {}});
    if (!only)
      return only.takeError();
    auto allBut = evaluator.evaluate(floatPrecision({}, layer));
    if (!allBut)
      return allBut.takeError();
    report.layers.push_back({layer, *only, *allBut});
  }
  // Most sensitive first (ties: by name, so the order is deterministic).
  llvm::sort(
      report.layers, [](const LayerSensitivity &a, const LayerSensitivity &b) {
        double x = a.only.comparison.sqnrDb, y = b.only.comparison.sqnrDb;
        return x != y ? x < y : a.layer.name < b.layer.name;
      });
  if (llvm::Error err = weightErrors(evaluator, report.tensors))
    return std::move(err);
  if (llvm::Error err = activationErrors(evaluator, stats, report.tensors))
    return std::move(err);
  llvm::sort(report.tensors, [](const TensorError &a, const TensorError &b) {
    if (a.sqnrDb != b.sqnrDb)
      return a.sqnrDb < b.sqnrDb;
    return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
  });
  return report;
}

//===----------------------------------------------------------------------===//
// Output
//===----------------------------------------------------------------------===//

static llvm::json::Value finiteOrNull(double value) {
  if (std::isfinite(value))
    return value;
  return nullptr;
}

static llvm::json::Object outcomeJSON(const Outcome &o) {
  llvm::json::Object object{
      {"sqnr_db", finiteOrNull(o.comparison.sqnrDb)},
      {"mse", o.comparison.mse},
      {"top1_agreement_percent", o.comparison.agreementPercent},
      {"latency_ms_per_sample", o.latencyMs}};
  if (o.top1Percent)
    object["top1_percent"] = *o.top1Percent;
  return object;
}

llvm::json::Value SensitivityReport::toJSON() const {
  llvm::json::Array layerArray, tensorArray;
  for (const LayerSensitivity &l : layers)
    layerArray.push_back(
        llvm::json::Object{{"name", l.layer.name},
                           {"kind", l.layer.kind},
                           {"only_this_quantized", outcomeJSON(l.only)},
                           {"all_but_this_quantized", outcomeJSON(l.allBut)}});
  for (const TensorError &t : tensors)
    tensorArray.push_back(
        llvm::json::Object{{"name", t.name},
                           {"kind", t.kind},
                           {"sqnr_db", finiteOrNull(t.sqnrDb)}});
  return llvm::json::Object{{"all_quantized", outcomeJSON(full)},
                            {"layers", std::move(layerArray)},
                            {"tensors", std::move(tensorArray)}};
}

static std::string cell(double value, const char *format) {
  if (!std::isfinite(value))
    return "inf";
  return llvm::formatv("{0}", llvm::format(format, value)).str();
}

void SensitivityReport::print(llvm::raw_ostream &os) const {
  bool top1 = full.top1Percent.has_value();
  os << "sensitivity: output against fp32 on the evaluation data; all layers "
        "quantized: SQNR "
     << cell(full.comparison.sqnrDb, "%.2f") << " dB";
  if (top1)
    os << ", top-1 " << cell(*full.top1Percent, "%.2f") << "%";
  os << "\n\n";
  os << llvm::format("%-40s %28s %28s\n", "layer (most sensitive first)",
                     "only this layer quantized", "all but this layer");
  os << llvm::format("%-40s %10s %10s %7s %10s %10s %7s\n", "", "SQNR dB",
                     "MSE", "top-1", "SQNR dB", "MSE", "top-1");
  for (const LayerSensitivity &l : layers) {
    auto top = [&](const Outcome &o) {
      return o.top1Percent ? cell(*o.top1Percent, "%.2f") : std::string("-");
    };
    std::string name = l.layer.name;
    if (name.size() > 40)
      name = "..." + name.substr(name.size() - 37);
    os << llvm::format(
        "%-40s %10s %10s %7s %10s %10s %7s\n", name.c_str(),
        cell(l.only.comparison.sqnrDb, "%.2f").c_str(),
        cell(l.only.comparison.mse, "%.3g").c_str(), top(l.only).c_str(),
        cell(l.allBut.comparison.sqnrDb, "%.2f").c_str(),
        cell(l.allBut.comparison.mse, "%.3g").c_str(), top(l.allBut).c_str());
  }
  os << "\ntensor quantization error alone (q/dq against float), worst first\n";
  for (const TensorError &t : tensors) {
    std::string name = t.name;
    if (name.size() > 50)
      name = "..." + name.substr(name.size() - 47);
    os << llvm::format("%-50s %-10s %10s dB\n", name.c_str(), t.kind.c_str(),
                       cell(t.sqnrDb, "%.2f").c_str());
  }
}

std::string SensitivityReport::chartSVG() const {
  // Horizontal bars: each layer's output SQNR with only it quantized, the
  // most sensitive (lowest) first and red.
  const int barHeight = 22, left = 330, width = 360, top = 50;
  double most = 1;
  for (const LayerSensitivity &l : layers)
    if (std::isfinite(l.only.comparison.sqnrDb))
      most = std::max(most, l.only.comparison.sqnrDb);
  int height = top + barHeight * int(layers.size()) + 40;
  std::string svg;
  llvm::raw_string_ostream os(svg);
  auto escape = [](StringRef text) {
    std::string out;
    for (char c : text)
      out += c == '<'   ? "&lt;"
             : c == '>' ? "&gt;"
             : c == '&' ? "&amp;"
                        : std::string(1, c);
    return out;
  };
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
     << left + width + 80 << "\" height=\"" << height
     << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
     << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
     << "<text x=\"10\" y=\"20\" font-size=\"14\">Output SQNR (dB) with only "
        "this layer quantized; lower = more sensitive</text>\n";
  for (auto [i, l] : llvm::enumerate(layers)) {
    double v = l.only.comparison.sqnrDb;
    double shown = std::isfinite(v) ? std::max(0.0, v) : most;
    int y = top + barHeight * int(i);
    int w = int(width * shown / most);
    std::string name = l.layer.name;
    if (name.size() > 48)
      name = "..." + name.substr(name.size() - 45);
    os << "<text x=\"" << left - 6 << "\" y=\"" << y + 15
       << "\" text-anchor=\"end\">" << escape(name) << "</text>\n";
    os << "<rect x=\"" << left << "\" y=\"" << y + 3 << "\" width=\"" << w
       << "\" height=\"" << barHeight - 6 << "\" fill=\""
       << (i == 0 ? "#d62728" : "#1f77b4") << "\"/>\n";
    os << "<text x=\"" << left + w + 4 << "\" y=\"" << y + 15 << "\">"
       << cell(v, "%.1f") << "</text>\n";
  }
  os << "</svg>\n";
  return svg;
}

//===----------------------------------------------------------------------===//
// Automatic mixed precision
//===----------------------------------------------------------------------===//

llvm::Expected<PrecisionBudget> PrecisionBudget::parse(StringRef spec) {
  auto [kind, value] = spec.split(':');
  double number;
  PrecisionBudget budget;
  if (value.getAsDouble(number) || !std::isfinite(number) || number < 0)
    return llvm::createStringError("--auto-precision '" + spec +
                                   "': expected min-sqnr:DB or "
                                   "max-drop:POINTS (a non-negative number)");
  if (kind == "min-sqnr")
    budget.minSqnrDb = number;
  else if (kind == "max-drop")
    budget.maxDropPoints = number;
  else
    return llvm::createStringError("--auto-precision '" + spec +
                                   "': expected min-sqnr:DB or "
                                   "max-drop:POINTS");
  return budget;
}

bool PrecisionBudget::met(const Outcome &outcome, double fp32Top1) const {
  if (minSqnrDb && !(outcome.comparison.sqnrDb >= *minSqnrDb))
    return false;
  if (maxDropPoints && !(outcome.top1Percent &&
                         fp32Top1 - *outcome.top1Percent <= *maxDropPoints))
    return false;
  return true;
}

llvm::Expected<PrecisionChoice>
qmlir::choosePrecision(Evaluator &evaluator, const SensitivityReport &report,
                       const PrecisionBudget &budget, double fp32Top1) {
  PrecisionChoice choice;
  choice.outcome = report.full;
  choice.met = budget.met(report.full, fp32Top1);
  // The layers whose float computation helps most first.
  std::vector<const LayerSensitivity *> order;
  for (const LayerSensitivity &l : report.layers)
    order.push_back(&l);
  llvm::sort(order, [](const LayerSensitivity *a, const LayerSensitivity *b) {
    double x = a->allBut.comparison.sqnrDb, y = b->allBut.comparison.sqnrDb;
    return x != y ? x > y : a->layer.name < b->layer.name;
  });
  for (const LayerSensitivity *l : order) {
    if (choice.met)
      break;
    // 16-bit activations first, float second.
    // Regions of one op (an LSTM's gates) share its name: listed once.
    Precision int16 = choice.precision;
    if (!llvm::is_contained(int16.int16Layers, l->layer.name))
      int16.int16Layers.push_back(l->layer.name);
    Precision floating = floatPrecision(choice.precision, l->layer);
    auto withInt16 = evaluator.evaluate(int16);
    if (!withInt16)
      return withInt16.takeError();
    if (budget.met(*withInt16, fp32Top1)) {
      choice = {int16, *withInt16, true};
      break;
    }
    auto withFloat = evaluator.evaluate(floating);
    if (!withFloat)
      return withFloat.takeError();
    bool floatBetter =
        budget.met(*withFloat, fp32Top1) ||
        withFloat->comparison.sqnrDb > withInt16->comparison.sqnrDb;
    choice = floatBetter ? PrecisionChoice{floating, *withFloat, false}
                         : PrecisionChoice{int16, *withInt16, false};
    choice.met = budget.met(choice.outcome, fp32Top1);
  }
  return choice;
}
