//===- HandlerUtils.cpp - Helpers shared by the ONNX op handlers ----------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "HandlerUtils.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using qmlir::onnxir::NodeOp;

namespace qmlir::onnx_to_tosa {

/// "ONNX Conv node 'conv1' (opset 13): ".
InFlightDiagnostic fail(NodeOp node) {
  InFlightDiagnostic diag = node.emitError() << "ONNX " << node.getOpType();
  if (node.getName())
    diag << " node '" << *node.getName() << "'";
  diag << " (opset " << node.getOpset() << "): ";
  return diag;
}

RankedTensorType resultType(NodeOp node, unsigned i) {
  return cast<RankedTensorType>(node.getResult(i).getType());
}

Value input(NodeOp node, unsigned i) {
  if (i >= node.getInputs().size())
    return nullptr;
  Value value = node.getInputs()[i];
  return isa<NoneType>(value.getType()) ? Value() : value;
}

int64_t intAttr(NodeOp node, StringRef name, int64_t fallback) {
  if (auto attr = node.getNodeAttributes().getAs<IntegerAttr>(name))
    return attr.getInt();
  return fallback;
}

float floatAttr(NodeOp node, StringRef name, float fallback) {
  if (auto attr = node.getNodeAttributes().getAs<FloatAttr>(name))
    return attr.getValueAsDouble();
  return fallback;
}

SmallVector<int64_t> intsAttr(NodeOp node, StringRef name,
                              ArrayRef<int64_t> fallback) {
  if (auto attr = node.getNodeAttributes().getAs<DenseI64ArrayAttr>(name))
    return SmallVector<int64_t>(attr.asArrayRef());
  return SmallVector<int64_t>(fallback);
}

StringRef stringAttr(NodeOp node, StringRef name, StringRef fallback) {
  if (auto attr = node.getNodeAttributes().getAs<StringAttr>(name))
    return attr.getValue();
  return fallback;
}

/// Only f32 data is converted for now: the first `dataInputs` inputs and
/// the first result (other inputs and results may be integer parameters such
/// as pads or axes, or indices).
LogicalResult requireF32(NodeOp node, unsigned dataInputs) {
  SmallVector<Type> types;
  if (node.getNumResults())
    types.push_back(node.getResult(0).getType());
  for (Value value : node.getInputs().take_front(dataInputs))
    types.push_back(value.getType());
  for (Type type : types) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (tensor && !tensor.getElementType().isF32())
      return fail(node) << "element type " << tensor.getElementType()
                        << " is not supported (f32 only)";
  }
  return success();
}

Value transpose(ImplicitLocOpBuilder &b, Value x, ArrayRef<int32_t> perms) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  for (int32_t p : perms)
    shape.push_back(type.getDimSize(p));
  return tosa::TransposeOp::create(
      b, RankedTensorType::get(shape, type.getElementType()), x,
      b.getDenseI32ArrayAttr(perms));
}

Value reshape(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getShape() == shape)
    return x;
  return tosa::ReshapeOp::create(
      b, RankedTensorType::get(shape, type.getElementType()), x,
      tosa::getTosaConstShape(b, shape));
}

Value sliceTensor(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> offsets,
                  ArrayRef<int64_t> sizes) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getShape() == sizes)
    return x;
  return tosa::SliceOp::create(b, type.clone(sizes), x,
                               tosa::getTosaConstShape(b, offsets),
                               tosa::getTosaConstShape(b, sizes));
}

Value concatTensors(ImplicitLocOpBuilder &b, ArrayRef<Value> parts,
                    int32_t axis) {
  if (parts.size() == 1)
    return parts.front();
  auto type = cast<RankedTensorType>(parts.front().getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] = 0;
  for (Value part : parts)
    shape[axis] += cast<RankedTensorType>(part.getType()).getDimSize(axis);
  return tosa::ConcatOp::create(b, type.clone(shape), parts, axis);
}

