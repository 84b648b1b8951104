//===- StaticWorkspace.cpp - The qmlir-static-workspace pass --------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// A model's intermediate buffers, planned into one workspace by lifetime
// (greedy by size, as static memory planners of inference runtimes do) and
// kept in a module global between calls, claimed with an atomic exchange so
// that concurrent calls fall back to a private workspace.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIRSTATICWORKSPACE
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;

/// A buffer to place: its allocation and deallocation, its lifetime (the
/// positions of the allocation and of its last use in the function's
/// block), its size, and the offset chosen.
struct Buffer {
  memref::AllocOp alloc;
  memref::DeallocOp dealloc;
  int64_t begin = 0, end = 0;
  int64_t bytes = 0;
  int64_t offset = -1;
};

/// The bytes of a statically shaped, identity-layout memref of int or float
/// elements of whole bytes, or nothing.
std::optional<int64_t> staticBytes(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      type.getMemorySpace())
    return std::nullopt;
  Type element = type.getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8)
    return std::nullopt;
  return type.getNumElements() * (element.getIntOrFloatBitWidth() / 8);
}

int64_t alignUp(int64_t value) {
  return (value + kAlignment - 1) / kAlignment * kAlignment;
}

/// Offsets for `buffers`: largest first, each at the lowest aligned offset
/// not overlapping a placed buffer alive at the same time. Returns the
/// workspace's size.
int64_t plan(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &buffer : buffers)
    order.push_back(&buffer);
  llvm::stable_sort(order, [](const Buffer *a, const Buffer *b) {
    return a->bytes > b->bytes;
  });
  SmallVector<Buffer *> placed;
  int64_t total = 0;
  for (Buffer *buffer : order) {
    // Intervals taken by placed buffers whose lifetimes overlap, by offset.
    SmallVector<std::pair<int64_t, int64_t>> taken;
    for (Buffer *other : placed)
      if (other->begin <= buffer->end && buffer->begin <= other->end)
        taken.push_back({other->offset, other->offset + other->bytes});
    llvm::sort(taken);
    int64_t offset = 0;
    for (auto [start, stop] : taken) {
      if (offset + buffer->bytes <= start)
        break;
      offset = std::max(offset, alignUp(stop));
    }
    buffer->offset = offset;
    total = std::max(total, offset + buffer->bytes);
    placed.push_back(buffer);
  }
  return alignUp(total);
}

/// The position in `block` of the last use of `alloc` or of a memref that
/// may alias it (any memref result of an op using it, and of the op around a
/// terminator yielding it), deallocations aside; nothing when an alias
/// escapes the function (a return or a call).
std::optional<int64_t>
lastUseOf(memref::AllocOp alloc, Block &block,
          const DenseMap<Operation *, int64_t> &position) {
  int64_t last = position.lookup(alloc);
  SmallVector<Value> worklist = {alloc.getResult()};
  DenseSet<Value> seen(worklist.begin(), worklist.end());
  auto addResults = [&](Operation *op) {
    for (Value result : op->getResults())
      if (isa<BaseMemRefType>(result.getType()) && seen.insert(result).second)
        worklist.push_back(result);
  };
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (Operation *user : value.getUsers()) {
      if (isa<memref::DeallocOp>(user))
        continue;
      if (isa<func::ReturnOp, func::CallOp, func::CallIndirectOp>(user))
        return std::nullopt;
      Operation *ancestor = block.findAncestorOpInBlock(*user);
      if (!ancestor)
        return std::nullopt;
      last = std::max(last, position.lookup(ancestor));
      addResults(user);
      if (user->hasTrait<OpTrait::IsTerminator>() && user->getParentOp() &&
          user->getParentOp() != block.getParentOp())
        addResults(user->getParentOp());
    }
  }
  return last;
}

class QMLIRStaticWorkspace
    : public qmlir::impl::QMLIRStaticWorkspaceBase<QMLIRStaticWorkspace> {
public:
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>()))
      if (!func.isExternal() && func.getBody().hasOneBlock())
        placeBuffers(func, symbols);
  }

