//===- VnniMatmul.cpp - The qmlir-vnni-matmul pass ------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// int8 matrix products with constant weights on AVX-512 VNNI. Upstream
// vectorization widens i8 products to i32 multiplies (vpmovsxbd + vpmulld);
// `vpdpbusd` multiplies 64 unsigned by 64 signed bytes and adds groups of four
// into 16 i32 lanes in one instruction. The weights are packed at compile
// time into its layout (per block of 16 columns, K in groups of 4 bytes), the
// signed activations are moved to unsigned ones by flipping their top bit
// (x + 128), and the accumulators start at -128 * (column sums of the
// weights), so the result is exactly the signed product. A register block of
// rows x column blocks stays in vector registers across the K loop. The
// instruction is a call of a declaration that qmlir-x86-intrinsics replaces
// after bufferization (buffer deallocation rejects ops with unknown memory
// effects, such as llvm.call_intrinsic).
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/TargetParser/Host.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIRVNNIMATMUL
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {

constexpr int64_t kLanes = 16; // i32 lanes of a zmm register

int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// The constant i8 weights [K, N] of a matmul, or nothing.
std::optional<SmallVector<int8_t>> constantWeights(Value rhs) {
  DenseElementsAttr attr;
  if (!matchPattern(rhs, m_Constant(&attr)) ||
      !attr.getElementType().isInteger(8))
    return std::nullopt;
  SmallVector<int8_t> values;
  for (const APInt &v : attr.getValues<APInt>())
    values.push_back(static_cast<int8_t>(v.getSExtValue()));
  return values;
}

bool isZeroFill(Value init) {
  auto fill = init.getDefiningOp<linalg::FillOp>();
  if (!fill)
    return false;
  return matchPattern(fill.getInputs()[0], m_Zero());
}

/// A private constant global holding `values`, named uniquely from `name`.
memref::GlobalOp makeGlobal(OpBuilder &b, ModuleOp module, Location loc,
                            StringRef name, MemRefType type,
                            DenseElementsAttr values) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto global = memref::GlobalOp::create(
      b, loc, name, b.getStringAttr("private"), type, values,
      /*constant=*/true, b.getI64IntegerAttr(64));
  SymbolTable(module).insert(global);
  return global;
}

