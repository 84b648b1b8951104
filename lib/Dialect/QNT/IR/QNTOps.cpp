//===- QNTOps.cpp - qnt dialect operations --------------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Verifiers and folders of the qnt ops. The verifiers reject everything a
// user can get wrong in a quantized graph: element and storage types, scales,
// zero points, quantized axes, shapes, bias scales, window attributes, fused
// clamps and rescale multipliers that a 32-bit fixed-point rescale cannot
// represent.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Quant/Numerics.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace qmlir::qnt;
namespace numerics = qmlir::quant;

#include "qmlir/Dialect/QNT/IR/QNTOpsEnums.cpp.inc"

#define GET_OP_CLASSES
#include "qmlir/Dialect/QNT/IR/QNTOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Quantized type checks
//===----------------------------------------------------------------------===//

namespace {

/// Which storage a quantized value may use.
enum class StorageKind {
  /// Activations and weights of compute ops: 4, 8 or 16 bits.
  Compute,
  /// Results of convolutions and matmuls: as Compute, or signed 32 bits (the
  /// rescaled accumulator itself, as ONNX ConvInteger/MatMulInteger give it).
  Accumulator,
  /// Values of quantize/dequantize/requantize: 4, 8, 16 or 32 bits.
  Any,
  /// Biases: signed 32 bits, zero point 0.
  Bias,
};

/// What a quantized operand or result must look like.
struct QuantConstraint {
  /// Name used in diagnostics ("input", "weight", "bias", "result", ...).
  StringRef name;
  StorageKind storage = StorageKind::Compute;
  /// Whether per-axis quantization is allowed.
  bool allowPerAxis = false;
  /// The required quantized axis of per-axis types, or -1 for any.
  int64_t axis = -1;
};

/// The quantization parameters of a verified tensor, one entry per channel
/// (a single entry when per tensor).
struct QuantInfo {
  RankedTensorType tensorType;
  quant::QuantizedType elementType;
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  std::optional<int64_t> axis;

  double scale(int64_t channel) const {
    return scales.size() == 1 ? scales.front() : scales[channel];
  }
  int64_t zeroPoint(int64_t channel) const {
    return zeroPoints.size() == 1 ? zeroPoints.front() : zeroPoints[channel];
  }
  int64_t storageMin() const { return elementType.getStorageTypeMin(); }
  int64_t storageMax() const { return elementType.getStorageTypeMax(); }
  int64_t rank() const { return tensorType.getRank(); }
  int64_t dim(int64_t i) const { return tensorType.getDimSize(i); }
};

} // namespace

/// Relative tolerance when comparing a bias scale with input scale * weight
/// scale. Models store scales as f32 (ONNX, TFLite), and a product formed in
/// f32 differs from the exact product of the two scales by up to one f32 ulp
/// (about 1.2e-7 relative); 1e-6 accepts that and rejects real mismatches.
static constexpr double kBiasScaleTolerance = 1e-6;

/// Formats a scale or multiplier for a diagnostic: up to 9 significant digits,
/// as the numerics library writes them.
static std::string formatReal(double value) {
  return llvm::formatv("{0}", llvm::format("%.9g", value)).str();
}

static std::string storageName(quant::QuantizedType type) {
  std::string name;
  llvm::raw_string_ostream os(name);
  os << (type.isSigned() ? "i" : "u") << type.getStorageTypeIntegralWidth();
  return name;
}

