//===- CalibrationTest.cpp - Calibration statistics and range methods -----===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Synthetic data whose right range is known (or brute-forced here from the
// samples themselves): uniform, Gaussian, Laplacian, Gaussian with 0.01%
// outliers at 100 sigma, all zero, one value, negative only. Histograms
// keep their mass when they grow and when they merge.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Quant/Calibration.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

using namespace qmlir::quant;

namespace {

std::vector<float> gaussian(size_t n, unsigned seed, double sigma = 1.0) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, sigma);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

std::vector<float> uniform(size_t n, unsigned seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

std::vector<float> laplacian(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::exponential_distribution<float> dist(1.0f);
  std::bernoulli_distribution sign(0.5);
  std::vector<float> v(n);
  for (float &x : v)
    x = sign(rng) ? dist(rng) : -dist(rng);
  return v;
}

/// Observes `data` in batches of `batch` values.
TensorStatistics observe(const std::vector<float> &data, size_t batch = 1000) {
  TensorStatistics stats;
  for (size_t i = 0; i < data.size(); i += batch)
    stats.observe(data.data() + i, std::min(batch, data.size() - i));
  return stats;
}

Range range(const TensorStatistics &stats, RangeMethod method,
            bool symmetric = false, double percentile = 99.999) {
  RangeOptions options;
  options.method = method;
  options.symmetric = symmetric;
  options.percentile = percentile;
  auto result = computeRange(stats, options);
  EXPECT_TRUE(bool(result)) << result.error();
  return result ? *result : Range{};
}

/// The mean squared error of quantizing the samples to [-t, t] with 255
/// steps, computed directly on the samples (brute force).
double sampleMse(const std::vector<float> &data, double t) {
  double step = 2.0 * t / 255.0, sum = 0.0;
  for (float x : data) {
    double c = std::clamp<double>(x, -t, t);
    double q = std::round((c + t) / step) * step - t;
    sum += (x - q) * (x - q);
  }
  return sum / data.size();
}

/// The threshold in [from, to] (steps of 1/8) with the least sample MSE.
double bruteForceMse(const std::vector<float> &data, double from, double to) {
  double bestT = from, best = INFINITY;
  for (double c = from; c <= to; c += 0.125) {
    double e = sampleMse(data, c);
    if (e < best) {
      best = e;
      bestT = c;
    }
  }
  return bestT;
}

TEST(Histogram, GrowsWithoutLosingMass) {
  Histogram h(16);
  std::vector<float> a = {0.0f, 1.0f, 0.5f};
  h.add(a.data(), a.size());
  EXPECT_DOUBLE_EQ(h.total(), 3.0);
  // A power-of-two width, the origin a multiple of it.
  EXPECT_EQ(std::ldexp(1.0, std::ilogb(h.width)), h.width);
  EXPECT_EQ(std::floor(h.origin / h.width) * h.width, h.origin);
  std::vector<float> b = {-7.0f, 30.0f};
  h.add(b.data(), b.size());
  EXPECT_DOUBLE_EQ(h.total(), 5.0);
  EXPECT_LE(h.origin, -7.0);
  EXPECT_GT(h.origin + 16 * h.width, 30.0);
  // Every value is in the bin that holds it.
  for (float v : {0.0f, 1.0f, 0.5f, -7.0f, 30.0f}) {
    size_t bin = static_cast<size_t>(std::floor((v - h.origin) / h.width));
    EXPECT_GE(h.counts[bin], 1.0) << v;
  }
}

TEST(Histogram, SingleValueGetsAGrid) {
  Histogram h(8);
  std::vector<float> v(10, 3.0f);
  h.add(v.data(), v.size());
  EXPECT_GT(h.width, 0.0);
  EXPECT_LT(h.width, 1e-6);
  EXPECT_DOUBLE_EQ(h.total(), 10.0);
}

TEST(Histogram, MergeOfShardsIsTheHistogramOfTheUnion) {
  std::vector<float> a = uniform(5000, 11, -1.0f, 2.0f);
  std::vector<float> b = uniform(7000, 12, -0.2f, 9.0f);
  Histogram ha, hb, whole;
  ha.add(a.data(), a.size());
  hb.add(b.data(), b.size());
  whole.add(a.data(), a.size());
  whole.add(b.data(), b.size());
  ha.merge(hb);
  EXPECT_EQ(ha.origin, whole.origin);
  EXPECT_EQ(ha.width, whole.width);
  EXPECT_EQ(ha.counts, whole.counts);
}

TEST(Histogram, FromPartsChecksTheGrid) {
  Histogram h(4);
  std::vector<float> v = {0.0f, 1.0f, 3.5f};
  h.add(v.data(), v.size());
  EXPECT_TRUE(bool(Histogram::fromParts(h.origin, h.width, h.counts, h.minValue,
                                        h.maxValue)));
  EXPECT_FALSE(bool(
      Histogram::fromParts(h.origin, h.width, {}, h.minValue, h.maxValue)));
  EXPECT_FALSE(bool(Histogram::fromParts(h.origin, h.width * 2, h.counts,
                                         h.minValue, h.maxValue)));
  EXPECT_FALSE(bool(Histogram::fromParts(h.origin + h.width, h.width, h.counts,
                                         h.minValue, h.maxValue)));
  EXPECT_FALSE(bool(Histogram::fromParts(h.origin, h.width, {1, -1, 0, 0},
                                         h.minValue, h.maxValue)));
  EXPECT_FALSE(
      bool(Histogram::fromParts(h.origin, h.width, h.counts, NAN, h.maxValue)));
  EXPECT_TRUE(bool(Histogram::fromParts(0.0, 0.0, {0, 0}, 0.0, 0.0)));
}

TEST(Statistics, CountsMinMaxAndBatchAverages) {
  TensorStatistics stats;
  std::vector<float> a = {1.0f, -2.0f, 3.0f}, b = {0.5f, 4.0f};
  stats.observe(a.data(), a.size());
  stats.observe(b.data(), b.size());
  EXPECT_EQ(stats.count, 5u);
  EXPECT_EQ(stats.min, -2.0);
  EXPECT_EQ(stats.max, 4.0);
  EXPECT_EQ(stats.batches, 2u);
  EXPECT_DOUBLE_EQ(stats.sumBatchMin, -1.5);
  EXPECT_DOUBLE_EQ(stats.sumBatchMax, 7.0);
  Range avg = range(stats, RangeMethod::AverageMinMax);
  EXPECT_DOUBLE_EQ(avg.lo, -0.75);
  EXPECT_DOUBLE_EQ(avg.hi, 3.5);
}

TEST(Statistics, NonFiniteValuesAreCountedNotObserved) {
  TensorStatistics stats;
  std::vector<float> v = {1.0f, NAN, INFINITY, -INFINITY, -1.0f};
  stats.observe(v.data(), v.size());
  EXPECT_EQ(stats.count, 2u);
  EXPECT_EQ(stats.nanCount, 1u);
  EXPECT_EQ(stats.infCount, 2u);
  EXPECT_EQ(stats.min, -1.0);
  EXPECT_EQ(stats.max, 1.0);
  EXPECT_DOUBLE_EQ(stats.histogram.total(), 2.0);
}

TEST(Statistics, MergedShardsEqualTheWhole) {
  std::vector<float> data = gaussian(200000, 7);
  // Different first batches give the shards different grids.
  std::vector<float> first(data.begin(), data.begin() + 60000);
  std::vector<float> second(data.begin() + 60000, data.end());
  for (float &x : second)
    x *= 1.7f;
  std::vector<float> all(first);
  all.insert(all.end(), second.begin(), second.end());
  TensorStatistics whole = observe(all), a = observe(first),
                   b = observe(second);
  a.merge(b);
  EXPECT_EQ(a.count, whole.count);
  EXPECT_EQ(a.min, whole.min);
  EXPECT_EQ(a.max, whole.max);
  EXPECT_EQ(a.batches, whole.batches);
  EXPECT_DOUBLE_EQ(a.sumBatchMin, whole.sumBatchMin);
  EXPECT_DOUBLE_EQ(a.histogram.total(), whole.histogram.total());
  // The histograms are equal, so every method gives the same range.
  EXPECT_EQ(a.histogram.counts, whole.histogram.counts);
  for (RangeMethod method :
       {RangeMethod::Percentile, RangeMethod::Entropy, RangeMethod::MSE}) {
    for (bool symmetric : {false, true}) {
      Range merged = range(a, method, symmetric, 99.99);
      Range direct = range(whole, method, symmetric, 99.99);
      EXPECT_EQ(merged.lo, direct.lo)
          << rangeMethodName(method) << " symmetric " << symmetric;
      EXPECT_EQ(merged.hi, direct.hi)
          << rangeMethodName(method) << " symmetric " << symmetric;
    }
  }
}

TEST(RangeMethods, Uniform) {
  TensorStatistics stats = observe(uniform(200000, 1, -1.0f, 1.0f));
  Range mm = range(stats, RangeMethod::MinMax);
  EXPECT_NEAR(mm.lo, -1.0, 1e-3);
  EXPECT_NEAR(mm.hi, 1.0, 1e-3);
  Range pct = range(stats, RangeMethod::Percentile, false, 99.0);
  EXPECT_NEAR(pct.lo, -0.98, 0.01);
  EXPECT_NEAR(pct.hi, 0.98, 0.01);
  // Nothing to clip in a uniform distribution: KL and MSE keep (nearly)
  // the whole range.
  EXPECT_GT(range(stats, RangeMethod::Entropy, true).hi, 0.9);
  EXPECT_GT(range(stats, RangeMethod::MSE, true).hi, 0.95);
}

TEST(RangeMethods, GaussianPercentiles) {
  TensorStatistics stats = observe(gaussian(1000000, 2));
  // The normal distribution's 99.9% point is 3.0902 sigma; 0.1% below
  // -3.0902.
  Range pct = range(stats, RangeMethod::Percentile, false, 99.9);
  EXPECT_NEAR(pct.hi, 3.0902, 0.05);
  EXPECT_NEAR(pct.lo, -3.0902, 0.05);
  // Symmetric: 99.9% of |x| lies below 3.2905 sigma.
  Range sym = range(stats, RangeMethod::Percentile, true, 99.9);
  EXPECT_NEAR(sym.hi, 3.2905, 0.05);
  EXPECT_DOUBLE_EQ(sym.lo, -sym.hi);
}

TEST(RangeMethods, GaussianMseMatchesBruteForce) {
  std::vector<float> data = gaussian(200000, 3);
  TensorStatistics stats = observe(data);
  double t = range(stats, RangeMethod::MSE, true).hi;
  // Brute force over thresholds on the samples themselves.
  double bestT = 0.0, best = INFINITY;
  for (double c = 1.0; c <= 6.0; c += 0.01) {
    double e = sampleMse(data, c);
    if (e < best) {
      best = e;
      bestT = c;
    }
  }
  // The chosen threshold's true error is within 2% of the optimum.
  EXPECT_LE(sampleMse(data, t), best * 1.02) << "t " << t << " best " << bestT;
}

TEST(RangeMethods, LaplacianEntropyClipsTheTail) {
  std::vector<float> data = laplacian(500000, 4);
  TensorStatistics stats = observe(data);
  double mm = std::max(-stats.min, stats.max);
  double kl = range(stats, RangeMethod::Entropy, true).hi;
  // KL keeps the bulk and clips the long exponential tail.
  EXPECT_LT(kl, 0.8 * mm);
  EXPECT_GT(kl, 4.0);
  double mse = range(stats, RangeMethod::MSE, true).hi;
  EXPECT_LT(mse, 0.8 * mm);
  EXPECT_GT(mse, 3.0);
}

TEST(RangeMethods, OutliersAreKeptOnlyByMinMax) {
  std::vector<float> data = gaussian(1000000, 5);
  // 0.01% of the values at 100 sigma.
  for (size_t i = 0; i < data.size(); i += 10000)
    data[i] = 100.0f;
  TensorStatistics stats = observe(data);
  EXPECT_GE(range(stats, RangeMethod::MinMax).hi, 100.0);
  EXPECT_LT(range(stats, RangeMethod::Percentile, false, 99.99).hi, 10.0);
  EXPECT_LT(range(stats, RangeMethod::Percentile, true, 99.98).hi, 10.0);
  EXPECT_LT(range(stats, RangeMethod::Entropy, true).hi, 10.0);
  EXPECT_LT(range(stats, RangeMethod::Entropy, false).hi, 10.0);
  // MSE weighs the outliers' clipping error against the rounding noise a
  // wide range adds to every value: with 0.01% of the mass at 100 sigma the
  // optimum clips little (t ~ 95: d/dt [t^2 / 195075 + 1e-4 (100 - t)^2]
  // = 0), and MSE finds it (checked by brute force on the samples below).
  double mse = range(stats, RangeMethod::MSE, true).hi;
  EXPECT_LT(mse, 100.0);
  EXPECT_NEAR(mse, bruteForceMse(data, 50.0, 100.0), 1.0);
}

TEST(RangeMethods, MseClipsRareOutliers) {
  // One value in a million at 100 sigma: the optimum clips to t ~ 16.3
  // (2 t / 195075 = 2e-6 (100 - t)).
  std::vector<float> data = gaussian(1000000, 9);
  data[12345] = 100.0f;
  TensorStatistics stats = observe(data);
  double t = range(stats, RangeMethod::MSE, true).hi;
  EXPECT_NEAR(t, bruteForceMse(data, 5.0, 30.0), 0.5);
  EXPECT_LT(t, 20.0);
  EXPECT_LT(range(stats, RangeMethod::MSE, false).hi, 50.0);
}

TEST(RangeMethods, DegenerateData) {
  std::vector<float> zeros(1000, 0.0f);
  TensorStatistics z = observe(zeros);
  std::vector<float> threes(1000, 3.0f);
  TensorStatistics t = observe(threes);
  for (RangeMethod method :
       {RangeMethod::MinMax, RangeMethod::AverageMinMax,
        RangeMethod::Percentile, RangeMethod::Entropy, RangeMethod::MSE}) {
    Range rz = range(z, method);
    EXPECT_EQ(rz.lo, 0.0) << rangeMethodName(method);
    EXPECT_EQ(rz.hi, 0.0) << rangeMethodName(method);
    Range rt = range(t, method);
    EXPECT_EQ(rt.lo, 3.0) << rangeMethodName(method);
    EXPECT_EQ(rt.hi, 3.0) << rangeMethodName(method);
    Range st = range(t, method, /*symmetric=*/true);
    EXPECT_EQ(st.lo, -3.0) << rangeMethodName(method);
    EXPECT_EQ(st.hi, 3.0) << rangeMethodName(method);
  }
}

TEST(RangeMethods, NegativeOnly) {
  TensorStatistics stats = observe(uniform(100000, 6, -5.0f, -1.0f));
  for (RangeMethod method :
       {RangeMethod::MinMax, RangeMethod::AverageMinMax,
        RangeMethod::Percentile, RangeMethod::Entropy, RangeMethod::MSE}) {
    Range r = range(stats, method);
    EXPECT_LT(r.hi, -0.99) << rangeMethodName(method);
    EXPECT_GE(r.lo, -5.0) << rangeMethodName(method);
    EXPECT_LE(r.lo, r.hi) << rangeMethodName(method);
  }
}

TEST(RangeMethods, Errors) {
  TensorStatistics empty;
  EXPECT_FALSE(bool(computeRange(empty, {})));
  EXPECT_EQ(computeRange(empty, {}).error(), "no finite value was observed");
  TensorStatistics stats = observe(uniform(1000, 8, 0.0f, 1.0f));
  RangeOptions options;
  options.method = RangeMethod::Percentile;
  options.percentile = 0.0;
  EXPECT_FALSE(bool(computeRange(stats, options)));
  options.percentile = 101.0;
  EXPECT_FALSE(bool(computeRange(stats, options)));
  options.method = RangeMethod::Entropy;
  options.bits = 1;
  EXPECT_FALSE(bool(computeRange(stats, options)));
  EXPECT_FALSE(bool(parseRangeMethod("kl")));
  EXPECT_EQ(*parseRangeMethod("avg-minmax"), RangeMethod::AverageMinMax);
}

} // namespace

