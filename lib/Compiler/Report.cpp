//===- Report.cpp - What a quantization did, measured ---------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Compiler/Report.h"

#include "qmlir/Compiler/Compiler.h"
#include "qmlir/Compiler/Evaluation.h"

#include "mlir/IR/Matchers.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace qmlir;
using runtime::NpyArray;

RemarkSummary::RemarkSummary(MLIRContext &context, bool verbose, StringRef tool,
                             llvm::raw_ostream &os)
    : context(context), tool(tool.str()), os(os) {
  handler =
      context.getDiagEngine().registerHandler([this, verbose](Diagnostic &d) {
        if (verbose || d.getSeverity() != DiagnosticSeverity::Remark)
          return failure();
        auto [it, inserted] = repeats.try_emplace(d.str(), 0);
        if (inserted) {
          order.push_back(it->first());
          return failure(); // printed by the next handler
        }
        ++it->second;
        return success();
      });
}

RemarkSummary::~RemarkSummary() {
  context.getDiagEngine().eraseHandler(handler);
  for (StringRef message : order)
    if (unsigned more = repeats.lookup(message))
      os << tool << ": " << more << " more remark" << (more == 1 ? "" : "s")
         << " as above: " << message << " (--verbose prints each)\n";
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

/// The calibrated activations whose ranges clip values of the evaluation
/// data: the calibrated float model instrumented and run over it.
llvm::Expected<std::vector<Saturation>>
saturationOnEvaluation(const QuantizationSummary &in,
                       ArrayRef<const NpyArray *> eval,
                       ArrayRef<std::string> paths) {
  ModuleOp calibrated = in.prunedModel ? in.prunedModel : in.floatModel;
  auto plan = planCalibration(calibrated);
  if (!plan)
    return plan.takeError();
  CalibrateOptions options;
  options.threads = in.threads;
  options.histogramBins = in.statistics->bins;
  options.allowNonFinite = true; // the comparison above shows their effect
  auto seen = calibrate(*plan, eval, paths, options);
  if (!seen)
    return llvm::createStringError("measuring the evaluation data's ranges: " +
                                   llvm::toString(seen.takeError()));
  return measureSaturation(*in.statistics, *seen, in.ranges, in.methodFor);
}

/// Clipping of more than this part of an activation's values is printed.
constexpr double kSaturationWarnFraction = 1e-3;
/// At most this many activations are printed (the JSON report has all).
constexpr size_t kSaturationPrinted = 5;

void printSaturation(ArrayRef<Saturation> clipped, llvm::raw_ostream &os) {
  size_t worth = llvm::count_if(clipped, [](const Saturation &s) {
    return s.fraction > kSaturationWarnFraction;
  });
  if (worth == 0)
    return;
  os << "\nwarning: " << worth
     << (worth == 1 ? " calibrated range clips" : " calibrated ranges clip")
     << " more than " << llvm::format("%g", kSaturationWarnFraction * 100)
     << "% of the evaluation data's values (worst first):\n";
  for (const Saturation &s :
       clipped.take_front(std::min(worth, kSaturationPrinted)))
    os << llvm::format("  %-28s %7.3f%% clipped: range [%.4g, %.4g], "
                       "evaluation data [%.4g, %.4g]\n",
                       s.id.c_str(), s.fraction * 100, s.range.lo, s.range.hi,
                       s.min, s.max);
  if (worth > kSaturationPrinted)
    os << "  ... and " << worth - kSaturationPrinted
       << " more (the --report JSON lists all)\n";
}

} // namespace

