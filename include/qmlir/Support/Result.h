//===- Result.h - A value or the reason it is missing -----------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// A dependency-free value-or-error type for the libraries that must not depend
// on LLVM (the numerics library and the runtime).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_SUPPORT_RESULT_H
#define QMLIR_SUPPORT_RESULT_H

#include <optional>
#include <string>
#include <utility>

namespace qmlir {

/// A value or the reason it could not be computed.
template <typename T> class Result {
public:
  Result(T value) : value(std::move(value)) {}
  static Result failure(std::string message) {
    Result result;
    result.message = std::move(message);
    return result;
  }
  explicit operator bool() const { return value.has_value(); }
  const T &operator*() const { return *value; }
  T &operator*() { return *value; }
  const T *operator->() const { return &*value; }
  T *operator->() { return &*value; }
  /// Why the value is missing; empty on success.
  const std::string &error() const { return message; }

private:
  Result() = default;
  std::optional<T> value;
  std::string message;
};

} // namespace qmlir

#endif // QMLIR_SUPPORT_RESULT_H
