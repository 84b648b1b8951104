//===- TileAndVectorize.cpp - Tile linalg ops and vectorize the tiles -----===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Chooses register tiles per op family, tiles with scf.for on tensors,
// rewrites convolution and pooling tiles as 1-D ops, and vectorizes each
// innermost tile (with masks when a tile does not divide its dimension).
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIRTILEANDVECTORIZE
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {

/// Elements per tile of the innermost loop of element-wise ops: four 512-bit
/// vectors of f32.
constexpr int64_t kElementwiseTile = 64;

/// Reduction block of matmuls, sized so that a block of B for one column tile
/// stays in the L1 cache.
constexpr int64_t kMatmulKBlock = 128;

/// f32 lanes of a 512-bit vector, and the accumulator elements a register
/// tile may hold (16 of the 32 vector registers).
constexpr int64_t kF32PerVector = 16;
constexpr int64_t kAccumulatorElements = 16 * kF32PerVector;

/// The tiling of one op: successive levels of tile sizes (0 = not tiled at
/// that level), applied outermost first.
struct TilingPlan {
  struct Level {
    SmallVector<int64_t> sizes;
    /// Order of the tile loops (empty: the op's loop order).
    SmallVector<int64_t> interchange = {};
    /// Copy the tile's second input (B of a matmul) into a contiguous buffer.
    bool packRhs = false;
    /// Tile with an scf.forall: the tiles are independent and run on
    /// threads once the loop becomes an OpenMP loop.
    bool forall = false;
  };
  SmallVector<Level> levels;
};

/// Ops with fewer elements than this stay on one thread: starting the
/// threads would cost more than the work.
constexpr int64_t kMinThreadedElements = 16384;
/// The most chunks a loop is split into for threads.
constexpr int64_t kMaxThreadChunks = 16;

/// The level that splits `op` across threads: its outermost parallel loop of
/// static size > 1 (not the innermost, vector loop) into at most
/// kMaxThreadChunks equal chunks. None for small or dynamic ops and loops
/// whose size has no divisor in [2, kMaxThreadChunks].
static std::optional<TilingPlan::Level> threadLevel(linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.size() < 2 || llvm::any_of(ranges, ShapedType::isDynamic))
    return std::nullopt;
  int64_t elements = 1;
  for (int64_t range : ranges)
    elements = range > 0 && elements > INT64_MAX / range ? INT64_MAX
                                                         : elements * range;
  if (elements < kMinThreadedElements)
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (size_t i = 0; i + 1 < ranges.size(); ++i) {
    if (iterators[i] != utils::IteratorType::parallel || ranges[i] <= 1)
      continue;
    int64_t chunks = std::min(ranges[i], kMaxThreadChunks);
    while (chunks > 1 && ranges[i] % chunks != 0)
      --chunks;
    if (chunks < 2)
      continue;
    TilingPlan::Level level;
    level.sizes.assign(ranges.size(), 0);
    level.sizes[i] = ranges[i] / chunks;
    level.forall = true;
    return level;
  }
  return std::nullopt;
}

/// The tile size for a loop of static `size`: `preferred` if it divides the
/// size, else the largest divisor not below `preferred / 2`; failing that the
/// whole loop (0) when it spans at most four preferred tiles, else its largest
/// divisor below `preferred`. Tiles always divide their loop, so every tile
/// is static and is vectorized without masks.
int64_t chooseTile(int64_t size, int64_t preferred) {
  if (ShapedType::isDynamic(size))
    return 0;
  if (size <= preferred)
    return 0;
  for (int64_t tile = preferred; tile >= std::max<int64_t>(1, preferred / 2);
       --tile)
    if (size % tile == 0)
      return tile;
  if (size <= 4 * preferred)
    return 0;
  for (int64_t tile = preferred / 2; tile > 1; --tile)
    if (size % tile == 0)
      return tile;
  return 1;
}

