//===- Fuse.cpp - The qnt-fuse pass ---------------------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// dequantize -> float op -> quantize becomes the integer qnt op. Each pattern
// builds the integer op and keeps it only if the op's verifier accepts it
// (silently): the verifiers already hold every rule of the integer forms, so
// the patterns do not repeat them. What is left float is reported.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Quant/Numerics.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

namespace qmlir {
#define GEN_PASS_DEF_QNTFUSE
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;

namespace {

/// The quantized value a dequantize reads, or null.
Value dequantized(Value value) {
  if (!value)
    return {};
  if (auto dequantize = value.getDefiningOp<qnt::DequantizeOp>())
    return dequantize.getInput();
  return {};
}

bool isZeroConstant(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return false;
  if (isa<FloatType>(attr.getElementType()))
    return llvm::all_of(attr.getValues<APFloat>(),
                        [](const APFloat &v) { return v.isZero(); });
  return llvm::all_of(attr.getValues<APInt>(),
                      [](const APInt &v) { return v.isZero(); });
}

/// Keeps `op` if it verifies, else erases it; diagnostics are swallowed (the
/// float op stays and is reported at the end).
LogicalResult keepIfValid(PatternRewriter &rewriter, Operation *op) {
  ScopedDiagnosticHandler silence(op->getContext(),
                                  [](Diagnostic &) { return success(); });
  if (succeeded(verify(op, /*verifyRecursively=*/false)))
    return success();
  rewriter.eraseOp(op);
  return failure();
}

/// Replaces `quantize` by `op` (built by `build`) when it verifies.
LogicalResult replaceIfValid(PatternRewriter &rewriter,
                             qnt::QuantizeOp quantize, Operation *op) {
  if (!op || failed(keepIfValid(rewriter, op)))
    return failure();
  rewriter.replaceOp(quantize, op->getResults());
  return success();
}

Value optionalBias(Value bias, bool &ok) {
  ok = true;
  if (Value q = dequantized(bias))
    return q;
  if (isZeroConstant(bias))
    return {};
  ok = false;
  return {};
}

template <typename FloatOp, typename IntOp>
struct FuseConv : public OpRewritePattern<qnt::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(qnt::QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    auto conv = quantize.getInput().template getDefiningOp<FloatOp>();
    if (!conv || !conv->hasOneUse() || !isZeroConstant(conv.getInputZp()) ||
        !isZeroConstant(conv.getWeightZp()))
      return failure();
    Value x = dequantized(conv.getInput()), w = dequantized(conv.getWeight());
    bool biasOk;
    Value bias = optionalBias(conv.getBias(), biasOk);
    if (!x || !w || !biasOk)
      return failure();
    rewriter.setInsertionPoint(quantize);
    auto fused = IntOp::create(rewriter, conv.getLoc(), quantize.getType(), x,
                               w, bias, conv.getPadAttr(), conv.getStrideAttr(),
                               conv.getDilationAttr(),
                               /*clamp=*/nullptr);
    return replaceIfValid(rewriter, quantize, fused);
  }
};

struct FuseMatmul : public OpRewritePattern<qnt::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(qnt::QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    auto matmul = quantize.getInput().getDefiningOp<tosa::MatMulOp>();
    if (!matmul || !matmul->hasOneUse() || !isZeroConstant(matmul.getAZp()) ||
        !isZeroConstant(matmul.getBZp()))
      return failure();
    Value a = dequantized(matmul.getA()), b = dequantized(matmul.getB());
    if (!a || !b)
      return failure();
    auto fused = qnt::MatmulOp::create(rewriter, matmul.getLoc(),
                                       quantize.getType(), a, b,
                                       /*bias=*/Value(), /*clamp=*/nullptr);
    return replaceIfValid(rewriter, quantize, fused);
  }
};

