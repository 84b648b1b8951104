//===- OptionNames.h - Enum-like C API options from their names -*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The C option structs spell enum-like options as strings (the flags'
// spellings); this reads them into a C++ option struct with `mode`,
// `method`, `activations` and `weights` fields, for every struct of the C
// API alike.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_CAPI_OPTIONNAMES_H
#define QMLIR_LIB_CAPI_OPTIONNAMES_H

#include "qmlir/Dialect/QNT/Transforms/QuantizeOptions.h"
#include "qmlir/Quant/Calibration.h"

#include "llvm/Support/Error.h"

namespace qmlir::capi {

/// The spellings given (null: keep the default).
struct OptionNames {
  const char *mode = nullptr;
  const char *method = nullptr;
  const char *activations = nullptr;
  const char *weights = nullptr;
};

/// Sets the fields `names` spells; an unknown spelling is an error naming
/// `structName.field` and the value.
template <typename Options>
llvm::Error applyOptionNames(Options &options, llvm::StringRef structName,
                             const OptionNames &names) {
  auto invalid = [&](llvm::StringRef field, llvm::StringRef value) {
    return llvm::createStringError(structName + "." + field +
                                   ": unknown value '" + value + "'");
  };
  if (names.mode) {
    auto mode = parseQuantizationMode(names.mode);
    if (!mode)
      return invalid("mode", names.mode);
    options.mode = *mode;
  }
  if (names.method) {
    auto method = quant::parseRangeMethod(names.method);
    if (!method)
      return invalid("method", names.method);
    options.method = *method;
  }
  if (names.activations) {
    auto scheme = parseActivationScheme(names.activations);
    if (!scheme)
      return invalid("activations", names.activations);
    options.activations = *scheme;
  }
  if (names.weights) {
    auto weights = parseWeightGranularity(names.weights);
    if (!weights)
      return invalid("weights", names.weights);
    options.weights = *weights;
  }
  return llvm::Error::success();
}

} // namespace qmlir::capi

#endif // QMLIR_LIB_CAPI_OPTIONNAMES_H