/// The tile of a loop that becomes the vector dimension. A size that is not
/// a power of two but has a power-of-two factor of at least 8 (48, 24, 96:
/// pruned layers) is tiled by its largest such factor up to `preferred`, so
/// that no vector of an odd number of registers is formed (a 48- or 24-wide
/// f32 vector, which the x86 backend widens and splits element by element);
/// other sizes as `chooseTile`.
int64_t chooseVectorTile(int64_t size, int64_t preferred) {
  if (ShapedType::isDynamic(size) || llvm::isPowerOf2_64(size))
    return chooseTile(size, preferred);
  int64_t factor = int64_t(1) << llvm::countr_zero(uint64_t(size));
  if (factor < 8)
    return chooseTile(size, preferred);
  while (factor > preferred)
    factor /= 2;
  return factor;
}

/// Rewrites `tensor.insert_slice %src into %dest` as a `linalg.copy` of %src
/// into the matching slice of %dest. The copy bufferizes in place into the
/// destination's subview and is then tiled and vectorized like any
/// element-wise op, where a bufferized insert_slice would become a generic
/// strided `memref.copy` (an element-by-element runtime call). Padding and
/// concatenation produce such inserts.
struct InsertSliceAsLinalgCopy
    : public OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::InsertSliceOp insert,
                                PatternRewriter &rewriter) const override {
    RankedTensorType sourceType = insert.getSourceType();
    if (!sourceType.hasStaticShape() ||
        sourceType.getRank() != insert.getDestType().getRank() ||
        insert.getSource().getDefiningOp<linalg::CopyOp>() ||
        insert.getSource().getDefiningOp<linalg::FillOp>() ||
        insert->getParentOfType<scf::ForOp>())
      return failure();
    Location loc = insert.getLoc();
    Value slice = tensor::ExtractSliceOp::create(
        rewriter, loc, sourceType, insert.getDest(), insert.getMixedOffsets(),
        insert.getMixedSizes(), insert.getMixedStrides());
    Value copy =
        linalg::CopyOp::create(rewriter, loc, insert.getSource(), slice)
            .getResult(0);
    rewriter.modifyOpInPlace(insert,
                             [&] { insert.getSourceMutable().assign(copy); });
    return success();
  }
};

/// Decomposes a static `tensor.pad` by a constant into fills of the border
/// only and the insertion of the source: upstream's decomposition fills the
/// whole padded tensor before the interior overwrites most of it, which
/// was 4% of MobileNetV2's run time. Dimension d's two border slabs span the
/// interior of the dimensions before it and all of those after it, so the
/// slabs cover the border once.
struct DecomposePadBorder : public OpRewritePattern<tensor::PadOp> {
  DecomposePadBorder(MLIRContext *context)
      : OpRewritePattern<tensor::PadOp>(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(tensor::PadOp pad,
                                PatternRewriter &rewriter) const override {
    Value value = pad.getConstantPaddingValue();
    RankedTensorType resultType = pad.getResultType();
    RankedTensorType sourceType = pad.getSourceType();
    if (!value || !resultType.hasStaticShape() || !sourceType.hasStaticShape())
      return rewriter.notifyMatchFailure(pad, "not a static constant pad");
    SmallVector<int64_t> low(pad.getStaticLow()), high(pad.getStaticHigh());
    if (llvm::any_of(llvm::concat<int64_t>(low, high),
                     [](int64_t v) { return v < 0; }))
      return rewriter.notifyMatchFailure(pad, "dynamic or negative padding");

    Location loc = pad.getLoc();
    int64_t rank = resultType.getRank();
    ArrayRef<int64_t> full = resultType.getShape();
    ArrayRef<int64_t> inner = sourceType.getShape();
    SmallVector<int64_t> ones(rank, 1);
    Value result = tensor::EmptyOp::create(rewriter, loc, full,
                                           resultType.getElementType());
    MLIRContext *context = rewriter.getContext();
    SmallVector<OpFoldResult> unit = getAsIndexOpFoldResult(context, ones);
    auto fillSlab = [&](ArrayRef<int64_t> offsets, ArrayRef<int64_t> sizes) {
      SmallVector<OpFoldResult> at = getAsIndexOpFoldResult(context, offsets);
      SmallVector<OpFoldResult> extent = getAsIndexOpFoldResult(context, sizes);
      Value slab = tensor::ExtractSliceOp::create(rewriter, loc, result, at,
                                                  extent, unit);
      Value filled =
          linalg::FillOp::create(rewriter, loc, value, slab).getResult(0);
      result = tensor::InsertSliceOp::create(rewriter, loc, filled, result, at,
                                             extent, unit);
    };
    for (int64_t d = 0; d < rank; ++d) {
      SmallVector<int64_t> offsets(rank, 0), sizes(full);
      for (int64_t k = 0; k < d; ++k) {
        offsets[k] = low[k];
        sizes[k] = inner[k];
      }
      if (low[d] > 0) {
        offsets[d] = 0;
        sizes[d] = low[d];
        fillSlab(offsets, sizes);
      }
      if (high[d] > 0) {
        offsets[d] = low[d] + inner[d];
        sizes[d] = high[d];
        fillSlab(offsets, sizes);
      }
    }
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        pad, pad.getSource(), result, getAsIndexOpFoldResult(context, low),
        getAsIndexOpFoldResult(context, inner), unit);
    return success();
  }
};

