//===- LowerCalibration.cpp - The qnt-lower-calibration pass --------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/ADT/StringMap.h"

namespace qmlir {
#define GEN_PASS_DEF_QNTLOWERCALIBRATION
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;

namespace {
class QNTLowerCalibration
    : public qmlir::impl::QNTLowerCalibrationBase<QNTLowerCalibration> {
public:
  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::Graph)))
      return signalPassFailure();
    ModuleOp module = getOperation();
    SmallVector<qnt::CalibrateOp> markers;
    module.walk([&](qnt::CalibrateOp op) { markers.push_back(op); });
    if (markers.empty())
      return;

    // Index per id, in module order; ids must be unique.
    llvm::StringMap<Location> first;
    SmallVector<Attribute> ids;
    bool failedAny = false;
    for (qnt::CalibrateOp op : markers) {
      auto [it, inserted] = first.try_emplace(op.getId(), op.getLoc());
      if (!inserted) {
        op.emitError() << "calibration id '" << op.getId()
                       << "' is used by more than one marker";
        emitRemark(it->second) << "first used here";
        failedAny = true;
        continue;
      }
      auto type = cast<RankedTensorType>(op.getInput().getType());
      if (!type.getElementType().isF32()) {
        op.emitError() << "calibration marker '" << op.getId() << "' observes "
                       << type << "; only f32 tensors can be observed";
        failedAny = true;
        continue;
      }
      ids.push_back(StringAttr::get(&getContext(), op.getId()));
    }
    if (failedAny)
      return signalPassFailure();

    OpBuilder builder(module.getBodyRegion());
    MLIRContext *context = &getContext();
    auto unranked = UnrankedMemRefType::get(Float32Type::get(context), 0);
    Type i64 = builder.getI64Type();
    auto calleeType = FunctionType::get(context, {i64, i64, unranked}, {});
    // The recorder's address: a variable of the module, set by the host.
    auto handleType = MemRefType::get({}, i64);
    auto recorder =
        module.lookupSymbol<memref::GlobalOp>(kCalibrationRecorderSymbol);
    if (!recorder) {
      if (Operation *other = module.lookupSymbol(kCalibrationRecorderSymbol)) {
        other->emitError() << "the symbol @" << kCalibrationRecorderSymbol
                           << " is taken by another op";
        return signalPassFailure();
      }
      builder.setInsertionPointToStart(module.getBody());
      recorder = memref::GlobalOp::create(
          builder, module.getLoc(), kCalibrationRecorderSymbol,
          /*sym_visibility=*/StringAttr(), handleType,
          DenseElementsAttr::get(RankedTensorType::get({}, i64),
                                 builder.getI64IntegerAttr(0)),
          /*constant=*/false, /*alignment=*/nullptr);
    } else if (recorder.getType() != handleType || recorder.getConstant()) {
      recorder.emitError() << "@" << kCalibrationRecorderSymbol
                           << " must be a variable memref<i64>";
      return signalPassFailure();
    }
    auto callee =
        module.lookupSymbol<func::FuncOp>(kCalibrationObserveFuncName);
    if (!callee) {
      builder.setInsertionPointToStart(module.getBody());
      callee = func::FuncOp::create(builder, module.getLoc(),
                                    kCalibrationObserveFuncName, calleeType);
      callee.setPrivate();
      callee->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                      UnitAttr::get(context));
    } else if (callee.getFunctionType() != calleeType) {
      callee.emitError() << "@" << kCalibrationObserveFuncName
                         << " exists with the type " << callee.getFunctionType()
                         << ", expected " << calleeType;
      return signalPassFailure();
    }

    for (auto [index, op] : llvm::enumerate(markers)) {
      builder.setInsertionPoint(op);
      Location loc = op.getLoc();
      auto type = cast<RankedTensorType>(op.getInput().getType());
      auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
      Value buffer = bufferization::ToBufferOp::create(
          builder, loc, memrefType, op.getInput(), /*read_only=*/true);
      Value cast = memref::CastOp::create(builder, loc, unranked, buffer);
      Value id = arith::ConstantOp::create(builder, loc,
                                           builder.getI64IntegerAttr(index));
      Value variable = memref::GetGlobalOp::create(builder, loc, handleType,
                                                   recorder.getSymName());
      Value handle = memref::LoadOp::create(builder, loc, variable);
      func::CallOp::create(builder, loc, callee, ValueRange{handle, id, cast});
      op.getResult().replaceAllUsesWith(op.getInput());
      op.erase();
    }
    module->setAttr(kCalibrationIdsAttrName, ArrayAttr::get(context, ids));
  }
};
} // namespace

std::vector<std::string> qnt::calibrationIds(ModuleOp module) {
  std::vector<std::string> ids;
  module.walk([&](qnt::CalibrateOp op) { ids.push_back(op.getId().str()); });
  return ids;
}
