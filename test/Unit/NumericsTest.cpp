//===- NumericsTest.cpp - Golden values of the numerics library -----------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Golden values were computed with exact integer and rational arithmetic from
// the published algorithms (TOSA 1.0 `apply_scale_32` and `RESCALE`,
// gemmlowp's QuantizeMultiplier, TF/ORT range-to-parameter rules); the
// derivation of each non-obvious value is given beside it.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Quant/Numerics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <ostream>
#include <random>

using namespace qmlir::quant;

namespace {

constexpr int64_t kI32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int32_t k2Pow30 = 1 << 30;

StorageSpec u4() { return {4, false, false}; }
StorageSpec s8Narrow() { return {8, true, true}; }

//===----------------------------------------------------------------------===//
// Storage ranges
//===----------------------------------------------------------------------===//

TEST(StorageSpec, Ranges) {
  EXPECT_EQ(StorageSpec::s8().min(), -128);
  EXPECT_EQ(StorageSpec::s8().max(), 127);
  EXPECT_EQ(StorageSpec::u8().min(), 0);
  EXPECT_EQ(StorageSpec::u8().max(), 255);
  EXPECT_EQ(StorageSpec::s16().min(), -32768);
  EXPECT_EQ(StorageSpec::s16().max(), 32767);
  EXPECT_EQ(StorageSpec::s4().min(), -8);
  EXPECT_EQ(StorageSpec::s4().max(), 7);
  EXPECT_EQ(u4().max(), 15);
  EXPECT_EQ(s8Narrow().min(), -127);
  EXPECT_EQ((StorageSpec{8, false, true}).min(), 1);
  EXPECT_EQ((StorageSpec{2, true, false}).min(), -2);
  EXPECT_EQ(StorageSpec::s32().min(), kI32Min);
  EXPECT_EQ(StorageSpec::s32().max(), kI32Max);
}

//===----------------------------------------------------------------------===//
// Scale and zero point from a range
//===----------------------------------------------------------------------===//

struct ParamsCase {
  const char *name;
  double rmin, rmax;
  StorageSpec storage;
  Scheme scheme;
  float scale; // Expected scale (an f32 value).
  int64_t zeroPoint;
};

void PrintTo(const ParamsCase &c, std::ostream *os) { *os << c.name; }

class ChooseParams : public ::testing::TestWithParam<ParamsCase> {};

TEST_P(ChooseParams, Golden) {
  const ParamsCase &c = GetParam();
  Result<QuantParams> params =
      chooseQuantParams(c.rmin, c.rmax, c.storage, c.scheme);
  ASSERT_TRUE(params) << params.error();
  EXPECT_EQ(params->scale, double(c.scale));
  EXPECT_EQ(params->zeroPoint, c.zeroPoint);
}

// f32(2/255) = 0.00784313772; zp = 0 - (-1) / 0.00784313772 = 127.4999925.
// f32(4/15) = 0.266666681; zp = 0 + 1 / 0.266666681 = 3.74999980 -> 4.
// u4 on [-7.5, 7.5]: scale 1 exactly, zp = 7.5 -> 8 (ties to even); s4 on the
// same range: zp = -8 + 7.5 = -0.5 -> 0 (ties to even).
// Symmetric s8: scale = 3 / 127.5 (full range) or 3 / 127 (narrow).
const ParamsCase kParamsCases[] = {
    {"AsymU8", -1.0, 1.0, StorageSpec::u8(), Scheme::Asymmetric, 0.00784313772f,
     127},
    {"AsymS8", -1.0, 1.0, StorageSpec::s8(), Scheme::Asymmetric, 0.00784313772f,
     -1},
    {"AsymU4", -1.0, 3.0, u4(), Scheme::Asymmetric, 0.266666681f, 4},
    {"AsymU4TieToEven", -7.5, 7.5, u4(), Scheme::Asymmetric, 1.0f, 8},
    {"AsymS4TieToEven", -7.5, 7.5, StorageSpec::s4(), Scheme::Asymmetric, 1.0f,
     0},
    {"PositiveRangeWidenedToZero", 2.0, 6.0, StorageSpec::u8(),
     Scheme::Asymmetric, 0.0235294122f, 0},
    {"NegativeRangeWidenedToZero", -6.0, -2.0, StorageSpec::u8(),
     Scheme::Asymmetric, 0.0235294122f, 255},
    {"SymS8", -3.0, 1.0, StorageSpec::s8(), Scheme::Symmetric, 0.0235294122f,
     0},
    {"SymS8Narrow", -3.0, 1.0, s8Narrow(), Scheme::Symmetric, 0.0236220472f, 0},
    {"SymU8MidPoint", -3.0, 1.0, StorageSpec::u8(), Scheme::Symmetric,
     0.0235294122f, 128},
    {"SymS16", -1.0, 0.5, StorageSpec::s16(), Scheme::Symmetric,
     3.05180438e-05f, 0},
    {"AllZerosAsym", 0.0, 0.0, StorageSpec::u8(), Scheme::Asymmetric, 1.0f, 0},
    {"AllZerosSym", 0.0, 0.0, StorageSpec::s8(), Scheme::Symmetric, 1.0f, 0},
    {"ConstantPositive", 5.0, 5.0, StorageSpec::u8(), Scheme::Asymmetric,
     0.0196078438f, 0},
    // 1e-45 / 255 is below the smallest normal float: clamped to it.
    {"TinyRangeClampedScale", 0.0, 1e-45, StorageSpec::u8(), Scheme::Asymmetric,
     std::numeric_limits<float>::min(), 0},
};

INSTANTIATE_TEST_SUITE_P(Numerics, ChooseParams,
                         ::testing::ValuesIn(kParamsCases),
                         [](const ::testing::TestParamInfo<ParamsCase> &info) {
                           return std::string(info.param.name);
                         });

TEST(ChooseParams, Errors) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(chooseQuantParams(nan, 1.0, StorageSpec::u8(), Scheme::Asymmetric)
                .error(),
            "range [nan, 1] is not finite");
  EXPECT_FALSE(
      chooseQuantParams(0.0, inf, StorageSpec::u8(), Scheme::Asymmetric));
  EXPECT_EQ(chooseQuantParams(2.0, 1.0, StorageSpec::u8(), Scheme::Asymmetric)
                .error(),
            "range [2, 1] has min > max");
  EXPECT_EQ(chooseQuantParams(0.0, 1.0, StorageSpec{17, true, false},
                              Scheme::Symmetric)
                .error(),
            "storage of 17 bits is not supported (2 to 16 bits)");
  EXPECT_FALSE(chooseQuantParams(0.0, 1.0, StorageSpec{1, true, false},
                                 Scheme::Symmetric));
}

