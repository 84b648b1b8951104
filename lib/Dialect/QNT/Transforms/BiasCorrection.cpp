//===- BiasCorrection.cpp - Quantized weights' mean shift into biases -----===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// qnt-bias-correction: for each convolution of the calibrated float graph,
// the expected change of its output when its weights are quantized (the
// weights' rounding errors times the input's per-channel means) is
// subtracted from its bias.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Dialect/QNT/Transforms/Weights.h"
#include "qmlir/Quant/Numerics.h"
#include "qmlir/Support/StatsFile.h"
#include "qmlir/Transforms/LocationNames.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace qmlir {
#define GEN_PASS_DEF_QNTBIASCORRECTION
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;
namespace numerics = qmlir::quant;

namespace {

/// The f32 values of a constant operand, or none.
std::optional<std::vector<float>> constantValues(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.getElementType().isF32())
    return std::nullopt;
  return std::vector<float>(attr.value_begin<float>(), attr.value_end<float>());
}

class QNTBiasCorrection
    : public qmlir::impl::QNTBiasCorrectionBase<QNTBiasCorrection> {
public:
  using Base::Base;
  QNTBiasCorrection(QNTBiasCorrectionOptions options,
                    std::shared_ptr<const CalibrationStats> statistics)
      : Base(std::move(options)), given(std::move(statistics)) {}

  LogicalResult initialize(MLIRContext *context) override {
    auto set = setUpWeightPass(weightBits, narrowRange, keepFloat, floatLayers,
                               given, statsFile);
    if (!set)
      return emitError(UnknownLoc::get(context))
             << "qnt-bias-correction: " << llvm::toString(set.takeError());
    setup = std::move(*set);
    return success();
  }

  void runOnOperation() override {
    if (failed(setup.checkRun(getOperation(), getArgument(),
                              "calibration statistics")))
      return signalPassFailure();
    SmallVector<Operation *> convolutions;
    getOperation().walk([&](Operation *op) {
      if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp>(op))
        convolutions.push_back(op);
    });
    corrected = 0;
    largestShift = 0;
    largestAt.clear();
    largestOp = nullptr;
    for (Operation *op : convolutions)
      correct(op);
    if (convolutions.empty())
      return;
    // One remark, at the layer with the largest shift (or the first).
    Operation *at = largestOp ? largestOp : convolutions.front();
    at->emitRemark() << "qnt-bias-correction: corrected the biases of "
                     << corrected << " of " << convolutions.size()
                     << " convolutions"
                     << (corrected
                             ? "; the largest shift, " +
                                   llvm::formatv("{0:e2}", largestShift).str() +
                                   ", at " + largestAt
                             : std::string());
  }

private:
  /// Corrects the bias of one convolution, if everything it needs is known.
  void correct(Operation *op) {
    auto marker = op->getOperand(0).getDefiningOp<qnt::CalibrateOp>();
    if (!marker || setup.excluded(op))
      return;
    const numerics::TensorStatistics *s = setup.stats->find(marker.getId());
    auto weightType = dyn_cast<RankedTensorType>(op->getOperand(1).getType());
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    std::optional<std::vector<float>> kernel =
        constantValues(op->getOperand(1));
    std::optional<std::vector<float>> bias = constantValues(op->getOperand(2));
    if (!s || !weightType || !resultType || !kernel || !bias ||
        !weightType.hasStaticShape() || !resultType.hasStaticShape())
      return;
    bool depthwise = isa<tosa::DepthwiseConv2DOp>(op);
    // conv2d: [OC, KH, KW, IC]; depthwise: [KH, KW, C, M] (output c * M + m).
    int64_t inputChannels = weightType.getDimSize(depthwise ? 2 : 3);
    int64_t outputs = resultType.getDimSize(3);
    std::vector<double> means = s->channelMeans();
    if (int64_t(means.size()) != inputChannels ||
        (bias->size() != 1 && int64_t(bias->size()) != outputs))
      return;
    std::optional<WeightLayout> layout = weightLayout(op, weightType, weights);
    if (!layout)
      return;
    auto q =
        numerics::quantizeWeights(*kernel, layout->channels, layout->inner,
                                  setup.storage, numerics::Scheme::Symmetric);
    if (!q)
      return; // qnt-quantize reports it
    std::vector<double> shift(outputs, 0.0);
    if (depthwise) {
      int64_t multiplier = weightType.getDimSize(3);
      for (size_t i = 0; i < kernel->size(); ++i) {
        int64_t cm = int64_t(i) % (inputChannels * multiplier);
        double error = double(q->dequantized(i)) - double((*kernel)[i]);
        shift[cm] += error * means[cm / multiplier];
      }
    } else {
      int64_t perOutput = int64_t(kernel->size()) / outputs;
      for (size_t i = 0; i < kernel->size(); ++i) {
        double error = double(q->dequantized(i)) - double((*kernel)[i]);
        shift[int64_t(i) / perOutput] +=
            error * means[int64_t(i) % inputChannels];
      }
    }
    std::vector<float> newBias(outputs);
    double largest = 0;
    for (int64_t o = 0; o < outputs; ++o) {
      float b = (*bias)[bias->size() == 1 ? 0 : o];
      newBias[o] = float(double(b) - shift[o]);
      largest = std::max(largest, std::fabs(shift[o]));
    }
    if (largest == 0)
      return;
    OpBuilder builder(op);
    auto type = RankedTensorType::get({outputs}, builder.getF32Type());
    Value constant = tosa::ConstOp::create(
        builder, op->getOperand(2).getLoc(), type,
        DenseElementsAttr::get(type, ArrayRef<float>(newBias)));
    op->setOperand(2, constant);
    ++corrected;
    if (largest > largestShift) {
      largestShift = largest;
      largestOp = op;
      std::optional<std::string> name = qnt::locationName(op->getLoc());
      largestAt = name ? "'" + *name + "'"
                       : "the layer reading '" + marker.getId().str() + "'";
    }
  }

  WeightPassSetup setup;
  /// What the run corrected, for its summary remark.
  size_t corrected = 0;
  double largestShift = 0;
  std::string largestAt;
  Operation *largestOp = nullptr;
  std::shared_ptr<const CalibrationStats> given;
};

} // namespace

std::unique_ptr<Pass>
qmlir::createQNTBiasCorrection(QNTBiasCorrectionOptions options,
                               std::shared_ptr<const CalibrationStats> stats) {
  return std::make_unique<QNTBiasCorrection>(std::move(options),
                                             std::move(stats));
}
