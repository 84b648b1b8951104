//===- Calibration.h - Calibration statistics and range methods -*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// What a calibration run keeps per observed tensor (TensorStatistics: count,
// min, max, the running average of per-batch min and max, a histogram whose
// range grows without losing mass) and the range methods computed from it:
// min-max, average min-max, percentile, entropy (KL divergence, TensorRT's
// algorithm) and MSE. Statistics merge, so calibration can run in shards.
// Plain C++: the runtime links it.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_QUANT_CALIBRATION_H
#define QMLIR_QUANT_CALIBRATION_H

#include "qmlir/Quant/Numerics.h"
#include "qmlir/Support/Result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace qmlir::quant {

/// A histogram of equal-width bins on a canonical grid: the width is a power
/// of two and the origin a multiple of it, both functions of the extremes
/// of the values added so far (the smallest power of two with which the
/// bins cover them, and the multiple of it at or below the minimum). When
/// new extremes arrive the grid coarsens by whole powers of two, each old
/// bin falling into exactly one new bin: no mass is split or lost, memory
/// stays at the bin count, and histograms of two shards merge into exactly
/// the histogram of the union.
class Histogram {
public:
  static constexpr size_t kDefaultBins = 2048;
  /// The bin counts a calibration takes: a single bin has no width to
  /// regrid by, and past 65536 bins (512 KiB per tensor) the range methods
  /// gain nothing while a model's statistics grow to gigabytes.
  static constexpr size_t kMinBins = 2;
  static constexpr size_t kMaxBins = 65536;
  /// "must be in [2, 65536], got N" when `bins` is outside that range;
  /// empty otherwise.
  static std::string checkBins(uint64_t bins);

  explicit Histogram(size_t bins = kDefaultBins) : counts(bins, 0.0) {}

  /// Adds finite values (the caller filters NaN and infinities).
  void add(const float *values, size_t size);
  /// The same when the caller knows the values' extremes.
  void addWithExtremes(const float *values, size_t size, float lo, float hi);
  /// Adds the mass of `other` (any bin count: a different count spreads
  /// each of its bins over the ones it overlaps).
  void merge(const Histogram &other);

  bool empty() const { return !(width > 0.0); }
  size_t size() const { return counts.size(); }
  double total() const;
  double lower(size_t bin) const { return origin + bin * width; }
  double upper(size_t bin) const { return origin + (bin + 1) * width; }

  /// The grid, the mass per bin and the extremes of the values added.
  double origin = 0.0;
  double width = 0.0;
  std::vector<double> counts;
  double minValue = 0.0;
  double maxValue = 0.0;

  /// A histogram restored from serialized parts; fails unless the grid is
  /// the canonical one of [minValue, maxValue] for the bin count and the
  /// counts are finite and non-negative.
  static Result<Histogram> fromParts(double origin, double width,
                                     std::vector<double> counts,
                                     double minValue, double maxValue);

private:
  /// Moves to the canonical grid of [lo, hi] (which contains the current
  /// extremes).
  void regrid(double lo, double hi);
};

/// Everything a calibration run keeps for one tensor.
struct TensorStatistics {
  /// Finite values observed.
  uint64_t count = 0;
  /// Values left out of every statistic: NaN and +-infinity.
  uint64_t nanCount = 0;
  uint64_t infCount = 0;
  /// Finite values that were exactly 0 (a ReLU's, a padding's): what the
  /// underflow measure leaves out.
  uint64_t zeroCount = 0;
  /// Over all finite values.
  double min = 0.0;
  double max = 0.0;
  /// Batches (calls) with at least one finite value, and the sums of their
  /// minima and maxima (the average min-max method).
  uint64_t batches = 0;
  double sumBatchMin = 0.0;
  double sumBatchMax = 0.0;
  Histogram histogram;
  /// Per channel (an index of the last axis: a channel in NHWC), the sum of
  /// its finite values and how many there were; empty when the tensor was
  /// not observed per channel, or with different channel counts.
  std::vector<double> channelSums;
  std::vector<uint64_t> channelCounts;
  /// Per channel, its smallest and largest finite value (0 for a channel
  /// without one); kept with the channel sums, and empty when the sums are
  /// or when statistics from a file did not have them.
  std::vector<double> channelMin;
  std::vector<double> channelMax;

  /// Second moments of the channel vectors with a constant 1 appended
  /// (`observeMoments`): the upper triangle, row by row, of the sum over the
  /// observed positions of [x; 1][x; 1]^T, (C+1)(C+2)/2 entries for C
  /// channels; the last column holds the channel sums and the last entry
  /// the number of positions. Empty unless asked for.
  std::vector<double> channelMoments;

