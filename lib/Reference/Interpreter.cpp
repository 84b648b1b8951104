//===- Interpreter.cpp - Scalar reference of the integer graph ------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Reference/Interpreter.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Quant/Numerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"

#include <cmath>

using namespace mlir;
using namespace qmlir;
using qmlir::reference::Tensor;
namespace nq = qmlir::quant;

namespace {

/// Quantization parameters of a quantized tensor type.
struct Params {
  std::vector<double> scales;
  std::vector<int64_t> zeroPoints;
  int64_t axis = -1;
  nq::StorageSpec storage;
  int64_t min = 0, max = 0;

  double scale(int64_t c) const { return scales[scales.size() == 1 ? 0 : c]; }
  int64_t zeroPoint(int64_t c) const {
    return zeroPoints[zeroPoints.size() == 1 ? 0 : c];
  }
};

Params paramsOf(Type type) {
  auto quantized = cast<mlir::quant::QuantizedType>(getElementTypeOrSelf(type));
  Params p;
  p.storage = {quantized.getStorageTypeIntegralWidth(), quantized.isSigned(),
               false};
  p.min = quantized.getStorageTypeMin();
  p.max = quantized.getStorageTypeMax();
  if (auto t = dyn_cast<mlir::quant::UniformQuantizedType>(quantized)) {
    p.scales = {t.getScale()};
    p.zeroPoints = {t.getZeroPoint()};
  } else {
    auto a = cast<mlir::quant::UniformQuantizedPerAxisType>(quantized);
    p.scales.assign(a.getScales().begin(), a.getScales().end());
    p.zeroPoints.assign(a.getZeroPoints().begin(), a.getZeroPoints().end());
    p.axis = a.getQuantizedDimension();
  }
  return p;
}

/// The index of dimension `axis` of flat element `i`.
int64_t coordinate(const std::vector<int64_t> &shape, int64_t i, int64_t axis) {
  int64_t inner = 1;
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  return (i / inner) % shape[axis];
}

int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t s : shape)
    n *= s;
  return n;
}

/// Reinterprets an integer's low `width` bits as `isSigned` or not.
int64_t reinterpret(int64_t value, unsigned width, bool isSigned) {
  if (width >= 64)
    return value;
  uint64_t bits = static_cast<uint64_t>(value) & ((uint64_t(1) << width) - 1);
  if (isSigned && (bits >> (width - 1)))
    return static_cast<int64_t>(bits) - (int64_t(1) << width);
  return static_cast<int64_t>(bits);
}

/// The signedness and width of an element type's integers (storage for
/// quantized types); width 0 for floats.
std::pair<unsigned, bool> integerKind(Type type) {
  Type element = getElementTypeOrSelf(type);
  if (auto q = dyn_cast<mlir::quant::QuantizedType>(element))
    return {q.getStorageTypeIntegralWidth(), q.isSigned()};
  if (auto i = dyn_cast<IntegerType>(element))
    return {i.getWidth(), !i.isUnsigned()};
  return {0, true};
}

int64_t wrap32(int64_t v) {
  return static_cast<int32_t>(static_cast<uint32_t>(v));
}

nq::Rounding roundingOf(qnt::RoundingMode mode) {
  return mode == qnt::RoundingMode::Double ? nq::Rounding::Double
                                           : nq::Rounding::Single;
}

class Interpreter {
public:
  LogicalResult run(func::FuncOp func, const std::vector<Tensor> &inputs,
                    std::vector<Tensor> &results);

private:
  LogicalResult step(Operation *op);
  const Tensor &get(Value v) { return values[v]; }
  void set(Value v, Tensor t) { values[v] = std::move(t); }
  Tensor like(Value result) {
    Tensor t;
    auto type = cast<RankedTensorType>(result.getType());
    t.shape.assign(type.getShape().begin(), type.getShape().end());
    t.values.assign(product(t.shape), 0.0);
    return t;
  }

