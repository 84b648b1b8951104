//===- OutlineKernels.cpp - The qmlir-outline-kernels pass ----------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// A model lowers to one function whose body is a sequence of loop nests
// (kernels, tiled element-wise loops). Each large one moves into a private
// function of its own, so that nested passes and LLVM's code generation
// see many independent functions instead of one of thousands of blocks.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIROUTLINEKERNELS
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {

/// Whether a value the outlined op uses is recomputed inside the part
/// (cheap and foldable) rather than passed.
bool clonedIntoPart(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->getNumRegions() == 0 && def->getNumOperands() == 0 &&
         def->getNumResults() == 1 &&
         (def->hasTrait<OpTrait::ConstantLike>() ||
          isa<memref::GetGlobalOp>(def));
}

int64_t nestedOps(Operation *op) {
  int64_t count = 0;
  op->walk([&](Operation *) { ++count; });
  return count;
}

struct OutlineKernels
    : public qmlir::impl::QMLIROutlineKernelsBase<OutlineKernels> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp func : functions) {
      if (func.isExternal() || !func.getBody().hasOneBlock())
        continue;
      SmallVector<Operation *> candidates;
      for (Operation &op : func.getBody().front())
        if (op.getNumRegions() > 0 && op.getNumResults() == 0 &&
            !op.hasTrait<OpTrait::IsTerminator>() &&
            nestedOps(&op) >= static_cast<int64_t>(minOps))
          candidates.push_back(&op);
      // Parts follow their function, in order.
      Operation *after = func;
      unsigned part = 0;
      for (Operation *op : candidates)
        after = outline(func, op, symbols, part++, after);
    }
  }

  func::FuncOp outline(func::FuncOp func, Operation *op, SymbolTable &symbols,
                       unsigned part, Operation *after) {
    llvm::SetVector<Value> used;
    for (Value operand : op->getOperands())
      used.insert(operand);
    for (Region &region : op->getRegions())
      getUsedValuesDefinedAbove(region, used);
    SmallVector<Value> arguments, cloned;
    for (Value value : used)
      (clonedIntoPart(value) ? cloned : arguments).push_back(value);

    OpBuilder b(func);
    Location loc = op->getLoc();
    auto type = b.getFunctionType(ValueRange(arguments).getTypes(), {});
    auto callee = func::FuncOp::create(
        loc, (func.getSymName() + "_part" + Twine(part)).str(), type);
    callee.setPrivate();
    callee->setAttr("passthrough",
                    b.getArrayAttr({b.getStringAttr("noinline")}));
    // The table renames it if the name is taken.
    symbols.insert(callee, std::next(after->getIterator()));

    Block *body = callee.addEntryBlock();
    OpBuilder inner = OpBuilder::atBlockBegin(body);
    IRMapping mapping;
    for (auto [value, argument] :
         llvm::zip_equal(arguments, body->getArguments()))
      mapping.map(value, argument);
    for (Value value : cloned)
      inner.clone(*value.getDefiningOp(), mapping);
    inner.clone(*op, mapping);
    func::ReturnOp::create(inner, loc);

    b.setInsertionPoint(op);
    func::CallOp::create(b, loc, callee, arguments);
    op->erase();
    ++numOutlined;
    return callee;
  }
};

} // namespace
