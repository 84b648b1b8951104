//===- Compiler.cpp - The quantization flow as a library ------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Compiler/Compiler.h"
#include "qmlir/Compiler/Run.h"

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Dialect/QNT/Transforms/Weights.h"
#include "qmlir/Pipelines/Pipelines.h"
#include "qmlir/Runtime/Calibration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <limits>

using namespace mlir;
using namespace qmlir;
using runtime::NpyArray;

static LogicalResult
runPasses(ModuleOp module, llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(module.getContext());
  build(pm);
  return pm.run(module);
}

/// `value` as printf's %g writes it (0.5, 2, 1e-05).
static std::string shortNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

qmlir::quant::RangeMethod
qmlir::defaultRangeMethod(ActivationScheme activations) {
  return activations == ActivationScheme::S16
             ? qmlir::quant::RangeMethod::MinMax
             : qmlir::quant::RangeMethod::Percentile;
}

qmlir::quant::RangeOptions
qmlir::activationRangeOptions(const QuantizeFlowOptions &options) {
  qmlir::quant::RangeOptions range;
  range.method = options.method;
  range.symmetric = options.activations != ActivationScheme::U8;
  range.bits = options.activations == ActivationScheme::S16 ? 16 : 8;
  return range;
}

llvm::Error qmlir::setScheme(QuantizeFlowOptions &options, StringRef scheme) {
  auto [activationText, weightText] = scheme.split('-');
  std::optional<ActivationScheme> activations =
      parseActivationScheme(activationText);
  std::optional<WeightGranularity> weights = parseWeightGranularity(weightText);
  if (!activations || !weights)
    return llvm::createStringError(
        "unknown scheme '" + scheme +
        "' (u8-per-channel, u8-per-tensor, s8-per-channel, s8-per-tensor, "
        "s16-per-channel, s16-per-tensor)");
  options.activations = *activations;
  options.method = defaultRangeMethod(*activations);
  options.weights = *weights;
  return llvm::Error::success();
}

llvm::Error qmlir::verifyOptions(const QuantizeFlowOptions &options) {
  if (options.weightBits != 8 && options.weightBits != 7 &&
      options.weightBits != 4)
    return llvm::createStringError("weight bits must be 8, 7 or 4, got " +
                                   std::to_string(options.weightBits));
  if (options.mode != QuantizationMode::Static && !options.int16Layers.empty())
    return llvm::createStringError("16-bit layers need the static mode");
  if (options.mode != QuantizationMode::Static && options.biasCorrection)
    return llvm::createStringError("bias correction needs the static mode "
                                   "(calibration statistics)");
  if (options.mode != QuantizationMode::Static && options.roundWeights)
    return llvm::createStringError("weight rounding needs the static mode "
                                   "(calibration statistics)");
  // Layer and activation patterns: a bad one is the option's error here,
  // not a pass failure later.
  for (auto [option, patterns] :
       {std::pair{"float-layers", &options.floatLayers},
        std::pair{"int16-layers", &options.int16Layers},
        std::pair{"float-activations", &options.floatActivations}})
    for (const std::string &pattern : *patterns)
      if (auto glob = llvm::GlobPattern::create(pattern); !glob)
        return llvm::createStringError(
            llvm::Twine(option) + " '" + pattern +
            "': " + llvm::toString(glob.takeError()));
  if (!(options.floatUnderflow >= 0 && options.floatUnderflow <= 1))
    return llvm::createStringError(
        "the underflow fraction must be in [0, 1], got " +
        shortNumber(options.floatUnderflow));
  if (options.mode != QuantizationMode::Static && options.floatUnderflow > 0)
    return llvm::createStringError("the underflow measure needs the static "
                                   "mode (calibration statistics)");
  if (options.mode != QuantizationMode::Static && options.autoRange)
    return llvm::createStringError("the auto range method needs the static "
                                   "mode (calibration statistics)");
  if (options.mode != QuantizationMode::Static && options.smoothQuant)
    return llvm::createStringError("smoothing needs the static mode "
                                   "(calibration statistics)");
  if (!(options.smoothAlpha >= 0 && options.smoothAlpha <= 1))
    return llvm::createStringError(
        "the smoothing alpha must be in [0, 1], got " +
        shortNumber(options.smoothAlpha));
  return llvm::Error::success();
}

llvm::Expected<OwningOpRef<ModuleOp>>
qmlir::prepareFloatModel(ModuleOp loaded) {
  OwningOpRef<ModuleOp> prepared = loaded.clone();
  if (failed(runPasses(*prepared, addImportCleanupPasses)))
    return llvm::createStringError("cannot convert the model to a float TOSA "
                                   "graph");
  return std::move(prepared);
}

