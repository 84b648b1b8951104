//===- FoldBatchNorm.cpp - The qnt-fold-batchnorm pass --------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Float-graph preparation before calibration: per-channel affine ops after a
// convolution (a BatchNormalization in inference form: sub, mul, add by
// constants) fold into the convolution's weights and bias, and a constant
// bias added to a matmul with constant weights (a fully connected layer)
// becomes the bias of a 1x1 convolution, so quantization sees one op with an
// int32 bias instead of a float add.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Transforms/Passes.h"
#include "qmlir/Verification/InputLevel.h"

#include "qmlir/Transforms/FullyConnected.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qmlir {
#define GEN_PASS_DEF_QNTFOLDBATCHNORM
#include "qmlir/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {

/// The f32 values of a constant.
std::optional<SmallVector<float>> constantValues(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.getElementType().isF32())
    return std::nullopt;
  return llvm::to_vector(attr.getValues<float>());
}

/// The per-channel values of a constant of rank `rank` that varies along
/// `axis` only (or is a splat), for `channels` channels.
std::optional<SmallVector<float>>
channelConstant(Value value, int64_t rank, int64_t axis, int64_t channels) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() != rank || !type.hasStaticShape())
    return std::nullopt;
  for (int64_t i = 0; i < rank; ++i)
    if (i != axis && type.getDimSize(i) != 1)
      return std::nullopt;
  int64_t size = type.getDimSize(axis);
  if (size != 1 && size != channels)
    return std::nullopt;
  std::optional<SmallVector<float>> values = constantValues(value);
  if (!values)
    return std::nullopt;
  SmallVector<float> result(channels);
  for (int64_t c = 0; c < channels; ++c)
    result[c] = (*values)[size == 1 ? 0 : c];
  return result;
}

bool isZeroConstant(Value value) {
  std::optional<SmallVector<float>> values = constantValues(value);
  return values && llvm::all_of(*values, [](float v) { return v == 0.0f; });
}

Value f32Constant(PatternRewriter &rewriter, Location loc,
                  ArrayRef<int64_t> shape, ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, rewriter.getF32Type());
  return tosa::ConstOp::create(rewriter, loc, type,
                               DenseElementsAttr::get(type, values));
}

/// conv → [transpose NHWC→NCHW] → {mul, add, sub by per-channel constants}…
/// becomes one conv with scaled weights and shifted bias (and the transpose).
template <typename ConvOp>
struct FoldAffineIntoConv : public OpRewritePattern<ConvOp> {
  using OpRewritePattern<ConvOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp conv,
                                PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(conv.getType());
    if (!resultType.hasStaticShape() || !resultType.getElementType().isF32())
      return failure();
    std::optional<SmallVector<float>> weights =
        constantValues(conv.getWeight());
    std::optional<SmallVector<float>> bias = constantValues(conv.getBias());
    if (!weights || !bias)
      return failure();
    int64_t channels = resultType.getDimSize(3);