/// Checks `type` against `constraint` and returns its parameters.
static FailureOr<QuantInfo> verifyQuantized(Operation *op, Type type,
                                            const QuantConstraint &constraint) {
  auto tensorType = cast<RankedTensorType>(type);
  Type elementType = tensorType.getElementType();
  QuantInfo info;
  info.tensorType = tensorType;
  StringRef name = constraint.name;

  if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(elementType)) {
    info.elementType = perTensor;
    info.scales.push_back(perTensor.getScale());
    info.zeroPoints.push_back(perTensor.getZeroPoint());
  } else if (auto perAxis =
                 dyn_cast<quant::UniformQuantizedPerAxisType>(elementType)) {
    info.elementType = perAxis;
    llvm::append_range(info.scales, perAxis.getScales());
    llvm::append_range(info.zeroPoints, perAxis.getZeroPoints());
    info.axis = perAxis.getQuantizedDimension();
  } else {
    return op->emitOpError() << name
                             << " must have a uniform quantized element type "
                                "(per tensor or per axis), got "
                             << elementType;
  }

  quant::QuantizedType qtype = info.elementType;
  unsigned width = qtype.getStorageTypeIntegralWidth();
  if (!isa<FloatType>(qtype.getExpressedType()))
    return op->emitOpError() << name << " must express a float type, got "
                             << qtype.getExpressedType();
  switch (constraint.storage) {
  case StorageKind::Bias:
    if (width != 32 || !qtype.isSigned())
      return op->emitOpError()
             << name << " must have i32 storage, got " << storageName(qtype);
    break;
  case StorageKind::Compute:
    if (width != 4 && width != 8 && width != 16)
      return op->emitOpError() << name << " storage " << storageName(qtype)
                               << " is not supported (4, 8 or 16 bits)";
    break;
  case StorageKind::Accumulator:
    if (width != 4 && width != 8 && width != 16 &&
        !(width == 32 && qtype.isSigned()))
      return op->emitOpError() << name << " storage " << storageName(qtype)
                               << " is not supported (4, 8, 16 bits or i32)";
    break;
  case StorageKind::Any:
    if (width != 4 && width != 8 && width != 16 && width != 32)
      return op->emitOpError() << name << " storage " << storageName(qtype)
                               << " is not supported (4, 8, 16 or 32 bits)";
    break;
  }

  for (double scale : info.scales)
    if (!(scale > 0.0) || !std::isfinite(scale))
      return op->emitOpError() << name << " scale " << formatReal(scale)
                               << " must be positive and finite";
  for (int64_t zeroPoint : info.zeroPoints) {
    if (constraint.storage == StorageKind::Bias && zeroPoint != 0)
      return op->emitOpError()
             << name << " zero point must be 0, got " << zeroPoint;
    if (zeroPoint < info.storageMin() || zeroPoint > info.storageMax())
      return op->emitOpError()
             << name << " zero point " << zeroPoint
             << " is outside the storage range [" << info.storageMin() << ", "
             << info.storageMax() << "] of " << storageName(qtype);
  }

  if (!info.axis)
    return info;
  if (!constraint.allowPerAxis)
    return op->emitOpError() << name << " must be quantized per tensor";
  int64_t axis = *info.axis;
  if (axis < 0 || axis >= info.rank())
    return op->emitOpError() << name << " quantized axis " << axis
                             << " is out of range for rank " << info.rank();
  if (constraint.axis >= 0 && axis != constraint.axis)
    return op->emitOpError()
           << name << " must be quantized along axis " << constraint.axis
           << " (its channel dimension), got axis " << axis;
  int64_t size = info.dim(axis);
  if (!ShapedType::isDynamic(size) &&
      size != static_cast<int64_t>(info.scales.size()))
    return op->emitOpError()
           << name << " has " << info.scales.size()
           << " scales but its quantized axis " << axis << " has size " << size;
  return info;
}

/// Checks that a 32-bit fixed-point rescale can represent `multiplier`.
static LogicalResult verifyRescale(Operation *op, double multiplier,
                                   StringRef what) {
  numerics::Result<numerics::FixedPointMultiplier> fixed =
      numerics::quantizeMultiplier(multiplier);
  if (fixed)
    return success();
  return op->emitOpError() << "requantization multiplier " << what << " = "
                           << formatReal(multiplier)
                           << " cannot be represented: " << fixed.error();
}

static LogicalResult verifyRank(Operation *op, const QuantInfo &info,
                                StringRef name, int64_t rank) {
  if (info.rank() == rank)
    return success();
  return op->emitOpError() << name << " must have rank " << rank << ", got "
                           << info.rank();
}

/// Checks that static dimension `actual` equals `expected`.
static LogicalResult verifyDim(Operation *op, int64_t actual, int64_t expected,
                               const Twine &what) {
  if (ShapedType::isDynamic(actual) || ShapedType::isDynamic(expected) ||
      actual == expected)
    return success();
  return op->emitOpError() << what << " must be " << expected << ", got "
                           << actual;
}

