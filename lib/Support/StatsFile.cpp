//===- StatsFile.cpp - Calibration statistics files -----------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Support/StatsFile.h"
#include "qmlir/Support/InputLimits.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <limits>

using namespace qmlir;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

const quant::TensorStatistics *
CalibrationStats::find(llvm::StringRef id) const {
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id)
      return &stats[i];
  return nullptr;
}

static llvm::Error fileError(llvm::StringRef path, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 path + ": " + message);
}

/// A count: an integer when integral (always, unless histograms of different
/// bin counts were merged).
static Value countValue(double count) {
  if (count == std::floor(count) && count < 9.0e15)
    return static_cast<int64_t>(count);
  return count;
}

/// The file's text: indented JSON, each histogram's counts on one line.
static std::string statsText(const CalibrationStats &stats) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    json.attribute("format", kStatsFormat);
    json.attribute("version", kStatsVersion);
    json.attribute("bins", static_cast<int64_t>(stats.bins));
    json.attributeArray("tensors", [&] {
      for (size_t i = 0; i < stats.ids.size(); ++i) {
        const quant::TensorStatistics &s = stats.stats[i];
        json.object([&] {
          json.attribute("id", stats.ids[i]);
          json.attribute("count", static_cast<int64_t>(s.count));
          json.attribute("nan", static_cast<int64_t>(s.nanCount));
          json.attribute("inf", static_cast<int64_t>(s.infCount));
          json.attribute("zeros", static_cast<int64_t>(s.zeroCount));
          json.attribute("min", s.min);
          json.attribute("max", s.max);
          json.attribute("batches", static_cast<int64_t>(s.batches));
          json.attribute("sum_batch_min", s.sumBatchMin);
          json.attribute("sum_batch_max", s.sumBatchMax);
          json.attributeObject("histogram", [&] {
            json.attribute("origin", s.histogram.origin);
            json.attribute("width", s.histogram.width);
            json.attribute("min", s.histogram.minValue);
            json.attribute("max", s.histogram.maxValue);
            std::string counts;
            llvm::raw_string_ostream line(counts);
            line << "[";
            for (auto [k, c] : llvm::enumerate(s.histogram.counts))
              line << (k ? "," : "") << countValue(c);
            line << "]";
            json.attributeBegin("counts");
            json.rawValue(counts);
            json.attributeEnd();
          });
          if (!s.channelSums.empty()) {
            json.attributeArray("channel_sums", [&] {
              for (double sum : s.channelSums)
                json.value(sum);
            });
            json.attributeArray("channel_counts", [&] {
              for (uint64_t n : s.channelCounts)
                json.value(static_cast<int64_t>(n));
            });
            if (s.channelMin.size() == s.channelSums.size() &&
                s.channelMax.size() == s.channelSums.size()) {
              json.attributeArray("channel_min", [&] {
                for (double v : s.channelMin)
                  json.value(v);
              });
              json.attributeArray("channel_max", [&] {
                for (double v : s.channelMax)
                  json.value(v);
              });
            }
          }
          if (!s.channelMoments.empty())
            json.attributeArray("channel_moments", [&] {
              for (double m : s.channelMoments)
                json.value(m);
            });
        });
      }
    });
  });
  os << "\n";
  return text;
}

llvm::Expected<std::shared_ptr<const CalibrationStats>>
qmlir::passStatistics(std::shared_ptr<const CalibrationStats> given,
                      llvm::StringRef statsFile) {
  if (given && !statsFile.empty())
    return llvm::createStringError(
        "statistics given both in memory and as stats=" + statsFile);
  if (statsFile.empty())
    return given;
  auto read = readStatsFile(statsFile);
  if (!read)
    return read.takeError();
  return std::make_shared<const CalibrationStats>(std::move(*read));
}

llvm::Error qmlir::writeStatsFile(llvm::StringRef path,
                                  const CalibrationStats &stats) {
  std::string text = statsText(stats);
  // Whole or not at all: LLVM writes a temporary next to it and renames it.
  if (llvm::Error err = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
        os << text;
        return llvm::Error::success();
      }))
    return fileError(path, "cannot write: " + llvm::toString(std::move(err)));
  return llvm::Error::success();
}

namespace {
/// Reads fields of one JSON object, remembering the first problem.
class FieldReader {
public:
  FieldReader(const Object &object, std::string where)
      : object(object), where(std::move(where)) {}

  double number(llvm::StringRef key) {
    std::optional<double> value = object.getNumber(key);
    if (!value || !std::isfinite(*value))
      problem("'" + key.str() + "' must be a finite number");
    return value.value_or(0.0);
  }
  uint64_t count(llvm::StringRef key) {
    std::optional<int64_t> value = object.getInteger(key);
    if (!value || *value < 0)
      problem("'" + key.str() + "' must be a non-negative integer");
    return static_cast<uint64_t>(value.value_or(0));
  }
  void problem(const std::string &message) {
    if (error.empty())
      error = where + ": " + message;
  }

  const Object &object;
  std::string where;
  std::string error;
};
} // namespace

