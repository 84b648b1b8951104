//===- Calibration.cpp - Calibration statistics and range methods ---------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Quant/Calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace qmlir;
using namespace qmlir::quant;

//===----------------------------------------------------------------------===//
// Histogram
//===----------------------------------------------------------------------===//

namespace {

/// Adds `mass`, spread uniformly over [a, b), to the bins of the grid
/// (origin, width) it overlaps; a point mass (a == b) goes to its bin.
/// Mass outside the grid goes to the nearest edge bin.
void spread(std::vector<double> &bins, double origin, double width, double a,
            double b, double mass) {
  if (mass == 0.0)
    return;
  int64_t last = static_cast<int64_t>(bins.size()) - 1;
  auto index = [&](double x) {
    double position = std::floor((x - origin) / width);
    return static_cast<int64_t>(
        std::clamp(position, 0.0, static_cast<double>(last)));
  };
  if (!(b > a)) {
    bins[index(a)] += mass;
    return;
  }
  int64_t first = index(a), end = index(b);
  if (first == end) {
    bins[first] += mass;
    return;
  }
  double length = b - a;
  for (int64_t i = first; i <= end; ++i) {
    double lo = std::max(a, origin + i * width);
    double hi = std::min(b, origin + (i + 1) * width);
    if (i == first)
      lo = a;
    if (i == end)
      hi = b;
    if (hi > lo)
      bins[i] += mass * (hi - lo) / length;
  }
}

} // namespace

double Histogram::total() const {
  return std::accumulate(counts.begin(), counts.end(), 0.0);
}

namespace {

/// The canonical width for values in [lo, hi] over `bins` bins: the smallest
/// power of two w with floor(hi / w) - floor(lo / w) < bins, and at least
/// 2^-30 of the largest magnitude (so that one repeated value still gets a
/// grid of sensible size). Monotone in the extremes.
double canonicalWidth(double lo, double hi, size_t bins) {
  double magnitude = std::max({std::fabs(lo), std::fabs(hi), 0x1p-100});
  int floorExponent = std::ilogb(magnitude) - 30;
  int exponent = floorExponent;
  if (hi > lo)
    exponent = std::max(exponent, std::ilogb((hi - lo) / bins) - 1);
  auto fits = [&](int e) {
    double w = std::ldexp(1.0, e);
    return std::floor(hi / w) - std::floor(lo / w) < static_cast<double>(bins);
  };
  while (!fits(exponent))
    ++exponent;
  return std::ldexp(1.0, exponent);
}

} // namespace

std::string Histogram::checkBins(uint64_t bins) {
  if (bins >= kMinBins && bins <= kMaxBins)
    return "";
  return "must be in [" + std::to_string(kMinBins) + ", " +
         std::to_string(kMaxBins) + "], got " + std::to_string(bins);
}

void Histogram::regrid(double lo, double hi) {
  double newWidth = canonicalWidth(lo, hi, counts.size());
  double newOrigin = std::floor(lo / newWidth) * newWidth;
  if (newWidth == width && newOrigin == origin)
    return;
  std::vector<double> moved(counts.size(), 0.0);
  if (!empty()) {
    // Old bins are aligned multiples of the old width, a power of two not
    // above the new one: each lies inside one new bin.
    for (size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] == 0.0)
        continue;
      double start = origin + i * width;
      size_t j = static_cast<size_t>(std::floor(start / newWidth) -
                                     std::floor(lo / newWidth));
      moved[std::min(j, counts.size() - 1)] += counts[i];
    }
  }
  origin = newOrigin;
  width = newWidth;
  counts = std::move(moved);
}

void Histogram::add(const float *values, size_t size) {
  if (size == 0)
    return;
  auto [lo, hi] = std::minmax_element(values, values + size);
  addWithExtremes(values, size, *lo, *hi);
}

