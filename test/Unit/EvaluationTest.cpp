//===- EvaluationTest.cpp - Comparing results by their kind ---------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// compareOutput against values worked out by hand: class scores compare by
// argmax rows, anything else by SQNR, cosine, largest error and decisions
// at a threshold (0.5 by default for probabilities). measureSaturation on
// uniform data whose clipped part is known.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Compiler/Evaluation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace qmlir;

namespace {

TEST(OutputKind, ClassAxisIsALastAxisLongerThanOneInRankOneToThree) {
  EXPECT_EQ(outputKind({10}), OutputKind::Classes);
  EXPECT_EQ(outputKind({1, 10}), OutputKind::Classes);
  EXPECT_EQ(outputKind({1, 40, 6625}), OutputKind::Classes);
  EXPECT_EQ(outputKind({1, 1}), OutputKind::Values);         // one score
  EXPECT_EQ(outputKind({1}), OutputKind::Values);            // one score
  EXPECT_EQ(outputKind({1, 1, 48, 64}), OutputKind::Values); // a map
  EXPECT_EQ(outputKind({}), OutputKind::Values);
}

TEST(CompareOutput, ClassScores) {
  // Two samples of two classes; the second row's scores differ by 1 and
  // keep their argmax.
  std::vector<float> ref = {1, 2, 3, 5}, out = {1, 2, 3, 4};
  OutputComparison c = compareOutput("logits", {1, 2}, out, ref, 2);
  EXPECT_EQ(c.kind, OutputKind::Classes);
  EXPECT_EQ(c.classes, 2);
  EXPECT_DOUBLE_EQ(c.agreementPercent, 100.0);
  EXPECT_NEAR(c.sqnrDb, 10 * std::log10(39.0), 1e-9); // (1+4+9+25) / 1
  EXPECT_DOUBLE_EQ(c.mse, 0.25);
  EXPECT_DOUBLE_EQ(c.maxAbsError, 1.0);
  // Sample 1: (3*3 + 5*4) / sqrt(34 * 25).
  EXPECT_NEAR(c.minSampleCosine, 29.0 / std::sqrt(34.0 * 25.0), 1e-12);
  EXPECT_EQ(c.worstSample, 1);
  EXPECT_FALSE(c.threshold);
  // A flipped argmax.
  out = {2, 1, 3, 5};
  EXPECT_DOUBLE_EQ(
      compareOutput("logits", {1, 2}, out, ref, 2).agreementPercent, 50.0);
}

TEST(CompareOutput, OneScoreIsNotAClassAxis) {
  // Four samples of one probability each: argmax over one value always
  // agrees, decisions at 0.5 do not.
  std::vector<float> ref = {0.2f, 0.7f, 0.6f, 0.1f};
  std::vector<float> out = {0.3f, 0.4f, 0.7f, 0.6f};
  OutputComparison c = compareOutput("score", {1, 1}, out, ref, 4);
  EXPECT_EQ(c.kind, OutputKind::Values);
  ASSERT_TRUE(c.threshold);
  EXPECT_DOUBLE_EQ(*c.threshold, 0.5);
  EXPECT_EQ(c.decisionsDiffer, 2);
  EXPECT_DOUBLE_EQ(c.decisionAgreementPercent, 50.0);
  EXPECT_DOUBLE_EQ(c.decisionIoU, 1.0 / 3.0); // {1, 2} against {2, 3}
  EXPECT_NEAR(c.maxAbsError, 0.5, 1e-6);
  // A threshold given.
  c = compareOutput("score", {1, 1}, out, ref, 4, 0.35);
  EXPECT_DOUBLE_EQ(*c.threshold, 0.35);
  EXPECT_EQ(c.decisionsDiffer, 1);            // only sample 3: 0.1 vs 0.6
  EXPECT_DOUBLE_EQ(c.decisionIoU, 2.0 / 3.0); // {1, 2} against {1, 2, 3}
}

TEST(CompareOutput, ValuesOutsideZeroOneHaveNoDefaultThreshold) {
  std::vector<float> ref = {-1, 2, 3, 4}, out = {-1, 2, 3, 4};
  OutputComparison c = compareOutput("map", {1, 1, 2, 2}, out, ref, 1);
  EXPECT_FALSE(c.threshold);
  EXPECT_TRUE(std::isinf(c.sqnrDb));
  EXPECT_DOUBLE_EQ(c.cosine, 1.0);
  EXPECT_DOUBLE_EQ(c.maxAbsError, 0.0);
}

TEST(CompareOutput, EmbeddingsWorstSample) {
  // Sample 0 equal, sample 1 orthogonal to its reference.
  std::vector<float> ref = {1, 0, 1, 0}, out = {1, 0, 0, 1};
  OutputComparison c = compareOutput("embedding", {1, 2, 1, 1}, out, ref, 2);
  EXPECT_DOUBLE_EQ(c.minSampleCosine, 0.0);
  EXPECT_EQ(c.worstSample, 1);
  EXPECT_NEAR(c.cosine, 0.5, 1e-12); // 1 / sqrt(2 * 2)
}

CalibrationStats uniformStats(float lo, float hi, size_t n) {
  std::vector<float> values(n);
  for (size_t i = 0; i < n; ++i)
    values[i] = lo + (hi - lo) * (float(i) + 0.5f) / float(n);
  CalibrationStats stats;
  stats.ids = {"x"};
  stats.stats.emplace_back();
  stats.stats.back().observe(values.data(), values.size());
  return stats;
}

TEST(MeasureSaturation, FractionOutsideTheCalibratedRange) {
  // Calibrated on [0, 1]; the other data spans [0, 2]: half is clipped.
  CalibrationStats calibration = uniformStats(0, 1, 100000);
  CalibrationStats other = uniformStats(0, 2, 100000);
  quant::RangeOptions options; // min-max, asymmetric
  std::vector<Saturation> clipped =
      measureSaturation(calibration, other, options);
  ASSERT_EQ(clipped.size(), 1u);
  EXPECT_EQ(clipped[0].id, "x");
  EXPECT_NEAR(clipped[0].fraction, 0.5, 1e-3);
  EXPECT_NEAR(clipped[0].range.hi, 1.0, 1e-3);
  EXPECT_NEAR(clipped[0].max, 2.0, 1e-3);
  // Data inside the range clips nothing.
  EXPECT_TRUE(
      measureSaturation(calibration, uniformStats(0.25f, 0.75f, 1000), options)
          .empty());
  // The range holds 0, as quantization parameters do: data in [0, 0.5]
  // against a calibration on [0.25, 1] is not clipped at the bottom.
  EXPECT_TRUE(measureSaturation(uniformStats(0.25f, 1, 1000),
                                uniformStats(0, 0.5f, 1000), options)
                  .empty());
  // Ids the other data does not have are left out.
  CalibrationStats unrelated = other;
  unrelated.ids = {"y"};
  EXPECT_TRUE(measureSaturation(calibration, unrelated, options).empty());
}

} // namespace
