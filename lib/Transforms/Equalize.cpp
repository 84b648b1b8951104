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

#include <cmath>

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

/// Balances one pair; whether anything changed.
bool equalize(Operation *first, Operation *second) {
  auto w1 = qmlir::f32Constant(first->getOperand(1)),
       b1 = qmlir::f32Constant(first->getOperand(2));
  auto w2 = qmlir::f32Constant(second->getOperand(1));
  if (!w1 || !b1 || !w2)
    return false;
  int64_t channels = channelsOf(first, w1->type, /*output=*/true);
  if (channelsOf(second, w2->type, /*output=*/false) != channels ||
      (b1->values.size() != 1 && int64_t(b1->values.size()) != channels))
    return false;
  std::vector<double> r1(channels, 0.0), r2(channels, 0.0);
  for (size_t i = 0; i < w1->values.size(); ++i) {
    double &r = r1[channelOf(first, w1->type, i, true)];
    r = std::max(r, double(std::fabs(w1->values[i])));
  }
  for (size_t i = 0; i < w2->values.size(); ++i) {
    double &r = r2[channelOf(second, w2->type, i, false)];
    r = std::max(r, double(std::fabs(w2->values[i])));
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
  for (size_t i = 0; i < w1->values.size(); ++i)
    w1->values[i] =
        float(w1->values[i] / scale[channelOf(first, w1->type, i, true)]);
  std::vector<float> bias(channels);
  for (int64_t c = 0; c < channels; ++c)
    bias[c] = float(b1->values[b1->values.size() == 1 ? 0 : c] / scale[c]);
  for (size_t i = 0; i < w2->values.size(); ++i)
    w2->values[i] =
        float(w2->values[i] * scale[channelOf(second, w2->type, i, false)]);
  qmlir::setF32Constant(first, 1, w1->type, w1->values);
  qmlir::setF32Constant(
      first, 2, RankedTensorType::get({channels}, w1->type.getElementType()),
      bias);
  qmlir::setF32Constant(second, 1, w2->type, w2->values);
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
