//===- SignlessTensors.cpp - Signless integer tensors for codegen --------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"
#include "qmlir/Transforms/Retype.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIRSIGNLESSTENSORS
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

/// `type` with signless integer elements, or null when it has none to change.
static Type signlessTensorType(Type type) {
  auto tensor = dyn_cast<TensorType>(type);
  if (!tensor)
    return nullptr;
  auto integer = dyn_cast<IntegerType>(tensor.getElementType());
  if (!integer || integer.isSignless())
    return nullptr;
  return tensor.clone(IntegerType::get(type.getContext(), integer.getWidth()));
}

/// Whether `type` holds non-signless integers in a form this pass does not
/// rewrite.
static bool hasUnrewrittenSignedness(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || isa<TensorType>(type))
    return false;
  auto integer = dyn_cast<IntegerType>(shaped.getElementType());
  return integer && !integer.isSignless();
}

namespace {
class QMLIRSignlessTensors
    : public qmlir::impl::QMLIRSignlessTensorsBase<QMLIRSignlessTensors> {
public:
  void runOnOperation() override {
    bool failedAny = false;
    getOperation().walk([&](func::FuncOp func) {
      FunctionType type = func.getFunctionType();
      for (auto [i, input] : llvm::enumerate(type.getInputs()))
        if (hasUnrewrittenSignedness(input)) {
          func.emitError() << "argument #" << i << " of type " << input
                           << ": signed and unsigned integer elements are "
                              "only rewritten in tensors";
          failedAny = true;
        }
    });
    if (failedAny)
      return signalPassFailure();

    // Retype every value, then the function types.
    qmlir::retypeValues(getOperation(), signlessTensorType);

    // Constants keep their values, reinterpreted with the result's signless
    // element type (the bits are the same), so that they verify.
    getOperation().walk([&](Operation *op) {
      if (op->getNumResults() != 1 || !op->hasTrait<OpTrait::ConstantLike>())
        return;
      auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
      if (!type)
        return;
      for (NamedAttribute attr : op->getAttrs()) {
        auto dense = dyn_cast<DenseElementsAttr>(attr.getValue());
        if (!dense || !isa<IntegerType>(dense.getElementType()) ||
            dense.getType() == type ||
            dense.getType().getShape() != type.getShape() ||
            dense.getElementType().getIntOrFloatBitWidth() !=
                type.getElementTypeBitWidth())
          continue;
        op->setAttr(attr.getName(), dense.bitcast(type.getElementType()));
      }
    });

    // Casts that only changed signedness are now identities.
    SmallVector<Operation *> identities;
    getOperation().walk([&](Operation *op) {
      if (!isa<UnrealizedConversionCastOp, tensor::BitcastOp>(op) ||
          op->getNumOperands() != 1 || op->getNumResults() != 1 ||
          op->getOperand(0).getType() != op->getResult(0).getType())
        return;
      identities.push_back(op);
    });
    for (Operation *op : identities) {
      op->getResult(0).replaceAllUsesWith(op->getOperand(0));
      op->erase();
    }
  }
};
} // namespace
