//===- OmpNowait.cpp - The qmlir-omp-nowait pass --------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"

#include "mlir/Dialect/OpenMP/OpenMPDialect.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIROMPNOWAIT
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {

class QMLIROmpNowait : public qmlir::impl::QMLIROmpNowaitBase<QMLIROmpNowait> {
public:
  void runOnOperation() override {
    getOperation()->walk([](omp::WsloopOp loop) {
      if (loop.getNowait() || !loop.getReductionVars().empty() ||
          !isa<omp::ParallelOp>(loop->getParentOp()))
        return;
      // Only the region's terminator (and its barrier) may follow.
      Operation *next = loop->getNextNode();
      if (!next || !isa<omp::TerminatorOp>(next))
        return;
      loop.setNowait(true);
    });
  }
};

} // namespace
