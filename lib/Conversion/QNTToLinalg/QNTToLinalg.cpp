//===- QNTToLinalg.cpp - The convert-qnt-to-linalg pass -------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "QNTToLinalgInternal.h"
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

class ConvertQNTToLinalg
    : public qmlir::impl::ConvertQNTToLinalgBase<ConvertQNTToLinalg> {
public:
  void runOnOperation() override {
    ModuleOp module = getOperation();
    bool failedAny = false;
    // Integer ops first: they read and produce quantized values through
    // storage casts, so the quantize/dequantize lowering below sees them.
    SmallVector<Operation *> integerOps;
    module.walk([&](Operation *op) {
      if (isa<qnt::QNTDialect>(op->getDialect()) &&
          !isa<qnt::QuantizeOp, qnt::DequantizeOp, qnt::CalibrateOp>(op))
        integerOps.push_back(op);
    });
    for (Operation *op : integerOps)
      if (failed(qmlir::detail::lowerIntegerQNTOp(op)))
        failedAny = true;
    if (failedAny)
      return signalPassFailure();

    // The parameters first, from the quantized types, before any value is
    // replaced; then the new ops.
    struct Work {
      Operation *op;
      Params params;
      RankedTensorType quantizedType;
    };
    std::vector<Work> work;
    module.walk([&](Operation *op) {
      Value quantized;
      if (auto quantize = dyn_cast<qnt::QuantizeOp>(op))
        quantized = quantize.getOutput();
      else if (auto dequantize = dyn_cast<qnt::DequantizeOp>(op))
        quantized = dequantize.getInput();
      else
        return;
      auto type = cast<RankedTensorType>(quantized.getType());
      work.push_back(
          {op,
           paramsOf(cast<mlir::quant::QuantizedType>(type.getElementType())),
           type});
    });
    for (Work &item : work) {
      OpBuilder b(item.op);
      if (auto quantize = dyn_cast<qnt::QuantizeOp>(item.op)) {
        auto storage = cast<RankedTensorType>(storageType(item.quantizedType));
        quantize.getOutput().replaceAllUsesWith(
            lowerQuantize(b, quantize, item.params, storage));
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