/// Checks that `values` has `size` entries that are all >= `minimum`.
static LogicalResult verifyArray(Operation *op, ArrayRef<int64_t> values,
                                 StringRef name, size_t size, int64_t minimum,
                                 StringRef layout) {
  if (values.size() == size &&
      llvm::all_of(values, [&](int64_t v) { return v >= minimum; }))
    return success();
  return op->emitOpError() << name << " must have " << size << " values "
                           << (minimum > 0 ? "> 0" : ">= 0") << " " << layout;
}

static LogicalResult verifyClamp(Operation *op,
                                 std::optional<ArrayRef<int64_t>> clamp,
                                 const QuantInfo &result) {
  if (!clamp)
    return success();
  if (clamp->size() != 2 || (*clamp)[0] > (*clamp)[1])
    return op->emitOpError("clamp must be [lo, hi] with lo <= hi");
  if ((*clamp)[0] < result.storageMin() || (*clamp)[1] > result.storageMax())
    return op->emitOpError()
           << "clamp [" << (*clamp)[0] << ", " << (*clamp)[1]
           << "] must lie within the result's storage range ["
           << result.storageMin() << ", " << result.storageMax() << "]";
  return success();
}

/// The output size of a window of `kernelExtent` sliding with `stride` over
/// `input` padded by `padBefore + padAfter`, or a diagnostic.
static FailureOr<int64_t> windowOutputSize(Operation *op, int64_t input,
                                           int64_t padBefore, int64_t padAfter,
                                           int64_t kernelExtent, int64_t stride,
                                           StringRef axisName) {
  if (ShapedType::isDynamic(input) || ShapedType::isDynamic(kernelExtent))
    return ShapedType::kDynamic;
  int64_t span = input + padBefore + padAfter - kernelExtent;
  if (span < 0)
    return op->emitOpError() << "window of extent " << kernelExtent
                             << " does not fit the padded input " << axisName
                             << " of " << input + padBefore + padAfter;
  return span / stride + 1;
}

/// Checks the spatial output sizes of an NHWC window op.
static LogicalResult verifyWindowShape(Operation *op, const QuantInfo &input,
                                       const QuantInfo &result,
                                       ArrayRef<int64_t> kernelExtents,
                                       ArrayRef<int64_t> stride,
                                       ArrayRef<int64_t> pad) {
  static const char *const names[] = {"height", "width"};
  for (int axis = 0; axis < 2; ++axis) {
    FailureOr<int64_t> size = windowOutputSize(
        op, input.dim(1 + axis), pad[2 * axis], pad[2 * axis + 1],
        kernelExtents[axis], stride[axis], names[axis]);
    if (failed(size) || failed(verifyDim(op, result.dim(1 + axis), *size,
                                         Twine("result ") + names[axis])))
      return failure();
  }
  return verifyDim(op, result.dim(0), input.dim(0), "result batch");
}

/// Checks a convolution's or matmul's bias: rank 1, `channels` entries, and
/// scale[c] = inputScale * weightScale(c / weightChannelDivisor).
static LogicalResult verifyBias(Operation *op, Value bias, int64_t channels,
                                const QuantInfo &input, const QuantInfo &weight,
                                int64_t weightChannelDivisor) {
  if (!bias)
    return success();
  FailureOr<QuantInfo> info =
      verifyQuantized(op, bias.getType(), {"bias", StorageKind::Bias, true, 0});
  if (failed(info) || failed(verifyRank(op, *info, "bias", 1)) ||
      failed(verifyDim(op, info->dim(0), channels, "bias size")))
    return failure();
  if (ShapedType::isDynamic(channels))
    return success();
  for (int64_t c = 0; c < channels; ++c) {
    double expected = input.scale(0) * weight.scale(c / weightChannelDivisor);
    double actual = info->scale(c);
    if (std::abs(actual - expected) > kBiasScaleTolerance * expected)
      return op->emitOpError()
             << "bias scale " << formatReal(actual) << " of channel " << c
             << " must equal input scale * weight scale = "
             << formatReal(expected);
  }
  return success();
}