  /// sat(applyScale(acc, M, s) + z) clamped to [lo, hi] (or i32 itself).
  LogicalResult requantizeInto(Operation *op, Value result,
                               std::vector<int64_t> acc,
                               const std::vector<double> &reals,
                               int64_t channelAxis,
                               std::optional<ArrayRef<int64_t>> clamp,
                               qnt::RoundingMode rounding);

  LogicalResult convolution(Operation *op, bool depthwise);
  LogicalResult matmul(qnt::MatmulOp op);
  LogicalResult binary(Operation *op, bool isAdd);
  LogicalResult pool(Operation *op, bool isMax);

  llvm::DenseMap<Value, Tensor> values;
};

LogicalResult Interpreter::run(func::FuncOp func,
                               const std::vector<Tensor> &inputs,
                               std::vector<Tensor> &results) {
  if (inputs.size() != func.getNumArguments())
    return func.emitError()
           << "the reference interpreter got " << inputs.size()
           << " inputs for " << func.getNumArguments() << " arguments";
  for (auto [arg, input] : llvm::zip(func.getArguments(), inputs))
    set(arg, input);
  for (Operation &op : func.getBody().front()) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (Value v : ret.getOperands())
        results.push_back(get(v));
      return success();
    }
    if (failed(step(&op)))
      return failure();
  }
  return func.emitError() << "no return";
}

LogicalResult Interpreter::requantizeInto(
    Operation *op, Value result, std::vector<int64_t> acc,
    const std::vector<double> &reals, int64_t channelAxis,
    std::optional<ArrayRef<int64_t>> clamp, qnt::RoundingMode rounding) {
  Tensor out = like(result);
  auto [width, isSigned] = integerKind(result.getType());
  if (width == 32) { // the accumulator itself
    for (size_t i = 0; i < acc.size(); ++i)
      out.values[i] = double(wrap32(acc[i]));
    set(result, std::move(out));
    return success();
  }
  Params y = paramsOf(result.getType());
  std::vector<nq::FixedPointMultiplier> ms;
  for (double real : reals) {
    auto m = nq::quantizeMultiplier(real);
    if (!m)
      return op->emitError() << "reference: " << m.error();
    ms.push_back(*m);
  }
  int64_t lo = y.min, hi = y.max;
  if (clamp) {
    lo = std::max(lo, (*clamp)[0]);
    hi = std::min(hi, (*clamp)[1]);
  }
  for (size_t i = 0; i < acc.size(); ++i) {
    int64_t c = ms.size() == 1 ? 0 : coordinate(out.shape, i, channelAxis);
    // The exact accumulator: the compiled code accumulates in int32 where
    // that cannot overflow and in int64 elsewhere (convert-qnt-to-linalg).
    int64_t v = nq::applyScale(acc[i], ms[c].multiplier, ms[c].shift,
                               roundingOf(rounding)) +
                y.zeroPoint(0);
    out.values[i] = double(std::clamp(v, lo, hi));
  }
  set(result, std::move(out));
  return success();
}

