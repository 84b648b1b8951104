//===- Passes.h - qmlir conversion passes -----------------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_CONVERSION_PASSES_H
#define QMLIR_CONVERSION_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace qmlir {

#define GEN_PASS_DECL
#include "qmlir/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qmlir/Conversion/Passes.h.inc"

} // namespace qmlir

#endif // QMLIR_CONVERSION_PASSES_H
