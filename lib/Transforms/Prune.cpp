//===- Prune.cpp - The qnt-prune pass -------------------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Compression of the float graph before calibration. Magnitude and N:M
// pruning zero constant weights in place. Channel pruning removes whole
// output channels: a forward walk over each function gives every tensor
// that carries a producer's channels a layout (which axis, which positions
// belong to which channel of which group); tensors that must lose the same
// channels (a residual add's operands, a depthwise convolution's input and
// output) are merged into one group; a use the walk does not understand, a
// function argument or a result keeps its group whole. Every constant along
// a layout (producer filters, consumer input channels, per-channel constants,
// fully connected column blocks after a flatten) is then sliced, and every
// tensor type and reshape shape rewritten to the smaller size.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Transforms/Prune.h"

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Support/LinearAlgebra.h"
#include "qmlir/Transforms/Passes.h"
#include "qmlir/Verification/InputLevel.h"

#include "qmlir/Transforms/LocationNames.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace qmlir {
#define GEN_PASS_DEF_QNTPRUNE
#include "qmlir/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir::qnt;

//===----------------------------------------------------------------------===//
// Options and report
//===----------------------------------------------------------------------===//

static llvm::Error optionError(const llvm::Twine &message) {
  return llvm::createStringError(message);
}

static std::string fraction(double value) {
  char buffer[32];
  snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

static llvm::Error validate(const PruneOptions &options) {
  if (!(options.sparsity >= 0.0 && options.sparsity < 1.0))
    return optionError("sparsity " + fraction(options.sparsity) +
                       " is not in [0, 1)");
  if (options.m < 1 || options.m > 64 || options.n < 1 || options.n > options.m)
    return optionError("n:m " + llvm::Twine(options.n) + ":" +
                       llvm::Twine(options.m) + " needs 1 <= n <= m <= 64");
  if (options.minKept < 0)
    return optionError("min-kept " + llvm::Twine(options.minKept) +
                       " is negative");
  if (options.multipleOf < 1)
    return optionError("multiple-of " + llvm::Twine(options.multipleOf) +
                       " is not positive");
  if (options.reconstruct && options.mode != PruneMode::Channel)
    return optionError("reconstruct needs mode channel");
  if (options.criterion == PruneCriterion::Reconstruction &&
      !options.reconstruct)
    return optionError("criterion reconstruction needs reconstruct");
  if (options.reconstruct && !options.statistics)
    return optionError("reconstruct needs calibration statistics with "
                       "channel moments; give stats=FILE");
  for (const std::string &pattern : options.skip)
    if (auto glob = llvm::GlobPattern::create(pattern); !glob)
      return optionError("skip '" + pattern +
                         "': " + llvm::toString(glob.takeError()));
  for (const auto &[pattern, sparsity] : options.sparsityFor) {
    if (auto glob = llvm::GlobPattern::create(pattern); !glob)
      return optionError("sparsity-for '" + pattern +
                         "': " + llvm::toString(glob.takeError()));
    if (!(sparsity >= 0.0 && sparsity < 1.0))
      return optionError("sparsity-for '" + pattern + "': sparsity " +
                         fraction(sparsity) + " is not in [0, 1)");
  }
  return llvm::Error::success();
}

static std::optional<double> parseFraction(StringRef text) {
  double value;
  if (text.trim().getAsDouble(value))
    return std::nullopt;
  return value;
}

llvm::Expected<PruneOptions> qmlir::qnt::parsePruneSpec(StringRef spec) {
  PruneOptions options;
  SmallVector<StringRef> parts;
  spec.split(parts, ':');
  auto usage = [&]() {
    return optionError("--prune '" + spec +
                       "': expected magnitude:SPARSITY, channel:SPARSITY or "
                       "nm:N:M");
  };
  if (parts.size() == 2 && (parts[0] == "magnitude" || parts[0] == "channel")) {
    options.mode =
        parts[0] == "channel" ? PruneMode::Channel : PruneMode::Magnitude;
    auto sparsity = parseFraction(parts[1]);
    if (!sparsity)
      return usage();
    options.sparsity = *sparsity;
  } else if (parts.size() == 3 && parts[0] == "nm") {
    options.mode = PruneMode::NM;
    if (parts[1].getAsInteger(10, options.n) ||
        parts[2].getAsInteger(10, options.m))
      return usage();
  } else {
    return usage();
  }
  if (llvm::Error err = validate(options))
    return optionError("--prune '" + spec + "': " + toString(std::move(err)));
  return options;
}

double PruneLayerReport::sparsity() const {
  return paramsBefore ? 1.0 - double(nonzeroAfter) / double(paramsBefore) : 0;
}

PruneLayerReport PruneReport::total() const {
  PruneLayerReport total;
  total.name = "total";
  for (const PruneLayerReport &layer : layers) {
    total.paramsBefore += layer.paramsBefore;
    total.paramsAfter += layer.paramsAfter;
    total.nonzeroBefore += layer.nonzeroBefore;
    total.nonzeroAfter += layer.nonzeroAfter;
    total.macsBefore += layer.macsBefore;
    total.macsAfter += layer.macsAfter;
  }
  return total;
}

static llvm::json::Object layerJSON(const PruneLayerReport &layer) {
  llvm::json::Object object{
      {"name", layer.name},
      {"params", llvm::json::Array{layer.paramsBefore, layer.paramsAfter}},
      {"nonzero", llvm::json::Array{layer.nonzeroBefore, layer.nonzeroAfter}},
      {"macs", llvm::json::Array{layer.macsBefore, layer.macsAfter}},
      {"sparsity", layer.sparsity()}};
  if (!layer.kind.empty())
    object["kind"] = layer.kind;
  if (!layer.skipped.empty())
    object["skipped"] = layer.skipped;
  if (layer.refitPositions)
    object["refit"] = llvm::json::Object{{"positions", layer.refitPositions},
                                         {"residual", layer.refitResidual}};
  else if (!layer.refitSkipped.empty())
    object["refit_skipped"] = layer.refitSkipped;
  return object;
}

llvm::json::Value PruneReport::toJSON() const {
  llvm::json::Array layerArray, groupArray;
  for (const PruneLayerReport &layer : layers)
    layerArray.push_back(layerJSON(layer));
  for (const PruneGroupReport &group : groups) {
    llvm::json::Object object{
        {"producers", llvm::json::Array(group.producers)},
        {"consumers", llvm::json::Array(group.consumers)},
        {"channels",
         llvm::json::Array{group.channelsBefore, group.channelsAfter}}};
    if (!group.kept.empty())
      object["kept"] = group.kept;
    groupArray.push_back(std::move(object));
  }
  llvm::json::Object report{{"mode", mode},
                            {"layers", std::move(layerArray)},
                            {"total", layerJSON(total())}};
  if (!groups.empty())
    report["groups"] = std::move(groupArray);
  if (reconstruct)
    report["reconstruct"] = true;
  return report;
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

namespace {

enum class Kind { Conv2D, Depthwise, TransposeConv2D, MatMul };

StringRef kindName(Kind kind) {
  switch (kind) {
  case Kind::Conv2D:
    return "conv2d";
  case Kind::Depthwise:
    return "depthwise_conv2d";
  case Kind::TransposeConv2D:
    return "transpose_conv2d";
  case Kind::MatMul:
    return "matmul";
  }
  llvm_unreachable("kind");
}

DenseElementsAttr constantOf(Value value) {
  DenseElementsAttr attr;
  if (value && matchPattern(value, m_Constant(&attr)))
    return attr;
  return {};
}

std::optional<Kind> layerKind(Operation *op) {
  if (isa<tosa::Conv2DOp>(op))
    return Kind::Conv2D;
  if (isa<tosa::DepthwiseConv2DOp>(op))
    return Kind::Depthwise;
  if (isa<tosa::TransposeConv2DOp>(op))
    return Kind::TransposeConv2D;
  if (isa<tosa::MatMulOp>(op) && constantOf(op->getOperand(1)))
    return Kind::MatMul;
  return std::nullopt;
}

/// The position of weight element (output o, reduction index r): every
/// layer's weight is a set of outputs, each a dot product over `length`
/// elements.
struct Reduction {
  int64_t outputs = 0, length = 0;
  int64_t inner = 1, outerStride = 0, innerStride = 0, rStride = 0;
  int64_t index(int64_t o, int64_t r) const {
    return (o / inner) * outerStride + (o % inner) * innerStride + r * rStride;
  }
};

Reduction reductionOf(Kind kind, ArrayRef<int64_t> shape) {
  Reduction red;
  switch (kind) {
  case Kind::Conv2D:
  case Kind::TransposeConv2D: // [O, KH, KW, I]
    red.outputs = shape[0];
    red.length = shape[1] * shape[2] * shape[3];
    red.inner = red.outputs;
    red.innerStride = red.length;
    red.rStride = 1;
    break;
  case Kind::Depthwise: // [KH, KW, C, M]
    red.outputs = shape[2] * shape[3];
    red.length = shape[0] * shape[1];
    red.inner = red.outputs;
    red.innerStride = 1;
    red.rStride = red.outputs;
    break;
  case Kind::MatMul: // [B, K, N]
    red.outputs = shape[0] * shape[2];
    red.length = shape[1];
    red.inner = shape[2];
    red.outerStride = shape[1] * shape[2];
    red.innerStride = 1;
    red.rStride = shape[2];
    break;
  }
  return red;
}

int64_t macsOf(Operation *op, Kind kind) {
  auto out = dyn_cast<ShapedType>(op->getResult(0).getType());
  auto in = dyn_cast<ShapedType>(op->getOperand(0).getType());
  auto weight = dyn_cast<ShapedType>(op->getOperand(1).getType());
  if (!out || !in || !weight || !out.hasStaticShape() || !in.hasStaticShape() ||
      !weight.hasStaticShape())
    return 0;
  ArrayRef<int64_t> w = weight.getShape();
  switch (kind) {
  case Kind::Conv2D:
    return out.getNumElements() * w[1] * w[2] * w[3];
  case Kind::Depthwise:
    return out.getNumElements() * w[0] * w[1];
  case Kind::TransposeConv2D:
    return in.getNumElements() * w[0] * w[1] * w[2];
  case Kind::MatMul:
    return out.getNumElements() * w[1];
  }
  llvm_unreachable("kind");
}

struct Layer {
  Operation *op;
  Kind kind;
  std::string name;
  /// Why the layer is not pruned; empty when it is.
  std::string skipped;
  PruneLayerReport report;
};

void measure(const Layer &layer, bool before, PruneLayerReport &report) {
  int64_t params = 0, nonzero = 0;
  if (DenseElementsAttr weight = constantOf(layer.op->getOperand(1))) {
    params = weight.getNumElements();
    if (weight.getElementType().isF32()) {
      nonzero = 0;
      for (float v : weight.getValues<float>())
        nonzero += v != 0.0f;
    } else {
      nonzero = params;
    }
  }
  int64_t macs = macsOf(layer.op, layer.kind);
  (before ? report.paramsBefore : report.paramsAfter) = params;
  (before ? report.nonzeroBefore : report.nonzeroAfter) = nonzero;
  (before ? report.macsBefore : report.macsAfter) = macs;
}

bool matchesAny(StringRef name, ArrayRef<std::string> patterns) {
  for (const std::string &pattern : patterns)
    if (auto glob = llvm::GlobPattern::create(pattern);
        glob && glob->match(name))
      return true;
  return false;
}

std::optional<double> overrideFor(StringRef name, const PruneOptions &options) {
  for (const auto &[pattern, sparsity] : options.sparsityFor)
    if (auto glob = llvm::GlobPattern::create(pattern);
        glob && glob->match(name))
      return sparsity;
  return std::nullopt;
}

/// The weighted layers of a function in order, named by their location (the
/// ONNX output tensor) or `<function>.<kind>#<i>`, with skip decisions.
std::vector<Layer> collectLayers(func::FuncOp func,
                                 const PruneOptions &options) {
  std::vector<Layer> layers;
  llvm::StringMap<unsigned> counts;
  func.walk([&](Operation *op) {
    auto kind = layerKind(op);
    if (!kind)
      return;
    Layer layer{op, *kind, "", "", {}};
    if (auto name = locationName(op->getLoc()))
      layer.name = *name;
    else
      layer.name = (func.getSymName() + "." + kindName(*kind) + "#" +
                    llvm::Twine(counts[kindName(*kind)]++))
                       .str();
    DenseElementsAttr weight = constantOf(op->getOperand(1));
    auto weightType = dyn_cast<RankedTensorType>(op->getOperand(1).getType());
    if (!weight)
      layer.skipped = "the weights are not constant";
    else if (!weight.getElementType().isF32())
      layer.skipped = "the weights are not f32";
    else if (!weightType || !weightType.hasStaticShape())
      layer.skipped = "the weights have no static shape";
    else if (matchesAny(layer.name, options.skip))
      layer.skipped = "skipped by the skip option";
    layer.report.name = layer.name;
    layer.report.kind = kindName(*kind).str();
    measure(layer, /*before=*/true, layer.report);
    layers.push_back(std::move(layer));
  });
  if (options.mode == PruneMode::Channel && options.skipFirstLast &&
      !layers.empty()) {
    if (layers.front().skipped.empty())
      layers.front().skipped = "the first layer (skip-first-last)";
    if (layers.back().skipped.empty())
      layers.back().skipped = "the last layer (skip-first-last)";
  }
  return layers;
}

void replaceConstantOperand(Operation *user, unsigned operand,
                            DenseElementsAttr attr) {
  OpBuilder builder(user);
  Value old = user->getOperand(operand);
  Value replacement =
      tosa::ConstOp::create(builder, old.getLoc(), attr.getType(), attr);
  user->setOperand(operand, replacement);
  if (Operation *def = old.getDefiningOp(); def && def->use_empty())
    def->erase();
}

//===----------------------------------------------------------------------===//
// Magnitude and N:M
//===----------------------------------------------------------------------===//

/// Zeros the weights in `zero` (flat indices) of a layer.
void zeroWeights(Layer &layer, ArrayRef<int64_t> zero) {
  if (zero.empty())
    return;
  DenseElementsAttr weight = constantOf(layer.op->getOperand(1));
  SmallVector<float> values = llvm::to_vector(weight.getValues<float>());
  for (int64_t i : zero)
    values[i] = 0.0f;
  replaceConstantOperand(
      layer.op, 1,
      DenseElementsAttr::get(cast<ShapedType>(weight.getType()),
                             ArrayRef<float>(values)));
}

/// The `count` smallest-magnitude indices of `values` (ties: lower index).
SmallVector<int64_t> smallest(ArrayRef<float> values, int64_t count) {
  SmallVector<int64_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  auto less = [&](int64_t a, int64_t b) {
    float fa = std::fabs(values[a]), fb = std::fabs(values[b]);
    return fa != fb ? fa < fb : a < b;
  };
  count = std::clamp<int64_t>(count, 0, order.size());
  std::nth_element(order.begin(), order.begin() + count, order.end(), less);
  order.resize(count);
  llvm::sort(order);
  return order;
}

void pruneMagnitude(std::vector<Layer *> &layers, const PruneOptions &options) {
  auto valuesOf = [](Layer *layer) {
    return llvm::to_vector(
        constantOf(layer->op->getOperand(1)).getValues<float>());
  };
  auto cap = [&](int64_t size) {
    return std::max<int64_t>(0, size - std::max<int64_t>(options.minKept, 0));
  };
  std::vector<Layer *> pooled;
  for (Layer *layer : layers) {
    auto override = overrideFor(layer->name, options);
    if (options.scope == PruneScope::Global && !override) {
      pooled.push_back(layer);
      continue;
    }
    SmallVector<float> values = valuesOf(layer);
    double sparsity = override.value_or(options.sparsity);
    int64_t count = std::min<int64_t>(
        std::llround(sparsity * double(values.size())), cap(values.size()));
    zeroWeights(*layer, smallest(values, count));
  }
  if (pooled.empty())
    return;
  // One magnitude threshold for all pooled layers: the smallest weights of
  // the whole network go first, each layer keeping at least min-kept.
  struct Entry {
    float magnitude;
    uint32_t layer;
    int64_t index;
  };
  std::vector<Entry> entries;
  std::vector<SmallVector<float>> values;
  for (auto [i, layer] : llvm::enumerate(pooled)) {
    values.push_back(valuesOf(layer));
    for (auto [j, v] : llvm::enumerate(values.back()))
      entries.push_back({std::fabs(v), uint32_t(i), int64_t(j)});
  }
  llvm::sort(entries, [](const Entry &a, const Entry &b) {
    if (a.magnitude != b.magnitude)
      return a.magnitude < b.magnitude;
    return a.layer != b.layer ? a.layer < b.layer : a.index < b.index;
  });
  int64_t target = std::llround(options.sparsity * double(entries.size()));
  std::vector<SmallVector<int64_t>> zero(pooled.size());
  std::vector<int64_t> room;
  for (auto &v : values)
    room.push_back(cap(v.size()));
  for (const Entry &entry : entries) {
    if (target == 0)
      break;
    if (room[entry.layer] == 0)
      continue;
    --room[entry.layer];
    --target;
    zero[entry.layer].push_back(entry.index);
  }
  for (auto [i, layer] : llvm::enumerate(pooled)) {
    llvm::sort(zero[i]);
    zeroWeights(*layer, zero[i]);
  }
}

void pruneNM(std::vector<Layer *> &layers, const PruneOptions &options) {
  for (Layer *layer : layers) {
    DenseElementsAttr weight = constantOf(layer->op->getOperand(1));
    SmallVector<float> values = llvm::to_vector(weight.getValues<float>());
    Reduction red =
        reductionOf(layer->kind, cast<ShapedType>(weight.getType()).getShape());
    SmallVector<int64_t> zero;
    SmallVector<int64_t> block;
    for (int64_t o = 0; o < red.outputs; ++o) {
      for (int64_t start = 0; start < red.length; start += options.m) {
        block.clear();
        for (int64_t r = start;
             r < std::min<int64_t>(start + options.m, red.length); ++r)
          block.push_back(red.index(o, r));
        if (int64_t(block.size()) <= int64_t(options.n))
          continue;
        // Keep the n largest magnitudes of the block (ties: earlier first).
        llvm::sort(block, [&](int64_t a, int64_t b) {
          float fa = std::fabs(values[a]), fb = std::fabs(values[b]);
          return fa != fb ? fa > fb : a < b;
        });
        zero.append(block.begin() + options.n, block.end());
      }
    }
    llvm::sort(zero);
    zeroWeights(*layer, zero);
  }
}

//===----------------------------------------------------------------------===//
// Channel pruning: dependency groups
//===----------------------------------------------------------------------===//

/// A run of a group's channels inside a tensor axis.
struct Segment {
  unsigned group;
  int64_t offset, size;
};

/// Which channel each position of a tensor axis carries: position p holds
/// channel q - s.offset of the segment s containing q = (p / div) % period.
struct Layout {
  int64_t axis = 0, div = 1;
  SmallVector<Segment, 1> segments;
  int64_t period() const {
    return segments.empty() ? 0 : segments.back().offset + segments.back().size;
  }
};

struct Group {
  unsigned parent;
  int64_t size;
  std::string blocked;
  SmallVector<Layer *> producers;
  SmallVector<std::string> consumers;
  SmallVector<int64_t> kept; // sorted; all channels unless pruned
};

/// A constant operand cut along `axis` by the channels of `layout`.
struct Slice {
  Operation *op;
  unsigned operand;
  int64_t axis;
  Layout layout;
};

/// Whether `slice` cuts the input channels of a layer that sums over them
/// (a convolution's or fully connected matmul's weights): the layers a
/// reconstruction refits.
bool sumsOverInput(const Slice &slice, std::optional<Kind> kind) {
  return slice.operand == 1 && kind &&
         (((*kind == Kind::Conv2D || *kind == Kind::TransposeConv2D) &&
           slice.axis == 3) ||
          (*kind == Kind::MatMul && slice.axis == 1));
}

/// A layer reading pruned channels, per channel: its weights, the moments
/// of its input's channels (and a constant), and where channel c of tap t
/// of weight row g lies.
struct ChannelView {
  Kind kind = Kind::Conv2D;
  int64_t size = 0, period = 0, div = 1, taps = 0, outputs = 0, rows = 0;
  std::vector<float> weights;
  DenseElementsAttr bias;
  /// (period + 1)^2, the constant last.
  std::vector<double> moments;
  int64_t at(int64_t channel, int64_t tap) const {
    return ((tap / div) * period + channel) * div + tap % div;
  }
  /// Rows: conv [O, KH, KW, I] rows of I contiguous; matmul [B, K, N] rows
  /// (b, n) with stride N along K.
  int64_t index(int64_t row, int64_t channel, int64_t tap) const {
    if (kind == Kind::MatMul)
      return (row / outputs) * size * outputs + row % outputs +
             at(channel, tap) * outputs;
    return row * size + at(channel, tap);
  }
  int64_t outputOf(int64_t row) const { return row / (rows / outputs); }
};

class ChannelPruner {
public:
  ChannelPruner(func::FuncOp func, std::vector<Layer> &layers,
                const PruneOptions &options)
      : func(func), options(options) {
    for (Layer &layer : layers)
      layerOf[layer.op] = &layer;
  }

  /// Builds the groups of the function.
  void analyze();
  /// The prunable groups' channel importances (a root group's producers'
  /// filter norms, summed).
  std::vector<std::pair<unsigned, SmallVector<double>>> importances();
  /// Keeps `kept` channels of root group `g`, the most important ones.
  void keep(unsigned g, ArrayRef<double> importance, int64_t kept);
  /// Refits the layers reading pruned channels to the kept ones
  /// (options.reconstruct), before rewrite cuts them.
  void reconstruct();
  /// Rewrites constants, types and shapes to the kept channels.
  void rewrite();
  void report(std::vector<PruneGroupReport> &out);

  std::optional<double> overrideOf(unsigned g) {
    for (Layer *layer : groups[g].producers)
      if (auto s = overrideFor(layer->name, options))
        return s;
    return std::nullopt;
  }
  int64_t sizeOf(unsigned g) { return groups[g].size; }

private:
  unsigned find(unsigned g) {
    while (groups[g].parent != g)
      g = groups[g].parent = groups[groups[g].parent].parent;
    return g;
  }
  unsigned newGroup(int64_t size, std::string blocked = "") {
    groups.push_back(
        {unsigned(groups.size()), size, std::move(blocked), {}, {}, {}});
    return groups.size() - 1;
  }
  void unite(unsigned a, unsigned b) {
    a = find(a);
    b = find(b);
    if (a == b)
      return;
    if (b < a)
      std::swap(a, b);
    groups[b].parent = a;
    if (groups[a].blocked.empty())
      groups[a].blocked = groups[b].blocked;
    groups[a].producers.append(groups[b].producers);
    groups[a].consumers.append(groups[b].consumers);
  }
  void block(const Layout &layout, const llvm::Twine &reason) {
    for (const Segment &s : layout.segments) {
      Group &g = groups[find(s.group)];
      if (g.blocked.empty())
        g.blocked = reason.str();
    }
  }
  void blockOperands(Operation *op, const llvm::Twine &reason) {
    for (Value v : op->getOperands())
      if (auto it = layouts.find(v); it != layouts.end())
        block(it->second, reason);
  }
  void addConsumer(const Layout &layout, StringRef name) {
    for (const Segment &s : layout.segments)
      groups[find(s.group)].consumers.push_back(name.str());
  }
  const Layout *layoutOf(Value v) {
    auto it = layouts.find(v);
    return it == layouts.end() ? nullptr : &it->second;
  }
  std::string nameOf(Operation *op) {
    if (auto it = layerOf.find(op); it != layerOf.end())
      return it->second->name;
    if (auto name = locationName(op->getLoc()))
      return *name;
    return op->getName().getStringRef().str();
  }
  /// The size of `axis` of a ranked tensor; dynamic for anything else.
  static int64_t dim(Value v, int64_t axis) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || axis >= type.getRank())
      return ShapedType::kDynamic;
    return type.getDimSize(axis);
  }
  bool compatible(const Layout &a, const Layout &b) {
    if (a.axis != b.axis || a.div != b.div ||
        a.segments.size() != b.segments.size())
      return false;
    for (auto [x, y] : llvm::zip(a.segments, b.segments))
      if (x.offset != y.offset || x.size != y.size)
        return false;
    return true;
  }

  void visit(Operation *op);
  void visitWeighted(Operation *op, Kind kind);
  void visitElementwise(Operation *op, ArrayRef<Value> operands);
  void visitConcat(tosa::ConcatOp op);
  void visitReshape(tosa::ReshapeOp op);
  SmallVector<int64_t> positions(const Layout &layout, int64_t size);
  Type shrunkType(Value v, const Layout &layout);
  /// The channel view of the layer `op` reading channels by `layout`;
  /// returns why there is none, or the empty string.
  std::string viewOf(Operation *op, Kind kind, const Layout &layout,
                     ChannelView &view);
  /// Refits `op`'s weights to the kept channels of `layout`; returns why
  /// not, or the empty string.
  std::string refit(Operation *op, Kind kind, const Layout &layout,
                    PruneLayerReport &report);
  /// criterion=reconstruction: group `g`'s channels ranked by the order in
  /// which greedy removal with least-squares compensation of its consumers
  /// takes them (later: more important); none when a consumer has no
  /// moments.
  std::optional<SmallVector<double>> reconstructionOrder(unsigned g);

  func::FuncOp func;
  const PruneOptions &options;
  DenseMap<Operation *, Layer *> layerOf;
  std::vector<Group> groups;
  DenseMap<Value, Layout> layouts;
  std::vector<Slice> slices;
};

void ChannelPruner::analyze() {
  for (Operation &op : func.getBody().front())
    visit(&op);
}

void ChannelPruner::visit(Operation *op) {
  if (op->hasTrait<OpTrait::ConstantLike>())
    return;
  if (op->getNumRegions() != 0) {
    // Its operands and every value its regions use from above.
    op->walk([&](Operation *nested) {
      blockOperands(nested, "used inside " + op->getName().getStringRef());
    });
    return;
  }
  if (isa<func::ReturnOp>(op)) {
    blockOperands(op, "a function result");
    return;
  }
  if (auto kind = layerKind(op)) {
    visitWeighted(op, *kind);
    return;
  }
  if (op->hasTrait<OpTrait::tosa::TosaElementwiseOperator>() ||
      isa<tosa::CastOp, qmlir::qnt::CalibrateOp>(op)) {
    visitElementwise(op, llvm::to_vector(op->getOperands()));
    return;
  }
  if (auto mul = dyn_cast<tosa::MulOp>(op)) {
    visitElementwise(op, {mul.getInput1(), mul.getInput2()});
    return;
  }
  const Layout *in =
      op->getNumOperands() ? layoutOf(op->getOperand(0)) : nullptr;
  if (!in) {
    blockOperands(op, "used by " + op->getName().getStringRef());
    return;
  }
  auto preserve = [&](bool ok) {
    if (ok && op->getNumResults() == 1)
      layouts[op->getResult(0)] = *in;
    else
      blockOperands(op, "used by " + op->getName().getStringRef());
  };
  if (isa<tosa::MaxPool2dOp, tosa::AvgPool2dOp, tosa::ResizeOp>(op))
    return preserve(in->axis == 3);
  if (auto concat = dyn_cast<tosa::ConcatOp>(op))
    return visitConcat(concat);
  if (auto reshape = dyn_cast<tosa::ReshapeOp>(op))
    return visitReshape(reshape);
  if (auto transpose = dyn_cast<tosa::TransposeOp>(op)) {
    Layout out = *in;
    ArrayRef<int32_t> perms = transpose.getPerms();
    out.axis = llvm::find(perms, in->axis) - perms.begin();
    layouts[op->getResult(0)] = out;
    return;
  }
  if (auto pad = dyn_cast<tosa::PadOp>(op)) {
    SmallVector<int64_t> padding;
    bool ok =
        tosa::getConstShapeValues(pad.getPadding().getDefiningOp(), padding) &&
        padding[2 * in->axis] == 0 && padding[2 * in->axis + 1] == 0;
    return preserve(ok);
  }
  if (auto slice = dyn_cast<tosa::SliceOp>(op)) {
    // Slicing other axes (a strided convolution's trimmed border).
    SmallVector<int64_t> start, size;
    bool ok =
        tosa::getConstShapeValues(slice.getStart().getDefiningOp(), start) &&
        tosa::getConstShapeValues(slice.getSize().getDefiningOp(), size) &&
        start[in->axis] == 0 &&
        (size[in->axis] == -1 ||
         size[in->axis] == dim(slice.getInput1(), in->axis));
    return preserve(ok);
  }
  if (op->getName().getStringRef().starts_with("tosa.reduce_")) {
    auto axis = op->getAttrOfType<IntegerAttr>("axis");
    return preserve(axis && axis.getInt() != in->axis);
  }
  blockOperands(op, "used by " + op->getName().getStringRef());
}

void ChannelPruner::visitWeighted(Operation *op, Kind kind) {
  Layer *layer = layerOf.lookup(op);
  Value input = op->getOperand(0), weight = op->getOperand(1);
  Value bias = kind == Kind::MatMul ? Value() : op->getOperand(2);
  bool constWeight = bool(constantOf(weight));
  // The input side: the consumer's reduction channels follow the input.
  int64_t inputAxis = kind == Kind::MatMul ? 2 : 3;
  int64_t weightInAxis = kind == Kind::MatMul      ? 1
                         : kind == Kind::Depthwise ? 2
                                                   : 3;
  if (const Layout *in = layoutOf(input)) {
    bool depthwiseOk = kind != Kind::Depthwise ||
                       (dim(weight, 3) == 1 &&
                        (!bias || dim(bias, 0) == 1 || constantOf(bias)));
    if (in->axis != inputAxis || !constWeight || !depthwiseOk) {
      block(*in, "used by " + op->getName().getStringRef() + " '" + nameOf(op) +
                     "'");
    } else {
      addConsumer(*in, nameOf(op));
      slices.push_back({op, 1, weightInAxis, *in});
      if (kind == Kind::Depthwise) {
        // Channelwise: the output carries the input's channels.
        if (dim(bias, 0) != 1)
          slices.push_back({op, 2, 0, *in});
        layouts[op->getResult(0)] = *in;
        return;
      }
    }
  }
  if (kind == Kind::Depthwise)
    return;
  // The output side: the layer produces a new channel space.
  int64_t outAxis = kind == Kind::MatMul ? 2 : 3;
  int64_t channels = dim(op->getResult(0), outAxis);
  if (ShapedType::isDynamic(channels))
    return;
  std::string blocked;
  if (!layer->skipped.empty())
    blocked = "'" + layer->name + "': " + layer->skipped;
  else if (bias && dim(bias, 0) != 1 && !constantOf(bias))
    blocked = "'" + layer->name + "': the bias is not constant";
  unsigned g = newGroup(channels, blocked);
  groups[g].producers.push_back(layer);
  Layout out{outAxis, 1, {{g, 0, channels}}};
  if (blocked.empty()) {
    slices.push_back({op, 1, kind == Kind::MatMul ? 2 : 0, out});
    if (bias && dim(bias, 0) != 1)
      slices.push_back({op, 2, 0, out});
  }
  layouts[op->getResult(0)] = out;
}

void ChannelPruner::visitElementwise(Operation *op, ArrayRef<Value> operands) {
  const Layout *first = nullptr;
  for (Value v : operands)
    if ((first = layoutOf(v)))
      break;
  if (!first)
    return;
  Layout layout = *first;
  int64_t size = -1;
  for (Value v : operands)
    if (layoutOf(v) == first)
      size = dim(v, layout.axis);
  std::string reason = ("used by " + op->getName().getStringRef()).str();
  bool ok =
      op->getNumResults() == 1 && dim(op->getResult(0), layout.axis) == size;
  SmallVector<std::pair<unsigned, Layout>> constants;
  for (auto [i, v] : llvm::enumerate(operands)) {
    if (const Layout *other = layoutOf(v)) {
      if (compatible(layout, *other))
        for (auto [a, b] : llvm::zip(layout.segments, other->segments))
          unite(a.group, b.group);
      else
        ok = false;
      continue;
    }
    int64_t d = dim(v, layout.axis);
    if (d == 1)
      continue;
    if (d == size && constantOf(v)) {
      constants.push_back({unsigned(i), layout});
      continue;
    }
    ok = false;
  }
  if (!ok) {
    for (Value v : operands)
      if (const Layout *l = layoutOf(v))
        block(*l, reason);
    return;
  }
  for (auto &[i, l] : constants)
    slices.push_back({op, i, l.axis, l});
  layouts[op->getResult(0)] = layout;
}

void ChannelPruner::visitConcat(tosa::ConcatOp op) {
  int64_t axis = op.getAxis();
  std::string reason = "used by tosa.concat";
  // Along the channel axis: the output's segments are the inputs' in order.
  bool alongChannels = true;
  for (Value v : op.getInput1())
    if (const Layout *l = layoutOf(v))
      alongChannels &=
          l->axis == axis && l->div == 1 && l->period() == dim(v, axis);
  if (alongChannels) {
    Layout out{axis, 1, {}};
    int64_t offset = 0;
    for (Value v : op.getInput1()) {
      int64_t d = dim(v, axis);
      if (ShapedType::isDynamic(d))
        return blockOperands(op, reason);
      if (const Layout *l = layoutOf(v)) {
        for (Segment s : l->segments) {
          s.offset += offset;
          out.segments.push_back(s);
        }
      } else {
        out.segments.push_back(
            {newGroup(d, "concatenated with a tensor of fixed size"), offset,
             d});
      }
      offset += d;
    }
    layouts[op.getResult()] = out;
    return;
  }
  // Along another axis: every input carries the same channels.
  const Layout *first = layoutOf(op.getInput1().front());
  bool same = first != nullptr;
  for (Value v : op.getInput1()) {
    const Layout *l = layoutOf(v);
    same &= l && first && compatible(*first, *l);
  }
  if (!same)
    return blockOperands(op, reason);
  for (Value v : op.getInput1())
    for (auto [a, b] : llvm::zip(first->segments, layoutOf(v)->segments))
      unite(a.group, b.group);
  layouts[op.getResult()] = *first;
}

void ChannelPruner::visitReshape(tosa::ReshapeOp op) {
  const Layout &in = *layoutOf(op.getInput1());
  auto inType = cast<ShapedType>(op.getInput1().getType());
  auto outType = cast<ShapedType>(op.getType());
  if (!inType.hasStaticShape() || !outType.hasStaticShape())
    return blockOperands(op, "used by a dynamic tosa.reshape");
  auto strides = [](ArrayRef<int64_t> shape) {
    SmallVector<int64_t> s(shape.size(), 1);
    for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
      s[i] = s[i + 1] * shape[i + 1];
    return s;
  };
  // The channel of linear index L is (L / span) % period; it survives the
  // reshape when that block of the index lies within one output axis.
  int64_t period = in.period();
  int64_t span = strides(inType.getShape())[in.axis] * in.div;
  SmallVector<int64_t> outStrides = strides(outType.getShape());
  for (int64_t b = 0; b < outType.getRank(); ++b) {
    int64_t stride = outStrides[b], extent = stride * outType.getDimSize(b);
    if (outType.getDimSize(b) == 1 || span % stride != 0 ||
        extent % (span * period) != 0)
      continue;
    Layout out = in;
    out.axis = b;
    out.div = span / stride;
    layouts[op.getResult()] = out;
    return;
  }
  blockOperands(op, "used by a tosa.reshape that splits channels");
}

SmallVector<int64_t> ChannelPruner::positions(const Layout &layout,
                                              int64_t size) {
  SmallVector<int64_t> kept;
  int64_t period = layout.period();
  for (int64_t p = 0; p < size; ++p) {
    int64_t q = (p / layout.div) % period;
    for (const Segment &s : layout.segments) {
      if (q < s.offset || q >= s.offset + s.size)
        continue;
      const Group &g = groups[find(s.group)];
      if (std::binary_search(g.kept.begin(), g.kept.end(), q - s.offset))
        kept.push_back(p);
      break;
    }
  }
  return kept;
}

std::vector<std::pair<unsigned, SmallVector<double>>>
ChannelPruner::importances() {
  std::vector<std::pair<unsigned, SmallVector<double>>> result;
  for (unsigned g = 0; g < groups.size(); ++g) {
    Group &group = groups[g];
    group.kept.resize(group.size);
    std::iota(group.kept.begin(), group.kept.end(), 0);
    if (find(g) != g || !group.blocked.empty() || group.producers.empty())
      continue;
    if (options.criterion == PruneCriterion::Reconstruction)
      if (auto order = reconstructionOrder(g)) {
        result.push_back({g, std::move(*order)});
        continue;
      }
    SmallVector<double> importance(group.size, 0.0);
    for (Layer *layer : group.producers) {
      DenseElementsAttr weight = constantOf(layer->op->getOperand(1));
      auto values = weight.getValues<float>();
      ArrayRef<int64_t> shape = cast<ShapedType>(weight.getType()).getShape();
      // Channel c's filter: weight[c, ...] (conv) or weight[.., .., c].
      SmallVector<double> norm(group.size, 0.0);
      for (int64_t i = 0, e = weight.getNumElements(); i < e; ++i) {
        int64_t c =
            layer->kind == Kind::MatMul ? i % shape[2] : i / (e / shape[0]);
        double v = values[i];
        norm[c] +=
            options.criterion == PruneCriterion::L1 ? std::fabs(v) : v * v;
      }
      for (int64_t c = 0; c < group.size; ++c)
        importance[c] += options.criterion == PruneCriterion::L1
                             ? norm[c]
                             : std::sqrt(norm[c]);
    }
    result.push_back({g, std::move(importance)});
  }
  return result;
}

void ChannelPruner::keep(unsigned g, ArrayRef<double> importance,
                         int64_t kept) {
  Group &group = groups[g];
  kept = std::max<int64_t>(kept, std::max<int64_t>(options.minKept, 1));
  kept = llvm::divideCeil(kept, options.multipleOf) * options.multipleOf;
  kept = std::min(kept, group.size);
  SmallVector<int64_t> order(group.size);
  std::iota(order.begin(), order.end(), 0);
  llvm::sort(order, [&](int64_t a, int64_t b) {
    return importance[a] != importance[b] ? importance[a] > importance[b]
                                          : a < b;
  });
  order.resize(kept);
  llvm::sort(order);
  group.kept = std::move(order);
}

void ChannelPruner::reconstruct() {
  // refit may add slices: walk the ones there are now, by copy.
  for (size_t i = 0, e = slices.size(); i < e; ++i) {
    Slice slice = slices[i];
    Operation *op = slice.op;
    std::optional<Kind> kind = layerKind(op);
    Layer *layer = layerOf.lookup(op);
    if (!layer || !sumsOverInput(slice, kind))
      continue;
    int64_t size = dim(op->getOperand(1), slice.axis);
    if (int64_t(positions(slice.layout, size).size()) == size)
      continue;
    std::string why = refit(op, *kind, slice.layout, layer->report);
    layer->report.refitSkipped = why;
  }
}

std::string ChannelPruner::viewOf(Operation *op, Kind kind,
                                  const Layout &layout, ChannelView &view) {
  // The moments of the input's last axis, on its marker.
  auto marker = op->getOperand(0).getDefiningOp<qmlir::qnt::CalibrateOp>();
  if (!marker)
    return "its input has no calibration marker";
  const qmlir::quant::TensorStatistics *stats =
      options.statistics ? options.statistics->find(marker.getId()) : nullptr;
  int64_t size = dim(op->getOperand(1), kind == Kind::MatMul ? 1 : 3);
  if (!stats || int64_t(stats->momentChannels()) != size)
    return "no channel moments of " + std::to_string(size) + " values for '" +
           marker.getId().str() + "'";
  int64_t period = layout.period();
  if (size % period != 0)
    return "the input is not a whole number of channel blocks";
  DenseElementsAttr weightAttr = constantOf(op->getOperand(1));
  auto weightType = cast<RankedTensorType>(weightAttr.getType());
  if (!weightAttr.getElementType().isF32())
    return "the weights are not f32";
  // A bias to take the constant: conv's operand 2 (one per output, or one
  // for all, made per output here); a matmul has none.
  view.outputs = weightType.getDimSize(kind == Kind::MatMul ? 2 : 0);
  view.bias = DenseElementsAttr();
  if (kind != Kind::MatMul) {
    view.bias = constantOf(op->getOperand(2));
    if (!view.bias || !view.bias.getElementType().isF32())
      return "the bias is not a constant";
  }
  view.kind = kind;
  view.size = size;
  view.period = period;
  view.div = layout.div;
  view.taps = size / period;
  view.weights.assign(weightAttr.value_begin<float>(),
                      weightAttr.value_end<float>());
  view.rows = int64_t(view.weights.size()) / size;
  // Position p of the axis carries channel (p / div) % period at tap
  // (p / (div * period)) * div + p % div: the channels' moments are the
  // sums of the axis' moments over equal taps (a flattened NCHW or NHWC
  // tensor's positions, or just the channels).
  std::vector<double> axis = stats->momentMatrix();
  size_t n = period + 1; // the constant last
  view.moments.assign(n * n, 0.0);
  for (int64_t t = 0; t < view.taps; ++t)
    for (int64_t a = 0; a < period; ++a) {
      int64_t pa = view.at(a, t);
      for (int64_t b = 0; b < period; ++b)
        view.moments[a * n + b] += axis[pa * (size + 1) + view.at(b, t)];
      view.moments[a * n + period] += axis[pa * (size + 1) + size];
      view.moments[period * n + a] += axis[pa * (size + 1) + size];
    }
  view.moments[n * n - 1] = axis.back() * double(view.taps);
  return "";
}

std::string ChannelPruner::refit(Operation *op, Kind kind, const Layout &layout,
                                 PruneLayerReport &report) {
  ChannelView view;
  if (std::string why = viewOf(op, kind, layout, view); !why.empty())
    return why;
  int64_t period = view.period, outputs = view.outputs;
  size_t n = period + 1;
  const std::vector<double> &moments = view.moments;
  double observed = moments[n * n - 1];
  // Kept channels (and the constant) predict the removed ones.
  Layout channels = layout;
  channels.div = 1;
  SmallVector<int64_t> kept = positions(channels, period);
  SmallVector<int64_t> predictors(kept.begin(), kept.end()), removed;
  if (view.bias)
    predictors.push_back(period);
  for (int64_t c = 0, k = 0; c < period; ++c) {
    if (k < int64_t(kept.size()) && kept[k] == c)
      ++k;
    else
      removed.push_back(c);
  }
  size_t p = predictors.size(), r = removed.size();
  if (observed < double(p))
    return "moments of " + std::to_string(int64_t(observed)) +
           " positions for " + std::to_string(p) + " unknowns";
  std::vector<double> gram(p * p), cross(p * r);
  double trace = 0;
  for (size_t i = 0; i < p; ++i) {
    for (size_t j = 0; j < p; ++j)
      gram[i * p + j] = moments[predictors[i] * n + predictors[j]];
    trace += gram[i * p + i];
    for (size_t j = 0; j < r; ++j)
      cross[i * r + j] = moments[predictors[i] * n + removed[j]];
  }
  std::vector<double> solution = cross;
  double ridge = 1e-6 * trace / double(p) + 1e-30;
  if (!qmlir::choleskySolve(gram, solution, p, r, ridge))
    return "the kept channels' moments are singular";
  // What the prediction leaves of the removed channels' energy.
  double energy = 0, explained = 0;
  for (size_t j = 0; j < r; ++j) {
    energy += moments[removed[j] * n + removed[j]];
    for (size_t i = 0; i < p; ++i)
      explained += solution[i * r + j] * cross[i * r + j];
  }
  // Fold the prediction into the weights: at each tap of each row (an
  // output at one kernel position), w[k] += sum_r w[r] X[k, r] over the
  // tap's channels, and the constant's share into the bias of the row's
  // output.
  std::vector<float> &weights = view.weights;
  std::vector<double> bias(outputs, 0.0);
  if (view.bias) {
    std::vector<float> b(view.bias.value_begin<float>(),
                         view.bias.value_end<float>());
    for (int64_t o = 0; o < outputs; ++o)
      bias[o] = b[b.size() == 1 ? 0 : o];
  }
  std::vector<double> block(period);
  for (int64_t g = 0; g < view.rows; ++g) {
    for (int64_t t = 0; t < view.taps; ++t) {
      for (int64_t c = 0; c < period; ++c)
        block[c] = weights[view.index(g, c, t)];
      for (size_t i = 0; i < p; ++i) {
        double add = 0;
        for (size_t j = 0; j < r; ++j)
          add += block[removed[j]] * solution[i * r + j];
        if (predictors[i] == period)
          bias[view.outputOf(g)] += add;
        else
          weights[view.index(g, predictors[i], t)] =
              float(block[predictors[i]] + add);
      }
    }
  }
  auto weightType = cast<RankedTensorType>(op->getOperand(1).getType());
  replaceConstantOperand(
      op, 1, DenseElementsAttr::get(weightType, ArrayRef<float>(weights)));
  if (view.bias) {
    std::vector<float> b(bias.begin(), bias.end());
    auto type = RankedTensorType::get({outputs}, weightType.getElementType());
    if (cast<ShapedType>(view.bias.getType()).getNumElements() == 1 &&
        outputs != 1) {
      // Now one bias per output: cut with the outputs, if they are pruned.
      auto output = llvm::find_if(slices, [&](const Slice &slice) {
        return slice.op == op && slice.operand == 1 && slice.axis == 0;
      });
      if (output != slices.end()) {
        Slice cut{op, 2, 0, output->layout};
        slices.push_back(std::move(cut));
      }
    }
    replaceConstantOperand(op, 2,
                           DenseElementsAttr::get(type, ArrayRef<float>(b)));
  }
  report.refitPositions = int64_t(observed);
  report.refitResidual = energy > 0 ? std::max(0.0, 1 - explained / energy) : 0;
  return "";
}

std::optional<SmallVector<double>>
ChannelPruner::reconstructionOrder(unsigned g) {
  // The consumers of the group, each reading exactly its channels.
  struct Consumer {
    ChannelView view;
    /// The inverse of the moments over the live channels (and the
    /// constant), n x n.
    std::vector<double> inverse;
    /// Per row and tap, the weights over the channels (and the constant).
    std::vector<std::vector<double>> vectors;
  };
  std::vector<Consumer> consumers;
  int64_t channels = groups[g].size;
  for (const Slice &slice : slices) {
    Operation *op = slice.op;
    std::optional<Kind> kind = layerKind(op);
    bool inputSide = sumsOverInput(slice, kind);
    bool reads = llvm::any_of(slice.layout.segments, [&](const Segment &s) {
      return find(s.group) == g;
    });
    // The layers summing over the group's channels (a depthwise layer loses
    // its channels with the group; producers' filters and per-channel
    // constants are only cut).
    if (!reads || !inputSide)
      continue;
    if (slice.layout.segments.size() != 1 || slice.layout.period() != channels)
      return std::nullopt;
    Consumer consumer;
    if (!viewOf(op, *kind, slice.layout, consumer.view).empty())
      return std::nullopt;
    consumers.push_back(std::move(consumer));
  }
  if (consumers.empty())
    return std::nullopt;
  for (Consumer &c : consumers) {
    const ChannelView &v = c.view;
    size_t n = v.period + (v.bias ? 1 : 0);
    size_t full = v.period + 1;
    std::vector<double> gram(n * n);
    double trace = 0;
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j)
        gram[i * n + j] = v.moments[i * full + j];
      trace += gram[i * n + i];
    }
    c.inverse.assign(n * n, 0.0);
    for (size_t i = 0; i < n; ++i)
      c.inverse[i * n + i] = 1.0;
    if (!qmlir::choleskySolve(gram, c.inverse, n, n, 1e-6 * trace / n + 1e-30))
      return std::nullopt;
    for (int64_t row = 0; row < v.rows; ++row)
      for (int64_t t = 0; t < v.taps; ++t) {
        std::vector<double> w(n, 0.0);
        for (int64_t ch = 0; ch < v.period; ++ch)
          w[ch] = v.weights[v.index(row, ch, t)];
        c.vectors.push_back(std::move(w));
      }
  }
  // Greedy removal with optimal compensation: the channel whose removal,
  // with the rest refitted, adds the least output error, sum w_j^2 /
  // inverse_jj over every consumer row; then the rows are compensated and
  // the channel leaves the inverse. Importance: the step it went at.
  SmallVector<double> importance(channels, 0.0);
  std::vector<bool> live(channels, true);
  for (int64_t step = 0; step < channels; ++step) {
    int64_t best = -1;
    double bestCost = 0;
    for (int64_t j = 0; j < channels; ++j) {
      if (!live[j])
        continue;
      double cost = 0;
      for (const Consumer &c : consumers) {
        size_t n = c.view.period + (c.view.bias ? 1 : 0);
        double d = std::max(c.inverse[j * n + j], 1e-300);
        for (const std::vector<double> &w : c.vectors)
          cost += w[j] * w[j] / d;
      }
      if (best < 0 || cost < bestCost) {
        best = j;
        bestCost = cost;
      }
    }
    importance[best] = double(step);
    live[best] = false;
    for (Consumer &c : consumers) {
      size_t n = c.view.period + (c.view.bias ? 1 : 0);
      std::vector<double> &inv = c.inverse;
      double d = std::max(inv[best * n + best], 1e-300);
      for (std::vector<double> &w : c.vectors) {
        double f = w[best] / d;
        for (size_t i = 0; i < n; ++i)
          w[i] -= f * inv[i * n + best];
        w[best] = 0;
      }
      std::vector<double> column(n);
      for (size_t i = 0; i < n; ++i)
        column[i] = inv[i * n + best];
      for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k < n; ++k)
          inv[i * n + k] -= column[i] * column[k] / d;
    }
  }
  return importance;
}