LogicalResult Interpreter::convolution(Operation *op, bool depthwise) {
  Value input = op->getOperand(0), weight = op->getOperand(1);
  Value bias = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
  Value result = op->getResult(0);
  auto pad = op->getAttrOfType<DenseI64ArrayAttr>("pad").asArrayRef();
  auto stride = op->getAttrOfType<DenseI64ArrayAttr>("stride").asArrayRef();
  auto dilation = op->getAttrOfType<DenseI64ArrayAttr>("dilation").asArrayRef();
  Params px = paramsOf(input.getType()), pw = paramsOf(weight.getType());
  const Tensor &x = get(input), &w = get(weight);
  Tensor shapeOnly = like(result);
  const auto &ys = shapeOnly.shape;
  int64_t n = ys[0], oh = ys[1], ow = ys[2], oc = ys[3];
  int64_t ih = x.shape[1], iw = x.shape[2], ic = x.shape[3];
  int64_t kh = depthwise ? w.shape[0] : w.shape[1];
  int64_t kw = depthwise ? w.shape[1] : w.shape[2];
  int64_t mult = depthwise ? w.shape[3] : 1;
  std::vector<int64_t> acc(product(ys), 0);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t r = 0; r < oh; ++r)
      for (int64_t c = 0; c < ow; ++c)
        for (int64_t o = 0; o < oc; ++o) {
          int64_t sum = 0;
          int64_t wc = depthwise ? o / mult : o; // weight zero point channel
          for (int64_t i = 0; i < kh; ++i)
            for (int64_t j = 0; j < kw; ++j) {
              int64_t y = r * stride[0] - pad[0] + i * dilation[0];
              int64_t xx = c * stride[1] - pad[2] + j * dilation[1];
              if (y < 0 || y >= ih || xx < 0 || xx >= iw)
                continue;
              auto in = [&](int64_t ch) {
                return int64_t(x.values[((b * ih + y) * iw + xx) * ic + ch]) -
                       px.zeroPoint(0);
              };
              if (depthwise) {
                int64_t ch = o / mult, m = o % mult;
                int64_t wv = int64_t(
                    w.values[((i * kw + j) * w.shape[2] + ch) * mult + m]);
                sum += in(ch) * (wv - pw.zeroPoint(wc));
              } else {
                for (int64_t ch = 0; ch < ic; ++ch) {
                  int64_t wv =
                      int64_t(w.values[((o * kh + i) * kw + j) * ic + ch]);
                  sum += in(ch) * (wv - pw.zeroPoint(wc));
                }
              }
            }
          if (bias)
            sum +=
                int64_t(get(bias).values[get(bias).values.size() == 1 ? 0 : o]);
          acc[((b * oh + r) * ow + c) * oc + o] = sum;
        }
  Params py = integerKind(result.getType()).first == 32
                  ? Params()
                  : paramsOf(result.getType());
  std::vector<double> reals;
  if (integerKind(result.getType()).first != 32)
    for (int64_t o = 0; o < (pw.scales.size() > 1 ? oc : 1); ++o)
      reals.push_back(px.scale(0) * pw.scale(depthwise ? o / mult : o) /
                      py.scale(0));
  auto clamp = op->getAttrOfType<DenseI64ArrayAttr>("clamp");
  auto rounding = op->getAttrOfType<qnt::RoundingModeAttr>("rounding");
  return requantizeInto(
      op, result, std::move(acc), reals, 3,
      clamp ? std::optional(clamp.asArrayRef()) : std::nullopt,
      rounding ? rounding.getValue() : qnt::RoundingMode::Single);
}

LogicalResult Interpreter::matmul(qnt::MatmulOp op) {
  Params pa = paramsOf(op.getLhs().getType()),
         pb = paramsOf(op.getRhs().getType());
  const Tensor &a = get(op.getLhs()), &b = get(op.getRhs());
  Tensor shapeOnly = like(op.getOutput());
  const auto &ys = shapeOnly.shape;
  int64_t rank = ys.size();
  int64_t batches = rank == 3 ? ys[0] : 1, m = ys[rank - 2], n = ys[rank - 1];
  int64_t k = a.shape.back();
  bool sharedRhs = b.shape.size() == 2;
  std::vector<int64_t> acc(product(ys), 0);
  for (int64_t bb = 0; bb < batches; ++bb)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        int64_t sum = 0;
        for (int64_t kk = 0; kk < k; ++kk) {
          int64_t av =
              int64_t(a.values[(bb * m + i) * k + kk]) - pa.zeroPoint(0);
          int64_t bv =
              int64_t(b.values[((sharedRhs ? 0 : bb) * k + kk) * n + j]) -
              pb.zeroPoint(j);
          sum += av * bv;
        }
        if (op.getBias()) {
          const Tensor &bias = get(op.getBias());
          sum += int64_t(bias.values[bias.values.size() == 1 ? 0 : j]);
        }
        acc[(bb * m + i) * n + j] = sum;
      }
  std::vector<double> reals;
  if (integerKind(op.getOutput().getType()).first != 32) {
    Params py = paramsOf(op.getOutput().getType());
    for (int64_t j = 0; j < (pb.scales.size() > 1 ? n : 1); ++j)
      reals.push_back(pa.scale(0) * pb.scale(j) / py.scale(0));
  }
  return requantizeInto(op, op.getOutput(), std::move(acc), reals, rank - 1,
                        op.getClamp(), op.getRounding());
}

