//===- BenchmarkSupport.h - Shared helpers of the benchmarks ----*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_BENCHMARKS_BENCHMARKSUPPORT_H
#define QMLIR_BENCHMARKS_BENCHMARKSUPPORT_H

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

} // namespace qmlir::bench

#endif // QMLIR_BENCHMARKS_BENCHMARKSUPPORT_H
