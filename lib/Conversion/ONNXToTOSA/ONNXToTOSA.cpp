//===- ONNXToTOSA.cpp - The convert-onnx-to-tosa pass and registry --------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Conversion/ONNXToTOSA/ONNXToTOSA.h"
#include "HandlerUtils.h"
#include "qmlir/Conversion/Passes.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"

#include <optional>

namespace qmlir {
#define GEN_PASS_DEF_CONVERTONNXTOTOSA
#include "qmlir/Conversion/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using namespace qmlir;

void ONNXHandlerRegistry::add(StringRef opType, int64_t sinceVersion,
                              ONNXHandler handler) {
  auto &entries = handlers[opType];
  entries.emplace_back(sinceVersion, std::move(handler));
  llvm::sort(entries,
             [](const auto &a, const auto &b) { return a.first < b.first; });
}

const ONNXHandler *ONNXHandlerRegistry::lookup(StringRef opType,
                                               int64_t opset) const {
  auto it = handlers.find(opType);
  if (it == handlers.end())
    return nullptr;
  const ONNXHandler *found = nullptr;
  for (const auto &[since, handler] : it->second)
    if (since <= opset)
      found = &handler;
  return found;
}

SmallVector<int64_t> ONNXHandlerRegistry::versions(StringRef opType) const {
  SmallVector<int64_t> result;
  auto it = handlers.find(opType);
  if (it != handlers.end())
    for (const auto &entry : it->second)
      result.push_back(entry.first);
  return result;
}

namespace {
class ConvertONNXToTOSA
    : public qmlir::impl::ConvertONNXToTOSABase<ConvertONNXToTOSA> {
public:
  LogicalResult initialize(MLIRContext *) override {
    populateONNXToTOSAHandlers(registry);
    return success();
  }

  void runOnOperation() override {
    promoteHalfPrecision(getOperation());
    SmallVector<onnxir::NodeOp> nodes;
    getOperation().walk([&](onnxir::NodeOp node) { nodes.push_back(node); });
    // One error per op type that fails: the first node's, with the count of
    // the others (a model with 300 nodes of an unsupported op gets one
    // line, not 300).
    struct Failures {
      std::optional<Diagnostic> first;
      int64_t nodes = 0;
    };
    llvm::MapVector<StringRef, Failures> failures;
    {
      StringRef current;
      ScopedDiagnosticHandler collect(&getContext(), [&](Diagnostic &diag) {
        if (diag.getSeverity() != DiagnosticSeverity::Error)
          return failure();
        Failures &entry = failures[current];
        if (!entry.first)
          entry.first.emplace(std::move(diag));
        return success();
      });
      for (onnxir::NodeOp node : nodes) {
        current = node.getOpType();
        if (failed(convert(node)))
          ++failures[current].nodes;
      }
    }
    for (auto &[opType, entry] : failures) {
      if (!entry.first)
        continue;
      if (entry.nodes > 1)
        *entry.first << " (and " << entry.nodes - 1 << " more " << opType
                     << " node" << (entry.nodes > 2 ? "s" : "")
                     << " that cannot be converted)";
      getContext().getDiagEngine().emit(std::move(*entry.first));
    }
    if (!failures.empty())
      return signalPassFailure();
    // Omitted optional inputs are no longer used.
    getOperation().walk([](onnxir::NoneOp none) {
      if (none->use_empty())
        none->erase();
    });
  }

private:
  static bool isHalf(Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return tensor && (tensor.getElementType().isF16() ||
                      tensor.getElementType().isBF16());
  }

  static Type widened(Type type) {
    return isHalf(type) ? cast<RankedTensorType>(type).clone(
                              Float32Type::get(type.getContext()))
                        : type;
  }

  static DenseElementsAttr widened(DenseElementsAttr data) {
    SmallVector<APFloat> values;
    for (APFloat value : data.getValues<APFloat>()) {
      bool lost;
      value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
      values.push_back(value);
    }
    return DenseElementsAttr::get(cast<ShapedType>(widened(data.getType())),
                                  values);
  }

  static bool isF16(Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return tensor && tensor.getElementType().isF16();
  }

  /// The ONNX nodes ONNX Runtime's CPU provider has f16 kernels for on x86
  /// (measured on 1.31, each op between a Cast to f16 and a Cast back,
  /// against the same op in f32): data movement and a few element-wise
  /// ops; Relu from opset 18, where ORT expands it to Max. Every other op
  /// runs in f32 between casts.
  static bool hasHalfKernel(onnxir::NodeOp node) {
    StringRef opType = node.getOpType();
    if (opType == "Relu")
      return node.getOpset() >= 18;
    return llvm::is_contained({"Cast",
                               "Concat",
                               "Slice",
                               "Reshape",
                               "Transpose",
                               "Gather",
                               "GatherElements",
                               "GatherND",
                               "Squeeze",
                               "Unsqueeze",
                               "Flatten",
                               "Identity",
                               "Expand",
                               "Split",
                               "Dropout",
                               "Clip",
                               "Max",
                               "Min",
                               "Round",
                               "Shrink",
                               "Mod",
                               "LayerNormalization"},
                              opType);
  }

  /// Of those, the ops whose results are computed in wider arithmetic and
  /// rounded to f16 (the others are exact on f16 inputs).
  static bool roundsResults(StringRef opType) {
    return opType == "Shrink" || opType == "LayerNormalization";
  }

  /// Where ONNX Runtime rounds the f32 values of an f16 graph to f16: at
  /// the inputs (and inexact results) of the nodes that run in f16. A node
  /// with an f16 kernel runs in f16 unless ORT moves it to f32 to save
  /// casts, which it does (deciding in graph order) when the first of its
  /// f16 inputs that another node produces comes from a node running in
  /// f32, every node using its f16 results runs in f32 (has no f16
  /// kernel), and none of its results is a graph output. Values into a
  /// Cast are not rounded: ORT removes a cast to f16 followed by a cast
  /// back. Measured on ONNX Runtime 1.31 with small graphs (Concat of
  /// Cast and Sigmoid results in either order, with and without a Cast
  /// user, ...) and on the fp16 ISNet.
  static void findHalfRoundings(func::FuncOp func,
                                SmallVectorImpl<OpOperand *> &operands,
                                SmallVectorImpl<Value> &results) {
    llvm::SetVector<Operation *> halfNodes;
    // Nodes with f16 inputs that run in f32.
    llvm::DenseSet<Operation *> floatNodes;
    SmallVector<onnxir::NodeOp> nodes;
    func.walk([&](onnxir::NodeOp node) { nodes.push_back(node); });
    for (onnxir::NodeOp node : nodes) {
      if (llvm::none_of(node.getOperands(),
                        [](Value value) { return isF16(value.getType()); }))
        continue;
      if (!hasHalfKernel(node)) {
        floatNodes.insert(node);
        continue;
      }
      Value firstFromNode;
      for (Value value : node.getOperands())
        if (isF16(value.getType()) &&
            isa_and_nonnull<onnxir::NodeOp>(value.getDefiningOp())) {
          firstFromNode = value;
          break;
        }
      bool usersInFloat = false, usersInHalf = false, feedsReturn = false;
      for (Value result : node.getResults())
        for (Operation *user : result.getUsers()) {
          feedsReturn |= isa<func::ReturnOp>(user);
          auto userNode = dyn_cast<onnxir::NodeOp>(user);
          if (!userNode || !isF16(result.getType()))
            continue;
          (hasHalfKernel(userNode) ? usersInHalf : usersInFloat) = true;
        }
      if (nodes.size() > 1 && firstFromNode &&
          floatNodes.contains(firstFromNode.getDefiningOp()) && usersInFloat &&
          !usersInHalf && !feedsReturn) {
        floatNodes.insert(node);
        continue;
      }
      halfNodes.insert(node);
    }
    for (Operation *node : halfNodes) {
      StringRef opType = cast<onnxir::NodeOp>(node).getOpType();
      if (opType == "Cast")
        continue;
      for (OpOperand &operand : node->getOpOperands()) {
        // Graph inputs, constants and the results of f16 nodes other than
        // Casts (identities here) are f16 values already.
        auto producer =
            dyn_cast_or_null<onnxir::NodeOp>(operand.get().getDefiningOp());
        if (isF16(operand.get().getType()) && producer &&
            (!halfNodes.contains(producer) || producer.getOpType() == "Cast"))
          operands.push_back(&operand);
      }
      if (roundsResults(opType))
        for (Value result : node->getResults())
          if (isF16(result.getType()))
            results.push_back(result);
    }
  }

  /// value -> f16 -> f32.
  static Value roundToHalf(OpBuilder &b, Location loc, Value value) {
    auto type = cast<RankedTensorType>(value.getType());
    Value half =
        tosa::CastOp::create(b, loc, type.clone(b.getF16Type()), value);
    return tosa::CastOp::create(b, loc, type, half);
  }

  /// Half-precision (f16, bf16) tensors inside the graph are computed and
  /// stored in f32, as ONNX Runtime runs such models on x86, where it has
  /// no f16 arithmetic: constants widen exactly, node results become f32,
  /// a Cast to f16 becomes the identity, and values are rounded to f16
  /// where ORT keeps them in f16 (see findHalfRoundings). The function's
  /// signature keeps its types, with tosa.cast at the entry and before the
  /// return.
  static void promoteHalfPrecision(func::FuncOp func) {
    if (func.isExternal())
      return;
    SmallVector<OpOperand *> roundedOperands;
    SmallVector<Value> roundedResults;
    findHalfRoundings(func, roundedOperands, roundedResults);
    Block &entry = func.getBody().front();
    OpBuilder b(func.getContext());
    b.setInsertionPointToStart(&entry);
    for (BlockArgument arg : entry.getArguments()) {
      if (!isHalf(arg.getType()) || arg.use_empty())
        continue;
      auto wide =
          tosa::CastOp::create(b, arg.getLoc(), widened(arg.getType()), arg);
      arg.replaceAllUsesExcept(wide, wide);
    }
    func.walk([&](Operation *op) {
      if (auto node = dyn_cast<onnxir::NodeOp>(op)) {
        for (Value result : node.getResults())
          result.setType(widened(result.getType()));
        NamedAttrList attrs(node.getNodeAttributes());
        bool changed = false;
        for (NamedAttribute attr : node.getNodeAttributes()) {
          auto data = dyn_cast<DenseElementsAttr>(attr.getValue());
          if (data && isHalf(data.getType())) {
            attrs.set(attr.getName(), widened(data));
            changed = true;
          }
        }
        if (changed)
          node.setNodeAttributesAttr(attrs.getDictionary(func.getContext()));
        return;
      }
      DenseElementsAttr data;
      if (op->getNumResults() == 1 && isHalf(op->getResult(0).getType()) &&
          matchPattern(op->getResult(0), m_Constant(&data))) {
        b.setInsertionPoint(op);
        Value wide = arith::ConstantOp::create(b, op->getLoc(), widened(data));
        op->getResult(0).replaceAllUsesWith(wide);
        op->erase();
        return;
      }
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        b.setInsertionPoint(ret);
        for (OpOperand &operand : ret->getOpOperands()) {
          Type type =
              func.getFunctionType().getResult(operand.getOperandNumber());
          if (isHalf(type) && operand.get().getType() != type)
            operand.set(
                tosa::CastOp::create(b, ret.getLoc(), type, operand.get()));
        }
      }
    });
    for (OpOperand *operand : roundedOperands) {
      b.setInsertionPoint(operand->getOwner());
      operand->set(
          roundToHalf(b, operand->getOwner()->getLoc(), operand->get()));
    }
    for (Value result : roundedResults) {
      b.setInsertionPointAfterValue(result);
      Value rounded = roundToHalf(b, result.getLoc(), result);
      Operation *narrow =
          rounded.getDefiningOp()->getOperand(0).getDefiningOp();
      result.replaceAllUsesExcept(rounded, narrow);
    }
  }

