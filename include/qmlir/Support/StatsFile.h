//===- StatsFile.h - Calibration statistics files ---------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Reading, writing and merging stats.json, the result of a calibration run
// (format in docs/Calibration.md).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_SUPPORT_STATSFILE_H
#define QMLIR_SUPPORT_STATSFILE_H

#include "qmlir/Quant/Calibration.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace qmlir {

/// The "format" and "version" of the files this code reads and writes.
inline constexpr llvm::StringLiteral kStatsFormat = "qmlir-calibration-stats";
inline constexpr int kStatsVersion = 1;

/// The statistics of one calibration run (or of merged runs), by id.
struct CalibrationStats {
  size_t bins = quant::Histogram::kDefaultBins;
  std::vector<std::string> ids;
  std::vector<quant::TensorStatistics> stats;

  /// The statistics of `id`, or null.
  const quant::TensorStatistics *find(llvm::StringRef id) const;
};

/// Reads a stats file; errors name the file and what is wrong in it.
llvm::Expected<CalibrationStats> readStatsFile(llvm::StringRef path);

/// Parses the contents of a stats file; `path` names it in errors.
llvm::Expected<CalibrationStats> parseStatsFile(llvm::StringRef contents,
                                                llvm::StringRef path);

/// The statistics a pass works with: `given` (in memory) or, when
/// `statsFile` is not empty, that file's; null when neither. Both at once is
/// an error.
llvm::Expected<std::shared_ptr<const CalibrationStats>>
passStatistics(std::shared_ptr<const CalibrationStats> given,
               llvm::StringRef statsFile);

/// Writes a stats file whole or not at all (a temporary file renamed).
llvm::Error writeStatsFile(llvm::StringRef path, const CalibrationStats &stats);

/// Adds `other` (read from `otherName`) into `into`: both must hold the same
/// ids and bin count.
llvm::Error mergeStats(CalibrationStats &into, const CalibrationStats &other,
                       llvm::StringRef otherName);

} // namespace qmlir

#endif // QMLIR_SUPPORT_STATSFILE_H