  /// Quantization error probes (the `auto` range method): candidate
  /// parameters over `probeStorage`, set before a calibration run, and for
  /// each candidate k and channel c of the last axis, over the observed
  /// finite values, the sum of the squared error (the quantized-dequantized
  /// value minus the value, by quantize and dequantize of Numerics.h, as the
  /// generated code computes them) in probeErrors[k * C + c] and the sum of
  /// the error in probeSums[k * C + c] (clipping makes it nonzero), and the
  /// number of values per channel in probeCounts. C is the channel count of
  /// the first observed call; a later call with another count folds every
  /// channel into one. In memory only: stats files leave them out.
  StorageSpec probeStorage;
  std::vector<QuantParams> probeParams;
  std::vector<double> probeErrors;
  std::vector<double> probeSums;
  std::vector<uint64_t> probeCounts;
  /// Sets the candidates and clears the errors.
  void setProbes(StorageSpec storage, std::vector<QuantParams> params);
  /// Adds the errors of `values` (row-major, the last axis of `channels`
  /// entries) for every candidate; non-finite values are left out.
  void observeProbes(const float *values, size_t size, size_t channels);
  /// The channels of probeErrors (0 before the first observation).
  size_t probeChannels() const { return probeCounts.size(); }

  /// At most this many channels are kept per tensor.
  static constexpr size_t kMaxChannels = 65536;
  /// Moments are kept for at most this many channels.
  static constexpr size_t kMaxMomentChannels = 1024;

  explicit TensorStatistics(size_t bins = Histogram::kDefaultBins)
      : histogram(bins) {}

  /// Observes one batch of `size` contiguous values.
  void observe(const float *values, size_t size);
  /// observe, and the per-channel sums and extremes of values whose last
  /// axis has `channels` entries (row-major: value i is in channel
  /// i % channels), and the probes' errors when there are candidates.
  void observeChannels(const float *values, size_t size, size_t channels);
  /// Adds the moments of the channel vectors of `values` (row-major, the
  /// last axis of `channels` entries) to channelMoments: a strided sample
  /// of at most a few thousand positions per call (fewer for wide tensors),
  /// positions with a non-finite value left out. Clears them when the
  /// channel count changes or exceeds kMaxMomentChannels.
  void observeMoments(const float *values, size_t size, size_t channels);
  /// C of channelMoments (0 when empty).
  size_t momentChannels() const;
  /// The (C+1)x(C+1) symmetric matrix of channelMoments, row-major.
  std::vector<double> momentMatrix() const;
  /// The mean of each channel (empty without per-channel sums; a channel
  /// without a finite value has mean 0).
  std::vector<double> channelMeans() const;
  /// The largest |value| of each channel (empty without channelMin/Max).
  std::vector<double> channelAbsMax() const;
  /// Adds the statistics of another shard of the same tensor.
  void merge(const TensorStatistics &other);
};

enum class RangeMethod { MinMax, AverageMinMax, Percentile, Entropy, MSE };

/// The spelling used in options and files: minmax, avg-minmax, percentile,
/// entropy, mse.
const char *rangeMethodName(RangeMethod method);
Result<RangeMethod> parseRangeMethod(const std::string &name);

struct RangeOptions {
  RangeMethod method = RangeMethod::MinMax;
  /// Symmetric ranges [-t, t] (signed symmetric quantization); otherwise
  /// each side is chosen on its own.
  bool symmetric = false;
  /// Percentile of the mass kept (per side when asymmetric: the lower bound
  /// leaves out 100 - percentile percent below it, the upper the same
  /// above it; symmetric: of |x|).
  double percentile = 99.999;
  /// Bits of the quantized type: entropy uses 2^(bits-1) levels for |x|,
  /// MSE the step of 2^bits - 1 levels.
  int bits = 8;
};

/// A real range [lo, hi].
struct Range {
  double lo = 0.0;
  double hi = 0.0;
};

/// The fraction of the nonzero finite values of `stats` that quantizing to
/// `range` with `bits` bits (2^bits - 1 steps) rounds to 0: those within
/// half a step of 0, from the histogram (linear within a bin), exact zeros
/// left out. Values one scale cannot hold (a power spectrum of quiet and
/// loud sounds) lose most of theirs; 0 when every value is 0.
double underflowFraction(const TensorStatistics &stats, Range range, int bits);

/// The range of `stats` by `options`. Fails when there is nothing to compute
/// from (no finite value observed) or the options are invalid.
Result<Range> computeRange(const TensorStatistics &stats,
                           const RangeOptions &options);

} // namespace qmlir::quant

#endif // QMLIR_QUANT_CALIBRATION_H