/// The model's inputs in argument order (`qmlir.name`, or "#i").
static std::vector<std::string> inputNamesOf(func::FuncOp main) {
  std::vector<std::string> names;
  for (unsigned i = 0; i < main.getNumArguments(); ++i) {
    auto name = main.getArgAttrOfType<StringAttr>(i, "qmlir.name");
    names.push_back(name ? name.str() : "#" + std::to_string(i));
  }
  return names;
}

llvm::Expected<CalibrationPlan> qmlir::planCalibration(ModuleOp floatModel) {
  CalibrationPlan plan;
  floatModel.walk([&](qnt::DequantizeOp) { plan.pinned = true; });
  plan.instrumented = floatModel.clone();
  if (failed(runPasses(*plan.instrumented, [](OpPassManager &pm) {
        pm.addNestedPass<func::FuncOp>(createQNTInsertCalibration());
      })))
    return llvm::createStringError("cannot insert calibration markers");
  plan.layers = quantizableLayers(*plan.instrumented);
  plan.ids = qnt::calibrationIds(*plan.instrumented);
  auto main = plan.instrumented->lookupSymbol<func::FuncOp>("main");
  if (!main || main.isExternal())
    return llvm::createStringError("the model has no function @main");
  plan.inputNames = inputNamesOf(main);
  return std::move(plan);
}

llvm::Error
qmlir::smoothModel(ModuleOp floatModel,
                   std::shared_ptr<const CalibrationStats> statistics,
                   double alpha) {
  if (!statistics)
    return llvm::createStringError("smoothing needs calibration statistics");
  if (!(alpha >= 0 && alpha <= 1))
    return llvm::createStringError(
        "the smoothing alpha must be in [0, 1], got " + shortNumber(alpha));
  // The markers planCalibration inserts, so that the ids are those of the
  // statistics; removed again after.
  QNTSmoothQuantOptions options;
  options.alpha = alpha;
  if (failed(runPasses(floatModel, [&](OpPassManager &pm) {
        pm.addNestedPass<func::FuncOp>(createQNTInsertCalibration());
        pm.addPass(createQNTSmoothQuant(options, statistics));
      })))
    return llvm::createStringError("smoothing the model failed");
  floatModel.walk([](qnt::CalibrateOp marker) {
    marker.getResult().replaceAllUsesWith(marker.getInput());
    marker.erase();
  });
  return llvm::Error::success();
}

llvm::Expected<CalibrationStats>
qmlir::calibrate(const CalibrationPlan &plan, ArrayRef<const NpyArray *> inputs,
                 ArrayRef<std::string> what, const CalibrateOptions &options) {
  if (std::string bad = quant::Histogram::checkBins(options.histogramBins);
      !bad.empty())
    return llvm::createStringError("histogram bins " + bad);
  if (plan.ids.empty())
    return llvm::createStringError("the model has no activation to "
                                   "calibrate");
  if (what.size() != inputs.size())
    return llvm::createStringError("one name per calibration array needed");
  // Non-finite inputs are the data's fault; the statistics then blame the
  // model for what it computes from finite ones.
  if (!options.allowNonFinite)
    if (llvm::Error err = checkFiniteInputs(inputs, what))
      return std::move(err);
  OwningOpRef<ModuleOp> instrumented = plan.instrumented.get().clone();
  auto compiled = compile(*instrumented, options.threads);
  if (!compiled)
    return llvm::createStringError("compiling the calibration model: " +
                                   llvm::toString(compiled.takeError()));
  if (!options.probes.empty() && options.probes.size() != plan.ids.size())
    return llvm::createStringError("one probe entry per calibrated "
                                   "activation needed");
  runtime::CalibrationRecorder recorder(plan.ids, options.histogramBins);
  recorder.setChannelMoments(options.channelMoments);
  for (auto [id, probe] : llvm::enumerate(options.probes))
    recorder.setProbes(id, probe.first, probe.second);
  std::vector<double> batchMs;
  if (llvm::Error err = setCalibrationRecorder(*compiled->engine, &recorder))
    return std::move(err);
  llvm::Error ran =
      runDataset(*compiled, inputs, what, nullptr, batchMs, options.progress);
  if (ran)
    return llvm::createStringError("calibration: " +
                                   llvm::toString(std::move(ran)));
  return collectStatistics(recorder, options.histogramBins,
                           options.allowNonFinite, options.warn);
}

