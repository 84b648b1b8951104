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
#include "mlir/IR/IRMapping.h"
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

/// An index constant.
Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// The kernel's output buffer as a tensor, its first `rows` x `cols` (the
/// rest is padding of the register tiles).
Value resultTensor(OpBuilder &b, Location loc, Value buffer, int64_t rows,
                   int64_t cols) {
  auto type = cast<MemRefType>(buffer.getType());
  Value full = bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(type.getShape(), type.getElementType()),
      buffer, /*restrict=*/true, /*writable=*/true);
  if (type.getDimSize(0) == rows && type.getDimSize(1) == cols)
    return full;
  return tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get({rows, cols}, type.getElementType()), full,
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(rows), b.getIndexAttr(cols)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
}

/// The packed weights `[blocks][groups][64]` and start values
/// `[blocks][16]` of a kernel as private globals named `__qmlir_vnni_<n>_*`.
struct KernelConstants {
  memref::GlobalOp rhs, start;
  std::string base;
  /// Their `memref.get_global`s at the builder's insertion point.
  Value rhsValue, startValue;
};

KernelConstants makeKernelConstants(OpBuilder &b, ModuleOp module, Location loc,
                                    int64_t &counter, ArrayRef<int8_t> packed,
                                    ArrayRef<int32_t> start, int64_t blocks,
                                    int64_t groups,
                                    int64_t bytesPerGroup = 64) {
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  auto packedType = MemRefType::get({blocks, groups, bytesPerGroup}, i8);
  auto startType = MemRefType::get({blocks, kLanes}, i32);
  KernelConstants constants;
  constants.base = "__qmlir_vnni_" + std::to_string(counter++);
  constants.rhs =
      makeGlobal(b, module, loc, constants.base + "_rhs", packedType,
                 DenseElementsAttr::get(
                     RankedTensorType::get(packedType.getShape(), i8), packed));
  constants.start =
      makeGlobal(b, module, loc, constants.base + "_start", startType,
                 DenseElementsAttr::get(
                     RankedTensorType::get(startType.getShape(), i32), start));
  constants.rhsValue = memref::GetGlobalOp::create(b, loc, packedType,
                                                   constants.rhs.getSymName());
  constants.startValue = memref::GetGlobalOp::create(
      b, loc, startType, constants.start.getSymName());
  return constants;
}

/// The loop nest of a kernel over column-block tiles and row blocks. Serial:
/// column blocks outermost, so that their packed weights stay in cache while
/// every row block streams past. Parallel: row blocks outermost in an
/// `scf.parallel` (threads take disjoint rows; results do not depend on the
/// thread count).
struct LoopNest {
  Operation *outer;
  OpBuilder body;
  Value block, row;
};

LoopNest buildLoopNest(OpBuilder &b, Location loc, int64_t blocks,
                       int64_t blockTile, int64_t rowsTotal, int64_t rows,
                       bool parallel) {
  auto index = [&](OpBuilder &nb, int64_t v) {
    return indexConstant(nb, loc, v);
  };
  if (parallel) {
    auto rowLoop = scf::ParallelOp::create(b, loc, ValueRange{index(b, 0)},
                                           ValueRange{index(b, rowsTotal)},
                                           ValueRange{index(b, rows)});
    OpBuilder rb = OpBuilder::atBlockBegin(rowLoop.getBody());
    auto blockLoop = scf::ForOp::create(
        rb, loc, index(rb, 0), index(rb, blocks), index(rb, blockTile));
    return {rowLoop, OpBuilder::atBlockBegin(blockLoop.getBody()),
            blockLoop.getInductionVar(), rowLoop.getInductionVars()[0]};
  }
  auto blockLoop = scf::ForOp::create(b, loc, index(b, 0), index(b, blocks),
                                      index(b, blockTile));
  OpBuilder rb = OpBuilder::atBlockBegin(blockLoop.getBody());
  auto rowLoop = scf::ForOp::create(rb, loc, index(rb, 0), index(rb, rowsTotal),
                                    index(rb, rows));
  return {blockLoop, OpBuilder::atBlockBegin(rowLoop.getBody()),
          blockLoop.getInductionVar(), rowLoop.getInductionVar()};
}

/// The flipped (x + 128: unsigned) bytes of an i8 tensor.
Value flipTopBit(OpBuilder &b, Location loc, Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  Type i8 = b.getI8Type();
  AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(), i8);
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, type, ValueRange{x}, ValueRange{empty},
             ArrayRef<AffineMap>{identity, identity}, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value bit = arith::ConstantOp::create(
                   nb, nloc, nb.getIntegerAttr(i8, -128));
               linalg::YieldOp::create(
                   nb, nloc,
                   ValueRange{arith::XOrIOp::create(nb, nloc, args[0], bit)});
             })
      .getResult(0);
}

