//===- Passes.h - The levels' contract checks -------------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The passes that end each pipeline by checking the contract of the level
// it produces: qmlir-verify-float-graph (level 1, before code generation),
// qmlir-verify-int8-linalg (level 4) and qmlir-verify-llvm-contract (the
// LLVM dialect). InputLevel.h has the check passes make of their input.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_VERIFICATION_PASSES_H
#define QMLIR_VERIFICATION_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace qmlir {

#define GEN_PASS_DECL
#include "qmlir/Verification/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qmlir/Verification/Passes.h.inc"

} // namespace qmlir

#endif // QMLIR_VERIFICATION_PASSES_H