llvm::Expected<std::vector<NpyArray>>
qmlir::readInputArrays(ArrayRef<std::string> inputNames,
                       ArrayRef<std::string> entries, StringRef option,
                       std::vector<std::string> &paths) {
  std::vector<std::optional<NpyArray>> arrays(inputNames.size());
  paths.assign(inputNames.size(), std::string());
  size_t next = 0;
  std::string names = llvm::join(inputNames, ", ");
  for (const std::string &entry : entries) {
    auto [prefix, rest] = StringRef(entry).split('=');
    const auto *named = llvm::find(inputNames, prefix.str());
    bool byName = !rest.empty() && named != inputNames.end();
    if (!byName && !rest.empty() && !llvm::sys::fs::exists(entry))
      return llvm::createStringError(option + " " + entry +
                                     ": the model has no input named '" +
                                     prefix + "' (its inputs: " + names + ")");
    std::string path = byName ? rest.str() : entry;
    size_t index = byName ? named - inputNames.begin() : next++;
    if (index >= inputNames.size())
      return llvm::createStringError(option + " " + entry + ": the model has " +
                                     std::to_string(inputNames.size()) +
                                     " input(s) (" + names + ")");
    if (arrays[index])
      return llvm::createStringError(option + " gives input '" +
                                     inputNames[index] + "' twice");
    Result<NpyArray> array = runtime::readNpy(path);
    if (!array)
      return llvm::createStringError(array.error());
    arrays[index] = std::move(*array);
    paths[index] = path;
  }
  std::vector<NpyArray> result;
  for (size_t i = 0; i < inputNames.size(); ++i) {
    if (!arrays[i])
      return llvm::createStringError(
          option + ": no data for input '" + inputNames[i] +
          "' (give NAME=file.npy for each of " + names + ")");
    result.push_back(std::move(*arrays[i]));
  }
  return std::move(result);
}

std::vector<std::pair<std::string, double>>
qmlir::underflowingActivations(const CalibrationStats &statistics,
                               const QuantizeFlowOptions &options) {
  std::vector<std::pair<std::string, double>> result;
  if (!(options.floatUnderflow > 0))
    return result;
  qmlir::quant::RangeOptions ranges = activationRangeOptions(options);
  for (auto [id, s] : llvm::zip(statistics.ids, statistics.stats)) {
    Result<qmlir::quant::Range> range = qmlir::quant::computeRange(s, ranges);
    if (!range)
      continue;
    double fraction = quant::underflowFraction(s, *range, ranges.bits);
    if (fraction > options.floatUnderflow)
      result.push_back({id, fraction});
  }
  return result;
}

