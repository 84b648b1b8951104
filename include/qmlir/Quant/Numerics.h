//===- Numerics.h - Scalar reference of qmlir's quantization math -*- C++
//-*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The scalar reference for every formula of the `qnt` dialect: quantization
// parameters from a range, quantize/dequantize with round-half-to-even and
// saturation, fixed-point multipliers and the TOSA-compatible rescale with
// single or double rounding. Generated code is checked bit for bit against
// these functions. The library depends on the C++ standard library only, so
// runtimes and tools can link it without MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_QUANT_NUMERICS_H
#define QMLIR_QUANT_NUMERICS_H

#include "qmlir/Support/Result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qmlir {
namespace quant {

using qmlir::Result;

/// An integer storage type: `bits` in [2, 32], signed or unsigned, with the
/// narrow range dropping the most negative value (signed) or 0 (unsigned).
struct StorageSpec {
  unsigned bits = 8;
  bool isSigned = true;
  bool narrowRange = false;

  static StorageSpec s8() { return {8, true, false}; }
  static StorageSpec u8() { return {8, false, false}; }
  static StorageSpec s16() { return {16, true, false}; }
  static StorageSpec s4() { return {4, true, false}; }
  static StorageSpec s32() { return {32, true, false}; }

  /// Smallest and largest storable value.
  int64_t min() const;
  int64_t max() const;
  /// Width of the integer type that holds the values: `bits`, except 7-bit
  /// values (the range [-64, 63] that AVX2's vpmaddubsw computes exactly),
  /// which live in 8-bit integers.
  unsigned width() const { return bits == 7 ? 8 : bits; }
};

/// `real = scale * (q - zeroPoint)`.
struct QuantParams {
  double scale = 1.0;
  int64_t zeroPoint = 0;
};

enum class Scheme {
  /// The range maps onto the whole storage range; the zero point is free.
  Asymmetric,
  /// The zero point is fixed (0 for signed storage, the mid-point for
  /// unsigned) and the scale covers the larger of |min| and |max|.
  Symmetric,
};

/// Chooses a scale and zero point for the real range [rmin, rmax]. The range is
/// first widened to contain 0 so that 0 is exactly representable. A range of
/// width 0 gives scale 1. The scale is rounded to float precision (it is
/// applied in f32) and is at least the smallest normal float. Fails for
/// non-finite bounds, rmin > rmax, or storage outside 2..16 bits.
Result<QuantParams> chooseQuantParams(double rmin, double rmax,
                                      StorageSpec storage, Scheme scheme);

/// chooseQuantParams for each channel of a per-axis quantization.
Result<std::vector<QuantParams>>
chooseQuantParamsPerChannel(const std::vector<double> &rmins,
                            const std::vector<double> &rmaxs,
                            StorageSpec storage, Scheme scheme);

/// Rounds to the nearest integer, ties to even, independent of the floating
/// point environment's rounding mode.
double roundHalfToEven(double value);

/// `sat(roundHalfToEven(x / scale) + zeroPoint)`, with the division in f32.
/// NaN gives the zero point; infinities saturate.
int64_t quantize(float x, float scale, int64_t zeroPoint, StorageSpec storage);

/// `scale * (q - zeroPoint)` in f32.
float dequantize(int64_t q, float scale, int64_t zeroPoint);

/// A real multiplier `m ~= multiplier * 2^-shift`.
struct FixedPointMultiplier {
  int32_t multiplier = 0;
  int32_t shift = 31;

  /// The real value the pair represents.
  double toDouble() const;
};

/// Converts a real multiplier to the int32 multiplier in [2^30, 2^31) and the
/// right shift in [2, 62] of TOSA's `scale32` rescale (gemmlowp's algorithm:
/// the mantissa in [0.5, 1) times 2^31, rounded to nearest). Multipliers below
/// 2^-31 lose low bits (the multiplier is shifted right, rounding, to keep the
/// shift at 62); 0 gives {0, 31}. Fails for negative or non-finite values and
/// for multipliers >= 2^29, whose shift would drop below 2.
Result<FixedPointMultiplier> quantizeMultiplier(double realMultiplier);

enum class Rounding {
  /// One rounding step: add 2^(shift-1), then shift (round half up).
  Single,
  /// TOSA's double rounding: for shift > 31 the rounding term is moved by
  /// +-2^30 by the sign of the value, emulating gemmlowp's two-step rounding
  /// (high multiply, then rounding right shift).
  Double,
};

/// TOSA `apply_scale_32`: `(value * multiplier + round) >> shift` in 64 bits
/// with an arithmetic shift, saturated to int32. Exact for any int64 value
/// (the product is formed in 128 bits); requires multiplier >= 0 and shift in
/// [2, 62].
int32_t applyScale(int64_t value, int32_t multiplier, int32_t shift,
                   Rounding rounding);

/// Requantizes an accumulator: `sat(applyScale(acc - inZeroPoint, m) +
/// outZeroPoint)` into the output storage.
int64_t requantize(int64_t acc, int64_t inZeroPoint, FixedPointMultiplier m,
                   int64_t outZeroPoint, StorageSpec out, Rounding rounding);

/// The float-scale path, for comparison: `sat(roundHalfToEven(acc *
/// realMultiplier) + outZeroPoint)` in double precision.
int64_t requantizeFloat(int64_t acc, double realMultiplier,
                        int64_t outZeroPoint, StorageSpec out);

/// Quantizes a bias to int32 with scale `inputScale * weightScale` and zero
/// point 0. Fails when the quantized value does not fit int32 (the scales are
/// too small for this bias) or the scales are not positive and finite.
Result<int32_t> quantizeBias(double bias, double inputScale,
                             double weightScale);

/// Constant weights quantized symmetrically, per channel or per tensor.
struct QuantizedWeights {
  /// The stored integers, one per weight.
  std::vector<int64_t> values;
  /// One parameter set per channel (one in all per tensor).
  std::vector<QuantParams> params;
  /// The largest |w| of each channel.
  std::vector<double> absMax;
  /// Element i belongs to channel (i / inner) % channels.
  int64_t channels = 1, inner = 1;

  int64_t channelOf(size_t i) const {
    return channels == 1 ? 0 : int64_t(i / inner) % channels;
  }
  /// The value weight i stands for once dequantized (in f32, as compiled
  /// code and the reference interpreter compute it).
  float dequantized(size_t i) const {
    const QuantParams &p = params[channelOf(i)];
    return dequantize(values[i], float(p.scale), p.zeroPoint);
  }
};

/// Quantizes `weights` with one scale per channel (`channels` of them, the
/// channel of element i being (i / inner) % channels; channels = 1: per
/// tensor), each from the channel's largest |w|.
Result<QuantizedWeights> quantizeWeights(const std::vector<float> &weights,
                                         int64_t channels, int64_t inner,
                                         StorageSpec storage, Scheme scheme);

} // namespace quant
} // namespace qmlir

#endif // QMLIR_QUANT_NUMERICS_H
