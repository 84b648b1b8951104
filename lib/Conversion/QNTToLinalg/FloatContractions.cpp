//===- FloatContractions.cpp - Weight-only and dynamic contractions -------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Quant/Numerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace qmlir;
using namespace qmlir::detail;

namespace {

/// Whether `value` is a constant whose elements are all zero.
bool isZeroConstant(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return false;
  if (attr.getElementType().isIntOrIndex())
    return llvm::all_of(attr.getValues<APInt>(),
                        [](const APInt &v) { return v.isZero(); });
  return llvm::all_of(attr.getValues<APFloat>(),
                      [](const APFloat &v) { return v.isZero(); });
}

/// The weights of a float contraction with quantized constant weights:
/// symmetric integers of at most 8 bits, per output channel (`outAxis`) or
/// per tensor, with the float operands' zero points 0.
struct QuantizedWeights {
  QInfo info;
  SmallVector<int64_t> values;
};
std::optional<QuantizedWeights> quantizedWeights(Operation *op,
                                                 int64_t outAxis) {
  auto dequantize = op->getOperand(1).getDefiningOp<qnt::DequantizeOp>();
  if (!dequantize)
    return std::nullopt;
  QInfo w = infoOf(dequantize.getInput());
  std::optional<SmallVector<int64_t>> values =
      constantStorage(dequantize.getInput(), w);
  if (!values || !w.isSigned || w.width > 8 ||
      llvm::any_of(w.zeroPoints, [](int64_t z) { return z != 0; }) ||
      (w.axis && *w.axis != outAxis))
    return std::nullopt;
  unsigned zeroOperands = isa<tosa::MatMulOp>(op) ? 2 : 3;
  for (unsigned i = zeroOperands; i < op->getNumOperands(); ++i)
    if (!isZeroConstant(op->getOperand(i)))
      return std::nullopt;
  return QuantizedWeights{std::move(w), std::move(*values)};
}

/// Replaces a float contraction by `result` and erases the weights'
/// dequantize when nothing else uses it.
void replaceContraction(Operation *op, Value result) {
  auto dequantize = op->getOperand(1).getDefiningOp<qnt::DequantizeOp>();
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
  if (dequantize && dequantize->use_empty())
    dequantize->erase();
}

} // namespace

bool qmlir::detail::lowerWeightOnly(Operation *op) {
  bool depthwise = isa<tosa::DepthwiseConv2DOp>(op);
  bool matmul = isa<tosa::MatMulOp>(op);
  if (!isa<tosa::Conv2DOp>(op) && !depthwise && !matmul)
    return false;
  auto xType = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  auto yType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!xType || !yType || !xType.getElementType().isF32() ||
      !yType.getElementType().isF32() || !xType.hasStaticShape() ||
      !yType.hasStaticShape())
    return false;
  std::optional<QuantizedWeights> weights =
      quantizedWeights(op, matmul || depthwise ? 2 : 0);
  if (!weights)
    return false;
  const QInfo &w = weights->info;
  const SmallVector<int64_t> *values = &weights->values;

  OpBuilder b(op);
  Location loc = op->getLoc();
  ArrayRef<int64_t> wShape = w.type.getShape();
  int64_t rank = yType.getRank(), channels = yType.getShape().back();
  int64_t multiplier = depthwise ? wShape[3] : 1;
  auto accType = yType.clone(b.getF32Type());
  Value acc;
  if (matmul) {
    acc = linalg::BatchMatmulOp::create(
              b, loc, TypeRange{accType},
              ValueRange{op->getOperand(0),
                         intConstant(b, loc, wShape, 8, *values)},
              ValueRange{zeros(b, loc, accType)})
              .getResult(0);
  } else {
    ArrayRef<int64_t> pad, stride, dilation;
    if (auto conv = dyn_cast<tosa::Conv2DOp>(op)) {
      pad = conv.getPad();
      stride = conv.getStride();
      dilation = conv.getDilation();
    } else {
      auto dw = cast<tosa::DepthwiseConv2DOp>(op);
      pad = dw.getPad();
      stride = dw.getStride();
      dilation = dw.getDilation();
    }
    Value input = padded(b, loc, op->getOperand(0), pad, 0);
    Attribute strides = b.getI64TensorAttr(stride);
    Attribute dilations = b.getI64TensorAttr(dilation);
    if (depthwise) {
      SmallVector<int64_t> shape(accType.getShape());
      shape.back() = wShape[2];
      shape.push_back(wShape[3]);
      auto wideType = RankedTensorType::get(shape, b.getF32Type());
      Value conv =
          linalg::DepthwiseConv2DNhwcHwcmOp::create(
              b, loc, TypeRange{wideType},
              ValueRange{input, intConstant(b, loc, wShape, 8, *values)},
              ValueRange{zeros(b, loc, wideType)}, strides, dilations)
              .getResult(0);
      acc = tensor::CollapseShapeOp::create(
          b, loc, accType, conv,
          SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
    } else {
      acc = linalg::Conv2DNhwcHwcfOp::create(
                b, loc, TypeRange{accType},
                ValueRange{input, hwcfFilter(b, loc, wShape, *values, 8)},
                ValueRange{zeros(b, loc, accType)}, strides, dilations)
                .getResult(0);
    }
  }

  // Epilogue: the scale of each output channel, then the bias.
  SmallVector<float> scales(channels);
  for (int64_t c = 0; c < channels; ++c)
    scales[c] = w.scale(w.axis ? c / multiplier : 0);
  auto channelType = RankedTensorType::get({channels}, b.getF32Type());
  Value scaleConstant = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(channelType, ArrayRef<float>(scales)));
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap channelMap = AffineMap::get(rank, 0, b.getAffineDimExpr(rank - 1));
  SmallVector<Value> inputs{acc, scaleConstant};
  SmallVector<AffineMap> maps{identity, channelMap};
  if (!matmul) {
    Value bias = op->getOperand(2);
    auto biasType = cast<RankedTensorType>(bias.getType());
    inputs.push_back(bias);
    maps.push_back(biasType.getDimSize(0) == 1
                       ? AffineMap::get(rank, 0, b.getAffineConstantExpr(0))
                       : channelMap);
  }
  Value result =
      generic(b, loc, yType, inputs, maps,
              [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
                Value scaled =
                    arith::MulFOp::create(nb, nloc, args[0], args[1]);
                if (args.size() == 4)
                  return arith::AddFOp::create(nb, nloc, scaled, args[2]);
                return scaled;
              });
  replaceContraction(op, result);
  return true;
}

