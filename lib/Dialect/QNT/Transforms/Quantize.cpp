//===- Quantize.cpp - The qnt-quantize pass -------------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Dialect/QNT/Transforms/Weights.h"
#include "qmlir/Quant/Calibration.h"
#include "qmlir/Quant/Numerics.h"
#include "qmlir/Support/StatsFile.h"
#include "qmlir/Transforms/LocationNames.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"

#include <cmath>

namespace qmlir {
#define GEN_PASS_DEF_QNTQUANTIZE
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;
namespace numerics = qmlir::quant;

namespace {

/// A storage choice with its MLIR spelling.
struct Storage {
  numerics::StorageSpec spec;
  numerics::Scheme scheme;
};

/// The quantized element type of `params` over `storage` expressing f32: per
/// tensor for one parameter set, else per axis along `axis`.
Type quantizedType(MLIRContext *context, const Storage &storage,
                   ArrayRef<numerics::QuantParams> params, int32_t axis) {
  return quantizedElementType(context, storage.spec, params, axis);
}

class QNTQuantize : public qmlir::impl::QNTQuantizeBase<QNTQuantize> {
public:
  using Base::Base;
  QNTQuantize(QNTQuantizeOptions options,
              std::shared_ptr<const CalibrationStats> statistics)
      : Base(std::move(options)), given(std::move(statistics)) {}

  LogicalResult initialize(MLIRContext *context) override {
    auto error = [&]() { return emitError(UnknownLoc::get(context)); };
    methods.clear();
    for (const std::string &spec : methodFor) {
      size_t eq = spec.rfind('=');
      if (eq == std::string::npos)
        return error() << "qnt-quantize: method-for '" << spec
                       << "': expected ID=METHOD";
      auto m = numerics::parseRangeMethod(spec.substr(eq + 1));
      if (!m)
        return error() << "qnt-quantize: method-for '" << spec
                       << "': " << m.error();
      methods[spec.substr(0, eq)] = *m;
    }
    auto storageOf = [&](ActivationScheme scheme) {
      Storage storage;
      switch (scheme) {
      case ActivationScheme::U8:
        storage = {numerics::StorageSpec::u8(), numerics::Scheme::Asymmetric};
        break;
      case ActivationScheme::S8:
        storage = {numerics::StorageSpec::s8(), numerics::Scheme::Symmetric};
        break;
      case ActivationScheme::S16:
        storage = {numerics::StorageSpec::s16(), numerics::Scheme::Symmetric};
        break;
      }
      if (storage.spec.isSigned)
        storage.spec.narrowRange = narrowRange;
      return storage;
    };
    activationStorage = storageOf(activations);
    activationsFor.clear();
    for (const std::string &spec : activationsForSpecs) {
      size_t eq = spec.rfind('=');
      std::optional<ActivationScheme> scheme;
      if (eq != std::string::npos)
        scheme = parseActivationScheme(StringRef(spec).substr(eq + 1));
      if (!scheme)
        return error() << "qnt-quantize: activations-for '" << spec
                       << "': expected PATTERN=u8|s8|s16";
      Storage storage = storageOf(*scheme);
      // The pattern refers to the option's string, which outlives it.
      auto glob = llvm::GlobPattern::create(StringRef(spec).substr(0, eq));
      if (!glob)
        return error() << "qnt-quantize: activations-for '" << spec
                       << "': " << llvm::toString(glob.takeError());
      activationsFor.push_back({std::move(*glob), storage});
    }
    auto spec = weightStorageSpec(weightBits, narrowRange);
    if (!spec)
      return error() << "qnt-quantize: " << llvm::toString(spec.takeError());
    weightStorage = {*spec, numerics::Scheme::Symmetric};
    if (!(percentile > 0.0 && percentile <= 100.0))
      return error() << "qnt-quantize: percentile "
                     << static_cast<double>(percentile)
                     << " is not in (0, 100]";
    patterns.clear();
    floatLayerPatterns.clear();
    if (llvm::Error err = appendGlobPatterns("keep-float", keepFloat, patterns))
      return error() << "qnt-quantize: " << llvm::toString(std::move(err));
    if (llvm::Error err =
            appendGlobPatterns("float-layers", floatLayers, floatLayerPatterns))
      return error() << "qnt-quantize: " << llvm::toString(std::move(err));
    auto statistics = passStatistics(given, statsFile);
    if (!statistics)
      return error() << "qnt-quantize: "
                     << llvm::toString(statistics.takeError());
    stats = std::move(*statistics);
    return success();
  }

  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::Graph)))
      return signalPassFailure();
    if (mode != QuantizationMode::Static) {
      // Activations stay float: the markers go.
      getOperation().walk([](qnt::CalibrateOp marker) {
        marker.getResult().replaceAllUsesWith(marker.getInput());
        marker.erase();
      });
    } else if (failed(quantizeActivations())) {
      return signalPassFailure();
    }
    if (failed(quantizeWeights()))
      signalPassFailure();
  }

