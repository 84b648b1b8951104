//===- Retype.h - Change the types of values in place -----------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// For passes that change a type everywhere while the operations stay valid
// (signless integers for signed ones, storage integers for quantized types):
// every block argument, op result and function signature is retyped in place.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_TRANSFORMS_RETYPE_H
#define QMLIR_TRANSFORMS_RETYPE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/STLExtras.h"

namespace qmlir {

/// Retypes every value under `root` and every function signature there by
/// `convert`, which returns the new type or null to keep a type.
inline void retypeValues(mlir::Operation *root,
                         llvm::function_ref<mlir::Type(mlir::Type)> convert) {
  auto retype = [&](mlir::Value value) {
    if (mlir::Type type = convert(value.getType()))
      value.setType(type);
  };
  root->walk([&](mlir::Operation *op) {
    for (mlir::Region &region : op->getRegions())
      for (mlir::Block &block : region)
        for (mlir::BlockArgument arg : block.getArguments())
          retype(arg);
    for (mlir::Value result : op->getResults())
      retype(result);
  });
  root->walk([&](mlir::func::FuncOp func) {
    auto map = [&](mlir::Type type) {
      mlir::Type converted = convert(type);
      return converted ? converted : type;
    };
    mlir::FunctionType type = func.getFunctionType();
    func.setFunctionType(mlir::FunctionType::get(
        func.getContext(), llvm::map_to_vector(type.getInputs(), map),
        llvm::map_to_vector(type.getResults(), map)));
  });
}

} // namespace qmlir

#endif // QMLIR_TRANSFORMS_RETYPE_H