LogicalResult qmlir::detail::lowerDynamic(Operation *op) {
  bool matmul = isa<tosa::MatMulOp>(op);
  auto xType = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  auto yType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if ((!matmul && !isa<tosa::Conv2DOp>(op)) ||
      !op->getOperand(1).getDefiningOp<qnt::DequantizeOp>() || !xType ||
      !yType || !xType.getElementType().isF32() || !xType.hasStaticShape() ||
      !yType.hasStaticShape())
    return op->emitError() << "dynamic quantization needs a conv2d or matmul "
                              "with float, statically shaped operands and "
                              "dequantized constant weights";
  std::optional<QuantizedWeights> weights =
      quantizedWeights(op, matmul ? 2 : 0);
  if (!weights)
    return op->emitError() << "dynamic quantization needs symmetric integer "
                              "weights of at most 8 bits, per output channel "
                              "or per tensor, and zero points of 0";
  const QInfo &w = weights->info;
  const SmallVector<int64_t> *values = &weights->values;
  if (matmul && w.type.getDimSize(0) != 1)
    return op->emitError() << "dynamic quantization of a batched matmul "
                              "(weights of batch "
                           << w.type.getDimSize(0) << ") is not supported";

  OpBuilder b(op);
  Location loc = op->getLoc();
  Type f32 = b.getF32Type(), i32 = b.getI32Type(), i8 = b.getI8Type();
  Value x = op->getOperand(0);
  int64_t rank = xType.getRank();

  // The input's range, widened to contain 0: two reductions to scalars.
  auto reduceTo = [&](bool isMax) -> Value {
    Value init = linalg::FillOp::create(
                     b, loc,
                     arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f))
                         .getResult(),
                     tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, f32)
                         .getResult())
                     .getResult(0);
    SmallVector<int64_t> dims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    Value reduced =
        linalg::ReduceOp::create(
            b, loc, ValueRange{x}, ValueRange{init}, dims,
            [&](OpBuilder &nb, Location nloc, ValueRange args) {
              Value r =
                  isMax ? arith::MaximumFOp::create(nb, nloc, args[0], args[1])
                              .getResult()
                        : arith::MinimumFOp::create(nb, nloc, args[0], args[1])
                              .getResult();
              linalg::YieldOp::create(nb, nloc, r);
            })
            .getResult(0);
    return tensor::ExtractOp::create(b, loc, reduced, ValueRange{});
  };
  Value lo = reduceTo(/*isMax=*/false), hi = reduceTo(/*isMax=*/true);
  auto f32Constant = [&](float v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  };
  // u8 asymmetric: scale = (hi - lo) / 255 (1 for an all-zero input), zero
  // point = round(-lo / scale) in [0, 255], held as zp - 128 for the s8 data.
  Value range = arith::SubFOp::create(b, loc, hi, lo);
  Value scale = arith::DivFOp::create(b, loc, range, f32Constant(255.0f));
  Value isZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, scale,
                                       f32Constant(0.0f));
  scale = arith::SelectOp::create(b, loc, isZero, f32Constant(1.0f), scale);
  Value zp = math::RoundEvenOp::create(
      b, loc,
      arith::DivFOp::create(b, loc, arith::NegFOp::create(b, loc, lo), scale));
  zp = arith::MinimumFOp::create(
      b, loc, arith::MaximumFOp::create(b, loc, zp, f32Constant(0.0f)),
      f32Constant(255.0f));
  Value centeredZp =
      arith::SubIOp::create(b, loc, arith::FPToSIOp::create(b, loc, i32, zp),
                            scalar(b, loc, i32, 128));

  // x -> s8: clamp(roundeven(x / scale) + zp, 0, 255) - 128.
  ArrayRef<int64_t> wShape = w.type.getShape();
  auto qType = xType.clone(i8);
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  Value q = generic(
      b, loc, qType, {x}, {identity},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value v = math::RoundEvenOp::create(
            nb, nloc, arith::DivFOp::create(nb, nloc, args[0], scale));
        v = arith::AddFOp::create(nb, nloc, v, zp);
        v = arith::MinimumFOp::create(
            nb, nloc, arith::MaximumFOp::create(nb, nloc, v, f32Constant(0)),
            f32Constant(255));
        Value asInt = arith::FPToSIOp::create(nb, nloc, i32, v);
        Value centered =
            arith::SubIOp::create(nb, nloc, asInt, scalar(nb, nloc, i32, 128));
        return arith::TruncIOp::create(nb, nloc, i8, centered);
      });

  // The integer product and each output channel's weight sum.
  int64_t channels = yType.getShape().back();
  SmallVector<int64_t> sums(channels, 0);
  for (size_t i = 0; i < values->size(); ++i)
    sums[matmul ? i % channels : i / (values->size() / channels)] +=
        (*values)[i];
  auto accType = yType.clone(i32);
  Value acc;
  if (matmul) {
    // One batch: [1, M, K] x [1, K, N] as a 2-D product (the VNNI kernels'
    // form).
    ArrayRef<int64_t> shape = xType.getShape();
    SmallVector<ReassociationIndices> batchOne{{0, 1}, {2}};
    Value flatA = tensor::CollapseShapeOp::create(
        b, loc, qType.clone({shape[1], shape[2]}), q, batchOne);
    Value flatB = intConstant(b, loc, {wShape[1], wShape[2]}, 8, *values);
    auto flatAcc = RankedTensorType::get({shape[1], channels}, i32);
    Value product = linalg::MatmulOp::create(b, loc, TypeRange{flatAcc},
                                             ValueRange{flatA, flatB},
                                             ValueRange{zeros(b, loc, flatAcc)})
                        .getResult(0);
    acc = tensor::ExpandShapeOp::create(b, loc, accType, product, batchOne);
  } else {
    auto conv = cast<tosa::Conv2DOp>(op);
    // Padding holds real 0: the zero point.
    Value input = padded(b, loc, q, conv.getPad(),
                         arith::TruncIOp::create(b, loc, i8, centeredZp));
    acc = linalg::Conv2DNhwcHwcfOp::create(
              b, loc, TypeRange{accType},
              ValueRange{input, hwcfFilter(b, loc, wShape, *values, 8)},
              ValueRange{zeros(b, loc, accType)},
              b.getI64TensorAttr(conv.getStride()),
              b.getI64TensorAttr(conv.getDilation()))
              .getResult(0);
  }

  // y = (acc - zp' * sum[c]) * (scale * w_scale[c]) + bias[c].
  SmallVector<float> wScales(channels);
  for (int64_t c = 0; c < channels; ++c)
    wScales[c] = w.scale(w.axis ? c : 0);
  auto channelType = RankedTensorType::get({channels}, f32);
  Value wScaleConstant = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(channelType, ArrayRef<float>(wScales)));
  Value sumConstant = intConstant(b, loc, {channels}, 32, sums);
  int64_t outRank = yType.getRank();
  AffineMap outIdentity = b.getMultiDimIdentityMap(outRank);
  AffineMap channelMap =
      AffineMap::get(outRank, 0, b.getAffineDimExpr(outRank - 1));
  SmallVector<Value> inputs{acc, wScaleConstant, sumConstant};
  SmallVector<AffineMap> maps{outIdentity, channelMap, channelMap};
  if (!matmul) {
    Value bias = op->getOperand(2);
    inputs.push_back(bias);
    maps.push_back(cast<RankedTensorType>(bias.getType()).getDimSize(0) == 1
                       ? AffineMap::get(outRank, 0, b.getAffineConstantExpr(0))
                       : channelMap);
  }
  Value result = generic(
      b, loc, yType, inputs, maps,
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value correction = arith::MulIOp::create(nb, nloc, centeredZp, args[2]);
        Value exact = arith::SubIOp::create(nb, nloc, args[0], correction);
        Value real = arith::SIToFPOp::create(nb, nloc, f32, exact);
        Value factor = arith::MulFOp::create(nb, nloc, scale, args[1]);
        Value y = arith::MulFOp::create(nb, nloc, real, factor);
        if (args.size() == 5)
          y = arith::AddFOp::create(nb, nloc, y, args[3]);
        return y;
      });
  replaceContraction(op, result);
  return success();
}