LogicalResult Interpreter::binary(Operation *op, bool isAdd) {
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  Value result = op->getResult(0);
  Params pl = paramsOf(lhs.getType()), pr = paramsOf(rhs.getType()),
         py = paramsOf(result.getType());
  const Tensor &l = get(lhs), &r = get(rhs);
  Tensor out = like(result);
  auto rounding = op->getAttrOfType<qnt::RoundingModeAttr>("rounding");
  nq::Rounding mode =
      roundingOf(rounding ? rounding.getValue() : qnt::RoundingMode::Single);
  auto clampAttr = op->getAttrOfType<DenseI64ArrayAttr>("clamp");
  int64_t lo = py.min, hi = py.max;
  if (clampAttr) {
    lo = std::max(lo, clampAttr[0]);
    hi = std::min(hi, clampAttr[1]);
  }
  std::vector<nq::FixedPointMultiplier> ms;
  int shiftL = std::max(pl.storage.bits, pr.storage.bits) <= 8 ? 20 : 15;
  std::vector<double> reals;
  if (isAdd) {
    double m = 2.0 * std::max(pl.scale(0), pr.scale(0));
    reals = {pl.scale(0) / m, pr.scale(0) / m,
             m / (std::ldexp(1.0, shiftL) * py.scale(0))};
  } else {
    reals = {pl.scale(0) * pr.scale(0) / py.scale(0)};
  }
  for (double real : reals) {
    auto m = nq::quantizeMultiplier(real);
    if (!m)
      return op->emitError() << "reference: " << m.error();
    ms.push_back(*m);
  }
  // The broadcast source index of an output index.
  auto source = [&](const Tensor &t, int64_t i) {
    int64_t index = 0, stride = 1;
    for (int64_t d = int64_t(out.shape.size()) - 1; d >= 0; --d) {
      int64_t coord = coordinate(out.shape, i, d);
      if (t.shape[d] == 1)
        coord = 0;
      index += coord * stride;
      stride *= t.shape[d];
    }
    return index;
  };
  for (size_t i = 0; i < out.values.size(); ++i) {
    int64_t a = int64_t(l.values[source(l, i)]) - pl.zeroPoint(0);
    int64_t b = int64_t(r.values[source(r, i)]) - pr.zeroPoint(0);
    int64_t v;
    if (isAdd) {
      int64_t as = nq::applyScale(a * (int64_t(1) << shiftL), ms[0].multiplier,
                                  ms[0].shift, mode);
      int64_t bs = nq::applyScale(b * (int64_t(1) << shiftL), ms[1].multiplier,
                                  ms[1].shift, mode);
      v = nq::applyScale(as + bs, ms[2].multiplier, ms[2].shift, mode);
    } else {
      v = nq::applyScale(a * b, ms[0].multiplier, ms[0].shift, mode);
    }
    out.values[i] = double(std::clamp(v + py.zeroPoint(0), lo, hi));
  }
  set(result, std::move(out));
  return success();
}