/// Rewrites a depthwise convolution with channel multiplier 1 (the form
/// TOSA produces, with a unit multiplier dimension) as the multiplier-free
/// `depthwise_conv_2d_nhwc_hwc`, which is tiled and vectorized like pooling.
struct DepthwiseMultiplierOne
    : public OpRewritePattern<linalg::DepthwiseConv2DNhwcHwcmOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::DepthwiseConv2DNhwcHwcmOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics())
      return failure();
    Value filter = op.getDpsInputs()[1];
    Value init = op.getDpsInits()[0];
    auto filterType = cast<RankedTensorType>(filter.getType());
    auto initType = cast<RankedTensorType>(init.getType());
    if (filterType.getDimSize(3) != 1)
      return failure();
    Location loc = op.getLoc();
    SmallVector<ReassociationIndices> filterGroups = {{0}, {1}, {2, 3}};
    SmallVector<ReassociationIndices> outputGroups = {{0}, {1}, {2}, {3, 4}};
    Value flatFilter =
        tensor::CollapseShapeOp::create(rewriter, loc, filter, filterGroups);
    Value flatInit =
        tensor::CollapseShapeOp::create(rewriter, loc, init, outputGroups);
    auto conv = linalg::DepthwiseConv2DNhwcHwcOp::create(
        rewriter, loc, TypeRange{flatInit.getType()},
        ValueRange{op.getDpsInputs()[0], flatFilter}, ValueRange{flatInit},
        {rewriter.getNamedAttr("strides", op.getStrides()),
         rewriter.getNamedAttr("dilations", op.getDilations())});
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, initType, conv.getResult(0), outputGroups);
    return success();
  }
};

/// Patterns that turn tensor padding, slice insertion and TOSA's depthwise
/// form into linalg ops the tiler and vectorizer handle.
void populateTileableFormPatterns(RewritePatternSet &patterns) {
  linalg::populateDecomposePadPatterns(patterns);
  patterns
      .add<DecomposePadBorder, InsertSliceAsLinalgCopy, DepthwiseMultiplierOne>(
          patterns.getContext());
}

class QMLIRTileAndVectorize
    : public qmlir::impl::QMLIRTileAndVectorizeBase<QMLIRTileAndVectorize> {
public:
  using Base::Base;

  void runOnOperation() override;

private:
  TilingPlan planFor(linalg::LinalgOp op) const;
  LogicalResult tile(RewriterBase &rewriter, linalg::LinalgOp op,
                     const TilingPlan &plan);
  void vectorizeTiles(func::FuncOp func);
};