void Histogram::addWithExtremes(const float *values, size_t size, float lo,
                                float hi) {
  double newMin = empty() ? lo : std::min<double>(minValue, lo);
  double newMax = empty() ? hi : std::max<double>(maxValue, hi);
  regrid(newMin, newMax);
  minValue = newMin;
  maxValue = newMax;
  // Exact: the width is a power of two, so multiplying by its inverse is
  // the division, and the origin an integer multiple of it.
  double inverse = 1.0 / width;
  double base = std::floor(origin * inverse);
  int64_t last = static_cast<int64_t>(counts.size()) - 1;
  constexpr size_t kChunk = 256;
  int64_t bins[kChunk];
  for (size_t start = 0; start < size; start += kChunk) {
    size_t n = std::min(kChunk, size - start);
    const float *chunk = values + start;
    // Bin indices first (a loop the compiler vectorizes), then the counts.
    for (size_t i = 0; i < n; ++i) {
      double position = std::floor(chunk[i] * inverse) - base;
      bins[i] =
          static_cast<int64_t>(std::min(position, static_cast<double>(last)));
    }
    for (size_t i = 0; i < n; ++i)
      counts[bins[i]] += 1.0;
  }
}

void Histogram::merge(const Histogram &other) {
  if (other.empty())
    return;
  if (other.counts.size() != counts.size()) {
    // Different bin counts: spread each bin over the grid of the union.
    double newMin =
        empty() ? other.minValue : std::min(minValue, other.minValue);
    double newMax =
        empty() ? other.maxValue : std::max(maxValue, other.maxValue);
    regrid(newMin, newMax);
    minValue = newMin;
    maxValue = newMax;
    for (size_t i = 0; i < other.counts.size(); ++i)
      spread(counts, origin, width, std::max(other.lower(i), minValue),
             std::min(other.upper(i), maxValue), other.counts[i]);
    return;
  }
  Histogram moved = other;
  double newMin = empty() ? other.minValue : std::min(minValue, other.minValue);
  double newMax = empty() ? other.maxValue : std::max(maxValue, other.maxValue);
  regrid(newMin, newMax);
  moved.regrid(newMin, newMax);
  minValue = moved.minValue = newMin;
  maxValue = moved.maxValue = newMax;
  for (size_t i = 0; i < counts.size(); ++i)
    counts[i] += moved.counts[i];
}

Result<Histogram> Histogram::fromParts(double origin, double width,
                                       std::vector<double> counts,
                                       double minValue, double maxValue) {
  if (counts.empty())
    return Result<Histogram>::failure("a histogram needs at least one bin");
  for (double c : counts)
    if (!std::isfinite(c) || c < 0.0)
      return Result<Histogram>::failure(
          "histogram counts must be finite and >= 0");
  Histogram histogram(counts.size());
  histogram.counts = std::move(counts);
  if (width == 0.0 && origin == 0.0) {
    if (histogram.total() != 0.0)
      return Result<Histogram>::failure("an empty histogram has counts");
    return histogram;
  }
  if (!std::isfinite(minValue) || !std::isfinite(maxValue) ||
      minValue > maxValue)
    return Result<Histogram>::failure(
        "histogram extremes must be finite with min <= max");
  double expectedWidth =
      canonicalWidth(minValue, maxValue, histogram.counts.size());
  if (width != expectedWidth ||
      origin != std::floor(minValue / expectedWidth) * expectedWidth)
    return Result<Histogram>::failure(
        "the histogram grid is not the canonical one of its extremes");
  histogram.origin = origin;
  histogram.width = width;
  histogram.minValue = minValue;
  histogram.maxValue = maxValue;
  return histogram;
}

//===----------------------------------------------------------------------===//
// TensorStatistics
//===----------------------------------------------------------------------===//