llvm::Expected<std::vector<RangeChoice>> qmlir::chooseRangeMethods(
    const CalibrationPlan &plan, const CalibrationStats &statistics,
    ArrayRef<const NpyArray *> inputs, ArrayRef<std::string> what,
    const QuantizeFlowOptions &options, const CalibrateOptions &calibration) {
  static constexpr qmlir::quant::RangeMethod kCandidates[] = {
      qmlir::quant::RangeMethod::MinMax,
      qmlir::quant::RangeMethod::AverageMinMax,
      qmlir::quant::RangeMethod::Percentile, qmlir::quant::RangeMethod::Entropy,
      qmlir::quant::RangeMethod::MSE};
  // The ids raised to 16 bits, as int16Specs gives them to qnt-quantize.
  llvm::StringSet<> wide;
  for (const QuantLayer &layer : plan.layers)
    if (llvm::any_of(options.int16Layers, [&](const std::string &pattern) {
          auto glob = llvm::GlobPattern::create(pattern);
          return glob && glob->match(layer.name);
        }))
      for (const std::string &id : layer.precisionIds)
        wide.insert(id);
  auto storageOf = [](ActivationScheme scheme) {
    switch (scheme) {
    case ActivationScheme::U8:
      return std::make_pair(qmlir::quant::StorageSpec::u8(),
                            qmlir::quant::Scheme::Asymmetric);
    case ActivationScheme::S8:
      return std::make_pair(qmlir::quant::StorageSpec{8, true, true},
                            qmlir::quant::Scheme::Symmetric);
    case ActivationScheme::S16:
      break;
    }
    return std::make_pair(qmlir::quant::StorageSpec{16, true, true},
                          qmlir::quant::Scheme::Symmetric);
  };

  // The candidates' parameters per id; ids without statistics (or without
  // a range under any method) measure nothing.
  CalibrateOptions probing = calibration;
  probing.channelMoments = false;
  probing.probes.resize(plan.ids.size());
  std::vector<std::vector<qmlir::quant::RangeMethod>> methods(plan.ids.size());
  for (auto [k, id] : llvm::enumerate(plan.ids)) {
    const qmlir::quant::TensorStatistics *s = statistics.find(id);
    if (!s)
      continue;
    ActivationScheme scheme =
        wide.contains(id) ? ActivationScheme::S16 : options.activations;
    auto [storage, symmetry] = storageOf(scheme);
    qmlir::quant::RangeOptions range;
    range.symmetric = symmetry == qmlir::quant::Scheme::Symmetric;
    range.bits = int(storage.bits);
    probing.probes[k].first = storage;
    for (qmlir::quant::RangeMethod method : kCandidates) {
      range.method = method;
      Result<qmlir::quant::Range> r = qmlir::quant::computeRange(*s, range);
      if (!r)
        continue;
      Result<qmlir::quant::QuantParams> params =
          qmlir::quant::chooseQuantParams(r->lo, r->hi, storage, symmetry);
      if (!params)
        continue;
      probing.probes[k].second.push_back(*params);
      methods[k].push_back(method);
    }
  }
  auto measured = calibrate(plan, inputs, what, probing);
  if (!measured)
    return measured.takeError();

  // How each marker's channels reach the layers reading it.
  llvm::StringMap<ChannelReach> reaches;
  plan.instrumented.get()->walk([&](qnt::CalibrateOp marker) {
    if (auto reach = channelReach(marker.getResult()))
      reaches[marker.getId()] = std::move(*reach);
  });

  std::vector<RangeChoice> choices;
  for (auto [k, id] : llvm::enumerate(plan.ids)) {
    const qmlir::quant::TensorStatistics *s = measured->find(id);
    if (!s || methods[k].empty())
      continue;
    size_t channels = s->probeChannels();
    if (channels == 0 || s->probeParams.size() != methods[k].size())
      continue;
    auto reach = reaches.find(id);
    bool weighted =
        reach != reaches.end() && size_t(reach->second.channels) == channels;
    RangeChoice choice;
    choice.id = id;
    choice.weighted = weighted;
    choice.method = options.method;
    double best = std::numeric_limits<double>::infinity();
    double atDefault = best;
    uint64_t total = 0;
    for (uint64_t n : s->probeCounts)
      total += n;
    for (auto [m, method] : llvm::enumerate(methods[k])) {
      const double *squares = s->probeErrors.data() + m * channels;
      const double *sums = s->probeSums.data() + m * channels;
      double error = 0;
      if (!weighted) {
        // The activation's own mean squared error.
        for (size_t c = 0; c < channels; ++c)
          error += squares[c];
        error = total ? error / double(total) : 0.0;
      } else {
        // Per output position of the readers: each channel's error
        // variance times its weights' energy, and the shift its mean error
        // (the bias clipping leaves) makes in each output through the
        // taps; channels' errors are taken as uncorrelated apart from
        // their means.
        const ChannelReach &r = reach->second;
        std::vector<double> mean(channels, 0.0);
        for (size_t c = 0; c < channels; ++c) {
          uint64_t n = s->probeCounts[c];
          if (!n)
            continue;
          mean[c] = sums[c] / double(n);
          double variance = squares[c] / double(n) - mean[c] * mean[c];
          error += r.energy[c] * std::max(variance, 0.0);
        }
        for (int64_t o = 0; o < r.outputs; ++o) {
          double shift = 0;
          for (size_t c = 0; c < channels; ++c)
            shift += r.taps[o * channels + c] * mean[c];
          error += shift * shift;
        }
      }
      choice.errors.push_back({method, error});
      if (method == options.method)
        atDefault = error;
      if (error < best) {
        best = error;
        choice.method = method;
      }
    }
    // Ties keep the default.
    if (atDefault <= best)
      choice.method = options.method;
    choices.push_back(std::move(choice));
  }
  return std::move(choices);
}

