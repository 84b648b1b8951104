//===- SmoothQuant.cpp - Activation outliers moved into weights ----------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// qnt-smooth-quant: the input channels of layers with constant weights are
// divided by a per-channel scale, folded into the op that produces them, and
// the weights reading them multiplied by it, so that an input's channel
// ranges (and the weights' input-channel ranges) become more alike.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Dialect/QNT/Transforms/Weights.h"
#include "qmlir/Support/StatsFile.h"
#include "qmlir/Transforms/LocationNames.h"
#include "qmlir/Transforms/PositiveScale.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

namespace qmlir {
#define GEN_PASS_DEF_QNTSMOOTHQUANT
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;

namespace {

/// The output channel of weight element `i` of a producer (conv2d
/// [OC, KH, KW, IC], depthwise [KH, KW, C, 1], matmul [N, K, W]).
int64_t outputChannelOf(Operation *op, RankedTensorType type, size_t i) {
  int64_t index = int64_t(i);
  if (isa<tosa::Conv2DOp>(op))
    return index / (type.getNumElements() / type.getDimSize(0));
  if (isa<tosa::DepthwiseConv2DOp>(op))
    return index % type.getDimSize(2);
  return index % type.getDimSize(2);
}

/// Whether a constant of `type` varies at most along the last axis of a
/// value with `channels` channels: every other dimension 1, the last 1 or
/// `channels`.
bool isPerChannel(RankedTensorType type, int64_t channels) {
  if (type.getRank() == 0)
    return false;
  for (int64_t d = 0; d + 1 < type.getRank(); ++d)
    if (type.getDimSize(d) != 1)
      return false;
  int64_t last = type.getDimSize(type.getRank() - 1);
  return last == 1 || last == channels;
}

/// Where a division of a value's channels goes: the constants divided on
/// the way up, and the op that absorbs it.
struct Path {
  /// (op, operand index) of each per-channel constant to divide.
  SmallVector<std::pair<Operation *, unsigned>> constants;
  /// A convolution or matmul whose output channels (weights, bias) are
  /// divided, or null when the last constant is a multiplier.
  Operation *producer = nullptr;
};

/// The path from `value` (with `channels` channels along its last axis) up
/// to an op that absorbs a per-channel division, or none.
std::optional<Path> findPath(Value value, int64_t channels) {
  Path path;
  auto sameType = [](Value a, Value b) { return a.getType() == b.getType(); };
  while (true) {
    if (!value.hasOneUse())
      return std::nullopt;
    Operation *op = value.getDefiningOp();
    if (!op)
      return std::nullopt;
    if (auto marker = dyn_cast<qnt::CalibrateOp>(op)) {
      value = marker.getInput();
      continue;
    }
    if (isa<tosa::ReshapeOp>(op)) {
      auto type = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
      if (!type || type.getRank() == 0 ||
          type.getDimSize(type.getRank() - 1) != channels)
        return std::nullopt;
      value = op->getOperand(0);
      continue;
    }
    if (qmlir::commutesWithPositiveScale(op)) {
      value = op->getOperand(0);
      continue;
    }
    if (isa<tosa::AddOp, tosa::SubOp, tosa::MulOp>(op)) {
      // One constant that varies at most along the last axis; the other
      // operand of the result's type (no broadcast of it).
      for (unsigned k = 0; k < 2; ++k) {
        std::optional<F32Constant> c = f32Constant(op->getOperand(k));
        Value other = op->getOperand(1 - k);
        if (!c || !isPerChannel(c->type, channels) ||
            !sameType(other, op->getResult(0)))
          continue;
        path.constants.push_back({op, k});
        if (isa<tosa::MulOp>(op))
          return path;
        value = other;
        break;
      }
      if (value != op->getResult(0))
        continue;
      return std::nullopt;
    }
    if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp>(op)) {
      std::optional<F32Constant> weights = f32Constant(op->getOperand(1));
      if (!weights || (isa<tosa::DepthwiseConv2DOp>(op) &&
                       weights->type.getDimSize(3) != 1))
        return std::nullopt;
      if (!isa<tosa::MatMulOp>(op)) {
        std::optional<F32Constant> bias = f32Constant(op->getOperand(2));
        if (!bias || (bias->values.size() != 1 &&
                      int64_t(bias->values.size()) != channels))
          return std::nullopt;
      }
      path.producer = op;
      return path;
    }
    return std::nullopt;
  }
}

/// Divides the per-channel constant operand `index` of `op` by `scale`
/// (a splat becomes a per-channel constant of the same rank).
void divideConstant(Operation *op, unsigned index, ArrayRef<double> scale) {
  F32Constant c = *f32Constant(op->getOperand(index));
  int64_t channels = int64_t(scale.size());
  SmallVector<int64_t> shape(c.type.getShape());
  shape.back() = channels;
  std::vector<float> values(channels);
  for (int64_t k = 0; k < channels; ++k)
    values[k] = float(c.values[c.values.size() == 1 ? 0 : k] / scale[k]);
  setF32Constant(op, index,
                 RankedTensorType::get(shape, c.type.getElementType()), values);
}

/// The largest channel range over the median one.
double spread(std::vector<double> ranges) {
  if (ranges.empty())
    return 1;
  double largest = *std::max_element(ranges.begin(), ranges.end());
  std::nth_element(ranges.begin(), ranges.begin() + ranges.size() / 2,
                   ranges.end());
  double median = ranges[ranges.size() / 2];
  return median > 0 ? largest / median : 1;
}

class QNTSmoothQuant : public qmlir::impl::QNTSmoothQuantBase<QNTSmoothQuant> {
public:
  using Base::Base;
  QNTSmoothQuant(QNTSmoothQuantOptions options,
                 std::shared_ptr<const CalibrationStats> statistics)
      : Base(std::move(options)), given(std::move(statistics)) {}