  LogicalResult convert(onnxir::NodeOp node) {
    std::string where =
        "ONNX " + node.getOpType().str() +
        (node.getName() ? " node '" + node.getName()->str() + "'"
                        : std::string()) +
        " (opset " + std::to_string(node.getOpset()) + ")";
    if (!node.getDomain().empty())
      return node.emitError() << where << " in domain '" << node.getDomain()
                              << "' is not supported";
    // Shape arithmetic on constants folds, whatever the op's handler.
    if (std::optional<DenseElementsAttr> folded =
            onnx_to_tosa::foldShapeArithmetic(node)) {
      OpBuilder builder(node);
      Value constant =
          arith::ConstantOp::create(builder, node.getLoc(), *folded);
      node.getResult(0).replaceAllUsesWith(constant);
      node->erase();
      return success();
    }
    const ONNXHandler *handler =
        registry.lookup(node.getOpType(), node.getOpset());
    if (!handler) {
      SmallVector<int64_t> versions = registry.versions(node.getOpType());
      InFlightDiagnostic diag = node.emitError()
                                << where << " is not supported";
      if (!versions.empty())
        diag << " (handlers exist from opset " << versions.front() << ")";
      return failure();
    }
    for (Value value :
         llvm::concat<Value>(node.getOperands(), node.getResults())) {
      Type type = value.getType();
      auto shaped = dyn_cast<ShapedType>(type);
      if (shaped && !shaped.hasStaticShape())
        return node.emitError()
               << where << " has the dynamically shaped type " << type
               << "; the conversion to TOSA needs static shapes";
      // An empty constant is a parameter list (no axes, no pads), not data.
      if (shaped && shaped.getNumElements() == 0 &&
          !matchPattern(value, m_Constant()))
        return node.emitError() << where << " has the empty tensor type "
                                << type << ", which is not supported";
    }
    // Ops take the name of the node's (first) output tensor.
    auto outputLoc = [&](unsigned i) -> Location {
      ArrayAttr names = node.getOutputNamesAttr();
      if (!names || i >= names.size())
        return node.getLoc();
      auto name = cast<StringAttr>(names[i]);
      return name.getValue().empty() ? node.getLoc()
                                     : NameLoc::get(name, node.getLoc());
    };
    Location loc = outputLoc(0);
    ImplicitLocOpBuilder builder(loc, node);
    FailureOr<SmallVector<Value>> replacements = (*handler)(node, builder);
    if (failed(replacements))
      return failure();
    nameCreatedOps(node, *replacements, loc, outputLoc);
    // A handler gives one value per result; a null value stands for an
    // optional output it does not produce, which must then be unused.
    if (replacements->size() != node.getNumResults())
      return node.emitError()
             << where << ": internal error: the handler "
             << "gave " << replacements->size() << " values for "
             << node.getNumResults() << " results";
    for (auto [result, value] : llvm::zip(node.getResults(), *replacements))
      if (!value && !result.use_empty())
        return node.emitError()
               << where << ": output #" << result.getResultNumber()
               << " is not supported";
    for (auto [result, value] : llvm::zip(node.getResults(), *replacements))
      if (value)
        result.replaceAllUsesWith(value);
    node->erase();
    return success();
  }

