//===- FlattenGlobals.cpp - The qmlir-flatten-globals pass ----------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Constant buffers of rank > 1 stored as one-dimensional globals: LLVM IR
// has one constant for a flat array, but one per innermost row for an array
// of arrays.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIRFLATTENGLOBALS
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {

struct FlattenGlobals
    : public qmlir::impl::QMLIRFlattenGlobalsBase<FlattenGlobals> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::StringMap<MemRefType> flattened;
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      auto value =
          dyn_cast_or_null<DenseElementsAttr>(global.getInitialValueAttr());
      if (!global.getConstant() || !value || type.getRank() < 2 ||
          !type.hasStaticShape() || !type.getLayout().isIdentity())
        continue;
      auto flat =
          MemRefType::get({type.getNumElements()}, type.getElementType(),
                          AffineMap(), type.getMemorySpace());
      global.setType(flat);
      global.setInitialValueAttr(value.reshape(RankedTensorType::get(
          {type.getNumElements()}, value.getElementType())));
      flattened[global.getSymName()] = type;
      ++numFlattened;
    }
    if (flattened.empty())
      return;
    module.walk([&](memref::GetGlobalOp get) {
      auto it = flattened.find(get.getName());
      if (it == flattened.end())
        return;
      MemRefType type = it->second;
      OpBuilder b(get);
      auto flat = memref::GetGlobalOp::create(
          b, get.getLoc(),
          MemRefType::get({type.getNumElements()}, type.getElementType(),
                          AffineMap(), type.getMemorySpace()),
          get.getName());
      ReassociationIndices all;
      for (int64_t d = 0; d < type.getRank(); ++d)
        all.push_back(d);
      Value view = memref::ExpandShapeOp::create(
          b, get.getLoc(), type, flat, ArrayRef<ReassociationIndices>{all});
      get.replaceAllUsesWith(view);
      get.erase();
    });
  }
};

} // namespace
