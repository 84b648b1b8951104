//===- RescaleCrossCheckTest.cpp - Numerics vs upstream tosa.rescale ------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Requantizes a table of int32 accumulators x fixed-point multipliers both
// with qmlir's numerics library and with upstream MLIR's lowering of
// `tosa.rescale` (tosa-to-linalg, then tosa-to-arith{include-apply-rescale}),
// JIT-executed, and requires identical results for every element. Each
// multiplier is one channel of a per-channel rescale, so one function covers
// the whole table for an output type, zero point and rounding mode.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Quant/Numerics.h"

#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

using namespace qmlir::quant;

namespace {

constexpr int64_t kI32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kI32Min = std::numeric_limits<int32_t>::min();

/// The accumulators: extremes, small values around 0, ties of common
/// multipliers, values near powers of two, and a fixed pseudo-random sample.
std::vector<int32_t> accumulators() {
  std::vector<int32_t> values = {int32_t(kI32Min),
                                 int32_t(kI32Min + 1),
                                 -(1 << 30) - 1,
                                 -(1 << 30),
                                 -16777217,
                                 -1000001,
                                 -65536,
                                 -32769,
                                 -257,
                                 -129,
                                 -128,
                                 -19,
                                 -12,
                                 -5,
                                 -4,
                                 -3,
                                 -2,
                                 -1,
                                 0,
                                 1,
                                 2,
                                 3,
                                 4,
                                 5,
                                 7,
                                 12,
                                 19,
                                 127,
                                 128,
                                 255,
                                 256,
                                 1000,
                                 12345,
                                 32767,
                                 65535,
                                 65536,
                                 16777217,
                                 (1 << 30) - 1,
                                 1 << 30,
                                 int32_t(kI32Max - 1),
                                 int32_t(kI32Max)};
  uint64_t state = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < 40; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    values.push_back(int32_t(state >> 32) >> (i % 24));
  }
  return values;
}

/// The multipliers: from real values (fractions, near powers of two, >= 1)
/// plus raw pairs at the shift limits of TOSA's rescale (2 and 62).
std::vector<FixedPointMultiplier> multipliers() {
  std::vector<FixedPointMultiplier> result;
  for (double real : {0.5,
                      0.25,
                      0.125,
                      1.0 / 3.0,
                      0.1,
                      0.05,
                      0.75,
                      0.9999999999,
                      0.50000001,
                      0.49999999,
                      1.0,
                      1.5,
                      2.0,
                      7.25,
                      1000.0,
                      65536.0,
                      1.0 / 255.0,
                      0.0003921,
                      std::ldexp(1.0, -20),
                      std::ldexp(1.0, -31),
                      1e-12})
    result.push_back(*quantizeMultiplier(real));
  result.push_back({1 << 30, 2});
  result.push_back({2147483647, 62});
  result.push_back({1, 62});
  result.push_back({2147483647, 31});
  result.push_back({2147483647, 32});
  result.push_back({1 << 30, 62});
  return result;
}

/// Whether TOSA defines the rescale of this value: the rounded, shifted
/// product (apply_scale_32's result) and that plus the output zero point must
/// fit int32.
bool fitsInt32(int64_t value, FixedPointMultiplier m, Rounding rounding,
               int64_t outputZeroPoint) {
  __int128 round = __int128(1) << (m.shift - 1);
  if (rounding == Rounding::Double && m.shift > 31)
    round += value >= 0 ? (__int128(1) << 30) : -(__int128(1) << 30);
  __int128 result = (__int128(value) * m.multiplier + round) >> m.shift;
  auto inRange = [](__int128 v) { return v >= kI32Min && v <= kI32Max; };
  return inRange(result) && inRange(result + outputZeroPoint);
}

struct OutputConfig {
  const char *name;
  unsigned bits;
  bool isUnsigned;
  int64_t zeroPoint;
  Rounding rounding;
};

void PrintTo(const OutputConfig &c, std::ostream *os) { *os << c.name; }

std::string join(const std::vector<int64_t> &values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i)
    text += (i ? ", " : "") + std::to_string(values[i]);
  return text;
}