TilingPlan QMLIRTileAndVectorize::planFor(linalg::LinalgOp op) const {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<int64_t> mm = {8, 32, 1};
  if (matmulTileSizes.size() == 3)
    mm.assign(matmulTileSizes.begin(), matmulTileSizes.end());
  SmallVector<int64_t> conv = {4, 64, 1};
  if (convTileSizes.size() == 3)
    conv.assign(convTileSizes.begin(), convTileSizes.end());
  TilingPlan plan;

  // A block of K outermost, then column tiles, then row tiles: one
  // kBlock x N-tile panel of B (16 KB for 128 x 32 f32) stays in L1 while
  // every row tile of A streams past it.
  if (isa<linalg::MatmulOp>(op.getOperation())) {
    plan.levels.push_back({{0, 0, chooseTile(ranges[2], kMatmulKBlock)}});
    plan.levels.push_back(
        {{chooseTile(ranges[0], mm[0]), chooseVectorTile(ranges[1], mm[1]), 0},
         {1, 0, 2},
         /*packRhs=*/true});
    plan.levels.push_back({{0, 0, chooseTile(ranges[2], mm[2])}});
    return plan;
  }
  if (isa<linalg::BatchMatmulOp>(op.getOperation())) {
    plan.levels.push_back({{0, 0, 0, chooseTile(ranges[3], kMatmulKBlock)}});
    plan.levels.push_back({{1, chooseTile(ranges[1], mm[0]),
                            chooseVectorTile(ranges[2], mm[1]), 0},
                           {0, 2, 1, 3},
                           /*packRhs=*/true});
    plan.levels.push_back({{0, 0, 0, chooseTile(ranges[3], mm[2])}});
    return plan;
  }
  // (n, oh, ow, f, kh, kw, c): one output row, a block of columns and
  // filters; then one kernel row and column and `conv[2]` input channels per
  // step.
  if (isa<linalg::Conv2DNhwcHwcfOp>(op.getOperation())) {
    int64_t widthTile = chooseTile(ranges[2], conv[0]);
    int64_t width = widthTile ? widthTile : ranges[2];
    // A whole short row as the width tile (e.g. 7) must not push the
    // accumulators past half the vector registers: narrow the filter tile.
    int64_t filterTile = conv[1];
    if (!ShapedType::isDynamic(width) && width > conv[0])
      filterTile =
          std::max<int64_t>(kF32PerVector, kAccumulatorElements / width /
                                               kF32PerVector * kF32PerVector);
    plan.levels.push_back(
        {{1, 1, widthTile, chooseVectorTile(ranges[3], filterTile), 0, 0, 0}});
    plan.levels.push_back({{0, 0, 0, 0, 1, 1, chooseTile(ranges[6], conv[2])}});
    return plan;
  }
  // (n, oh, ow, c, kh, kw) for depthwise convolutions and pooling.
  if (isa<linalg::DepthwiseConv2DNhwcHwcOp, linalg::PoolingNhwcMaxOp,
          linalg::PoolingNhwcSumOp, linalg::PoolingNhwcMinOp>(
          op.getOperation())) {
    if (std::optional<TilingPlan::Level> threads =
            parallel ? threadLevel(op) : std::nullopt)
      plan.levels.push_back(*threads);
    plan.levels.push_back({{1, 1, chooseTile(ranges[2], conv[0]),
                            chooseVectorTile(ranges[3], conv[1]), 0, 0}});
    plan.levels.push_back({{0, 0, 0, 0, 1, 1}});
    return plan;
  }

  // Generic fallback: unit tiles everywhere but the innermost loop.
  unsigned numLoops = op.getNumLoops();
  if (numLoops == 0)
    return plan;
  SmallVector<int64_t> sizes(numLoops, 1);
  sizes.back() = chooseVectorTile(ranges.back(), kElementwiseTile);
  // A loop of static size 1 need not be tiled.
  for (unsigned i = 0; i + 1 < numLoops; ++i)
    if (ranges[i] == 1)
      sizes[i] = 0;
  if (std::optional<TilingPlan::Level> threads =
          parallel ? threadLevel(op) : std::nullopt)
    plan.levels.push_back(*threads);
  plan.levels.push_back({sizes});
  return plan;
}