Type ChannelPruner::shrunkType(Value v, const Layout &layout) {
  auto type = cast<RankedTensorType>(v.getType());
  int64_t period = layout.period(), kept = 0;
  for (const Segment &s : layout.segments)
    kept += std::min<int64_t>(groups[find(s.group)].kept.size(), s.size);
  if (kept == period)
    return type;
  SmallVector<int64_t> shape(type.getShape());
  shape[layout.axis] = shape[layout.axis] / period * kept;
  return type.clone(shape);
}

void ChannelPruner::rewrite() {
  for (const Slice &slice : slices) {
    Value value = slice.op->getOperand(slice.operand);
    DenseElementsAttr attr = constantOf(value);
    if (!attr)
      continue;
    auto type = cast<RankedTensorType>(attr.getType());
    int64_t size = type.getDimSize(slice.axis);
    SmallVector<int64_t> kept = positions(slice.layout, size);
    if (int64_t(kept.size()) == size)
      continue;
    SmallVector<int64_t> shape(type.getShape());
    shape[slice.axis] = kept.size();
    auto newType = type.clone(shape);
    if (attr.isSplat()) {
      replaceConstantOperand(slice.op, slice.operand,
                             attr.resizeSplat(newType));
      continue;
    }
    // Gather along the axis on the raw bytes (any element type of whole
    // bytes).
    int64_t bytes = llvm::divideCeil(type.getElementTypeBitWidth(), 8);
    int64_t inner = 1, outer = 1;
    for (int64_t i = slice.axis + 1; i < type.getRank(); ++i)
      inner *= type.getDimSize(i);
    for (int64_t i = 0; i < slice.axis; ++i)
      outer *= type.getDimSize(i);
    ArrayRef<char> raw = attr.getRawData();
    std::vector<char> data;
    data.reserve(outer * kept.size() * inner * bytes);
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t k : kept) {
        const char *begin = raw.data() + ((o * size + k) * inner) * bytes;
        data.insert(data.end(), begin, begin + inner * bytes);
      }
    replaceConstantOperand(slice.op, slice.operand,
                           DenseElementsAttr::getFromRawBuffer(newType, data));
  }
  for (Operation &op : llvm::make_early_inc_range(func.getBody().front())) {
    for (Value result : op.getResults()) {
      const Layout *layout = layoutOf(result);
      if (!layout)
        continue;
      Type type = shrunkType(result, *layout);
      if (type == result.getType())
        continue;
      result.setType(type);
      // Shape operands that spell the result's shape.
      OpOperand *shape = nullptr;
      if (auto reshape = dyn_cast<tosa::ReshapeOp>(&op))
        shape = &reshape.getShapeMutable();
      else if (auto slice = dyn_cast<tosa::SliceOp>(&op))
        shape = &slice.getSizeMutable();
      if (!shape)
        continue;
      OpBuilder builder(&op);
      ImplicitLocOpBuilder b(op.getLoc(), builder);
      Value old = shape->get();
      shape->set(tosa::getTosaConstShape(b, cast<ShapedType>(type).getShape()));
      if (Operation *def = old.getDefiningOp(); def && def->use_empty())
        def->erase();
    }
  }
}