/// Flips the top bit of `x` inside its producer when that is an
/// all-parallel linalg.generic with one result used only here (the previous
/// layer's requantization): the flip joins the epilogue that a kernel may
/// compute in registers, where it cancels the lowering's own flip. Returns
/// the producer's result, or null.
Value flipInProducer(Value x) {
  auto producer = x.getDefiningOp<linalg::GenericOp>();
  if (!producer || !x.hasOneUse() || producer->getNumResults() != 1 ||
      producer.getNumParallelLoops() != producer.getNumLoops() ||
      !getElementTypeOrSelf(x.getType()).isInteger(8))
    return Value();
  Operation *yield = producer.getBody()->getTerminator();
  OpBuilder yb(yield);
  Value bit =
      arith::ConstantOp::create(yb, yield->getLoc(), yb.getI8IntegerAttr(-128));
  Value flipped =
      arith::XOrIOp::create(yb, yield->getLoc(), yield->getOperand(0), bit);
  yield->setOperand(0, flipped);
  return x;
}

/// flipTopBit of a tensor.pad with a constant value as the pad of the
/// flipped source (so that the flip fuses with the source's producer, where
/// it cancels the lowering's own flip of u8 activations).
Value flipBeforePad(OpBuilder &b, Location loc, Value x) {
  auto pad = x.getDefiningOp<tensor::PadOp>();
  Value value = pad ? pad.getConstantPaddingValue() : Value();
  IntegerAttr constant;
  if (!value || !matchPattern(value, m_Constant(&constant)))
    return flipTopBit(b, loc, x);
  Value source = flipInProducer(pad.getSource());
  if (!source)
    source = flipTopBit(b, loc, pad.getSource());
  Value flippedValue = arith::ConstantOp::create(
      b, loc,
      b.getIntegerAttr(b.getI8Type(), int8_t(constant.getInt() ^ 0x80)));
  return tensor::PadOp::create(b, loc, pad.getResultType(), source,
                               pad.getMixedLowPad(), pad.getMixedHighPad(),
                               flippedValue);
}

/// An element-wise consumer of a kernel's result that the kernel computes in
/// its registers before a single narrow store: an all-parallel
/// `linalg.generic` reading the result with the identity map and otherwise
/// only constants indexed by the channel (the last loop), whose body is
/// `arith` ops (the requantization of the int8 lowering).
struct Epilogue {
  linalg::GenericOp op;
  unsigned accInput = 0;
  /// Per input: the constant's values, one per channel (null for the
  /// result).
  SmallVector<DenseElementsAttr> channelValues;
  Type outElement;
};

std::optional<Epilogue> matchEpilogue(Value result) {
  if (!result.hasOneUse())
    return std::nullopt;
  auto generic = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  if (!generic || generic.getNumDpsInits() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops() ||
      !generic.getRegionOutputArgs()[0].use_empty())
    return std::nullopt;
  auto resultType = cast<RankedTensorType>(result.getType());
  auto outType = dyn_cast<RankedTensorType>(generic.getDpsInits()[0].getType());
  int64_t rank = resultType.getRank();
  if (!outType || outType.getShape() != resultType.getShape() ||
      !outType.getElementType().isSignlessInteger() ||
      outType.getElementTypeBitWidth() > 32 ||
      !generic.getIndexingMapsArray().back().isIdentity())
    return std::nullopt;
  Epilogue epilogue;
  epilogue.op = generic;
  epilogue.outElement = outType.getElementType();
  AffineMap channel =
      AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, result.getContext()));
  bool sawResult = false;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    AffineMap map = generic.getMatchingIndexingMap(input);
    if (input->get() == result) {
      if (!map.isIdentity() || sawResult)
        return std::nullopt;
      sawResult = true;
      epilogue.accInput = input->getOperandNumber();
      epilogue.channelValues.push_back(DenseElementsAttr());
      continue;
    }
    DenseElementsAttr values;
    if (map != channel || !matchPattern(input->get(), m_Constant(&values)) ||
        values.getType().getRank() != 1 ||
        values.getNumElements() != resultType.getDimSize(rank - 1))
      return std::nullopt;
    epilogue.channelValues.push_back(values);
  }
  for (Operation &op : generic.getBody()->without_terminator())
    if (!isa<arith::ArithDialect>(op.getDialect()) || op.getNumRegions())
      return std::nullopt;
  if (!sawResult)
    return std::nullopt;
  return epilogue;
}