private:
  void placeBuffers(func::FuncOp func, SymbolTable &symbols) {
    Block &block = func.getBody().front();
    DenseMap<Operation *, int64_t> position;
    int64_t index = 0;
    for (Operation &op : block)
      position[&op] = index++;
    SmallVector<Buffer> buffers;
    for (auto alloc : block.getOps<memref::AllocOp>()) {
      std::optional<int64_t> bytes = staticBytes(alloc.getType());
      if (!bytes || !alloc.getDynamicSizes().empty() ||
          !alloc.getSymbolOperands().empty())
        continue;
      memref::DeallocOp dealloc;
      bool single = true;
      for (Operation *user : alloc->getUsers())
        if (auto d = dyn_cast<memref::DeallocOp>(user)) {
          single &= !dealloc;
          dealloc = d;
        }
      if (!dealloc || !single || dealloc->getBlock() != &block)
        continue;
      std::optional<int64_t> lastUse = lastUseOf(alloc, block, position);
      if (!lastUse)
        continue;
      buffers.push_back({alloc, dealloc, position[alloc], *lastUse, *bytes});
    }
    if (buffers.empty())
      return;
    int64_t total = plan(buffers);
    if (remarks) {
      int64_t sum = 0;
      for (const Buffer &buffer : buffers)
        sum += buffer.bytes;
      func.emitRemark() << "workspace of " << total << " bytes for "
                        << buffers.size() << " buffers of " << sum << " bytes";
    }

    // The workspace global and its claim flag.
    MLIRContext *context = &getContext();
    OpBuilder b(context);
    b.setInsertionPoint(func);
    Location loc = func.getLoc();
    Type i8 = b.getI8Type(), i32 = b.getI32Type();
    auto workspaceType = MemRefType::get({total}, i8);
    auto flagType = MemRefType::get({}, i32);
    auto workspace = memref::GlobalOp::create(
        b, loc, ("__qmlir_workspace_" + func.getSymName()).str(),
        b.getStringAttr("private"), workspaceType, b.getUnitAttr(),
        /*constant=*/false, b.getI64IntegerAttr(kAlignment));
    symbols.insert(workspace);
    auto flag = memref::GlobalOp::create(
        b, loc, ("__qmlir_workspace_busy_" + func.getSymName()).str(),
        b.getStringAttr("private"), flagType,
        DenseElementsAttr::get(RankedTensorType::get({}, i32),
                               b.getI32IntegerAttr(0)),
        /*constant=*/false, /*alignment=*/nullptr);
    symbols.insert(flag);

    // On entry: claim the global, or allocate a private workspace.
    b.setInsertionPointToStart(&block);
    Value flagRef =
        memref::GetGlobalOp::create(b, loc, flagType, flag.getSymName());
    Value one = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(1));
    Value zero = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
    Value old = memref::AtomicRMWOp::create(
        b, loc, arith::AtomicRMWKind::assign, one, flagRef, ValueRange{});
    Value claimed =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, old, zero);
    auto choice = scf::IfOp::create(b, loc, TypeRange{workspaceType}, claimed,
                                    /*withElseRegion=*/true);
    {
      OpBuilder tb = choice.getThenBodyBuilder();
      scf::YieldOp::create(
          tb, loc,
          ValueRange{memref::GetGlobalOp::create(tb, loc, workspaceType,
                                                 workspace.getSymName())});
      OpBuilder eb = choice.getElseBodyBuilder();
      scf::YieldOp::create(
          eb, loc,
          ValueRange{memref::AllocOp::create(
              eb, loc, workspaceType, eb.getI64IntegerAttr(kAlignment))});
    }
    Value base = choice.getResult(0);

    // Each buffer: a view of its bytes.
    for (Buffer &buffer : buffers) {
      b.setInsertionPoint(buffer.alloc);
      Value offset = arith::ConstantIndexOp::create(b, buffer.alloc.getLoc(),
                                                    buffer.offset);
      Value view = memref::ViewOp::create(b, buffer.alloc.getLoc(),
                                          buffer.alloc.getType(), base, offset,
                                          ValueRange{});
      buffer.alloc.getResult().replaceAllUsesWith(view);
      buffer.dealloc->erase();
      buffer.alloc->erase();
      ++numPlaced;
      bufferBytes += buffer.bytes;
    }
    workspaceBytes += total;

    // Before returning: release the global, or free the private workspace.
    Operation *terminator = block.getTerminator();
    b.setInsertionPoint(terminator);
    auto release = scf::IfOp::create(b, loc, TypeRange{}, claimed,
                                     /*withElseRegion=*/true);
    OpBuilder tb = release.getThenBodyBuilder();
    memref::AtomicRMWOp::create(tb, loc, arith::AtomicRMWKind::assign, zero,
                                flagRef, ValueRange{});
    OpBuilder eb = release.getElseBodyBuilder();
    memref::DeallocOp::create(eb, loc, base);
  }
};

} // namespace
