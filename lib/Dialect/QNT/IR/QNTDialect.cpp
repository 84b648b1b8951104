//===- QNTDialect.cpp - qnt dialect registration --------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/IR/QNTDialect.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"

using namespace mlir;
using namespace qmlir::qnt;

#include "qmlir/Dialect/QNT/IR/QNTOpsDialect.cpp.inc"

void QNTDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "qmlir/Dialect/QNT/IR/QNTOps.cpp.inc"
      >();
}
