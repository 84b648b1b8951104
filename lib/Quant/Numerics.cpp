//===- Numerics.cpp - Scalar reference of qmlir's quantization math -------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Quant/Numerics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

using namespace qmlir::quant;

int64_t StorageSpec::min() const {
  if (!isSigned)
    return narrowRange ? 1 : 0;
  int64_t lowest = -(int64_t(1) << (bits - 1));
  return narrowRange ? lowest + 1 : lowest;
}

int64_t StorageSpec::max() const {
  if (!isSigned)
    return (int64_t(1) << bits) - 1;
  return (int64_t(1) << (bits - 1)) - 1;
}

static std::string formatDouble(double value) {
  std::ostringstream os;
  os.precision(9);
  os << value;
  return os.str();
}

static int64_t saturate(int64_t value, int64_t lo, int64_t hi) {
  return std::min(std::max(value, lo), hi);
}

double qmlir::quant::roundHalfToEven(double value) {
  if (!std::isfinite(value))
    return value;
  double floor = std::floor(value);
  double diff = value - floor; // Exact: both share the same binade bound.
  if (diff < 0.5)
    return floor;
  if (diff > 0.5)
    return floor + 1.0;
  return std::fmod(floor, 2.0) == 0.0 ? floor : floor + 1.0;
}

Result<QuantParams> qmlir::quant::chooseQuantParams(double rmin, double rmax,
                                                    StorageSpec storage,
                                                    Scheme scheme) {
  if (storage.bits < 2 || storage.bits > 16)
    return Result<QuantParams>::failure(
        "storage of " + std::to_string(storage.bits) +
        " bits is not supported (2 to 16 bits)");
  if (!std::isfinite(rmin) || !std::isfinite(rmax))
    return Result<QuantParams>::failure("range [" + formatDouble(rmin) + ", " +
                                        formatDouble(rmax) + "] is not finite");
  if (rmin > rmax)
    return Result<QuantParams>::failure("range [" + formatDouble(rmin) + ", " +
                                        formatDouble(rmax) + "] has min > max");
  rmin = std::min(rmin, 0.0);
  rmax = std::max(rmax, 0.0);
  const int64_t qmin = storage.min();
  const int64_t qmax = storage.max();
  const double smallestScale = std::numeric_limits<float>::min();

  // The scale is applied in f32: round it first, so that the zero point is
  // chosen for the scale actually used.
  auto toUsableScale = [&](double scale) {
    return std::max(double(float(scale)), smallestScale);
  };

  QuantParams params;
  if (scheme == Scheme::Symmetric) {
    params.zeroPoint = storage.isSigned ? 0 : (qmin + qmax + 1) / 2;
    double absMax = std::max(-rmin, rmax);
    if (absMax > 0.0)
      params.scale = toUsableScale(absMax / (double(qmax - qmin) / 2.0));
    return params;
  }
  params.zeroPoint = saturate(0, qmin, qmax);
  if (rmax > rmin) {
    params.scale = toUsableScale((rmax - rmin) / double(qmax - qmin));
    double zeroPoint = double(qmin) - rmin / params.scale;
    params.zeroPoint =
        saturate(int64_t(roundHalfToEven(zeroPoint)), qmin, qmax);
  }
  return params;
}

Result<std::vector<QuantParams>>
qmlir::quant::chooseQuantParamsPerChannel(const std::vector<double> &rmins,
                                          const std::vector<double> &rmaxs,
                                          StorageSpec storage, Scheme scheme) {
  using ResultT = Result<std::vector<QuantParams>>;
  if (rmins.size() != rmaxs.size())
    return ResultT::failure(std::to_string(rmins.size()) + " minima but " +
                            std::to_string(rmaxs.size()) + " maxima");
  std::vector<QuantParams> params;
  params.reserve(rmins.size());
  for (size_t c = 0; c < rmins.size(); ++c) {
    Result<QuantParams> channel =
        chooseQuantParams(rmins[c], rmaxs[c], storage, scheme);
    if (!channel)
      return ResultT::failure("channel " + std::to_string(c) + ": " +
                              channel.error());
    params.push_back(*channel);
  }
  return params;
}

int64_t qmlir::quant::quantize(float x, float scale, int64_t zeroPoint,
                               StorageSpec storage) {
  if (std::isnan(x))
    return zeroPoint;
  const float scaled = x / scale;
  const double value = roundHalfToEven(double(scaled)) + double(zeroPoint);
  const double qmin = double(storage.min());
  const double qmax = double(storage.max());
  if (value <= qmin)
    return storage.min();
  if (value >= qmax)
    return storage.max();
  return int64_t(value);
}

float qmlir::quant::dequantize(int64_t q, float scale, int64_t zeroPoint) {
  return scale * float(q - zeroPoint);
}

double FixedPointMultiplier::toDouble() const {
  return std::ldexp(double(multiplier), -shift);
}

