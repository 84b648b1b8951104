//===- Optimize.h - LLVM IR optimization of compiled models -----*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The LLVM IR optimization pipeline that the JIT and ahead-of-time paths run
// on a lowered model.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_EXECUTION_OPTIMIZE_H
#define QMLIR_EXECUTION_OPTIMIZE_H

#include "llvm/Support/Error.h"

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace qmlir {

/// Runs LLVM's -O3 module pipeline for `machine` on `module`, without LLVM's
/// loop unrolling: the kernels' register tiles are already unrolled in MLIR,
/// and unrolling the loops around them again (their trip counts are known
/// constants once the entry point is inlined) made blocks so large that
/// instruction scheduling dominated the compile time.
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine *machine);

} // namespace qmlir

#endif // QMLIR_EXECUTION_OPTIMIZE_H