/// The epilogue's body on vectors of 16 lanes: `acc` for the result,
/// `channels[i]` for the other inputs; scalars from outside become splats.
Value emitEpilogue(OpBuilder &b, Location loc, const Epilogue &epilogue,
                   Value acc, ArrayRef<Value> channels) {
  IRMapping mapping;
  linalg::GenericOp generic = epilogue.op;
  Block *body = generic.getBody();
  for (auto [i, arg] : llvm::enumerate(generic.getRegionInputArgs()))
    mapping.map(arg, i == epilogue.accInput ? acc : channels[i]);
  auto widen = [&](Type t) -> Type { return VectorType::get({kLanes}, t); };
  for (Operation &op : body->without_terminator()) {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      auto value = cast<TypedAttr>(constant.getValue());
      mapping.map(constant.getResult(),
                  arith::ConstantOp::create(
                      b, loc,
                      DenseElementsAttr::get(
                          cast<ShapedType>(widen(value.getType())), value)));
      continue;
    }
    SmallVector<Value> operands;
    for (Value operand : op.getOperands()) {
      Value mapped = mapping.lookupOrNull(operand);
      if (!mapped) // a scalar defined outside the body
        mapped = vector::BroadcastOp::create(b, loc, widen(operand.getType()),
                                             operand);
      operands.push_back(mapped);
    }
    OperationState state(loc, op.getName());
    state.addOperands(operands);
    state.addAttributes(op.getAttrs());
    for (Type t : op.getResultTypes())
      state.addTypes(widen(t));
    Operation *vectorOp = b.create(state);
    mapping.map(op.getResults(), vectorOp->getResults());
  }
  Value yielded = body->getTerminator()->getOperand(0);
  Value mapped = mapping.lookupOrNull(yielded);
  if (!mapped)
    mapped =
        vector::BroadcastOp::create(b, loc, widen(yielded.getType()), yielded);
  return mapped;
}

/// A convolution (a matmul is the 1x1 case) over an unsigned-byte input
/// `[N, H, W, Cp]` (Cp a multiple of 4) producing `[M = N * OH * OW, F]`.
struct Geometry {
  int64_t n, oh, ow, kh, kw, sy, sx, dy, dx, c, cp, f;
};

