//===- LocationNames.h - Names of values from their locations --*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECT_QNT_TRANSFORMS_LOCATIONNAMES_H
#define QMLIR_DIALECT_QNT_TRANSFORMS_LOCATIONNAMES_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

#include <optional>
#include <string>

namespace qmlir::qnt {

/// The first name in a location: a NameLoc's (the ONNX tensor name after
/// import), looking through fused and call-site locations.
inline std::optional<std::string> locationName(mlir::Location loc) {
  if (auto name = mlir::dyn_cast<mlir::NameLoc>(loc))
    return name.getName().str();
  if (auto fused = mlir::dyn_cast<mlir::FusedLoc>(loc))
    for (mlir::Location inner : fused.getLocations())
      if (auto found = locationName(inner))
        return found;
  if (auto call = mlir::dyn_cast<mlir::CallSiteLoc>(loc))
    return locationName(call.getCallee());
  return std::nullopt;
}

} // namespace qmlir::qnt

#endif // QMLIR_DIALECT_QNT_TRANSFORMS_LOCATIONNAMES_H
