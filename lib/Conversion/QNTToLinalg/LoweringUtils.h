//===- LoweringUtils.h - Shared parts of the qnt lowerings ------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// What the lowerings of the qnt op families share: the quantization
// parameters of a type, storage values and constants, linalg.generic
// building, requantization epilogues, and the lowering entry points the
// conversion patterns call. Internal to convert-qnt-to-linalg.
//
// Every qnt op (but calibration markers) as linalg on tensors of storage
// integers (level 4, docs/Pipelines.md). Quantize and dequantize are exact
// float simulations: `sat(roundHalfEven(x / s[c]) + z[c])` in f32 (NaN
// giving the zero point) and `s[c] * (q - z[c])`. Contractions (conv2d,
// depthwise_conv2d, matmul) with constant weights compute a pure integer dot
// product of the activation and the weights minus their zero points, on i8 when
// the values fit: u8 activations are moved to s8 by flipping the top bit (x -
// 128, z - 128), the input is padded with its zero point, and the zero-point
// correction -z * sum(w) is folded with the bias into one int32 constant per
// output channel. Weights that are not constants take the general form: both
// operands minus their zero points as i32. Requantization is a
// linalg.generic with the fixed-point multiplier and shift of the numerics
// library (`applyScale`), bit for bit.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_CONVERSION_QNTTOLINALG_LOWERINGUTILS_H
#define QMLIR_LIB_CONVERSION_QNTTOLINALG_LOWERINGUTILS_H

#include "QNTToLinalgInternal.h"

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Quant/Numerics.h"

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Transforms/DialectConversion.h"

#include <optional>
#include <utility>

namespace qmlir::detail {

using llvm::function_ref;
using mlir::AffineMap;
using mlir::ArrayRef;
using mlir::ConversionPatternRewriter;
using mlir::FailureOr;
using mlir::Location;
using mlir::LogicalResult;
using mlir::OpBuilder;
using mlir::Operation;
using mlir::RankedTensorType;
using mlir::RewriterBase;
using mlir::SmallVector;
using mlir::SmallVectorImpl;
using mlir::Type;
using mlir::Value;
using mlir::ValueRange;

/// The parameters of a quantized tensor type.
struct QInfo {
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  std::optional<int64_t> axis;
  unsigned width = 8;
  bool isSigned = true;
  int64_t min = 0, max = 0;
  RankedTensorType type;

  double scale(size_t c) const { return scales[scales.size() == 1 ? 0 : c]; }
  int64_t zeroPoint(size_t c) const {
    return zeroPoints[zeroPoints.size() == 1 ? 0 : c];
  }
  RankedTensorType storageType() const {
    return llvm::cast<RankedTensorType>(qmlir::detail::storageTypeOf(type));
  }
};

/// Multiplier and shift of channel `c` as i64 values in a generic body:
/// constants when there is one pair, else the generic's extra inputs.
struct ScaleOperands {
  SmallVector<qmlir::quant::FixedPointMultiplier> values;
  bool perChannel() const { return values.size() > 1; }
};

/// The parameters of `value`'s quantized tensor type.
QInfo infoOf(Value value);
/// The value as its signless storage integers.
Value toStorage(OpBuilder &b, Location loc, Value value);
/// The storage integers of a constant quantized value, or nothing.
std::optional<SmallVector<int64_t>> constantStorage(Value value,
                                                    const QInfo &info);
Value intConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  unsigned width, ArrayRef<int64_t> values);
Value scalar(OpBuilder &b, Location loc, Type type, int64_t value);
unsigned widthFor(ArrayRef<int64_t> values);
int64_t wrapInt32(int64_t value);
Value generic(OpBuilder &b, Location loc, RankedTensorType resultType,
              ArrayRef<Value> inputs, ArrayRef<AffineMap> inputMaps,
              function_ref<Value(OpBuilder &, Location, ValueRange)> body);
Value zeros(OpBuilder &b, Location loc, RankedTensorType type);
Value extend(OpBuilder &b, Location loc, Value q, bool isSigned,
             unsigned width = 64);
Value applyScale(OpBuilder &b, Location loc, Value value, Value multiplier,
                 Value shift, qnt::RoundingMode rounding, bool wide = false);