/// Emits the VNNI kernel; `weights[(kpos * c + ch) * f + j]` are the signed
/// weights of kernel position kpos = y * KW + x, channel ch, filter j.
/// Returns the result `[M, F]` (i32, or the epilogue's type), or its first
/// `keepRows` rows when given.
Value emitKernel(OpBuilder &b, Location loc, ModuleOp module, Value input,
                 const Geometry &g, ArrayRef<int8_t> weights, int64_t &counter,
                 bool parallel, const Epilogue *epilogue,
                 int64_t keepRows = 0) {
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  int64_t m = g.n * g.oh * g.ow, f = g.f, positions = g.kh * g.kw;
  // Register block: rows x column blocks of 16 accumulators.
  int64_t rows = m >= 4 ? 4 : m;
  int64_t blocks = (f + kLanes - 1) / kLanes;
  int64_t blockTile = std::min<int64_t>(m >= 4 ? 4 : 8, blocks);
  int64_t mp = roundUp(m, rows), nbp = roundUp(blocks, blockTile);
  int64_t channelGroups = g.cp / 4, groups = positions * channelGroups;

  // Weights: [column block][K group][16 columns x 4 bytes], K ordered as
  // (kernel position, channel) with channels padded to Cp; the start values
  // -128 * column sums.
  SmallVector<int8_t> packed(nbp * groups * 64, 0);
  SmallVector<int32_t> start(nbp * kLanes, 0);
  for (int64_t pos = 0; pos < positions; ++pos)
    for (int64_t ch = 0; ch < g.c; ++ch)
      for (int64_t j = 0; j < f; ++j) {
        int8_t w = weights[(pos * g.c + ch) * f + j];
        int64_t k = pos * g.cp + ch;
        int64_t block = j / kLanes, lane = j % kLanes;
        packed[(block * groups + k / 4) * 64 + lane * 4 + k % 4] = w;
        start[j] -= 128 * int32_t(w);
      }
  // 4-bit weights (every value in [-8, 7]) are stored two per byte: byte j
  // of a group's 32 holds weight byte j in its low nibble and j + 32 in its
  // high nibble; the kernel unpacks them with two shifts.
  bool nibbles =
      llvm::all_of(weights, [](int8_t w) { return w >= -8 && w <= 7; });
  SmallVector<int8_t> stored;
  if (nibbles) {
    stored.resize(packed.size() / 2);
    for (size_t group = 0; group < packed.size() / 64; ++group)
      for (int64_t j = 0; j < 32; ++j)
        stored[group * 32 + j] = static_cast<int8_t>(
            (packed[group * 64 + j] & 0x0F) |
            (static_cast<uint8_t>(packed[group * 64 + j + 32]) << 4));
  }
  KernelConstants constants =
      makeKernelConstants(b, module, loc, counter, nibbles ? stored : packed,
                          start, nbp, groups, nibbles ? 32 : 64);
  std::string base = constants.base;
  Value rhs = constants.rhsValue, starts = constants.startValue;

  auto inputType = cast<RankedTensorType>(input.getType());
  Value inBuffer = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(inputType.getShape(), i8), input,
      /*read_only=*/true);
  Type outElement = epilogue ? epilogue->outElement : i32;
  auto cMemType = MemRefType::get({mp, nbp * kLanes}, outElement);
  Value cBuffer =
      memref::AllocOp::create(b, loc, cMemType, b.getI64IntegerAttr(64));
  // The epilogue's per-channel constants, padded to whole column blocks.
  SmallVector<Value> channelBuffers;
  if (epilogue) {
    for (auto [i, values] : llvm::enumerate(epilogue->channelValues)) {
      if (!values) {
        channelBuffers.push_back(Value());
        continue;
      }
      Type element = values.getElementType();
      auto type = MemRefType::get({nbp * kLanes}, element);
      SmallVector<Attribute> padded(values.getValues<Attribute>());
      padded.resize(nbp * kLanes, padded.front());
      memref::GlobalOp global = makeGlobal(
          b, module, loc, base + "_epilogue" + std::to_string(i), type,
          DenseElementsAttr::get(
              RankedTensorType::get(type.getShape(), element), padded));
      channelBuffers.push_back(
          memref::GetGlobalOp::create(b, loc, type, global.getSymName()));
    }
  }

  auto index = [&](OpBuilder &nb, int64_t v) {
    return indexConstant(nb, loc, v);
  };
  auto accType = VectorType::get({kLanes}, i32);
  auto bytesType = VectorType::get({64}, i8);
  func::FuncOp intrinsic = qmlir::getIntrinsicDeclaration(
      module, "llvm.x86.avx512.vpdpbusd.512",
      b.getFunctionType({accType, bytesType, bytesType}, {accType}));

  LoopNest nest = buildLoopNest(b, loc, nbp, blockTile, mp, rows, parallel);
  OpBuilder &cb = nest.body;
  Value block = nest.block, row = nest.row;
  SmallVector<Value> blockIndex, rowIndex, batchOf, ohOf, owOf;
  for (int64_t c = 0; c < blockTile; ++c)
    blockIndex.push_back(arith::AddIOp::create(cb, loc, block, index(cb, c)));
  for (int64_t r = 0; r < rows; ++r) {
    Value p = arith::AddIOp::create(cb, loc, row, index(cb, r));
    rowIndex.push_back(p);
    // Rows past M (padding of the last block) read the last pixel.
    Value q = arith::MinSIOp::create(cb, loc, p, index(cb, m - 1));
    Value plane = index(cb, g.oh * g.ow);
    batchOf.push_back(arith::DivSIOp::create(cb, loc, q, plane));
    Value rem = arith::RemSIOp::create(cb, loc, q, plane);
    ohOf.push_back(arith::DivSIOp::create(cb, loc, rem, index(cb, g.ow)));
    owOf.push_back(arith::RemSIOp::create(cb, loc, rem, index(cb, g.ow)));
  }
  SmallVector<Value> init;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < blockTile; ++c)
      init.push_back(vector::LoadOp::create(
          cb, loc, accType, starts, ValueRange{blockIndex[c], index(cb, 0)}));

  auto positionLoop = scf::ForOp::create(
      cb, loc, index(cb, 0), index(cb, positions), index(cb, 1), init,
      [&](OpBuilder &pb, Location ploc, Value pos, ValueRange accsIn) {
        Value ky = arith::DivSIOp::create(pb, ploc, pos, index(pb, g.kw));
        Value kx = arith::RemSIOp::create(pb, ploc, pos, index(pb, g.kw));
        SmallVector<Value> ys, xs;
        for (int64_t r = 0; r < rows; ++r) {
          ys.push_back(arith::AddIOp::create(
              pb, ploc,
              arith::MulIOp::create(pb, ploc, ohOf[r], index(pb, g.sy)),
              arith::MulIOp::create(pb, ploc, ky, index(pb, g.dy))));
          xs.push_back(arith::AddIOp::create(
              pb, ploc,
              arith::MulIOp::create(pb, ploc, owOf[r], index(pb, g.sx)),
              arith::MulIOp::create(pb, ploc, kx, index(pb, g.dx))));
        }
        Value groupBase =
            arith::MulIOp::create(pb, ploc, pos, index(pb, channelGroups));
        auto channelLoop = scf::ForOp::create(
            pb, ploc, index(pb, 0), index(pb, channelGroups), index(pb, 1),
            accsIn,
            [&](OpBuilder &kb, Location kloc, Value cg, ValueRange accs) {
              Value channel = arith::MulIOp::create(kb, kloc, cg, index(kb, 4));
              Value group = arith::AddIOp::create(kb, kloc, groupBase, cg);
              SmallVector<Value> lhs, rhsBytes;
              for (int64_t r = 0; r < rows; ++r) {
                Value four = vector::LoadOp::create(
                    kb, kloc, VectorType::get({4}, i8), inBuffer,
                    ValueRange{batchOf[r], ys[r], xs[r], channel});
                Value word = vector::BitCastOp::create(
                    kb, kloc, VectorType::get({1}, i32), four);
                Value scalar = vector::ExtractOp::create(kb, kloc, word,
                                                         ArrayRef<int64_t>{0});
                Value splat =
                    vector::BroadcastOp::create(kb, kloc, accType, scalar);
                lhs.push_back(
                    vector::BitCastOp::create(kb, kloc, bytesType, splat));
              }
              for (int64_t c = 0; c < blockTile; ++c) {
                if (!nibbles) {
                  rhsBytes.push_back(vector::LoadOp::create(
                      kb, kloc, bytesType, rhs,
                      ValueRange{blockIndex[c], group, index(kb, 0)}));
                  continue;
                }
                // Sign-extended low nibbles are bytes 0..31, high 32..63:
                // ((n & 15) ^ 8) - 8, byte operations x86 has.
                auto halfType = VectorType::get({32}, i8);
                Value half = vector::LoadOp::create(
                    kb, kloc, halfType, rhs,
                    ValueRange{blockIndex[c], group, index(kb, 0)});
                auto splat = [&](int8_t v) -> Value {
                  return arith::ConstantOp::create(
                      kb, kloc, DenseElementsAttr::get(halfType, v));
                };
                auto signExtend = [&](Value nibble) -> Value {
                  Value masked =
                      arith::AndIOp::create(kb, kloc, nibble, splat(0x0F));
                  Value flipped =
                      arith::XOrIOp::create(kb, kloc, masked, splat(8));
                  return arith::SubIOp::create(kb, kloc, flipped, splat(8));
                };
                Value low = signExtend(half);
                Value high = signExtend(
                    arith::ShRUIOp::create(kb, kloc, half, splat(4)));
                rhsBytes.push_back(vector::ShuffleOp::create(
                    kb, kloc, low, high,
                    llvm::to_vector(llvm::seq<int64_t>(0, 64))));
              }
              SmallVector<Value> next;
              for (int64_t r = 0; r < rows; ++r)
                for (int64_t c = 0; c < blockTile; ++c)
                  next.push_back(
                      func::CallOp::create(kb, kloc, intrinsic,
                                           ValueRange{accs[r * blockTile + c],
                                                      lhs[r], rhsBytes[c]})
                          .getResult(0));
              scf::YieldOp::create(kb, kloc, next);
            });
        scf::YieldOp::create(pb, ploc, channelLoop.getResults());
      });
  for (int64_t c = 0; c < blockTile; ++c) {
    Value col =
        arith::MulIOp::create(cb, loc, blockIndex[c], index(cb, kLanes));
    SmallVector<Value> channels;
    for (Value buffer : channelBuffers) {
      if (!buffer) {
        channels.push_back(Value());
        continue;
      }
      auto type = cast<MemRefType>(buffer.getType());
      channels.push_back(vector::LoadOp::create(
          cb, loc, VectorType::get({kLanes}, type.getElementType()), buffer,
          ValueRange{col}));
    }
    for (int64_t r = 0; r < rows; ++r) {
      Value acc = positionLoop.getResult(r * blockTile + c);
      if (epilogue)
        acc = emitEpilogue(cb, loc, *epilogue, acc, channels);
      vector::StoreOp::create(cb, loc, acc, cBuffer,
                              ValueRange{rowIndex[r], col});
    }
  }

  b.setInsertionPointAfter(nest.outer);
  return resultTensor(b, loc, cBuffer, keepRows ? keepRows : m, f);
}