  LogicalResult initialize(MLIRContext *context) override {
    auto error = [&]() {
      return emitError(UnknownLoc::get(context)) << "qnt-smooth-quant: ";
    };
    if (!(alpha >= 0 && alpha <= 1)) {
      char text[32];
      std::snprintf(text, sizeof(text), "%g", double(alpha));
      return error() << "alpha " << text << " is not in [0, 1]";
    }
    auto set =
        setUpWeightPass(8, true, keepFloat, floatLayers, given, statsFile);
    if (!set)
      return error() << llvm::toString(set.takeError());
    setup = std::move(*set);
    return success();
  }

  void runOnOperation() override {
    if (failed(setup.checkRun(getOperation(), getArgument(),
                              "calibration statistics")))
      return signalPassFailure();
    SmallVector<qnt::CalibrateOp> markers;
    getOperation().walk([&](qnt::CalibrateOp op) { markers.push_back(op); });
    size_t smoothed = 0, candidates = 0;
    double worstBefore = 0, worstAfter = 0;
    Operation *worstAt = nullptr, *firstCandidate = nullptr;
    std::string worstName;
    for (qnt::CalibrateOp marker : markers) {
      size_t before = candidates;
      std::optional<std::pair<double, double>> spreads =
          smooth(marker, candidates);
      if (!firstCandidate && candidates != before)
        firstCandidate = marker;
      if (!spreads)
        continue;
      ++smoothed;
      if (spreads->first > worstBefore) {
        worstBefore = spreads->first;
        worstAfter = spreads->second;
        worstAt = marker;
        worstName = marker.getId().str();
      }
    }
    if (!candidates)
      return;
    Operation *at = worstAt ? worstAt : firstCandidate;
    InFlightDiagnostic remark = at->emitRemark()
                                << "qnt-smooth-quant: smoothed " << smoothed
                                << " of " << candidates
                                << " inputs of layers with constant weights";
    if (worstAt)
      remark << "; the widest, '" << worstName
             << "': largest channel range / median "
             << llvm::formatv("{0:f1}", worstBefore).str() << " -> "
             << llvm::formatv("{0:f1}", worstAfter).str();
  }

private:
  /// Smooths the input that `marker` observes if everything it needs is
  /// known; the spread of its channel ranges before and after. Counts the
  /// markers read only by layers with constant weights in `candidates`.
  std::optional<std::pair<double, double>> smooth(qnt::CalibrateOp marker,
                                                  size_t &candidates) {
    auto type = dyn_cast<RankedTensorType>(marker.getType());
    if (!type || !type.hasStaticShape() || type.getRank() == 0 ||
        marker->use_empty())
      return std::nullopt;
    int64_t channels = type.getDimSize(type.getRank() - 1);
    // Every reader: a layer with constant weights reading it as input.
    SmallVector<Operation *> readers;
    for (OpOperand &use : marker->getUses()) {
      Operation *op = use.getOwner();
      if (use.getOperandNumber() != 0 ||
          !isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp>(op))
        return std::nullopt;
      std::optional<F32Constant> w = f32Constant(op->getOperand(1));
      if (!w || inputChannelsOf(op, w->type) != channels)
        return std::nullopt;
      readers.push_back(op);
    }
    ++candidates;
    if (llvm::any_of(readers,
                     [&](Operation *op) { return setup.excluded(op); }))
      return std::nullopt;
    const qmlir::quant::TensorStatistics *stats =
        setup.stats->find(marker.getId());
    if (!stats)
      return std::nullopt;
    std::vector<double> ranges = stats->channelAbsMax();
    if (int64_t(ranges.size()) != channels)
      return std::nullopt;
    std::optional<Path> path = findPath(marker.getInput(), channels);
    if (!path)
      return std::nullopt;

    // The weights' range per input channel, over every reader.
    std::vector<double> weightRanges(channels, 0.0);
    for (Operation *op : readers) {
      F32Constant w = *f32Constant(op->getOperand(1));
      for (size_t i = 0; i < w.values.size(); ++i) {
        double &r = weightRanges[inputChannelOf(op, w.type, i)];
        r = std::max(r, double(std::fabs(w.values[i])));
      }
    }
    std::vector<double> scale(channels, 1.0), after(channels);
    bool changed = false;
    for (int64_t c = 0; c < channels; ++c) {
      if (ranges[c] > 0 && weightRanges[c] > 0) {
        double s = std::pow(ranges[c], double(alpha)) /
                   std::pow(weightRanges[c], 1.0 - double(alpha));
        if (std::isfinite(s) && s > 0) {
          scale[c] = std::clamp(s, 1e-5, 1e5);
          changed |= scale[c] != 1.0;
        }
      }
      after[c] = ranges[c] / scale[c];
    }
    if (!changed)
      return std::nullopt;

    for (Operation *op : readers) {
      F32Constant w = *f32Constant(op->getOperand(1));
      for (size_t i = 0; i < w.values.size(); ++i)
        w.values[i] = float(w.values[i] * scale[inputChannelOf(op, w.type, i)]);
      setF32Constant(op, 1, w.type, w.values);
    }
    for (auto [op, index] : path->constants)
      divideConstant(op, index, scale);
    if (Operation *op = path->producer) {
      F32Constant w = *f32Constant(op->getOperand(1));
      for (size_t i = 0; i < w.values.size(); ++i)
        w.values[i] =
            float(w.values[i] / scale[outputChannelOf(op, w.type, i)]);
      setF32Constant(op, 1, w.type, w.values);
      if (!isa<tosa::MatMulOp>(op)) {
        F32Constant b = *f32Constant(op->getOperand(2));
        std::vector<float> bias(channels);
        for (int64_t c = 0; c < channels; ++c)
          bias[c] = float(b.values[b.values.size() == 1 ? 0 : c] / scale[c]);
        setF32Constant(
            op, 2, RankedTensorType::get({channels}, b.type.getElementType()),
            bias);
      }
    }
    return std::make_pair(spread(ranges), spread(after));
  }

  WeightPassSetup setup;
  std::shared_ptr<const CalibrationStats> given;
};

} // namespace

std::unique_ptr<Pass>
qmlir::createQNTSmoothQuant(QNTSmoothQuantOptions options,
                            std::shared_ptr<const CalibrationStats> stats) {
  return std::make_unique<QNTSmoothQuant>(std::move(options), std::move(stats));
}