llvm::Expected<OwningOpRef<ModuleOp>> qmlir::quantizeModel(
    ModuleOp floatModel, std::shared_ptr<const CalibrationStats> statistics,
    const QuantizeFlowOptions &options, ArrayRef<QuantLayer> layers) {
  if (llvm::Error err = verifyOptions(options))
    return std::move(err);
  QuantizePipelineOptions quantize;
  quantize.statistics = std::move(statistics);
  quantize.method = options.method;
  quantize.activations = options.activations;
  quantize.weights = options.weights;
  quantize.weightBits = options.weightBits;
  quantize.mode = options.mode;
  quantize.floatLayers = options.floatLayers;
  std::vector<std::string> floatActivations = options.floatActivations;
  if (quantize.statistics && options.mode == QuantizationMode::Static)
    for (auto &[id, fraction] :
         underflowingActivations(*quantize.statistics, options))
      floatActivations.push_back(escapeGlob(id));
  quantize.keepFloat = floatActivations;
  quantize.methodFor = methodForSpecs(options.methodFor);
  quantize.biasCorrection = options.biasCorrection;
  quantize.roundWeights = options.roundWeights;
  quantize.activationsFor =
      int16Specs(std::vector<QuantLayer>(layers.begin(), layers.end()),
                 options.int16Layers);
  OwningOpRef<ModuleOp> quantized = floatModel.clone();
  if (failed(runPasses(*quantized, [&](OpPassManager &pm) {
        buildQuantizePipeline(pm, quantize);
        buildLowerToInt8LinalgPipeline(pm);
      })))
    return llvm::createStringError("quantizing the model failed");
  return std::move(quantized);
}

llvm::Expected<PrecisionAnalysis> qmlir::analyzePrecision(
    ModuleOp floatModel, std::shared_ptr<const CalibrationStats> statistics,
    const QuantizeFlowOptions &options, ArrayRef<QuantLayer> layers,
    ArrayRef<std::string> evalData, StringRef labelsPath,
    const std::optional<PrecisionBudget> &budget, unsigned threads) {
  if (!statistics)
    return llvm::createStringError("sensitivity needs calibration "
                                   "statistics");
  // One array per model input, by name or in order.
  auto main = floatModel.lookupSymbol<func::FuncOp>("main");
  if (!main || main.isExternal())
    return llvm::createStringError("the model has no function @main");
  std::vector<std::string> inputNames = inputNamesOf(main);
  std::vector<std::string> evalPaths;
  auto eval = readInputArrays(inputNames, evalData, "--eval-data", evalPaths);
  if (!eval)
    return eval.takeError();
  OwningOpRef<ModuleOp> floatRun = floatModel.clone();
  auto floatCompiled = compile(*floatRun, threads);
  if (!floatCompiled)
    return llvm::createStringError("compiling the float model: " +
                                   llvm::toString(floatCompiled.takeError()));
  Evaluator evaluator;
  evaluator.floatModel = floatModel;
  evaluator.statistics = statistics;
  evaluator.method = options.method;
  evaluator.methodFor = options.methodFor;
  // The analysis quantizes as quantizeModel does.
  evaluator.floatActivations = options.floatActivations;
  for (auto &[id, fraction] : underflowingActivations(*statistics, options))
    evaluator.floatActivations.push_back(escapeGlob(id));
  evaluator.biasCorrection = options.biasCorrection;
  evaluator.roundWeights = options.roundWeights;
  evaluator.activations = options.activations;
  evaluator.weights = options.weights;
  evaluator.weightBits = options.weightBits;
  evaluator.layers.assign(layers.begin(), layers.end());
  for (const NpyArray &array : *eval)
    evaluator.eval.push_back(&array);
  evaluator.evalPaths = evalPaths;
  evaluator.classes = floatCompiled->classes();
  evaluator.threads = threads;
  std::vector<double> ms;
  std::vector<std::vector<float>> results;
  if (llvm::Error err =
          runDataset(*floatCompiled, evaluator.eval, evalPaths, &results, ms))
    return std::move(err);
  if (!results.empty())
    evaluator.reference = std::move(results.front());
  PrecisionAnalysis analysis;
  std::vector<int64_t> labelValues;
  if (!labelsPath.empty()) {
    int64_t rows = int64_t(evaluator.reference.size()) / evaluator.classes;
    auto labels = readLabels(labelsPath.str(), rows, evaluator.classes);
    if (!labels)
      return labels.takeError();
    labelValues = std::move(*labels);
    evaluator.labels = &labelValues;
    analysis.fp32Top1 =
        top1Percent(evaluator.reference, evaluator.classes, labelValues);
  }
  auto report = analyzeSensitivity(evaluator, evaluator.layers, *statistics);
  if (!report)
    return llvm::createStringError("sensitivity: " +
                                   llvm::toString(report.takeError()));
  analysis.sensitivity = std::move(*report);
  if (budget) {
    auto chosen = choosePrecision(evaluator, analysis.sensitivity, *budget,
                                  analysis.fp32Top1);
    if (!chosen)
      return llvm::createStringError("auto-precision: " +
                                     llvm::toString(chosen.takeError()));
    analysis.choice = std::move(*chosen);
  }
  return std::move(analysis);
}