llvm::Expected<CalibrationStats> qmlir::readStatsFile(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return fileError(path, "cannot read: " + buffer.getError().message());
  return parseStatsFile((*buffer)->getBuffer(), path);
}

llvm::Expected<CalibrationStats> qmlir::parseStatsFile(llvm::StringRef contents,
                                                       llvm::StringRef path) {
  std::string tooDeep = checkJSONNesting(contents, path);
  if (!tooDeep.empty())
    return llvm::createStringError(tooDeep);
  llvm::Expected<Value> parsed = llvm::json::parse(contents);
  if (!parsed)
    return fileError(path, "not a stats file: invalid JSON (" +
                               llvm::toString(parsed.takeError()) + ")");
  const Object *root = parsed->getAsObject();
  if (!root || root->getString("format") != kStatsFormat)
    return fileError(path, "not a stats file: \"format\" is not \"" +
                               kStatsFormat + "\"");
  std::optional<int64_t> version = root->getInteger("version");
  if (version != kStatsVersion)
    return fileError(path, "version " +
                               (version ? std::to_string(*version)
                                        : std::string("(missing)")) +
                               " is not supported (this qmlir reads " +
                               std::to_string(kStatsVersion) + ")");
  // The bin count sizes every histogram: bounded (as calibration bounds it)
  // so that a damaged file is an error, not an allocation of terabytes.
  constexpr int64_t kMinBins = quant::Histogram::kMinBins;
  constexpr int64_t kMaxBins = quant::Histogram::kMaxBins;
  std::optional<int64_t> bins = root->getInteger("bins");
  if (!bins || *bins < kMinBins || *bins > kMaxBins)
    return fileError(path, "\"bins\" must be an integer in [" +
                               std::to_string(kMinBins) + ", " +
                               std::to_string(kMaxBins) + "]");
  const Array *tensors = root->getArray("tensors");
  if (!tensors)
    return fileError(path, "\"tensors\" must be an array");

  CalibrationStats result;
  result.bins = *bins;
  llvm::StringMap<size_t> seen;
  for (auto [i, entry] : llvm::enumerate(*tensors)) {
    const Object *object = entry.getAsObject();
    std::string where = "tensors[" + std::to_string(i) + "]";
    if (!object)
      return fileError(path, where + " is not an object");
    std::optional<llvm::StringRef> id = object->getString("id");
    if (!id || id->empty())
      return fileError(path, where + ": \"id\" must be a non-empty string");
    where += " ('" + id->str() + "')";
    if (!seen.try_emplace(*id, i).second)
      return fileError(path, where + ": the id appears twice");
    FieldReader fields(*object, where);
    // The histogram comes from the file (its size checked below).
    quant::TensorStatistics s(/*bins=*/1);
    s.count = fields.count("count");
    s.nanCount = fields.count("nan");
    s.infCount = fields.count("inf");
    // Optional (statistics written before it was recorded: 0).
    if (object->get("zeros")) {
      s.zeroCount = fields.count("zeros");
      if (s.zeroCount > s.count)
        return fileError(path, where + ": \"zeros\" exceeds \"count\"");
    }
    s.min = fields.number("min");
    s.max = fields.number("max");
    s.batches = fields.count("batches");
    s.sumBatchMin = fields.number("sum_batch_min");
    s.sumBatchMax = fields.number("sum_batch_max");
    const Object *histogram = object->getObject("histogram");
    if (!histogram)
      return fileError(path, where + ": \"histogram\" must be an object");
    FieldReader hist(*histogram, where + " histogram");
    double origin = hist.number("origin"), width = hist.number("width");
    double hmin = hist.number("min"), hmax = hist.number("max");
    std::vector<double> counts;
    if (const Array *array = histogram->getArray("counts"))
      for (const Value &c : *array) {
        std::optional<double> n = c.getAsNumber();
        if (!n)
          hist.problem("\"counts\" must hold numbers");
        counts.push_back(n.value_or(0.0));
      }
    else
      hist.problem("\"counts\" must be an array");
    if (!fields.error.empty())
      return fileError(path, fields.error);
    if (!hist.error.empty())
      return fileError(path, hist.error);
    if (counts.size() != result.bins)
      return fileError(
          path, where + ": the histogram has " + std::to_string(counts.size()) +
                    " bins, the file declares " + std::to_string(result.bins));
    if (s.count && s.min > s.max)
      return fileError(path, where + ": min > max");
    Result<quant::Histogram> restored =
        quant::Histogram::fromParts(origin, width, counts, hmin, hmax);
    if (!restored)
      return fileError(path, where + ": " + restored.error());
    if (std::fabs(restored->total() - static_cast<double>(s.count)) >
        1e-6 * (1.0 + s.count))
      return fileError(path, where + ": the histogram holds " +
                                 std::to_string(restored->total()) +
                                 " values, \"count\" says " +
                                 std::to_string(s.count));
    s.histogram = std::move(*restored);
    // Optional per-channel sums: finite, with counts that add up to at most
    // "count", as many of each.
    const Array *sums = object->getArray("channel_sums");
    const Array *sumCounts = object->getArray("channel_counts");
    if (sums || sumCounts) {
      if (!sums || !sumCounts || sums->size() != sumCounts->size() ||
          sums->empty() || sums->size() > quant::TensorStatistics::kMaxChannels)
        return fileError(
            path, where +
                      ": \"channel_sums\" and \"channel_counts\" "
                      "must be arrays of the same length, 1 to " +
                      std::to_string(quant::TensorStatistics::kMaxChannels));
      uint64_t total = 0;
      for (auto [sum, n] : llvm::zip(*sums, *sumCounts)) {
        std::optional<double> value = sum.getAsNumber();
        std::optional<int64_t> values = n.getAsInteger();
        if (!value || !std::isfinite(*value) || !values || *values < 0 ||
            uint64_t(*values) > s.count - std::min(total, s.count))
          return fileError(path, where + ": \"channel_sums\" must hold "
                                         "finite numbers and "
                                         "\"channel_counts\" counts that "
                                         "add up to at most \"count\"");
        total += uint64_t(*values);
        s.channelSums.push_back(*value);
        s.channelCounts.push_back(uint64_t(*values));
      }
    }
    // Optional per-channel extremes, with the sums: as many, finite,
    // within the tensor's range, the minimum at most the maximum.
    const Array *lows = object->getArray("channel_min");
    const Array *highs = object->getArray("channel_max");
    if (lows || highs) {
      auto bad = [&]() {
        return fileError(
            path, where + ": \"channel_min\" and \"channel_max\" must hold "
                          "as many finite numbers as \"channel_sums\", each "
                          "minimum at most its maximum, within \"min\" and "
                          "\"max\"");
      };
      if (!lows || !highs || lows->size() != s.channelSums.size() ||
          highs->size() != s.channelSums.size())
        return bad();
      for (auto [lo, hi] : llvm::zip(*lows, *highs)) {
        std::optional<double> l = lo.getAsNumber(), h = hi.getAsNumber();
        if (!l || !h || !std::isfinite(*l) || !std::isfinite(*h) || *l > *h ||
            (s.count && (*l < s.min || *h > s.max)))
          return bad();
        s.channelMin.push_back(*l);
        s.channelMax.push_back(*h);
      }
    }
    // Optional channel moments: (C+1)(C+2)/2 finite numbers, C at most
    // kMaxMomentChannels.
    if (const Array *moments = object->getArray("channel_moments")) {
      constexpr size_t kMaxChannels =
          quant::TensorStatistics::kMaxMomentChannels;
      auto badCount = [&]() {
        return fileError(path, where +
                                   ": \"channel_moments\" must hold "
                                   "(C+1)(C+2)/2 numbers for 1 to " +
                                   std::to_string(kMaxChannels) +
                                   " channels C, got " +
                                   std::to_string(moments->size()));
      };
      if (moments->size() > (kMaxChannels + 1) * (kMaxChannels + 2) / 2)
        return badCount();
      s.channelMoments.reserve(moments->size());
      for (const llvm::json::Value &m : *moments) {
        std::optional<double> value = m.getAsNumber();
        if (!value || !std::isfinite(*value))
          return fileError(path, where + ": \"channel_moments\" must hold "
                                         "finite numbers");
        s.channelMoments.push_back(*value);
      }
      size_t c = s.momentChannels();
      if (c == 0 || c > kMaxChannels)
        return badCount();
    }
    result.ids.push_back(id->str());
    result.stats.push_back(std::move(s));
  }
  return result;
}

