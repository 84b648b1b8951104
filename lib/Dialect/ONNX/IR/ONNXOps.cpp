//===- ONNXOps.cpp - onnx dialect -----------------------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace qmlir::onnxir;

#include "qmlir/Dialect/ONNX/IR/ONNXOpsDialect.cpp.inc"

void ONNXDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "qmlir/Dialect/ONNX/IR/ONNXOps.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "qmlir/Dialect/ONNX/IR/ONNXOps.cpp.inc"

LogicalResult NodeOp::verify() {
  if (getOpType().empty())
    return emitOpError("op_type must not be empty");
  if (getOpset() < 1)
    return emitOpError() << "opset must be at least 1, got " << getOpset();
  return success();
}
