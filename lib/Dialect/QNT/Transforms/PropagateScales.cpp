//===- PropagateScales.cpp - The qnt-propagate-scales pass ----------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/Transforms/Passes.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace qmlir {
#define GEN_PASS_DEF_QNTPROPAGATESCALES
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;

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
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<tosa::ReshapeOp, tosa::TransposeOp, tosa::MaxPool2dOp,
              tosa::PadOp, tosa::SliceOp, tosa::ConcatOp, tosa::ClampOp,
              tosa::SigmoidOp, tosa::TanhOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      if (isa<tosa::SigmoidOp, tosa::TanhOp>(op))
        fixedRange(op);
      else
        sameScale(op);
    }
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
                     << describe(elementOf(from)) << " to "
                     << describe(element)
                     << ": its parameters are fixed elsewhere";
  }

  /// The result keeps its pinned parameters: the op's output, quantized
  /// with the shared parameters, is requantized to them.
  void requantizeResult(Operation *op, qnt::QuantizeOp pinned, Type element) {
    OpBuilder b(pinned);
    auto type = cast<RankedTensorType>(pinned.getOutput().getType());
    auto shared = qnt::QuantizeOp::create(b, pinned.getLoc(),
                                          type.clone(element),
                                          pinned.getInput());
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
      chosen = elementOf(operands.front().quantized());
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
          (pinned && retype(operand.quantized(), chosen)))
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

  void fixedRange(Operation *op) {
    qnt::QuantizeOp result = resultQuantize(op);
    if (!result || !isCalibrated(result.getOutput()) ||
        assigned.contains(result.getOutput()))
      return;
    auto current =
        dyn_cast<mlir::quant::UniformQuantizedType>(elementOf(result.getOutput()));
    if (!current)
      return;
    unsigned width = current.getStorageTypeIntegralWidth();
    bool isSigned = current.isSigned();
    bool sigmoid = isa<tosa::SigmoidOp>(op);
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

  /// Quantized values whose parameters a decision has fixed.
  llvm::SmallPtrSet<Value, 16> assigned;
};

} // namespace
