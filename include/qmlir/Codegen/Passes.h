//===- Passes.h - qmlir code generation passes ------------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_CODEGEN_PASSES_H
#define QMLIR_CODEGEN_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
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

/// The module variable (memref<i32>) from which the OpenMP regions of a
/// compiled model read their thread count (qmlir-omp-thread-count).
inline constexpr llvm::StringLiteral kThreadCountSymbol = "__qmlir_num_threads";

/// The private declaration `__qmlir_<intrinsic>` of `type` in `module`
/// (created once) whose calls qmlir-x86-intrinsics turns into
/// `llvm.call_intrinsic "<intrinsic>"`.
mlir::func::FuncOp getIntrinsicDeclaration(mlir::ModuleOp module,
                                           llvm::StringRef intrinsic,
                                           mlir::FunctionType type);

/// Generic vector/arith code computing intrinsic `intrinsic` on `operands`
/// exactly (x86 vpdpbusd, vpmaddubsw, vpmaddwd; AArch64 sdot, smmla), or
/// null when it has no emulation.
mlir::Value emulateX86Intrinsic(mlir::OpBuilder &b, mlir::Location loc,
                                llvm::StringRef intrinsic,
                                mlir::ValueRange operands);

#define GEN_PASS_REGISTRATION
#include "qmlir/Codegen/Passes.h.inc"

} // namespace qmlir

#endif // QMLIR_CODEGEN_PASSES_H