/// Builds `@rescale(%in: memref<AxCxi32>, %out: memref<AxCxi32>)` applying a
/// per-channel tosa.rescale with channel c using multipliers[c].
std::string buildModule(const OutputConfig &config, int64_t rows,
                        const std::vector<FixedPointMultiplier> &ms) {
  std::vector<int64_t> mults, shifts;
  for (const FixedPointMultiplier &m : ms) {
    mults.push_back(m.multiplier);
    shifts.push_back(m.shift);
  }
  const std::string c = std::to_string(ms.size());
  const std::string shape = std::to_string(rows) + "x" + c;
  const std::string storage = "i" + std::to_string(config.bits);
  // The zero point constant holds the storage bits; TOSA reads it as unsigned
  // when output_unsigned is set.
  int64_t zpBits = config.zeroPoint;
  if (config.isUnsigned && zpBits >= (int64_t(1) << (config.bits - 1)))
    zpBits -= int64_t(1) << config.bits;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "func.func @rescale(%in: memref<" << shape << "xi32>, %out: memref<"
     << shape << "xi32>) attributes {llvm.emit_c_interface} {\n"
     << "  %t = bufferization.to_tensor %in restrict : memref<" << shape
     << "xi32> to tensor<" << shape << "xi32>\n"
     << "  %m = \"tosa.const\"() <{values = dense<[" << join(mults)
     << "]> : tensor<" << c << "xi32>}> : () -> tensor<" << c << "xi32>\n"
     << "  %s = \"tosa.const\"() <{values = dense<[" << join(shifts)
     << "]> : tensor<" << c << "xi8>}> : () -> tensor<" << c << "xi8>\n"
     << "  %izp = \"tosa.const\"() <{values = dense<0> : tensor<1xi32>}> : () "
        "-> tensor<1xi32>\n"
     << "  %ozp = \"tosa.const\"() <{values = dense<" << zpBits
     << "> : tensor<1x" << storage << ">}> : () -> tensor<1x" << storage
     << ">\n"
     << "  %r = tosa.rescale %t, %m, %s, %izp, %ozp {scale32 = true, "
        "rounding_mode = "
     << (config.rounding == Rounding::Double ? "DOUBLE_ROUND" : "SINGLE_ROUND")
     << ", per_channel = true, input_unsigned = false, output_unsigned = "
     << (config.isUnsigned ? "true" : "false") << "} : (tensor<" << shape
     << "xi32>, tensor<" << c << "xi32>, tensor<" << c
     << "xi8>, tensor<1xi32>, tensor<1x" << storage << ">) -> tensor<" << shape
     << "x" << storage << ">\n";
  std::string result = "%r";
  if (config.bits < 32) {
    os << "  %e = " << (config.isUnsigned ? "arith.extui" : "arith.extsi")
       << " %r : tensor<" << shape << "x" << storage << "> to tensor<" << shape
       << "xi32>\n";
    result = "%e";
  }
  os << "  bufferization.materialize_in_destination " << result
     << " in restrict writable %out : (tensor<" << shape << "xi32>, memref<"
     << shape << "xi32>) -> ()\n"
     << "  return\n}\n";
  return text;
}

constexpr const char *kLoweringPipeline =
    "func.func(tosa-to-linalg,tosa-to-arith{include-apply-rescale=true},"
    "convert-elementwise-to-linalg),"
    "one-shot-bufferize{bufferize-function-boundaries},"
    "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
    "func.func(convert-linalg-to-loops),convert-scf-to-cf,"
    "expand-strided-metadata,finalize-memref-to-llvm,convert-arith-to-llvm,"
    "convert-cf-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts";

class RescaleCrossCheck : public ::testing::TestWithParam<OutputConfig> {
protected:
  static void SetUpTestSuite() {
    static std::once_flag once;
    std::call_once(once, [] {
      llvm::InitializeNativeTarget();
      llvm::InitializeNativeTargetAsmPrinter();
      mlir::registerAllPasses();
    });
  }
};