llvm::Expected<llvm::json::Object>
qmlir::reportQuantization(const QuantizationSummary &in,
                          llvm::raw_ostream &os) {
  // The models compared: fp32, the pruned fp32 (with --prune), int8.
  struct Variant {
    std::string name, key; // the table's column, the JSON report's key
    ModuleOp module;
    int64_t bytes = 0, zstd = 0;
    std::optional<Compiled> compiled;
    std::vector<std::vector<float>> outs; // every result over the dataset
    std::vector<double> ms;
  };
  std::vector<Variant> variants;
  variants.push_back({"fp32", "fp32", in.floatModel, 0, 0, {}, {}, {}});
  if (in.prunedModel)
    variants.push_back(
        {"pruned fp32", "pruned_fp32", in.prunedModel, 0, 0, {}, {}, {}});
  // The quantized model's column: int8, or 16x8 with 16-bit activations,
  // "w4" with 4-bit weights, "w8 only" / "w4 only" for weight-only
  // quantization; its JSON key stays "int8".
  std::string quantizedName =
      in.activations == ActivationScheme::S16 ? "16x8" : "int8";
  if (in.weightBits != 8)
    quantizedName += " w" + std::to_string(in.weightBits);
  if (in.mode == "weight-only")
    quantizedName = "w" + std::to_string(in.weightBits) + " only";
  if (in.mode == "dynamic")
    quantizedName = "dynamic";
  variants.push_back(
      {quantizedName, "int8", in.quantizedModel, 0, 0, {}, {}, {}});
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
  llvm::json::Object summary{{"model", in.modelPath},
                             {"scheme", in.scheme},
                             {"method", in.method},
                             {"mode", in.mode},
                             {"calibration_samples", in.calibrationSamples},
                             {"weights_bytes", std::move(bytesJSON)}};
  if (!zstdJSON.empty()) {
    summary["weights_zstd_bytes"] = std::move(zstdJSON);
    summary["weights_zstd_level"] = zstdLevel;
  }
  if (in.prune)
    summary["prune"] = in.prune->toJSON();
  if (!in.floatLayers.empty())
    summary["float_layers"] = llvm::json::Array(in.floatLayers);
  if (!in.int16Layers.empty())
    summary["int16_layers"] = llvm::json::Array(in.int16Layers);
  if (in.choice)
    summary["auto_precision"] = llvm::json::Object{
        {"budget", in.budget},
        {"met", in.choice->met},
        {"int16_layers", llvm::json::Array(in.choice->precision.int16Layers)},
        {"float_layers", llvm::json::Array(in.choice->precision.floatLayers)},
        {"float_regions", llvm::json::Array(in.choice->precision.floatRegions)},
        {"float_activations",
         llvm::json::Array(in.choice->precision.keepFloat)}};

  // The table: one column per variant, then int8 against fp32.
  auto row = [&](StringRef label, ArrayRef<std::string> cells,
                 const std::string &ratio) {
    os << llvm::format("%-22s", label.str().c_str());
    for (const std::string &cell : cells)
      os << llvm::format(" %14s", cell.c_str());
    os << llvm::format(" %14s", ratio.c_str()) << "\n";
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
  if (!in.tool.empty())
    os << in.tool << ": ";
  os << in.modelPath << " -> " << in.outputPath;
  if (in.mode != "static")
    os << " (" << in.mode << ", " << in.weightBits << "-bit weights";
  else if (in.pinned && in.calibratedIds == 0)
    os << " (the QDQ model's own parameters";
  else if (in.pinned)
    os << " (the QDQ model's own parameters; " << in.calibratedIds
       << " activation(s) calibrated with scheme " << in.scheme << ", method "
       << in.method;
  else
    os << " (scheme " << in.scheme << ", method " << in.method;
  if (in.prune)
    os << ", pruned " << in.pruneSpec;
  os << ")\n\n";
  row("", perVariant([](Variant &v) { return v.name; }),
      quantizedName + " / fp32");
  if (in.prune) {
    qnt::PruneLayerReport total = in.prune->total();
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
  if (!in.evalData.empty()) {
    std::vector<OwningOpRef<ModuleOp>> runs;
    for (Variant &v : variants) {
      runs.push_back(v.module.clone());
      auto compiled = compile(*runs.back(), in.threads);
      if (!compiled)
        return llvm::createStringError("compiling the " + v.name + " model: " +
                                       llvm::toString(compiled.takeError()));
      v.compiled = std::move(*compiled);
    }
    Compiled &reference = *fp32.compiled;
    // One array per model input, by name or in order.
    std::vector<std::string> paths;
    auto arrays =
        readInputArrays(std::vector<std::string>(reference.inputNames.begin(),
                                                 reference.inputNames.end()),
                        in.evalData, "--eval-data", paths);
    if (!arrays)
      return arrays.takeError();
    SmallVector<const NpyArray *> evalArrays;
    for (const NpyArray &array : *arrays)
      evalArrays.push_back(&array);
    // Alternate the models over the data twice; the second pass is timed.
    for (int pass = 0; pass < 2; ++pass)
      for (Variant &v : variants)
        if (llvm::Error err =
                runDataset(*v.compiled, evalArrays, paths, &v.outs, v.ms))
          return std::move(err);
    int64_t batch = reference.batch();
    size_t outputs = reference.resultShapes.size();
    // Each result of each variant against fp32's, by the result's kind.
    auto against = [&](Variant &v, Variant &base, size_t k) {
      return compareOutput(reference.resultNames[k], reference.resultShapes[k],
                           v.outs[k], base.outs[k],
                           resultSamples(reference, k, base.outs[k].size()),
                           in.threshold);
    };
    int64_t samples = resultSamples(reference, 0, fp32.outs[0].size());
    llvm::json::Object evaluation{{"samples", samples}};
    llvm::json::Array outputsJSON;
    std::vector<OutputComparison> int8Results;
    for (size_t k = 0; k < outputs; ++k) {
      int8Results.push_back(against(int8, fp32, k));
      outputsJSON.push_back(int8Results.back().toJSON());
    }
    const OutputComparison &first = int8Results.front();
    if (first.kind == OutputKind::Classes)
      evaluation["top1_agreement_percent"] = first.agreementPercent;
    if (!in.evalLabelsPath.empty()) {
      if (first.kind != OutputKind::Classes)
        return llvm::createStringError(
            "--eval-labels: the model's first result '" + first.name +
            "' is not a class output (its last axis must be longer than 1, "
            "in a result of rank 1 to 3)");
      int64_t classes = first.classes;
      int64_t rows = int64_t(fp32.outs[0].size()) / classes;
      auto labels = readLabels(in.evalLabelsPath, rows, classes);
      if (!labels)
        return labels.takeError();
      llvm::json::Object top1;
      std::vector<double> accuracy;
      for (Variant &v : variants) {
        accuracy.push_back(top1Percent(v.outs[0], classes, *labels));
        top1[v.key] = accuracy.back();
      }
      size_t i = 0;
      row("top-1 accuracy",
          perVariant([&](Variant &) { return text("%.2f%%", accuracy[i++]); }),
          text("%+.2f pts", accuracy.back() - accuracy.front()));
      evaluation["top1_percent"] = std::move(top1);
    }
    // One group of rows per result, named when there are several.
    for (size_t k = 0; k < outputs; ++k) {
      std::string suffix =
          outputs == 1 ? "" : " [" + reference.resultNames[k] + "]";
      std::vector<OutputComparison> results;
      for (Variant &v : variants)
        results.push_back(against(v, fp32, k));
      auto metricRow = [&](StringRef label, auto cell) {
        size_t i = 0;
        row(label.str() + suffix, perVariant([&](Variant &v) {
              const OutputComparison &c = results[i++];
              return &v == &fp32 ? std::string() : cell(c);
            }),
            "");
      };
      const OutputComparison &c = int8Results[k];
      if (c.kind == OutputKind::Classes)
        metricRow("top-1 agreement", [&](const OutputComparison &r) {
          return text("%.2f%%", r.agreementPercent);
        });
      metricRow("output SQNR", [&](const OutputComparison &r) {
        return text("%.2f dB", r.sqnrDb);
      });
      metricRow("output cosine", [&](const OutputComparison &r) {
        return text("%.4f", r.cosine);
      });
      if (c.samples > 1)
        metricRow("worst sample cosine", [&](const OutputComparison &r) {
          return text("%.4f", r.minSampleCosine);
        });
      metricRow("max abs error", [&](const OutputComparison &r) {
        return text("%.4g", r.maxAbsError);
      });
      if (c.threshold) {
        metricRow(text("decisions at %g", *c.threshold),
                  [&](const OutputComparison &r) {
                    return text("%.2f%%", r.decisionAgreementPercent);
                  });
        metricRow(text("IoU at %g", *c.threshold),
                  [&](const OutputComparison &r) {
                    return text("%.4f", r.decisionIoU);
                  });
      }
    }
    llvm::json::Object latency;
    for (Variant &v : variants)
      latency[v.key] = median(v.ms) / batch;
    row("latency / sample", perVariant([&](Variant &v) {
          return text("%.4f ms", median(v.ms) / batch);
        }),
        text("%.2fx", median(int8.ms) / median(fp32.ms)));
    if (in.prunedModel) {
      Variant &pruned = variants[1];
      // The pruning's effect, and the quantization's alone (int8 against the
      // pruned float model it was quantized from).
      OutputComparison prunedResult = against(pruned, fp32, 0);
      double quantSqnr = against(int8, pruned, 0).sqnrDb;
      row("int8 vs pruned fp32", {"", "", text("%.2f dB", quantSqnr)}, "");
      if (std::isfinite(prunedResult.sqnrDb))
        evaluation["pruned_output_sqnr_db"] = prunedResult.sqnrDb;
      if (std::isfinite(quantSqnr))
        evaluation["int8_vs_pruned_sqnr_db"] = quantSqnr;
      if (prunedResult.kind == OutputKind::Classes)
        evaluation["pruned_top1_agreement_percent"] =
            prunedResult.agreementPercent;
    }
    if (std::isfinite(first.sqnrDb))
      evaluation["output_sqnr_db"] = first.sqnrDb;
    if (in.statistics) {
      auto clipped = saturationOnEvaluation(in, evalArrays, paths);
      if (!clipped)
        return clipped.takeError();
      llvm::json::Array saturation;
      for (const Saturation &s : *clipped)
        saturation.push_back(llvm::json::Object{
            {"id", s.id},
            {"fraction", s.fraction},
            {"range", llvm::json::Array{s.range.lo, s.range.hi}},
            {"evaluation", llvm::json::Array{s.min, s.max}}});
      evaluation["saturation"] = std::move(saturation);
      printSaturation(*clipped, os);
    }
    evaluation["outputs"] = std::move(outputsJSON);
    evaluation["latency_ms_per_sample"] = std::move(latency);
    summary["evaluation"] = std::move(evaluation);
  }
  return std::move(summary);
}