/// Checks that the accumulator rescale of a conv/matmul is representable.
static LogicalResult verifyAccumulatorRescale(Operation *op,
                                              const QuantInfo &input,
                                              const QuantInfo &weight,
                                              const QuantInfo &result) {
  for (size_t c = 0; c < weight.scales.size(); ++c)
    if (failed(verifyRescale(
            op, input.scale(0) * weight.scales[c] / result.scale(0),
            "input scale * weight scale / result scale")))
      return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// CalibrateOp
//===----------------------------------------------------------------------===//

LogicalResult CalibrateOp::verify() {
  if (getId().empty())
    return emitOpError("id must not be empty");
  return success();
}

//===----------------------------------------------------------------------===//
// QuantizeOp / DequantizeOp / RequantizeOp
//===----------------------------------------------------------------------===//

/// Checks the float side of a quantize/dequantize against the quantized side.
static LogicalResult verifyFloatConversion(Operation *op, Type floatType,
                                           Type quantizedType,
                                           StringRef quantizedName) {
  FailureOr<QuantInfo> info = verifyQuantized(
      op, quantizedType, {quantizedName, StorageKind::Any, true, -1});
  if (failed(info))
    return failure();
  Type floatElement = cast<RankedTensorType>(floatType).getElementType();
  if (info->elementType.getExpressedType() != floatElement)
    return op->emitOpError()
           << quantizedName << " expressed type "
           << info->elementType.getExpressedType()
           << " must match the float element type " << floatElement;
  return success();
}

LogicalResult QuantizeOp::verify() {
  return verifyFloatConversion(*this, getInput().getType(),
                               getOutput().getType(), "result");
}

OpFoldResult QuantizeOp::fold(FoldAdaptor) {
  // quantize(dequantize(q)) with the same type is exact: the round trip
  // recovers q - z before rounding.
  if (auto dequantize = getInput().getDefiningOp<DequantizeOp>())
    if (dequantize.getInput().getType() == getType())
      return dequantize.getInput();
  return {};
}

LogicalResult DequantizeOp::verify() {
  return verifyFloatConversion(*this, getOutput().getType(),
                               getInput().getType(), "input");
}

/// Checks a quantized-to-quantized op's input and result types (any
/// storage, per tensor or per axis).
static LogicalResult verifyQuantizedPair(Operation *op, Value in, Value out,
                                         FailureOr<QuantInfo> &input,
                                         FailureOr<QuantInfo> &result) {
  input =
      verifyQuantized(op, in.getType(), {"input", StorageKind::Any, true, -1});
  if (failed(input))
    return failure();
  result = verifyQuantized(op, out.getType(),
                           {"result", StorageKind::Any, true, -1});
  return failure(failed(result));
}

LogicalResult RequantizeOp::verify() {
  FailureOr<QuantInfo> input = failure(), result = failure();
  if (failed(
          verifyQuantizedPair(*this, getInput(), getOutput(), input, result)))
    return failure();
  if (input->axis && result->axis && *input->axis != *result->axis)
    return emitOpError() << "input and result must be quantized along the "
                            "same axis, got "
                         << *input->axis << " and " << *result->axis;
  size_t channels = std::max(input->scales.size(), result->scales.size());
  for (size_t c = 0; c < channels; ++c)
    if (failed(verifyRescale(*this, input->scale(c) / result->scale(c),
                             "input scale / result scale")))
      return failure();
  return success();
}

OpFoldResult RequantizeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

LogicalResult TableOp::verify() {
  FailureOr<QuantInfo> input = failure(), result = failure();
  if (failed(
          verifyQuantizedPair(*this, getInput(), getOutput(), input, result)))
    return failure();
  unsigned width = input->elementType.getStorageTypeIntegralWidth();
  if (width != 8)
    return emitOpError() << "input storage must be 8 bits wide, got " << width;
  ArrayRef<int32_t> table = getTable();
  RankedTensorType type = input->tensorType;
  int64_t channels = type.getRank() ? type.getDimSize(type.getRank() - 1) : 1;
  if (table.size() != 256 &&
      (ShapedType::isDynamic(channels) ||
       static_cast<int64_t>(table.size()) != 256 * channels))
    return emitOpError() << "table must have 256 entries (one per 8-bit "
                            "storage value) or 256 per channel of the last "
                            "axis, got "
                         << table.size();
  int64_t lo = result->elementType.getStorageTypeMin(),
          hi = result->elementType.getStorageTypeMax();
  for (auto [i, v] : llvm::enumerate(table))
    if (v < lo || v > hi)
      return emitOpError() << "table entry " << i << " (" << v
                           << ") is outside the result's storage range [" << lo
                           << ", " << hi << "]";
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2DOp / DepthwiseConv2DOp
//===----------------------------------------------------------------------===//

namespace {
/// The verified operands of a convolution and its dilated kernel extents.
struct ConvInfo {
  QuantInfo input, weight, result;
  SmallVector<int64_t, 2> extents;
};
} // namespace

/// Checks a convolution's input, weight (per axis along `weightAxis`) and
/// result, its pad/stride/dilation/clamp attributes, and computes the dilated
/// extents of the kernel, whose height and width are weight dimensions
/// `kernelDim` and `kernelDim + 1`.
template <typename ConvOp>
static FailureOr<ConvInfo> verifyConv(ConvOp op, int64_t weightAxis,
                                      int64_t kernelDim) {
  FailureOr<QuantInfo> input = verifyQuantized(op, op.getInput().getType(),
                                               {"input", StorageKind::Compute});
  if (failed(input) || failed(verifyRank(op, *input, "input", 4)))
    return failure();
  FailureOr<QuantInfo> weight =
      verifyQuantized(op, op.getWeight().getType(),
                      {"weight", StorageKind::Compute, true, weightAxis});
  if (failed(weight) || failed(verifyRank(op, *weight, "weight", 4)))
    return failure();
  FailureOr<QuantInfo> result = verifyQuantized(
      op, op.getOutput().getType(), {"result", StorageKind::Accumulator});
  if (failed(result) || failed(verifyRank(op, *result, "result", 4)))
    return failure();
  if (failed(verifyArray(op, op.getPad(), "pad", 4, 0,
                         "[top, bottom, left, right]")) ||
      failed(verifyArray(op, op.getStride(), "stride", 2, 1, "[y, x]")) ||
      failed(verifyArray(op, op.getDilation(), "dilation", 2, 1, "[y, x]")) ||
      failed(verifyClamp(op, op.getClamp(), *result)))
    return failure();

  ConvInfo info{*input, *weight, *result, {}};
  for (int axis = 0; axis < 2; ++axis) {
    int64_t size = weight->dim(kernelDim + axis);
    info.extents.push_back(ShapedType::isDynamic(size)
                               ? ShapedType::kDynamic
                               : (size - 1) * op.getDilation()[axis] + 1);
  }
  if (failed(verifyWindowShape(op, info.input, info.result, info.extents,
                               op.getStride(), op.getPad())))
    return failure();
  return info;
}

LogicalResult Conv2DOp::verify() {
  FailureOr<ConvInfo> conv = verifyConv(*this, /*weightAxis=*/0,
                                        /*kernelDim=*/1);
  if (failed(conv))
    return failure();
  const auto &[input, weight, result, extents] = *conv;
  int64_t outChannels = weight.dim(0);
  if (failed(verifyDim(*this, weight.dim(3), input.dim(3),
                       "weight input channels")) ||
      failed(verifyDim(*this, result.dim(3), outChannels, "result channels")) ||
      failed(verifyBias(*this, getBias(), outChannels, input, weight, 1)))
    return failure();
  return verifyAccumulatorRescale(*this, input, weight, result);
}

LogicalResult DepthwiseConv2DOp::verify() {
  FailureOr<ConvInfo> conv = verifyConv(*this, /*weightAxis=*/2,
                                        /*kernelDim=*/0);
  if (failed(conv))
    return failure();
  const auto &[input, weight, result, extents] = *conv;
  int64_t channels = weight.dim(2);
  int64_t multiplier = weight.dim(3);
  int64_t outChannels =
      ShapedType::isDynamic(channels) || ShapedType::isDynamic(multiplier)
          ? ShapedType::kDynamic
          : channels * multiplier;
  if (failed(verifyDim(*this, channels, input.dim(3), "weight channels")) ||
      failed(verifyDim(*this, result.dim(3), outChannels,
                       "result channels (channels * multiplier)")))
    return failure();
  int64_t divisor = ShapedType::isDynamic(multiplier) ? 1 : multiplier;
  if (failed(verifyBias(*this, getBias(), outChannels, input, weight, divisor)))
    return failure();
  return verifyAccumulatorRescale(*this, input, weight, result);
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  FailureOr<QuantInfo> lhs =
      verifyQuantized(*this, getLhs().getType(), {"lhs", StorageKind::Compute});
  if (failed(lhs))
    return failure();
  int64_t rank = lhs->rank();
  if (rank != 2 && rank != 3)
    return emitOpError() << "lhs must have rank 2 or 3, got " << rank;
  auto rhsType = cast<RankedTensorType>(getRhs().getType());
  int64_t rhsRank = rhsType.getRank();
  if (rhsRank != 2 && rhsRank != rank)
    return emitOpError() << "rhs must have rank 2 or the rank of lhs (" << rank
                         << "), got " << rhsRank;
  FailureOr<QuantInfo> rhs = verifyQuantized(
      *this, rhsType, {"rhs", StorageKind::Compute, true, rhsRank - 1});
  if (failed(rhs))
    return failure();
  FailureOr<QuantInfo> result = verifyQuantized(
      *this, getOutput().getType(), {"result", StorageKind::Accumulator});
  if (failed(result) || failed(verifyRank(*this, *result, "result", rank)) ||
      failed(verifyClamp(*this, getClamp(), *result)))
    return failure();

  int64_t columns = rhs->dim(rhsRank - 1);
  if (failed(verifyDim(*this, rhs->dim(rhsRank - 2), lhs->dim(rank - 1),
                       "rhs reduction size")) ||
      failed(verifyDim(*this, result->dim(rank - 2), lhs->dim(rank - 2),
                       "result rows")) ||
      failed(
          verifyDim(*this, result->dim(rank - 1), columns, "result columns")))
    return failure();
  if (rank == 3) {
    if (failed(verifyDim(*this, result->dim(0), lhs->dim(0), "result batch")))
      return failure();
    if (rhsRank == 3 &&
        failed(verifyDim(*this, rhs->dim(0), lhs->dim(0), "rhs batch")))
      return failure();
  }
  if (failed(verifyBias(*this, getBias(), columns, *lhs, *rhs, 1)))
    return failure();
  return verifyAccumulatorRescale(*this, *lhs, *rhs, *result);
}

//===----------------------------------------------------------------------===//
// AddOp / MulOp
//===----------------------------------------------------------------------===//

/// Verifies the operands and result of a broadcasting element-wise op.
static FailureOr<std::array<QuantInfo, 3>>
verifyElementwise(Operation *op, Value lhs, Value rhs, Value result) {
  FailureOr<QuantInfo> lhsInfo =
      verifyQuantized(op, lhs.getType(), {"lhs", StorageKind::Compute});
  if (failed(lhsInfo))
    return failure();
  FailureOr<QuantInfo> rhsInfo =
      verifyQuantized(op, rhs.getType(), {"rhs", StorageKind::Compute});
  if (failed(rhsInfo))
    return failure();
  FailureOr<QuantInfo> resultInfo =
      verifyQuantized(op, result.getType(), {"result", StorageKind::Compute});
  if (failed(resultInfo))
    return failure();
  int64_t rank = resultInfo->rank();
  for (const QuantInfo *operand : {&*lhsInfo, &*rhsInfo}) {
    StringRef name = operand == &*lhsInfo ? "lhs" : "rhs";
    if (operand->rank() != rank)
      return op->emitOpError() << name << " must have the result's rank "
                               << rank << ", got " << operand->rank();
    for (int64_t d = 0; d < rank; ++d) {
      int64_t size = operand->dim(d);
      int64_t expected = resultInfo->dim(d);
      if (size == 1 || ShapedType::isDynamic(size) ||
          ShapedType::isDynamic(expected) || size == expected)
        continue;
      return op->emitOpError() << name << " dimension " << d << " of size "
                               << size << " neither equals the result's ("
                               << expected << ") nor broadcasts (1)";
    }
  }
  return std::array<QuantInfo, 3>{*lhsInfo, *rhsInfo, *resultInfo};
}

LogicalResult AddOp::verify() {
  auto infos = verifyElementwise(*this, getLhs(), getRhs(), getOutput());
  if (failed(infos) || failed(verifyClamp(*this, getClamp(), (*infos)[2])))
    return failure();
  const auto &[lhs, rhs, result] = *infos;
  bool narrow = lhs.elementType.getStorageTypeIntegralWidth() <= 8 &&
                rhs.elementType.getStorageTypeIntegralWidth() <= 8;
  double twiceMax = 2.0 * std::max(lhs.scale(0), rhs.scale(0));
  double shifted = std::ldexp(result.scale(0), narrow ? 20 : 15);
  return verifyRescale(*this, twiceMax / shifted,
                       "2 * max(lhs scale, rhs scale) / (2^L * result scale)");
}

LogicalResult MulOp::verify() {
  auto infos = verifyElementwise(*this, getLhs(), getRhs(), getOutput());
  if (failed(infos) || failed(verifyClamp(*this, getClamp(), (*infos)[2])))
    return failure();
  const auto &[lhs, rhs, result] = *infos;
  return verifyRescale(*this, lhs.scale(0) * rhs.scale(0) / result.scale(0),
                       "lhs scale * rhs scale / result scale");
}

//===----------------------------------------------------------------------===//
// MaxPool2DOp / AvgPool2DOp
//===----------------------------------------------------------------------===//

/// Verifies a pooling op and returns its input and result parameters.
template <typename PoolOp>
static FailureOr<std::pair<QuantInfo, QuantInfo>> verifyPool(PoolOp op) {
  FailureOr<QuantInfo> input = verifyQuantized(op, op.getInput().getType(),
                                               {"input", StorageKind::Compute});
  if (failed(input) || failed(verifyRank(op, *input, "input", 4)))
    return failure();
  FailureOr<QuantInfo> result = verifyQuantized(
      op, op.getOutput().getType(), {"result", StorageKind::Accumulator});
  if (failed(result) || failed(verifyRank(op, *result, "result", 4)))
    return failure();
  ArrayRef<int64_t> kernel = op.getKernel();
  ArrayRef<int64_t> pad = op.getPad();
  if (failed(verifyArray(op, kernel, "kernel", 2, 1, "[y, x]")) ||
      failed(verifyArray(op, op.getStride(), "stride", 2, 1, "[y, x]")) ||
      failed(verifyArray(op, pad, "pad", 4, 0, "[top, bottom, left, right]")))
    return failure();
  for (int i = 0; i < 4; ++i)
    if (pad[i] >= kernel[i / 2])
      return op.emitOpError()
             << "pad " << pad[i] << " must be smaller than the kernel extent "
             << kernel[i / 2] << " along its axis";
  if (failed(verifyDim(op, result->dim(3), input->dim(3), "result channels")) ||
      failed(
          verifyWindowShape(op, *input, *result, kernel, op.getStride(), pad)))
    return failure();
  return std::make_pair(*input, *result);
}

LogicalResult MaxPool2DOp::verify() {
  auto infos = verifyPool(*this);
  if (failed(infos))
    return failure();
  if (infos->first.elementType != infos->second.elementType)
    return emitOpError() << "result element type " << infos->second.elementType
                         << " must equal the input's "
                         << infos->first.elementType
                         << " (max pooling does not rescale)";
  return success();
}

LogicalResult AvgPool2DOp::verify() {
  auto infos = verifyPool(*this);
  if (failed(infos))
    return failure();
  // The largest multiplier is the one for a window of one element.
  return verifyRescale(*this, infos->first.scale(0) / infos->second.scale(0),
                       "input scale / result scale");
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("requires at least one input");
  FailureOr<QuantInfo> result = verifyQuantized(
      *this, getOutput().getType(), {"result", StorageKind::Compute});
  if (failed(result))
    return failure();
  int64_t rank = result->rank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= rank)
    return emitOpError() << "axis " << axis << " is out of range for rank "
                         << rank;
  int64_t axisSum = 0;
  for (auto [index, value] : llvm::enumerate(getInputs())) {
    std::string name = "input #" + std::to_string(index);
    FailureOr<QuantInfo> input =
        verifyQuantized(*this, value.getType(), {name, StorageKind::Compute});
    if (failed(input))
      return failure();
    if (input->rank() != rank)
      return emitOpError() << name << " must have the result's rank " << rank
                           << ", got " << input->rank();
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis &&
          failed(verifyDim(*this, input->dim(d), result->dim(d),
                           Twine(name) + " dimension " + Twine(d))))
        return failure();
    if (ShapedType::isDynamic(axisSum) ||
        ShapedType::isDynamic(input->dim(axis)))
      axisSum = ShapedType::kDynamic;
    else
      axisSum += input->dim(axis);
    if (failed(verifyRescale(*this, input->scale(0) / result->scale(0),
                             "input scale / result scale")))
      return failure();
  }
  return verifyDim(*this, result->dim(axis), axisSum,
                   "result size along the concatenation axis");
}
