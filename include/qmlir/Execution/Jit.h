//===- Jit.h - JIT-compile and call qmlir-compiled functions ----*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Shared by qmlir-run, the benchmarks and the tests: lowers a module with the
// codegen pipeline, JIT-compiles it for the host CPU, and calls functions
// through their C interface with caller-owned buffers.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_EXECUTION_JIT_H
#define QMLIR_EXECUTION_JIT_H

#include "qmlir/Pipelines/Pipelines.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace qmlir {
namespace runtime {
class CalibrationRecorder;
} // namespace runtime

/// Registers what a JIT needs: the native target and the MLIR-to-LLVM-IR
/// translations of every dialect in `registry`. Call once before compileJit.
void initializeJit(mlir::DialectRegistry &registry);

/// Marks `entry` for a C interface, runs the codegen pipeline on `module`
/// (diagnostics go to the context's handler), and JIT-compiles the result for
/// the host CPU with LLVM -O3.
llvm::Expected<std::unique_ptr<mlir::ExecutionEngine>>
compileJit(mlir::ModuleOp module, llvm::StringRef entry,
           const CodegenPipelineOptions &options);

/// Sets the threads the parallel regions of `engine`'s code use from their
/// next start: 0 for all cores (OpenMP's default), 1 for one thread. This
/// model only: other engines and the process's OpenMP settings are
/// untouched. A module compiled with parallel=false ignores it.
void setThreadCount(mlir::ExecutionEngine &engine, unsigned threads);

/// Where compiled code is kept between processes.
struct JitCacheOptions {
  /// The cache folder (created on first use, mode 0700); empty: no cache.
  std::string directory;
  /// The cache keeps the most recently used objects within this many bytes.
  uint64_t maxBytes = uint64_t(1) << 30;
};

/// The folder qmlir-run caches compiled code in by default: $QMLIR_CACHE_DIR,
/// else $XDG_CACHE_HOME/qmlir, else $HOME/.cache/qmlir; empty when none of
/// them is set.
std::string defaultJitCacheDirectory();

/// A JIT-compiled module: compiled now, or loaded from the cache of an earlier
/// compile of the same module with the same options for the same CPU.
class JitModel {
public:
  ~JitModel();
  JitModel(const JitModel &) = delete;
  JitModel &operator=(const JitModel &) = delete;

  /// The address of `symbol` in the compiled code.
  llvm::Expected<void *> lookup(llvm::StringRef symbol) const;
  /// The packed wrapper of function `name` (see ExecutionEngine).
  llvm::Expected<void (*)(void **)> lookupPacked(llvm::StringRef name) const;
  /// True when the code came from the cache (nothing was compiled).
  bool loadedFromCache() const { return fromCache; }
  /// A note when the cache could not be used or written (the model works
  /// regardless); empty otherwise.
  llvm::StringRef cacheNote() const { return note; }

private:
  friend llvm::Expected<std::unique_ptr<JitModel>>
  compileJitModel(mlir::ModuleOp, llvm::StringRef,
                  const CodegenPipelineOptions &, const JitCacheOptions &);
  JitModel();
  struct Loaded;
  std::unique_ptr<Loaded> loaded;
  bool fromCache = false;
  std::string note;
};

/// compileJit with a cache: the key is a hash of `module` (with the C
/// interface of `entry`), the pipeline options, the host CPU and its
/// features, and the compiler's own build. A hit loads the objects without
/// compiling; a miss compiles (LLVM's part on one thread per core:
/// compileToObjects) and stores the objects, as one archive, atomically (a
/// complete file or none). Cache problems never fail the call: they leave a
/// note.
/// A miss lowers `module` in place, a hit leaves it as it was: read what the
/// caller needs from it (e.g. qnt::calibrationIds) before the call.
llvm::Expected<std::unique_ptr<JitModel>>
compileJitModel(mlir::ModuleOp module, llvm::StringRef entry,
                const CodegenPipelineOptions &options,
                const JitCacheOptions &cache);

/// setThreadCount and callJit for a JitModel.
void setThreadCount(JitModel &model, unsigned threads);

/// Makes the calibration markers of `model` (compiled from a module with
/// qnt.calibrate markers) feed `recorder` from the next call on; null stops
/// them. This model only, whichever thread runs it. An error when the model
/// has no markers.
llvm::Error setCalibrationRecorder(JitModel &model,
                                   runtime::CalibrationRecorder *recorder);

/// A strided memref descriptor of any rank over caller-owned, C-order data:
/// allocated and aligned pointers, offset, sizes, strides (the layout of
/// StridedMemRefType<T, N>).
class MemRefDescriptor {
public:
  explicit MemRefDescriptor(llvm::ArrayRef<int64_t> shape);
  void setData(void *data);
  /// The packed-call argument: a pointer to a pointer to the descriptor.
  /// Valid until this object is moved.
  void *packedArgument() {
    self = words.data();
    return &self;
  }

private:
  llvm::SmallVector<int64_t> words;
  void *self = nullptr;
};

/// Calls `entry` (compiled with compileJit) with one descriptor per argument
/// and then one per result (results are out-parameters).
llvm::Error callJit(mlir::ExecutionEngine &engine, llvm::StringRef entry,
                    llvm::MutableArrayRef<MemRefDescriptor> descriptors);
llvm::Error callJit(JitModel &model, llvm::StringRef entry,
                    llvm::MutableArrayRef<MemRefDescriptor> descriptors);

} // namespace qmlir

#endif // QMLIR_EXECUTION_JIT_H