void PrecisionAnalysis::print(llvm::raw_ostream &os,
                              StringRef budgetSpec) const {
  sensitivity.print(os);
  os << "\n";
  if (!choice)
    return;
  const Precision &p = choice->precision;
  os << "auto-precision " << budgetSpec << ": "
     << (choice->met ? "met" : "NOT met (every layer raised)") << " with "
     << p.int16Layers.size() << " 16-bit layer(s), " << p.floatLayers.size()
     << " float layer(s) and " << p.floatRegions.size()
     << " float region(s): SQNR "
     << llvm::format("%.2f", choice->outcome.comparison.sqnrDb) << " dB";
  if (choice->outcome.top1Percent)
    os << llvm::format(", top-1 %.2f%% (fp32 %.2f%%)",
                       *choice->outcome.top1Percent, fp32Top1);
  os << "\n ";
  if (!p.int16Layers.empty())
    os << " --int16-layers=" << llvm::join(p.int16Layers, ",");
  if (!p.floatLayers.empty())
    os << " --float-layers=" << llvm::join(p.floatLayers, ",");
  if (!p.keepFloat.empty())
    os << " --float-activations=" << llvm::join(p.keepFloat, ",");
  os << "\n\n";
}

llvm::Error
qmlir::writeFile(StringRef path,
                 llvm::function_ref<void(llvm::raw_ostream &)> print) {
  if (llvm::Error err = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
        print(os);
        return llvm::Error::success();
      }))
    return llvm::createStringError("cannot write " + path + ": " +
                                   llvm::toString(std::move(err)));
  return llvm::Error::success();
}

llvm::Error qmlir::writeCompiledModel(ModuleOp module,
                                      const AotOptions &options,
                                      StringRef outputPath,
                                      StringRef headerPath, bool sharedLibrary,
                                      StringRef aotRuntimeLibrary) {
  OwningOpRef<ModuleOp> lowered = module.clone();
  auto artifact =
      compileArtifact(*lowered, options, sharedLibrary, aotRuntimeLibrary);
  if (!artifact)
    return llvm::createStringError("compiling " + outputPath + ": " +
                                   llvm::toString(artifact.takeError()));
  StringRef bytes = artifact->object;
  auto write = [](StringRef path, StringRef contents) -> llvm::Error {
    if (llvm::Error err = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
          os << contents;
          return llvm::Error::success();
        }))
      return llvm::createStringError("cannot write " + path + ": " +
                                     llvm::toString(std::move(err)));
    return llvm::Error::success();
  };
  // The header first: if the object cannot be written, the header goes.
  if (llvm::Error err = write(headerPath, artifact->header))
    return err;
  if (llvm::Error err = write(outputPath, bytes)) {
    llvm::sys::fs::remove(headerPath);
    return err;
  }
  return llvm::Error::success();
}

bool qmlir::isCompiledOutput(StringRef path) {
  StringRef extension = llvm::sys::path::extension(path);
  return extension == ".o" || extension == ".so";
}

llvm::Error qmlir::writeModel(ModuleOp module, StringRef outputPath,
                              const AotOptions &options, StringRef headerPath,
                              StringRef aotRuntimeLibrary) {
  if (isCompiledOutput(outputPath))
    return writeCompiledModel(
        module, options, outputPath,
        headerPath.empty() ? headerPathFor(outputPath) : headerPath.str(),
        llvm::sys::path::extension(outputPath) == ".so", aotRuntimeLibrary);
  if (!outputPath.ends_with(".mlir"))
    return llvm::createStringError(
        "the output must be a .mlir file (the int8 module), a .o object or a "
        ".so shared library, got '" +
        outputPath + "'");
  return writeFile(outputPath,
                   [&](llvm::raw_ostream &os) { module.print(os); });
}

/// `job`'s calibration data for `plan`'s inputs: the arrays, and in
/// `inputs` and `paths` each input's array and file.
static llvm::Expected<std::vector<NpyArray>>
readJobData(const QuantizeJob &job, const CalibrationPlan &plan,
            SmallVectorImpl<const NpyArray *> &inputs,
            std::vector<std::string> &paths) {
  auto arrays = readInputArrays(plan.inputNames, job.calibrationData,
                                "--calibration-data", paths);
  if (arrays)
    for (const NpyArray &array : *arrays)
      inputs.push_back(&array);
  return arrays;
}