LogicalResult rewriteMatmul(linalg::MatmulOp op, int64_t &counter) {
  if (op.hasUserDefinedMaps() || !op.hasPureTensorSemantics())
    return failure();
  auto aType = dyn_cast<RankedTensorType>(op.getDpsInputs()[0].getType());
  auto bType = dyn_cast<RankedTensorType>(op.getDpsInputs()[1].getType());
  auto cType = dyn_cast<RankedTensorType>(op.getResultTypes()[0]);
  if (!aType || !bType || !cType || !aType.hasStaticShape() ||
      !bType.hasStaticShape() || !aType.getElementType().isInteger(8) ||
      !cType.getElementType().isInteger(32) ||
      !isZeroFill(op.getDpsInits()[0]))
    return failure();
  std::optional<SmallVector<int8_t>> weights =
      constantWeights(op.getDpsInputs()[1]);
  if (!weights)
    return failure();
  auto module = op->getParentOfType<ModuleOp>();
  int64_t m = aType.getDimSize(0), k = aType.getDimSize(1),
          n = bType.getDimSize(1);

  // Register block: rows x column blocks of 16 accumulators.
  int64_t rows = m >= 4 ? 4 : m;
  int64_t blocks = (n + kLanes - 1) / kLanes;
  int64_t blockTile = std::min<int64_t>(m >= 4 ? 4 : 8, blocks);
  int64_t mp = roundUp(m, rows), kp = roundUp(k, 4),
          nbp = roundUp(blocks, blockTile);
  int64_t groups = kp / 4;

  // Weights: [column block][K group][16 columns x 4 bytes]; the start
  // values -128 * column sums.
  SmallVector<int8_t> packed(nbp * groups * 64, 0);
  SmallVector<int32_t> start(nbp * kLanes, 0);
  for (int64_t kk = 0; kk < k; ++kk)
    for (int64_t j = 0; j < n; ++j) {
      int8_t w = (*weights)[kk * n + j];
      int64_t block = j / kLanes, lane = j % kLanes;
      packed[(block * groups + kk / 4) * 64 + lane * 4 + kk % 4] = w;
      start[j] -= 128 * int32_t(w);
    }

  OpBuilder b(op);
  Location loc = op.getLoc();
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  auto packedType = MemRefType::get({nbp, groups, 64}, i8);
  auto startType = MemRefType::get({nbp, kLanes}, i32);
  std::string base = "__qmlir_vnni_" + std::to_string(counter++);
  memref::GlobalOp rhsGlobal = makeGlobal(
      b, module, loc, base + "_rhs", packedType,
      DenseElementsAttr::get(RankedTensorType::get(packedType.getShape(), i8),
                             ArrayRef(packed)));
  memref::GlobalOp startGlobal = makeGlobal(
      b, module, loc, base + "_start", startType,
      DenseElementsAttr::get(RankedTensorType::get(startType.getShape(), i32),
                             ArrayRef(start)));

  // Activations as unsigned bytes, padded to whole row blocks and K groups
  // (padded bytes meet zero weights or feed rows that are dropped).
  Value a = op.getDpsInputs()[0];
  AffineMap identity = b.getMultiDimIdentityMap(2);
  Value empty = tensor::EmptyOp::create(b, loc, aType.getShape(), i8);
  Value flipped =
      linalg::GenericOp::create(
          b, loc, aType, ValueRange{a}, ValueRange{empty},
          ArrayRef<AffineMap>{identity, identity},
          ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                        utils::IteratorType::parallel},
          [&](OpBuilder &nb, Location nloc, ValueRange args) {
            Value bit = arith::ConstantOp::create(
                nb, nloc, nb.getIntegerAttr(i8, -128));
            linalg::YieldOp::create(
                nb, nloc,
                ValueRange{arith::XOrIOp::create(nb, nloc, args[0], bit)});
          })
          .getResult(0);
  if (mp != m || kp != k) {
    Value zero = arith::ConstantOp::create(b, loc, b.getIntegerAttr(i8, 0));
    SmallVector<OpFoldResult> low{b.getIndexAttr(0), b.getIndexAttr(0)};
    SmallVector<OpFoldResult> high{b.getIndexAttr(mp - m),
                                   b.getIndexAttr(kp - k)};
    flipped = tensor::PadOp::create(
        b, loc, RankedTensorType::get({mp, kp}, i8), flipped, low, high, zero);
  }
  Value aBuffer = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get({mp, kp}, i8), flipped, /*read_only=*/true);
  Value rhs = memref::GetGlobalOp::create(b, loc, packedType,
                                          rhsGlobal.getSymName());
  Value starts = memref::GetGlobalOp::create(b, loc, startType,
                                             startGlobal.getSymName());
  auto cMemType = MemRefType::get({mp, nbp * kLanes}, i32);
  Value cBuffer = memref::AllocOp::create(b, loc, cMemType,
                                          b.getI64IntegerAttr(64));

  auto index = [&](OpBuilder &nb, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(nb, loc, v);
  };
  auto accType = VectorType::get({kLanes}, i32);
  auto bytesType = VectorType::get({64}, i8);
  func::FuncOp intrinsic = qmlir::getIntrinsicDeclaration(
      module, "llvm.x86.avx512.vpdpbusd.512",
      b.getFunctionType({accType, bytesType, bytesType}, {accType}));
  scf::ForOp rowLoop =
      scf::ForOp::create(b, loc, index(b, 0), index(b, mp), index(b, rows));
  {
    OpBuilder rb = OpBuilder::atBlockBegin(rowLoop.getBody());
    Value row = rowLoop.getInductionVar();
    scf::ForOp blockLoop = scf::ForOp::create(rb, loc, index(rb, 0),
                                              index(rb, nbp),
                                              index(rb, blockTile));
    OpBuilder cb = OpBuilder::atBlockBegin(blockLoop.getBody());
    Value block = blockLoop.getInductionVar();
    SmallVector<Value> blockIndex, rowIndex;
    for (int64_t c = 0; c < blockTile; ++c)
      blockIndex.push_back(
          arith::AddIOp::create(cb, loc, block, index(cb, c)));
    for (int64_t r = 0; r < rows; ++r)
      rowIndex.push_back(arith::AddIOp::create(cb, loc, row, index(cb, r)));
    SmallVector<Value> init;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < blockTile; ++c)
        init.push_back(vector::LoadOp::create(
            cb, loc, accType, starts, ValueRange{blockIndex[c], index(cb, 0)}));
    scf::ForOp kLoop = scf::ForOp::create(
        cb, loc, index(cb, 0), index(cb, groups), index(cb, 1), init,
        [&](OpBuilder &kb, Location kloc, Value group, ValueRange accs) {
          Value column = arith::MulIOp::create(kb, kloc, group, index(kb, 4));
          SmallVector<Value> lhs, rhsBytes;
          for (int64_t r = 0; r < rows; ++r) {
            Value four = vector::LoadOp::create(
                kb, kloc, VectorType::get({4}, i8), aBuffer,
                ValueRange{rowIndex[r], column});
            Value word = vector::BitCastOp::create(
                kb, kloc, VectorType::get({1}, i32), four);
            Value scalar = vector::ExtractOp::create(kb, kloc, word,
                                                     ArrayRef<int64_t>{0});
            Value splat =
                vector::BroadcastOp::create(kb, kloc, accType, scalar);
            lhs.push_back(
                vector::BitCastOp::create(kb, kloc, bytesType, splat));
          }
          for (int64_t c = 0; c < blockTile; ++c)
            rhsBytes.push_back(vector::LoadOp::create(
                kb, kloc, bytesType, rhs,
                ValueRange{blockIndex[c], group, index(kb, 0)}));
          SmallVector<Value> next;
          for (int64_t r = 0; r < rows; ++r)
            for (int64_t c = 0; c < blockTile; ++c)
              next.push_back(
                  func::CallOp::create(
                      kb, kloc, intrinsic,
                      ValueRange{accs[r * blockTile + c], lhs[r], rhsBytes[c]})
                      .getResult(0));
          scf::YieldOp::create(kb, kloc, next);
        });
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < blockTile; ++c) {
        Value col = arith::MulIOp::create(cb, loc, blockIndex[c],
                                          index(cb, kLanes));
        vector::StoreOp::create(cb, loc, kLoop.getResult(r * blockTile + c),
                                cBuffer, ValueRange{rowIndex[r], col});
      }
  }
  b.setInsertionPointAfter(rowLoop);
  Value full = bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(cMemType.getShape(), i32), cBuffer,
      /*restrict=*/true, /*writable=*/true);
  Value result = full;
  if (mp != m || nbp * kLanes != n)
    result = tensor::ExtractSliceOp::create(
        b, loc, cType, full,
        ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(m), b.getIndexAttr(n)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
  return success();
}

class QMLIRVnniMatmul
    : public qmlir::impl::QMLIRVnniMatmulBase<QMLIRVnniMatmul> {
public:
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (target != "auto" && target != "vnni" && target != "none") {
      module.emitError() << "qmlir-vnni-matmul: unknown target '" << target
                         << "' (auto, vnni, none)";
      return signalPassFailure();
    }
    bool enabled = target == "vnni";
    if (target == "auto") {
      llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
      enabled = features.lookup("avx512vnni") && features.lookup("avx512bw");
    }
    if (!enabled)
      return;
    SmallVector<linalg::MatmulOp> matmuls;
    module.walk([&](linalg::MatmulOp op) { matmuls.push_back(op); });
    int64_t counter = 0;
    for (linalg::MatmulOp op : matmuls)
      (void)rewriteMatmul(op, counter);
  }
};

} // namespace
