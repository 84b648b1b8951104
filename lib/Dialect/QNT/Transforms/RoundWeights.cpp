//===- RoundWeights.cpp - Weight rounding by output error -----------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// qnt-round-weights: the weights of each convolution and fully connected
// layer of the calibrated float graph are rounded one input channel at a
// time, each rounding error compensated on the channels not yet rounded so
// that the layer's output error over the calibration data (its input's
// second moments) is least: optimal brain quantization, in the column order
// of decreasing input energy, as GPTQ does. The scales are qnt-quantize's;
// the integers chosen are pinned in the graph (`qnt.dequantize` of the
// storage constant), which qnt-quantize keeps.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Dialect/QNT/Transforms/Weights.h"
#include "qmlir/Quant/Numerics.h"
#include "qmlir/Support/LinearAlgebra.h"
#include "qmlir/Support/StatsFile.h"
#include "qmlir/Transforms/LocationNames.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdio>
#include <numeric>

namespace qmlir {
#define GEN_PASS_DEF_QNTROUNDWEIGHTS
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;
namespace numerics = qmlir::quant;

namespace {

class QNTRoundWeights
    : public qmlir::impl::QNTRoundWeightsBase<QNTRoundWeights> {
public:
  using Base::Base;
  QNTRoundWeights(QNTRoundWeightsOptions options,
                  std::shared_ptr<const CalibrationStats> statistics)
      : Base(std::move(options)), given(std::move(statistics)) {}

  LogicalResult initialize(MLIRContext *context) override {
    auto error = [&]() {
      return emitError(UnknownLoc::get(context)) << "qnt-round-weights: ";
    };
    if (!(shrink >= 0)) {
      char text[32];
      std::snprintf(text, sizeof(text), "%g", double(shrink));
      return error() << "shrink " << text << " is negative";
    }
    if (!(damping > 0 && damping <= 1)) {
      char text[32];
      std::snprintf(text, sizeof(text), "%g", double(damping));
      return error() << "damping " << text << " is not in (0, 1]";
    }
    auto set = setUpWeightPass(weightBits, narrowRange, keepFloat, floatLayers,
                               given, statsFile);
    if (!set)
      return error() << llvm::toString(set.takeError());
    setup = std::move(*set);
    return success();
  }

  void runOnOperation() override {
    if (failed(setup.checkRun(getOperation(), getArgument(),
                              "calibration statistics with channel moments")))
      return signalPassFailure();
    SmallVector<Operation *> layers;
    getOperation().walk([&](Operation *op) {
      if (isa<tosa::Conv2DOp, tosa::MatMulOp>(op))
        layers.push_back(op);
    });
    rounded = 0;
    nearestError = roundedError = 0;
    Operation *first = nullptr;
    for (Operation *op : layers)
      if (round(op) && !first)
        first = op;
    if (layers.empty())
      return;
    std::string outcome =
        rounded ? llvm::formatv("; their output error (on the calibration "
                                "moments) is {0:P1} of round-to-nearest's",
                                nearestError > 0 ? roundedError / nearestError
                                                 : 1.0)
                      .str()
                : std::string("; none has channel moments on its input "
                              "(calibrate with them)");
    (first ? first : layers.front())->emitRemark()
        << "qnt-round-weights: rounded the weights of " << rounded << " of "
        << layers.size() << " layers" << outcome;
  }

private:
  /// Rounds the weights of one layer, if everything it needs is known.
  bool round(Operation *op) {
    auto marker = op->getOperand(0).getDefiningOp<qnt::CalibrateOp>();
    DenseElementsAttr attr;
    if (!marker || setup.excluded(op) ||
        !matchPattern(op->getOperand(1), m_Constant(&attr)) ||
        !attr.getElementType().isF32())
      return false;
    const numerics::TensorStatistics *s = setup.stats->find(marker.getId());
    auto type = cast<RankedTensorType>(attr.getType());
    bool matmul = isa<tosa::MatMulOp>(op);
    int64_t size = type.getDimSize(matmul ? 1 : 3);
    if (!s || int64_t(s->momentChannels()) != size)
      return false;
    std::optional<WeightLayout> layout = weightLayout(op, type, weights);
    if (!layout)
      return false;
    std::vector<float> data(attr.value_begin<float>(), attr.value_end<float>());
    auto q =
        numerics::quantizeWeights(data, layout->channels, layout->inner,
                                  setup.storage, numerics::Scheme::Symmetric);
    if (!q)
      return false; // qnt-quantize reports it
    // The input's second moments over the reduction channels, damped, in
    // the order of decreasing energy.
    size_t n = size;
    std::vector<double> moments = s->momentMatrix();
    SmallVector<int64_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    auto energy = [&](int64_t c) { return moments[c * (n + 1) + c]; };
    llvm::stable_sort(
        order, [&](int64_t a, int64_t b) { return energy(a) > energy(b); });
    double mean = 0;
    for (size_t c = 0; c < n; ++c)
      mean += energy(c);
    mean = mean / double(n);
    if (!(mean > 0))
      return false;
    std::vector<double> h(n * n);
    // Few positions per channel make the moments' correlations mostly the
    // calibration data's own: shrink them towards the diagonal (where the
    // rounding becomes round-to-nearest).
    double positions = moments.back();
    double toDiagonal = std::min(1.0, shrink * double(n) / positions);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j)
        h[i * n + j] = (i == j ? 1.0 : 1.0 - toDiagonal) *
                       moments[order[i] * (n + 1) + order[j]];
    for (size_t i = 0; i < n; ++i)
      h[i * n + i] += damping * mean;
    // U with H^-1 = U^T U, upper: from H = L L^T, H^-1 = L^-T L^-1, and U
    // the upper factor of that, i.e. the transpose of the lower Cholesky
    // factor of H^-1.
    std::vector<double> factor = h;
    if (!choleskyFactor(factor, n))
      return false;
    invertLower(factor, n); // L^-1
    std::vector<double> inverse(n * n, 0.0);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j <= i; ++j) {
        double v = 0;
        for (size_t k = i; k < n; ++k)
          v += factor[k * n + i] * factor[k * n + j];
        inverse[i * n + j] = inverse[j * n + i] = v;
      }
    if (!choleskyFactor(inverse, n))
      return false;
    // inverse now holds lower G with H^-1 = G G^T; U = G^T: U[j][k] = G[k][j].
    // Rows: conv [O, KH, KW, I] runs of I contiguous; matmul [B, K, N]
    // columns (b, n) with stride N along K.
    int64_t outputs = matmul ? type.getDimSize(2) : 1;
    int64_t rows = int64_t(data.size()) / size;
    std::vector<double> w(n), nearest(n), final(n);
    for (int64_t r = 0; r < rows; ++r) {
      auto index = [&](int64_t c) -> size_t {
        return matmul
                   ? (r / outputs) * size * outputs + r % outputs + c * outputs
                   : r * size + c;
      };
      const numerics::QuantParams &p = q->params[q->channelOf(index(0))];
      float scale = float(p.scale);
      for (size_t i = 0; i < n; ++i) {
        size_t at = index(order[i]);
        w[i] = data[at];
        nearest[i] = double(q->dequantized(at)) - double(data[at]);
      }
      for (size_t j = 0; j < n; ++j) {
        int64_t value =
            numerics::quantize(float(w[j]), scale, p.zeroPoint, setup.storage);
        double dq = double(numerics::dequantize(value, scale, p.zeroPoint));
        q->values[index(order[j])] = value;
        double err = (w[j] - dq) / inverse[j * n + j];
        for (size_t k = j + 1; k < n; ++k)
          w[k] -= err * inverse[k * n + j];
        final[j] = dq - double(data[index(order[j])]);
      }
      // The output error energy of both roundings, e^T H e (undamped).
      for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) {
          double m = moments[order[i] * (n + 1) + order[j]];
          nearestError += nearest[i] * m * nearest[j];
          roundedError += final[i] * m * final[j];
        }
    }
    OpBuilder builder(op);
    Value dq = pinQuantizedWeights(builder, op->getOperand(1).getLoc(), type,
                                   *q, setup.storage, layout->axis);
    op->setOperand(layout->operand, dq);
    ++rounded;
    return true;
  }

  WeightPassSetup setup;
  size_t rounded = 0;
  double nearestError = 0, roundedError = 0;
  std::shared_ptr<const CalibrationStats> given;
};

} // namespace

std::unique_ptr<Pass>
qmlir::createQNTRoundWeights(QNTRoundWeightsOptions options,
                             std::shared_ptr<const CalibrationStats> stats) {
  return std::make_unique<QNTRoundWeights>(std::move(options),
                                           std::move(stats));
}