void TensorStatistics::observe(const float *values, size_t size) {
  // The common case first: every value finite (one pass for the extremes;
  // |v| <= FLT_MAX is false for NaN and infinities).
  constexpr float kMax = std::numeric_limits<float>::max();
  float lo = kMax, hi = -kMax;
  size_t finite = 0;
  for (size_t i = 0; i < size; ++i) {
    float v = values[i];
    finite += std::fabs(v) <= kMax;
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  std::vector<float> kept;
  const float *data = values;
  if (finite != size) {
    lo = kMax;
    hi = -kMax;
    kept.reserve(finite);
    for (size_t i = 0; i < size; ++i) {
      float v = values[i];
      if (std::isnan(v)) {
        ++nanCount;
      } else if (std::isinf(v)) {
        ++infCount;
      } else {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        kept.push_back(v);
      }
    }
    data = kept.data();
  }
  if (finite == 0)
    return;
  min = count ? std::min<double>(min, lo) : lo;
  max = count ? std::max<double>(max, hi) : hi;
  count += finite;
  ++batches;
  sumBatchMin += lo;
  sumBatchMax += hi;
  histogram.addWithExtremes(data, finite, lo, hi);
  for (size_t i = 0; i < finite; ++i)
    zeroCount += data[i] == 0.0f;
}

void TensorStatistics::setProbes(StorageSpec storage,
                                 std::vector<QuantParams> params) {
  probeStorage = storage;
  probeParams = std::move(params);
  probeErrors.clear();
  probeSums.clear();
  probeCounts.clear();
}

void TensorStatistics::observeProbes(const float *values, size_t size,
                                     size_t channels) {
  size_t candidates = probeParams.size();
  if (candidates == 0 || size == 0)
    return;
  if (channels == 0 || size % channels != 0 || channels > kMaxChannels)
    channels = 1;
  if (probeErrors.empty()) {
    probeErrors.assign(candidates * channels, 0.0);
    probeSums.assign(candidates * channels, 0.0);
    probeCounts.assign(channels, 0);
  }
  if (probeChannels() != channels) {
    // Another channel count than before: one channel from now on.
    size_t before = probeChannels();
    auto fold = [&](std::vector<double> &perChannel) {
      std::vector<double> folded(candidates, 0.0);
      for (size_t k = 0; k < candidates; ++k)
        for (size_t c = 0; c < before; ++c)
          folded[k] += perChannel[k * before + c];
      perChannel = std::move(folded);
    };
    fold(probeErrors);
    fold(probeSums);
    uint64_t total = 0;
    for (uint64_t n : probeCounts)
      total += n;
    probeCounts.assign(1, total);
    channels = 1;
  }
  constexpr float kMax = std::numeric_limits<float>::max();
  for (size_t i = 0; i < size; ++i)
    if (std::fabs(values[i]) <= kMax)
      ++probeCounts[channels == 1 ? 0 : i % channels];
  for (size_t k = 0; k < candidates; ++k) {
    float scale = float(probeParams[k].scale);
    int64_t zeroPoint = probeParams[k].zeroPoint;
    double *errors = probeErrors.data() + k * channels;
    double *sums = probeSums.data() + k * channels;
    for (size_t i = 0; i < size; ++i) {
      float v = values[i];
      if (!(std::fabs(v) <= kMax))
        continue;
      float back = dequantize(quantize(v, scale, zeroPoint, probeStorage),
                              scale, zeroPoint);
      double d = double(back) - double(v);
      size_t c = channels == 1 ? 0 : i % channels;
      errors[c] += d * d;
      sums[c] += d;
    }
  }
}

void TensorStatistics::observeChannels(const float *values, size_t size,
                                       size_t channels) {
  bool first = count == 0 && nanCount == 0 && infCount == 0;
  observe(values, size);
  observeProbes(values, size, channels);
  if (channels == 0 || channels > kMaxChannels || size % channels != 0 ||
      (!first && channelSums.size() != channels)) {
    channelSums.clear();
    channelCounts.clear();
    channelMin.clear();
    channelMax.clear();
    return;
  }
  if (first) {
    channelSums.assign(channels, 0.0);
    channelCounts.assign(channels, 0);
    channelMin.assign(channels, 0.0);
    channelMax.assign(channels, 0.0);
  }
  bool extremes = channelMin.size() == channels;
  constexpr float kMax = std::numeric_limits<float>::max();
  for (size_t i = 0; i < size; ++i) {
    float v = values[i];
    if (std::fabs(v) <= kMax) {
      size_t c = i % channels;
      if (extremes) {
        bool seen = channelCounts[c] != 0;
        channelMin[c] = seen ? std::min<double>(channelMin[c], v) : v;
        channelMax[c] = seen ? std::max<double>(channelMax[c], v) : v;
      }
      channelSums[c] += v;
      ++channelCounts[c];
    }
  }
}

/// Positions sampled per call: ~2^26 multiply-adds, 256 to 4096 positions.
static size_t momentRows(size_t channels) {
  size_t n = channels + 1;
  return std::clamp<size_t>((size_t(1) << 27) / (n * n), 256, 4096);
}

void TensorStatistics::observeMoments(const float *values, size_t size,
                                      size_t channels) {
  size_t n = channels + 1;
  if (channels == 0 || channels > kMaxMomentChannels || size % channels != 0) {
    channelMoments.clear();
    return;
  }
  size_t entries = n * (n + 1) / 2;
  if (channelMoments.empty())
    channelMoments.assign(entries, 0.0);
  else if (channelMoments.size() != entries) {
    channelMoments.clear();
    return;
  }
  size_t rows = size / channels;
  size_t cap = momentRows(channels);
  size_t step = (rows + cap - 1) / cap;
  std::vector<double> x(n, 1.0);
  constexpr float kMax = std::numeric_limits<float>::max();
  for (size_t r = 0; r < rows; r += step) {
    const float *row = values + r * channels;
    bool finite = true;
    for (size_t c = 0; c < channels; ++c) {
      finite &= std::fabs(row[c]) <= kMax;
      x[c] = row[c];
    }
    if (!finite)
      continue;
    double *out = channelMoments.data();
    for (size_t i = 0; i < n; ++i) {
      double xi = x[i];
      for (size_t j = i; j < n; ++j)
        *out++ += xi * x[j];
    }
  }
}

size_t TensorStatistics::momentChannels() const {
  if (channelMoments.empty())
    return 0;
  // entries = (C+1)(C+2)/2
  size_t n = size_t(
      (std::sqrt(8.0 * double(channelMoments.size()) + 1) - 1) / 2 + 0.5);
  return n * (n + 1) / 2 == channelMoments.size() ? n - 1 : 0;
}

std::vector<double> TensorStatistics::momentMatrix() const {
  size_t n = momentChannels() + 1;
  if (channelMoments.empty())
    return {};
  std::vector<double> matrix(n * n);
  const double *in = channelMoments.data();
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i; j < n; ++j)
      matrix[i * n + j] = matrix[j * n + i] = *in++;
  return matrix;
}