/// Copies the second input of `op` (a matmul's B tile) into a fresh
/// contiguous tensor. Rows of B are a full row of the matrix apart; for
/// power-of-two widths they map onto a handful of L1 sets and evict each
/// other. The copy is loop-invariant in the row-tile loop and is hoisted out
/// of it by loop-invariant code motion.
static void packRhs(RewriterBase &rewriter, linalg::LinalgOp op) {
  Value rhs = op.getDpsInputs()[1];
  auto type = dyn_cast<RankedTensorType>(rhs.getType());
  if (!type || !type.hasStaticShape())
    return;
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();
  Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                        type.getElementType());
  Value packed = linalg::CopyOp::create(rewriter, loc, rhs, empty).getResult(0);
  rewriter.modifyOpInPlace(op, [&] { op->setOperand(1, packed); });
}

LogicalResult QMLIRTileAndVectorize::tile(RewriterBase &rewriter,
                                          linalg::LinalgOp op,
                                          const TilingPlan &plan) {
  Operation *current = op.getOperation();
  for (const TilingPlan::Level &level : plan.levels) {
    auto tileable = dyn_cast<TilingInterface>(current);
    if (!tileable ||
        llvm::all_of(level.sizes, [](int64_t s) { return s == 0; }))
      continue;
    scf::SCFTilingOptions options;
    options.setTileSizes(getAsIndexOpFoldResult(&getContext(), level.sizes));
    options.setInterchange(level.interchange);
    if (level.forall)
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
    rewriter.setInsertionPoint(current);
    FailureOr<scf::SCFTilingResult> tiled =
        scf::tileUsingSCF(rewriter, tileable, options);
    if (failed(tiled))
      return failure();
    rewriter.replaceOp(current, tiled->replacements);
    current = tiled->tiledOps.back();
    if (level.packRhs)
      packRhs(rewriter, cast<linalg::LinalgOp>(current));
  }
  return success();
}

void QMLIRTileAndVectorize::vectorizeTiles(func::FuncOp func) {
  IRRewriter rewriter(&getContext());
  SmallVector<Operation *> candidates;
  func.walk([&](linalg::LinalgOp op) {
    if (op.hasPureTensorSemantics())
      candidates.push_back(op);
  });
  for (Operation *op : candidates) {
    auto linalgOp = cast<linalg::LinalgOp>(op);
    // Tiles divide their loops, so a tile with a dynamic shape only comes from
    // a dynamically shaped op: it stays a scalar loop nest.
    // Vectors of i1 are bit-packed in memory while a scalar i1 takes a
    // byte: an op reading or writing a bool tensor stays scalar, so that
    // bool buffers (and bool inputs and results) keep one byte per element.
    bool readsOrWritesBools = llvm::any_of(op->getOperands(), [](Value v) {
      return getElementTypeOrSelf(v.getType()).isInteger(1);
    });
    // A rank-0 op reading a tensor at a computed index (a table lookup on a
    // scalar) would become a gather on 0-d vectors, which vector.gather does
    // not accept: it stays scalar, one element is no loss.
    bool scalarLookup = linalgOp.getNumLoops() == 0 &&
                        llvm::any_of(linalgOp.getBlock()->getOperations(),
                                     [](Operation &inner) {
                                       return isa<tensor::ExtractOp>(inner);
                                     });
    if (linalgOp.hasDynamicShape() || readsOrWritesBools || scalarLookup ||
        failed(linalg::vectorizeOpPrecondition(op))) {
      ++numScalar;
      continue;
    }
    rewriter.setInsertionPoint(op);
    // Contractions become vector.contract, which lowers to outer products of
    // fused multiply-adds (a broadcast mulf/addf pair would not fuse). The
    // outer-product lowering needs operands of the accumulator's type: a
    // widening contraction (i32 x i32 into i64, as 16-bit requantization
    // makes) is vectorized as a generic, extending before it multiplies.
    Type accumulator = getElementTypeOrSelf(op->getResult(0).getType());
    bool isContraction =
        linalg::isaContractionOpInterface(linalgOp) &&
        llvm::all_of(linalgOp.getDpsInputs(), [&](Value input) {
          return getElementTypeOrSelf(input.getType()) == accumulator;
        });
    FailureOr<linalg::VectorizationResult> result = linalg::vectorize(
        rewriter, op, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
        /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
        /*assumeDynamicDimsMatchVecSizes=*/false,
        /*createNamedContraction=*/isContraction);
    if (failed(result)) {
      ++numScalar;
      continue;
    }
    if (!result->replacements.empty())
      rewriter.replaceOp(op, result->replacements);
    else
      rewriter.eraseOp(op);
    ++numVectorized;
  }
}

