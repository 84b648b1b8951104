//===- Calibration.h - Calibration observers of compiled code ---*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The host side of a calibration run: a recorder holds one TensorStatistics
// per calibration id; while it is installed, compiled qnt.calibrate markers
// (lowered to qmlir_rt_calibration_observe calls) feed it. Memory is ids x
// histogram bins, whatever the dataset size.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_RUNTIME_CALIBRATION_H
#define QMLIR_RUNTIME_CALIBRATION_H

#include "qmlir/Quant/Calibration.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qmlir::runtime {

class CalibrationRecorder {
public:
  CalibrationRecorder(std::vector<std::string> ids,
                      size_t bins = quant::Histogram::kDefaultBins);

  /// Observes the strided f32 tensor `data` of `rank` dimensions.
  void observe(int64_t id, const float *data, int64_t offset,
               const int64_t *sizes, const int64_t *strides, int64_t rank);

  /// Also keep each tensor's channel moments (TensorStatistics::
  /// observeMoments; what pruning with reconstruction solves with).
  void setChannelMoments(bool keep) { moments = keep; }

  /// Measures the quantization error of candidate parameters on id `id`
  /// (TensorStatistics::setProbes); ids outside the range are ignored.
  void setProbes(size_t id, quant::StorageSpec storage,
                 std::vector<quant::QuantParams> params) {
    if (id < stats.size())
      stats[id].setProbes(storage, std::move(params));
  }

  const std::vector<std::string> &ids() const { return idNames; }
  const std::vector<quant::TensorStatistics> &statistics() const {
    return stats;
  }
  /// Calls with an id outside [0, ids().size()).
  uint64_t unknownIdCalls() const { return unknownIds; }

private:
  std::vector<std::string> idNames;
  std::vector<quant::TensorStatistics> stats;
  std::vector<float> gathered;
  uint64_t unknownIds = 0;
  bool moments = false;
};

} // namespace qmlir::runtime

#endif // QMLIR_RUNTIME_CALIBRATION_H