  /// Names the ops a handler created (all at `loc`, the first output's
  /// name): the op producing output i, and the op whose data a layout op
  /// (transpose, reshape) producing it forwards, take output i's name; the
  /// other ops take "<name>.<op>" (for example "logits.matmul"), so that
  /// only one value carries each ONNX tensor name.
  static void nameCreatedOps(onnxir::NodeOp node, ArrayRef<Value> outputs,
                             Location loc,
                             function_ref<Location(unsigned)> outputLoc) {
    llvm::SmallPtrSet<Operation *, 8> named;
    for (auto [i, value] : llvm::enumerate(outputs)) {
      Operation *op = value ? value.getDefiningOp() : nullptr;
      while (op && op->getLoc() == loc && !named.contains(op)) {
        op->setLoc(outputLoc(i));
        named.insert(op);
        if (!isa<tosa::TransposeOp, tosa::ReshapeOp>(op))
          break;
        op = op->getOperand(0).getDefiningOp();
      }
    }
    auto nameLoc = dyn_cast<NameLoc>(loc);
    if (!nameLoc)
      return;
    for (Operation *op = node->getPrevNode(); op && op->getLoc() == loc;
         op = op->getPrevNode())
      if (!named.contains(op) && op->getNumResults() &&
          !op->hasTrait<OpTrait::ConstantLike>())
        op->setLoc(
            NameLoc::get(StringAttr::get(op->getContext(),
                                         nameLoc.getName().getValue() + "." +
                                             op->getName().stripDialect()),
                         node.getLoc()));
  }

  ONNXHandlerRegistry registry;
};
} // namespace
