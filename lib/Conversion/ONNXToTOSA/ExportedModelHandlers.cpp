//===- ExportedModelHandlers.cpp - Comparisons, Where, Round, ArgMax, ... -===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Ops exported models use around their layers: comparisons and Where
// (masks), Not/And/Or, Round (half to even), ArgMax, Expand and Tile with
// constant shapes, and Einsum in matrix-product form.
//
//===----------------------------------------------------------------------===//

#include "HandlerUtils.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"

using namespace mlir;
using namespace qmlir;
using namespace qmlir::onnx_to_tosa;
using onnxir::NodeOp;

namespace {

/// Fails unless inputs `first`..`last` have element type `element`.
LogicalResult requireElementType(NodeOp node, unsigned first, unsigned last,
                                 Type element, StringRef expected) {
  for (unsigned i = first; i <= last; ++i) {
    Type type = getElementTypeOrSelf(input(node, i).getType());
    if (type != element)
      return fail(node) << "input #" << i << " of element type " << type
                        << " is not supported (" << expected << ")";
  }
  return success();
}

enum class Comparison { Equal, Less, LessOrEqual, Greater, GreaterOrEqual };

/// Equal, Less, LessOrEqual, Greater, GreaterOrEqual of f32 operands with
/// NumPy broadcasting; bool results.
template <Comparison Kind>
FailureOr<Values> compare(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireElementType(node, 0, 1, b.getF32Type(), "f32")))
    return failure();
  Value lhs = input(node, 0), rhs = input(node, 1);
  if (failed(tosa::EqualizeRanks(b, lhs, rhs)))
    return fail(node) << "operand shapes cannot be broadcast";
  RankedTensorType type = resultType(node);
  switch (Kind) {
  case Comparison::Equal:
    return Values{tosa::EqualOp::create(b, type, lhs, rhs)};
  case Comparison::Less:
    return Values{tosa::GreaterOp::create(b, type, rhs, lhs)};
  case Comparison::LessOrEqual:
    return Values{tosa::GreaterEqualOp::create(b, type, rhs, lhs)};
  case Comparison::Greater:
    return Values{tosa::GreaterOp::create(b, type, lhs, rhs)};
  case Comparison::GreaterOrEqual:
    return Values{tosa::GreaterEqualOp::create(b, type, lhs, rhs)};
  }
  llvm_unreachable("comparison kind");
}

/// Not, And, Or of bool tensors.
FailureOr<Values> logicalNot(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireElementType(node, 0, 0, b.getI1Type(), "bool")))
    return failure();
  return Values{
      tosa::LogicalNotOp::create(b, resultType(node), input(node, 0))};
}

template <typename TosaOp>
FailureOr<Values> logical(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireElementType(node, 0, 1, b.getI1Type(), "bool")))
    return failure();
  Value lhs = input(node, 0), rhs = input(node, 1);
  if (failed(tosa::EqualizeRanks(b, lhs, rhs)))
    return fail(node) << "operand shapes cannot be broadcast";
  return Values{TosaOp::create(b, resultType(node), lhs, rhs)};
}

/// Where(condition, x, y): f32 values, NumPy broadcasting of all three.
FailureOr<Values> where(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireElementType(node, 0, 0, b.getI1Type(), "bool")) ||
      failed(requireElementType(node, 1, 2, b.getF32Type(), "f32")))
    return failure();
  RankedTensorType type = resultType(node);
  int64_t rank = type.getRank();
  return Values{
      tosa::SelectOp::create(b, type, withLeadingOnes(b, input(node, 0), rank),
                             withLeadingOnes(b, input(node, 1), rank),
                             withLeadingOnes(b, input(node, 2), rank))};
}

/// Round: to the nearest integer, halves to even (as ONNX and NumPy).
FailureOr<Values> roundHalfToEven(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  RankedTensorType type = resultType(node);
  auto boolType = type.clone(b.getI1Type());
  int64_t rank = type.getRank();
  Value x = input(node, 0);
  Value down = tosa::FloorOp::create(b, type, x);
  Value fraction = tosa::SubOp::create(b, type, x, down);
  Value half = scalar(b, 0.5f, rank);
  Value above = tosa::GreaterOp::create(b, boolType, fraction, half);
  Value tie = tosa::EqualOp::create(b, boolType, fraction, half);
  // `down` is odd when half of it is not an integer.
  Value halved = mul(b, type, down, half);
  Value odd = tosa::LogicalNotOp::create(
      b, boolType,
      tosa::EqualOp::create(b, boolType, halved,
                            tosa::FloorOp::create(b, type, halved)));
  Value up = tosa::LogicalOrOp::create(
      b, boolType, above, tosa::LogicalAndOp::create(b, boolType, tie, odd));
  Value next = tosa::AddOp::create(b, type, down, scalar(b, 1.0f, rank));
  return Values{tosa::SelectOp::create(b, type, up, next, down)};
}

