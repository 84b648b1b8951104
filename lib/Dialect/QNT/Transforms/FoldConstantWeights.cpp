//===- FoldConstantWeights.cpp - The qnt-fold-constant-weights pass -------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Float-graph preparation before calibration: data movement on constants
// (tosa.slice, tosa.concat, tosa.transpose, tosa.reshape) is evaluated, so
// that weights an exporter rearranges in the graph (PyTorch's LSTM and GRU
// exports reorder the gate blocks with slices and a concat, then transpose)
// reach their layer as one constant that quantization can pack.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qmlir {
#define GEN_PASS_DEF_QNTFOLDCONSTANTWEIGHTS
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;

namespace {

/// A constant operand as row-major bytes with its element width; nullopt
/// for non-constants, sub-byte elements (i1) and constants above `limit`
/// elements.
struct ConstantBytes {
  RankedTensorType type;
  SmallVector<char> bytes;
  size_t width = 0;
};

std::optional<ConstantBytes> constantBytes(Value value, int64_t limit) {
  DenseElementsAttr attr;
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape() || type.getNumElements() > limit ||
      !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  if (!attr.getElementType().isIntOrFloat())
    return std::nullopt;
  unsigned bits = attr.getElementType().getIntOrFloatBitWidth();
  if (bits % 8 != 0)
    return std::nullopt;
  ConstantBytes result;
  result.type = type;
  result.width = bits / 8;
  ArrayRef<char> raw = attr.getRawData();
  if (attr.isSplat()) {
    for (int64_t i = 0; i < type.getNumElements(); ++i)
      result.bytes.append(raw.begin(), raw.begin() + result.width);
  } else {
    result.bytes.assign(raw.begin(), raw.end());
  }
  if (result.bytes.size() !=
      static_cast<size_t>(type.getNumElements()) * result.width)
    return std::nullopt;
  return result;
}

SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// Replaces `op` by a constant of `bytes` with `op`'s result type.
void replaceByConstant(PatternRewriter &rewriter, Operation *op,
                       ArrayRef<char> bytes) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  auto attr = DenseElementsAttr::getFromRawBuffer(type, bytes);
  rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, attr);
}

/// Copies elements of `in` to `out` (shape `outShape`, row-major): the
/// output element at index (i_0, ..., i_k) is the input element at offset
/// sum over axes a of `offset(a, i_a, inStrides)`.
template <typename OffsetFn>
void gather(const ConstantBytes &in, ArrayRef<int64_t> outShape,
            SmallVector<char> &out, OffsetFn offsetOf) {
  SmallVector<int64_t> inStrides = stridesOf(in.type.getShape());
  int64_t count = 1;
  for (int64_t d : outShape)
    count *= d;
  out.resize(count * in.width);
  SmallVector<int64_t> index(outShape.size(), 0);
  for (int64_t i = 0; i < count; ++i) {
    int64_t offset = 0;
    for (size_t a = 0; a < index.size(); ++a)
      offset += offsetOf(a, index[a], ArrayRef<int64_t>(inStrides));
    std::memcpy(out.data() + i * in.width, in.bytes.data() + offset * in.width,
                in.width);
    for (int64_t a = static_cast<int64_t>(index.size()) - 1; a >= 0; --a) {
      if (++index[a] < outShape[a])
        break;
      index[a] = 0;
    }
  }
}

/// A fold of an op on constants of at most `limit` elements.
template <typename OpTy> struct ConstantFold : OpRewritePattern<OpTy> {
  ConstantFold(MLIRContext *context, int64_t limit)
      : OpRewritePattern<OpTy>(context), limit(limit) {}
  int64_t limit;
};

struct FoldSlice : ConstantFold<tosa::SliceOp> {
  using ConstantFold::ConstantFold;
  LogicalResult matchAndRewrite(tosa::SliceOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<ConstantBytes> in = constantBytes(op.getInput1(), limit);
    SmallVector<int64_t> start, size;
    if (!in ||
        !tosa::getConstShapeValues(op.getStart().getDefiningOp(), start) ||
        !tosa::getConstShapeValues(op.getSize().getDefiningOp(), size))
      return failure();
    auto outType = cast<RankedTensorType>(op.getType());
    if (!outType.hasStaticShape())
      return failure();
    SmallVector<char> out;
    gather(*in, outType.getShape(), out,
           [&](size_t axis, int64_t i, ArrayRef<int64_t> inStrides) {
             return (start[axis] + i) * inStrides[axis];
           });
    replaceByConstant(rewriter, op, out);
    return success();
  }
};

struct FoldTranspose : ConstantFold<tosa::TransposeOp> {
  using ConstantFold::ConstantFold;
  LogicalResult matchAndRewrite(tosa::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<ConstantBytes> in = constantBytes(op.getInput1(), limit);
    auto outType = cast<RankedTensorType>(op.getType());
    if (!in || !outType.hasStaticShape())
      return failure();
    ArrayRef<int32_t> perms = op.getPerms();
    SmallVector<char> out;
    gather(*in, outType.getShape(), out,
           [&](size_t axis, int64_t i, ArrayRef<int64_t> inStrides) {
             return i * inStrides[perms[axis]];
           });
    replaceByConstant(rewriter, op, out);
    return success();
  }
};

struct FoldConcat : ConstantFold<tosa::ConcatOp> {
  using ConstantFold::ConstantFold;
  LogicalResult matchAndRewrite(tosa::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    auto outType = cast<RankedTensorType>(op.getType());
    if (!outType.hasStaticShape() || outType.getNumElements() > limit)
      return failure();
    SmallVector<ConstantBytes> parts;
    for (Value input : op.getInput1()) {
      std::optional<ConstantBytes> part = constantBytes(input, limit);
      if (!part)
        return failure();
      parts.push_back(std::move(*part));
    }
    // Row-major: the result is, for each index before the axis, the parts'
    // blocks (axis extent x inner size) one after the other.
    int64_t axis = op.getAxis();
    int64_t outer = 1;
    for (int64_t a = 0; a < axis; ++a)
      outer *= outType.getDimSize(a);
    SmallVector<char> out;
    out.reserve(outType.getNumElements() * parts.front().width);
    for (int64_t o = 0; o < outer; ++o)
      for (const ConstantBytes &part : parts) {
        size_t block = part.bytes.size() / outer;
        out.append(part.bytes.begin() + o * block,
                   part.bytes.begin() + (o + 1) * block);
      }
    replaceByConstant(rewriter, op, out);
    return success();
  }
};

struct FoldReshape : ConstantFold<tosa::ReshapeOp> {
  using ConstantFold::ConstantFold;
  LogicalResult matchAndRewrite(tosa::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<ConstantBytes> in = constantBytes(op.getInput1(), limit);
    if (!in || !cast<RankedTensorType>(op.getType()).hasStaticShape())
      return failure();
    replaceByConstant(rewriter, op, in->bytes);
    return success();
  }
};

class QNTFoldConstantWeights
    : public qmlir::impl::QNTFoldConstantWeightsBase<QNTFoldConstantWeights> {
public:
  using QNTFoldConstantWeightsBase::QNTFoldConstantWeightsBase;

  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::Graph)))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    qmlir::qnt::populateFoldConstantWeightsPatterns(patterns, maxElements);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void qmlir::qnt::populateFoldConstantWeightsPatterns(
    RewritePatternSet &patterns, int64_t maxElements) {
  patterns.add<FoldSlice, FoldTranspose, FoldConcat, FoldReshape>(
      patterns.getContext(), maxElements);
}
