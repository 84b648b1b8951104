//===- PositiveScale.h - Moving a channel scale between layers --*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// What moving a positive scale per channel from one layer to the next
// needs (qnt-equalize, qnt-smooth-quant): the float ops it passes through
// without changing the function, and reading and replacing the f32
// constants it rescales.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_TRANSFORMS_POSITIVESCALE_H
#define QMLIR_TRANSFORMS_POSITIVESCALE_H

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

#include <limits>
#include <optional>
#include <vector>

namespace qmlir {

/// Whether `op` commutes with a positive scale per channel: a ReLU (a clamp
/// to [0, +inf): a float maximum of at least f32's largest value), a max or
/// average pool.
inline bool commutesWithPositiveScale(mlir::Operation *op) {
  if (mlir::isa<mlir::tosa::MaxPool2dOp, mlir::tosa::AvgPool2dOp>(op))
    return true;
  auto clamp = mlir::dyn_cast<mlir::tosa::ClampOp>(op);
  if (!clamp)
    return false;
  auto lo = mlir::dyn_cast<mlir::FloatAttr>(clamp.getMinValAttr());
  auto hi = mlir::dyn_cast<mlir::FloatAttr>(clamp.getMaxValAttr());
  return lo && hi && lo.getValueAsDouble() == 0.0 &&
         hi.getValueAsDouble() >= std::numeric_limits<float>::max();
}

/// A constant f32 operand: its values and static type.
struct F32Constant {
  std::vector<float> values;
  mlir::RankedTensorType type;
};

/// The values of `value` when it is a constant f32 tensor of static shape.
inline std::optional<F32Constant> f32Constant(mlir::Value value) {
  mlir::DenseElementsAttr attr;
  if (!mlir::matchPattern(value, mlir::m_Constant(&attr)) ||
      !attr.getElementType().isF32())
    return std::nullopt;
  auto type = mlir::dyn_cast<mlir::RankedTensorType>(attr.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  return F32Constant{
      std::vector<float>(attr.value_begin<float>(), attr.value_end<float>()),
      type};
}

/// Replaces operand `index` of `op` by a new constant of `type` holding
/// `values` (the old constant may have other users).
inline void setF32Constant(mlir::Operation *op, unsigned index,
                           mlir::RankedTensorType type,
                           llvm::ArrayRef<float> values) {
  mlir::OpBuilder builder(op);
  mlir::Value constant =
      mlir::tosa::ConstOp::create(builder, op->getOperand(index).getLoc(), type,
                                  mlir::DenseElementsAttr::get(type, values));
  op->setOperand(index, constant);
}

} // namespace qmlir

#endif // QMLIR_TRANSFORMS_POSITIVESCALE_H
