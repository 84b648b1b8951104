//===- IndexingHandlers.cpp - Resize, Upsample, Gather --------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Ops that read their input at positions known at compile time. With static
// shapes, Resize and Upsample are separable: along each resized axis every
// output position reads a few input positions (1 for nearest, 2 for linear,
// 4 for cubic) with fixed weights. Those positions and weights are computed
// here exactly as ONNX defines them (coordinate transformation, nearest
// rounding, edge clamping, cubic coefficients, exclude_outside) and become
// tosa.gather ops plus a weighted sum. Gather with constant indices is one
// tosa.gather.
//
//===----------------------------------------------------------------------===//

#include "HandlerUtils.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace qmlir;
using namespace qmlir::onnx_to_tosa;
using onnxir::NodeOp;

namespace {} // namespace

Value qmlir::onnx_to_tosa::gatherAlongAxis(ImplicitLocOpBuilder &b, Value x,
                                           int64_t axis,
                                           ArrayRef<int64_t> indices) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(type.getShape());
  int64_t rank = shape.size();
  int64_t width = indices.size();
  // tosa.gather takes values [N, K, C] and indices [N, W]. Leading
  // dimensions become N, with the indices repeated per row, unless that
  // would make a large index constant: then the axis moves to the front.
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i) {
    if (i < axis)
      outer *= shape[i];
    else if (i > axis)
      inner *= shape[i];
  }
  SmallVector<int32_t> perm;
  if (outer > 1 && outer * width > (1 << 16)) {
    perm.push_back(axis);
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis)
        perm.push_back(i);
    x = transpose(b, x, perm);
    inner *= outer;
    outer = 1;
  }
  int64_t size = shape[axis];
  Value values = reshape(b, x, {outer, size, inner});
  SmallVector<int32_t> rows;
  rows.reserve(outer * width);
  for (int64_t n = 0; n < outer; ++n)
    for (int64_t index : indices)
      rows.push_back(static_cast<int32_t>(index));
  auto indexType = RankedTensorType::get({outer, width}, b.getI32Type());
  Value indexConst = tosa::ConstOp::create(
      b, indexType, DenseElementsAttr::get(indexType, ArrayRef(rows)));
  Value gathered = tosa::GatherOp::create(
      b, RankedTensorType::get({outer, width, inner}, type.getElementType()),
      values, indexConst);
  if (perm.empty()) {
    shape[axis] = width;
    return reshape(b, gathered, shape);
  }
  SmallVector<int64_t> movedShape;
  for (int32_t p : perm)
    movedShape.push_back(p == axis ? width : shape[p]);
  gathered = reshape(b, gathered, movedShape);
  SmallVector<int32_t> inverse(rank);
  for (int64_t i = 0; i < rank; ++i)
    inverse[perm[i]] = i;
  return transpose(b, gathered, inverse);
}

