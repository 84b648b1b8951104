//===- QuantizedTypes.h - Quantized values in contract checks ---*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_CODEGEN_QUANTIZEDTYPES_H
#define QMLIR_LIB_CODEGEN_QUANTIZEDTYPES_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/STLExtras.h"

namespace qmlir::detail {

/// Whether `type` is, or is a shaped type of, a `!quant` type.
inline bool isQuantized(mlir::Type type) {
  if (auto shaped = mlir::dyn_cast<mlir::ShapedType>(type))
    type = shaped.getElementType();
  return mlir::isa<mlir::quant::QuantizedType>(type);
}

/// Whether an operand or result of `op` has a `!quant` type.
inline bool hasQuantizedValue(mlir::Operation *op) {
  return llvm::any_of(op->getOperandTypes(), isQuantized) ||
         llvm::any_of(op->getResultTypes(), isQuantized);
}

} // namespace qmlir::detail

#endif // QMLIR_LIB_CODEGEN_QUANTIZEDTYPES_H
