//===- Passes.h - qmlir code generation passes ------------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_CODEGEN_PASSES_H
#define QMLIR_CODEGEN_PASSES_H

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace qmlir {

#define GEN_PASS_DECL
#include "qmlir/Codegen/Passes.h.inc"

/// Module attribute listing the LLVM CPU feature names the generated kernels
/// need (e.g. "avx512vnni"); the JIT checks them against the host.
inline constexpr llvm::StringLiteral kRequiredCpuFeaturesAttrName =
    "qmlir.required_cpu_features";

/// The private declaration `__qmlir_<intrinsic>` of `type` in `module`
/// (created once) whose calls qmlir-x86-intrinsics turns into
/// `llvm.call_intrinsic "<intrinsic>"`.
mlir::func::FuncOp getIntrinsicDeclaration(mlir::ModuleOp module,
                                           llvm::StringRef intrinsic,
                                           mlir::FunctionType type);

#define GEN_PASS_REGISTRATION
#include "qmlir/Codegen/Passes.h.inc"

} // namespace qmlir

#endif // QMLIR_CODEGEN_PASSES_H
