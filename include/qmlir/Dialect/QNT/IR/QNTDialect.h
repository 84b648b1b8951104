//===- QNTDialect.h - qnt dialect declaration -------------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECT_QNT_IR_QNTDIALECT_H
#define QMLIR_DIALECT_QNT_IR_QNTDIALECT_H

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Dialect.h"

#include "qmlir/Dialect/QNT/IR/QNTOpsDialect.h.inc"

#endif // QMLIR_DIALECT_QNT_IR_QNTDIALECT_H