TEST(ChooseParams, PerChannel) {
  Result<std::vector<QuantParams>> params = chooseQuantParamsPerChannel(
      {-1.0, -0.5, 0.0}, {1.0, 0.25, 0.0}, s8Narrow(), Scheme::Symmetric);
  ASSERT_TRUE(params) << params.error();
  ASSERT_EQ(params->size(), 3u);
  EXPECT_EQ((*params)[0].scale, double(float(1.0 / 127)));
  EXPECT_EQ((*params)[1].scale, double(float(0.5 / 127)));
  EXPECT_EQ((*params)[2].scale, 1.0);
  for (const QuantParams &p : *params)
    EXPECT_EQ(p.zeroPoint, 0);

  EXPECT_EQ(chooseQuantParamsPerChannel({0.0, 3.0}, {1.0, 2.0},
                                        StorageSpec::s8(), Scheme::Symmetric)
                .error(),
            "channel 1: range [3, 2] has min > max");
  EXPECT_EQ(chooseQuantParamsPerChannel({0.0}, {1.0, 2.0}, StorageSpec::s8(),
                                        Scheme::Symmetric)
                .error(),
            "1 minima but 2 maxima");
}

/// Every real value inside the range survives a round trip to within half a
/// step, and the range ends are representable after widening to contain 0.
TEST(ChooseParams, RoundTripWithinHalfStep) {
  std::mt19937 rng(1234);
  std::uniform_real_distribution<double> bound(-50.0, 50.0);
  for (int i = 0; i < 200; ++i) {
    double a = bound(rng), b = bound(rng);
    double lo = std::min(a, b), hi = std::max(a, b);
    for (Scheme scheme : {Scheme::Asymmetric, Scheme::Symmetric}) {
      StorageSpec storage = StorageSpec::u8();
      Result<QuantParams> p = chooseQuantParams(lo, hi, storage, scheme);
      ASSERT_TRUE(p);
      // 0 is exact.
      EXPECT_EQ(dequantize(quantize(0.0f, p->scale, p->zeroPoint, storage),
                           p->scale, p->zeroPoint),
                0.0f);
      for (double x : {std::min(lo, 0.0), std::max(hi, 0.0), (lo + hi) / 2}) {
        float rt =
            dequantize(quantize(float(x), p->scale, p->zeroPoint, storage),
                       p->scale, p->zeroPoint);
        // Half a step, plus the f32 rounding of the end points, plus the
        // symmetric scheme's full-range clipping of +absMax by half a step.
        EXPECT_LE(std::abs(rt - x), p->scale * 1.0001 + 1e-5 * std::abs(x))
            << "x=" << x << " range [" << lo << ", " << hi << "]";
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// Rounding, quantize, dequantize
//===----------------------------------------------------------------------===//

TEST(RoundHalfToEven, Ties) {
  EXPECT_EQ(roundHalfToEven(0.5), 0.0);
  EXPECT_EQ(roundHalfToEven(1.5), 2.0);
  EXPECT_EQ(roundHalfToEven(2.5), 2.0);
  EXPECT_EQ(roundHalfToEven(-0.5), 0.0);
  EXPECT_EQ(roundHalfToEven(-1.5), -2.0);
  EXPECT_EQ(roundHalfToEven(-2.5), -2.0);
  EXPECT_EQ(roundHalfToEven(2.4999999999999996), 2.0);
  EXPECT_EQ(roundHalfToEven(-7.5000000000000009), -8.0);
  EXPECT_EQ(roundHalfToEven(4503599627370497.0), 4503599627370497.0);
}

TEST(Quantize, Golden) {
  const StorageSpec s8 = StorageSpec::s8();
  EXPECT_EQ(quantize(0.5f, 1.0f, 0, s8), 0);    // tie -> even
  EXPECT_EQ(quantize(1.5f, 1.0f, 0, s8), 2);    // tie -> even
  EXPECT_EQ(quantize(-2.5f, 1.0f, 0, s8), -2);  // tie -> even
  EXPECT_EQ(quantize(0.375f, 0.25f, 0, s8), 2); // 1.5 -> 2
  EXPECT_EQ(quantize(-0.125f, 0.25f, 128, StorageSpec::u8()), 128); // -0.5
  EXPECT_EQ(quantize(1000.0f, 0.5f, 0, s8), 127);
  EXPECT_EQ(quantize(-1000.0f, 0.5f, 0, s8), -128);
  EXPECT_EQ(quantize(-1000.0f, 0.5f, 0, s8Narrow()), -127);
  EXPECT_EQ(quantize(1.0f, 0.01f, 100, StorageSpec::u8()), 200);
  EXPECT_EQ(quantize(100.0f, 1.0f, 0, StorageSpec::s4()), 7);
  EXPECT_EQ(quantize(-100.0f, 1.0f, 3, u4()), 0);
  EXPECT_EQ(quantize(3.3f, 0.001f, 0, StorageSpec::s16()), 3300);
  EXPECT_EQ(quantize(std::numeric_limits<float>::infinity(), 1.0f, 0, s8), 127);
  EXPECT_EQ(quantize(-std::numeric_limits<float>::infinity(), 1.0f, 0, s8),
            -128);
  EXPECT_EQ(quantize(std::numeric_limits<float>::quiet_NaN(), 1.0f, 5, s8), 5);
  // 1e30 / 1e-30 overflows f32 to +inf: saturates rather than wrapping.
  EXPECT_EQ(quantize(1e30f, 1e-30f, 0, StorageSpec::s16()), 32767);
}

TEST(Dequantize, Golden) {
  EXPECT_EQ(dequantize(200, 0.01f, 100), 1.0f);
  EXPECT_EQ(dequantize(-128, 0.5f, 0), -64.0f);
  EXPECT_EQ(dequantize(0, 0.25f, 128), -32.0f);
  EXPECT_EQ(dequantize(7, 1.0f, 7), 0.0f);
}

//===----------------------------------------------------------------------===//
// Fixed-point multipliers
//===----------------------------------------------------------------------===//

struct MultiplierCase {
  const char *name;
  double real;
  int32_t multiplier, shift;
};

void PrintTo(const MultiplierCase &c, std::ostream *os) { *os << c.name; }

class QuantizeMultiplier : public ::testing::TestWithParam<MultiplierCase> {};

TEST_P(QuantizeMultiplier, Golden) {
  const MultiplierCase &c = GetParam();
  Result<FixedPointMultiplier> m = quantizeMultiplier(c.real);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->multiplier, c.multiplier);
  EXPECT_EQ(m->shift, c.shift);
}

// frexp(m) = f * 2^e with f in [0.5, 1); M = round(f * 2^31), s = 31 - e.
const MultiplierCase kMultiplierCases[] = {
    {"Half", 0.5, k2Pow30, 31},
    {"Quarter", 0.25, k2Pow30, 32},
    {"One", 1.0, k2Pow30, 30},
    {"ThreeQuarters", 0.75, 1610612736, 31},
    {"OneAndAHalf", 1.5, 1610612736, 30},
    // 2/3 * 2^31 = 1431655765.33
    {"OneThird", 1.0 / 3.0, 1431655765, 32},
    // 0.8 * 2^31 = 1717986918.4
    {"OneTenth", 0.1, 1717986918, 34},
    // The mantissa rounds up to 2^31: renormalized to 2^30, one less shift.
    {"JustBelowOne", 0.9999999999999, k2Pow30, 30},
    {"JustBelowHalf", 0.49999999999999, k2Pow30, 31},
    // (0.5 + 2^-31) * 2^31 = 2^30 + 1 exactly: the last bit is kept.
    {"JustAboveHalf", 0.5 + std::ldexp(1.0, -31), k2Pow30 + 1, 31},
    // The largest representable multiplier: shift 2.
    {"ShiftLowerLimit", std::ldexp(1.0, 28), k2Pow30, 2},
    {"PowerOfTwoSmall", std::ldexp(1.0, -31), k2Pow30, 61},
    // 1e-12 = 0.5497558 * 2^-39: shift 70 -> drop 8 bits of 1180591621,
    // (1180591621 + 128) >> 8 = 4611686.
    {"ShiftUpperLimit", 1e-12, 4611686, 62},
    {"Zero", 0.0, 0, 31},
};

INSTANTIATE_TEST_SUITE_P(
    Numerics, QuantizeMultiplier, ::testing::ValuesIn(kMultiplierCases),
    [](const ::testing::TestParamInfo<MultiplierCase> &info) {
      return std::string(info.param.name);
    });

TEST(QuantizeMultiplierErrors, Rejected) {
  EXPECT_EQ(quantizeMultiplier(std::ldexp(1.0, 29)).error(),
            "multiplier 536870912 is too large for a 32-bit rescale (must be "
            "below 2^29)");
  EXPECT_EQ(quantizeMultiplier(-0.5).error(),
            "multiplier -0.5 is not a finite non-negative number");
  EXPECT_FALSE(quantizeMultiplier(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(quantizeMultiplier(std::numeric_limits<double>::infinity()));
}

/// The multiplier approximates the real value to within 2^-31 relative
/// (half an ulp of the 31-bit mantissa) over the whole normal range.
TEST(QuantizeMultiplierProperty, RelativeError) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> exponent(-30.0, 28.0);
  for (int i = 0; i < 2000; ++i) {
    double real = std::exp2(exponent(rng));
    Result<FixedPointMultiplier> m = quantizeMultiplier(real);
    ASSERT_TRUE(m) << real;
    EXPECT_GE(m->multiplier, k2Pow30);
    EXPECT_GE(m->shift, 2);
    EXPECT_LE(m->shift, 62);
    EXPECT_LE(std::abs(m->toDouble() - real) / real, std::ldexp(1.0, -31));
  }
}

//===----------------------------------------------------------------------===//
// applyScale and requantize
//===----------------------------------------------------------------------===//

struct ApplyScaleCase {
  const char *name;
  int64_t value;
  int32_t multiplier, shift;
  int32_t single, twice; // Expected with single and double rounding.
};

void PrintTo(const ApplyScaleCase &c, std::ostream *os) { *os << c.name; }

class ApplyScale : public ::testing::TestWithParam<ApplyScaleCase> {};

TEST_P(ApplyScale, Golden) {
  const ApplyScaleCase &c = GetParam();
  EXPECT_EQ(applyScale(c.value, c.multiplier, c.shift, Rounding::Single),
            c.single);
  EXPECT_EQ(applyScale(c.value, c.multiplier, c.shift, Rounding::Double),
            c.twice);
}

// (v * M + 2^(s-1) [+- 2^30 when double and s > 31]) >> s, saturated.
const ApplyScaleCase kApplyScaleCases[] = {
    // 0.5 * (2^31 - 1) = 1073741823.5 -> half up.
    {"Int32MaxTimesHalf", kI32Max, k2Pow30, 31, 1073741824, 1073741824},
    {"Int32MinTimesHalf", kI32Min, k2Pow30, 31, -1073741824, -1073741824},
    // (2^31 - 1) / 2^31 * -2^31 = -(2^31 - 1).
    {"Int32MinTimesAlmostOne", kI32Min, 2147483647, 31, -2147483647,
     -2147483647},
    // (2^31-1)^2 / 2^31 = 2147483646.0000000005.
    {"Int32MaxTimesAlmostOne", kI32Max, 2147483647, 31, 2147483646, 2147483646},
    // Exact ties with shift 31 (no double-rounding adjustment): half up.
    {"TiePositive", 1, k2Pow30, 31, 1, 1},
    {"TieNegative", -1, k2Pow30, 31, 0, 0},
    {"TieThreeHalves", 3, k2Pow30, 31, 2, 2},
    {"TieMinusThreeHalves", -3, k2Pow30, 31, -1, -1},
    // 0.125: -4 * 0.125 = -0.5: single rounds up to 0, double away to -1.
    {"EighthTieNegative", -4, k2Pow30, 33, 0, -1},
    {"EighthTiePositive", 4, k2Pow30, 33, 1, 1},
    {"EighthMinusTwelve", -12, k2Pow30, 33, -1, -2},
    // 1/3 (M = 1431655765, s = 32): double rounding turns 1/3 into 1
    // (round(2/3) = 1 in the high multiply, then round(1/2) = 1).
    {"ThirdOfOne", 1, 1431655765, 32, 0, 1},
    {"ThirdOfMinusOne", -1, 1431655765, 32, 0, -1},
    {"ThirdOfFour", 4, 1431655765, 32, 1, 2},
    {"ThirdOfNineteen", -19, 1431655765, 32, -6, -7},
    // Shift 2 with multiplier 2^30 is 2^28: saturates.
    {"SaturateHigh", kI32Max, k2Pow30, 2, 2147483647, 2147483647},
    {"SaturateLow", kI32Min, k2Pow30, 2, -2147483648, -2147483648},
    // Shift 62, M = 2^31 - 1: (2^31-1)^2 / 2^62 = 0.99999999953 -> 1.
    {"ShiftUpperLimitPositive", kI32Max, 2147483647, 62, 1, 1},
    {"ShiftUpperLimitNegative", kI32Min, 2147483647, 62, -1, -1},
    {"ShiftLowerLimitTiny", 1, 1, 2, 0, 0},
    // A 16-bit product beyond int32: exact in 128 bits, then saturated.
    {"WideProduct", int64_t(65535) * 65535, k2Pow30, 30, 2147483647,
     2147483647},
    {"WideProductScaledDown", int64_t(65535) * 65535, k2Pow30, 40, 4194176,
     4194176},
};

INSTANTIATE_TEST_SUITE_P(
    Numerics, ApplyScale, ::testing::ValuesIn(kApplyScaleCases),
    [](const ::testing::TestParamInfo<ApplyScaleCase> &info) {
      return std::string(info.param.name);
    });

/// Single rounding is round-half-up of the exact rational v * M / 2^s.
TEST(ApplyScaleProperty, SingleIsRoundHalfUpOfExactProduct) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> values(kI32Min, kI32Max);
  std::uniform_int_distribution<int32_t> multipliers(k2Pow30, 2147483647);
  std::uniform_int_distribution<int32_t> shifts(31, 62);
  for (int i = 0; i < 5000; ++i) {
    int64_t v = values(rng);
    int32_t m = multipliers(rng), s = shifts(rng);
    __int128 product = __int128(v) * m;
    // floor((product + 2^(s-1)) / 2^s), computed with a floored division.
    __int128 numerator = product + (__int128(1) << (s - 1));
    __int128 divisor = __int128(1) << s;
    __int128 quotient = numerator / divisor;
    if ((numerator % divisor != 0) && (numerator < 0))
      --quotient;
    ASSERT_EQ(applyScale(v, m, s, Rounding::Single), int64_t(quotient))
        << v << " * " << m << " >> " << s;
  }
}

TEST(Requantize, Golden) {
  auto fixed = [](double real) { return *quantizeMultiplier(real); };
  const StorageSpec s8 = StorageSpec::s8(), u8 = StorageSpec::u8();
  // 1000 * 0.05 = 50; 50 - 5 = 45. -1000 * 0.05 - 5 = -55.
  EXPECT_EQ(requantize(1000, 0, fixed(0.05), -5, s8, Rounding::Single), 45);
  EXPECT_EQ(requantize(-1000, 0, fixed(0.05), -5, s8, Rounding::Single), -55);
  // u8: -300 + 128 saturates to 0; 123.4 + 128 = 251.
  EXPECT_EQ(requantize(-3000, 0, fixed(0.1), 128, u8, Rounding::Single), 0);
  EXPECT_EQ(requantize(1234, 0, fixed(0.1), 128, u8, Rounding::Single), 251);
  // s16: saturation and a zero point; -1234.56 + 7 -> -1228.
  EXPECT_EQ(requantize(kI32Max, 0, fixed(0.001), 0, StorageSpec::s16(),
                       Rounding::Single),
            32767);
  EXPECT_EQ(requantize(-123456, 0, fixed(0.01), 7, StorageSpec::s16(),
                       Rounding::Single),
            -1228);
  // s4 and u4: 37 * 0.125 = 4.625 -> 5; 12.5 -> 7 (saturated).
  EXPECT_EQ(
      requantize(37, 0, fixed(0.125), 0, StorageSpec::s4(), Rounding::Single),
      5);
  EXPECT_EQ(
      requantize(100, 0, fixed(0.125), 0, StorageSpec::s4(), Rounding::Single),
      7);
  EXPECT_EQ(
      requantize(-100, 0, fixed(0.125), 0, StorageSpec::s4(), Rounding::Single),
      -8);
  EXPECT_EQ(requantize(20, 0, fixed(0.25), 3, u4(), Rounding::Single), 8);
  EXPECT_EQ(requantize(-20, 0, fixed(0.25), 3, u4(), Rounding::Single), 0);
  // Input zero point: (130 - 128) * 0.5 = 1; (125 - 128) * 0.5 = -1.5 -> -1.
  EXPECT_EQ(requantize(130, 128, fixed(0.5), 0, s8, Rounding::Single), 1);
  EXPECT_EQ(requantize(125, 128, fixed(0.5), 0, s8, Rounding::Double), -1);
}

/// The fixed-point path stays within one step of the float-scale path.
TEST(RequantizeProperty, FixedPointTracksFloat) {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int32_t> accs(-200000, 200000);
  std::uniform_real_distribution<double> exponent(-16.0, -4.0);
  int exact = 0, total = 0;
  for (int i = 0; i < 3000; ++i) {
    double real = std::exp2(exponent(rng));
    int64_t acc = accs(rng);
    FixedPointMultiplier m = *quantizeMultiplier(real);
    int64_t fixedResult =
        requantize(acc, 0, m, 3, StorageSpec::s16(), Rounding::Single);
    int64_t floatResult = requantizeFloat(acc, real, 3, StorageSpec::s16());
    EXPECT_LE(std::abs(fixedResult - floatResult), 1);
    exact += fixedResult == floatResult;
    ++total;
  }
  // Disagreements only at (near-)ties: rare.
  EXPECT_GT(exact, total * 99 / 100);
}

TEST(RequantizeFloat, Golden) {
  EXPECT_EQ(requantizeFloat(5, 0.5, 0, StorageSpec::s8()), 2);   // 2.5 -> 2
  EXPECT_EQ(requantizeFloat(7, 0.5, 0, StorageSpec::s8()), 4);   // 3.5 -> 4
  EXPECT_EQ(requantizeFloat(-5, 0.5, 0, StorageSpec::s8()), -2); // -2.5
  EXPECT_EQ(requantizeFloat(100000, 0.01, 128, StorageSpec::u8()), 255);
}

//===----------------------------------------------------------------------===//
// Bias
//===----------------------------------------------------------------------===//

TEST(QuantizeBias, Golden) {
  // 0.5 / (0.5 * 0.01) = 100.
  EXPECT_EQ(*quantizeBias(0.5, 0.5, 0.01), 100);
  EXPECT_EQ(*quantizeBias(-0.25, 0.5, 0.01), -50);
  // 0.0125 / 0.005 = 2.5 -> 2 (ties to even).
  EXPECT_EQ(*quantizeBias(0.0125, 0.5, 0.01), 2);
  EXPECT_EQ(quantizeBias(1000.0, 1e-5, 1e-5).error(),
            "bias 1000 at scale 1e-10 overflows int32");
  EXPECT_FALSE(quantizeBias(1.0, 0.0, 0.5));
  EXPECT_FALSE(quantizeBias(std::numeric_limits<double>::infinity(), 1, 1));
}

} // namespace
