//===- QNTOps.h - qnt dialect operations ------------------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECT_QNT_IR_QNTOPS_H
#define QMLIR_DIALECT_QNT_IR_QNTOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "qmlir/Dialect/QNT/IR/QNTDialect.h"

#include "qmlir/Dialect/QNT/IR/QNTOpsEnums.h.inc"

namespace qmlir {
namespace qnt {

/// The resource written by `qnt.calibrate`: the statistics of a calibration
/// run. Declaring the write keeps markers from being folded, hoisted or erased.
struct CalibrationResource
    : public mlir::SideEffects::Resource::Base<CalibrationResource> {
  llvm::StringRef getName() final { return "qnt.calibration"; }
};

/// Marks a float convolution or matmul with quantized constant weights whose
/// input is quantized at run time (dynamic quantization): its scale and zero
/// point come from the input's range in each call.
inline constexpr llvm::StringLiteral kDynamicAttrName = "qnt.dynamic";

} // namespace qnt
} // namespace qmlir

#define GET_OP_CLASSES
#include "qmlir/Dialect/QNT/IR/QNTOps.h.inc"

#endif // QMLIR_DIALECT_QNT_IR_QNTOPS_H
