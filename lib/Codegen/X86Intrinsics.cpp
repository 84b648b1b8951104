//===- X86Intrinsics.cpp - The qmlir-x86-intrinsics pass ------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Kernels built on tensors call LLVM intrinsics through private function
// declarations marked `qmlir.intrinsic = "<llvm intrinsic>"`: a call has
// known (conservative) effects for bufferization and buffer deallocation,
// which reject `llvm.call_intrinsic`. After those passes the calls become
// `llvm.call_intrinsic` and the declarations go.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIRX86INTRINSICS
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

static constexpr llvm::StringLiteral kIntrinsicAttr = "qmlir.intrinsic";

func::FuncOp qmlir::getIntrinsicDeclaration(ModuleOp module,
                                            StringRef intrinsic,
                                            FunctionType type) {
  std::string name = "__qmlir_" + intrinsic.str();
  for (char &c : name)
    if (c == '.')
      c = '_';
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto decl = func::FuncOp::create(b, module.getLoc(), name, type);
  decl.setPrivate();
  decl->setAttr(kIntrinsicAttr, b.getStringAttr(intrinsic));
  return decl;
}

namespace {
class QMLIRX86Intrinsics
    : public qmlir::impl::QMLIRX86IntrinsicsBase<QMLIRX86Intrinsics> {
public:
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> declarations;
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isExternal() && func->hasAttr(kIntrinsicAttr))
        declarations.push_back(func);
    for (func::FuncOp decl : declarations) {
      auto intrinsic = decl->getAttrOfType<StringAttr>(kIntrinsicAttr);
      std::optional<SymbolTable::UseRange> uses = decl.getSymbolUses(module);
      bool replacedAll = true;
      if (uses) {
        for (const SymbolTable::SymbolUse &use : *uses) {
          auto call = dyn_cast<func::CallOp>(use.getUser());
          if (!call) {
            use.getUser()->emitError()
                << "qmlir-x86-intrinsics: '" << decl.getName()
                << "' may only be called";
            replacedAll = false;
            continue;
          }
          OpBuilder b(call);
          auto lowered = LLVM::CallIntrinsicOp::create(
              b, call.getLoc(), call.getResultTypes(), intrinsic,
              call.getOperands(), LLVM::FastmathFlagsAttr());
          call->replaceAllUsesWith(lowered->getResults());
          call.erase();
        }
      }
      if (!replacedAll)
        return signalPassFailure();
      decl.erase();
    }
  }
};
} // namespace