std::vector<double> TensorStatistics::channelMeans() const {
  std::vector<double> means(channelSums.size(), 0.0);
  for (size_t c = 0; c < means.size(); ++c)
    if (channelCounts[c])
      means[c] = channelSums[c] / double(channelCounts[c]);
  return means;
}

std::vector<double> TensorStatistics::channelAbsMax() const {
  if (channelMin.size() != channelSums.size() ||
      channelMax.size() != channelSums.size())
    return {};
  std::vector<double> result(channelMin.size());
  for (size_t c = 0; c < result.size(); ++c)
    result[c] = std::max(std::fabs(channelMin[c]), std::fabs(channelMax[c]));
  return result;
}

void TensorStatistics::merge(const TensorStatistics &other) {
  bool empty = count == 0 && nanCount == 0 && infCount == 0;
  if (empty && probeErrors.empty()) {
    probeStorage = other.probeStorage;
    probeParams = other.probeParams;
    probeErrors = other.probeErrors;
    probeSums = other.probeSums;
    probeCounts = other.probeCounts;
  } else if (probeErrors.size() == other.probeErrors.size() &&
             probeCounts.size() == other.probeCounts.size()) {
    for (size_t i = 0; i < probeErrors.size(); ++i) {
      probeErrors[i] += other.probeErrors[i];
      probeSums[i] += other.probeSums[i];
    }
    for (size_t c = 0; c < probeCounts.size(); ++c)
      probeCounts[c] += other.probeCounts[c];
  } else if (!other.probeErrors.empty()) {
    probeErrors.clear();
    probeSums.clear();
    probeCounts.clear();
  }
  if (empty)
    channelMoments = other.channelMoments;
  else if (channelMoments.size() == other.channelMoments.size())
    for (size_t i = 0; i < channelMoments.size(); ++i)
      channelMoments[i] += other.channelMoments[i];
  else
    channelMoments.clear();
  if (empty) {
    channelSums = other.channelSums;
    channelCounts = other.channelCounts;
    channelMin = other.channelMin;
    channelMax = other.channelMax;
  } else if (channelSums.size() == other.channelSums.size()) {
    // Extremes merge while both sides have them; the counts say which
    // channels had a value.
    bool extremes = channelMin.size() == channelSums.size() &&
                    other.channelMin.size() == channelSums.size();
    if (!extremes) {
      channelMin.clear();
      channelMax.clear();
    }
    for (size_t c = 0; c < channelSums.size(); ++c) {
      if (extremes && other.channelCounts[c]) {
        bool seen = channelCounts[c] != 0;
        channelMin[c] = seen ? std::min(channelMin[c], other.channelMin[c])
                             : other.channelMin[c];
        channelMax[c] = seen ? std::max(channelMax[c], other.channelMax[c])
                             : other.channelMax[c];
      }
      channelSums[c] += other.channelSums[c];
      channelCounts[c] += other.channelCounts[c];
    }
  } else {
    channelSums.clear();
    channelCounts.clear();
    channelMin.clear();
    channelMax.clear();
  }
  if (other.count) {
    min = count ? std::min(min, other.min) : other.min;
    max = count ? std::max(max, other.max) : other.max;
  }
  count += other.count;
  zeroCount += other.zeroCount;
  nanCount += other.nanCount;
  infCount += other.infCount;
  batches += other.batches;
  sumBatchMin += other.sumBatchMin;
  sumBatchMax += other.sumBatchMax;
  histogram.merge(other.histogram);
}

