//===- OmpThreadCount.cpp - The qmlir-omp-thread-count pass ---------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// OpenMP regions of a compiled model take their thread count from one
// variable of the model, so that a program chooses it at run time, per
// model, without recompiling and without touching the process's OpenMP
// settings.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/SymbolTable.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIROMPTHREADCOUNT
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {

class QMLIROmpThreadCount
    : public qmlir::impl::QMLIROmpThreadCountBase<QMLIROmpThreadCount> {
public:
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<omp::ParallelOp> regions;
    module.walk([&](omp::ParallelOp region) {
      if (!region.getNumThreads())
        regions.push_back(region);
    });
    if (regions.empty())
      return;

    OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
    Type i32 = b.getI32Type();
    auto type = MemRefType::get({}, i32);
    auto global =
        module.lookupSymbol<memref::GlobalOp>(qmlir::kThreadCountSymbol);
    if (!global) {
      if (Operation *other = module.lookupSymbol(qmlir::kThreadCountSymbol)) {
        other->emitError() << "qmlir-omp-thread-count: the symbol @"
                           << qmlir::kThreadCountSymbol
                           << " is taken by another op";
        return signalPassFailure();
      }
      global = memref::GlobalOp::create(
          b, module.getLoc(), qmlir::kThreadCountSymbol,
          b.getStringAttr("public"), type,
          DenseElementsAttr::get(RankedTensorType::get({}, i32),
                                 b.getI32IntegerAttr(0)),
          /*constant=*/false, /*alignment=*/nullptr);
    } else if (global.getType() != type || global.getConstant()) {
      global.emitError() << "qmlir-omp-thread-count: @"
                         << qmlir::kThreadCountSymbol
                         << " must be a variable memref<i32>";
      return signalPassFailure();
    }
    auto maxThreads = module.lookupSymbol<func::FuncOp>("omp_get_max_threads");
    if (!maxThreads) {
      maxThreads =
          func::FuncOp::create(b, module.getLoc(), "omp_get_max_threads",
                               b.getFunctionType({}, {i32}));
      maxThreads.setPrivate();
    }
    for (omp::ParallelOp region : regions) {
      b.setInsertionPoint(region);
      Location loc = region.getLoc();
      Value variable =
          memref::GetGlobalOp::create(b, loc, type, global.getSymName());
      Value requested = memref::LoadOp::create(b, loc, variable);
      Value all = func::CallOp::create(b, loc, maxThreads).getResult(0);
      Value zero = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
      Value positive = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                             requested, zero);
      Value count = arith::SelectOp::create(b, loc, positive, requested, all);
      region.getNumThreadsMutable().assign(count);
    }
  }
};

} // namespace
