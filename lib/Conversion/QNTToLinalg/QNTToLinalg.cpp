//===- QNTToLinalg.cpp - The convert-qnt-to-linalg pass -------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Conversion/Passes.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Transforms/Retype.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "qmlir/Quant/Numerics.h"

namespace qmlir {
#define GEN_PASS_DEF_CONVERTQNTTOLINALG
#include "qmlir/Conversion/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;

namespace {

/// The parameters of a quantized element type, per channel.
struct Params {
  SmallVector<float> scales;
  /// The scales as the type holds them (requantize multipliers use these).
  SmallVector<double> exactScales;
  SmallVector<float> zeroPoints;
  std::optional<int64_t> axis;
  int64_t storageMin = 0, storageMax = 0;
  unsigned width = 8;
  bool isSigned = true;
};

Params paramsOf(mlir::quant::QuantizedType type) {
  Params p;
  p.storageMin = type.getStorageTypeMin();
  p.storageMax = type.getStorageTypeMax();
  p.width = type.getStorageTypeIntegralWidth();
  p.isSigned = type.isSigned();
  if (auto perTensor = dyn_cast<mlir::quant::UniformQuantizedType>(type)) {
    p.scales.push_back(static_cast<float>(perTensor.getScale()));
    p.exactScales.push_back(perTensor.getScale());
    p.zeroPoints.push_back(static_cast<float>(perTensor.getZeroPoint()));
  } else {
    auto perAxis = cast<mlir::quant::UniformQuantizedPerAxisType>(type);
    for (double s : perAxis.getScales()) {
      p.scales.push_back(static_cast<float>(s));
      p.exactScales.push_back(s);
    }
    for (int64_t z : perAxis.getZeroPoints())
      p.zeroPoints.push_back(static_cast<float>(z));
    p.axis = perAxis.getQuantizedDimension();
  }
  return p;
}

/// The signless storage type of a quantized tensor type, or null.
Type storageType(Type type) {
  auto tensor = dyn_cast<TensorType>(type);
  if (!tensor)
    return nullptr;
  auto quantized =
      dyn_cast<mlir::quant::QuantizedType>(tensor.getElementType());
  if (!quantized)
    return nullptr;
  return tensor.clone(IntegerType::get(
      type.getContext(), quantized.getStorageTypeIntegralWidth()));
}

/// A linalg.generic over `input` producing `resultType`, with the channel's
/// scale and zero point as scalars in `body(builder, loc, element, scale,
/// zeroPoint)`: constants per tensor, extracted per channel.
Value elementwise(
    OpBuilder &b, Location loc, Value input, RankedTensorType resultType,
    const Params &params,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value)> body) {
  int64_t rank = resultType.getRank();
  auto identity = b.getMultiDimIdentityMap(rank);
  SmallVector<Value> inputs{input};
  SmallVector<AffineMap> maps{identity};
  if (params.axis) {
    auto channelType =
        RankedTensorType::get({int64_t(params.scales.size())}, b.getF32Type());
    inputs.push_back(arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(channelType, ArrayRef(params.scales))));
    inputs.push_back(arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(channelType, ArrayRef(params.zeroPoints))));
    AffineMap channel =
        AffineMap::get(rank, 0, b.getAffineDimExpr(*params.axis));
    maps.push_back(channel);
    maps.push_back(channel);
  }
  maps.push_back(identity);
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value scale, zeroPoint;
        if (params.axis) {
          scale = args[1];
          zeroPoint = args[2];
        } else {
          scale = arith::ConstantOp::create(
              nb, nloc, nb.getF32FloatAttr(params.scales[0]));
          zeroPoint = arith::ConstantOp::create(
              nb, nloc, nb.getF32FloatAttr(params.zeroPoints[0]));
        }
        Value result = body(nb, nloc, args[0], scale, zeroPoint);
        linalg::YieldOp::create(nb, nloc, result);
      });
  return generic.getResult(0);
}

/// A storage integer as i32, zero- or sign-extended by the storage's
/// signedness.
Value widen(OpBuilder &b, Location loc, Value q, const Params &params) {
  if (params.width >= 32)
    return q;
  if (params.isSigned)
    return arith::ExtSIOp::create(b, loc, b.getI32Type(), q);
  return arith::ExtUIOp::create(b, loc, b.getI32Type(), q);
}