namespace {

TEST(ChannelSums, MeansPerLastAxisIndex) {
  // Two rows of three channels: means (1+4)/2, (2+5)/2, (3+6)/2; a NaN is
  // left out of its channel.
  TensorStatistics s;
  std::vector<float> a = {1, 2, 3, 4, 5, 6};
  s.observeChannels(a.data(), a.size(), 3);
  std::vector<float> b = {NAN, 2, 3};
  s.observeChannels(b.data(), b.size(), 3);
  ASSERT_EQ(s.channelSums.size(), 3u);
  std::vector<double> means = s.channelMeans();
  EXPECT_DOUBLE_EQ(means[0], 2.5);
  EXPECT_DOUBLE_EQ(means[1], 3.0);
  EXPECT_DOUBLE_EQ(means[2], 4.0);
  EXPECT_EQ(s.channelCounts[0], 2u);
  EXPECT_EQ(s.count, 8u);
  EXPECT_EQ(s.nanCount, 1u);
  // The extremes per channel, the NaN left out.
  EXPECT_EQ(s.channelMin, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(s.channelMax, (std::vector<double>{4, 5, 6}));
  EXPECT_EQ(s.channelAbsMax(), (std::vector<double>{4, 5, 6}));
}

TEST(Underflow, NonzeroValuesWithinHalfAStepOfZero) {
  // 500 exact zeros, 400 values of 0.001 and 100 of 1: at 8 bits over
  // [0, 1] half a step is 1/510, so the 400 round to 0 and the 100 do
  // not: 400 of the 500 nonzero values.
  std::vector<float> x(500, 0.0f);
  x.insert(x.end(), 400, 0.001f);
  x.insert(x.end(), 100, 1.0f);
  TensorStatistics s;
  s.observe(x.data(), x.size());
  EXPECT_EQ(s.zeroCount, 500u);
  EXPECT_NEAR(underflowFraction(s, Range{0.0, 1.0}, 8), 0.8, 1e-9);
  // At 16 bits half a step is 1/131070: nothing rounds to 0.
  EXPECT_NEAR(underflowFraction(s, Range{0.0, 1.0}, 16), 0.0, 1e-9);
  // Zeros add up in a merge; all zeros is no underflow.
  TensorStatistics t = s;
  t.merge(s);
  EXPECT_EQ(t.zeroCount, 1000u);
  TensorStatistics z;
  std::vector<float> zeros(10, 0.0f);
  z.observe(zeros.data(), zeros.size());
  EXPECT_EQ(underflowFraction(z, Range{0.0, 0.0}, 8), 0.0);
}

TEST(ChannelExtremes, MergeKeepsTheExtremesOfChannelsWithValues) {
  // Shard a: channel 0 in [-7, 1], channel 1 only NaN (no value yet);
  // shard b: channel 0 in [0, 2], channel 1 in [-3, -3].
  TensorStatistics a, b;
  std::vector<float> x = {1, NAN, -7, NAN};
  a.observeChannels(x.data(), x.size(), 2);
  std::vector<float> y = {0, -3, 2, -3};
  b.observeChannels(y.data(), y.size(), 2);
  EXPECT_EQ(a.channelMax, (std::vector<double>{1, 0}));
  a.merge(b);
  EXPECT_EQ(a.channelMin, (std::vector<double>{-7, -3}));
  EXPECT_EQ(a.channelMax, (std::vector<double>{2, -3}));
  EXPECT_EQ(a.channelAbsMax(), (std::vector<double>{7, 3}));
  // Statistics without extremes (an older file): the merge drops them,
  // the sums stay.
  TensorStatistics c = b;
  c.channelMin.clear();
  c.channelMax.clear();
  a.merge(c);
  EXPECT_TRUE(a.channelMin.empty());
  EXPECT_TRUE(a.channelAbsMax().empty());
  EXPECT_EQ(a.channelSums.size(), 2u);
}

TEST(ChannelMoments, SumsOfOuterProductsWithAConstant) {
  // Rows (1, 2), (3, 4) and one with a NaN (left out): the upper triangle
  // of sum [x; 1][x; 1]^T, independently: 1+9, 2+12, 1+3, 4+16, 2+4, 2.
  TensorStatistics s;
  std::vector<float> x = {1, 2, 3, 4, NAN, 5};
  s.observeMoments(x.data(), x.size(), 2);
  std::vector<double> expected = {10, 14, 4, 20, 6, 2};
  EXPECT_EQ(s.channelMoments, expected);
  EXPECT_EQ(s.momentChannels(), 2u);
  std::vector<double> matrix = s.momentMatrix();
  ASSERT_EQ(matrix.size(), 9u);
  EXPECT_DOUBLE_EQ(matrix[1 * 3 + 0], 14); // symmetric
  EXPECT_DOUBLE_EQ(matrix[2 * 3 + 1], 6);
  EXPECT_DOUBLE_EQ(matrix[8], 2);
  // Shards add up; another channel count drops them.
  TensorStatistics t = s;
  t.count = 1; // not empty: merge adds instead of copying
  t.merge(s);
  EXPECT_DOUBLE_EQ(t.channelMoments[0], 20);
  TensorStatistics wide;
  wide.observeMoments(x.data(), x.size(), 3);
  wide.count = 1;
  t.merge(wide);
  EXPECT_TRUE(t.channelMoments.empty());
  s.observeMoments(x.data(), x.size(), 3);
  EXPECT_TRUE(s.channelMoments.empty());
  // Too many channels: none kept.
  std::vector<float> big(TensorStatistics::kMaxMomentChannels + 1, 1.0f);
  TensorStatistics b;
  b.observeMoments(big.data(), big.size(), big.size());
  EXPECT_TRUE(b.channelMoments.empty());
  EXPECT_EQ(b.momentChannels(), 0u);
}

TEST(ChannelMoments, WideTensorsAreSampled) {
  // 100000 rows of one channel, all 1: a strided sample of at most 4096
  // rows, every value counted the same.
  TensorStatistics s;
  std::vector<float> x(100000, 1.0f);
  s.observeMoments(x.data(), x.size(), 1);
  ASSERT_EQ(s.channelMoments.size(), 3u);
  EXPECT_LE(s.channelMoments[2], 4096);
  EXPECT_GE(s.channelMoments[2], 2048);
  EXPECT_EQ(s.channelMoments[0], s.channelMoments[2]);
}

TEST(ChannelSums, MergeAddsAndMismatchesDrop) {
  TensorStatistics a, b, c;
  std::vector<float> x = {1, 2, 3, 4};
  a.observeChannels(x.data(), x.size(), 2);
  b.observeChannels(x.data(), x.size(), 2);
  a.merge(b);
  ASSERT_EQ(a.channelSums.size(), 2u);
  EXPECT_DOUBLE_EQ(a.channelSums[0], 8.0); // (1 + 3) * 2
  EXPECT_EQ(a.channelCounts[1], 4u);
  // Another channel count: no per-channel sums any more.
  c.observeChannels(x.data(), x.size(), 4);
  a.merge(c);
  EXPECT_TRUE(a.channelSums.empty());
  // Observing with another channel count drops them too.
  TensorStatistics d;
  d.observeChannels(x.data(), x.size(), 2);
  d.observeChannels(x.data(), x.size(), 4);
  EXPECT_TRUE(d.channelSums.empty());
  EXPECT_TRUE(d.channelMeans().empty());
}

} // namespace

TEST(Probes, SquaredErrorPerCandidateAndChannel) {
  // Two channels, u8: candidate 0 (scale 1, zero point 0) clips -1 to 0
  // and 300 to 255; candidate 1 (scale 2) rounds 1.5 to 2 (ties to even)
  // and holds 300. NaN is left out.
  TensorStatistics s;
  s.setProbes(StorageSpec::u8(), {QuantParams{1.0, 0}, QuantParams{2.0, 0}});
  std::vector<float> x = {0.4f, 3.0f, -1.0f, 300.0f, NAN, 3.0f};
  s.observeChannels(x.data(), x.size(), 2);
  ASSERT_EQ(s.probeChannels(), 2u);
  // Candidate 0: channel 0 has 0.4 -> 0 and -1 -> 0; channel 1 has 3 -> 3
  // twice and 300 -> 255.
  EXPECT_NEAR(s.probeErrors[0], 0.16 + 1.0, 1e-6);
  EXPECT_NEAR(s.probeErrors[1], 45.0 * 45.0, 1e-6);
  // Candidate 1: 0.4 -> 0, -1 -> -0.5 rounds to 0 (even) -> 0; 3 -> 1.5
  // rounds to 2 -> 4 (twice), 300 -> 300.
  EXPECT_NEAR(s.probeErrors[2], 0.16 + 1.0, 1e-6);
  EXPECT_NEAR(s.probeErrors[3], 2.0, 1e-6);
  // Shards add up; another channel count folds the channels into one
  // (301 -> 255 and 300 with the two candidates).
  TensorStatistics t = s;
  t.merge(s);
  EXPECT_NEAR(t.probeErrors[1], 2 * 45.0 * 45.0, 1e-6);
  std::vector<float> y = {0.0f, 0.0f, 0.0f, 301.0f};
  t.observeChannels(y.data(), y.size(), 4);
  ASSERT_EQ(t.probeChannels(), 1u);
  EXPECT_NEAR(t.probeErrors[0], 2 * (1.16 + 2025.0) + 46.0 * 46.0, 1e-3);
  EXPECT_NEAR(t.probeErrors[1], 2 * (1.16 + 2.0) + 1.0, 1e-3);
  // Without candidates nothing is measured.
  TensorStatistics u;
  u.observeChannels(x.data(), x.size(), 2);
  EXPECT_TRUE(u.probeErrors.empty());
}