Value matmul(ImplicitLocOpBuilder &b, Value a, Value w, int64_t m, int64_t n,
             int64_t k, int64_t batch) {
  a = reshape(b, a, {batch, m, k});
  w = reshape(b, w, {batch, k, n});
  auto type = RankedTensorType::get({batch, m, n}, b.getF32Type());
  return tosa::MatMulOp::create(b, type, a, w);
}

Value withLeadingOnes(ImplicitLocOpBuilder &b, Value x, int64_t rank) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(rank - type.getRank(), 1);
  llvm::append_range(shape, type.getShape());
  return reshape(b, x, shape);
}

Value broadcastTo(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() > static_cast<int64_t>(shape.size()))
    return nullptr;
  x = withLeadingOnes(b, x, shape.size());
  ArrayRef<int64_t> padded = cast<RankedTensorType>(x.getType()).getShape();
  SmallVector<int64_t> multiples;
  for (auto [have, want] : llvm::zip_equal(padded, shape)) {
    if (have != want && have != 1)
      return nullptr;
    multiples.push_back(have == want ? 1 : want);
  }
  if (llvm::all_of(multiples, [](int64_t m) { return m == 1; }))
    return x;
  return tosa::TileOp::create(
      b, RankedTensorType::get(shape, type.getElementType()), x,
      tosa::getTosaConstShape(b, multiples));
}

/// A rank-`rank` f32 constant of `value` with all dimensions 1.
Value scalar(ImplicitLocOpBuilder &b, float value, int64_t rank) {
  auto type =
      RankedTensorType::get(SmallVector<int64_t>(rank, 1), b.getF32Type());
  return tosa::ConstOp::create(b, type, DenseElementsAttr::get(type, value));
}

Value mul(ImplicitLocOpBuilder &b, Type type, Value x, Value y) {
  auto shiftType = RankedTensorType::get({1}, b.getI8Type());
  Value shift = tosa::ConstOp::create(
      b, shiftType, DenseElementsAttr::get(shiftType, b.getI8IntegerAttr(0)));
  return tosa::MulOp::create(b, type, x, y, shift);
}

/// Results for the outputs after the first: none produced (the driver
/// rejects them if they are used).
Values withUnproducedOutputs(NodeOp node, Value first) {
  Values results{first};
  results.resize(node.getNumResults());
  return results;
}

/// Explicit begin/end pads of the two spatial dimensions from `pads` or
/// `auto_pad`, in TOSA's [top, bottom, left, right] order.
LogicalResult checkWindowAttr(NodeOp node, StringRef name,
                              ArrayRef<int64_t> values, size_t count,
                              int64_t least) {
  if (values.size() != count)
    return fail(node) << name << " of " << values.size()
                      << " values are not supported (" << count << ")";
  if (llvm::any_of(values, [&](int64_t v) { return v < least; }))
    return fail(node) << name << " must be at least " << least;
  return success();
}