/// sat(roundHalfEven(x / s) + z), NaN -> z, as signless storage integers.
Value lowerQuantize(OpBuilder &b, qnt::QuantizeOp op, const Params &params,
                    RankedTensorType storage) {
  auto body = [&](OpBuilder &nb, Location loc, Value x, Value scale,
                  Value zeroPoint) -> Value {
    Value scaled = arith::DivFOp::create(nb, loc, x, scale);
    Value rounded = math::RoundEvenOp::create(nb, loc, scaled);
    Value shifted = arith::AddFOp::create(nb, loc, rounded, zeroPoint);
    Value lo = arith::ConstantOp::create(
        nb, loc, nb.getF32FloatAttr(static_cast<float>(params.storageMin)));
    Value hi = arith::ConstantOp::create(
        nb, loc, nb.getF32FloatAttr(static_cast<float>(params.storageMax)));
    Value clamped = arith::MinimumFOp::create(
        nb, loc, arith::MaximumFOp::create(nb, loc, shifted, lo), hi);
    Value isNan =
        arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::UNO, x, x);
    Value value = arith::SelectOp::create(nb, loc, isNan, zeroPoint, clamped);
    // Through i32 (exact: |value| < 2^16), then to the storage width; the
    // bits of an unsigned value are its storage bits.
    Value wide = arith::FPToSIOp::create(nb, loc, nb.getI32Type(), value);
    if (params.width == 32)
      return wide;
    return arith::TruncIOp::create(nb, loc, nb.getIntegerType(params.width),
                                   wide);
  };
  return elementwise(b, op.getLoc(), op.getInput(), storage, params, body);
}

/// s * (q - z) in f32 from signless storage integers.
Value lowerDequantize(OpBuilder &b, qnt::DequantizeOp op, const Params &params,
                      Value storage) {
  auto resultType = cast<RankedTensorType>(op.getOutput().getType());
  // The generic's block reads storage integers: view a quantized operand as
  // its storage (a cast that is an identity once values are retyped).
  if (Type signless = storageType(storage.getType()))
    storage =
        mlir::quant::StorageCastOp::create(b, op.getLoc(), signless, storage);
  auto body = [&](OpBuilder &nb, Location loc, Value q, Value scale,
                  Value zeroPoint) -> Value {
    Value real = arith::SIToFPOp::create(nb, loc, nb.getF32Type(),
                                         widen(nb, loc, q, params));
    Value centered = arith::SubFOp::create(nb, loc, real, zeroPoint);
    return arith::MulFOp::create(nb, loc, scale, centered);
  };
  return elementwise(b, op.getLoc(), storage, resultType, params, body);
}

/// r = sat_out(applyScale(q - z_in, M, s, rounding) + z_out) with (M, s) =
/// quantizeMultiplier(s_in / s_out): the difference in i32 by a generic,
/// then tosa.rescale, whose lowering the numerics library is cross-checked
/// against bit for bit; narrow signed ranges are clamped after.
FailureOr<Value> lowerRequantize(OpBuilder &b, qnt::RequantizeOp op,
                                 const Params &in, const Params &out) {
  Location loc = op.getLoc();
  auto multiplier =
      qmlir::quant::quantizeMultiplier(in.exactScales[0] / out.exactScales[0]);
  if (!multiplier) { // the op's verifier rules this out
    op.emitError() << "requantize: " << multiplier.error();
    return failure();
  }
  Value input = op.getInput();
  if (Type signless = storageType(input.getType()))
    input = mlir::quant::StorageCastOp::create(b, loc, signless, input);
  auto inputType = cast<RankedTensorType>(input.getType());
  auto i32Type = inputType.clone(b.getI32Type());
  Params difference = in;
  Value acc = elementwise(
      b, loc, input, i32Type, difference,
      [&](OpBuilder &nb, Location nloc, Value q, Value, Value zeroPoint) {
        Value zp =
            arith::FPToSIOp::create(nb, nloc, nb.getI32Type(), zeroPoint);
        return arith::SubIOp::create(nb, nloc, widen(nb, nloc, q, in), zp)
            .getResult();
      });
  auto constant = [&](Type element, int64_t value) -> Value {
    auto type = RankedTensorType::get({1}, element);
    return tosa::ConstOp::create(
        b, loc, type,
        DenseElementsAttr::get(type, b.getIntegerAttr(element, value)));
  };
  Type outElement = b.getIntegerType(out.width);
  // The output zero point holds the storage bits (read as unsigned when the
  // output is).
  int64_t zeroPoint = static_cast<int64_t>(out.zeroPoints[0]);
  if (!out.isSigned && zeroPoint >= (int64_t(1) << (out.width - 1)))
    zeroPoint -= int64_t(1) << out.width;
  auto resultType = inputType.clone(outElement);
  Value rescaled = tosa::RescaleOp::create(
      b, loc, resultType, acc, constant(b.getI32Type(), multiplier->multiplier),
      constant(b.getI8Type(), multiplier->shift), constant(b.getI32Type(), 0),
      constant(outElement, zeroPoint), b.getBoolAttr(true),
      tosa::RoundingModeAttr::get(b.getContext(),
                                  op.getRounding() == qnt::RoundingMode::Double
                                      ? tosa::RoundingMode::DOUBLE_ROUND
                                      : tosa::RoundingMode::SINGLE_ROUND),
      b.getBoolAttr(false), b.getBoolAttr(false), b.getBoolAttr(!out.isSigned));
  // tosa.rescale saturates to the full storage range.
  int64_t fullMin = out.isSigned ? -(int64_t(1) << (out.width - 1)) : 0;
  if (!out.isSigned || out.storageMin == fullMin)
    return rescaled;
  Params none;
  none.scales = {1.0f};
  none.zeroPoints = {0.0f};
  return elementwise(
      b, loc, rescaled, resultType, none,
      [&](OpBuilder &nb, Location nloc, Value r, Value, Value) {
        Value lo = arith::ConstantOp::create(
            nb, nloc, nb.getIntegerAttr(outElement, out.storageMin));
        return arith::MaxSIOp::create(nb, nloc, r, lo).getResult();
      });
}

