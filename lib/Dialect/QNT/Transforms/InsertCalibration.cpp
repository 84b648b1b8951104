//===- InsertCalibration.cpp - The qnt-insert-calibration pass ------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Transforms/LocationNames.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace qmlir {
#define GEN_PASS_DEF_QNTINSERTCALIBRATION
#include "qmlir/Dialect/QNT/Transforms/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;

/// The TOSA ops whose activations a later pass quantizes.
static constexpr llvm::StringLiteral kQuantizableOps[] = {
    "add",    "avg_pool2d",      "clamp",
    "concat", "conv2d",          "depthwise_conv2d",
    "matmul", "max_pool2d",      "mul",
    "sub",    "transpose_conv2d"};

/// A float tensor computed from the function's arguments: constants, and
/// values computed from constants only (weights sliced or transposed before
/// constant folding), are not activations.
static bool isActivation(Value value,
                         const llvm::DenseSet<Value> &fromArguments) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !isa<FloatType>(type.getElementType()))
    return false;
  return fromArguments.contains(value);
}

/// Removes the round trips of float values through a narrower float type
/// (`tosa.cast` f32 -> f16 -> f32: the f16 roundings of an fp16 model
/// computed in f32). The quantization step is far coarser than that
/// rounding, and left in, each would be a float op between quantized ones.
static void removeNarrowRoundTrips(func::FuncOp func) {
  SmallVector<tosa::CastOp> casts;
  func.walk([&](tosa::CastOp cast) { casts.push_back(cast); });
  for (tosa::CastOp wide : casts) {
    auto narrow = wide.getInput().getDefiningOp<tosa::CastOp>();
    if (!narrow || narrow.getInput().getType() != wide.getType())
      continue;
    auto elementOf = [](Value value) {
      return dyn_cast<FloatType>(getElementTypeOrSelf(value.getType()));
    };
    FloatType outer = elementOf(wide), inner = elementOf(narrow);
    if (!outer || !inner || inner.getWidth() >= outer.getWidth())
      continue;
    wide.getResult().replaceAllUsesWith(narrow.getInput());
    wide.erase();
    if (narrow->use_empty())
      narrow.erase();
  }
}

/// The values that depend on a function argument.
static llvm::DenseSet<Value> valuesFromArguments(func::FuncOp func) {
  llvm::DenseSet<Value> values;
  for (BlockArgument arg : func.getArguments())
    values.insert(arg);
  func.walk([&](Operation *op) {
    bool dynamic = llvm::any_of(op->getOperands(), [&](Value operand) {
      return values.contains(operand);
    });
    // Ops with regions (rare at this level) count as dynamic when anything
    // inside them uses an argument-derived value.
    if (!dynamic && op->getNumRegions())
      op->walk([&](Operation *inner) {
        for (Value operand : inner->getOperands())
          dynamic |= values.contains(operand);
      });
    if (dynamic)
      for (Value result : op->getResults())
        values.insert(result);
  });
  return values;
}

namespace {
/// The values inside chains of element-wise ops of one activation (the ops
/// qnt-fuse makes one table lookup): each is computed from one root value
/// and constants a table takes (qnt::tableConstantValues), and read only by
/// ops of the same chain. Roots are found on demand and memoized.
class ElementwiseChains {
public:
  bool isInterior(Value value) {
    Value root = rootOf(value);
    if (root == value || !root)
      return false;
    return !value.use_empty() &&
           llvm::all_of(value.getUsers(), [&](Operation *user) {
             return user->getNumResults() == 1 &&
                    qnt::isTableElementwiseOp(user) &&
                    rootOf(user->getResult(0)) == root;
           });
  }

private:
  /// Whether `value` is a constant an element-wise op producing `result`
  /// can take into a table.
  static bool isChainConstant(Value value, Value result) {
    auto type = dyn_cast<RankedTensorType>(result.getType());
    return type && qnt::tableConstantValues(value, type).has_value();
  }

  /// The one non-constant value `value` is computed from by element-wise
  /// ops of the same shape and table constants; `value` itself when there
  /// is none or more than one; null for a constant.
  Value rootOf(Value value) {
    if (isChainConstant(value, value))
      return {};
    // A marker is its value (a second run sees the first run's markers).
    if (auto marker = value.getDefiningOp<qnt::CalibrateOp>())
      return rootOf(marker.getInput());
    auto it = roots.find(value);
    if (it != roots.end())
      return it->second;
    roots[value] = value; // cycles cannot occur in SSA; this ends recursion
    Operation *op = value.getDefiningOp();
    if (!op || op->getNumResults() != 1 || !qnt::isTableElementwiseOp(op))
      return value;
    Value root;
    for (Value operand : op->getOperands()) {
      if (!isa<FloatType>(getElementTypeOrSelf(operand.getType())))
        continue;
      if (isChainConstant(operand, value))
        continue;
      Value r =
          operand.getType() == value.getType() ? rootOf(operand) : Value();
      if (!r || (root && r != root))
        return value;
      root = r;
    }
    if (!root)
      return value;
    roots[value] = root;
    return root;
  }