/// Runs `plan` over `job`'s calibration data (`samples` gets the number of
/// samples).
static llvm::Expected<CalibrationStats>
calibrateOnJobData(const QuantizeJob &job, const CalibrationPlan &plan,
                   const CalibrateOptions &options,
                   int64_t *samples = nullptr) {
  std::vector<std::string> paths;
  SmallVector<const NpyArray *> inputs;
  auto arrays = readJobData(job, plan, inputs, paths);
  if (!arrays)
    return arrays.takeError();
  if (samples)
    *samples = inputs[0]->shape.empty() ? 1 : inputs[0]->shape[0];
  return calibrate(plan, inputs, paths, options);
}

/// Calibrates `model` for `job` (static mode). A QDQ model pins its own
/// parameters: only the activations it leaves unpinned are calibrated, and
/// without any there is no calibration run.
static llvm::Error calibrateJob(const QuantizeJob &job, ModuleOp model,
                                QuantizeResult &result, CalibrationStats &stats,
                                std::vector<QuantLayer> &layers) {
  auto plan = planCalibration(model);
  if (!plan)
    return plan.takeError();
  layers = plan->layers;
  result.pinned = plan->pinned;
  result.calibratedIds = plan->ids.size();
  const std::vector<std::string> &ids = plan->ids;
  if (ids.empty() && !plan->pinned)
    return llvm::createStringError(job.modelPath +
                                   " has no activation to quantize");
  if (!ids.empty() && job.calibrationData.empty()) {
    if (!plan->pinned)
      return llvm::createStringError(
          "--calibration-data is required (except with --mode weight-only "
          "or dynamic, or a QDQ model)");
    return llvm::createStringError(
        "--calibration-data is required: " + std::to_string(ids.size()) +
        " activation(s) of the QDQ model have no quantization parameters "
        "(first: '" +
        ids.front() + "')");
  }
  if (ids.empty()) {
    if (!job.calibrationData.empty() && job.note)
      job.note("every activation of " + job.modelPath +
               " is pinned by the model; --calibration-data is not used");
    return llvm::Error::success();
  }
  CalibrateOptions calibration = job.calibration;
  calibration.channelMoments |= job.options.roundWeights;
  auto calibrated =
      calibrateOnJobData(job, *plan, calibration, &result.calibrationSamples);
  if (!calibrated)
    return calibrated.takeError();
  stats = std::move(*calibrated);
  return llvm::Error::success();
}

/// The calibration plan of `model` (its instrumented clone) and the
/// channel moments of every marker on `job`'s calibration data.
static llvm::Expected<
    std::pair<OwningOpRef<ModuleOp>, std::shared_ptr<const CalibrationStats>>>
channelMoments(const QuantizeJob &job, ModuleOp model) {
  auto plan = planCalibration(model);
  if (!plan)
    return plan.takeError();
  if (job.calibrationData.empty())
    return llvm::createStringError(
        "pruning with reconstruction needs --calibration-data");
  if (plan->ids.empty())
    return llvm::createStringError(job.modelPath +
                                   " has no activation to reconstruct from");
  CalibrateOptions options = job.calibration;
  options.channelMoments = true;
  options.progress = nullptr;
  auto stats = calibrateOnJobData(job, *plan, options);
  if (!stats)
    return stats.takeError();
  return std::make_pair(
      std::move(plan->instrumented),
      std::make_shared<const CalibrationStats>(std::move(*stats)));
}