TEST_P(RescaleCrossCheck, MatchesUpstreamTosaRescale) {
  const OutputConfig &config = GetParam();
  const std::vector<int32_t> accs = accumulators();
  const std::vector<FixedPointMultiplier> ms = multipliers();
  const int64_t rows = accs.size(), cols = ms.size();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string source = buildModule(config, rows, ms);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  ASSERT_TRUE(module) << source;

  mlir::PassManager pm(&context);
  std::string error;
  llvm::raw_string_ostream errorStream(error);
  ASSERT_TRUE(mlir::succeeded(
      mlir::parsePassPipeline(kLoweringPipeline, pm, errorStream)))
      << error;
  ASSERT_TRUE(mlir::succeeded(pm.run(*module))) << source;

  // ExecutionEngineOptions holds a function_ref: keep the transformer alive.
  std::function<llvm::Error(llvm::Module *)> transformer =
      mlir::makeOptimizingTransformer(/*optLevel=*/1, /*sizeLevel=*/0,
                                      /*targetMachine=*/nullptr);
  mlir::ExecutionEngineOptions options;
  options.transformer = transformer;
  // No profiler dumps left in $TMPDIR/.debug/jit.
  options.enableGDBNotificationListener = false;
  options.enablePerfNotificationListener = false;
  auto engine = mlir::ExecutionEngine::create(*module, options);
  ASSERT_TRUE(bool(engine)) << llvm::toString(engine.takeError());

  std::vector<int32_t> input(rows * cols), output(rows * cols, 0x5a5a5a5a);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      input[r * cols + c] = accs[r];
  StridedMemRefType<int32_t, 2> in{
      input.data(), input.data(), 0, {rows, cols}, {cols, 1}};
  StridedMemRefType<int32_t, 2> out{
      output.data(), output.data(), 0, {rows, cols}, {cols, 1}};
  auto *inPtr = &in;
  auto *outPtr = &out;
  llvm::Error invokeError = (*engine)->invoke("rescale", inPtr, outPtr);
  ASSERT_FALSE(bool(invokeError)) << llvm::toString(std::move(invokeError));

  const StorageSpec storage{config.bits, !config.isUnsigned, false};
  int mismatches = 0, compared = 0, undefined = 0, modeSensitive = 0;
  const Rounding other =
      config.rounding == Rounding::Single ? Rounding::Double : Rounding::Single;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      // TOSA requires the scaled value (and that plus the output zero point)
      // to fit int32; beyond that its result is undefined (the lowering
      // wraps) while qmlir saturates, so only the defined domain is compared.
      if (!fitsInt32(accs[r], ms[c], config.rounding, config.zeroPoint)) {
        ++undefined;
        continue;
      }
      ++compared;
      int64_t expected = requantize(accs[r], 0, ms[c], config.zeroPoint,
                                    storage, config.rounding);
      modeSensitive += expected != requantize(accs[r], 0, ms[c],
                                              config.zeroPoint, storage, other);
      int64_t actual = output[r * cols + c];
      if (actual == expected)
        continue;
      if (++mismatches <= 20)
        ADD_FAILURE() << "acc " << accs[r] << " multiplier " << ms[c].multiplier
                      << " shift " << ms[c].shift << ": tosa.rescale gives "
                      << actual << ", qmlir gives " << expected;
    }
  }
  EXPECT_EQ(mismatches, 0) << "of " << compared << " compared elements";
  // The table must exercise the defined domain, not only overflow, and must
  // contain elements whose result depends on the rounding mode.
  EXPECT_GT(compared, 9 * (compared + undefined) / 10);
  EXPECT_GT(modeSensitive, 0);
  RecordProperty("compared", compared);
  RecordProperty("outside_tosa_domain", undefined);
}

const OutputConfig kConfigs[] = {
    {"i8_single", 8, false, 0, Rounding::Single},
    {"i8_double", 8, false, 0, Rounding::Double},
    {"i8_zp_single", 8, false, -7, Rounding::Single},
    {"i8_zp_double", 8, false, -7, Rounding::Double},
    {"u8_zp_single", 8, true, 128, Rounding::Single},
    {"u8_zp_double", 8, true, 128, Rounding::Double},
    {"i16_single", 16, false, 0, Rounding::Single},
    {"i16_double", 16, false, 0, Rounding::Double},
    {"i32_single", 32, false, 0, Rounding::Single},
    {"i32_double", 32, false, 0, Rounding::Double},
};

INSTANTIATE_TEST_SUITE_P(
    Numerics, RescaleCrossCheck, ::testing::ValuesIn(kConfigs),
    [](const ::testing::TestParamInfo<OutputConfig> &info) {
      return std::string(info.param.name);
    });

} // namespace