void ChannelPruner::report(std::vector<PruneGroupReport> &out) {
  for (unsigned g = 0; g < groups.size(); ++g) {
    Group &group = groups[g];
    if (find(g) != g || group.producers.empty())
      continue;
    PruneGroupReport r;
    for (Layer *layer : group.producers)
      r.producers.push_back(layer->name);
    r.consumers.assign(group.consumers.begin(), group.consumers.end());
    r.channelsBefore = group.size;
    r.channelsAfter = group.kept.size();
    r.kept = group.blocked;
    if (r.kept.empty() && r.channelsAfter == r.channelsBefore)
      r.kept = "nothing to remove at this sparsity";
    out.push_back(std::move(r));
  }
}

void pruneChannels(func::FuncOp func, std::vector<Layer> &layers,
                   const PruneOptions &options,
                   std::vector<PruneGroupReport> &groupReports) {
  ChannelPruner pruner(func, layers, options);
  pruner.analyze();
  auto importances = pruner.importances();
  auto prunedCount = [&](int64_t size, double sparsity) {
    return size - std::llround(sparsity * double(size));
  };
  std::vector<size_t> pooled;
  for (auto [i, entry] : llvm::enumerate(importances)) {
    auto &[g, importance] = entry;
    auto override = pruner.overrideOf(g);
    if (options.scope == PruneScope::Global && !override) {
      pooled.push_back(i);
      continue;
    }
    pruner.keep(
        g, importance,
        prunedCount(pruner.sizeOf(g), override.value_or(options.sparsity)));
  }
  if (!pooled.empty()) {
    // Global: channels ranked across groups by importance relative to their
    // group's mean, the least important removed first.
    struct Entry {
      double score;
      size_t entry;
      int64_t channel;
    };
    std::vector<Entry> entries;
    std::vector<int64_t> remaining;
    int64_t total = 0;
    for (size_t i : pooled) {
      auto &[g, importance] = importances[i];
      double mean = 0;
      for (double v : importance)
        mean += v;
      mean /= std::max<size_t>(importance.size(), 1);
      for (auto [c, v] : llvm::enumerate(importance))
        entries.push_back({mean > 0 ? v / mean : 0.0, i, int64_t(c)});
      remaining.push_back(importance.size());
      total += importance.size();
    }
    llvm::sort(entries, [](const Entry &a, const Entry &b) {
      if (a.score != b.score)
        return a.score < b.score;
      return a.entry != b.entry ? a.entry < b.entry : a.channel < b.channel;
    });
    DenseMap<size_t, size_t> slot;
    for (auto [k, i] : llvm::enumerate(pooled))
      slot[i] = k;
    int64_t target = std::llround(options.sparsity * double(total));
    int64_t floor = std::max<int64_t>(options.minKept, 1);
    for (const Entry &entry : entries) {
      if (target == 0)
        break;
      int64_t &left = remaining[slot[entry.entry]];
      if (left <= floor)
        continue;
      --left;
      --target;
    }
    for (auto [k, i] : llvm::enumerate(pooled))
      pruner.keep(importances[i].first, importances[i].second, remaining[k]);
  }
  if (options.reconstruct)
    pruner.reconstruct();
  pruner.rewrite();
  pruner.report(groupReports);
}

