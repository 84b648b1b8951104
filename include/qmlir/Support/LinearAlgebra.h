//===- LinearAlgebra.h - Small dense symmetric solvers -----------*- C++
//-*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Cholesky factorization and solves on row-major std::vector<double>
// matrices, for the least-squares fits of the weight passes (pruning with
// reconstruction, weight rounding), whose matrices are a layer's channel
// moments: at most a few thousand wide, built once per layer.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_SUPPORT_LINEARALGEBRA_H
#define QMLIR_SUPPORT_LINEARALGEBRA_H

#include <cstddef>
#include <vector>

namespace qmlir {

/// In place: the lower Cholesky factor L (A = L L^T) of the symmetric n x n
/// matrix `a`; the upper triangle is zeroed. False unless `a` is positive
/// definite.
bool choleskyFactor(std::vector<double> &a, size_t n);

/// Solves (A + ridge I) X = B, A symmetric n x n (overwritten by its
/// factor), B n x m, X in place of B. False unless A + ridge I is positive
/// definite.
bool choleskySolve(std::vector<double> &a, std::vector<double> &b, size_t n,
                   size_t m, double ridge = 0.0);

/// The inverse of the lower-triangular n x n matrix `l`, in place.
void invertLower(std::vector<double> &l, size_t n);

} // namespace qmlir

#endif // QMLIR_SUPPORT_LINEARALGEBRA_H