template <typename FloatOp, typename IntOp>
struct FuseBinary : public OpRewritePattern<qnt::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(qnt::QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    auto op = quantize.getInput().template getDefiningOp<FloatOp>();
    if (!op || !op->hasOneUse())
      return failure();
    if constexpr (std::is_same_v<FloatOp, tosa::MulOp>)
      if (!isZeroConstant(op.getShift()))
        return failure();
    Value lhs = dequantized(op.getInput1()), rhs = dequantized(op.getInput2());
    if (!lhs || !rhs)
      return failure();
    auto fused = IntOp::create(rewriter, op.getLoc(), quantize.getType(), lhs,
                               rhs, /*clamp=*/nullptr);
    return replaceIfValid(rewriter, quantize, fused);
  }
};

/// Max pooling keeps its input's parameters; another result type is a
/// requantize after it.
struct FuseMaxPool : public OpRewritePattern<qnt::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(qnt::QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    auto pool = quantize.getInput().getDefiningOp<tosa::MaxPool2dOp>();
    if (!pool || !pool->hasOneUse())
      return failure();
    Value x = dequantized(pool.getInput());
    if (!x)
      return failure();
    auto xType = cast<RankedTensorType>(x.getType());
    auto resultType = quantize.getType().clone(xType.getElementType());
    auto fused = qnt::MaxPool2DOp::create(
        rewriter, pool.getLoc(), resultType, x, pool.getKernelAttr(),
        pool.getStrideAttr(), pool.getPadAttr());
    if (failed(keepIfValid(rewriter, fused)))
      return failure();
    if (resultType == quantize.getType()) {
      rewriter.replaceOp(quantize, fused.getResult());
      return success();
    }
    auto requantize = qnt::RequantizeOp::create(
        rewriter, quantize.getLoc(), quantize.getType(), fused.getResult());
    if (failed(keepIfValid(rewriter, requantize))) {
      rewriter.eraseOp(fused);
      return failure();
    }
    rewriter.replaceOp(quantize, requantize.getResult());
    return success();
  }
};

struct FuseAvgPool : public OpRewritePattern<qnt::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(qnt::QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    auto pool = quantize.getInput().getDefiningOp<tosa::AvgPool2dOp>();
    if (!pool || !pool->hasOneUse() || !isZeroConstant(pool.getInputZp()) ||
        !isZeroConstant(pool.getOutputZp()))
      return failure();
    Value x = dequantized(pool.getInput());
    if (!x)
      return failure();
    // TOSA's average excludes padded positions from the count.
    auto fused = qnt::AvgPool2DOp::create(
        rewriter, pool.getLoc(), quantize.getType(), x, pool.getKernelAttr(),
        pool.getStrideAttr(), pool.getPadAttr(),
        /*count_include_pad=*/nullptr);
    return replaceIfValid(rewriter, quantize, fused);
  }
};

struct FuseConcat : public OpRewritePattern<qnt::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(qnt::QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    auto concat = quantize.getInput().getDefiningOp<tosa::ConcatOp>();
    if (!concat || !concat->hasOneUse())
      return failure();
    SmallVector<Value> inputs;
    for (Value operand : concat.getInput1()) {
      Value q = dequantized(operand);
      if (!q)
        return failure();
      inputs.push_back(q);
    }
    auto fused = qnt::ConcatOp::create(
        rewriter, concat.getLoc(), quantize.getType(), inputs,
        rewriter.getI64IntegerAttr(concat.getAxis()));
    return replaceIfValid(rewriter, quantize, fused);
  }
};

/// The storage integer type of a quantized tensor type.
RankedTensorType storageOf(RankedTensorType type) {
  auto quantized = cast<mlir::quant::QuantizedType>(type.getElementType());
  return type.clone(IntegerType::get(type.getContext(),
                                     quantized.getStorageTypeIntegralWidth()));
}

