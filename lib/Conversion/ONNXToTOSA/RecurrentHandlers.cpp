//===- RecurrentHandlers.cpp - LSTM
//----------------------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Recurrent layers with a static sequence length, unrolled: the input
// projection of every time step is one matrix product, then each step adds
// the recurrent product and applies the gates.
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

/// [rows, k] x [k, n] as one tosa.matmul.
Value matmul2D(ImplicitLocOpBuilder &b, Value a, Value w) {
  auto aType = cast<RankedTensorType>(a.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  int64_t rows = aType.getDimSize(0), k = aType.getDimSize(1),
          n = wType.getDimSize(1);
  Value product = tosa::MatMulOp::create(
      b, RankedTensorType::get({1, rows, n}, b.getF32Type()),
      reshape(b, a, {1, rows, k}), reshape(b, w, {1, k, n}));
  return reshape(b, product, {rows, n});
}

/// x[offsets : offsets + sizes].
Value slice(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> offsets,
            ArrayRef<int64_t> sizes) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getShape() == sizes)
    return x;
  return tosa::SliceOp::create(b, type.clone(sizes), x,
                               tosa::getTosaConstShape(b, offsets),
                               tosa::getTosaConstShape(b, sizes));
}

Value concat(ImplicitLocOpBuilder &b, ArrayRef<Value> parts, int32_t axis) {
  if (parts.size() == 1)
    return parts.front();
  auto type = cast<RankedTensorType>(parts.front().getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] = 0;
  for (Value part : parts)
    shape[axis] += cast<RankedTensorType>(part.getType()).getDimSize(axis);
  return tosa::ConcatOp::create(b, type.clone(shape), parts, axis);
}

/// The activation functions LSTM names (those with parameters other than
/// the defaults are not supported).
FailureOr<Value> activation(NodeOp node, ImplicitLocOpBuilder &b,
                            StringRef name, Value x) {
  Type type = x.getType();
  if (name == "Sigmoid")
    return Value(tosa::SigmoidOp::create(b, type, x));
  if (name == "Tanh")
    return Value(tosa::TanhOp::create(b, type, x));
  if (name == "Relu")
    return Value(tosa::ClampOp::create(
        b, type, x, b.getF32FloatAttr(0.0f),
        b.getF32FloatAttr(std::numeric_limits<float>::max())));
  return fail(node) << "activation '" << name << "' is not supported "
                    << "(Sigmoid, Tanh, Relu)";
}