//===----------------------------------------------------------------------===//
// Range methods
//===----------------------------------------------------------------------===//

const char *quant::rangeMethodName(RangeMethod method) {
  switch (method) {
  case RangeMethod::MinMax:
    return "minmax";
  case RangeMethod::AverageMinMax:
    return "avg-minmax";
  case RangeMethod::Percentile:
    return "percentile";
  case RangeMethod::Entropy:
    return "entropy";
  case RangeMethod::MSE:
    return "mse";
  }
  return "?";
}

Result<RangeMethod> quant::parseRangeMethod(const std::string &name) {
  for (RangeMethod method :
       {RangeMethod::MinMax, RangeMethod::AverageMinMax,
        RangeMethod::Percentile, RangeMethod::Entropy, RangeMethod::MSE})
    if (name == rangeMethodName(method))
      return method;
  return Result<RangeMethod>::failure(
      "unknown range method '" + name +
      "' (minmax, avg-minmax, percentile, entropy, mse)");
}

namespace {

/// The histogram of |x|: the same number of bins over [0, max |x|], each
/// signed bin's mass spread over the |x| interval it covers.
Histogram foldAbsolute(const Histogram &signedHistogram) {
  // Over [0, max |x|]: a function of the values, not of the grid's
  // position, so equal histograms fold equally.
  size_t n = signedHistogram.size();
  double top = std::max(std::fabs(signedHistogram.minValue),
                        std::fabs(signedHistogram.maxValue));
  Histogram folded(n);
  folded.origin = 0.0;
  folded.width = top / n;
  if (!(folded.width > 0.0))
    return folded;
  for (size_t i = 0; i < n; ++i) {
    // Bins extend past the extremes; their mass lies within them.
    double a = std::max(signedHistogram.lower(i), signedHistogram.minValue);
    double b = std::min(signedHistogram.upper(i), signedHistogram.maxValue);
    double m = signedHistogram.counts[i];
    if (m == 0.0)
      continue;
    if (a >= 0.0) {
      spread(folded.counts, 0.0, folded.width, a, b, m);
    } else if (b <= 0.0) {
      spread(folded.counts, 0.0, folded.width, -b, -a, m);
    } else {
      spread(folded.counts, 0.0, folded.width, 0.0, -a, m * -a / (b - a));
      spread(folded.counts, 0.0, folded.width, 0.0, b, m * b / (b - a));
    }
  }
  return folded;
}

/// The value below which a fraction `q` of the histogram's mass lies
/// (linear within a bin).
double quantile(const Histogram &h, double q) {
  double total = h.total();
  double target = q * total;
  double cumulative = 0.0;
  for (size_t i = 0; i < h.size(); ++i) {
    double m = h.counts[i];
    if (cumulative + m >= target && m > 0.0)
      return h.lower(i) + (target - cumulative) / m * h.width;
    cumulative += m;
  }
  return h.upper(h.size() - 1);
}

/// TensorRT's entropy calibration on the |x| histogram: for each candidate
/// threshold bin i >= levels, the reference distribution P is the first i
/// bins with the mass beyond folded into bin i - 1, the candidate Q the
/// first i bins quantized to `levels` levels (each level's mass spread over
/// its non-empty bins); the threshold minimizing KL(P || Q) wins.
double entropyThreshold(const Histogram &abs, size_t levels) {
  size_t n = abs.size();
  if (n <= levels)
    return abs.upper(n - 1);
  std::vector<double> suffix(n + 1, 0.0);
  for (size_t i = n; i-- > 0;)
    suffix[i] = suffix[i + 1] + abs.counts[i];
  double bestDivergence = std::numeric_limits<double>::infinity();
  size_t bestBins = n;
  std::vector<double> p, q;
  for (size_t bins = levels; bins <= n; ++bins) {
    p.assign(abs.counts.begin(), abs.counts.begin() + bins);
    p[bins - 1] += suffix[bins];
    q.assign(bins, 0.0);
    double perLevel = static_cast<double>(bins) / levels;
    for (size_t level = 0; level < levels; ++level) {
      size_t start = static_cast<size_t>(std::floor(level * perLevel));
      size_t end =
          level + 1 == levels
              ? bins
              : static_cast<size_t>(std::floor((level + 1) * perLevel));
      double mass = 0.0;
      size_t nonEmpty = 0;
      for (size_t k = start; k < end; ++k) {
        mass += abs.counts[k];
        nonEmpty += abs.counts[k] != 0.0;
      }
      if (nonEmpty == 0)
        continue;
      for (size_t k = start; k < end; ++k)
        if (abs.counts[k] != 0.0)
          q[k] = mass / nonEmpty;
    }
    double pTotal = std::accumulate(p.begin(), p.end(), 0.0);
    double qTotal = std::accumulate(q.begin(), q.end(), 0.0);
    if (pTotal == 0.0 || qTotal == 0.0)
      continue;
    double divergence = 0.0;
    for (size_t k = 0; k < bins; ++k) {
      if (p[k] == 0.0)
        continue;
      double pk = p[k] / pTotal;
      // A level with mass where Q has none: a large, finite penalty.
      double qk = std::max(q[k] / qTotal, 1e-10);
      divergence += pk * std::log(pk / qk);
    }
    if (divergence < bestDivergence) {
      bestDivergence = divergence;
      bestBins = bins;
    }
  }
  return (bestBins + 0.5) * abs.width;
}

/// Prefix sums of mass, mass * center and mass * center^2 over the bins,
/// for O(1) clipping errors.
struct Moments {
  std::vector<double> m, mc, mc2;
  explicit Moments(const Histogram &h) {
    size_t n = h.size();
    m.assign(n + 1, 0.0);
    mc.assign(n + 1, 0.0);
    mc2.assign(n + 1, 0.0);
    for (size_t i = 0; i < n; ++i) {
      double c = (h.lower(i) + h.upper(i)) / 2.0, w = h.counts[i];
      m[i + 1] = m[i] + w;
      mc[i + 1] = mc[i] + w * c;
      mc2[i + 1] = mc2[i] + w * c * c;
    }
  }
  /// Sum over bins [a, b) of mass * (center - t)^2.
  double squaredDistance(size_t a, size_t b, double t) const {
    double mass = m[b] - m[a], first = mc[b] - mc[a], second = mc2[b] - mc2[a];
    return second - 2.0 * t * first + t * t * mass;
  }
};

/// Expected squared error of quantizing the histogram's mass to [lo, hi]
/// with `steps` steps, where bins [first, last) lie inside: rounding noise
/// step^2 / 12 inside, the distance to the bound outside.
double quantizationError(const Moments &moments, size_t n, size_t first,
                         size_t last, double lo, double hi, double steps) {
  double step = (hi - lo) / steps;
  double inside = moments.m[last] - moments.m[first];
  return inside * step * step / 12.0 + moments.squaredDistance(0, first, lo) +
         moments.squaredDistance(last, n, hi);
}

/// MSE search on the |x| histogram: the threshold t (a bin's upper edge)
/// minimizing the error of quantizing [-t, t].
double mseSymmetric(const Histogram &abs, double steps) {
  Moments moments(abs);
  size_t n = abs.size();
  double best = std::numeric_limits<double>::infinity();
  double bestT = abs.upper(n - 1);
  for (size_t last = 1; last <= n; ++last) {
    double t = abs.upper(last - 1);
    // |x| in [0, t] quantized with steps / 2 steps of the signed range.
    double error = quantizationError(moments, n, 0, last, 0.0, t, steps / 2.0);
    if (error < best) {
      best = error;
      bestT = t;
    }
  }
  return bestT;
}

/// MSE search on the signed histogram: starting from the whole range, move
/// whichever bound lowers the error more by one bin at a time, keeping the
/// best range seen (a greedy search as PyTorch's histogram observer does).
Range mseAsymmetric(const Histogram &h, double steps) {
  Moments moments(h);
  size_t n = h.size();
  // From the occupied bins only, so that the search does not depend on
  // where the grid's empty margins lie.
  size_t first = 0, last = n;
  while (first + 1 < last && h.counts[first] == 0.0)
    ++first;
  while (last - 1 > first && h.counts[last - 1] == 0.0)
    --last;
  auto errorOf = [&](size_t a, size_t b) {
    return quantizationError(moments, n, a, b, h.lower(a), h.upper(b - 1),
                             steps);
  };
  double best = errorOf(first, last);
  Range bestRange{h.lower(first), h.upper(last - 1)};
  while (last - first > 1) {
    double up = errorOf(first + 1, last);
    double down = errorOf(first, last - 1);
    if (up <= down)
      ++first;
    else
      --last;
    double error = std::min(up, down);
    if (error < best) {
      best = error;
      bestRange = {h.lower(first), h.upper(last - 1)};
    }
  }
  return bestRange;
}

} // namespace