LogicalResult Interpreter::pool(Operation *op, bool isMax) {
  Value input = op->getOperand(0), result = op->getResult(0);
  auto kernel = op->getAttrOfType<DenseI64ArrayAttr>("kernel").asArrayRef();
  auto stride = op->getAttrOfType<DenseI64ArrayAttr>("stride").asArrayRef();
  auto pad = op->getAttrOfType<DenseI64ArrayAttr>("pad").asArrayRef();
  Params px = paramsOf(input.getType()), py = paramsOf(result.getType());
  const Tensor &x = get(input);
  Tensor out = like(result);
  int64_t n = out.shape[0], oh = out.shape[1], ow = out.shape[2],
          ch = out.shape[3], ih = x.shape[1], iw = x.shape[2];
  bool includePad = op->hasAttr("count_include_pad");
  auto rounding = op->getAttrOfType<qnt::RoundingModeAttr>("rounding");
  nq::Rounding mode =
      roundingOf(rounding ? rounding.getValue() : qnt::RoundingMode::Single);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t r = 0; r < oh; ++r)
      for (int64_t c = 0; c < ow; ++c)
        for (int64_t k = 0; k < ch; ++k) {
          int64_t best = std::numeric_limits<int64_t>::min(), sum = 0,
                  count = 0;
          for (int64_t i = 0; i < kernel[0]; ++i)
            for (int64_t j = 0; j < kernel[1]; ++j) {
              int64_t y = r * stride[0] - pad[0] + i;
              int64_t xx = c * stride[1] - pad[2] + j;
              if (y < 0 || y >= ih || xx < 0 || xx >= iw)
                continue;
              int64_t v = int64_t(x.values[((b * ih + y) * iw + xx) * ch + k]);
              best = std::max(best, v);
              sum += v - px.zeroPoint(0);
              ++count;
            }
          double &o = out.values[((b * oh + r) * ow + c) * ch + k];
          if (isMax) {
            o = double(best);
            continue;
          }
          if (includePad)
            count = kernel[0] * kernel[1];
          auto m = nq::quantizeMultiplier(px.scale(0) /
                                          (py.scale(0) * double(count)));
          if (!m)
            return op->emitError() << "reference: " << m.error();
          int64_t v = nq::applyScale(sum, m->multiplier, m->shift, mode) +
                      py.zeroPoint(0);
          o = double(std::clamp(v, py.min, py.max));
        }
  set(result, std::move(out));
  return success();
}

