//===- BenchmarkSupport.h - Shared helpers of the benchmarks ----*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_BENCHMARKS_BENCHMARKSUPPORT_H
#define QMLIR_BENCHMARKS_BENCHMARKSUPPORT_H

#include "qmlir/Execution/Jit.h"
#include "qmlir/Pipelines/Pipelines.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace qmlir::bench {

/// Wall-clock seconds of one call.
inline double seconds(const std::function<void()> &fn) {
  auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

/// `"0x..."`: the little-endian bytes of `values`, for a `dense<...>`
/// attribute.
template <typename T> std::string hexConstant(const std::vector<T> &values) {
  static const char digits[] = "0123456789ABCDEF";
  std::string text = "\"0x";
  const auto *bytes = reinterpret_cast<const unsigned char *>(values.data());
  for (size_t i = 0; i < values.size() * sizeof(T); ++i) {
    text += digits[bytes[i] >> 4];
    text += digits[bytes[i] & 15];
  }
  return text + "\"";
}

/// A JIT-compiled `@main` bound to caller-owned inputs and outputs.
struct Kernel {
  std::unique_ptr<mlir::ExecutionEngine> engine;
  std::vector<qmlir::MemRefDescriptor> descriptors;

  /// Runs it; exits with the error on failure.
  void run() {
    if (llvm::Error err = qmlir::callJit(*engine, "main", descriptors)) {
      llvm::errs() << "benchmark: " << llvm::toString(std::move(err)) << "\n";
      exit(1);
    }
  }
};

/// Parses `source` and compiles its `@main` with qmlir-codegen-pipeline
/// `options` (textual), binding `io` (shape, data) as arguments then
/// results. Exits with a message on failure.
inline Kernel compile(mlir::MLIRContext &context, const std::string &source,
                      const std::string &options,
                      std::vector<std::pair<std::vector<int64_t>, void *>> io) {
  auto module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  if (!module) {
    llvm::errs() << "benchmark: cannot parse a benchmark model\n";
    exit(1);
  }
  qmlir::CodegenPipelineOptions pipeline;
  if (failed(pipeline.parseFromString(options))) {
    llvm::errs() << "benchmark: invalid pipeline options '" << options << "'\n";
    exit(1);
  }
  auto engine = qmlir::compileJit(*module, "main", pipeline);
  if (!engine) {
    llvm::errs() << "benchmark: " << llvm::toString(engine.takeError()) << "\n";
    exit(1);
  }
  Kernel kernel{std::move(*engine), {}};
  for (auto &[dims, data] : io) {
    kernel.descriptors.emplace_back(dims);
    kernel.descriptors.back().setData(data);
  }
  return kernel;
}

} // namespace qmlir::bench

#endif // QMLIR_BENCHMARKS_BENCHMARKSUPPORT_H