/// Reshape, transpose and slice move storage integers: the op runs on the
/// storage of its operand; the result keeps the operand's parameters (a
/// requantize follows when the quantize wants others).
struct FuseDataMovement : public OpRewritePattern<qnt::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(qnt::QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    Operation *op = quantize.getInput().getDefiningOp();
    if (!op || !isa<tosa::ReshapeOp, tosa::TransposeOp, tosa::SliceOp>(op) ||
        !op->hasOneUse())
      return failure();
    Value x = dequantized(op->getOperand(0));
    if (!x)
      return failure();
    auto xType = cast<RankedTensorType>(x.getType());
    // Per-axis parameters would have to move with their axis.
    if (!isa<mlir::quant::UniformQuantizedType>(xType.getElementType()) ||
        !isa<mlir::quant::UniformQuantizedType>(
            quantize.getType().getElementType()))
      return failure();
    Location loc = op->getLoc();
    Value storage =
        mlir::quant::StorageCastOp::create(rewriter, loc, storageOf(xType), x);
    Operation *moved = rewriter.clone(*op);
    moved->setOperand(0, storage);
    auto resultType = quantize.getType().clone(xType.getElementType());
    moved->getResult(0).setType(storageOf(resultType));
    Value result = mlir::quant::StorageCastOp::create(rewriter, loc, resultType,
                                                      moved->getResult(0));
    if (resultType != quantize.getType()) {
      auto requantize = qnt::RequantizeOp::create(rewriter, quantize.getLoc(),
                                                  quantize.getType(), result);
      if (failed(keepIfValid(rewriter, requantize)))
        return failure();
      result = requantize.getResult();
    }
    rewriter.replaceOp(quantize, result);
    return success();
  }
};

/// clamp on the result of an integer op with the same parameters: the
/// clamp's bounds quantized (quantize is monotonic, so it commutes with the
/// clamp) narrow the op's own clamp.
struct FuseClamp : public OpRewritePattern<qnt::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(qnt::QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    auto clamp = quantize.getInput().getDefiningOp<tosa::ClampOp>();
    if (!clamp || !clamp->hasOneUse())
      return failure();
    Value x = dequantized(clamp.getInput());
    if (!x || x.getType() != quantize.getType() || !x.hasOneUse())
      return failure();
    // Through storage data movement (scast -> reshape/transpose/slice ->
    // scast), which commutes with an element-wise clamp.
    Value source = x;
    while (auto outer = source.getDefiningOp<mlir::quant::StorageCastOp>()) {
      Operation *moved = outer.getInput().getDefiningOp();
      if (!moved || !outer.getInput().hasOneUse() ||
          !isa<tosa::ReshapeOp, tosa::TransposeOp, tosa::SliceOp>(moved))
        break;
      auto inner =
          moved->getOperand(0).getDefiningOp<mlir::quant::StorageCastOp>();
      if (!inner || !inner->hasOneUse() || !inner.getInput().hasOneUse() ||
          getElementTypeOrSelf(outer.getType()) !=
              getElementTypeOrSelf(inner.getInput().getType()))
        break;
      source = inner.getInput();
    }
    Operation *producer = source.getDefiningOp();
    if (!producer || !isa<qnt::Conv2DOp, qnt::DepthwiseConv2DOp, qnt::MatmulOp,
                          qnt::AddOp, qnt::MulOp>(producer))
      return failure();
    auto element = dyn_cast<mlir::quant::UniformQuantizedType>(
        quantize.getType().getElementType());
    auto minAttr = dyn_cast<FloatAttr>(clamp.getMinValAttr());
    auto maxAttr = dyn_cast<FloatAttr>(clamp.getMaxValAttr());
    if (!element || !minAttr || !maxAttr)
      return failure();
    qmlir::quant::StorageSpec storage{element.getStorageTypeIntegralWidth(),
                                      element.isSigned(), false};
    auto bound = [&](const APFloat &value) {
      return std::clamp<int64_t>(
          qmlir::quant::quantize(value.convertToFloat(),
                                 static_cast<float>(element.getScale()),
                                 element.getZeroPoint(), storage),
          element.getStorageTypeMin(), element.getStorageTypeMax());
    };
    int64_t lo = bound(minAttr.getValue()), hi = bound(maxAttr.getValue());
    if (auto existing = producer->getAttrOfType<DenseI64ArrayAttr>("clamp")) {
      lo = std::max(lo, existing[0]);
      hi = std::min(hi, existing[1]);
    }
    if (lo > hi)
      return failure();
    rewriter.modifyOpInPlace(producer, [&] {
      producer->setAttr("clamp", rewriter.getDenseI64ArrayAttr({lo, hi}));
    });
    rewriter.replaceOp(quantize, x);
    return success();
  }
};