namespace {

/// How Resize reads the input along one axis.
struct ResizeMode {
  StringRef mode;           // nearest, linear, cubic
  StringRef transformation; // coordinate_transformation_mode
  StringRef nearest;        // nearest_mode
  double cubicA = -0.75;
  bool excludeOutside = false;
};

/// The input coordinate of output position `x` (ONNX's
/// coordinate_transformation_mode).
double originalCoordinate(int64_t x, double scale, int64_t in, int64_t out,
                          StringRef transformation) {
  if (transformation == "asymmetric")
    return x / scale;
  if (transformation == "align_corners") {
    // ONNX uses the resized length in * scale, which need not be integral.
    double length = in * scale;
    return length == 1.0 ? 0.0 : x * double(in - 1) / (length - 1.0);
  }
  if (transformation == "pytorch_half_pixel")
    return out > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
  if (transformation == "tf_half_pixel_for_nn")
    return (x + 0.5) / scale;
  if (transformation == "half_pixel_symmetric") {
    double adjustment = out / (scale * in);
    double offset = in / 2.0 * (1.0 - adjustment);
    return offset + (x + 0.5) / scale - 0.5;
  }
  return (x + 0.5) / scale - 0.5; // half_pixel
}

/// The input positions and weights of one output position along an axis.
struct Taps {
  SmallVector<int64_t, 4> index;
  SmallVector<double, 4> weight;
};

Taps resizeTaps(const ResizeMode &m, int64_t x, double scale, int64_t in,
                int64_t out) {
  double orig = originalCoordinate(x, scale, in, out, m.transformation);
  double base = std::floor(orig);
  double ratio = orig - base;
  auto clampIndex = [&](int64_t i) {
    return std::clamp<int64_t>(i, 0, in - 1);
  };
  Taps taps;
  if (m.mode == "nearest") {
    int64_t i = static_cast<int64_t>(base);
    if (ratio != 0.0) {
      bool up = m.nearest == "ceil" ||
                (m.nearest == "round_prefer_floor" && ratio > 0.5) ||
                (m.nearest == "round_prefer_ceil" && ratio >= 0.5);
      i += up ? 1 : 0;
    }
    taps.index.push_back(clampIndex(i));
    taps.weight.push_back(1.0);
    return taps;
  }
  int64_t first = static_cast<int64_t>(base);
  if (m.mode == "linear") {
    taps.index = {clampIndex(first), clampIndex(first + 1)};
    taps.weight = {1.0 - ratio, ratio};
    return taps;
  }
  // Cubic convolution with coefficient A over base-1 .. base+2.
  double a = m.cubicA;
  auto near = [a](double d) { return ((a + 2) * d - (a + 3)) * d * d + 1; };
  auto far = [a](double d) {
    return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
  };
  double weights[4] = {far(ratio + 1), near(ratio), near(1 - ratio),
                       far(2 - ratio)};
  double sum = 0.0;
  for (int t = 0; t < 4; ++t) {
    int64_t i = first - 1 + t;
    if (m.excludeOutside && (i < 0 || i >= in))
      weights[t] = 0.0;
    sum += weights[t];
  }
  for (int t = 0; t < 4; ++t) {
    taps.index.push_back(clampIndex(first - 1 + t));
    taps.weight.push_back(m.excludeOutside && sum != 0.0 ? weights[t] / sum
                                                         : weights[t]);
  }
  return taps;
}

/// Resizes `x` along `axis` to `out` positions.
Value resizeAxis(ImplicitLocOpBuilder &b, Value x, int64_t axis, int64_t out,
                 double scale, const ResizeMode &m) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t in = type.getDimSize(axis);
  SmallVector<Taps> taps;
  for (int64_t i = 0; i < out; ++i)
    taps.push_back(resizeTaps(m, i, scale, in, out));
  size_t count = taps.front().index.size();
  SmallVector<int64_t> resultShape(type.getShape());
  resultShape[axis] = out;
  auto resultTy = RankedTensorType::get(resultShape, type.getElementType());
  SmallVector<int64_t> weightShape(type.getRank(), 1);
  weightShape[axis] = out;
  auto weightType = RankedTensorType::get(weightShape, b.getF32Type());
  Value sum;
  for (size_t t = 0; t < count; ++t) {
    SmallVector<int64_t> indices;
    SmallVector<float> weights;
    for (const Taps &tap : taps) {
      indices.push_back(tap.index[t]);
      weights.push_back(static_cast<float>(tap.weight[t]));
    }
    if (llvm::all_of(weights, [](float w) { return w == 0.0f; }))
      continue;
    Value term = gatherAlongAxis(b, x, axis, indices);
    if (!llvm::all_of(weights, [](float w) { return w == 1.0f; }))
      term = mul(b, resultTy, term,
                 tosa::ConstOp::create(
                     b, weightType,
                     DenseElementsAttr::get(weightType, ArrayRef(weights))));
    sum = sum ? Value(tosa::AddOp::create(b, resultTy, sum, term)) : term;
  }
  if (!sum) // every weight zero
    return tosa::ConstOp::create(b, resultTy,
                                 DenseElementsAttr::get(resultTy, 0.0f));
  return sum;
}

/// The two input positions along one axis of a linear resize and the weight
/// of each, in f32 arithmetic as ONNX Runtime computes them: the coordinate
/// in f32 (the position itself when the scale is 1), clamped to the input,
/// `first` its truncation, `second` the next position (clamped), and each
/// weight the distance to the other position (0.5 each at the edge, where
/// the two positions coincide).
struct LinearAxisTaps {
  SmallVector<int64_t> first, second;
  SmallVector<float> firstWeight, secondWeight;
};

