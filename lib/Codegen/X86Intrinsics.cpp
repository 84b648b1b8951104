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

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
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

/// Sums of `stride` consecutive elements of `v` (an integer vector): element
/// i of the result is v[stride * i] + ... + v[stride * i + stride - 1].
Value sumGroups(OpBuilder &b, Location loc, Value v, int64_t stride) {
  auto type = cast<VectorType>(v.getType());
  int64_t count = type.getNumElements() / stride;
  Value sum;
  for (int64_t j = 0; j < stride; ++j) {
    SmallVector<int64_t> mask;
    for (int64_t i = 0; i < count; ++i)
      mask.push_back(stride * i + j);
    Value part = vector::ShuffleOp::create(b, loc, v, v, mask);
    sum = sum ? arith::AddIOp::create(b, loc, sum, part).getResult() : part;
  }
  return sum;
}

/// Products of the elements of `a` and `b` widened to i32, `a` zero- or
/// sign-extended, `b` sign-extended.
Value widenedProducts(OpBuilder &b, Location loc, Value lhs, Value rhs,
                      bool lhsUnsigned) {
  auto type = cast<VectorType>(lhs.getType());
  auto wide = VectorType::get(type.getShape(), b.getI32Type());
  Value x = lhsUnsigned ? arith::ExtUIOp::create(b, loc, wide, lhs).getResult()
                        : arith::ExtSIOp::create(b, loc, wide, lhs).getResult();
  Value y = arith::ExtSIOp::create(b, loc, wide, rhs);
  return arith::MulIOp::create(b, loc, x, y);
}

} // namespace

Value qmlir::emulateX86Intrinsic(OpBuilder &b, Location loc,
                                 StringRef intrinsic, ValueRange operands) {
  // vpdpbusd: acc + sum of four u8 x s8 products per 32-bit lane, wrapping.
  if (intrinsic == "llvm.x86.avx512.vpdpbusd.512" ||
      intrinsic == "llvm.x86.avx512.vpdpbusd.256" ||
      intrinsic == "llvm.x86.avx512.vpdpbusd.128") {
    Value products =
        widenedProducts(b, loc, operands[1], operands[2], /*unsigned=*/true);
    return arith::AddIOp::create(b, loc, operands[0],
                                 sumGroups(b, loc, products, 4));
  }
  // AArch64 sdot: acc + sum of four s8 x s8 products per 32-bit lane,
  // wrapping.
  if (intrinsic == "llvm.aarch64.neon.sdot.v4i32.v16i8") {
    Value products =
        widenedProducts(b, loc, operands[1], operands[2], /*unsigned=*/false);
    return arith::AddIOp::create(b, loc, operands[0],
                                 sumGroups(b, loc, products, 4));
  }
  // AArch64 smmla: acc (2 x 2, row-major) + the product of lhs (2 x 8,
  // rows) by the transpose of rhs (2 x 8, columns), s8 x s8, wrapping.
  if (intrinsic == "llvm.aarch64.neon.smmla.v4i32.v16i8") {
    SmallVector<int64_t> rowMask, columnMask;
    for (int64_t i = 0; i < 2; ++i)
      for (int64_t j = 0; j < 2; ++j)
        for (int64_t k = 0; k < 8; ++k) {
          rowMask.push_back(8 * i + k);
          columnMask.push_back(8 * j + k);
        }
    Value lhs =
        vector::ShuffleOp::create(b, loc, operands[1], operands[1], rowMask);
    Value rhs =
        vector::ShuffleOp::create(b, loc, operands[2], operands[2], columnMask);
    Value products = widenedProducts(b, loc, lhs, rhs, /*unsigned=*/false);
    return arith::AddIOp::create(b, loc, operands[0],
                                 sumGroups(b, loc, products, 8));
  }
  // vpmaddubsw: pairs of u8 x s8 products added with signed saturation to
  // 16 bits.
  if (intrinsic == "llvm.x86.avx2.pmadd.ub.sw" ||
      intrinsic == "llvm.x86.ssse3.pmadd.ub.sw.128" ||
      intrinsic == "llvm.x86.avx512.pmaddubs.w.512") {
    Value sums = sumGroups(
        b, loc,
        widenedProducts(b, loc, operands[0], operands[1], /*unsigned=*/true),
        2);
    auto type = cast<VectorType>(sums.getType());
    auto bound = [&](int32_t v) -> Value {
      return arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(type, b.getI32IntegerAttr(v)));
    };
    Value clamped = arith::MinSIOp::create(
        b, loc, arith::MaxSIOp::create(b, loc, sums, bound(-32768)),
        bound(32767));
    return arith::TruncIOp::create(
        b, loc, VectorType::get(type.getShape(), b.getI16Type()), clamped);
  }
  // vpmaddwd: pairs of s16 x s16 products added, wrapping (only -32768^2 * 2
  // wraps, as in the instruction).
  if (intrinsic == "llvm.x86.avx2.pmadd.wd" ||
      intrinsic == "llvm.x86.sse2.pmadd.wd" ||
      intrinsic == "llvm.x86.avx512.pmaddw.d.512")
    return sumGroups(
        b, loc,
        widenedProducts(b, loc, operands[0], operands[1], /*unsigned=*/false),
        2);
  return Value();
}

namespace {
class QMLIRX86Intrinsics
    : public qmlir::impl::QMLIRX86IntrinsicsBase<QMLIRX86Intrinsics> {
public:
  using Base::Base;

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
          if (emulate) {
            Value emulated = qmlir::emulateX86Intrinsic(
                b, call.getLoc(), intrinsic.getValue(), call.getOperands());
            if (!emulated) {
              call.emitError() << "qmlir-x86-intrinsics: no emulation of '"
                               << intrinsic.getValue() << "'";
              replacedAll = false;
              continue;
            }
            call.getResult(0).replaceAllUsesWith(emulated);
            call.erase();
            continue;
          }
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
