//===- Calibration.cpp - Calibration observers of compiled code -----------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Runtime/Calibration.h"
#include "qmlir-c/Runtime.h"

using namespace qmlir;
using namespace qmlir::runtime;

CalibrationRecorder::CalibrationRecorder(std::vector<std::string> ids,
                                         size_t bins)
    : idNames(std::move(ids)) {
  stats.reserve(idNames.size());
  for (size_t i = 0; i < idNames.size(); ++i)
    stats.emplace_back(bins);
}

void CalibrationRecorder::observe(int64_t id, const float *data, int64_t offset,
                                  const int64_t *sizes, const int64_t *strides,
                                  int64_t rank) {
  if (id < 0 || static_cast<size_t>(id) >= stats.size()) {
    ++unknownIds;
    return;
  }
  int64_t count = 1;
  bool contiguous = true;
  int64_t expected = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    count *= sizes[d];
    if (sizes[d] != 1 && strides[d] != expected)
      contiguous = false;
    expected *= sizes[d];
  }
  if (count == 0)
    return;
  // Per-channel sums along the last axis (NHWC's channels).
  size_t channels = rank > 0 ? static_cast<size_t>(sizes[rank - 1]) : 1;
  if (contiguous) {
    stats[id].observeChannels(data + offset, static_cast<size_t>(count),
                              channels);
    if (moments)
      stats[id].observeMoments(data + offset, static_cast<size_t>(count),
                               channels);
    return;
  }
  // A strided view: gather it in row-major order.
  gathered.resize(count);
  std::vector<int64_t> index(rank, 0);
  for (int64_t i = 0; i < count; ++i) {
    int64_t position = offset;
    for (int64_t d = 0; d < rank; ++d)
      position += index[d] * strides[d];
    gathered[i] = data[position];
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < sizes[d])
        break;
      index[d] = 0;
    }
  }
  stats[id].observeChannels(gathered.data(), gathered.size(), channels);
  if (moments)
    stats[id].observeMoments(gathered.data(), gathered.size(), channels);
}

extern "C" void
_mlir_ciface_qmlir_rt_calibration_observe(int64_t handle, int64_t id,
                                          qmlir_rt_unranked_memref *tensor) {
  auto *recorder = reinterpret_cast<CalibrationRecorder *>(handle);
  if (!recorder || !tensor || !tensor->descriptor)
    return;
  // {float *allocated, float *aligned, int64_t offset, sizes, strides}
  auto *words = static_cast<int64_t *>(tensor->descriptor);
  const float *aligned = reinterpret_cast<const float *>(words[1]);
  int64_t rank = tensor->rank;
  recorder->observe(id, aligned, words[2], words + 3, words + 3 + rank, rank);
}
