//===- QuantizeOptions.h - Typed options of qnt-quantize --------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The enum-valued options of qnt-quantize and of the quantize pipeline: the
// enums, their spellings as command-line values (one list each, used by
// Passes.td, the pipeline options and the tools), and the conversions from
// and to those spellings for interfaces that take text (the C API, reports).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECT_QNT_TRANSFORMS_QUANTIZEOPTIONS_H
#define QMLIR_DIALECT_QNT_TRANSFORMS_QUANTIZEOPTIONS_H

#include "qmlir/Quant/Calibration.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

#include <optional>

namespace qmlir {

/// What is quantized: activations with calibrated parameters (static), the
/// weights only (activations stay float), or the weights with the inputs of
/// convolutions and matmuls quantized at run time (dynamic).
enum class QuantizationMode { Static, WeightOnly, Dynamic };

/// Activation storage: u8 asymmetric, s8 or s16 symmetric.
enum class ActivationScheme { U8, S8, S16 };

/// Weight scales per output channel or per tensor.
enum class WeightGranularity { PerChannel, PerTensor };

inline llvm::cl::ValuesClass quantizationModeValues() {
  return llvm::cl::values(
      clEnumValN(QuantizationMode::Static, "static",
                 "activations quantized with calibrated parameters"),
      clEnumValN(QuantizationMode::WeightOnly, "weight-only",
                 "activations stay float; no statistics needed"),
      clEnumValN(QuantizationMode::Dynamic, "dynamic",
                 "convolution and matmul inputs quantized at run time"));
}

inline llvm::cl::ValuesClass activationSchemeValues() {
  return llvm::cl::values(
      clEnumValN(ActivationScheme::U8, "u8", "u8, asymmetric"),
      clEnumValN(ActivationScheme::S8, "s8", "s8, symmetric"),
      clEnumValN(ActivationScheme::S16, "s16", "s16, symmetric"));
}

inline llvm::cl::ValuesClass weightGranularityValues() {
  return llvm::cl::values(clEnumValN(WeightGranularity::PerChannel,
                                     "per-channel",
                                     "one scale per output channel"),
                          clEnumValN(WeightGranularity::PerTensor, "per-tensor",
                                     "one scale per weight tensor"));
}

inline llvm::cl::ValuesClass rangeMethodValues() {
  using quant::RangeMethod;
  return llvm::cl::values(
      clEnumValN(RangeMethod::MinMax, "minmax", "the observed extremes"),
      clEnumValN(RangeMethod::AverageMinMax, "avg-minmax",
                 "the average of the per-batch extremes"),
      clEnumValN(RangeMethod::Percentile, "percentile",
                 "the percentile of |x| (percentile=P)"),
      clEnumValN(RangeMethod::Entropy, "entropy",
                 "the least KL divergence of the histogram"),
      clEnumValN(RangeMethod::MSE, "mse",
                 "the least mean squared quantization error"));
}

/// The spellings above.
llvm::StringRef stringify(QuantizationMode mode);
llvm::StringRef stringify(ActivationScheme scheme);
llvm::StringRef stringify(WeightGranularity granularity);

/// The value of a spelling, std::nullopt for an unknown one.
std::optional<QuantizationMode> parseQuantizationMode(llvm::StringRef text);
std::optional<ActivationScheme> parseActivationScheme(llvm::StringRef text);
std::optional<WeightGranularity> parseWeightGranularity(llvm::StringRef text);

} // namespace qmlir

#endif // QMLIR_DIALECT_QNT_TRANSFORMS_QUANTIZEOPTIONS_H