/// ArgMax of f32 along `axis` (the first maximum), int64 indices.
FailureOr<Values> argMax(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireElementType(node, 0, 0, b.getF32Type(), "f32")))
    return failure();
  if (intAttr(node, "select_last_index", 0))
    return fail(node) << "select_last_index = 1 is not supported";
  Value x = input(node, 0);
  auto xType = cast<RankedTensorType>(x.getType());
  FailureOr<int64_t> axis =
      normalizedAxis(node, intAttr(node, "axis", 0), xType.getRank());
  if (failed(axis))
    return failure();
  RankedTensorType type = resultType(node);
  if (!type.getElementType().isInteger(64))
    return fail(node) << "result element type " << type.getElementType()
                      << " is not supported (int64)";
  SmallVector<int64_t> reduced;
  for (auto [i, d] : llvm::enumerate(xType.getShape()))
    if (static_cast<int64_t>(i) != *axis)
      reduced.push_back(d);
  Value indices =
      tosa::ArgMaxOp::create(b, RankedTensorType::get(reduced, b.getI32Type()),
                             x, b.getI32IntegerAttr(*axis));
  indices = reshape(b, indices, type.getShape());
  return Values{tosa::CastOp::create(b, type, indices)};
}

/// Expand: NumPy broadcasting of the input to the shape inference gave.
FailureOr<Values> expand(NodeOp node, ImplicitLocOpBuilder &b) {
  RankedTensorType type = resultType(node);
  Value y = broadcastTo(b, input(node, 0), type.getShape());
  if (!y)
    return fail(node) << "the input does not broadcast to " << type;
  return Values{y};
}

/// Tile with constant repeats.
FailureOr<Values> tile(NodeOp node, ImplicitLocOpBuilder &b) {
  FailureOr<SmallVector<int64_t>> repeats =
      constantInts(node, input(node, 1), "repeats");
  if (failed(repeats))
    return failure();
  Value x = input(node, 0);
  if (static_cast<int64_t>(repeats->size()) !=
          cast<RankedTensorType>(x.getType()).getRank() ||
      llvm::any_of(*repeats, [](int64_t r) { return r < 1; }))
    return fail(node) << "repeats must be positive, one per dimension";
  if (llvm::all_of(*repeats, [](int64_t r) { return r == 1; }))
    return Values{x};
  return Values{tosa::TileOp::create(b, resultType(node), x,
                                     tosa::getTosaConstShape(b, *repeats))};
}