float originalCoordinateF32(int64_t x, float scale, int64_t in, int64_t out,
                            StringRef transformation) {
  float xf = static_cast<float>(x);
  if (scale == 1.0f)
    return xf;
  if (transformation == "asymmetric")
    return xf / scale;
  if (transformation == "align_corners") {
    float length = static_cast<float>(in) * scale;
    return length == 1.0f ? 0.0f
                          : xf * static_cast<float>(in - 1) / (length - 1.0f);
  }
  if (transformation == "pytorch_half_pixel")
    return out > 1 ? (xf + 0.5f) / scale - 0.5f : 0.0f;
  if (transformation == "tf_half_pixel_for_nn")
    return (xf + 0.5f) / scale;
  if (transformation == "half_pixel_symmetric")
    return static_cast<float>(
        originalCoordinate(x, scale, in, out, transformation));
  return (xf + 0.5f) / scale - 0.5f; // half_pixel
}

LinearAxisTaps linearAxisTaps(int64_t in, int64_t out, float scale,
                              StringRef transformation) {
  LinearAxisTaps taps;
  float last = static_cast<float>(in - 1);
  for (int64_t x = 0; x < out; ++x) {
    float c = originalCoordinateF32(x, scale, in, out, transformation);
    c = std::max(0.0f, std::min(c, last));
    int64_t first = std::min(static_cast<int64_t>(c), in - 1);
    int64_t second = std::min(first + 1, in - 1);
    float toFirst = std::fabs(c - static_cast<float>(first));
    float toSecond = std::fabs(c - static_cast<float>(second));
    if (first == second)
      toFirst = toSecond = 0.5f;
    taps.first.push_back(first);
    taps.second.push_back(second);
    taps.firstWeight.push_back(toSecond);
    taps.secondWeight.push_back(toFirst);
  }
  return taps;
}

/// Linear resize of the last two axes of `x` to `outH` x `outW`: each output
/// is the sum of four products, (wy * wx) * x[y][x] over (y1, x1), (y1, x2),
/// (y2, x1), (y2, x2) in that order, every step rounded to f32. This is the
/// order ONNX Runtime's CPU kernel uses (ONNX leaves it open), so results
/// equal its results bit for bit; models that quantize their activations at
/// run time after a resize depend on it.
Value resizeBilinear(ImplicitLocOpBuilder &b, Value x, int64_t outH,
                     int64_t outW, float scaleH, float scaleW,
                     StringRef transformation) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  int64_t axisH = rank - 2, axisW = rank - 1;
  LinearAxisTaps ys =
      linearAxisTaps(type.getDimSize(axisH), outH, scaleH, transformation);
  LinearAxisTaps xs =
      linearAxisTaps(type.getDimSize(axisW), outW, scaleW, transformation);
  auto weights = [&](ArrayRef<float> values, int64_t axis) {
    SmallVector<int64_t> shape(rank, 1);
    shape[axis] = values.size();
    auto weightType = RankedTensorType::get(shape, b.getF32Type());
    return tosa::ConstOp::create(b, weightType,
                                 DenseElementsAttr::get(weightType, values));
  };
  SmallVector<int64_t> coefShape(rank, 1);
  coefShape[axisH] = outH;
  coefShape[axisW] = outW;
  auto coefType = RankedTensorType::get(coefShape, b.getF32Type());
  SmallVector<int64_t> resultShape(type.getShape());
  resultShape[axisH] = outH;
  resultShape[axisW] = outW;
  auto resultType = RankedTensorType::get(resultShape, type.getElementType());

  Value columnWeights[2] = {weights(xs.firstWeight, axisW),
                            weights(xs.secondWeight, axisW)};
  Value sum;
  for (int row = 0; row < 2; ++row) {
    Value rows = gatherAlongAxis(b, x, axisH, row ? ys.second : ys.first);
    Value wy = weights(row ? ys.secondWeight : ys.firstWeight, axisH);
    for (int column = 0; column < 2; ++column) {
      Value taps =
          gatherAlongAxis(b, rows, axisW, column ? xs.second : xs.first);
      Value coefficient = mul(b, coefType, columnWeights[column], wy);
      Value term = mul(b, resultType, coefficient, taps);
      sum = sum ? Value(tosa::AddOp::create(b, resultType, sum, term)) : term;
    }
  }
  return sum;
}