llvm::Expected<QuantizeResult> qmlir::runQuantizeJob(MLIRContext &context,
                                                     llvm::SourceMgr &sourceMgr,
                                                     const QuantizeJob &job) {
  if (llvm::Error err = verifyOptions(job.options))
    return std::move(err);
  QuantizeResult result;
  OwningOpRef<ModuleOp> model =
      loadModel(job.modelPath, &context, sourceMgr, job.load);
  if (!model)
    return llvm::createStringError("cannot read the model " + job.modelPath);
  auto prepared = prepareFloatModel(*model);
  if (!prepared)
    return llvm::createStringError(job.modelPath + ": " +
                                   llvm::toString(prepared.takeError()));
  result.floatModel = std::move(*prepared);

  // The pruned float model is the one calibrated and quantized.
  if (job.prune) {
    qnt::PruneOptions prune = *job.prune;
    if (prune.reconstruct) {
      // The unpruned model's channel moments, on its calibration markers:
      // pruning refits on them, then the markers go.
      auto moments = channelMoments(job, *result.floatModel);
      if (!moments)
        return moments.takeError();
      prune.statistics = std::move(moments->second);
      result.prunedModel = std::move(moments->first);
    } else {
      result.prunedModel = result.floatModel->clone();
    }
    FailureOr<qnt::PruneReport> report =
        qnt::pruneModule(*result.prunedModel, prune);
    if (failed(report))
      return llvm::createStringError("pruning " + job.modelPath + " failed");
    result.prunedModel->walk([](qnt::CalibrateOp marker) {
      marker.getResult().replaceAllUsesWith(marker.getInput());
      marker.erase();
    });
    result.prune = std::move(*report);
  }
  ModuleOp floatModel = result.quantizedFloat();
  // Cross-layer equalization changes the weights, not the function: the
  // model calibrated and quantized is the equalized one.
  if (job.options.equalize &&
      failed(runPasses(floatModel, [](OpPassManager &pm) {
        pm.addNestedPass<func::FuncOp>(createQNTEqualize());
      })))
    return llvm::createStringError("equalizing " + job.modelPath + " failed");

  // Smoothing changes the weights, not the function, from the channel
  // ranges of a first calibration run: the model calibrated and quantized
  // is the smoothed one.
  bool isStatic = job.options.mode == QuantizationMode::Static;
  if (isStatic && job.options.smoothQuant) {
    auto plan = planCalibration(floatModel);
    if (!plan)
      return plan.takeError();
    if (job.calibrationData.empty())
      return llvm::createStringError("--smooth-quant needs "
                                     "--calibration-data");
    if (!plan->ids.empty()) {
      auto first = calibrateOnJobData(job, *plan, job.calibration);
      if (!first)
        return first.takeError();
      if (llvm::Error err = smoothModel(
              floatModel,
              std::make_shared<const CalibrationStats>(std::move(*first)),
              job.options.smoothAlpha))
        return llvm::createStringError(job.modelPath + ": " +
                                       llvm::toString(std::move(err)));
    }
  }

  // Weight-only and dynamic quantization need no statistics.
  auto stats = std::make_shared<CalibrationStats>();
  std::vector<QuantLayer> layers;
  if (isStatic)
    if (llvm::Error err = calibrateJob(job, floatModel, result, *stats, layers))
      return std::move(err);

  // Activations one scale cannot hold (most of their values round to 0)
  // stay float (quantizeModel leaves them float; listed here for the
  // report).
  QuantizeFlowOptions options = job.options;
  if (isStatic)
    result.underflowing = underflowingActivations(*stats, options);

  // The `auto` range method: a second calibration run measures each
  // candidate method's error per activation.
  if (isStatic && options.autoRange && result.calibratedIds) {
    auto plan = planCalibration(floatModel);
    if (!plan)
      return plan.takeError();
    std::vector<std::string> paths;
    SmallVector<const NpyArray *> inputs;
    auto arrays = readJobData(job, *plan, inputs, paths);
    if (!arrays)
      return arrays.takeError();
    CalibrateOptions calibration = job.calibration;
    calibration.progress = nullptr;
    auto choices =
        chooseRangeMethods(*plan, *stats, inputs, paths, options, calibration);
    if (!choices)
      return choices.takeError();
    for (const RangeChoice &choice : *choices)
      if (choice.method != options.method)
        options.methodFor.push_back({choice.id, choice.method});
    result.rangeChoices = std::move(*choices);
  }

  // Sensitivity and automatic mixed precision: variants of the quantized
  // model against the float one on the evaluation data.
  if (job.analyze) {
    auto analyzed =
        analyzePrecision(floatModel, stats, options, layers, job.evalData,
                         job.evalLabels, job.budget, job.calibration.threads);
    if (!analyzed)
      return analyzed.takeError();
    result.analysis = std::move(*analyzed);
    if (result.budgetMissed() && !job.writeBest)
      return std::move(result);
    if (const auto &choice = result.analysis->choice) {
      llvm::append_range(options.floatLayers, choice->precision.floatLayers);
      llvm::append_range(options.int16Layers, choice->precision.int16Layers);
      llvm::append_range(options.floatActivations, choice->precision.keepFloat);
    }
  }
  result.floatLayers = options.floatLayers;
  result.int16Layers = options.int16Layers;

  if (result.calibratedIds)
    result.statistics = stats;
  auto quantized = quantizeModel(
      floatModel, result.calibratedIds ? stats : nullptr, options, layers);
  if (!quantized)
    return llvm::createStringError(job.modelPath + ": " +
                                   llvm::toString(quantized.takeError()));
  result.quantized = std::move(*quantized);
  return std::move(result);
}
