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

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace qmlir {

/// Runs LLVM's -O3 module pipeline for `machine` on `module`, without LLVM's
/// loop unrolling: the kernels' register tiles are already unrolled in MLIR,
/// and unrolling the loops around them again (their trip counts are known
/// constants once the entry point is inlined) made blocks so large that
/// instruction scheduling dominated the compile time. For AArch64 it then
/// splits stores of `trunc <3 x i64> to <3 x i8>` into byte stores, which
/// LLVM 22's AArch64 back end miscompiles.
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine *machine);

/// Makes a target machine; called once per thread of compileToObjects.
using TargetMachineFactory =
    std::function<llvm::Expected<std::unique_ptr<llvm::TargetMachine>>()>;

/// Optimizes `module` (optimizeModule) and compiles it to object files: on
/// one thread into one object when `parts` is 1 or the module has few
/// functions, otherwise split by function (llvm::SplitModule; local symbols
/// made hidden globals so that the parts link) into up to `parts` modules,
/// each optimized and compiled on a thread of its own with its own LLVM
/// context and target machine. The parts of a model lowered with
/// `qmlir-outline-kernels` are its loop nests, so this divides LLVM's time
/// by the number of threads.
llvm::Expected<llvm::SmallVector<llvm::SmallString<0>>>
compileToObjects(std::unique_ptr<llvm::Module> module,
                 const TargetMachineFactory &makeMachine, unsigned parts);

} // namespace qmlir

#endif // QMLIR_EXECUTION_OPTIMIZE_H