Result<FixedPointMultiplier>
qmlir::quant::quantizeMultiplier(double realMultiplier) {
  using ResultT = Result<FixedPointMultiplier>;
  if (!std::isfinite(realMultiplier) || realMultiplier < 0.0)
    return ResultT::failure("multiplier " + formatDouble(realMultiplier) +
                            " is not a finite non-negative number");
  if (realMultiplier == 0.0)
    return FixedPointMultiplier{0, 31};

  int exponent = 0;
  const double mantissa = std::frexp(realMultiplier, &exponent);
  int64_t fixed = int64_t(std::round(std::ldexp(mantissa, 31)));
  if (fixed == (int64_t(1) << 31)) {
    fixed /= 2;
    ++exponent;
  }
  int64_t shift = 31 - int64_t(exponent);
  if (shift < 2)
    return ResultT::failure("multiplier " + formatDouble(realMultiplier) +
                            " is too large for a 32-bit rescale (must be "
                            "below 2^29)");
  if (shift > 62) {
    // Keep the shift in range by dropping low multiplier bits, rounding.
    int64_t drop = std::min<int64_t>(shift - 62, 32);
    fixed = (fixed + (int64_t(1) << (drop - 1))) >> drop;
    shift = 62;
  }
  return FixedPointMultiplier{int32_t(fixed), int32_t(shift)};
}

int32_t qmlir::quant::applyScale(int64_t value, int32_t multiplier,
                                 int32_t shift, Rounding rounding) {
  int64_t round = int64_t(1) << (shift - 1);
  if (rounding == Rounding::Double && shift > 31) {
    if (value >= 0)
      round += int64_t(1) << 30;
    else
      round -= int64_t(1) << 30;
  }
  // 128 bits make every int64 value safe; for |value| <= 2^31 (TOSA's range)
  // the result equals TOSA's 64-bit computation.
  __int128 result = (__int128(value) * multiplier + round) >> shift;
  if (result < std::numeric_limits<int32_t>::min())
    return std::numeric_limits<int32_t>::min();
  if (result > std::numeric_limits<int32_t>::max())
    return std::numeric_limits<int32_t>::max();
  return int32_t(result);
}

int64_t qmlir::quant::requantize(int64_t acc, int64_t inZeroPoint,
                                 FixedPointMultiplier m, int64_t outZeroPoint,
                                 StorageSpec out, Rounding rounding) {
  int64_t scaled =
      applyScale(acc - inZeroPoint, m.multiplier, m.shift, rounding);
  return saturate(scaled + outZeroPoint, out.min(), out.max());
}

int64_t qmlir::quant::requantizeFloat(int64_t acc, double realMultiplier,
                                      int64_t outZeroPoint, StorageSpec out) {
  double value =
      roundHalfToEven(double(acc) * realMultiplier) + double(outZeroPoint);
  if (value <= double(out.min()))
    return out.min();
  if (value >= double(out.max()))
    return out.max();
  return int64_t(value);
}

Result<int32_t> qmlir::quant::quantizeBias(double bias, double inputScale,
                                           double weightScale) {
  using ResultT = Result<int32_t>;
  const double scale = inputScale * weightScale;
  if (!(scale > 0.0) || !std::isfinite(scale))
    return ResultT::failure("bias scale " + formatDouble(inputScale) + " * " +
                            formatDouble(weightScale) +
                            " is not a positive finite number");
  if (!std::isfinite(bias))
    return ResultT::failure("bias " + formatDouble(bias) + " is not finite");
  double q = roundHalfToEven(bias / scale);
  if (q < double(std::numeric_limits<int32_t>::min()) ||
      q > double(std::numeric_limits<int32_t>::max()))
    return ResultT::failure("bias " + formatDouble(bias) + " at scale " +
                            formatDouble(scale) + " overflows int32");
  return int32_t(q);
}

Result<qmlir::quant::QuantizedWeights>
qmlir::quant::quantizeWeights(const std::vector<float> &weights,
                              int64_t channels, int64_t inner,
                              StorageSpec storage, Scheme scheme) {
  QuantizedWeights q;
  q.channels = std::max<int64_t>(channels, 1);
  q.inner = std::max<int64_t>(inner, 1);
  q.absMax.assign(q.channels, 0.0);
  for (size_t i = 0; i < weights.size(); ++i) {
    double &m = q.absMax[q.channelOf(i)];
    m = std::max<double>(m, std::fabs(weights[i]));
  }
  for (double m : q.absMax) {
    auto p = chooseQuantParams(-m, m, storage, scheme);
    if (!p)
      return Result<QuantizedWeights>::failure(p.error());
    q.params.push_back(*p);
  }
  q.values.reserve(weights.size());
  for (size_t i = 0; i < weights.size(); ++i) {
    const QuantParams &p = q.params[q.channelOf(i)];
    q.values.push_back(quantize(weights[i], static_cast<float>(p.scale),
                                p.zeroPoint, storage));
  }
  return q;
}
