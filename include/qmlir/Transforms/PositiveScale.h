//===- PositiveScale.h - Ops that commute with a channel scale --*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The float ops through which a positive scale per channel can be moved
// from one layer to the next without changing the function: what
// qnt-equalize and qnt-smooth-quant walk through.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_TRANSFORMS_POSITIVESCALE_H
#define QMLIR_TRANSFORMS_POSITIVESCALE_H

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <limits>

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

} // namespace qmlir

#endif // QMLIR_TRANSFORMS_POSITIVESCALE_H