bool isTableOp(Operation *op) { return qnt::isTableElementwiseOp(op); }

/// Tables larger than this (1024 channels) leave the chain float.
constexpr int64_t kMaxTableEntries = 256 * 1024;

/// A chain of element-wise float ops computed from one dequantized 8-bit
/// value and constants (splat, or one value per channel of the last axis):
/// the ops in an order where each follows its operands.
struct TableChain {
  qnt::DequantizeOp source;
  /// The dequantizations of the source the chain reads (one or more ops).
  SmallVector<Value> inputs;
  SmallVector<Operation *> ops;
};

/// Collects the chain that computes `value`, or fails.
LogicalResult collectChain(Value value, RankedTensorType shape,
                           TableChain &chain,
                           llvm::SmallPtrSetImpl<Operation *> &visited) {
  if (qnt::tableConstantValues(value, shape)) {
    if (getElementTypeOrSelf(value.getType()) != shape.getElementType())
      return failure();
    return success();
  }
  if (auto dequantize = value.getDefiningOp<qnt::DequantizeOp>()) {
    if (value.getType() != shape)
      return failure();
    if (chain.source && chain.source.getInput() != dequantize.getInput())
      return failure();
    if (!chain.source)
      chain.source = dequantize;
    if (!llvm::is_contained(chain.inputs, value))
      chain.inputs.push_back(value);
    return success();
  }
  Operation *op = value.getDefiningOp();
  if (!op || !isTableOp(op) || op->getNumResults() != 1 ||
      op->getResult(0).getType() != shape)
    return failure();
  if (!visited.insert(op).second)
    return success();
  if (visited.size() > 64)
    return failure();
  if (auto mul = dyn_cast<tosa::MulOp>(op);
      mul && !isZeroConstant(mul.getShift()))
    return failure();
  for (Value operand : op->getOperands()) {
    Type element = getElementTypeOrSelf(operand.getType());
    if (!isa<FloatType>(element)) {
      // Zero points (negate) and shifts (mul): constants.
      if (!isZeroConstant(operand))
        return failure();
      continue;
    }
    if (failed(collectChain(operand, shape, chain, visited)))
      return failure();
  }
  chain.ops.push_back(op);
  return success();
}

/// `op` on scalar operands (in operand order, float operands only).
float evaluateScalar(Operation *op, ArrayRef<float> x) {
  return llvm::TypeSwitch<Operation *, float>(op)
      .Case([&](tosa::AddOp) { return x[0] + x[1]; })
      .Case([&](tosa::SubOp) { return x[0] - x[1]; })
      .Case([&](tosa::MulOp) { return x[0] * x[1]; })
      .Case([&](tosa::ClampOp clamp) {
        float lo = cast<FloatAttr>(clamp.getMinValAttr()).getValueAsDouble();
        float hi = cast<FloatAttr>(clamp.getMaxValAttr()).getValueAsDouble();
        return std::isnan(x[0]) ? x[0] : std::min(std::max(x[0], lo), hi);
      })
      .Case([&](tosa::SigmoidOp) { return 1.0f / (1.0f + std::exp(-x[0])); })
      .Case([&](tosa::TanhOp) { return std::tanh(x[0]); })
      .Case([&](tosa::ExpOp) { return std::exp(x[0]); })
      .Case([&](tosa::LogOp) { return std::log(x[0]); })
      .Case([&](tosa::ReciprocalOp) { return 1.0f / x[0]; })
      .Case([&](tosa::RsqrtOp) { return 1.0f / std::sqrt(x[0]); })
      .Case([&](tosa::AbsOp) { return std::fabs(x[0]); })
      .Case([&](tosa::NegateOp) { return -x[0]; })
      .Case([&](tosa::PowOp) { return std::pow(x[0], x[1]); })
      .Case([&](tosa::ErfOp) { return std::erf(x[0]); })
      .Case([&](tosa::MaximumOp) { return std::max(x[0], x[1]); })
      .Case([&](tosa::MinimumOp) { return std::min(x[0], x[1]); })
      .Case([&](tosa::FloorOp) { return std::floor(x[0]); })
      .Case([&](tosa::CeilOp) { return std::ceil(x[0]); })
      .Default([](Operation *) { return std::nanf(""); });
}