class ConvertQNTToLinalg
    : public qmlir::impl::ConvertQNTToLinalgBase<ConvertQNTToLinalg> {
public:
  void runOnOperation() override {
    ModuleOp module = getOperation();
    bool failedAny = false;
    module.walk([&](Operation *op) {
      if (isa<qnt::QNTDialect>(op->getDialect()) &&
          !isa<qnt::QuantizeOp, qnt::DequantizeOp, qnt::RequantizeOp>(op)) {
        op->emitError() << "'" << op->getName()
                        << "' is a quantized op not lowered to linalg yet "
                           "(only qnt.quantize, qnt.dequantize and per-tensor "
                           "qnt.requantize are)";
        failedAny = true;
      }
      auto requantize = dyn_cast<qnt::RequantizeOp>(op);
      if (requantize &&
          (!isa<mlir::quant::UniformQuantizedType>(
               cast<RankedTensorType>(requantize.getInput().getType())
                   .getElementType()) ||
           !isa<mlir::quant::UniformQuantizedType>(
               cast<RankedTensorType>(requantize.getOutput().getType())
                   .getElementType()))) {
        op->emitError() << "per-axis 'qnt.requantize' is not lowered to "
                           "linalg yet";
        failedAny = true;
      }
    });
    if (failedAny)
      return signalPassFailure();

    // The parameters first, from the quantized types, before any value is
    // replaced; then the new ops.
    struct Work {
      Operation *op;
      Params params;
      RankedTensorType quantizedType;
      Params outParams; // requantize only
    };
    std::vector<Work> work;
    module.walk([&](Operation *op) {
      Value quantized;
      Params outParams;
      if (auto quantize = dyn_cast<qnt::QuantizeOp>(op))
        quantized = quantize.getOutput();
      else if (auto dequantize = dyn_cast<qnt::DequantizeOp>(op))
        quantized = dequantize.getInput();
      else if (auto requantize = dyn_cast<qnt::RequantizeOp>(op)) {
        quantized = requantize.getInput();
        outParams = paramsOf(cast<mlir::quant::QuantizedType>(
            cast<RankedTensorType>(requantize.getOutput().getType())
                .getElementType()));
      } else
        return;
      auto type = cast<RankedTensorType>(quantized.getType());
      work.push_back(
          {op,
           paramsOf(cast<mlir::quant::QuantizedType>(type.getElementType())),
           type, outParams});
    });
    for (Work &item : work) {
      OpBuilder b(item.op);
      if (auto quantize = dyn_cast<qnt::QuantizeOp>(item.op)) {
        auto storage = cast<RankedTensorType>(storageType(item.quantizedType));
        quantize.getOutput().replaceAllUsesWith(
            lowerQuantize(b, quantize, item.params, storage));
      } else if (auto requantize = dyn_cast<qnt::RequantizeOp>(item.op)) {
        FailureOr<Value> lowered =
            lowerRequantize(b, requantize, item.params, item.outParams);
        if (failed(lowered)) {
          failedAny = true;
          continue;
        }
        requantize.getOutput().replaceAllUsesWith(*lowered);
      } else {
        auto dequantize = cast<qnt::DequantizeOp>(item.op);
        // The operand may already be a storage value; the generic reads it
        // as one (operands are retyped below).
        dequantize.getOutput().replaceAllUsesWith(
            lowerDequantize(b, dequantize, item.params, dequantize.getInput()));
      }
      item.op->erase();
    }

    // Quantized values take their storage types.
    retypeValues(module, storageType);
    // Storage casts are identities now.
    SmallVector<mlir::quant::StorageCastOp> casts;
    module.walk([&](mlir::quant::StorageCastOp op) { casts.push_back(op); });
    for (auto op : casts) {
      if (op.getInput().getType() != op.getType()) {
        op.emitError() << "storage cast from " << op.getInput().getType()
                       << " to " << op.getType() << " is not an identity";
        failedAny = true;
        continue;
      }
      op.getResult().replaceAllUsesWith(op.getInput());
      op.erase();
    }
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