    // y = a * conv + b per channel, accumulated along the chain.
    SmallVector<float> a(channels, 1.0f), b(channels, 0.0f);
    int64_t axis = 3;
    tosa::TransposeOp transpose;
    Value current = conv.getResult();
    Operation *last = nullptr;
    while (current.hasOneUse()) {
      Operation *user = *current.getUsers().begin();
      if (auto t = dyn_cast<tosa::TransposeOp>(user)) {
        if (transpose || t.getPerms() != ArrayRef<int32_t>{0, 3, 1, 2})
          break;
        transpose = t;
        axis = 1;
        current = t.getResult();
        continue;
      }
      if (user->getNumResults() != 1 ||
          user->getResult(0).getType() != current.getType())
        break;
      auto other = [&](Value lhs, Value rhs) {
        return lhs == current ? rhs : lhs;
      };
      if (auto mul = dyn_cast<tosa::MulOp>(user)) {
        auto k = channelConstant(other(mul.getInput1(), mul.getInput2()), 4,
                                 axis, channels);
        if (!k || !isZeroConstantShift(mul.getShift()))
          break;
        for (int64_t c = 0; c < channels; ++c) {
          a[c] *= (*k)[c];
          b[c] *= (*k)[c];
        }
      } else if (auto add = dyn_cast<tosa::AddOp>(user)) {
        auto k = channelConstant(other(add.getInput1(), add.getInput2()), 4,
                                 axis, channels);
        if (!k)
          break;
        for (int64_t c = 0; c < channels; ++c)
          b[c] += (*k)[c];
      } else if (auto sub = dyn_cast<tosa::SubOp>(user)) {
        bool lhs = sub.getInput1() == current;
        auto k = channelConstant(lhs ? sub.getInput2() : sub.getInput1(), 4,
                                 axis, channels);
        if (!k)
          break;
        for (int64_t c = 0; c < channels; ++c) {
          if (lhs) {
            b[c] -= (*k)[c];
          } else {
            a[c] = -a[c];
            b[c] = (*k)[c] - b[c];
          }
        }
      } else {
        break;
      }
      last = user;
      current = user->getResult(0);
    }
    if (!last)
      return failure();

    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    SmallVector<float> newWeights(*weights);
    int64_t innerChannels = weightType.getDimSize(3);
    for (size_t i = 0; i < newWeights.size(); ++i) {
      int64_t channel;
      if (std::is_same_v<ConvOp, tosa::Conv2DOp>) // [OC, KH, KW, IC]
        channel = int64_t(i) / (int64_t(newWeights.size()) / channels);
      else // [KH, KW, C, M]: channel c * M + m
        channel = int64_t(i) % (weightType.getDimSize(2) * innerChannels);
      newWeights[i] *= a[channel];
    }
    SmallVector<float> newBias(channels);
    for (int64_t c = 0; c < channels; ++c)
      newBias[c] = (*bias)[bias->size() == 1 ? 0 : c] * a[c] + b[c];

    Location loc = last->getLoc();
    Value w =
        f32Constant(rewriter, conv.getLoc(), weightType.getShape(), newWeights);
    Value bv = f32Constant(rewriter, conv.getLoc(), {channels}, newBias);
    auto folded = cast<ConvOp>(rewriter.clone(*conv));
    folded->setLoc(transpose ? conv.getLoc() : loc);
    folded.getWeightMutable().assign(w);
    folded.getBiasMutable().assign(bv);
    Value result = folded.getResult();
    if (transpose) {
      auto moved = cast<tosa::TransposeOp>(rewriter.clone(*transpose));
      moved->setLoc(loc);
      moved.getInput1Mutable().assign(result);
      result = moved.getResult();
    }
    rewriter.replaceOp(last, result);
    return success();
  }

  static bool isZeroConstantShift(Value shift) {
    DenseElementsAttr attr;
    if (!matchPattern(shift, m_Constant(&attr)))
      return false;
    return llvm::all_of(attr.getValues<APInt>(),
                        [](const APInt &v) { return v.isZero(); });
  }
};

/// add(reshape?(matmul(a [1, M, K], const b [1, K, N])), const c [.., N])
/// becomes reshape(conv2d(reshape(a) [M, 1, 1, K], b^T [N, 1, 1, K], c)).
struct MatmulBiasToConv : public OpRewritePattern<tosa::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::AddOp add,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(add.getType());
    std::optional<SmallVector<float>> bias;
    std::optional<qmlir::qnt::FullyConnected> layer =
        qmlir::qnt::matchFullyConnected(
            add, [](Value b) { return constantValues(b).has_value(); },
            [&](Value c, int64_t n) {
              bias = channelConstant(c, type.getRank(), type.getRank() - 1, n);
              return bias.has_value();
            });
    if (!layer)
      return failure();
    std::optional<SmallVector<float>> b = constantValues(layer->matmul.getB());
    int64_t k = layer->k, n = layer->n;
    SmallVector<float> weights(n * k);
    for (int64_t j = 0; j < n; ++j)
      for (int64_t i = 0; i < k; ++i)
        weights[j * k + i] = (*b)[i * n + j];
    Location loc = layer->matmul.getLoc();
    qmlir::qnt::replaceByConv(rewriter, add, *layer, [&] {
      Value w = f32Constant(rewriter, loc, {n, 1, 1, k}, weights);
      return std::make_pair(w, f32Constant(rewriter, loc, {n}, *bias));
    });
    return success();
  }
};

} // namespace

