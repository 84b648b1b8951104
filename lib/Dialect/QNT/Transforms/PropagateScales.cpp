//===- PropagateScales.cpp - The qnt-propagate-scales pass ----------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Verification/InputLevel.h"

#include "qmlir/Quant/Numerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/SmallPtrSet.h"
#include <cmath>

namespace qmlir {
#define GEN_PASS_DEF_QNTPROPAGATESCALES
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;

/// The attribute with which converters mark ops whose output range the op
/// defines (softmax, hard-sigmoid decompositions): [lo, hi].
static constexpr llvm::StringLiteral kFixedRangeAttrName = "qnt.fixed_range";

namespace {

/// A quantized operand: the dequantize feeding the op and the quantized
/// value it reads.
struct QuantizedOperand {
  unsigned index;
  qnt::DequantizeOp dequantize;
  Value quantized() const { return dequantize->getOperand(0); }
};

Type elementOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getElementType();
}

/// Whether the parameters of `quantized` came from calibration (a quantize
/// op marked by qnt-quantize), so that they may change.
bool isCalibrated(Value quantized) {
  auto quantize = quantized.getDefiningOp<qnt::QuantizeOp>();
  return quantize && quantize->hasAttr(kCalibratedAttrName);
}

/// Short text of a parameter set for remarks.
std::string describe(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

class QNTPropagateScales
    : public qmlir::impl::QNTPropagateScalesBase<QNTPropagateScales> {
public:
  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::Graph)))
      return signalPassFailure();
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<tosa::ReshapeOp, tosa::TransposeOp, tosa::MaxPool2dOp,
              tosa::PadOp, tosa::SliceOp, tosa::ConcatOp, tosa::ClampOp,
              tosa::SigmoidOp, tosa::TanhOp>(op) ||
          op->hasAttr(kFixedRangeAttrName))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      if (isa<tosa::SigmoidOp, tosa::TanhOp>(op) ||
          op->hasAttr(kFixedRangeAttrName))
        fixedRange(op);
      else
        sameScale(op);
    }
    // Biases last: they follow the final input and weight parameters.
    getOperation().walk([&](Operation *op) {
      if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp>(
              op))
        quantizeBias(op);
    });
  }

