//===- Equalize.cpp - Cross-layer equalization of convolutions ------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// qnt-equalize: consecutive convolutions (through at most a ReLU) get their
// per-channel weight ranges balanced by a positive scale per channel,
// moved from the first layer's output channel to the second layer's input
// channel; the function computed is unchanged.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Transforms/Passes.h"
#include "qmlir/Transforms/PositiveScale.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <limits>

namespace qmlir {
#define GEN_PASS_DEF_QNTEQUALIZE
#include "qmlir/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {

/// A convolution whose weights can be scaled per channel: conv2d
/// [OC, KH, KW, IC], or depthwise [KH, KW, C, 1].
bool isScalable(Operation *op) {
  if (isa<tosa::Conv2DOp>(op))
    return true;
  auto depthwise = dyn_cast<tosa::DepthwiseConv2DOp>(op);
  if (!depthwise)
    return false;
  auto type = dyn_cast<RankedTensorType>(depthwise.getWeight().getType());
  return type && type.hasStaticShape() && type.getDimSize(3) == 1;
}

/// The constant f32 values of operand `index` of `op` and their type.
std::optional<std::pair<std::vector<float>, RankedTensorType>>
constantOperand(Operation *op, unsigned index) {
  DenseElementsAttr attr;
  if (!matchPattern(op->getOperand(index), m_Constant(&attr)) ||
      !attr.getElementType().isF32())
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(attr.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  return std::make_pair(
      std::vector<float>(attr.value_begin<float>(), attr.value_end<float>()),
      type);
}

/// The channel of weight element `i` on the given side of a layer: the
/// output channel of the first layer, the input channel of the second.
int64_t channelOf(Operation *op, RankedTensorType type, size_t i, bool output) {
  if (isa<tosa::DepthwiseConv2DOp>(op)) // [KH, KW, C, 1]
    return int64_t(i) % type.getDimSize(2);
  if (output) // [OC, KH, KW, IC]
    return int64_t(i) / (type.getNumElements() / type.getDimSize(0));
  return int64_t(i) % type.getDimSize(3);
}

int64_t channelsOf(Operation *op, RankedTensorType type, bool output) {
  if (isa<tosa::DepthwiseConv2DOp>(op))
    return type.getDimSize(2);
  return type.getDimSize(output ? 0 : 3);
}

/// Replaces operand `index` of `op` by a new constant holding `values`.
void setConstant(Operation *op, unsigned index, RankedTensorType type,
                 ArrayRef<float> values) {
  OpBuilder builder(op);
  Value constant =
      tosa::ConstOp::create(builder, op->getOperand(index).getLoc(), type,
                            DenseElementsAttr::get(type, values));
  op->setOperand(index, constant);
}

/// Balances one pair; whether anything changed.
bool equalize(Operation *first, Operation *second) {
  auto w1 = constantOperand(first, 1), b1 = constantOperand(first, 2);
  auto w2 = constantOperand(second, 1);
  if (!w1 || !b1 || !w2)
    return false;
  int64_t channels = channelsOf(first, w1->second, /*output=*/true);
  if (channelsOf(second, w2->second, /*output=*/false) != channels ||
      (b1->first.size() != 1 && int64_t(b1->first.size()) != channels))
    return false;
  std::vector<double> r1(channels, 0.0), r2(channels, 0.0);
  for (size_t i = 0; i < w1->first.size(); ++i) {
    double &r = r1[channelOf(first, w1->second, i, true)];
    r = std::max(r, double(std::fabs(w1->first[i])));
  }
  for (size_t i = 0; i < w2->first.size(); ++i) {
    double &r = r2[channelOf(second, w2->second, i, false)];
    r = std::max(r, double(std::fabs(w2->first[i])));
  }
  std::vector<double> scale(channels, 1.0);
  bool changed = false;
  for (int64_t c = 0; c < channels; ++c)
    if (r1[c] > 0 && r2[c] > 0) {
      scale[c] = std::sqrt(r1[c] / r2[c]);
      changed |= scale[c] != 1.0;
    }
  if (!changed)
    return false;
  for (size_t i = 0; i < w1->first.size(); ++i)
    w1->first[i] =
        float(w1->first[i] / scale[channelOf(first, w1->second, i, true)]);
  std::vector<float> bias(channels);
  for (int64_t c = 0; c < channels; ++c)
    bias[c] = float(b1->first[b1->first.size() == 1 ? 0 : c] / scale[c]);
  for (size_t i = 0; i < w2->first.size(); ++i)
    w2->first[i] =
        float(w2->first[i] * scale[channelOf(second, w2->second, i, false)]);
  setConstant(first, 1, w1->second, w1->first);
  setConstant(first, 2,
              RankedTensorType::get({channels}, w1->second.getElementType()),
              bias);
  setConstant(second, 1, w2->second, w2->first);
  return true;
}

class QNTEqualize : public qmlir::impl::QNTEqualizeBase<QNTEqualize> {
public:
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (failed(qmlir::checkInputLevel(func, getArgument(),
                                      qmlir::InputLevel::Graph)))
      return signalPassFailure();
    if (iterations < 1) {
      func.emitError() << "qnt-equalize: iterations must be at least 1";
      return signalPassFailure();
    }
    // The pairs, in order: a scalable layer whose result (or its ReLU's)
    // has one user, a scalable layer reading it as its input.
    SmallVector<std::pair<Operation *, Operation *>> pairs;
    func.walk([&](Operation *first) {
      if (!isScalable(first) || !first->getResult(0).hasOneUse())
        return;
      Value between = first->getResult(0);
      Operation *next = *between.getUsers().begin();
      while (qmlir::commutesWithPositiveScale(next) &&
             next->getNumResults() == 1) {
        if (!next->getResult(0).hasOneUse())
          return;
        between = next->getResult(0);
        next = *between.getUsers().begin();
      }
      if (isScalable(next) && next->getOperand(0) == between)
        pairs.push_back({first, next});
    });
    if (pairs.empty())
      return;
    for (unsigned i = 0; i < iterations; ++i)
      for (auto [first, second] : pairs)
        equalize(first, second);
    func.emitRemark() << "qnt-equalize: balanced " << pairs.size()
                      << " pair(s) of consecutive convolutions";
  }
};

} // namespace