private:
  bool isFloatLayer(StringRef name) const {
    return llvm::any_of(floatLayerPatterns, [&](const llvm::GlobPattern &p) {
      return p.match(name);
    });
  }

  bool keptFloat(StringRef name) const {
    return llvm::any_of(
        patterns, [&](const llvm::GlobPattern &p) { return p.match(name); });
  }

  LogicalResult quantizeActivations() {
    SmallVector<qnt::CalibrateOp> markers;
    getOperation().walk([&](qnt::CalibrateOp op) { markers.push_back(op); });
    bool failedAny = false;
    for (qnt::CalibrateOp marker : markers) {
      Value input = marker.getInput();
      auto drop = [&] {
        marker.getResult().replaceAllUsesWith(input);
        marker.erase();
      };
      // Kept float, or pinned by the model: no new parameters.
      if (keptFloat(marker.getId()) ||
          input.getDefiningOp<qnt::DequantizeOp>() ||
          (!marker.getResult().use_empty() &&
           llvm::all_of(marker.getResult().getUsers(), [](Operation *user) {
             return isa<qnt::QuantizeOp>(user);
           }))) {
        drop();
        continue;
      }
      if (!stats) {
        marker.emitError() << "qnt-quantize: calibration marker '"
                           << marker.getId()
                           << "' needs statistics; give stats=FILE";
        failedAny = true;
        continue;
      }
      const numerics::TensorStatistics *s = stats->find(marker.getId());
      if (!s) {
        marker.emitError() << "qnt-quantize: calibration id '" << marker.getId()
                           << "' has no statistics in "
                           << (statsFile.empty() ? "the calibration statistics"
                                                 : StringRef(statsFile))
                           << " (statistics of another model?)";
        failedAny = true;
        continue;
      }
      // The first activations-for pattern the id matches, else the default.
      Storage activationStorage = this->activationStorage;
      for (auto &[pattern, storage] : activationsFor)
        if (pattern.match(marker.getId())) {
          activationStorage = storage;
          break;
        }
      numerics::RangeOptions options;
      auto it = methods.find(marker.getId());
      options.method = it != methods.end() ? it->second : method;
      options.symmetric =
          activationStorage.scheme == numerics::Scheme::Symmetric;
      options.percentile = percentile;
      options.bits = activationStorage.spec.bits;
      auto range = numerics::computeRange(*s, options);
      if (!range) {
        marker.emitError() << "qnt-quantize: calibration id '" << marker.getId()
                           << "': " << range.error();
        failedAny = true;
        continue;
      }
      auto params = numerics::chooseQuantParams(range->lo, range->hi,
                                                activationStorage.spec,
                                                activationStorage.scheme);
      if (!params) {
        marker.emitError() << "qnt-quantize: calibration id '" << marker.getId()
                           << "': " << params.error();
        failedAny = true;
        continue;
      }
      auto type = cast<RankedTensorType>(input.getType());
      Type element =
          quantizedType(&getContext(), activationStorage, {*params}, 0);
      OpBuilder builder(marker);
      auto quantize = qnt::QuantizeOp::create(builder, marker.getLoc(),
                                              type.clone(element), input);
      // Calibrated, not pinned: qnt-propagate-scales may change it.
      quantize->setAttr(kCalibratedAttrName, builder.getUnitAttr());
      Value q = quantize;
      Value dq = qnt::DequantizeOp::create(builder, marker.getLoc(), type, q);
      marker.getResult().replaceAllUsesWith(dq);
      marker.erase();
    }
    return failure(failedAny);
  }

  LogicalResult quantizeWeights() {
    SmallVector<Operation *> contractions;
    getOperation().walk([&](Operation *op) {
      if (isa<tosa::Conv2DOp, tosa::TransposeConv2DOp, tosa::DepthwiseConv2DOp,
              tosa::MatMulOp>(op))
        contractions.push_back(op);
    });
    bool failedAny = false;
    for (Operation *op : contractions) {
      Value weight = op->getOperand(1);
      DenseElementsAttr values;
      if (!matchPattern(weight, m_Constant(&values)) ||
          !values.getElementType().isF32())
        continue;
      if (auto name = qnt::locationName(op->getLoc());
          name && (keptFloat(*name) || isFloatLayer(*name)))
        continue;
      auto type = cast<RankedTensorType>(weight.getType());
      std::optional<WeightLayout> layout = weightLayout(op, type, weights);
      if (!layout)
        continue;
      unsigned index = layout->operand;
      int32_t axis = layout->axis;
      std::vector<float> data(values.value_begin<float>(),
                              values.value_end<float>());
      auto q =
          numerics::quantizeWeights(data, layout->channels, layout->inner,
                                    weightStorage.spec, weightStorage.scheme);
      if (!q) {
        op->emitError() << "qnt-quantize: weights: " << q.error();
        failedAny = true;
        continue;
      }
      ArrayRef<numerics::QuantParams> params = q->params;
      ArrayRef<double> absMax = q->absMax;
      bool allZero = true;
      for (size_t i = 0; i < data.size(); ++i)
        allZero &= q->values[i] == params[q->channelOf(i)].zeroPoint;
      // The layer then computes a constant (its bias): almost always an
      // untrained or broken weight tensor, which the user should hear of.
      if (allZero && !data.empty())
        op->emitWarning()
            << "qnt-quantize: all " << data.size()
            << " weights quantize to zero (largest |w| = "
            << *llvm::max_element(absMax)
            << "): the layer's output no longer depends on its input";
      OpBuilder builder(op);
      Value dq = pinQuantizedWeights(builder, weight.getLoc(), type, *q,
                                     weightStorage.spec, axis);
      op->setOperand(index, dq);
      // Dynamic mode: convolutions and matmuls quantize their input at run
      // time (depthwise convolutions keep float inputs: weight-only).
      if (mode == QuantizationMode::Dynamic &&
          isa<tosa::Conv2DOp, tosa::MatMulOp>(op))
        op->setAttr(qnt::kDynamicAttrName, builder.getUnitAttr());
    }
    return failure(failedAny);
  }

  llvm::StringMap<numerics::RangeMethod> methods;
  Storage activationStorage;
  SmallVector<std::pair<llvm::GlobPattern, Storage>> activationsFor;
  Storage weightStorage;
  SmallVector<llvm::GlobPattern> patterns, floatLayerPatterns;
  /// Statistics handed over in memory (createQNTQuantize's overload).
  std::shared_ptr<const CalibrationStats> given;
  std::shared_ptr<const CalibrationStats> stats;
};

} // namespace

