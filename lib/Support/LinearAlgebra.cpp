//===- LinearAlgebra.cpp - Small dense symmetric solvers ------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Support/LinearAlgebra.h"

#include <cmath>

bool qmlir::choleskyFactor(std::vector<double> &a, size_t n) {
  for (size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (size_t k = 0; k < j; ++k)
      d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0))
      return false;
    d = std::sqrt(d);
    a[j * n + j] = d;
    for (size_t i = j + 1; i < n; ++i) {
      double v = a[i * n + j];
      for (size_t k = 0; k < j; ++k)
        v -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = v / d;
    }
    for (size_t k = j + 1; k < n; ++k)
      a[j * n + k] = 0;
  }
  return true;
}

bool qmlir::choleskySolve(std::vector<double> &a, std::vector<double> &b,
                          size_t n, size_t m, double ridge) {
  for (size_t i = 0; i < n; ++i)
    a[i * n + i] += ridge;
  if (!choleskyFactor(a, n))
    return false;
  // L Y = B, then L^T X = Y.
  for (size_t i = 0; i < n; ++i)
    for (size_t c = 0; c < m; ++c) {
      double v = b[i * m + c];
      for (size_t k = 0; k < i; ++k)
        v -= a[i * n + k] * b[k * m + c];
      b[i * m + c] = v / a[i * n + i];
    }
  for (size_t i = n; i-- > 0;)
    for (size_t c = 0; c < m; ++c) {
      double v = b[i * m + c];
      for (size_t k = i + 1; k < n; ++k)
        v -= a[k * n + i] * b[k * m + c];
      b[i * m + c] = v / a[i * n + i];
    }
  return true;
}

void qmlir::invertLower(std::vector<double> &l, size_t n) {
  for (size_t j = 0; j < n; ++j) {
    l[j * n + j] = 1.0 / l[j * n + j];
    for (size_t i = j + 1; i < n; ++i) {
      double v = 0;
      for (size_t k = j; k < i; ++k)
        v += l[i * n + k] * l[k * n + j];
      l[i * n + j] = -v / l[i * n + i];
    }
  }
}
