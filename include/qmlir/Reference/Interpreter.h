//===- Interpreter.h - Scalar reference of the integer graph ----*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// A scalar interpreter of integer qnt graphs (DESIGN.md level 3) built on the
// numerics library only: every qnt op is evaluated element by element from
// the formula in its description, independently of the linalg lowering, so
// compiled int8 code can be checked against it bit for bit. Besides the qnt
// ops it runs what surrounds them in quantized models: constants, storage
// casts (quant.scast, tensor.bitcast), tosa.reshape, tosa.transpose and
// tosa.slice.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_REFERENCE_INTERPRETER_H
#define QMLIR_REFERENCE_INTERPRETER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cstdint>
#include <vector>

namespace qmlir::reference {

/// A dense row-major tensor. Elements are held as doubles: f32 values
/// exactly, integers (storage values of quantized tensors included) as their
/// value under the type's signedness (unsigned for ui* and unsigned storage,
/// signed otherwise), exactly up to 2^53.
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<double> values;
};

/// Runs `func` on `inputs` (one per argument, in order). Errors (an op the
/// interpreter does not know, a shape mismatch) are emitted on the op at
/// fault and give failure.
mlir::FailureOr<std::vector<Tensor>> run(mlir::func::FuncOp func,
                                         const std::vector<Tensor> &inputs);

} // namespace qmlir::reference

#endif // QMLIR_REFERENCE_INTERPRETER_H