FailureOr<SmallVector<int64_t>> spatialPads(NodeOp node,
                                            ArrayRef<int64_t> inputHW,
                                            ArrayRef<int64_t> kernelExtent,
                                            ArrayRef<int64_t> strides) {
  auto positive = [](ArrayRef<int64_t> values) {
    return llvm::all_of(values, [](int64_t v) { return v >= 1; });
  };
  if (!positive(kernelExtent))
    return fail(node) << "the kernel must be at least 1x1";
  if (!positive(strides))
    return fail(node) << "strides must be positive";
  StringRef autoPad = stringAttr(node, "auto_pad", "NOTSET");
  SmallVector<int64_t> result;
  if (autoPad == "NOTSET") {
    SmallVector<int64_t> pads = intsAttr(node, "pads", {0, 0, 0, 0});
    if (pads.size() != 4)
      return fail(node) << "pads of " << pads.size()
                        << " values are not supported (2-D only)";
    if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
      return fail(node) << "pads must not be negative";
    result = {pads[0], pads[2], pads[1], pads[3]};
  } else if (autoPad == "VALID") {
    result = {0, 0, 0, 0};
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int i = 0; i < 2; ++i) {
      int64_t out = (inputHW[i] + strides[i] - 1) / strides[i];
      int64_t total = std::max<int64_t>(
          (out - 1) * strides[i] + kernelExtent[i] - inputHW[i], 0);
      int64_t small = total / 2, large = total - small;
      result.push_back(autoPad == "SAME_UPPER" ? small : large);
      result.push_back(autoPad == "SAME_UPPER" ? large : small);
    }
  } else {
    return fail(node) << "auto_pad '" << autoPad << "' is not supported";
  }
  // ONNX's output size must be positive: the first window fits in the
  // padded input (with ceil_mode, it may reach at most stride - 1 past it).
  bool ceil = intAttr(node, "ceil_mode", 0) != 0;
  for (int i = 0; i < 2; ++i) {
    int64_t padded;
    if (llvm::AddOverflow(inputHW[i], result[2 * i], padded) ||
        llvm::AddOverflow(padded, result[2 * i + 1], padded))
      return fail(node) << "pads too large";
    if (padded + (ceil ? strides[i] - 1 : 0) < kernelExtent[i])
      return fail(node) << "the kernel's extent (" << kernelExtent[0] << "x"
                        << kernelExtent[1]
                        << ") is larger than the padded input ("
                        << inputHW[0] + result[0] + result[1] << "x"
                        << inputHW[1] + result[2] + result[3] << ")";
  }
  return result;
}

/// TOSA needs (in + pads - extent) divisible by the stride; ONNX floors.
/// Trailing rows and columns that no output uses are dropped: first from the
/// trailing padding, then by slicing the (NHWC) input.
Value fitTrailingPadding(ImplicitLocOpBuilder &b, Value nhwc,
                         SmallVector<int64_t> &pads,
                         ArrayRef<int64_t> kernelExtent,
                         ArrayRef<int64_t> strides, ArrayRef<int64_t> outHW) {
  auto type = cast<RankedTensorType>(nhwc.getType());
  SmallVector<int64_t> shape(type.getShape());
  for (int i = 0; i < 2; ++i) {
    // The padded extent the output windows span exactly.
    int64_t span = (outHW[i] - 1) * strides[i] + kernelExtent[i];
    int64_t end = span - shape[1 + i] - pads[2 * i];
    if (end >= 0) {
      pads[2 * i + 1] = end;
    } else {
      pads[2 * i + 1] = 0;
      shape[1 + i] += end;
    }
  }
  if (shape == SmallVector<int64_t>(type.getShape()))
    return nhwc;
  return tosa::SliceOp::create(
      b, RankedTensorType::get(shape, type.getElementType()), nhwc,
      tosa::getTosaConstShape(b, {0, 0, 0, 0}),
      tosa::getTosaConstShape(b, shape));
}

/// An axis attribute (negative counts from the end) as a dimension index.
FailureOr<int64_t> normalizedAxis(NodeOp node, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank) {
    fail(node) << "axis " << axis << " is out of range for rank " << rank;
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

/// The values of a constant integer input, or failure after an error.
std::optional<SmallVector<int64_t>> constantIntValues(Value value) {
  DenseElementsAttr dense;
  if (!value || !matchPattern(value, m_Constant(&dense)))
    return std::nullopt;
  auto integer = dyn_cast<IntegerType>(dense.getElementType());
  if (!integer)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (APInt v : dense.getValues<APInt>())
    values.push_back(integer.isUnsigned() ? v.getZExtValue()
                                          : v.getSExtValue());
  return values;
}

FailureOr<SmallVector<int64_t>> constantInts(NodeOp node, Value value,
                                             StringRef what) {
  std::optional<SmallVector<int64_t>> values = constantIntValues(value);
  if (!values) {
    fail(node) << "a run-time " << what
               << " input is not supported (it must be a constant)";
    return failure();
  }
  return *values;
}

/// Slice with unit steps: starts/ends/axes as attributes (before opset 10)

} // namespace qmlir::onnx_to_tosa
