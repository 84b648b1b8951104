//===- FullyConnected.h - Matching fully connected layers -------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// A fully connected layer after the conversion to TOSA: a bias added to a
// batch-1 matmul (possibly through a reshape), which qnt-fold-batchnorm and
// qnt-prepare-qdq turn into a 1x1 convolution with that bias.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_DIALECT_QNT_TRANSFORMS_FULLYCONNECTED_H
#define QMLIR_LIB_DIALECT_QNT_TRANSFORMS_FULLYCONNECTED_H

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <optional>

namespace qmlir::qnt {

/// add(reshape?(matmul(a [1, M, K], b [1, K, N])), bias [.., N]).
struct FullyConnected {
  mlir::tosa::MatMulOp matmul;
  mlir::Value bias;
  int64_t m, k, n;
};

/// Matches `add` as a fully connected layer: static f32 shapes, zero matmul
/// zero points, single-use intermediate values, a weight `b` for which
/// `isWeight` holds and a bias for which `isBias(bias, n)` holds (either
/// operand order).
std::optional<FullyConnected>
matchFullyConnected(mlir::tosa::AddOp add,
                    llvm::function_ref<bool(mlir::Value)> isWeight,
                    llvm::function_ref<bool(mlir::Value, int64_t)> isBias);

/// Replaces `add` by reshape(conv2d(reshape(a) [M, 1, 1, K], weights,
/// bias)) to the add's type, `makeOperands` building the weights
/// [N, 1, 1, K] and the bias [N] (after the input's reshape).
void replaceByConv(
    mlir::PatternRewriter &rewriter, mlir::tosa::AddOp add,
    const FullyConnected &layer,
    llvm::function_ref<std::pair<mlir::Value, mlir::Value>()> makeOperands);

} // namespace qmlir::qnt

#endif // QMLIR_LIB_DIALECT_QNT_TRANSFORMS_FULLYCONNECTED_H
