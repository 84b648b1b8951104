//===- ShapeHandlers.cpp - Shape arithmetic folding and Cast --------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Exported models compute shapes at run time (Shape -> Gather -> Unsqueeze ->
// Concat -> Reshape is how `x.view(x.size(0), -1)` exports). With static
// shapes all of it is constant: Shape and ConstantOfShape always fold, and
// integer ops whose inputs are all constants fold to constants, so only the
// data path reaches TOSA.
//
//===----------------------------------------------------------------------===//

#include "HandlerUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"

#include <limits>

using namespace mlir;
using namespace qmlir;
using namespace qmlir::onnx_to_tosa;
using onnxir::NodeOp;

namespace {

/// An integer tensor attribute of `type` holding `values`.
DenseElementsAttr intAttrOf(RankedTensorType type, ArrayRef<int64_t> values) {
  auto integer = cast<IntegerType>(type.getElementType());
  SmallVector<APInt> bits;
  for (int64_t v : values)
    bits.push_back(APInt(integer.getWidth(), v, /*isSigned=*/true,
                         /*implicitTrunc=*/true));
  return DenseElementsAttr::get(type, bits);
}

/// Element-wise integer arithmetic with a scalar operand broadcast.
std::optional<SmallVector<int64_t>> integerBinary(StringRef op,
                                                  ArrayRef<int64_t> lhs,
                                                  ArrayRef<int64_t> rhs,
                                                  int64_t count) {
  if ((lhs.size() != 1 && static_cast<int64_t>(lhs.size()) != count) ||
      (rhs.size() != 1 && static_cast<int64_t>(rhs.size()) != count))
    return std::nullopt;
  SmallVector<int64_t> result;
  for (int64_t i = 0; i < count; ++i) {
    int64_t a = lhs.size() == 1 ? lhs[0] : lhs[i];
    int64_t c = rhs.size() == 1 ? rhs[0] : rhs[i];
    if (op == "Add")
      result.push_back(a + c);
    else if (op == "Sub")
      result.push_back(a - c);
    else if (op == "Mul")
      result.push_back(a * c);
    else if (c == 0)
      return std::nullopt;
    else // Div: ONNX integer division truncates.
      result.push_back(a / c);
  }
  return result;
}

} // namespace

std::optional<DenseElementsAttr>
qmlir::onnx_to_tosa::foldShapeArithmetic(NodeOp node) {
  if (node.getNumResults() != 1)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(node.getResult(0).getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  StringRef op = node.getOpType();
  int64_t count = type.getNumElements();

  if (op == "Shape") {
    auto inType = dyn_cast<RankedTensorType>(node.getInputs()[0].getType());
    if (!inType || !inType.hasStaticShape() ||
        !type.getElementType().isInteger(64))
      return std::nullopt;
    int64_t rank = inType.getRank();
    int64_t start = intAttr(node, "start", 0);
    int64_t end = intAttr(node, "end", rank);
    start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
    end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
    SmallVector<int64_t> dims;
    for (int64_t i = start; i < end; ++i)
      dims.push_back(inType.getDimSize(i));
    if (static_cast<int64_t>(dims.size()) != count)
      return std::nullopt;
    return intAttrOf(type, dims);
  }

  if (op == "ConstantOfShape") {
    if (!constantIntValues(input(node, 0)))
      return std::nullopt;
    auto value = node.getNodeAttributes().getAs<DenseElementsAttr>("value");
    if (!value)
      return DenseElementsAttr::get(type, 0.0f);
    if (value.getElementType() != type.getElementType() ||
        value.getNumElements() != 1)
      return std::nullopt;
    return DenseElementsAttr::get(type, *value.getValues<Attribute>().begin());
  }

  // The rest folds integer constants only.
  if (!isa<IntegerType>(type.getElementType()))
    return std::nullopt;
  SmallVector<SmallVector<int64_t>> inputs;
  for (Value value : node.getInputs()) {
    if (isa<NoneType>(value.getType())) {
      inputs.emplace_back();
      continue;
    }
    std::optional<SmallVector<int64_t>> values = constantIntValues(value);
    if (!values)
      return std::nullopt;
    inputs.push_back(std::move(*values));
  }
  if (inputs.empty())
    return std::nullopt;

  if (op == "Identity" || op == "Reshape" || op == "Squeeze" ||
      op == "Unsqueeze" || op == "Flatten" || op == "Cast") {
    if (static_cast<int64_t>(inputs[0].size()) != count)
      return std::nullopt;
    return intAttrOf(type, inputs[0]);
  }
  if (op == "Concat") {
    SmallVector<int64_t> all;
    for (const auto &values : inputs)
      llvm::append_range(all, values);
    if (type.getRank() != 1 || static_cast<int64_t>(all.size()) != count)
      return std::nullopt;
    return intAttrOf(type, all);
  }
  if (op == "Neg") {
    SmallVector<int64_t> result;
    for (int64_t v : inputs[0]) {
      if (v == std::numeric_limits<int64_t>::min())
        return std::nullopt;
      result.push_back(-v);
    }
    if (static_cast<int64_t>(result.size()) != count)
      return std::nullopt;
    return intAttrOf(type, result);
  }
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") {
    std::optional<SmallVector<int64_t>> result =
        integerBinary(op, inputs[0], inputs[1], count);
    if (!result)
      return std::nullopt;
    return intAttrOf(type, *result);
  }
  if (op == "Gather") {
    // 1-D data (the shape vectors of exported models).
    auto dataType = cast<RankedTensorType>(node.getInputs()[0].getType());
    if (dataType.getRank() != 1 ||
        static_cast<int64_t>(inputs[1].size()) != count)
      return std::nullopt;
    int64_t size = inputs[0].size();
    SmallVector<int64_t> result;
    for (int64_t index : inputs[1]) {
      if (index < -size || index >= size)
        return std::nullopt;
      result.push_back(inputs[0][index < 0 ? index + size : index]);
    }
    return intAttrOf(type, result);
  }
  if (op == "Slice" && node.getOpset() >= 10 && inputs.size() >= 3) {
    // 1-D data, unit or larger steps.
    int64_t size = inputs[0].size();
    if (inputs[1].size() != 1 || inputs[2].size() != 1)
      return std::nullopt;
    int64_t step = inputs.size() > 4 && !inputs[4].empty() ? inputs[4][0] : 1;
    if (step <= 0)
      return std::nullopt;
    int64_t start = inputs[1][0], end = inputs[2][0];
    start = std::clamp<int64_t>(start < 0 ? start + size : start, 0, size);
    end = std::clamp<int64_t>(end < 0 ? end + size : end, 0, size);
    SmallVector<int64_t> result;
    for (int64_t i = start; i < end; i += step)
      result.push_back(inputs[0][i]);
    if (static_cast<int64_t>(result.size()) != count)
      return std::nullopt;
    return intAttrOf(type, result);
  }
  return std::nullopt;
}