/// Pads the last dimension of a 4-D i8 tensor to a multiple of 4 with zeros
/// (which meet zero weights).
Value padChannels(OpBuilder &b, Location loc, Value x, int64_t rowPad = 0) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  int64_t c = type.getDimSize(rank - 1);
  int64_t cp = roundUp(c, 4);
  if (cp == c && rowPad == 0)
    return x;
  SmallVector<int64_t> shape(type.getShape());
  shape.back() = cp;
  SmallVector<OpFoldResult> low(rank, b.getIndexAttr(0)),
      high(rank, b.getIndexAttr(0));
  high[rank - 1] = b.getIndexAttr(cp - c);
  if (rank == 2) {
    high[0] = b.getIndexAttr(rowPad);
    shape[0] += rowPad;
  }
  Value zero = arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0));
  return tensor::PadOp::create(b, loc, type.clone(shape), x, low, high, zero);
}

bool isZeroInitInt32(Value init, Type resultType) {
  auto type = dyn_cast<RankedTensorType>(resultType);
  return type && type.hasStaticShape() && type.getElementType().isInteger(32) &&
         isZeroFill(init);
}

LogicalResult rewriteMatmul(linalg::MatmulOp op, int64_t &counter,
                            bool parallel) {
  if (op.hasUserDefinedMaps() || !op.hasPureTensorSemantics())
    return failure();
  auto aType = dyn_cast<RankedTensorType>(op.getDpsInputs()[0].getType());
  auto bType = dyn_cast<RankedTensorType>(op.getDpsInputs()[1].getType());
  if (!aType || !bType || !aType.hasStaticShape() || !bType.hasStaticShape() ||
      !aType.getElementType().isInteger(8) ||
      !isZeroInitInt32(op.getDpsInits()[0], op.getResultTypes()[0]))
    return failure();
  std::optional<SmallVector<int8_t>> weights =
      constantWeights(op.getDpsInputs()[1]);
  if (!weights)
    return failure();
  int64_t m = aType.getDimSize(0), k = aType.getDimSize(1),
          n = bType.getDimSize(1);
  OpBuilder b(op);
  Location loc = op.getLoc();
  // [M, K] as a [1, M, 1, Kp] input of a 1x1 convolution; rows padded to
  // the register block so that no clamping is needed.
  int64_t rows = m >= 4 ? 4 : m;
  int64_t mp = roundUp(m, rows);
  Value a =
      padChannels(b, loc, flipTopBit(b, loc, op.getDpsInputs()[0]), mp - m);
  int64_t kp = roundUp(k, 4);
  Value input = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({1, mp, 1, kp}, b.getI8Type()), a,
      SmallVector<ReassociationIndices>{{0, 1}, {2, 3}});
  Geometry g{1, mp, 1, 1, 1, 1, 1, 1, 1, k, kp, n};
  std::optional<Epilogue> epilogue = matchEpilogue(op->getResult(0));
  Value result = emitKernel(b, loc, op->getParentOfType<ModuleOp>(), input, g,
                            *weights, counter, parallel,
                            epilogue ? &*epilogue : nullptr, /*keepRows=*/m);
  Operation *replaced = epilogue ? epilogue->op.getOperation() : op;
  replaced->getResult(0).replaceAllUsesWith(result);
  if (epilogue)
    epilogue->op->erase();
  op->erase();
  return success();
}