double quant::underflowFraction(const TensorStatistics &stats, Range range,
                                int bits) {
  const Histogram &h = stats.histogram;
  double nonzero = double(stats.count) - double(stats.zeroCount);
  if (stats.count == 0 || !(nonzero > 0) || h.empty())
    return 0.0;
  double half = (range.hi - range.lo) / (std::ldexp(1.0, bits) - 1.0) / 2.0;
  // The mass of [-half, half], each bin's spread evenly over its width.
  double mass = 0.0;
  for (size_t b = 0; b < h.size(); ++b) {
    double lo = std::max(h.lower(b), -half), hi = std::min(h.upper(b), half);
    if (hi > lo)
      mass += h.counts[b] * (hi - lo) / h.width;
  }
  double tiny = std::max(0.0, mass - double(stats.zeroCount));
  return std::min(1.0, tiny / nonzero);
}

Result<Range> quant::computeRange(const TensorStatistics &stats,
                                  const RangeOptions &options) {
  if (stats.count == 0)
    return Result<Range>::failure("no finite value was observed");
  if (options.bits < 2 || options.bits > 16)
    return Result<Range>::failure("bits must be in [2, 16], got " +
                                  std::to_string(options.bits));
  double absMax = std::max(std::fabs(stats.min), std::fabs(stats.max));
  auto finish = [&](Range range) -> Result<Range> {
    if (options.symmetric) {
      double t =
          std::min(std::max(std::fabs(range.lo), std::fabs(range.hi)), absMax);
      return Range{-t, t};
    }
    return Range{std::max(range.lo, stats.min), std::min(range.hi, stats.max)};
  };
  // One value: every method gives it.
  if (stats.min == stats.max)
    return finish({stats.min, stats.max});

  switch (options.method) {
  case RangeMethod::MinMax:
    return finish({stats.min, stats.max});
  case RangeMethod::AverageMinMax:
    return finish(
        {stats.sumBatchMin / stats.batches, stats.sumBatchMax / stats.batches});
  case RangeMethod::Percentile: {
    double p = options.percentile;
    if (!(p > 0.0 && p <= 100.0))
      return Result<Range>::failure("percentile must be in (0, 100], got " +
                                    std::to_string(p));
    if (options.symmetric) {
      double t = quantile(foldAbsolute(stats.histogram), p / 100.0);
      return finish({-t, t});
    }
    return finish({quantile(stats.histogram, 1.0 - p / 100.0),
                   quantile(stats.histogram, p / 100.0)});
  }
  case RangeMethod::Entropy: {
    size_t levels = size_t(1) << (options.bits - 1);
    // The threshold is symmetric; asymmetric ranges clip it to each side's
    // observed extreme.
    // The first |x| bin holds the values nearest 0, which every threshold
    // represents well, and after a ReLU the (exact) zeros, often half the
    // mass: left in, that spike dominates the divergence and drives the
    // threshold far below the activations that matter. It is left out.
    Histogram abs = foldAbsolute(stats.histogram);
    abs.counts[0] = 0.0;
    double t = entropyThreshold(abs, levels);
    return finish({-t, t});
  }
  case RangeMethod::MSE: {
    double steps = std::ldexp(1.0, options.bits) - 1.0;
    if (options.symmetric) {
      double t = mseSymmetric(foldAbsolute(stats.histogram), steps);
      return finish({-t, t});
    }
    return finish(mseAsymmetric(stats.histogram, steps));
  }
  }
  return Result<Range>::failure("unknown range method");
}