LogicalResult Interpreter::step(Operation *op) {
  // Constants.
  DenseElementsAttr attr;
  if (op->getNumResults() == 1 && op->hasTrait<OpTrait::ConstantLike>() &&
      matchPattern(op->getResult(0), m_Constant(&attr))) {
    if (isa<tosa::ConstShapeOp>(op))
      return success();
    Tensor t = like(op->getResult(0));
    auto [width, isSigned] = integerKind(attr.getElementType());
    size_t i = 0;
    if (width) {
      for (const APInt &v : attr.getValues<APInt>())
        t.values[i++] =
            double(isSigned ? v.getSExtValue() : int64_t(v.getZExtValue()));
    } else if (attr.getElementType().isF32()) {
      for (float v : attr.getValues<float>())
        t.values[i++] = v;
    } else {
      return op->emitError() << "reference: constants of "
                             << attr.getElementType() << " are not supported";
    }
    set(op->getResult(0), std::move(t));
    return success();
  }
  if (isa<tosa::ConstShapeOp>(op))
    return success();

  // Storage reinterpretation.
  if (isa<mlir::quant::StorageCastOp, tensor::BitcastOp>(op)) {
    Tensor t = get(op->getOperand(0));
    auto [width, isSigned] = integerKind(op->getResult(0).getType());
    if (!width)
      return op->emitError() << "reference: casts to float are not supported";
    for (double &v : t.values)
      v = double(reinterpret(int64_t(v), width, isSigned));
    set(op->getResult(0), std::move(t));
    return success();
  }
  if (auto reshape = dyn_cast<tosa::ReshapeOp>(op)) {
    Tensor t = get(reshape.getInput1());
    Tensor shaped = like(reshape.getResult());
    shaped.values = std::move(t.values);
    set(reshape.getResult(), std::move(shaped));
    return success();
  }
  if (auto transpose = dyn_cast<tosa::TransposeOp>(op)) {
    const Tensor &x = get(transpose.getInput1());
    Tensor out = like(transpose.getResult());
    ArrayRef<int32_t> perms = transpose.getPerms();
    int64_t rank = out.shape.size();
    for (size_t i = 0; i < out.values.size(); ++i) {
      // Output coordinate d is input coordinate perms[d].
      std::vector<int64_t> in(rank);
      for (int64_t d = 0; d < rank; ++d)
        in[perms[d]] = coordinate(out.shape, i, d);
      int64_t index = 0;
      for (int64_t d = 0; d < rank; ++d)
        index = index * x.shape[d] + in[d];
      out.values[i] = x.values[index];
    }
    set(transpose.getResult(), std::move(out));
    return success();
  }

  if (auto slice = dyn_cast<tosa::SliceOp>(op)) {
    auto starts = slice.getStart().getDefiningOp<tosa::ConstShapeOp>();
    if (!starts)
      return op->emitError() << "reference: slice starts must be constant";
    SmallVector<int64_t> start;
    for (const APInt &v : starts.getValues().getValues<APInt>())
      start.push_back(v.getSExtValue());
    const Tensor &x = get(slice.getInput1());
    Tensor out = like(slice.getResult());
    int64_t rank = out.shape.size();
    if (static_cast<int64_t>(start.size()) != rank)
      return op->emitError() << "reference: slice starts of the wrong rank";
    for (size_t i = 0; i < out.values.size(); ++i) {
      int64_t index = 0;
      for (int64_t d = 0; d < rank; ++d)
        index = index * x.shape[d] + start[d] + coordinate(out.shape, i, d);
      out.values[i] = x.values[index];
    }
    set(slice.getResult(), std::move(out));
    return success();
  }

  if (auto quantize = dyn_cast<qnt::QuantizeOp>(op)) {
    Params p = paramsOf(quantize.getType());
    Tensor t = like(quantize.getOutput());
    const Tensor &x = get(quantize.getInput());
    nq::StorageSpec storage = p.storage;
    for (size_t i = 0; i < t.values.size(); ++i) {
      int64_t c = p.axis < 0 ? 0 : coordinate(t.shape, i, p.axis);
      int64_t q = nq::quantize(float(x.values[i]), float(p.scale(c)),
                               p.zeroPoint(c), storage);
      t.values[i] = double(std::clamp(q, p.min, p.max));
    }
    set(quantize.getOutput(), std::move(t));
    return success();
  }
  if (auto dequantize = dyn_cast<qnt::DequantizeOp>(op)) {
    Params p = paramsOf(dequantize.getInput().getType());
    Tensor t = like(dequantize.getOutput());
    const Tensor &q = get(dequantize.getInput());
    for (size_t i = 0; i < t.values.size(); ++i) {
      int64_t c = p.axis < 0 ? 0 : coordinate(t.shape, i, p.axis);
      t.values[i] = nq::dequantize(int64_t(q.values[i]), float(p.scale(c)),
                                   p.zeroPoint(c));
    }
    set(dequantize.getOutput(), std::move(t));
    return success();
  }
  if (auto requantize = dyn_cast<qnt::RequantizeOp>(op)) {
    Params in = paramsOf(requantize.getInput().getType()),
           out = paramsOf(requantize.getType());
    Tensor t = like(requantize.getOutput());
    const Tensor &q = get(requantize.getInput());
    int64_t axis = in.axis >= 0 ? in.axis : out.axis;
    for (size_t i = 0; i < t.values.size(); ++i) {
      int64_t c = axis < 0 ? 0 : coordinate(t.shape, i, axis);
      auto m = nq::quantizeMultiplier(in.scale(c) / out.scale(c));
      if (!m)
        return op->emitError() << "reference: " << m.error();
      int64_t v =
          nq::applyScale(int64_t(q.values[i]) - in.zeroPoint(c), m->multiplier,
                         m->shift, roundingOf(requantize.getRounding())) +
          out.zeroPoint(c);
      t.values[i] = double(std::clamp(v, out.min, out.max));
    }
    set(requantize.getOutput(), std::move(t));
    return success();
  }
  if (auto table = dyn_cast<qnt::TableOp>(op)) {
    Params in = paramsOf(table.getInput().getType());
    Tensor t = like(table.getOutput());
    const Tensor &q = get(table.getInput());
    int64_t offset = in.storage.isSigned ? 128 : 0;
    ArrayRef<int32_t> entries = table.getTable();
    int64_t channels = int64_t(entries.size()) / 256;
    for (size_t i = 0; i < t.values.size(); ++i) {
      int64_t channel = channels == 1 ? 0 : int64_t(i) % channels;
      t.values[i] =
          double(entries[256 * channel + int64_t(q.values[i]) + offset]);
    }
    set(table.getOutput(), std::move(t));
    return success();
  }
  if (isa<qnt::Conv2DOp>(op))
    return convolution(op, /*depthwise=*/false);
  if (isa<qnt::DepthwiseConv2DOp>(op))
    return convolution(op, /*depthwise=*/true);
  if (auto mm = dyn_cast<qnt::MatmulOp>(op))
    return matmul(mm);
  if (isa<qnt::AddOp>(op))
    return binary(op, /*isAdd=*/true);
  if (isa<qnt::MulOp>(op))
    return binary(op, /*isAdd=*/false);
  if (isa<qnt::MaxPool2DOp>(op))
    return pool(op, /*isMax=*/true);
  if (isa<qnt::AvgPool2DOp>(op))
    return pool(op, /*isMax=*/false);
  if (auto concat = dyn_cast<qnt::ConcatOp>(op)) {
    Params py = paramsOf(concat.getType());
    Tensor out = like(concat.getOutput());
    int64_t axis = concat.getAxis();
    int64_t outer = product(ArrayRef(out.shape).take_front(axis));
    int64_t inner = product(ArrayRef(out.shape).drop_front(axis + 1));
    int64_t offset = 0;
    for (Value operand : concat.getInputs()) {
      const Tensor &x = get(operand);
      Params px = paramsOf(operand.getType());
      bool same = getElementTypeOrSelf(operand.getType()) ==
                  getElementTypeOrSelf(concat.getType());
      auto m = nq::quantizeMultiplier(px.scale(0) / py.scale(0));
      if (!m)
        return op->emitError() << "reference: " << m.error();
      int64_t size = x.shape[axis];
      for (int64_t o = 0; o < outer; ++o)
        for (int64_t a = 0; a < size; ++a)
          for (int64_t i = 0; i < inner; ++i) {
            int64_t v = int64_t(x.values[(o * size + a) * inner + i]);
            if (!same)
              v = std::clamp<int64_t>(nq::applyScale(v - px.zeroPoint(0),
                                                     m->multiplier, m->shift,
                                                     nq::Rounding::Single) +
                                          py.zeroPoint(0),
                                      py.min, py.max);
            out.values[(o * out.shape[axis] + offset + a) * inner + i] =
                double(v);
          }
      offset += size;
    }
    set(concat.getOutput(), std::move(out));
    return success();
  }
  return op->emitError() << "'" << op->getName()
                         << "' is not supported by the reference interpreter "
                            "(it runs qnt ops, constants, storage casts, "
                            "tosa.reshape, tosa.transpose and tosa.slice)";
}

} // namespace

FailureOr<std::vector<Tensor>>
qmlir::reference::run(func::FuncOp func, const std::vector<Tensor> &inputs) {
  Interpreter interpreter;
  std::vector<Tensor> results;
  if (failed(interpreter.run(func, inputs, results)))
    return failure();
  return results;
}