Value saturate(OpBuilder &b, Location loc, Value value, int64_t lo, int64_t hi,
               unsigned width);
FailureOr<SmallVector<qmlir::quant::FixedPointMultiplier>>
multipliers(Operation *op, ArrayRef<double> reals);
bool narrowScales(const ScaleOperands &scales);
Value narrowRequantize(OpBuilder &b, Location loc, Value sum, Value multiplier,
                       Value round, Value postShift, int64_t zeroPoint,
                       int64_t lo, int64_t hi, qnt::RoundingMode rounding,
                       unsigned width);
Value requantizeEpilogue(OpBuilder &b, Location loc, Value acc,
                         ArrayRef<std::pair<Value, AffineMap>> addends,
                         const ScaleOperands &scales, AffineMap channelMap,
                         int64_t zeroPoint, int64_t lo, int64_t hi,
                         qnt::RoundingMode rounding,
                         RankedTensorType resultType);
std::pair<int64_t, int64_t> clampRange(const QInfo &result,
                                       std::optional<ArrayRef<int64_t>> clamp);
std::pair<Value, int64_t> signedActivation(OpBuilder &b, Location loc, Value x,
                                           const QInfo &info, bool allowNarrow);
Value centeredWeight(OpBuilder &b, Location loc, Value w, const QInfo &info);
Value padded(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> pad,
             Value padValue);
Value padded(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> pad,
             int64_t value);
Value hwcfFilter(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                 ArrayRef<int64_t> values, unsigned width);
Value biasOperand(OpBuilder &b, Location loc, Value bias,
                  SmallVectorImpl<int64_t> &correction);
LogicalResult replaceWithStorage(RewriterBase &b, Location loc, Operation *op,
                                 Value storage);
LogicalResult finishContraction(RewriterBase &b, Location loc, Operation *op,
                                Value acc,
                                ArrayRef<std::pair<Value, AffineMap>> addends,
                                ArrayRef<double> reals, AffineMap channelMap,
                                const QInfo &y,
                                std::optional<ArrayRef<int64_t>> clamp,
                                qnt::RoundingMode rounding);
bool needsWideAccumulator(Operation *op, const QInfo &x, const QInfo &w,
                          int64_t terms, ArrayRef<int64_t> weightAbsSums,
                          Value bias);
FailureOr<Value> rescale(OpBuilder &b, Location loc, Operation *op,
                         Value storage, const QInfo &in, const QInfo &out,
                         qnt::RoundingMode rounding);
Value withChannelParams(
    OpBuilder &b, Location loc, Value input, RankedTensorType resultType,
    const QInfo &q,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value)> body);

// The lowerings, one per qnt op family (Contractions.cpp, Elementwise.cpp,
// PoolsAndConcat.cpp, QuantizeOps.cpp).
template <typename ConvOp>
LogicalResult lowerConvolution(ConvOp op, bool depthwise,
                               ConversionPatternRewriter &b);
LogicalResult lowerMatmul(qnt::MatmulOp op, ConversionPatternRewriter &b);
template <typename BinaryOp>
LogicalResult lowerBinary(BinaryOp op, bool isAdd,
                          ConversionPatternRewriter &b);
LogicalResult lowerMaxPool(qnt::MaxPool2DOp op, ConversionPatternRewriter &b);
LogicalResult lowerAvgPool(qnt::AvgPool2DOp op, ConversionPatternRewriter &b);
LogicalResult lowerConcat(qnt::ConcatOp op, ConversionPatternRewriter &b);
LogicalResult lowerTable(qnt::TableOp op, ConversionPatternRewriter &b);
LogicalResult lowerRequantize(qnt::RequantizeOp op,
                              ConversionPatternRewriter &b);
LogicalResult lowerQuantize(qnt::QuantizeOp op, ConversionPatternRewriter &b);
LogicalResult lowerDequantize(qnt::DequantizeOp op,
                              ConversionPatternRewriter &b);

} // namespace qmlir::detail

#endif // QMLIR_LIB_CONVERSION_QNTTOLINALG_LOWERINGUTILS_H