/// Einsum of two operands in matrix-product form ("bij,bjk->bik",
/// "bhqd,bhkd->bhqk", "ij,jk", ...): every letter is a batch letter (both
/// operands and the output), a contracted one (both operands, not the
/// output) or a free one (one operand and the output). The operands are
/// permuted and reshaped to [batch, M, K] and [batch, K, N], multiplied by
/// one tosa.matmul, and the product is reshaped and permuted to the output.
FailureOr<Values> einsum(NodeOp node, ImplicitLocOpBuilder &b) {
  if (node->getNumOperands() != 2)
    return fail(node) << "equations of " << node->getNumOperands()
                      << " operand(s) are not supported (two-operand matrix "
                         "products only)";
  if (failed(requireF32(node, /*dataInputs=*/2)))
    return failure();
  std::string equation;
  for (char c : stringAttr(node, "equation", ""))
    if (c != ' ')
      equation.push_back(c);
  if (equation.find("...") != std::string::npos)
    return fail(node) << "equation '" << equation
                      << "': ellipses are not supported";
  StringRef text(equation);
  auto [inputs, output] = text.split("->");
  auto [lhs, rhs] = inputs.split(',');
  bool explicitOutput = text.contains("->");
  std::string implicitOutput;
  if (!explicitOutput) {
    // Implicit output: the letters that appear once, in alphabetical order.
    for (char c = 'A'; c <= 'z'; ++c)
      if (std::isalpha(c) && lhs.count(c) + rhs.count(c) == 1)
        implicitOutput.push_back(c);
    output = implicitOutput;
  }
  Value a = input(node, 0), w = input(node, 1);
  auto aType = cast<RankedTensorType>(a.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  auto valid = [](StringRef letters, int64_t rank) {
    if (static_cast<int64_t>(letters.size()) != rank)
      return false;
    for (char c : letters)
      if (!std::isalpha(c) || letters.count(c) != 1)
        return false;
    return true;
  };
  if (!valid(lhs, aType.getRank()) || !valid(rhs, wType.getRank()) ||
      !valid(output, static_cast<int64_t>(output.size())))
    return fail(node) << "equation '" << equation
                      << "': repeated letters (diagonals) or letters that do "
                         "not match the operands' ranks are not supported";
  llvm::DenseMap<char, int64_t> size;
  for (auto [letters, type] :
       {std::make_pair(lhs, aType), std::make_pair(rhs, wType)})
    for (auto [i, c] : llvm::enumerate(letters)) {
      int64_t d = type.getDimSize(i);
      auto [it, inserted] = size.try_emplace(c, d);
      if (!inserted && it->second != d)
        return fail(node) << "equation '" << equation << "': letter '" << c
                          << "' has sizes " << it->second << " and " << d;
    }
  std::string batch, contract, lfree, rfree;
  for (char c : output) {
    if (!lhs.contains(c) && !rhs.contains(c))
      return fail(node) << "equation '" << equation << "': output letter '" << c
                        << "' is in no operand";
    if (lhs.contains(c) && rhs.contains(c))
      batch.push_back(c);
  }
  for (char c : lhs) {
    if (rhs.contains(c) && !output.contains(c))
      contract.push_back(c);
    else if (!rhs.contains(c))
      lfree.push_back(c);
  }
  for (char c : rhs)
    if (!lhs.contains(c))
      rfree.push_back(c);
  for (char c : lfree + rfree)
    if (!output.contains(c))
      return fail(node) << "equation '" << equation << "': summing letter '"
                        << c << "' of one operand is not supported";
  auto product = [&](StringRef letters) {
    int64_t n = 1;
    for (char c : letters)
      n *= size[c];
    return n;
  };
  auto permuted = [&](Value x, StringRef from, StringRef to) -> Value {
    SmallVector<int32_t> perms;
    for (char c : to)
      perms.push_back(static_cast<int32_t>(from.find(c)));
    if (llvm::equal(perms, llvm::seq<int32_t>(0, perms.size())))
      return x;
    return transpose(b, x, perms);
  };
  int64_t batchSize = product(batch), m = product(lfree), k = product(contract),
          n = product(rfree);
  a = reshape(b, permuted(a, lhs, batch + lfree + contract), {batchSize, m, k});
  w = reshape(b, permuted(w, rhs, batch + contract + rfree), {batchSize, k, n});
  Value y = tosa::MatMulOp::create(
      b, RankedTensorType::get({batchSize, m, n}, b.getF32Type()), a, w);
  std::string letters = batch + lfree + rfree;
  SmallVector<int64_t> shape;
  for (char c : letters)
    shape.push_back(size[c]);
  y = reshape(b, y, shape);
  return Values{permuted(y, letters, output)};
}

} // namespace

void qmlir::onnx_to_tosa::populateExportedModelHandlers(
    ONNXHandlerRegistry &registry) {
  registry.add("And", 7, logical<tosa::LogicalAndOp>);
  registry.add("ArgMax", 1, argMax);
  registry.add("Einsum", 12, einsum);
  registry.add("Equal", 7, compare<Comparison::Equal>);
  registry.add("Expand", 8, expand);
  registry.add("Greater", 7, compare<Comparison::Greater>);
  registry.add("GreaterOrEqual", 12, compare<Comparison::GreaterOrEqual>);
  registry.add("Less", 7, compare<Comparison::Less>);
  registry.add("LessOrEqual", 12, compare<Comparison::LessOrEqual>);
  registry.add("Not", 1, logicalNot);
  registry.add("Or", 7, logical<tosa::LogicalOrOp>);
  registry.add("Round", 11, roundHalfToEven);
  registry.add("Tile", 6, tile);
  registry.add("Where", 9, where);
}