std::optional<qmlir::qnt::FullyConnected>
qmlir::qnt::matchFullyConnected(tosa::AddOp add,
                                function_ref<bool(Value)> isWeight,
                                function_ref<bool(Value, int64_t)> isBias) {
  auto type = cast<RankedTensorType>(add.getType());
  if (!type.hasStaticShape() || !type.getElementType().isF32() ||
      type.getRank() < 1)
    return std::nullopt;
  for (int swap = 0; swap < 2; ++swap) {
    Value x = swap ? add.getInput2() : add.getInput1();
    Value c = swap ? add.getInput1() : add.getInput2();
    if (x.getType() != type || !x.hasOneUse())
      continue;
    Value product = x;
    if (auto reshape = x.getDefiningOp<tosa::ReshapeOp>()) {
      if (!reshape.getInput1().hasOneUse())
        continue;
      product = reshape.getInput1();
    }
    auto matmul = product.getDefiningOp<tosa::MatMulOp>();
    if (!matmul || !isZeroConstant(matmul.getAZp()) ||
        !isZeroConstant(matmul.getBZp()))
      continue;
    auto aType = cast<RankedTensorType>(matmul.getA().getType());
    auto bType = cast<RankedTensorType>(matmul.getB().getType());
    if (!aType.hasStaticShape() || !bType.hasStaticShape() ||
        aType.getDimSize(0) != 1 || bType.getDimSize(0) != 1)
      continue;
    int64_t m = aType.getDimSize(1), k = aType.getDimSize(2),
            n = bType.getDimSize(2);
    if (type.getDimSize(type.getRank() - 1) != n || !isWeight(matmul.getB()) ||
        !isBias(c, n))
      continue;
    return FullyConnected{matmul, c, m, k, n};
  }
  return std::nullopt;
}

void qmlir::qnt::replaceByConv(
    PatternRewriter &rewriter, tosa::AddOp add, const FullyConnected &layer,
    function_ref<std::pair<Value, Value>()> makeOperands) {
  auto type = cast<RankedTensorType>(add.getType());
  Location loc = add.getLoc();
  Type f32 = rewriter.getF32Type();
  int64_t m = layer.m, k = layer.k, n = layer.n;
  tosa::MatMulOp matmul = layer.matmul;
  Value input = tosa::ReshapeOp::create(
      rewriter, matmul.getLoc(), RankedTensorType::get({m, 1, 1, k}, f32),
      matmul.getA(), tosa::getTosaConstShape(rewriter, loc, {m, 1, 1, k}));
  Value zero = f32Constant(rewriter, loc, {1}, {0.0f});
  auto [weights, bias] = makeOperands();
  Value conv = tosa::Conv2DOp::create(
      rewriter, loc, RankedTensorType::get({m, 1, 1, n}, f32), input, weights,
      bias, zero, zero, rewriter.getDenseI64ArrayAttr({0, 0, 0, 0}),
      rewriter.getDenseI64ArrayAttr({1, 1}),
      rewriter.getDenseI64ArrayAttr({1, 1}), TypeAttr::get(f32));
  rewriter.replaceOpWithNewOp<tosa::ReshapeOp>(
      add, type, conv, tosa::getTosaConstShape(rewriter, loc, type.getShape()));
}

namespace {

class QNTFoldBatchNorm
    : public qmlir::impl::QNTFoldBatchNormBase<QNTFoldBatchNorm> {
public:
  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::Graph)))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    qmlir::qnt::populateFoldBatchNormPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void qmlir::qnt::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldAffineIntoConv<tosa::Conv2DOp>,
               FoldAffineIntoConv<tosa::DepthwiseConv2DOp>, MatmulBiasToConv>(
      patterns.getContext());
}