/// Float values of a constant input (empty when the input is absent or an
/// empty tensor).
FailureOr<SmallVector<double>> constantFloats(NodeOp node, Value value,
                                              StringRef what) {
  SmallVector<double> values;
  if (!value)
    return values;
  DenseElementsAttr dense;
  if (!matchPattern(value, m_Constant(&dense)) ||
      !isa<FloatType>(dense.getElementType())) {
    fail(node) << "a run-time " << what
               << " input is not supported (it must be a constant)";
    return failure();
  }
  for (APFloat v : dense.getValues<APFloat>())
    values.push_back(v.convertToDouble());
  return values;
}

/// Resizes every axis whose size or scale changes.
FailureOr<Values> resizeAll(NodeOp node, ImplicitLocOpBuilder &b,
                            ArrayRef<double> scales, const ResizeMode &m) {
  Value x = input(node, 0);
  auto xType = cast<RankedTensorType>(x.getType());
  RankedTensorType outType = resultType(node);
  int64_t rank = xType.getRank();
  if (!scales.empty() && static_cast<int64_t>(scales.size()) != rank)
    return fail(node) << "scales has " << scales.size() << " values for rank "
                      << rank;
  if (m.mode != "nearest" && m.mode != "linear" && m.mode != "cubic")
    return fail(node) << "mode '" << m.mode << "' is not supported";
  static constexpr StringRef kTransformations[] = {
      "half_pixel",    "half_pixel_symmetric", "pytorch_half_pixel",
      "align_corners", "asymmetric",           "tf_half_pixel_for_nn"};
  if (!llvm::is_contained(kTransformations, m.transformation))
    return fail(node) << "coordinate_transformation_mode '" << m.transformation
                      << "' is not supported";
  static constexpr StringRef kNearest[] = {
      "round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
  if (!llvm::is_contained(kNearest, m.nearest))
    return fail(node) << "nearest_mode '" << m.nearest << "' is not supported";
  // Linear over the last two axes only (images, NCHW): the four-tap form.
  auto changes = [&](int64_t axis) {
    int64_t in = xType.getDimSize(axis), out = outType.getDimSize(axis);
    return !(in == out && (scales.empty() || scales[axis] == 1.0));
  };
  if (m.mode == "linear" && rank >= 2 &&
      (changes(rank - 2) || changes(rank - 1)) &&
      llvm::none_of(llvm::seq<int64_t>(0, rank - 2), changes)) {
    auto scaleOf = [&](int64_t axis) {
      return scales.empty() ? static_cast<float>(outType.getDimSize(axis)) /
                                  static_cast<float>(xType.getDimSize(axis))
                            : static_cast<float>(scales[axis]);
    };
    for (int64_t axis : {rank - 2, rank - 1})
      if (!(scaleOf(axis) > 0.0f))
        return fail(node) << "scale " << scaleOf(axis) << " of axis " << axis
                          << " must be positive";
    return Values{resizeBilinear(
        b, x, outType.getDimSize(rank - 2), outType.getDimSize(rank - 1),
        scaleOf(rank - 2), scaleOf(rank - 1), m.transformation)};
  }
  Value y = x;
  for (int64_t axis = 0; axis < rank; ++axis) {
    int64_t in = xType.getDimSize(axis), out = outType.getDimSize(axis);
    double scale = scales.empty() ? double(out) / double(in) : scales[axis];
    if (in == out && scale == 1.0)
      continue;
    if (!(scale > 0.0))
      return fail(node) << "scale " << scale << " of axis " << axis
                        << " must be positive";
    y = resizeAxis(b, y, axis, out, scale, m);
  }
  return Values{y};
}

/// Resize: scales (opset 10: input 1; 11 on: input 2) or sizes (input 3).
FailureOr<Values> resize(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  if (node.getNodeAttributes().get("axes"))
    return fail(node) << "the axes attribute is not supported";
  if (intAttr(node, "antialias", 0))
    return fail(node) << "antialias = 1 is not supported";
  StringRef policy = stringAttr(node, "keep_aspect_ratio_policy", "stretch");
  if (policy != "stretch")
    return fail(node) << "keep_aspect_ratio_policy '" << policy
                      << "' is not supported";
  ResizeMode m;
  m.mode = stringAttr(node, "mode", "nearest");
  m.transformation =
      stringAttr(node, "coordinate_transformation_mode",
                 node.getOpset() < 11 ? "asymmetric" : "half_pixel");
  m.nearest = stringAttr(node, "nearest_mode",
                         node.getOpset() < 11 ? "floor" : "round_prefer_floor");
  m.cubicA = floatAttr(node, "cubic_coeff_a", -0.75f);
  m.excludeOutside = intAttr(node, "exclude_outside", 0) != 0;
  FailureOr<SmallVector<double>> scales =
      constantFloats(node, input(node, node.getOpset() < 11 ? 1 : 2), "scales");
  if (failed(scales))
    return failure();
  return resizeAll(node, b, *scales, m);
}

/// Upsample (deprecated): asymmetric coordinates, nearest rounds down;
/// scales as an attribute (opset 7) or a constant input (opset 9).
FailureOr<Values> upsample(NodeOp node, ImplicitLocOpBuilder &b) {
  if (failed(requireF32(node)))
    return failure();
  ResizeMode m;
  m.mode = stringAttr(node, "mode", "nearest");
  if (m.mode == "bilinear")
    m.mode = "linear";
  if (m.mode == "cubic")
    return fail(node) << "mode 'cubic' is not supported";
  m.transformation = "asymmetric";
  m.nearest = "floor";
  SmallVector<double> scales;
  if (node.getOpset() < 9) {
    if (auto attr = node.getNodeAttributes().getAs<ArrayAttr>("scales")) {
      for (Attribute a : attr)
        if (auto f = dyn_cast<FloatAttr>(a))
          scales.push_back(f.getValueAsDouble());
    } else if (auto dense = node.getNodeAttributes().getAs<DenseF32ArrayAttr>(
                   "scales")) {
      for (float f : dense.asArrayRef())
        scales.push_back(f);
    }
  } else {
    FailureOr<SmallVector<double>> s =
        constantFloats(node, input(node, 1), "scales");
    if (failed(s))
      return failure();
    scales = *s;
  }
  return resizeAll(node, b, scales, m);
}

/// Gather along `axis` with constant indices (negative ones count from the
/// end): the indices' shape replaces the axis.
FailureOr<Values> gather(NodeOp node, ImplicitLocOpBuilder &b) {
  Value data = input(node, 0);
  auto dataType = cast<RankedTensorType>(data.getType());
  FailureOr<int64_t> axis =
      normalizedAxis(node, intAttr(node, "axis", 0), dataType.getRank());
  if (failed(axis))
    return failure();
  FailureOr<SmallVector<int64_t>> indices =
      constantInts(node, input(node, 1), "indices");
  if (failed(indices))
    return failure();
  int64_t size = dataType.getDimSize(*axis);
  for (int64_t &index : *indices) {
    if (index < -size || index >= size)
      return fail(node) << "index " << index << " is out of range for axis "
                        << *axis << " of size " << size;
    if (index < 0)
      index += size;
  }
  if (!dataType.getElementType().isF32() &&
      !dataType.getElementType().isInteger(32))
    return fail(node) << "element type " << dataType.getElementType()
                      << " is not supported (f32 or i32 data; constant data "
                         "of other types folds)";
  Value y = gatherAlongAxis(b, data, *axis, *indices);
  return Values{reshape(b, y, resultType(node).getShape())};
}

} // namespace

void qmlir::onnx_to_tosa::populateIndexingHandlers(
    ONNXHandlerRegistry &registry) {
  registry.add("Gather", 1, gather);
  registry.add("Resize", 10, resize);
  registry.add("Upsample", 7, upsample);
}
