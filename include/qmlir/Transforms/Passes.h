//===- Passes.h - Float-graph transforms ------------------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Transforms of the float TOSA graph that come before quantization:
// qnt-fold-batchnorm and qnt-prune (library QMLIRTransforms).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_TRANSFORMS_PASSES_H
#define QMLIR_TRANSFORMS_PASSES_H

#include "qmlir/Transforms/Prune.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace qmlir {

#define GEN_PASS_DECL
#include "qmlir/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qmlir/Transforms/Passes.h.inc"

namespace qnt {
/// qnt-fold-batchnorm's rewrites.
void populateFoldBatchNormPatterns(mlir::RewritePatternSet &patterns);
} // namespace qnt

} // namespace qmlir

#endif // QMLIR_TRANSFORMS_PASSES_H
