//===- LinearAlgebraTest.cpp - Cholesky helpers on golden values ----------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Support/LinearAlgebra.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace qmlir;

namespace {

TEST(Cholesky, FactorOfAKnownMatrix) {
  // [[4, 2], [2, 3]] = L L^T with L = [[2, 0], [1, sqrt(2)]].
  std::vector<double> a = {4, 2, 2, 3};
  ASSERT_TRUE(choleskyFactor(a, 2));
  EXPECT_DOUBLE_EQ(a[0], 2);
  EXPECT_DOUBLE_EQ(a[1], 0);
  EXPECT_DOUBLE_EQ(a[2], 1);
  EXPECT_DOUBLE_EQ(a[3], std::sqrt(2.0));
  // Not positive definite: singular, and indefinite.
  std::vector<double> singular = {1, 1, 1, 1};
  EXPECT_FALSE(choleskyFactor(singular, 2));
  std::vector<double> indefinite = {1, 2, 2, 1};
  EXPECT_FALSE(choleskyFactor(indefinite, 2));
}

TEST(Cholesky, SolveAgainstAHandSolution) {
  // [[4, 2], [2, 3]] x = [2, 5] and [6, 5]: x = [-0.5, 2] and [1, 1].
  std::vector<double> a = {4, 2, 2, 3};
  std::vector<double> b = {2, 6, 5, 5}; // two right-hand sides, row-major
  ASSERT_TRUE(choleskySolve(a, b, 2, 2));
  EXPECT_NEAR(b[0], -0.5, 1e-12);
  EXPECT_NEAR(b[2], 2.0, 1e-12);
  EXPECT_NEAR(b[1], 1.0, 1e-12);
  EXPECT_NEAR(b[3], 1.0, 1e-12);
  // A ridge makes a singular system solvable: (I + 1 * I) x = [2, 2].
  std::vector<double> ones = {1, 1, 1, 1};
  std::vector<double> rhs = {2, 2};
  ASSERT_TRUE(choleskySolve(ones, rhs, 2, 1, 1.0));
  // [[2, 1], [1, 2]] x = [2, 2]: x = [2/3, 2/3].
  EXPECT_NEAR(rhs[0], 2.0 / 3, 1e-12);
  EXPECT_NEAR(rhs[1], 2.0 / 3, 1e-12);
}

TEST(Cholesky, InverseOfLowerTriangular) {
  // [[2, 0, 0], [1, 1, 0], [3, 2, 4]]: its inverse times it is I.
  std::vector<double> l = {2, 0, 0, 1, 1, 0, 3, 2, 4};
  std::vector<double> inverse = l;
  invertLower(inverse, 3);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      double v = 0;
      for (int k = 0; k < 3; ++k)
        v += inverse[i * 3 + k] * l[k * 3 + j];
      EXPECT_NEAR(v, i == j ? 1.0 : 0.0, 1e-12) << i << "," << j;
    }
  EXPECT_DOUBLE_EQ(inverse[0], 0.5);
  EXPECT_DOUBLE_EQ(inverse[3], -0.5);
}

} // namespace