  llvm::DenseMap<Value, Value> roots;
};

class QNTInsertCalibration
    : public qmlir::impl::QNTInsertCalibrationBase<QNTInsertCalibration> {
public:
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    for (const std::string &op : ops)
      if (!llvm::is_contained(kQuantizableOps, op)) {
        std::string known;
        for (StringRef name : kQuantizableOps)
          known += (known.empty() ? "" : ", ") + name.str();
        return emitError(UnknownLoc::get(context))
               << "qnt-insert-calibration: unknown op '" << op
               << "' in ops (known: " << known << ")";
      }
    selected.clear();
    if (ops.empty())
      for (StringRef name : kQuantizableOps)
        selected.insert(name);
    for (const std::string &op : ops)
      selected.insert(op);
    return success();
  }

  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::Graph)))
      return signalPassFailure();
    func::FuncOp func = getOperation();
    removeNarrowRoundTrips(func);
    // The values to mark, in function order, each once.
    SmallVector<Value> values;
    llvm::SmallPtrSet<void *, 32> seen;
    llvm::DenseSet<Value> fromArguments = valuesFromArguments(func);
    ElementwiseChains chains;
    auto consider = [&](Value value) {
      if (!isActivation(value, fromArguments) ||
          !seen.insert(value.getAsOpaquePointer()).second)
        return;
      if (!allActivations && !insideChains && chains.isInterior(value))
        return;
      // Already marked: the marker's result, or a value a marker uses.
      if (value.getDefiningOp<qnt::CalibrateOp>() ||
          llvm::any_of(value.getUsers(), [](Operation *user) {
            return isa<qnt::CalibrateOp>(user);
          }))
        return;
      // Pinned by the model (a QDQ model): a dequantized value, or one
      // only quantized with the model's parameters.
      if (!allActivations &&
          (value.getDefiningOp<qnt::DequantizeOp>() ||
           (!value.use_empty() &&
            llvm::all_of(value.getUsers(), [](Operation *user) {
              return isa<qnt::QuantizeOp>(user);
            }))))
        return;
      values.push_back(value);
    };
    if (allActivations)
      for (BlockArgument arg : func.getArguments())
        consider(arg);
    func.walk([&](Operation *op) {
      if (isa<qnt::CalibrateOp>(op))
        return;
      if (allActivations) {
        for (Value result : op->getResults())
          consider(result);
        return;
      }
      if (!isa<tosa::TosaDialect>(op->getDialect()) ||
          !selected.contains(op->getName().stripDialect()))
        return;
      for (Value operand : op->getOperands())
        consider(operand);
      for (Value result : op->getResults())
        consider(result);
    });
    if (values.empty())
      return;
    // Function order: arguments first, then results by position (unique
    // keys, so the order is total).
    llvm::DenseMap<Operation *, unsigned> order;
    unsigned position = 0;
    func.walk([&](Operation *op) { order[op] = position++; });
    auto rank = [&](Value v) -> std::pair<unsigned, unsigned> {
      if (auto arg = dyn_cast<BlockArgument>(v))
        return {0, arg.getArgNumber()};
      return {1 + order[v.getDefiningOp()],
              cast<OpResult>(v).getResultNumber()};
    };
    llvm::sort(values, [&](Value a, Value b) { return rank(a) < rank(b); });

    // Ids are unique: a base met again gets "#N", skipping any N already
    // taken (a layout op after a marked value takes the marker's id, which
    // may already end in "#N").
    llvm::StringMap<unsigned> uses;
    llvm::StringSet<> assigned;
    for (Value value : values) {
      std::string base = baseId(func, value, rank);
      std::string id = base;
      for (unsigned &count = uses[base]; !assigned.insert(id).second;)
        id = base + "#" + std::to_string(++count);
      OpBuilder builder(func.getContext());
      Location loc = func.getLoc();
      if (auto arg = dyn_cast<BlockArgument>(value)) {
        builder.setInsertionPointToStart(arg.getOwner());
      } else {
        builder.setInsertionPointAfter(value.getDefiningOp());
        loc = value.getDefiningOp()->getLoc();
      }
      auto marker = qnt::CalibrateOp::create(builder, loc, value.getType(),
                                             value, builder.getStringAttr(id));
      value.replaceAllUsesExcept(marker.getResult(), marker);
    }
  }

private:
  /// The readable id of `value` before disambiguation.
  static std::string
  baseId(func::FuncOp func, Value value,
         function_ref<std::pair<unsigned, unsigned>(Value)> rank) {
    if (auto arg = dyn_cast<BlockArgument>(value)) {
      if (auto name = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                        "qmlir.name"))
        return name.getValue().str();
      return func.getSymName().str() + ".arg" +
             std::to_string(arg.getArgNumber());
    }
    Operation *op = value.getDefiningOp();
    // A marked value: the marker's id.
    if (auto marker = dyn_cast<qnt::CalibrateOp>(op))
      return marker.getId().str();
    // Layout ops carry their source's data: they share its name.
    if (isa<tosa::TransposeOp, tosa::ReshapeOp>(op))
      return baseId(func, op->getOperand(0), rank);
    std::pair<unsigned, unsigned> position = rank(value);
    std::string id;
    if (auto name = qnt::locationName(op->getLoc()))
      id = *name;
    else
      id = func.getSymName().str() + "." + op->getName().stripDialect().str() +
           std::to_string(position.first - 1);
    if (op->getNumResults() > 1)
      id += ":" + std::to_string(position.second);
    return id;
  }

  llvm::StringSet<> selected;
};
} // namespace