/// Checks a tile-size option: empty (the default), or `count` positive
/// entries, the last of which may be 0 (the whole loop) if `allowZeroLast`.
static LogicalResult verifyTileOption(func::FuncOp func, StringRef name,
                                      ArrayRef<int64_t> sizes, size_t count,
                                      bool allowZeroLast) {
  if (sizes.empty())
    return success();
  bool valid = sizes.size() == count;
  for (auto [i, size] : llvm::enumerate(sizes))
    valid &= size > 0 || (size == 0 && allowZeroLast && i + 1 == count);
  if (valid)
    return success();
  return func.emitError() << "qmlir-tile-and-vectorize: " << name << " needs "
                          << count << " positive sizes"
                          << (allowZeroLast ? " (the last may be 0: whole "
                                              "dimension)"
                                            : "");
}

void QMLIRTileAndVectorize::runOnOperation() {
  if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                    qmlir::InputLevel::LinalgOnTensors)))
    return signalPassFailure();
  func::FuncOp func = getOperation();
  IRRewriter rewriter(&getContext());
  if (failed(verifyTileOption(func, "matmul-tile-sizes", matmulTileSizes, 3,
                              false)) ||
      failed(verifyTileOption(func, "conv-tile-sizes", convTileSizes, 3, true)))
    return signalPassFailure();

  RewritePatternSet copies(&getContext());
  populateTileableFormPatterns(copies);
  if (failed(applyPatternsGreedily(func, std::move(copies))))
    return signalPassFailure();

  SmallVector<linalg::LinalgOp> ops;
  func.walk([&](linalg::LinalgOp op) {
    if (op.hasPureTensorSemantics())
      ops.push_back(op);
  });
  for (linalg::LinalgOp op : ops)
    if (failed(tile(rewriter, op, planFor(op))))
      op->emitRemark("could not be tiled; left as a whole");

  // Rewrite unit-row convolution and pooling tiles as 1-D ops, which the
  // vectorizer handles.
  RewritePatternSet patterns(&getContext());
  linalg::populateDecomposeConvolutionPatterns(patterns);
  if (failed(applyPatternsGreedily(func, std::move(patterns))))
    return signalPassFailure();

  vectorizeTiles(func);
  // The pipelines run without the verifier between passes (compile time);
  // vectorized IR is checked here, so that a tile the vectorizer gets wrong
  // is an error naming the op, not a crash in the lowering to LLVM.
  if (failed(mlir::verify(func)))
    return signalPassFailure();

  // Fold the vector transfers the vectorizer produced on tensor slices.
  RewritePatternSet cleanup(&getContext());
  vector::TransferReadOp::getCanonicalizationPatterns(cleanup, &getContext());
  vector::TransferWriteOp::getCanonicalizationPatterns(cleanup, &getContext());
  tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(cleanup);
  if (failed(applyPatternsGreedily(func, std::move(cleanup))))
    return signalPassFailure();
}

} // namespace
