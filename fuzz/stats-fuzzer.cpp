//===- stats-fuzzer.cpp - libFuzzer target: the stats-file reader ---------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Bytes -> parseStatsFile. For an accepted file, every range method runs on
// every tensor (they must return a range or an error, never crash), and the
// statistics merge with themselves.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Quant/Calibration.h"
#include "qmlir/Support/StatsFile.h"

#include <cstdint>

using namespace qmlir::quant;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<qmlir::CalibrationStats> stats =
      qmlir::parseStatsFile(text, "fuzz.json");
  if (!stats) {
    llvm::consumeError(stats.takeError());
    return 0;
  }
  for (const TensorStatistics &tensor : stats->stats)
    for (RangeMethod method :
         {RangeMethod::MinMax, RangeMethod::AverageMinMax,
          RangeMethod::Percentile, RangeMethod::Entropy, RangeMethod::MSE})
      for (bool symmetric : {false, true}) {
        RangeOptions options;
        options.method = method;
        options.symmetric = symmetric;
        (void)computeRange(tensor, options);
      }
  // Merged with itself a few times, so that large counts reach the limits.
  qmlir::CalibrationStats copy = *stats;
  for (int i = 0; i < 4; ++i)
    if (llvm::Error err = qmlir::mergeStats(copy, *stats, "fuzz.json")) {
      llvm::consumeError(std::move(err));
      break;
    }
  return 0;
}