llvm::Error qmlir::mergeStats(CalibrationStats &into,
                              const CalibrationStats &other,
                              llvm::StringRef otherName) {
  if (into.bins != other.bins)
    return fileError(otherName, "has " + std::to_string(other.bins) +
                                    " histogram bins, the others " +
                                    std::to_string(into.bins));
  for (const std::string &id : other.ids)
    if (!into.find(id))
      return fileError(otherName, "has id '" + id +
                                      "', which the other files do not "
                                      "(stats of different models?)");
  // Everything is checked before anything is merged, so that a failure
  // leaves `into` as it was.
  auto overflows = [](uint64_t a, uint64_t b) {
    return a > std::numeric_limits<uint64_t>::max() - b;
  };
  for (size_t i = 0; i < into.ids.size(); ++i) {
    const quant::TensorStatistics *s = other.find(into.ids[i]);
    if (!s)
      return fileError(otherName, "lacks id '" + into.ids[i] +
                                      "' (stats of different models?)");
    const quant::TensorStatistics &t = into.stats[i];
    if (overflows(t.count, s->count) || overflows(t.nanCount, s->nanCount) ||
        overflows(t.infCount, s->infCount) || overflows(t.batches, s->batches))
      return fileError(otherName, "the counts of id '" + into.ids[i] +
                                      "' overflow 64 bits when merged");
  }
  for (size_t i = 0; i < into.ids.size(); ++i)
    into.stats[i].merge(*other.find(into.ids[i]));
  return llvm::Error::success();
}