std::unique_ptr<Pass>
qmlir::createQNTQuantize(QNTQuantizeOptions options,
                         std::shared_ptr<const CalibrationStats> statistics) {
  return std::make_unique<QNTQuantize>(std::move(options),
                                       std::move(statistics));
}

StringRef qmlir::stringify(QuantizationMode mode) {
  switch (mode) {
  case QuantizationMode::Static:
    return "static";
  case QuantizationMode::WeightOnly:
    return "weight-only";
  case QuantizationMode::Dynamic:
    return "dynamic";
  }
  llvm_unreachable("quantization mode");
}

StringRef qmlir::stringify(ActivationScheme scheme) {
  switch (scheme) {
  case ActivationScheme::U8:
    return "u8";
  case ActivationScheme::S8:
    return "s8";
  case ActivationScheme::S16:
    return "s16";
  }
  llvm_unreachable("activation scheme");
}

StringRef qmlir::stringify(WeightGranularity granularity) {
  switch (granularity) {
  case WeightGranularity::PerChannel:
    return "per-channel";
  case WeightGranularity::PerTensor:
    return "per-tensor";
  }
  llvm_unreachable("weight granularity");
}

/// The enumerator of `E` in [0, count) whose spelling is `text`.
template <typename E>
static std::optional<E> parseSpelling(StringRef text, unsigned count) {
  for (unsigned i = 0; i < count; ++i)
    if (stringify(static_cast<E>(i)) == text)
      return static_cast<E>(i);
  return std::nullopt;
}

std::optional<QuantizationMode> qmlir::parseQuantizationMode(StringRef text) {
  return parseSpelling<QuantizationMode>(text, 3);
}

std::optional<ActivationScheme> qmlir::parseActivationScheme(StringRef text) {
  return parseSpelling<ActivationScheme>(text, 3);
}

std::optional<WeightGranularity> qmlir::parseWeightGranularity(StringRef text) {
  return parseSpelling<WeightGranularity>(text, 2);
}
