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

/// [rows, k] x [k, n].
Value matmul2D(ImplicitLocOpBuilder &b, Value a, Value w) {
  auto aType = cast<RankedTensorType>(a.getType());
  int64_t rows = aType.getDimSize(0), k = aType.getDimSize(1),
          n = cast<RankedTensorType>(w.getType()).getDimSize(1);
  return reshape(b, matmul(b, a, w, rows, n, k, /*batch=*/1), {rows, n});
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

enum class Cell { LSTM, GRU, RNN };

/// LSTM, GRU and RNN (opsets 7 and 14): every direction, initial states,
/// layout 0 and 1, the activations Sigmoid/Tanh/Relu; LSTM peepholes, GRU's
/// linear_before_reset. Gates in ONNX's orders:
///   LSTM (i, o, f, c): i = f(x Wi + h Ri + Pi c + bi),
///     f = f(x Wf + h Rf + Pf c + bf), g = g(x Wc + h Rc + bc),
///     c' = f c + i g, o = f(x Wo + h Ro + Po c' + bo), h' = o h(c')
///   GRU (z, r, h): z = f(x Wz + h Rz + bz), r = f(x Wr + h Rr + br),
///     n = g(x Wh + (r h) Rh + bh), or with linear_before_reset
///     n = g(x Wh + Wbh + r (h Rh + Rbh)); h' = (1 - z) n + z h
///   RNN: h' = f(x W + h R + b)
/// `clip`, LSTM's `input_forget` and a sequence_lens input shorter than the
/// sequence are not supported.
FailureOr<Values> recurrent(NodeOp node, ImplicitLocOpBuilder &b, Cell cell) {
  if (failed(requireF32(node, 3)))
    return failure();
  if (node.getNodeAttributes().get("clip"))
    return fail(node) << "attribute 'clip' is not supported";
  if (cell == Cell::LSTM && intAttr(node, "input_forget", 0) != 0)
    return fail(node) << "input_forget = 1 is not supported";
  bool linearBeforeReset =
      cell == Cell::GRU && intAttr(node, "linear_before_reset", 0) != 0;
  int64_t gates = cell == Cell::LSTM ? 4 : cell == Cell::GRU ? 3 : 1;
  SmallVector<StringRef> defaults =
      cell == Cell::LSTM  ? SmallVector<StringRef>{"Sigmoid", "Tanh", "Tanh"}
      : cell == Cell::GRU ? SmallVector<StringRef>{"Sigmoid", "Tanh"}
                          : SmallVector<StringRef>{"Tanh"};
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
  int64_t hidden = intAttr(node, "hidden_size", wType.getDimSize(1) / gates);
  int64_t width = gates * hidden;
  if (wType.getDimSize(0) != dirs || wType.getDimSize(1) != width ||
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
      activations.append(defaults.begin(), defaults.end());
  }
  int64_t perDirection = defaults.size();
  if (static_cast<int64_t>(activations.size()) != perDirection * dirs)
    return fail(node) << activations.size() << " activations given, "
                      << perDirection * dirs << " expected";
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
  Value initialH = state(5);
  Value initialC = cell == Cell::LSTM ? state(6) : Value();
  Value bias = input(node, 3);
  Value peephole = cell == Cell::LSTM ? input(node, 7) : Value();
  auto f32 = b.getF32Type();
  auto rowType = RankedTensorType::get({batch, hidden}, f32);
  auto zeros = [&]() -> Value {
    return tosa::ConstOp::create(b, rowType,
                                 DenseElementsAttr::get(rowType, 0.0f));
  };
  auto add = [&](Value lhs, Value rhs) -> Value {
    return tosa::AddOp::create(b, lhs.getType(), lhs, rhs);
  };

  SmallVector<Value> ys, lastH, lastC;
  for (int64_t d = 0; d < dirs; ++d) {
    bool reverse = direction == "reverse" || d == 1;
    ArrayRef<StringRef> acts =
        ArrayRef<StringRef>(activations).slice(perDirection * d, perDirection);
    Value wT = transpose(
        b,
        reshape(b, sliceTensor(b, w, {d, 0, 0}, {1, width, in}), {width, in}),
        {1, 0});
    Value rT =
        transpose(b,
                  reshape(b, sliceTensor(b, r, {d, 0, 0}, {1, width, hidden}),
                          {width, hidden}),
                  {1, 0});
    // The input projection of all steps at once, with the biases that add
    // to it (all but GRU's recurrent bias of n with linear_before_reset).
    Value projected = matmul2D(b, reshape(b, x, {seq * batch, in}), wT);
    Value recurrentBiasN;
    if (bias) {
      Value wb =
          reshape(b, sliceTensor(b, bias, {d, 0}, {1, width}), {1, width});
      Value rb =
          reshape(b, sliceTensor(b, bias, {d, width}, {1, width}), {1, width});
      if (linearBeforeReset) {
        recurrentBiasN = sliceTensor(b, rb, {0, 2 * hidden}, {1, hidden});
        rb = concatTensors(
            b,
            {sliceTensor(b, rb, {0, 0}, {1, 2 * hidden}),
             tosa::ConstOp::create(
                 b, RankedTensorType::get({1, hidden}, f32),
                 DenseElementsAttr::get(RankedTensorType::get({1, hidden}, f32),
                                        0.0f))},
            1);
      }
      projected = add(projected, add(wb, rb));
    }
    projected = reshape(b, projected, {seq, batch * width});
    Value pi, po, pf;
    if (peephole) {
      auto part = [&](int64_t k) {
        return reshape(b,
                       sliceTensor(b, peephole, {d, k * hidden}, {1, hidden}),
                       {1, hidden});
      };
      pi = part(0), po = part(1), pf = part(2);
    }
    auto initial = [&](Value v) {
      return v ? reshape(b, sliceTensor(b, v, {d, 0, 0}, {1, batch, hidden}),
                         {batch, hidden})
               : zeros();
    };
    Value h = initial(initialH);
    Value c = cell == Cell::LSTM ? initial(initialC) : Value();
    SmallVector<Value> steps(seq);
    for (int64_t step = 0; step < seq; ++step) {
      int64_t t = reverse ? seq - 1 - step : step;
      Value xt =
          reshape(b, sliceTensor(b, projected, {t, 0}, {1, batch * width}),
                  {batch, width});
      Value hr = matmul2D(b, h, rT);
      auto gate = [&](Value v, int64_t k) {
        return sliceTensor(b, v, {0, k * hidden}, {batch, hidden});
      };
      auto act = [&](StringRef name, Value v) {
        return activation(node, b, name, v);
      };
      if (cell == Cell::RNN) {
        FailureOr<Value> next = act(acts[0], add(xt, hr));
        if (failed(next))
          return failure();
        h = *next;
      } else if (cell == Cell::GRU) {
        FailureOr<Value> z = act(acts[0], add(gate(xt, 0), gate(hr, 0)));
        FailureOr<Value> rg = act(acts[0], add(gate(xt, 1), gate(hr, 1)));
        if (failed(z) || failed(rg))
          return failure();
        Value n;
        if (linearBeforeReset) {
          Value hn = gate(hr, 2);
          if (recurrentBiasN)
            hn = add(hn, recurrentBiasN);
          n = add(gate(xt, 2), mul(b, rowType, *rg, hn));
        } else {
          Value rh = mul(b, rowType, *rg, h);
          Value rTn = sliceTensor(b, rT, {0, 2 * hidden}, {hidden, hidden});
          n = add(gate(xt, 2), matmul2D(b, rh, rTn));
        }
        FailureOr<Value> nAct = act(acts[1], n);
        if (failed(nAct))
          return failure();
        // (1 - z) n + z h = n + z (h - n).
        Value diff = tosa::SubOp::create(b, rowType, h, *nAct);
        h = add(*nAct, mul(b, rowType, *z, diff));
      } else {
        Value gatesT = add(xt, hr);
        Value i = gate(gatesT, 0), o = gate(gatesT, 1), f = gate(gatesT, 2),
              g = gate(gatesT, 3);
        if (peephole) {
          i = add(i, mul(b, rowType, pi, c));
          f = add(f, mul(b, rowType, pf, c));
        }
        FailureOr<Value> iAct = act(acts[0], i);
        FailureOr<Value> fAct = act(acts[0], f);
        FailureOr<Value> gAct = act(acts[1], g);
        if (failed(iAct) || failed(fAct) || failed(gAct))
          return failure();
        c = add(mul(b, rowType, *fAct, c), mul(b, rowType, *iAct, *gAct));
        if (peephole)
          o = add(o, mul(b, rowType, po, c));
        FailureOr<Value> oAct = act(acts[0], o);
        FailureOr<Value> cAct = act(acts[2], c);
        if (failed(oAct) || failed(cAct))
          return failure();
        h = mul(b, rowType, *oAct, *cAct);
      }
      steps[t] = reshape(b, h, {1, 1, batch, hidden});
    }
    ys.push_back(concatTensors(b, steps, 0));
    lastH.push_back(reshape(b, h, {1, batch, hidden}));
    if (c)
      lastC.push_back(reshape(b, c, {1, batch, hidden}));
  }
  SmallVector<Value, 3> outputs{concatTensors(b, ys, 1),
                                concatTensors(b, lastH, 0)};
  if (cell == Cell::LSTM)
    outputs.push_back(concatTensors(b, lastC, 0));
  if (layout == 1) {
    outputs[0] = transpose(b, outputs[0], {2, 0, 1, 3});
    for (Value &state : llvm::drop_begin(outputs))
      state = transpose(b, state, {1, 0, 2});
  }
  Values results;
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
  registry.add("LSTM", 7, [](NodeOp node, ImplicitLocOpBuilder &b) {
    return recurrent(node, b, Cell::LSTM);
  });
  registry.add("GRU", 7, [](NodeOp node, ImplicitLocOpBuilder &b) {
    return recurrent(node, b, Cell::GRU);
  });
  registry.add("RNN", 7, [](NodeOp node, ImplicitLocOpBuilder &b) {
    return recurrent(node, b, Cell::RNN);
  });
}