namespace {

bool castable(Type type) {
  return type.isF32() || type.isF16() || type.isBF16() || type.isInteger(8) ||
         type.isInteger(16) || type.isInteger(32) || type.isInteger(1);
}

/// Cast of run-time data between the element types TOSA casts: float to
/// integer truncates toward zero (ONNX), so the value is truncated before
/// tosa.cast (which rounds); to bool compares with zero.
FailureOr<Values> castOp(NodeOp node, ImplicitLocOpBuilder &b) {
  Value x = input(node, 0);
  auto xType = cast<RankedTensorType>(x.getType());
  RankedTensorType outType = resultType(node);
  Type from = xType.getElementType(), to = outType.getElementType();
  if (from == to)
    return Values{x};
  // f32 to uint8 (a zero point computed in float, as DynamicQuantizeLinear's
  // function body does): truncated toward zero, through i32, and the low 8
  // bits as uint8 (values outside [0, 255] wrap; ONNX leaves them
  // undefined).
  if (from.isF32() && to.isUnsignedInteger(8)) {
    auto f32Type = xType;
    Value zero = scalar(b, 0.0f, xType.getRank());
    Value positive =
        tosa::GreaterEqualOp::create(b, xType.clone(b.getI1Type()), x, zero);
    Value truncated = tosa::SelectOp::create(
        b, f32Type, positive, tosa::FloorOp::create(b, f32Type, x),
        tosa::CeilOp::create(b, f32Type, x));
    Value wide =
        tosa::CastOp::create(b, xType.clone(b.getI32Type()), truncated);
    Value low = tosa::CastOp::create(b, xType.clone(b.getI8Type()), wide);
    return Values{tensor::BitcastOp::create(b, outType, low)};
  }
  if (!castable(from) || !castable(to) || !from.isSignlessIntOrFloat() ||
      !to.isSignlessIntOrFloat())
    return fail(node) << "casting " << from << " to " << to
                      << " is not supported";
  int64_t rank = xType.getRank();
  if (to.isInteger(1)) {
    Value zero =
        isa<FloatType>(from)
            ? scalar(b, 0.0f, rank)
            : Value(tosa::ConstOp::create(
                  b, RankedTensorType::get(SmallVector<int64_t>(rank, 1), from),
                  DenseElementsAttr::get(
                      RankedTensorType::get(SmallVector<int64_t>(rank, 1),
                                            from),
                      b.getIntegerAttr(from, 0))));
    if (isa<FloatType>(from) && !from.isF32())
      return fail(node) << "casting " << from << " to " << to
                        << " is not supported";
    Value equal = tosa::EqualOp::create(b, outType, x, zero);
    return Values{tosa::LogicalNotOp::create(b, outType, equal)};
  }
  if (isa<FloatType>(from) && isa<IntegerType>(to)) {
    Value zero = scalar(b, 0.0f, rank);
    if (!from.isF32())
      x = tosa::CastOp::create(b, xType.clone(b.getF32Type()), x);
    auto f32Type = xType.clone(b.getF32Type());
    Value positive =
        tosa::GreaterEqualOp::create(b, xType.clone(b.getI1Type()), x, zero);
    x = tosa::SelectOp::create(b, f32Type, positive,
                               tosa::FloorOp::create(b, f32Type, x),
                               tosa::CeilOp::create(b, f32Type, x));
  }
  return Values{tosa::CastOp::create(b, outType, x)};
}

/// Shape and ConstantOfShape: always constants (the driver folds them before
/// calling a handler); reaching the handler means the fold failed.
FailureOr<Values> constantFold(NodeOp node, ImplicitLocOpBuilder &) {
  return fail(node) << "the result is not a constant (a run-time shape "
                       "input or a dynamic shape is not supported)";
}

} // namespace

void qmlir::onnx_to_tosa::populateShapeHandlers(ONNXHandlerRegistry &registry) {
  registry.add("Cast", 6, castOp);
  registry.add("ConstantOfShape", 9, constantFold);
  registry.add("Shape", 1, constantFold);
}