std::string describe(const PruneLayerReport &layer) {
  std::string text =
      llvm::formatv("params {0} -> {1}, non-zero {2} -> {3} (sparsity "
                    "{4:P1}), MACs {5} -> {6}",
                    layer.paramsBefore, layer.paramsAfter, layer.nonzeroBefore,
                    layer.nonzeroAfter, layer.sparsity(), layer.macsBefore,
                    layer.macsAfter)
          .str();
  if (layer.refitPositions)
    text += llvm::formatv("; refitted on {0} positions, {1:P1} of the removed "
                          "inputs' energy unexplained",
                          layer.refitPositions, layer.refitResidual)
                .str();
  else if (!layer.refitSkipped.empty())
    text += "; not refitted: " + layer.refitSkipped;
  return text;
}

} // namespace

FailureOr<PruneReport> qmlir::qnt::pruneModule(ModuleOp module,
                                               const PruneOptions &options) {
  if (llvm::Error err = validate(options)) {
    module.emitError("qnt-prune: ") << toString(std::move(err));
    return failure();
  }
  PruneReport report;
  report.reconstruct = options.reconstruct;
  report.mode = options.mode == PruneMode::Channel ? "channel"
                : options.mode == PruneMode::NM    ? "nm"
                                                   : "magnitude";
  std::vector<std::vector<Layer>> functions;
  std::vector<Layer *> eligible;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    functions.push_back(collectLayers(func, options));
    if (options.mode == PruneMode::Channel) {
      if (!func.getBody().hasOneBlock()) {
        func.emitError("qnt-prune: channel pruning needs a function body of "
                       "one block");
        return failure();
      }
      pruneChannels(func, functions.back(), options, report.groups);
      continue;
    }
    for (Layer &layer : functions.back())
      if (layer.skipped.empty())
        eligible.push_back(&layer);
  }
  if (options.mode == PruneMode::Magnitude)
    pruneMagnitude(eligible, options);
  else if (options.mode == PruneMode::NM)
    pruneNM(eligible, options);
  for (std::vector<Layer> &layers : functions)
    for (Layer &layer : layers) {
      measure(layer, /*before=*/false, layer.report);
      bool changed = layer.report.nonzeroAfter != layer.report.nonzeroBefore ||
                     layer.report.paramsAfter != layer.report.paramsBefore;
      // In channel mode a skipped layer can still lose input channels.
      if (options.mode == PruneMode::Channel)
        layer.report.skipped =
            changed ? ""
                    : (layer.skipped.empty() ? "no channel removed"
                                             : layer.skipped);
      else
        layer.report.skipped = layer.skipped;
      if (options.remarks && layer.report.skipped.empty())
        layer.op->emitRemark()
            << "qnt-prune: '" << layer.name << "': " << describe(layer.report);
      report.layers.push_back(layer.report);
    }
  return report;
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {

class QNTPrune : public qmlir::impl::QNTPruneBase<QNTPrune> {
public:
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    auto error = [&](const llvm::Twine &message) {
      return emitError(UnknownLoc::get(context)) << "qnt-prune: " << message;
    };
    parsed.mode = mode;
    parsed.scope = scope;
    parsed.criterion = criterion;
    parsed.sparsity = sparsity;
    parsed.n = n;
    parsed.m = m;
    parsed.minKept = minKept;
    parsed.multipleOf = multipleOf;
    parsed.skipFirstLast = skipFirstLast;
    parsed.remarks = true;
    parsed.reconstruct = reconstruct;
    auto statistics = qmlir::passStatistics(nullptr, statsFile);
    if (!statistics)
      return error(toString(statistics.takeError()));
    parsed.statistics = std::move(*statistics);
    parsed.skip.assign(skip.begin(), skip.end());
    parsed.sparsityFor.clear();
    for (const std::string &spec : sparsityFor) {
      size_t eq = spec.rfind('=');
      std::optional<double> value;
      if (eq != std::string::npos)
        value = parseFraction(StringRef(spec).substr(eq + 1));
      if (!value)
        return error("sparsity-for '" + spec + "': expected PATTERN=SPARSITY");
      parsed.sparsityFor.push_back({spec.substr(0, eq), *value});
    }
    if (llvm::Error err = validate(parsed))
      return error(toString(std::move(err)));
    return success();
  }

  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::Graph)))
      return signalPassFailure();
    ModuleOp module = getOperation();
    FailureOr<PruneReport> report = pruneModule(module, parsed);
    if (failed(report))
      return signalPassFailure();
    // A remark per pruned layer (from pruneModule) and one with the totals.
    PruneLayerReport total = report->total();
    if (report->layers.empty())
      emitRemark(module.getLoc())
          << "qnt-prune: no layer with constant weights to prune";
    else
      emitRemark(module.getLoc())
          << "qnt-prune: " << report->mode << ": " << describe(total);
    if (reportFile.empty())
      return;
    auto json = report->toJSON();
    if (llvm::Error err = llvm::writeToOutput(
            reportFile, [&](llvm::raw_ostream &os) -> llvm::Error {
              os << llvm::formatv("{0:2}", json) << "\n";
              return llvm::Error::success();
            })) {
      module.emitError("qnt-prune: cannot write the report '")
          << reportFile << "': " << toString(std::move(err));
      signalPassFailure();
    }
  }

private:
  PruneOptions parsed;
};

} // namespace