/// LSTM (opset 7 and 14): every direction, peepholes, initial states,
/// layout 0 and 1, the activations Sigmoid/Tanh/Relu. Gates in ONNX's
/// order i, o, f, c:
///   i = f(x Wi + h Ri + Pi c + bi), f = f(x Wf + h Rf + Pf c + bf)
///   g = g(x Wc + h Rc + bc), c' = f c + i g
///   o = f(x Wo + h Ro + Po c' + bo), h' = o h(c')
/// `clip`, `input_forget` and a sequence_lens input shorter than the
/// sequence are not supported.
FailureOr<Values> lstm(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node, 3)))
    return failure();
  if (node.getNodeAttributes().get("clip"))
    return fail(node) << "attribute 'clip' is not supported";
  if (intAttr(node, "input_forget", 0) != 0)
    return fail(node) << "input_forget = 1 is not supported";
  int64_t layout = intAttr(node, "layout", 0);
  StringRef direction = stringAttr(node, "direction", "forward");
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return fail(node) << "direction '" << direction << "' is not supported";
  int64_t dirs = direction == "bidirectional" ? 2 : 1;

  Value x = input(node, 0), w = input(node, 1), r = input(node, 2);
  if (!x || !w || !r)
    return fail(node) << "inputs X, W and R are required";
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  if (xType.getRank() != 3 || wType.getRank() != 3 ||
      cast<RankedTensorType>(r.getType()).getRank() != 3)
    return fail(node) << "X, W and R must have rank 3";
  if (layout == 1)
    x = transpose(b, x, {1, 0, 2});
  else if (layout != 0)
    return fail(node) << "layout " << layout << " is not supported";
  xType = cast<RankedTensorType>(x.getType());
  int64_t seq = xType.getDimSize(0), batch = xType.getDimSize(1),
          in = xType.getDimSize(2);
  int64_t hidden = intAttr(node, "hidden_size", wType.getDimSize(1) / 4);
  if (wType.getDimSize(0) != dirs || wType.getDimSize(1) != 4 * hidden ||
      wType.getDimSize(2) != in)
    return fail(node) << "W of type " << wType << " does not match " << dirs
                      << " direction(s), hidden size " << hidden
                      << " and input size " << in;
  if (Value lens = input(node, 4)) {
    std::optional<SmallVector<int64_t>> values = constantIntValues(lens);
    if (!values || llvm::any_of(*values, [&](int64_t v) { return v != seq; }))
      return fail(node) << "a sequence_lens input other than a constant "
                        << "equal to the sequence length is not supported";
  }

  SmallVector<StringRef> activations;
  if (auto names = node.getNodeAttributes().getAs<ArrayAttr>("activations")) {
    for (Attribute name : names)
      activations.push_back(cast<StringAttr>(name).getValue());
  } else {
    for (int64_t d = 0; d < dirs; ++d)
      activations.append({"Sigmoid", "Tanh", "Tanh"});
  }
  if (static_cast<int64_t>(activations.size()) != 3 * dirs)
    return fail(node) << activations.size() << " activations given, "
                      << 3 * dirs << " expected";
  if (node.getNodeAttributes().get("activation_alpha") ||
      node.getNodeAttributes().get("activation_beta"))
    return fail(node) << "activation_alpha/activation_beta are not supported";

  // Initial states as [dirs, batch, hidden].
  auto state = [&](unsigned i) -> Value {
    Value v = input(node, i);
    if (v && layout == 1)
      v = transpose(b, v, {1, 0, 2});
    return v;
  };
  Value initialH = state(5), initialC = state(6);
  Value bias = input(node, 3), peephole = input(node, 7);
  auto f32 = b.getF32Type();
  auto rowType = RankedTensorType::get({batch, hidden}, f32);
  auto zeros = [&]() -> Value {
    return tosa::ConstOp::create(b, rowType,
                                 DenseElementsAttr::get(rowType, 0.0f));
  };

  SmallVector<Value> ys, lastH, lastC;
  for (int64_t d = 0; d < dirs; ++d) {
    bool reverse = direction == "reverse" || d == 1;
    StringRef fAct = activations[3 * d], gAct = activations[3 * d + 1],
              hAct = activations[3 * d + 2];
    Value wT = transpose(b,
                         reshape(b, slice(b, w, {d, 0, 0}, {1, 4 * hidden, in}),
                                 {4 * hidden, in}),
                         {1, 0});
    Value rT =
        transpose(b,
                  reshape(b, slice(b, r, {d, 0, 0}, {1, 4 * hidden, hidden}),
                          {4 * hidden, hidden}),
                  {1, 0});
    // The input projection of all steps at once, with both biases.
    Value projected = matmul2D(b, reshape(b, x, {seq * batch, in}), wT);
    if (bias) {
      Value wb =
          reshape(b, slice(b, bias, {d, 0}, {1, 4 * hidden}), {1, 4 * hidden});
      Value rb = reshape(b, slice(b, bias, {d, 4 * hidden}, {1, 4 * hidden}),
                         {1, 4 * hidden});
      Value sum = tosa::AddOp::create(b, wb.getType(), wb, rb);
      projected = tosa::AddOp::create(b, projected.getType(), projected, sum);
    }
    projected = reshape(b, projected, {seq, batch * 4 * hidden});
    Value pi, po, pf;
    if (peephole) {
      auto part = [&](int64_t k) {
        return reshape(b, slice(b, peephole, {d, k * hidden}, {1, hidden}),
                       {1, hidden});
      };
      pi = part(0), po = part(1), pf = part(2);
    }
    Value h =
        initialH ? reshape(b, slice(b, initialH, {d, 0, 0}, {1, batch, hidden}),
                           {batch, hidden})
                 : zeros();
    Value c =
        initialC ? reshape(b, slice(b, initialC, {d, 0, 0}, {1, batch, hidden}),
                           {batch, hidden})
                 : zeros();
    SmallVector<Value> steps(seq);
    for (int64_t step = 0; step < seq; ++step) {
      int64_t t = reverse ? seq - 1 - step : step;
      Value gates =
          reshape(b, slice(b, projected, {t, 0}, {1, batch * 4 * hidden}),
                  {batch, 4 * hidden});
      gates =
          tosa::AddOp::create(b, gates.getType(), gates, matmul2D(b, h, rT));
      auto gate = [&](int64_t k) {
        return slice(b, gates, {0, k * hidden}, {batch, hidden});
      };
      Value i = gate(0), o = gate(1), f = gate(2), g = gate(3);
      if (peephole) {
        i = tosa::AddOp::create(b, rowType, i, mul(b, rowType, pi, c));
        f = tosa::AddOp::create(b, rowType, f, mul(b, rowType, pf, c));
      }
      FailureOr<Value> iAct = activation(node, b, fAct, i);
      FailureOr<Value> fGate = activation(node, b, fAct, f);
      FailureOr<Value> gAct2 = activation(node, b, gAct, g);
      if (failed(iAct) || failed(fGate) || failed(gAct2))
        return failure();
      c = tosa::AddOp::create(b, rowType, mul(b, rowType, *fGate, c),
                              mul(b, rowType, *iAct, *gAct2));
      if (peephole)
        o = tosa::AddOp::create(b, rowType, o, mul(b, rowType, po, c));
      FailureOr<Value> oAct = activation(node, b, fAct, o);
      FailureOr<Value> cAct = activation(node, b, hAct, c);
      if (failed(oAct) || failed(cAct))
        return failure();
      h = mul(b, rowType, *oAct, *cAct);
      steps[t] = reshape(b, h, {1, 1, batch, hidden});
    }
    ys.push_back(concat(b, steps, 0));
    lastH.push_back(reshape(b, h, {1, batch, hidden}));
    lastC.push_back(reshape(b, c, {1, batch, hidden}));
  }
  Value y = concat(b, ys, 1), yh = concat(b, lastH, 0),
        yc = concat(b, lastC, 0);
  if (layout == 1) {
    y = transpose(b, y, {2, 0, 1, 3});
    yh = transpose(b, yh, {1, 0, 2});
    yc = transpose(b, yc, {1, 0, 2});
  }
  Values results;
  SmallVector<Value, 3> outputs{y, yh, yc};
  for (auto [i, value] : llvm::enumerate(outputs)) {
    if (i >= node.getNumResults())
      break;
    // An omitted output (empty name) is not produced.
    if (isa<NoneType>(node.getResult(i).getType())) {
      results.push_back(Value());
      continue;
    }
    if (value.getType() != node.getResult(i).getType())
      return fail(node) << "output #" << i << " has type "
                        << node.getResult(i).getType() << ", expected "
                        << value.getType();
    results.push_back(value);
  }
  return results;
}

} // namespace

void qmlir::onnx_to_tosa::populateRecurrentHandlers(
    ONNXHandlerRegistry &registry) {
  registry.add("LSTM", 7, lstm);
}