private:
  /// The quantize op that takes the op's (single) result, if any.
  static qnt::QuantizeOp resultQuantize(Operation *op) {
    Value result = op->getResult(0);
    for (Operation *user : result.getUsers())
      if (auto quantize = dyn_cast<qnt::QuantizeOp>(user))
        return quantize;
    return {};
  }

  /// Gives the quantized value the element type `element` in place when
  /// its parameters are calibrated and not yet assigned; false when they
  /// are pinned or assigned (the caller then requantizes).
  bool retype(Value quantized, Type element) {
    if (elementOf(quantized) == element)
      return true;
    if (!isCalibrated(quantized) || assigned.contains(quantized))
      return false;
    auto type = cast<RankedTensorType>(quantized.getType());
    quantized.setType(type.clone(element));
    return true;
  }

  /// Reads `use` of an operand through a requantize to `element`.
  void requantizeOperand(Operation *op, const QuantizedOperand &operand,
                         Type element) {
    OpBuilder b(op);
    Value from = operand.quantized();
    auto type = cast<RankedTensorType>(from.getType());
    Value requantized = qnt::RequantizeOp::create(
        b, op->getLoc(), type.clone(element), from, qnt::RoundingMode::Single);
    Value real = qnt::DequantizeOp::create(
        b, op->getLoc(), operand.dequantize->getResult(0).getType(),
        requantized);
    op->setOperand(operand.index, real);
    op->emitRemark() << "operand #" << operand.index << " requantized from "
                     << describe(elementOf(from)) << " to " << describe(element)
                     << ": its parameters are fixed elsewhere";
  }

  /// The result keeps its pinned parameters: the op's output, quantized
  /// with the shared parameters, is requantized to them.
  void requantizeResult(Operation *op, qnt::QuantizeOp pinned, Type element) {
    OpBuilder b(pinned);
    auto type = cast<RankedTensorType>(pinned.getOutput().getType());
    auto shared = qnt::QuantizeOp::create(
        b, pinned.getLoc(), type.clone(element), pinned.getInput());
    Value requantized = qnt::RequantizeOp::create(
        b, pinned.getLoc(), type, shared, qnt::RoundingMode::Single);
    pinned.getOutput().replaceAllUsesWith(requantized);
    pinned.erase();
    assigned.insert(shared.getOutput());
    assigned.insert(requantized);
    op->emitRemark() << "result requantized from " << describe(element)
                     << " (shared with the operands) to the pinned "
                     << describe(type.getElementType());
  }

  void sameScale(Operation *op) {
    SmallVector<QuantizedOperand> operands;
    unsigned dataOperands = isa<tosa::ConcatOp>(op) ? op->getNumOperands() : 1;
    for (unsigned i = 0; i < dataOperands; ++i) {
      auto dequantize = op->getOperand(i).getDefiningOp<qnt::DequantizeOp>();
      if (!dequantize)
        return; // a float operand: the op stays float
      operands.push_back({i, dequantize});
    }
    qnt::QuantizeOp result = resultQuantize(op);
    // The parameters by priority: pinned operand, pinned result,
    // calibrated operand, calibrated result.
    Type chosen;
    bool pinned = true;
    for (const QuantizedOperand &operand : operands)
      if (!chosen && !isCalibrated(operand.quantized()))
        chosen = elementOf(operand.quantized());
    if (!chosen && result && !isCalibrated(result.getOutput()))
      chosen = elementOf(result.getOutput());
    if (!chosen) {
      pinned = false;
      chosen = isa<tosa::ConcatOp>(op)
                   ? concatParameters(operands, result)
                   : elementOf(operands.front().quantized());
    }
    // Per-axis parameters do not survive layout changes: same-scale ops
    // share per-tensor ones only.
    if (!isa<mlir::quant::UniformQuantizedType>(chosen))
      return;

    // An operand with other parameters takes pinned ones when its own are
    // calibrated and unassigned; otherwise (calibrated parameters are right
    // for the operand's producer) it is requantized for this use.
    for (const QuantizedOperand &operand : operands) {
      if (elementOf(operand.quantized()) == chosen ||
          ((pinned || readOnlyBy(operand, op)) &&
           retype(operand.quantized(), chosen)))
        assigned.insert(operand.quantized());
      else
        requantizeOperand(op, operand, chosen);
    }
    if (!result)
      return;
    if (retype(result.getOutput(), chosen))
      assigned.insert(result.getOutput());
    else
      requantizeResult(op, result, chosen);
  }

  /// The real interval a per-tensor type represents, or none.
  static std::optional<std::pair<double, double>> realRange(Type element) {
    auto type = dyn_cast<mlir::quant::UniformQuantizedType>(element);
    if (!type)
      return std::nullopt;
    return std::make_pair(type.getScale() * double(type.getStorageTypeMin() -
                                                   type.getZeroPoint()),
                          type.getScale() * double(type.getStorageTypeMax() -
                                                   type.getZeroPoint()));
  }

  /// Unpinned concat parameters: the calibrated result's, which cover what
  /// the concatenation holds (each operand is one part of it); without a
  /// quantized result, the operand's with the widest interval. The first
  /// operand's would clip every operand with a wider range.
  static Type concatParameters(ArrayRef<QuantizedOperand> operands,
                               qnt::QuantizeOp result) {
    if (result && realRange(elementOf(result.getOutput())))
      return elementOf(result.getOutput());
    Type widest = elementOf(operands.front().quantized());
    double span = -1;
    for (const QuantizedOperand &operand : operands) {
      Type element = elementOf(operand.quantized());
      if (auto range = realRange(element);
          range && range->second - range->first > span) {
        span = range->second - range->first;
        widest = element;
      }
    }
    return widest;
  }

  /// Whether `op` is the only reader of the operand's quantized value, so
  /// that its producer may write it with `op`'s parameters directly.
  static bool readOnlyBy(const QuantizedOperand &operand, Operation *op) {
    Value quantized = operand.quantized();
    return quantized.hasOneUse() && operand.dequantize->hasOneUse() &&
           *operand.dequantize->user_begin() == op;
  }

  void fixedRange(Operation *op) {
    qnt::QuantizeOp result = resultQuantize(op);
    if (!result || !isCalibrated(result.getOutput()) ||
        assigned.contains(result.getOutput()))
      return;
    auto current = dyn_cast<mlir::quant::UniformQuantizedType>(
        elementOf(result.getOutput()));
    if (!current)
      return;
    unsigned width = current.getStorageTypeIntegralWidth();
    bool isSigned = current.isSigned();
    // [0, 1] (sigmoid, softmax, hard-sigmoid) or [-1, 1] (tanh).
    bool sigmoid = isa<tosa::SigmoidOp>(op);
    if (auto range =
            op->getAttrOfType<DenseF64ArrayAttr>(kFixedRangeAttrName)) {
      ArrayRef<double> bounds = range.asArrayRef();
      if (bounds.size() != 2 ||
          !((bounds[0] == 0.0 || bounds[0] == -1.0) && bounds[1] == 1.0)) {
        op->emitRemark() << kFixedRangeAttrName
                         << " other than [0, 1] or [-1, 1] is not used";
        return;
      }
      sigmoid = bounds[0] == 0.0;
    }
    double scale;
    int64_t zeroPoint;
    if (width == 16) {
      scale = 1.0 / 32768.0;
      zeroPoint = 0;
    } else if (sigmoid) {
      scale = 1.0 / 256.0;
      zeroPoint = isSigned ? -128 : 0;
    } else {
      scale = 1.0 / 128.0;
      zeroPoint = isSigned ? 0 : 128;
    }
    Type fixed = mlir::quant::UniformQuantizedType::get(
        current.getFlags(), current.getStorageType(),
        current.getExpressedType(), scale, zeroPoint,
        current.getStorageTypeMin(), current.getStorageTypeMax());
    retype(result.getOutput(), fixed);
    assigned.insert(result.getOutput());
  }

  /// The per-channel scales of a quantized element type.
  static SmallVector<double> scalesOf(Type element) {
    if (auto perTensor = dyn_cast<mlir::quant::UniformQuantizedType>(element))
      return {perTensor.getScale()};
    auto perAxis = cast<mlir::quant::UniformQuantizedPerAxisType>(element);
    return SmallVector<double>(perAxis.getScales());
  }

  /// A float constant bias of a convolution whose input (per tensor) and
  /// weight are quantized becomes int32 with scale input x weight scale per
  /// channel and zero point 0. A channel whose bias would exceed 2^30 (half
  /// the int32 range, leaving room for the accumulation) gets a larger bias
  /// scale and, when the weight is a constant, a matching weight scale with
  /// its weights requantized; a remark says so.
  void quantizeBias(Operation *op) {
    auto input = op->getOperand(0).getDefiningOp<qnt::DequantizeOp>();
    auto weight = op->getOperand(1).getDefiningOp<qnt::DequantizeOp>();
    DenseElementsAttr bias;
    if (!input || !weight ||
        !matchPattern(op->getOperand(2), m_Constant(&bias)) ||
        !bias.getElementType().isF32())
      return;
    auto inputType = dyn_cast<mlir::quant::UniformQuantizedType>(
        elementOf(input.getInput()));
    if (!inputType)
      return;
    double inputScale = inputType.getScale();
    Type weightElement = elementOf(weight.getInput());
    SmallVector<double> weightScales = scalesOf(weightElement);
    SmallVector<float> values(bias.getValues<float>());
    int64_t channels = values.size();
    if (weightScales.size() != 1 &&
        static_cast<int64_t>(weightScales.size()) != channels)
      return;
    auto weightScale = [&](int64_t c) {
      return weightScales.size() == 1 ? weightScales[0] : weightScales[c];
    };
    constexpr double kLimit = 1073741824.0; // 2^30
    SmallVector<double> biasScales;
    SmallVector<int64_t> adjusted;
    for (int64_t c = 0; c < channels; ++c) {
      double scale = inputScale * weightScale(c);
      if (std::fabs(values[c]) / scale > kLimit) {
        scale = std::fabs(values[c]) / kLimit;
        adjusted.push_back(c);
      }
      biasScales.push_back(scale);
    }
    OpBuilder b(op);
    Location loc = op->getLoc();
    if (!adjusted.empty()) {
      // The weight's scales must follow: only a per-axis constant weight
      // can be requantized channel by channel.
      auto perAxis =
          dyn_cast<mlir::quant::UniformQuantizedPerAxisType>(weightElement);
      auto cast = weight.getInput().getDefiningOp<mlir::quant::StorageCastOp>();
      DenseElementsAttr weights;
      if (!perAxis || !cast ||
          !matchPattern(cast.getInput(), m_Constant(&weights)) ||
          static_cast<int64_t>(perAxis.getScales().size()) != channels) {
        op->emitRemark() << "the bias of " << adjusted.size()
                         << " channel(s) would exceed 2^30 at scale input x "
                            "weight, and the weight cannot be rescaled; the "
                            "bias stays float";
        return;
      }
      SmallVector<double> newWeightScales(perAxis.getScales());
      for (int64_t c : adjusted)
        newWeightScales[c] = biasScales[c] / inputScale;
      auto weightType = cast.getInput().getType();
      auto tensorType = llvm::cast<RankedTensorType>(weightType);
      // The channel of element i along the quantized dimension (0 for
      // [OC, KH, KW, IC] convolution weights, 2 for [KH, KW, C, 1]
      // depthwise ones).
      int32_t axis = perAxis.getQuantizedDimension();
      int64_t inner = 1;
      for (int64_t d = axis + 1; d < tensorType.getRank(); ++d)
        inner *= tensorType.getDimSize(d);
      int64_t axisSize = tensorType.getDimSize(axis);
      SmallVector<APInt> requantized;
      for (auto [i, v] : llvm::enumerate(weights.getValues<APInt>())) {
        int64_t c = (static_cast<int64_t>(i) / inner) % axisSize;
        int64_t q = v.getSExtValue();
        if (newWeightScales[c] != perAxis.getScales()[c])
          q = static_cast<int64_t>(qmlir::quant::roundHalfToEven(
              q * perAxis.getScales()[c] / newWeightScales[c]));
        requantized.push_back(APInt(v.getBitWidth(), q, /*isSigned=*/true));
      }
      Value constant = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(tensorType, requantized));
      auto newElement = mlir::quant::UniformQuantizedPerAxisType::get(
          perAxis.getFlags(), perAxis.getStorageType(),
          perAxis.getExpressedType(), newWeightScales, perAxis.getZeroPoints(),
          axis, perAxis.getStorageTypeMin(), perAxis.getStorageTypeMax());
      Value typed = mlir::quant::StorageCastOp::create(
          b, loc, tensorType.clone(newElement), constant);
      Value real = qnt::DequantizeOp::create(
          b, loc, weight.getOutput().getType(), typed);
      op->setOperand(1, real);
      op->emitRemark() << "the bias of " << adjusted.size()
                       << " channel(s) would exceed 2^30 at scale input x "
                          "weight: their bias and weight scales are raised";
    }
    SmallVector<APInt> quantized;
    for (int64_t c = 0; c < channels; ++c)
      quantized.push_back(
          APInt(32,
                static_cast<int64_t>(
                    qmlir::quant::roundHalfToEven(values[c] / biasScales[c])),
                /*isSigned=*/true));
    auto storage = RankedTensorType::get({channels}, b.getI32Type());
    Value constant = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(storage, quantized));
    int64_t lo = std::numeric_limits<int32_t>::min();
    int64_t hi = std::numeric_limits<int32_t>::max();
    Type element = mlir::quant::UniformQuantizedPerAxisType::get(
        mlir::quant::QuantizationFlags::Signed, b.getI32Type(), b.getF32Type(),
        biasScales, SmallVector<int64_t>(channels, 0), 0, lo, hi);
    Value typed = mlir::quant::StorageCastOp::create(
        b, loc, storage.clone(element), constant);
    Value real =
        qnt::DequantizeOp::create(b, loc, op->getOperand(2).getType(), typed);
    op->setOperand(2, real);
  }

  /// Quantized values whose parameters a decision has fixed.
  llvm::SmallPtrSet<Value, 16> assigned;
};

} // namespace