/// dequantize(x) -> element-wise float ops with constants -> quantize, x
/// with 8-bit storage: one table lookup (a table per channel of the last
/// axis when a constant has one value per channel). Each entry is the
/// chain evaluated in f32 on one storage value of x, quantized once.
struct FuseTable : public OpRewritePattern<qnt::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(qnt::QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    Operation *end = quantize.getInput().getDefiningOp();
    auto out = dyn_cast<mlir::quant::UniformQuantizedType>(
        quantize.getType().getElementType());
    if (!end || !isTableOp(end) || !out)
      return failure();
    auto shape = cast<RankedTensorType>(quantize.getInput().getType());
    TableChain chain;
    llvm::SmallPtrSet<Operation *, 16> visited;
    if (failed(collectChain(quantize.getInput(), shape, chain, visited)) ||
        !chain.source)
      return failure();
    auto in = dyn_cast<mlir::quant::UniformQuantizedType>(
        getElementTypeOrSelf(chain.source.getInput().getType()));
    if (!in || in.getStorageTypeIntegralWidth() != 8)
      return failure();
    qmlir::quant::StorageSpec storage{out.getStorageTypeIntegralWidth(),
                                      out.isSigned(), false};
    // The constants' values; one table per channel (the last axis) when
    // any of them has one value per channel.
    DenseMap<Value, SmallVector<float>> constants;
    int64_t channels = 1;
    for (Operation *op : chain.ops)
      for (Value operand : op->getOperands())
        if (auto c = qnt::tableConstantValues(operand, shape)) {
          channels = std::max<int64_t>(channels, c->size());
          constants[operand] = std::move(*c);
        }
    if (channels * 256 > kMaxTableEntries)
      return failure();
    int64_t first = in.isSigned() ? -128 : 0;
    SmallVector<int32_t> table;
    DenseMap<Value, float> values;
    for (int64_t channel = 0; channel < channels; ++channel)
      for (int64_t q = first; q < first + 256; ++q) {
        values.clear();
        float x = qmlir::quant::dequantize(q, static_cast<float>(in.getScale()),
                                           in.getZeroPoint());
        for (Value input : chain.inputs)
          values[input] = x;
        for (auto &[constant, c] : constants)
          values[constant] = c[c.size() == 1 ? 0 : channel];
        for (Operation *op : chain.ops) {
          SmallVector<float> operands;
          for (Value operand : op->getOperands())
            if (isa<FloatType>(getElementTypeOrSelf(operand.getType())))
              operands.push_back(values.lookup(operand));
          values[op->getResult(0)] = evaluateScalar(op, operands);
        }
        int64_t r = qmlir::quant::quantize(values.lookup(quantize.getInput()),
                                           static_cast<float>(out.getScale()),
                                           out.getZeroPoint(), storage);
        table.push_back(static_cast<int32_t>(std::clamp<int64_t>(
            r, out.getStorageTypeMin(), out.getStorageTypeMax())));
      }
    auto fused =
        qnt::TableOp::create(rewriter, quantize.getLoc(), quantize.getType(),
                             chain.source.getInput(), table);
    return replaceIfValid(rewriter, quantize, fused);
  }
};

/// quantize(dequantize(x)) with other parameters is a requantize.
struct QuantizeOfDequantize : public OpRewritePattern<qnt::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(qnt::QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    Value x = dequantized(quantize.getInput());
    if (!x)
      return failure();
    if (x.getType() == quantize.getType()) {
      rewriter.replaceOp(quantize, x);
      return success();
    }
    auto requantize = qnt::RequantizeOp::create(rewriter, quantize.getLoc(),
                                                quantize.getType(), x);
    return replaceIfValid(rewriter, quantize, requantize);
  }
};