/// A direct convolution: every output pixel is a row of the product, its K
/// bytes read from the input at each kernel position (an implicit im2col).
LogicalResult rewriteConv(linalg::Conv2DNhwcHwcfOp op, int64_t &counter,
                          bool parallel) {
  if (!op.hasPureTensorSemantics())
    return failure();
  auto xType = dyn_cast<RankedTensorType>(op.getDpsInputs()[0].getType());
  auto wType = dyn_cast<RankedTensorType>(op.getDpsInputs()[1].getType());
  auto yType = dyn_cast<RankedTensorType>(op.getResultTypes()[0]);
  if (!xType || !wType || !xType.hasStaticShape() || !wType.hasStaticShape() ||
      !xType.getElementType().isInteger(8) ||
      !isZeroInitInt32(op.getDpsInits()[0], yType))
    return failure();
  std::optional<SmallVector<int8_t>> weights =
      constantWeights(op.getDpsInputs()[1]);
  if (!weights)
    return failure();
  SmallVector<int64_t> strides(op.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations(op.getDilations().getValues<int64_t>());
  OpBuilder b(op);
  Location loc = op.getLoc();
  int64_t c = xType.getDimSize(3);
  Geometry g{yType.getDimSize(0), yType.getDimSize(1),
             yType.getDimSize(2), wType.getDimSize(0),
             wType.getDimSize(1), strides[0],
             strides[1],          dilations[0],
             dilations[1],        c,
             roundUp(c, 4),       wType.getDimSize(3)};
  Value input =
      padChannels(b, loc, flipBeforePad(b, loc, op.getDpsInputs()[0]));
  std::optional<Epilogue> epilogue = matchEpilogue(op->getResult(0));
  Value flat =
      emitKernel(b, loc, op->getParentOfType<ModuleOp>(), input, g, *weights,
                 counter, parallel, epilogue ? &*epilogue : nullptr);
  SmallVector<ReassociationIndices> pixels{{0, 1, 2}, {3}};
  if (epilogue) {
    Value result = tensor::ExpandShapeOp::create(
        b, loc, epilogue->op.getResultTypes()[0], flat, pixels);
    epilogue->op->getResult(0).replaceAllUsesWith(result);
    epilogue->op->erase();
    op->erase();
    return success();
  }
  Value result = tensor::ExpandShapeOp::create(b, loc, yType, flat, pixels);
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
  return success();
}

/// A depthwise convolution (channel multiplier 1): each output pixel's 16
/// channels of a block are one accumulator; four kernel taps of a channel
/// meet in one 32-bit lane: the input bytes of four taps are interleaved
/// (lane c = x[t0][c], x[t1][c], x[t2][c], x[t3][c]) by two-source shuffles,
/// and the weights are packed the same way at compile time.
LogicalResult rewriteDepthwise(linalg::LinalgOp op, int64_t &counter,
                               bool parallel) {
  // linalg.depthwise_conv_2d_nhwc_hwcm (multiplier 1) or ..._nhwc_hwc.
  bool withMultiplier = isa<linalg::DepthwiseConv2DNhwcHwcmOp>(op);
  DenseIntElementsAttr stridesAttr, dilationsAttr;
  if (auto hwcm =
          dyn_cast<linalg::DepthwiseConv2DNhwcHwcmOp>(op.getOperation())) {
    stridesAttr = hwcm.getStrides();
    dilationsAttr = hwcm.getDilations();
  } else {
    auto hwc = cast<linalg::DepthwiseConv2DNhwcHwcOp>(op.getOperation());
    stridesAttr = hwc.getStrides();
    dilationsAttr = hwc.getDilations();
  }
  if (!op.hasPureTensorSemantics())
    return failure();
  auto xType = dyn_cast<RankedTensorType>(op.getDpsInputs()[0].getType());
  auto wType = dyn_cast<RankedTensorType>(op.getDpsInputs()[1].getType());
  auto yType = dyn_cast<RankedTensorType>(op->getResultTypes()[0]);
  if (!xType || !wType || !xType.hasStaticShape() || !wType.hasStaticShape() ||
      (withMultiplier && wType.getDimSize(3) != 1) ||
      !xType.getElementType().isInteger(8) ||
      !isZeroInitInt32(op.getDpsInits()[0], yType))
    return failure();
  std::optional<SmallVector<int8_t>> weights =
      constantWeights(op.getDpsInputs()[1]);
  if (!weights)
    return failure();
  SmallVector<int64_t> strides(stridesAttr.getValues<int64_t>());
  SmallVector<int64_t> dilations(dilationsAttr.getValues<int64_t>());
  auto module = op->getParentOfType<ModuleOp>();
  OpBuilder b(op);
  Location loc = op.getLoc();
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  int64_t n = yType.getDimSize(0), oh = yType.getDimSize(1),
          ow = yType.getDimSize(2), c = xType.getDimSize(3);
  int64_t kh = wType.getDimSize(0), kw = wType.getDimSize(1);
  int64_t m = n * oh * ow, taps = kh * kw, tapGroups = (taps + 3) / 4;
  int64_t blocks = (c + kLanes - 1) / kLanes;
  int64_t blockTile = std::min<int64_t>(4, blocks);
  int64_t nbp = roundUp(blocks, blockTile), cp = nbp * kLanes;
  int64_t rows = m >= 4 ? 4 : m, mp = roundUp(m, rows);

  // Weights [block][tap group][16 channels x 4 taps]; start values.
  SmallVector<int8_t> packed(nbp * tapGroups * 64, 0);
  SmallVector<int32_t> start(nbp * kLanes, 0);
  for (int64_t t = 0; t < taps; ++t)
    for (int64_t ch = 0; ch < c; ++ch) {
      int8_t w = (*weights)[t * c + ch]; // [KH, KW, C, 1]
      int64_t block = ch / kLanes, lane = ch % kLanes;
      packed[(block * tapGroups + t / 4) * 64 + lane * 4 + t % 4] = w;
      start[ch] -= 128 * int32_t(w);
    }
  KernelConstants constants = makeKernelConstants(
      b, module, loc, counter, packed, start, nbp, tapGroups);
  Value rhs = constants.rhsValue, starts = constants.startValue;

  // Unsigned input bytes, channels padded to whole register tiles.
  Value input = flipBeforePad(b, loc, op.getDpsInputs()[0]);
  if (cp != c) {
    auto type = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> shape(type.getShape());
    shape[3] = cp;
    SmallVector<OpFoldResult> low(4, b.getIndexAttr(0)),
        high(4, b.getIndexAttr(0));
    high[3] = b.getIndexAttr(cp - c);
    Value zero = arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0));
    input = tensor::PadOp::create(b, loc, type.clone(shape), input, low, high,
                                  zero);
  }
  auto inputType = cast<RankedTensorType>(input.getType());
  Value inBuffer = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(inputType.getShape(), i8), input,
      /*read_only=*/true);
  auto cMemType = MemRefType::get({mp, cp}, i32);
  Value cBuffer =
      memref::AllocOp::create(b, loc, cMemType, b.getI64IntegerAttr(64));

  auto index = [&](OpBuilder &nb, int64_t v) {
    return indexConstant(nb, loc, v);
  };
  auto accType = VectorType::get({kLanes}, i32);
  auto bytesType = VectorType::get({64}, i8);
  auto wideType = VectorType::get({kLanes * blockTile}, i8);
  func::FuncOp intrinsic = qmlir::getIntrinsicDeclaration(
      module, "llvm.x86.avx512.vpdpbusd.512",
      b.getFunctionType({accType, bytesType, bytesType}, {accType}));

  LoopNest nest = buildLoopNest(b, loc, nbp, blockTile, mp, rows, parallel);
  OpBuilder &cb = nest.body;
  Value block = nest.block, row = nest.row;
  Value channel0 = arith::MulIOp::create(cb, loc, block, index(cb, kLanes));
  SmallVector<Value> blockIndex;
  for (int64_t j = 0; j < blockTile; ++j)
    blockIndex.push_back(arith::AddIOp::create(cb, loc, block, index(cb, j)));
  for (int64_t r = 0; r < rows; ++r) {
    Value p = arith::AddIOp::create(cb, loc, row, index(cb, r));
    Value q = arith::MinSIOp::create(cb, loc, p, index(cb, m - 1));
    Value plane = index(cb, oh * ow);
    Value batch = arith::DivSIOp::create(cb, loc, q, plane);
    Value rem = arith::RemSIOp::create(cb, loc, q, plane);
    Value y0 = arith::MulIOp::create(
        cb, loc, arith::DivSIOp::create(cb, loc, rem, index(cb, ow)),
        index(cb, strides[0]));
    Value x0 = arith::MulIOp::create(
        cb, loc, arith::RemSIOp::create(cb, loc, rem, index(cb, ow)),
        index(cb, strides[1]));
    // The input bytes of every tap for this pixel, all channel blocks.
    SmallVector<Value> tapBytes;
    for (int64_t t = 0; t < taps; ++t) {
      Value y = arith::AddIOp::create(cb, loc, y0,
                                      index(cb, (t / kw) * dilations[0]));
      Value x = arith::AddIOp::create(cb, loc, x0,
                                      index(cb, (t % kw) * dilations[1]));
      tapBytes.push_back(vector::LoadOp::create(
          cb, loc, wideType, inBuffer, ValueRange{batch, y, x, channel0}));
    }
    for (int64_t j = 0; j < blockTile; ++j) {
      Value acc = vector::LoadOp::create(
          cb, loc, accType, starts, ValueRange{blockIndex[j], index(cb, 0)});
      for (int64_t g = 0; g < tapGroups; ++g) {
        auto tap = [&](int64_t k) {
          int64_t t = 4 * g + k;
          return tapBytes[t < taps ? t : 0];
        };
        // Pairs (t0, t1) and (t2, t3) of block j, then the quadruples.
        SmallVector<int64_t> pairMask, quadMask;
        int64_t width = kLanes * blockTile;
        for (int64_t ch = 0; ch < kLanes; ++ch) {
          pairMask.push_back(j * kLanes + ch);
          pairMask.push_back(width + j * kLanes + ch);
        }
        for (int64_t ch = 0; ch < kLanes; ++ch)
          for (int64_t k : {2 * ch, 2 * ch + 1, 32 + 2 * ch, 32 + 2 * ch + 1})
            quadMask.push_back(k);
        Value p01 =
            vector::ShuffleOp::create(cb, loc, tap(0), tap(1), pairMask);
        Value p23 =
            vector::ShuffleOp::create(cb, loc, tap(2), tap(3), pairMask);
        Value quads = vector::ShuffleOp::create(cb, loc, p01, p23, quadMask);
        Value w = vector::LoadOp::create(
            cb, loc, bytesType, rhs,
            ValueRange{blockIndex[j], index(cb, g), index(cb, 0)});
        acc =
            func::CallOp::create(cb, loc, intrinsic, ValueRange{acc, quads, w})
                .getResult(0);
      }
      vector::StoreOp::create(
          cb, loc, acc, cBuffer,
          ValueRange{arith::AddIOp::create(cb, loc, row, index(cb, r)),
                     arith::MulIOp::create(cb, loc, blockIndex[j],
                                           index(cb, kLanes))});
    }
  }

  b.setInsertionPointAfter(nest.outer);
  Value flat = resultTensor(b, loc, cBuffer, m, c);
  Value result = tensor::ExpandShapeOp::create(
      b, loc, yType, flat,
      withMultiplier ? SmallVector<ReassociationIndices>{{0, 1, 2}, {3, 4}}
                     : SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
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
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (isa<linalg::MatmulOp, linalg::Conv2DNhwcHwcfOp,
              linalg::DepthwiseConv2DNhwcHwcmOp,
              linalg::DepthwiseConv2DNhwcHwcOp>(op))
        ops.push_back(op);
    });
    int64_t counter = 0;
    for (Operation *op : ops) {
      if (auto matmul = dyn_cast<linalg::MatmulOp>(op))
        (void)rewriteMatmul(matmul, counter, parallel);
      else if (auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op))
        (void)rewriteConv(conv, counter, parallel);
      else
        (void)rewriteDepthwise(cast<linalg::LinalgOp>(op), counter, parallel);
    }
    if (counter > 0) {
      Builder b(module.getContext());
      module->setAttr(qmlir::kRequiredCpuFeaturesAttrName,
                      b.getStrArrayAttr({"avx512vnni", "avx512bw"}));
    }
  }
};

} // namespace