/// requantize(requantize(x)) is one requantize (one rounding instead of two).
struct RequantizeChain : public OpRewritePattern<qnt::RequantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(qnt::RequantizeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<qnt::RequantizeOp>();
    if (!inner)
      return failure();
    Value x = inner.getInput();
    if (x.getType() == op.getType()) {
      rewriter.replaceOp(op, x);
      return success();
    }
    auto fused = qnt::RequantizeOp::create(rewriter, op.getLoc(), op.getType(),
                                           x, op.getRoundingAttr());
    if (failed(keepIfValid(rewriter, fused)))
      return failure();
    rewriter.replaceOp(op, fused.getResult());
    return success();
  }
};

class QNTFuse : public qmlir::impl::QNTFuseBase<QNTFuse> {
public:
  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::Graph)))
      return signalPassFailure();
    func::FuncOp func = getOperation();
    RewritePatternSet patterns(&getContext());
    qnt::populateFusePatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
    // Tables last: what single-op integer forms (a clamp fused into its
    // producer) take is settled first.
    RewritePatternSet tables(&getContext());
    qnt::populateFuseTablePatterns(tables);
    if (failed(applyPatternsGreedily(func, std::move(tables))))
      return signalPassFailure();

    // What stays float between a dequantize and a quantize.
    func.walk([&](Operation *op) {
      if (!isa<tosa::TosaDialect>(op->getDialect()) ||
          op->hasTrait<OpTrait::ConstantLike>() ||
          isa<tosa::ConstShapeOp, tosa::ReshapeOp, tosa::TransposeOp,
              tosa::SliceOp>(op))
        return;
      // A contraction with only its weights dequantized is weight-only
      // quantization (lowered as such), not a failed fusion.
      bool readsDequantized =
          isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp,
              tosa::MatMulOp>(op)
              ? bool(dequantized(op->getOperand(0)))
              : llvm::any_of(op->getOperands(),
                             [](Value v) { return bool(dequantized(v)); });
      if (readsDequantized)
        op->emitRemark() << "'" << op->getName()
                         << "' stays float: no integer form accepts its "
                            "quantized operands and result";
    });
  }
};

} // namespace

void qmlir::qnt::populateFuseTablePatterns(RewritePatternSet &patterns) {
  patterns.add<FuseTable, QuantizeOfDequantize, RequantizeChain>(
      patterns.getContext());
}

std::optional<SmallVector<float>>
qmlir::qnt::tableConstantValues(Value value, RankedTensorType shape) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) ||
      !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  if (attr.isSplat())
    return SmallVector<float>{attr.getSplatValue<APFloat>().convertToFloat()};
  // One value per channel of the last axis, broadcast along the others.
  auto type = cast<ShapedType>(attr.getType());
  int64_t rank = shape.getRank();
  if (type.getRank() != rank || rank == 0 ||
      type.getDimSize(rank - 1) != shape.getDimSize(rank - 1) ||
      llvm::any_of(type.getShape().drop_back(),
                   [](int64_t d) { return d != 1; }))
    return std::nullopt;
  SmallVector<float> values;
  for (const APFloat &v : attr.getValues<APFloat>())
    values.push_back(v.convertToFloat());
  return values;
}

bool qmlir::qnt::isTableElementwiseOp(Operation *op) {
  return isa<tosa::AddOp, tosa::SubOp, tosa::MulOp, tosa::ClampOp,
             tosa::SigmoidOp, tosa::TanhOp, tosa::ExpOp, tosa::LogOp,
             tosa::ReciprocalOp, tosa::RsqrtOp, tosa::AbsOp, tosa::NegateOp,
             tosa::PowOp, tosa::ErfOp, tosa::MaximumOp, tosa::MinimumOp,
             tosa::FloorOp, tosa::CeilOp>(op);
}

void qmlir::qnt::populateFusePatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<FuseConv<tosa::Conv2DOp, qnt::Conv2DOp>,
               FuseConv<tosa::DepthwiseConv2DOp, qnt::DepthwiseConv2DOp>,
               FuseMatmul, FuseBinary<tosa::AddOp, qnt::AddOp>,
               FuseBinary<tosa::MulOp, qnt::MulOp>, FuseMaxPool, FuseAvgPool,
               FuseConcat, FuseDataMovement, FuseClamp, QuantizeOfDequantize,
               RequantizeChain>(context);
}
