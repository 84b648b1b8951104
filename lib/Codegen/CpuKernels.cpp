//===- CpuKernels.cpp - The qmlir-cpu-kernels pass ------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Packed-weight micro-kernels for matrix products, convolutions and
// depthwise convolutions, one structure for every instruction set the
// target description names (x86-64 and AArch64). Upstream vectorization widens
// i8 products to i32 multiplies (vpmovsxbd + vpmulld, 8 products an
// instruction) and tiles f32 products for 32 registers; these kernels use the
// CPU's dot-product instructions and a register tile sized for its register
// file.
//
// The weights are packed at compile time into the kernel's layout: per
// block of `lanes` output columns, K in groups of `kPerLane` consecutive
// values, each 32-bit lane holding its column's group. One step of the
// kernel broadcasts a group of one input row (32 bits) to every lane and
// takes the dot product with the packed group of each column block:
//
//   avx512-vnni  vpdpbusd zmm             u8 x s8, 4 per lane
//   avx-vnni     vpdpbusd ymm             u8 x s8, 4 per lane
//   avx2-u8s7    vpmaddubsw, vpmaddwd(1)  u8 x s8, 4 per lane, exact only
//                vpaddd                   when no pair of weights can
//                                         saturate the 16-bit sum
//   avx2-i16     vpmaddwd, vpaddd         s16 x s16, 2 per lane
//   fma          vfmadd231ps              f32, 1 per lane
//   neon-dot     sdot v.4s (AArch64)      s8 x s8, 4 per lane
//   neon-i8mm    smmla v.4s (AArch64)     s8 x s8, 8 per lane: two rows of
//                                         activations (8 bytes each) by two
//                                         columns, a 2 x 2 tile a register
//   neon-fma     fmla v.4s (AArch64)      f32, 1 per lane
//
// The unsigned-byte kinds see the signed activations with their top bit
// flipped (x + 128) and start from -128 * (column sums of the weights), so
// the result is exactly the signed product. Accumulators of a register tile
// (rows x column blocks) stay in registers across the whole reduction; an
// element-wise consumer (the requantization, a bias and activation) is
// computed on them before one store. The instructions are calls of
// declarations that qmlir-x86-intrinsics replaces after bufferization (by
// the instruction, or by generic code of the same meaning when emulating).
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Passes.h"
#include "qmlir/Codegen/Target.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"

namespace qmlir {
#define GEN_PASS_DEF_QMLIRCPUKERNELS
#include "qmlir/Codegen/Passes.h.inc"
} // namespace qmlir

using namespace mlir;
using qmlir::KernelChoice;
using qmlir::KernelKind;

namespace {

int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

//===----------------------------------------------------------------------===//
// The dot-product step of each kernel kind
//===----------------------------------------------------------------------===//

/// A kernel kind's operand types and inner step.
struct Dot {
  KernelChoice choice;
  MLIRContext *context;

  KernelKind kind() const { return choice.kind; }
  int64_t lanes() const { return choice.lanes; }
  int64_t kPerLane() const { return choice.kPerLane; }
  bool isFloat() const {
    return kind() == KernelKind::F32Fma || kind() == KernelKind::NeonFma;
  }
  /// Accumulators are 2 x 2 tiles of two rows by two columns (smmla).
  bool isMatrix() const { return kind() == KernelKind::NeonI8mm; }
  /// The rows of the register tile for M rows: smmla takes rows in pairs,
  /// so an odd M computes its last row twice.
  int64_t tileRows(int64_t m) const {
    return std::min(choice.rows, isMatrix() ? (m + 1) / 2 * 2 : m);
  }
  /// Unsigned activation bytes (x + 128) and starts of -128 * column sums.
  bool flips() const {
    return kind() == KernelKind::Avx512Vnni || kind() == KernelKind::AvxVnni ||
           kind() == KernelKind::Avx2U8S7;
  }
  /// The element type of activations and packed weights.
  Type element() const {
    if (isFloat())
      return Float32Type::get(context);
    if (kind() == KernelKind::Avx2I16)
      return IntegerType::get(context, 16);
    return IntegerType::get(context, 8);
  }
  Type accElement() const {
    return isFloat() ? Type(Float32Type::get(context))
                     : Type(IntegerType::get(context, 32));
  }
  VectorType accType() const {
    return VectorType::get({lanes()}, accElement());
  }
  /// One group of K for every lane: the packed weights of a column block,
  /// or the broadcast activations.
  VectorType operandType() const {
    return VectorType::get({lanes() * kPerLane()}, element());
  }

  /// acc + dot(lhs, rhs) per lane.
  Value step(OpBuilder &b, Location loc, ModuleOp module, Value acc, Value lhs,
             Value rhs) const {
    auto call = [&](StringRef name, Type result, ValueRange operands) {
      SmallVector<Type> types = llvm::to_vector(operands.getTypes());
      func::FuncOp decl = qmlir::getIntrinsicDeclaration(
          module, name, b.getFunctionType(types, {result}));
      return func::CallOp::create(b, loc, decl, operands).getResult(0);
    };
    Type i16 = b.getI16Type();
    switch (kind()) {
    case KernelKind::Avx512Vnni:
      return call("llvm.x86.avx512.vpdpbusd.512", accType(), {acc, lhs, rhs});
    case KernelKind::AvxVnni:
      return call("llvm.x86.avx512.vpdpbusd.256", accType(), {acc, lhs, rhs});
    case KernelKind::Avx2U8S7: {
      auto pairs = VectorType::get({2 * lanes()}, i16);
      Value products =
          call("llvm.x86.avx2.pmadd.ub.sw", pairs, ValueRange{lhs, rhs});
      Value ones = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(pairs, b.getI16IntegerAttr(1)));
      Value sums =
          call("llvm.x86.avx2.pmadd.wd", accType(), ValueRange{products, ones});
      return arith::AddIOp::create(b, loc, acc, sums);
    }
    case KernelKind::Avx2I16: {
      Value sums =
          call("llvm.x86.avx2.pmadd.wd", accType(), ValueRange{lhs, rhs});
      return arith::AddIOp::create(b, loc, acc, sums);
    }
    case KernelKind::NeonDot:
      return call("llvm.aarch64.neon.sdot.v4i32.v16i8", accType(),
                  {acc, lhs, rhs});
    case KernelKind::NeonI8mm:
      // lhs: rows (i, i + 1) x 8 bytes; rhs: columns (j, j + 1) x 8 bytes.
      return call("llvm.aarch64.neon.smmla.v4i32.v16i8", accType(),
                  {acc, lhs, rhs});
    case KernelKind::F32Fma:
    case KernelKind::NeonFma:
      return vector::FMAOp::create(b, loc, lhs, rhs, acc);
    case KernelKind::None:
      break;
    }
    llvm_unreachable("no step for this kernel kind");
  }

  /// The broadcast of `kPerLane` consecutive elements of `buffer` at
  /// `indices` (a 32-bit group) to every lane.
  Value broadcastGroup(OpBuilder &b, Location loc, Value buffer,
                       ValueRange indices) const {
    if (isFloat()) {
      Value scalar = memref::LoadOp::create(b, loc, buffer, indices);
      return vector::BroadcastOp::create(b, loc, operandType(), scalar);
    }
    Value group = vector::LoadOp::create(
        b, loc, VectorType::get({kPerLane()}, element()), buffer, indices);
    Value word = vector::BitCastOp::create(
        b, loc, VectorType::get({1}, b.getI32Type()), group);
    Value scalar =
        vector::ExtractOp::create(b, loc, word, ArrayRef<int64_t>{0});
    Value splat = vector::BroadcastOp::create(
        b, loc, VectorType::get({lanes()}, b.getI32Type()), scalar);
    return vector::BitCastOp::create(b, loc, operandType(), splat);
  }

  /// Whether the unsigned-byte step computes a column block exactly:
  /// vpmaddubsw adds two products of unsigned bytes and weights into a
  /// saturating 16-bit sum, so each pair of weights that meet in one sum
  /// must keep 255 * (their positive or negative parts) within 16 bits.
  static bool pairsFit(int64_t w0, int64_t w1) {
    int64_t positive = std::max<int64_t>(w0, 0) + std::max<int64_t>(w1, 0);
    int64_t negative = std::min<int64_t>(w0, 0) + std::min<int64_t>(w1, 0);
    return 255 * positive <= 32767 && 255 * negative >= -32768;
  }
};

//===----------------------------------------------------------------------===//
// Shared pieces
//===----------------------------------------------------------------------===//

/// A private constant global holding `values`, named uniquely from `name`.
memref::GlobalOp makeGlobal(OpBuilder &b, ModuleOp module, Location loc,
                            StringRef name, MemRefType type,
                            DenseElementsAttr values) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto global = memref::GlobalOp::create(
      b, loc, name, b.getStringAttr("private"), type, values,
      /*constant=*/true, b.getI64IntegerAttr(64));
  SymbolTable(module).insert(global);
  return global;
}

/// The constant values of `value` (i8 or f32 elements), or null.
DenseElementsAttr constantOperand(Value value, Type element) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) ||
      attr.getElementType() != element)
    return DenseElementsAttr();
  return attr;
}

/// The value every element of a constant scalar yields as an attribute, or
/// null.
TypedAttr scalarConstant(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return TypedAttr();
  return dyn_cast<TypedAttr>(attr);
}

/// The initial values of a product's accumulator `init` [.., F] per column:
/// a fill with a constant, a generic yielding a constant, or a generic
/// broadcasting a constant 1-D tensor along the last dimension (the bias of
/// tosa.conv2d). Null when it is none of these.
std::optional<SmallVector<Attribute>> initialColumns(Value init, int64_t f) {
  auto splat = [&](TypedAttr attr) -> std::optional<SmallVector<Attribute>> {
    if (!attr)
      return std::nullopt;
    return SmallVector<Attribute>(f, attr);
  };
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    return splat(scalarConstant(fill.getInputs()[0]));
  auto generic = init.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic->getNumResults() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops() ||
      generic.getNumDpsInputs() > 1)
    return std::nullopt;
  Block *body = generic.getBody();
  Value yielded = body->getTerminator()->getOperand(0);
  if (generic.getNumDpsInputs() == 0)
    return splat(scalarConstant(yielded));
  if (yielded != generic.getRegionInputArgs()[0] ||
      !body->without_terminator().empty())
    return std::nullopt;
  int64_t rank = generic.getNumLoops();
  AffineMap channel =
      AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, generic.getContext()));
  DenseElementsAttr values;
  OpOperand *input = generic.getDpsInputOperand(0);
  if (generic.getMatchingIndexingMap(input) != channel ||
      !matchPattern(input->get(), m_Constant(&values)) ||
      values.getNumElements() != f)
    return std::nullopt;
  return llvm::to_vector(values.getValues<Attribute>());
}

/// A tensor whose elements are `fn` of the elements of `x`
/// (an element-wise linalg.generic), of element type `element`.
Value mapElements(OpBuilder &b, Location loc, Value x, Type element,
                  function_ref<Value(OpBuilder &, Location, Value)> fn) {
  auto type = cast<RankedTensorType>(x.getType());
  AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(), element);
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, type.clone(element), ValueRange{x}, ValueRange{empty},
             ArrayRef<AffineMap>{identity, identity}, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc,
                                       ValueRange{fn(nb, nloc, args[0])});
             })
      .getResult(0);
}

/// How a kernel wants its i8 activations: flipped to unsigned bytes, or
/// sign-extended to 16 bits; f32 as they are.
Value convertElement(OpBuilder &b, Location loc, const Dot &dot, Value v) {
  if (dot.flips()) {
    Value bit =
        arith::ConstantOp::create(b, loc, b.getIntegerAttr(v.getType(), -128));
    return arith::XOrIOp::create(b, loc, v, bit);
  }
  if (dot.kind() == KernelKind::Avx2I16)
    return arith::ExtSIOp::create(b, loc, dot.element(), v);
  return v;
}

/// Converts the activations `x` inside their producer when that is an
/// all-parallel linalg.generic with one result used only here (the previous
/// layer's requantization): the conversion joins the epilogue that the
/// producer's kernel computes in registers (where a flip cancels the
/// lowering's own flip of u8 activations). Returns the converted tensor, or
/// null.
Value convertInProducer(OpBuilder &b, const Dot &dot, Value x) {
  // Through a reshape (a depthwise result's unit multiplier dropped).
  if (auto collapse = x.getDefiningOp<tensor::CollapseShapeOp>()) {
    if (!x.hasOneUse())
      return Value();
    Value source = convertInProducer(b, dot, collapse.getSrc());
    if (!source)
      return Value();
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(collapse);
    return tensor::CollapseShapeOp::create(b, collapse.getLoc(), source,
                                           collapse.getReassociationIndices());
  }
  auto producer = x.getDefiningOp<linalg::GenericOp>();
  if (!producer || !x.hasOneUse() || producer->getNumResults() != 1 ||
      producer.getNumParallelLoops() != producer.getNumLoops() ||
      !producer.getRegionOutputArgs()[0].use_empty() ||
      !getElementTypeOrSelf(x.getType()).isInteger(8))
    return Value();
  Type element = dot.element();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(producer);
  auto type = cast<RankedTensorType>(x.getType());
  Value init = producer.getDpsInits()[0];
  if (element != type.getElementType())
    init =
        tensor::EmptyOp::create(b, producer.getLoc(), type.getShape(), element);
  auto converted = linalg::GenericOp::create(
      b, producer.getLoc(), type.clone(element), producer.getDpsInputs(),
      ValueRange{init}, producer.getIndexingMapsArray(),
      producer.getIteratorTypesArray());
  IRMapping mapping;
  Block *oldBody = producer.getBody();
  Block *newBody = b.createBlock(&converted.getRegion());
  for (BlockArgument arg : oldBody->getArguments())
    mapping.map(arg, newBody->addArgument(arg.getArgNumber() + 1 ==
                                                  oldBody->getNumArguments()
                                              ? element
                                              : arg.getType(),
                                          arg.getLoc()));
  b.setInsertionPointToEnd(newBody);
  for (Operation &op : oldBody->without_terminator())
    b.clone(op, mapping);
  Value yielded =
      mapping.lookupOrDefault(oldBody->getTerminator()->getOperand(0));
  linalg::YieldOp::create(
      b, producer.getLoc(),
      ValueRange{convertElement(b, producer.getLoc(), dot, yielded)});
  // The old producer goes with the consumer (replaceWithKernel).
  return converted.getResult(0);
}

/// The activations `x` as the kernel reads them (see convertElement), with
/// a constant tensor.pad in front converted with its source.
Value convertActivations(OpBuilder &b, Location loc, const Dot &dot, Value x) {
  if (dot.isFloat())
    return x;
  auto convertWhole = [&](Value v) -> Value {
    if (Value inProducer = convertInProducer(b, dot, v))
      return inProducer;
    return mapElements(b, loc, v, dot.element(),
                       [&](OpBuilder &nb, Location nloc, Value e) {
                         return convertElement(nb, nloc, dot, e);
                       });
  };
  auto pad = x.getDefiningOp<tensor::PadOp>();
  Value value = pad ? pad.getConstantPaddingValue() : Value();
  IntegerAttr constant;
  if (!value || !matchPattern(value, m_Constant(&constant)))
    return convertWhole(x);
  Value source = convertWhole(pad.getSource());
  int64_t padValue = static_cast<int8_t>(constant.getInt());
  if (dot.flips())
    padValue = static_cast<int8_t>(padValue ^ 0x80);
  Value converted = arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(dot.element(), padValue));
  return tensor::PadOp::create(b, loc, pad.getResultType().clone(dot.element()),
                               source, pad.getMixedLowPad(),
                               pad.getMixedHighPad(), converted);
}

/// Pads the last dimension of `x` to a multiple of `multiple` with zeros
/// (which meet zero weights).
Value padLastDim(OpBuilder &b, Location loc, Value x, int64_t multiple) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  int64_t c = type.getDimSize(rank - 1);
  int64_t cp = roundUp(c, multiple);
  if (cp == c)
    return x;
  SmallVector<int64_t> shape(type.getShape());
  shape.back() = cp;
  SmallVector<OpFoldResult> low(rank, b.getIndexAttr(0)),
      high(rank, b.getIndexAttr(0));
  high[rank - 1] = b.getIndexAttr(cp - c);
  Value zero =
      arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
  return tensor::PadOp::create(b, loc, type.clone(shape), x, low, high, zero);
}

/// An element-wise consumer of a kernel's result that the kernel computes in
/// its registers before a single narrow store: an all-parallel
/// `linalg.generic` reading the result with the identity map and otherwise
/// constants indexed by the channel (the last loop) or, when
/// `fullInputsLanes` is set and the channels are a multiple of it, tensors
/// of the result's shape read with the identity map (the other operand of a
/// residual addition), whose body is `arith`/`math` ops without regions
/// (requantization, bias, activation).
struct Epilogue {
  linalg::GenericOp op;
  unsigned accInput = 0;
  /// Per input: the constant's values, one per channel (null for the
  /// result and for full inputs).
  SmallVector<DenseElementsAttr> channelValues;
  /// Per input: the tensor read element by element (null otherwise).
  SmallVector<Value> fullInputs;
  Type outElement;
};

std::optional<Epilogue> matchEpilogue(Value result, int64_t fullInputsLanes = 0,
                                      bool unitMultiplier = false) {
  if (!result.hasOneUse())
    return std::nullopt;
  auto generic = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  if (!generic || generic.getNumDpsInits() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops() ||
      !generic.getRegionOutputArgs()[0].use_empty())
    return std::nullopt;
  auto resultType = cast<RankedTensorType>(result.getType());
  auto outType = dyn_cast<RankedTensorType>(generic.getDpsInits()[0].getType());
  int64_t rank = resultType.getRank();
  if (!outType || outType.getShape() != resultType.getShape() ||
      !(outType.getElementType().isSignlessInteger() ||
        outType.getElementType().isF32()) ||
      outType.getElementTypeBitWidth() > 32 ||
      !generic.getIndexingMapsArray().back().isIdentity())
    return std::nullopt;
  Epilogue epilogue;
  epilogue.op = generic;
  epilogue.outElement = outType.getElementType();
  // The channels are the last dimension, or the two last ones of a
  // depthwise convolution's [.., C, 1] result (`unitMultiplier`).
  int64_t channelStart = unitMultiplier ? rank - 2 : rank - 1;
  int64_t channels = resultType.getDimSize(channelStart);
  SmallVector<AffineExpr> channelDims;
  for (int64_t d = channelStart; d < rank; ++d)
    channelDims.push_back(getAffineDimExpr(d, result.getContext()));
  AffineMap channel = AffineMap::get(rank, 0, channelDims, result.getContext());
  bool sawResult = false;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    AffineMap map = generic.getMatchingIndexingMap(input);
    if (input->get() == result) {
      if (!map.isIdentity() || sawResult)
        return std::nullopt;
      sawResult = true;
      epilogue.accInput = input->getOperandNumber();
      epilogue.channelValues.push_back(DenseElementsAttr());
      epilogue.fullInputs.push_back(Value());
      continue;
    }
    auto inputType = dyn_cast<RankedTensorType>(input->get().getType());
    if (fullInputsLanes && map.isIdentity() && inputType &&
        inputType.getShape() == resultType.getShape() &&
        resultType.getDimSize(rank - 1) % fullInputsLanes == 0 &&
        inputType.getElementTypeBitWidth() <= 32) {
      epilogue.channelValues.push_back(DenseElementsAttr());
      epilogue.fullInputs.push_back(input->get());
      continue;
    }
    DenseElementsAttr values;
    if (map != channel || !matchPattern(input->get(), m_Constant(&values)) ||
        values.getNumElements() != channels)
      return std::nullopt;
    epilogue.channelValues.push_back(values);
    epilogue.fullInputs.push_back(Value());
  }
  for (Operation &op : generic.getBody()->without_terminator())
    if (!isa<arith::ArithDialect, math::MathDialect>(op.getDialect()) ||
        op.getNumRegions())
      return std::nullopt;
  if (!sawResult)
    return std::nullopt;
  return epilogue;
}

/// The epilogue's body on vectors of `lanes`: `acc` for the result,
/// `channels[i]` for the other inputs; scalars from outside become splats.
Value emitEpilogue(OpBuilder &b, Location loc, const Epilogue &epilogue,
                   int64_t lanes, Value acc, ArrayRef<Value> channels) {
  IRMapping mapping;
  linalg::GenericOp generic = epilogue.op;
  Block *body = generic.getBody();
  for (auto [i, arg] : llvm::enumerate(generic.getRegionInputArgs()))
    mapping.map(arg, i == epilogue.accInput ? acc : channels[i]);
  auto widen = [&](Type t) -> Type { return VectorType::get({lanes}, t); };
  for (Operation &op : body->without_terminator()) {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      auto value = cast<TypedAttr>(constant.getValue());
      mapping.map(constant.getResult(),
                  arith::ConstantOp::create(
                      b, loc,
                      DenseElementsAttr::get(
                          cast<ShapedType>(widen(value.getType())), value)));
      continue;
    }
    SmallVector<Value> operands;
    for (Value operand : op.getOperands()) {
      Value mapped = mapping.lookupOrNull(operand);
      if (!mapped) // a scalar defined outside the body
        mapped = vector::BroadcastOp::create(b, loc, widen(operand.getType()),
                                             operand);
      operands.push_back(mapped);
    }
    OperationState state(loc, op.getName());
    state.addOperands(operands);
    state.addAttributes(op.getAttrs());
    for (Type t : op.getResultTypes())
      state.addTypes(widen(t));
    Operation *vectorOp = b.create(state);
    mapping.map(op.getResults(), vectorOp->getResults());
  }
  Value yielded = body->getTerminator()->getOperand(0);
  Value mapped = mapping.lookupOrNull(yielded);
  if (!mapped)
    mapped =
        vector::BroadcastOp::create(b, loc, widen(yielded.getType()), yielded);
  return mapped;
}

/// The epilogue's per-channel constants as globals padded to `columns`, and
/// their loads at the builder's insertion point (null for the result).
SmallVector<Value> epilogueChannelBuffers(OpBuilder &b, Location loc,
                                          ModuleOp module,
                                          const Epilogue *epilogue,
                                          StringRef base, int64_t columns) {
  SmallVector<Value> buffers;
  if (!epilogue)
    return buffers;
  for (auto [i, values] : llvm::enumerate(epilogue->channelValues)) {
    if (!values) {
      buffers.push_back(Value());
      continue;
    }
    Type element = values.getElementType();
    auto type = MemRefType::get({columns}, element);
    SmallVector<Attribute> padded(values.getValues<Attribute>());
    padded.resize(columns, padded.front());
    memref::GlobalOp global = makeGlobal(
        b, module, loc, (base + "_epilogue" + Twine(i)).str(), type,
        DenseElementsAttr::get(RankedTensorType::get(type.getShape(), element),
                               padded));
    buffers.push_back(
        memref::GetGlobalOp::create(b, loc, type, global.getSymName()));
  }
  return buffers;
}

/// The loop nest of a kernel over column-block tiles and row blocks. Serial:
/// column blocks outermost, so that their packed weights stay in cache while
/// every row block streams past. Parallel: one two-dimensional
/// `scf.parallel` in the same order (threads take disjoint tiles; results do
/// not depend on the thread count).
struct LoopNest {
  Operation *outer;
  OpBuilder body;
  Value block, row;
};

LoopNest buildLoopNest(OpBuilder &b, Location loc, int64_t blocks,
                       int64_t blockTile, int64_t rowsTotal, int64_t rows,
                       bool parallel) {
  auto index = [&](OpBuilder &nb, int64_t v) {
    return indexConstant(nb, loc, v);
  };
  if (parallel) {
    auto loop = scf::ParallelOp::create(
        b, loc, ValueRange{index(b, 0), index(b, 0)},
        ValueRange{index(b, blocks), index(b, rowsTotal)},
        ValueRange{index(b, blockTile), index(b, rows)});
    return {loop, OpBuilder::atBlockBegin(loop.getBody()),
            loop.getInductionVars()[0], loop.getInductionVars()[1]};
  }
  auto blockLoop = scf::ForOp::create(b, loc, index(b, 0), index(b, blocks),
                                      index(b, blockTile));
  OpBuilder rb = OpBuilder::atBlockBegin(blockLoop.getBody());
  auto rowLoop = scf::ForOp::create(rb, loc, index(rb, 0), index(rb, rowsTotal),
                                    index(rb, rows));
  return {blockLoop, OpBuilder::atBlockBegin(rowLoop.getBody()),
          blockLoop.getInductionVar(), rowLoop.getInductionVar()};
}

/// The buffer a kernel reads `tensor` through. The loops after it read the
/// buffer, which bufferization does not see, so each kernel's reads stay its
/// own op: `to_buffer` is pure, and CSE would otherwise merge it with an
/// earlier kernel's read of the same tensor, a point before writes that may
/// reuse that tensor's buffer.
Value kernelReadBuffer(OpBuilder &b, Location loc, Value tensor,
                       StringRef base) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto read = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(type.getShape(), type.getElementType()), tensor,
      /*read_only=*/true);
  read->setAttr("qmlir.kernel", b.getStringAttr(base));
  return read;
}

/// The kernel's output `[m, columns]` as a tensor, its first `f` columns.
Value resultTensor(OpBuilder &b, Location loc, Value buffer, int64_t m,
                   int64_t f) {
  auto type = cast<MemRefType>(buffer.getType());
  Value full = bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(type.getShape(), type.getElementType()),
      buffer, /*restrict=*/true, /*writable=*/true);
  if (type.getDimSize(1) == f)
    return full;
  return tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get({m, f}, type.getElementType()), full,
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(m), b.getIndexAttr(f)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
}

//===----------------------------------------------------------------------===//
// Convolutions and matrix products
//===----------------------------------------------------------------------===//

/// A convolution (a matmul is the 1x1 case) over an input `[N, H, W, Cp]`
/// (Cp a multiple of kPerLane) producing `[M = N * OH * OW, F]`.
struct Geometry {
  int64_t n, oh, ow, kh, kw, sy, sx, dy, dx, c, cp, f;
};

/// The packed weights and start values of a kernel, as globals.
struct PackedWeights {
  /// `[blocks][groups][groupElements]` (bytes: possibly nibbles, two a byte).
  memref::GlobalOp rhs;
  /// `[blocks][lanes]` start values (null: every start is zero).
  memref::GlobalOp start;
  bool nibbles = false;
};

/// Packs `weights` (`[(kpos * c + ch) * f + j]`, i8 or f32 values) for
/// `dot`, with `init` the per-column initial values (null: zero). Names the
/// globals `<base>_rhs` and `<base>_start`.
PackedWeights packWeights(OpBuilder &b, ModuleOp module, Location loc,
                          const Dot &dot, const Geometry &g,
                          DenseElementsAttr weights,
                          const std::optional<SmallVector<Attribute>> &init,
                          int64_t blocksPadded, StringRef base) {
  int64_t lanes = dot.lanes(), per = dot.kPerLane();
  int64_t positions = g.kh * g.kw, groups = positions * g.cp / per;
  int64_t groupElements = lanes * per;
  int64_t total = blocksPadded * groups * groupElements;
  auto index = [&](int64_t pos, int64_t ch, int64_t j) {
    int64_t k = pos * g.cp + ch;
    int64_t block = j / lanes, lane = j % lanes;
    return (block * groups + k / per) * groupElements + lane * per + k % per;
  };
  PackedWeights packed;
  Type element = dot.element();
  auto startType = MemRefType::get({blocksPadded, lanes}, dot.accElement());
  if (dot.isFloat()) {
    SmallVector<float> values(total, 0.0f), start(blocksPadded * lanes, 0.0f);
    SmallVector<float> w = llvm::to_vector(weights.getValues<float>());
    for (int64_t pos = 0; pos < positions; ++pos)
      for (int64_t ch = 0; ch < g.c; ++ch)
        for (int64_t j = 0; j < g.f; ++j)
          values[index(pos, ch, j)] = w[(pos * g.c + ch) * g.f + j];
    auto type = MemRefType::get({blocksPadded, groups, groupElements}, element);
    packed.rhs = makeGlobal(
        b, module, loc, (base + "_rhs").str(), type,
        DenseElementsAttr::get(RankedTensorType::get(type.getShape(), element),
                               ArrayRef<float>(values)));
    bool nonZero = false;
    if (init)
      for (int64_t j = 0; j < g.f; ++j) {
        start[j] = cast<FloatAttr>((*init)[j]).getValueAsDouble();
        nonZero |= start[j] != 0.0f;
      }
    if (nonZero)
      packed.start = makeGlobal(
          b, module, loc, (base + "_start").str(), startType,
          DenseElementsAttr::get(
              RankedTensorType::get(startType.getShape(), dot.accElement()),
              ArrayRef<float>(start)));
    return packed;
  }

  SmallVector<int64_t> values(total, 0);
  SmallVector<int32_t> start(blocksPadded * lanes, 0);
  SmallVector<int8_t> w;
  for (const APInt &v : weights.getValues<APInt>())
    w.push_back(static_cast<int8_t>(v.getSExtValue()));
  for (int64_t pos = 0; pos < positions; ++pos)
    for (int64_t ch = 0; ch < g.c; ++ch)
      for (int64_t j = 0; j < g.f; ++j) {
        int8_t v = w[(pos * g.c + ch) * g.f + j];
        values[index(pos, ch, j)] = v;
        if (dot.flips())
          start[j] -= 128 * int32_t(v);
      }
  if (init)
    for (int64_t j = 0; j < g.f; ++j)
      start[j] += cast<IntegerAttr>((*init)[j]).getInt();
  auto startAttr = [&] {
    return DenseElementsAttr::get(
        RankedTensorType::get(startType.getShape(), dot.accElement()),
        ArrayRef<int32_t>(start));
  };
  if (llvm::any_of(start, [](int32_t s) { return s != 0; }))
    packed.start = makeGlobal(b, module, loc, (base + "_start").str(),
                              startType, startAttr());

  if (dot.kind() == KernelKind::Avx2I16) {
    SmallVector<int16_t> halves(values.begin(), values.end());
    auto type = MemRefType::get({blocksPadded, groups, groupElements}, element);
    packed.rhs = makeGlobal(
        b, module, loc, (base + "_rhs").str(), type,
        DenseElementsAttr::get(RankedTensorType::get(type.getShape(), element),
                               ArrayRef<int16_t>(halves)));
    return packed;
  }
  SmallVector<int8_t> bytes(values.begin(), values.end());
  // 4-bit weights (every value in [-8, 7]) are stored two per byte: byte j
  // of a group's half holds weight byte j in its low nibble and j + half in
  // its high nibble; the kernel unpacks them with shifts.
  packed.nibbles = llvm::all_of(w, [](int8_t v) { return v >= -8 && v <= 7; });
  int64_t stored = groupElements;
  if (packed.nibbles) {
    int64_t half = groupElements / 2;
    SmallVector<int8_t> nibbles(bytes.size() / 2);
    for (size_t group = 0; group < bytes.size() / groupElements; ++group)
      for (int64_t j = 0; j < half; ++j)
        nibbles[group * half + j] = static_cast<int8_t>(
            (bytes[group * groupElements + j] & 0x0F) |
            (static_cast<uint8_t>(bytes[group * groupElements + j + half])
             << 4));
    bytes = std::move(nibbles);
    stored = half;
  }
  auto type = MemRefType::get({blocksPadded, groups, stored}, element);
  packed.rhs = makeGlobal(
      b, module, loc, (base + "_rhs").str(), type,
      DenseElementsAttr::get(RankedTensorType::get(type.getShape(), element),
                             ArrayRef<int8_t>(bytes)));
  return packed;
}

/// Whether the avx2-u8s7 step computes `weights` exactly (every pair of
/// weights of one 16-bit sum fits; see Dot::pairsFit).
bool fitsU8S7(DenseElementsAttr weights, const Geometry &g) {
  SmallVector<int8_t> w;
  for (const APInt &v : weights.getValues<APInt>())
    w.push_back(static_cast<int8_t>(v.getSExtValue()));
  int64_t positions = g.kh * g.kw;
  // K is ordered (kernel position, channel padded to Cp); pairs are K
  // (2i, 2i + 1), which never straddle positions (Cp is a multiple of 4).
  auto at = [&](int64_t k, int64_t j) -> int64_t {
    int64_t pos = k / g.cp, ch = k % g.cp;
    if (ch >= g.c)
      return 0;
    return w[(pos * g.c + ch) * g.f + j];
  };
  for (int64_t k = 0; k < positions * g.cp; k += 2)
    for (int64_t j = 0; j < g.f; ++j)
      if (!Dot::pairsFit(at(k, j), at(k + 1, j)))
        return false;
  return true;
}

/// The right-hand side of a kernel: packed constants, or (f32 only) a
/// run-time matrix `[K, columns]` read in place.
struct KernelRhs {
  PackedWeights packed;
  Value matrix;
};

/// Emits the kernel of `dot` for `g` over `input` `[N, H, W, Cp]` and
/// returns the result `[M, F]` (the accumulator type, or the epilogue's).
Value emitKernel(OpBuilder &b, Location loc, ModuleOp module, const Dot &dot,
                 Value input, const Geometry &g, KernelRhs rhs, StringRef base,
                 bool parallel, const Epilogue *epilogue) {
  const KernelChoice &choice = dot.choice;
  int64_t lanes = dot.lanes(), per = dot.kPerLane();
  int64_t m = g.n * g.oh * g.ow, f = g.f, positions = g.kh * g.kw;
  bool matrix = dot.isMatrix();
  int64_t rows = dot.tileRows(m);
  int64_t blocks = (f + lanes - 1) / lanes;
  int64_t blockTile = std::min<int64_t>(
      m >= choice.rows ? choice.columnBlocks : choice.smallMColumnBlocks,
      blocks);
  int64_t channelGroups = g.cp / per;
  int64_t columns = roundUp(f, lanes);

  Value inBuffer = kernelReadBuffer(b, loc, input, base);
  Value rhsBuffer, startBuffer;
  if (rhs.matrix) {
    rhsBuffer = kernelReadBuffer(b, loc, rhs.matrix, base);
  } else {
    rhsBuffer = memref::GetGlobalOp::create(b, loc, rhs.packed.rhs.getType(),
                                            rhs.packed.rhs.getSymName());
  }
  if (rhs.packed.start)
    startBuffer = memref::GetGlobalOp::create(
        b, loc, rhs.packed.start.getType(), rhs.packed.start.getSymName());
  Type outElement = epilogue ? epilogue->outElement : dot.accElement();
  auto cMemType = MemRefType::get({m, columns}, outElement);
  Value cBuffer =
      memref::AllocOp::create(b, loc, cMemType, b.getI64IntegerAttr(64));
  SmallVector<Value> channelBuffers =
      epilogueChannelBuffers(b, loc, module, epilogue, base, columns);
  // Full epilogue inputs, as [M, F] buffers read at each stored vector.
  SmallVector<Value> fullBuffers;
  if (epilogue)
    for (Value input : epilogue->fullInputs) {
      if (!input) {
        fullBuffers.push_back(Value());
        continue;
      }
      auto type = cast<RankedTensorType>(input.getType());
      Value flat = input;
      if (type.getRank() != 2) {
        SmallVector<ReassociationIndices> groups(1);
        for (int64_t d = 0; d + 1 < type.getRank(); ++d)
          groups[0].push_back(d);
        groups.push_back({type.getRank() - 1});
        flat = tensor::CollapseShapeOp::create(b, loc, input, groups);
      }
      fullBuffers.push_back(kernelReadBuffer(b, loc, flat, base));
    }

  auto index = [&](OpBuilder &nb, int64_t v) {
    return indexConstant(nb, loc, v);
  };
  VectorType accType = dot.accType(), operandType = dot.operandType();

  // The last column tile may be partial: its missing blocks read the last
  // block again and are not stored.
  LoopNest nest = buildLoopNest(b, loc, blocks, blockTile, m, rows, parallel);
  OpBuilder &cb = nest.body;
  Value block = nest.block, row = nest.row;
  SmallVector<Value> blockIndex, rowIndex, batchOf, ohOf, owOf;
  for (int64_t c = 0; c < blockTile; ++c) {
    Value j = arith::AddIOp::create(cb, loc, block, index(cb, c));
    // Past the last block (a partial tile): read the last block again.
    if (blocks % blockTile)
      j = arith::MinSIOp::create(cb, loc, j, index(cb, blocks - 1));
    blockIndex.push_back(j);
  }
  for (int64_t r = 0; r < rows; ++r) {
    Value p = arith::AddIOp::create(cb, loc, row, index(cb, r));
    // Rows past M (in the last row block) compute the last pixel again and
    // store it over itself: no branch in the tile.
    Value q =
        m % rows
            ? arith::MinSIOp::create(cb, loc, p, index(cb, m - 1)).getResult()
            : p;
    rowIndex.push_back(q);
    Value plane = index(cb, g.oh * g.ow);
    batchOf.push_back(arith::DivUIOp::create(cb, loc, q, plane));
    Value rem = arith::RemUIOp::create(cb, loc, q, plane);
    ohOf.push_back(arith::DivUIOp::create(cb, loc, rem, index(cb, g.ow)));
    owOf.push_back(arith::RemUIOp::create(cb, loc, rem, index(cb, g.ow)));
  }
  SmallVector<Value> init;
  Value zero =
      arith::ConstantOp::create(cb, loc, cb.getZeroAttr(accType)).getResult();
  auto startOf = [&](int64_t c) -> Value {
    return startBuffer
               ? vector::LoadOp::create(cb, loc, accType, startBuffer,
                                        ValueRange{blockIndex[c], index(cb, 0)})
                     .getResult()
               : zero;
  };
  if (matrix) {
    // Per row pair and block, two 2 x 2 tiles: columns (0, 1) and (2, 3),
    // each [r0c0, r0c1, r1c0, r1c1].
    for (int64_t p = 0; p < rows / 2; ++p)
      for (int64_t c = 0; c < blockTile; ++c) {
        Value start = startOf(c);
        for (int64_t h = 0; h < 2; ++h)
          init.push_back(startBuffer ? vector::ShuffleOp::create(
                                           cb, loc, start, start,
                                           ArrayRef<int64_t>{2 * h, 2 * h + 1,
                                                             2 * h, 2 * h + 1})
                                           .getResult()
                                     : zero);
      }
  } else {
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < blockTile; ++c)
        init.push_back(startOf(c));
  }

  SmallVector<Value> columnOf;
  for (int64_t c = 0; c < blockTile; ++c)
    columnOf.push_back(
        arith::MulIOp::create(cb, loc, blockIndex[c], index(cb, lanes)));

  auto loadRhs = [&](OpBuilder &kb, Location kloc, int64_t c,
                     Value group) -> Value {
    if (rhs.matrix)
      return vector::LoadOp::create(kb, kloc, operandType, rhsBuffer,
                                    ValueRange{group, columnOf[c]});
    if (!rhs.packed.nibbles)
      return vector::LoadOp::create(
          kb, kloc, operandType, rhsBuffer,
          ValueRange{blockIndex[c], group, index(kb, 0)});
    // Sign-extended low nibbles are the first half, high nibbles the
    // second: ((n & 15) ^ 8) - 8, byte operations x86 has.
    int64_t half = lanes * per / 2;
    auto halfType = VectorType::get({half}, kb.getI8Type());
    Value packedHalf =
        vector::LoadOp::create(kb, kloc, halfType, rhsBuffer,
                               ValueRange{blockIndex[c], group, index(kb, 0)});
    auto splat = [&](int8_t v) -> Value {
      return arith::ConstantOp::create(kb, kloc,
                                       DenseElementsAttr::get(halfType, v));
    };
    auto signExtend = [&](Value nibble) -> Value {
      Value masked = arith::AndIOp::create(kb, kloc, nibble, splat(0x0F));
      Value flipped = arith::XOrIOp::create(kb, kloc, masked, splat(8));
      return arith::SubIOp::create(kb, kloc, flipped, splat(8));
    };
    Value low = signExtend(packedHalf);
    Value high =
        signExtend(arith::ShRUIOp::create(kb, kloc, packedHalf, splat(4)));
    return vector::ShuffleOp::create(
        kb, kloc, low, high, llvm::to_vector(llvm::seq<int64_t>(0, 2 * half)));
  };

  auto positionLoop = scf::ForOp::create(
      cb, loc, index(cb, 0), index(cb, positions), index(cb, 1), init,
      [&](OpBuilder &pb, Location ploc, Value pos, ValueRange accsIn) {
        Value ky = arith::DivUIOp::create(pb, ploc, pos, index(pb, g.kw));
        Value kx = arith::RemUIOp::create(pb, ploc, pos, index(pb, g.kw));
        SmallVector<Value> ys, xs;
        for (int64_t r = 0; r < rows; ++r) {
          ys.push_back(arith::AddIOp::create(
              pb, ploc,
              arith::MulIOp::create(pb, ploc, ohOf[r], index(pb, g.sy)),
              arith::MulIOp::create(pb, ploc, ky, index(pb, g.dy))));
          xs.push_back(arith::AddIOp::create(
              pb, ploc,
              arith::MulIOp::create(pb, ploc, owOf[r], index(pb, g.sx)),
              arith::MulIOp::create(pb, ploc, kx, index(pb, g.dx))));
        }
        Value groupBase =
            arith::MulIOp::create(pb, ploc, pos, index(pb, channelGroups));
        auto channelLoop = scf::ForOp::create(
            pb, ploc, index(pb, 0), index(pb, channelGroups), index(pb, 1),
            accsIn,
            [&](OpBuilder &kb, Location kloc, Value cg, ValueRange accs) {
              Value channel =
                  arith::MulIOp::create(kb, kloc, cg, index(kb, per));
              Value group = arith::AddIOp::create(kb, kloc, groupBase, cg);
              SmallVector<Value> lhs, rhsValues;
              SmallVector<Value> next;
              if (matrix) {
                // The 8 bytes of rows 2p and 2p + 1 side by side, by the
                // 16 bytes of columns (0, 1) and of (2, 3) of each block.
                auto rowType = VectorType::get({per}, dot.element());
                for (int64_t p = 0; p < rows / 2; ++p) {
                  SmallVector<Value> pair;
                  for (int64_t r : {2 * p, 2 * p + 1})
                    pair.push_back(vector::LoadOp::create(
                        kb, kloc, rowType, inBuffer,
                        ValueRange{batchOf[r], ys[r], xs[r], channel}));
                  lhs.push_back(vector::ShuffleOp::create(
                      kb, kloc, pair[0], pair[1],
                      llvm::to_vector(llvm::seq<int64_t>(0, 2 * per))));
                }
                for (int64_t c = 0; c < blockTile; ++c) {
                  Value w = loadRhs(kb, kloc, c, group);
                  for (int64_t h = 0; h < 2; ++h)
                    rhsValues.push_back(vector::ShuffleOp::create(
                        kb, kloc, w, w,
                        llvm::to_vector(llvm::seq<int64_t>(
                            h * 2 * per, (h + 1) * 2 * per))));
                }
                for (int64_t p = 0; p < rows / 2; ++p)
                  for (int64_t c = 0; c < blockTile; ++c)
                    for (int64_t h = 0; h < 2; ++h) {
                      int64_t i = (p * blockTile + c) * 2 + h;
                      next.push_back(dot.step(kb, kloc, module, accs[i], lhs[p],
                                              rhsValues[2 * c + h]));
                    }
                scf::YieldOp::create(kb, kloc, next);
                return;
              }
              for (int64_t r = 0; r < rows; ++r)
                lhs.push_back(dot.broadcastGroup(
                    kb, kloc, inBuffer,
                    ValueRange{batchOf[r], ys[r], xs[r], channel}));
              for (int64_t c = 0; c < blockTile; ++c)
                rhsValues.push_back(loadRhs(kb, kloc, c, group));
              for (int64_t r = 0; r < rows; ++r)
                for (int64_t c = 0; c < blockTile; ++c)
                  next.push_back(dot.step(kb, kloc, module,
                                          accs[r * blockTile + c], lhs[r],
                                          rhsValues[c]));
              scf::YieldOp::create(kb, kloc, next);
            });
        scf::YieldOp::create(pb, ploc, channelLoop.getResults());
      });

  // A partial last column tile computed the last block again: it stores
  // the same values over themselves.
  for (int64_t c = 0; c < blockTile; ++c) {
    SmallVector<Value> channels;
    for (Value buffer : channelBuffers) {
      if (!buffer) {
        channels.push_back(Value());
        continue;
      }
      auto type = cast<MemRefType>(buffer.getType());
      channels.push_back(vector::LoadOp::create(
          cb, loc, VectorType::get({lanes}, type.getElementType()), buffer,
          ValueRange{columnOf[c]}));
    }
    for (int64_t r = 0; r < rows; ++r) {
      Value acc;
      if (matrix) {
        // Row r of the block from its pair's two 2 x 2 tiles.
        int64_t i = ((r / 2) * blockTile + c) * 2, half = 2 * (r % 2);
        acc = vector::ShuffleOp::create(
            cb, loc, positionLoop.getResult(i), positionLoop.getResult(i + 1),
            ArrayRef<int64_t>{half, half + 1, 4 + half, 5 + half});
      } else {
        acc = positionLoop.getResult(r * blockTile + c);
      }
      if (epilogue) {
        SmallVector<Value> operands(channels);
        for (auto [i, buffer] : llvm::enumerate(fullBuffers))
          if (buffer)
            operands[i] = vector::LoadOp::create(
                cb, loc,
                VectorType::get(
                    {lanes},
                    cast<MemRefType>(buffer.getType()).getElementType()),
                buffer, ValueRange{rowIndex[r], columnOf[c]});
        acc = emitEpilogue(cb, loc, *epilogue, lanes, acc, operands);
      }
      vector::StoreOp::create(cb, loc, acc, cBuffer,
                              ValueRange{rowIndex[r], columnOf[c]});
    }
  }

  b.setInsertionPointAfter(nest.outer);
  return resultTensor(b, loc, cBuffer, m, f);
}

/// The kernel kinds a pass run may use.
struct KernelSelection {
  qmlir::TargetDescription target;
  /// The int8 kind requested (avx2-u8s7 falls back to avx2-i16 per layer),
  /// and the fp32 kind (F32Fma or None).
  KernelKind int8 = KernelKind::None;
  KernelKind fp32 = KernelKind::None;
  bool parallel = false;
  bool remarks = false;
  /// Kernels with fewer multiply-accumulates run on one thread: below about
  /// a million (tens of microseconds of work) starting and joining threads
  /// costs more than the split saves.
  int64_t minParallelMacs = 0;
  /// Whether a kernel of `macs` multiply-accumulates runs on threads.
  bool threaded(int64_t macs) const {
    return parallel && macs >= minParallelMacs;
  }
  /// Kinds actually used.
  llvm::SetVector<KernelKind> used;
  int64_t counter = 0;

  /// The kernel for an op of `element` type (i8 or f32); for the int8
  /// unsigned-byte AVX2 kind, `exactU8S7` says whether the weights allow it;
  /// `rowPairs`: whether the op suits a kernel on pairs of rows (smmla:
  /// not M = 1, not depthwise); if not, `neon-i8mm` falls back to sdot.
  std::optional<Dot> dotFor(Type element, MLIRContext *context, bool exactU8S7,
                            bool rowPairs = true) {
    KernelKind kind = element.isF32() ? fp32 : int8;
    if (kind == KernelKind::Avx2U8S7 && !exactU8S7)
      kind = KernelKind::Avx2I16;
    if (kind == KernelKind::NeonI8mm && !rowPairs)
      kind = KernelKind::NeonDot;
    if (kind == KernelKind::None)
      return std::nullopt;
    return Dot{target.kernel(kind), context};
  }
  std::string nextBase() {
    return "__qmlir_kernel_" + std::to_string(counter++);
  }
};

/// The register tile of every depthwise kernel: pixels x channel blocks.
constexpr int64_t kDepthwiseRows = 4, kDepthwiseBlocks = 4;

/// A remark on the kernel of `op`; `depthwiseTile` for depthwise kernels,
/// whose register tile is fixed (kDepthwiseRows x kDepthwiseBlocks).
void remark(KernelSelection &selection, Operation *op, const Dot &dot,
            StringRef what, int64_t m, int64_t k, int64_t f,
            bool depthwiseTile = false) {
  selection.used.insert(dot.kind());
  if (!selection.remarks)
    return;
  int64_t blocks = (f + dot.lanes() - 1) / dot.lanes();
  int64_t rows = dot.tileRows(m);
  int64_t tile = std::min(m >= dot.choice.rows ? dot.choice.columnBlocks
                                               : dot.choice.smallMColumnBlocks,
                          blocks);
  if (depthwiseTile) {
    rows = std::min(kDepthwiseRows, m);
    tile = std::min(kDepthwiseBlocks, blocks);
  }
  op->emitRemark() << what << " M=" << m << " K=" << k << " N=" << f << ": "
                   << qmlir::stringifyKernelKind(dot.kind()) << " kernel, tile "
                   << rows << "x" << tile * dot.lanes()
                   << (selection.threaded(m * k * f) ? ", parallel" : "");
}

/// Replaces `op` (and its epilogue) by `flat` `[M, F]` expanded to the
/// result's shape with `groups`.
void replaceWithKernel(Operation *op, std::optional<Epilogue> epilogue,
                       OpBuilder &b, Location loc, Value flat,
                       ArrayRef<ReassociationIndices> groups) {
  Operation *replaced = epilogue ? epilogue->op.getOperation() : op;
  auto type = cast<RankedTensorType>(replaced->getResult(0).getType());
  Value result = flat;
  if (type.getRank() != 2 || type != flat.getType())
    result = tensor::ExpandShapeOp::create(b, loc, type, flat, groups);
  replaced->getResult(0).replaceAllUsesWith(result);
  // The old operands' producers that only fed `op` (an activation
  // conversion now made elsewhere, a pad) go with it.
  SmallVector<Operation *> worklist;
  for (Value operand : op->getOperands())
    if (Operation *producer = operand.getDefiningOp())
      worklist.push_back(producer);
  if (epilogue)
    epilogue->op->erase();
  op->erase();
  llvm::SmallPtrSet<Operation *, 8> erased;
  while (!worklist.empty()) {
    Operation *candidate = worklist.pop_back_val();
    if (erased.contains(candidate) || !isOpTriviallyDead(candidate))
      continue;
    erased.insert(candidate);
    for (Value operand : candidate->getOperands())
      if (Operation *producer = operand.getDefiningOp())
        worklist.push_back(producer);
    candidate->erase();
  }
}

bool staticTensor(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && type.hasStaticShape();
}

/// A matmul `[M, K] x [K, N]` (or a batch matmul of batch 1) with i8 or f32
/// operands: constant weights are packed; f32 run-time weights are read in
/// place.
LogicalResult rewriteMatmul(linalg::LinalgOp op, KernelSelection &selection) {
  if (!op.hasPureTensorSemantics() || op->getNumResults() != 1)
    return failure();
  if (auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation()))
    if (matmul.hasUserDefinedMaps())
      return failure();
  if (auto batch = dyn_cast<linalg::BatchMatmulOp>(op.getOperation()))
    if (batch.hasUserDefinedMaps())
      return failure();
  Value lhs = op.getDpsInputs()[0], rhsValue = op.getDpsInputs()[1];
  Value initValue = op.getDpsInits()[0];
  if (!staticTensor(lhs) || !staticTensor(rhsValue) || !staticTensor(initValue))
    return failure();
  auto aType = cast<RankedTensorType>(lhs.getType());
  auto bType = cast<RankedTensorType>(rhsValue.getType());
  auto cType = cast<RankedTensorType>(op->getResult(0).getType());
  bool batched = aType.getRank() == 3;
  if (batched && (aType.getDimSize(0) != 1 || bType.getDimSize(0) != 1))
    return failure();
  Type element = aType.getElementType();
  bool isInt = element.isInteger(8);
  if ((!isInt && !element.isF32()) || bType.getElementType() != element ||
      cType.getElementType() !=
          (isInt ? Type(IntegerType::get(op.getContext(), 32)) : element))
    return failure();
  int64_t m = aType.getDimSize(batched ? 1 : 0),
          k = aType.getDimSize(batched ? 2 : 1),
          n = bType.getDimSize(batched ? 2 : 1);
  std::optional<SmallVector<Attribute>> init = initialColumns(initValue, n);
  if (!init)
    return failure();
  DenseElementsAttr weights = constantOperand(rhsValue, element);
  if (!weights && isInt)
    return failure();
  Geometry g{1, m, 1, 1, 1, 1, 1, 1, 1, k, k, n};
  std::optional<Dot> dot =
      selection.dotFor(element, op.getContext(),
                       isInt && fitsU8S7(weights, {1, m, 1, 1, 1, 1, 1, 1, 1, k,
                                                   roundUp(k, 4), n}),
                       /*rowPairs=*/m > 1);
  if (!dot)
    return failure();
  g.cp = roundUp(k, dot->kPerLane());
  ModuleOp module = op->getParentOfType<ModuleOp>();
  OpBuilder b(op);
  Location loc = op.getLoc();
  std::string base = selection.nextBase();
  KernelRhs rhs;
  int64_t blocks = (n + dot->lanes() - 1) / dot->lanes();
  int64_t blockTile =
      std::min<int64_t>(m >= dot->choice.rows ? dot->choice.columnBlocks
                                              : dot->choice.smallMColumnBlocks,
                        blocks);
  if (weights) {
    rhs.packed = packWeights(b, module, loc, *dot, g, weights, init,
                             roundUp(blocks, blockTile), base);
  } else {
    // f32 run-time weights: read [K, N] in place, N padded to whole blocks,
    // starting from the initial values.
    if (llvm::any_of(*init, [](Attribute a) {
          return cast<FloatAttr>(a).getValueAsDouble() != 0.0;
        }))
      return failure();
    Value matrix = rhsValue;
    if (batched)
      matrix = tensor::CollapseShapeOp::create(
          b, loc, matrix, SmallVector<ReassociationIndices>{{0, 1}, {2}});
    rhs.matrix = padLastDim(b, loc, matrix, dot->lanes());
  }
  // [M, K] as a [1, M, 1, Kp] input of a 1x1 convolution.
  Value a = convertActivations(b, loc, *dot, lhs);
  if (batched)
    a = tensor::CollapseShapeOp::create(
        b, loc, a, SmallVector<ReassociationIndices>{{0, 1}, {2}});
  a = padLastDim(b, loc, a, dot->kPerLane());
  Value input = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({1, m, 1, g.cp}, dot->element()), a,
      SmallVector<ReassociationIndices>{{0, 1}, {2, 3}});
  std::optional<Epilogue> epilogue =
      matchEpilogue(op->getResult(0), dot->lanes());
  remark(selection, op, *dot, batched ? "batch matmul" : "matmul", m, k, n);
  Value flat = emitKernel(b, loc, module, *dot, input, g, rhs, base,
                          selection.threaded(m * k * n),
                          epilogue ? &*epilogue : nullptr);
  replaceWithKernel(op, epilogue, b, loc, flat,
                    batched ? SmallVector<ReassociationIndices>{{0, 1}, {2}}
                            : SmallVector<ReassociationIndices>{{0}, {1}});
  return success();
}

/// A direct convolution: every output pixel is a row of the product, its K
/// values read from the input at each kernel position (an implicit im2col).
LogicalResult rewriteConv(linalg::Conv2DNhwcHwcfOp op,
                          KernelSelection &selection) {
  if (!op.hasPureTensorSemantics())
    return failure();
  Value x = op.getDpsInputs()[0], filter = op.getDpsInputs()[1];
  if (!staticTensor(x) || !staticTensor(filter) ||
      !staticTensor(op.getDpsInits()[0]))
    return failure();
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(filter.getType());
  auto yType = cast<RankedTensorType>(op.getResultTypes()[0]);
  Type element = xType.getElementType();
  bool isInt = element.isInteger(8);
  if ((!isInt && !element.isF32()) ||
      yType.getElementType() !=
          (isInt ? Type(IntegerType::get(op.getContext(), 32)) : element))
    return failure();
  DenseElementsAttr weights = constantOperand(filter, element);
  if (!weights)
    return failure();
  int64_t f = wType.getDimSize(3);
  std::optional<SmallVector<Attribute>> init =
      initialColumns(op.getDpsInits()[0], f);
  if (!init)
    return failure();
  SmallVector<int64_t> strides(op.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations(op.getDilations().getValues<int64_t>());
  int64_t c = xType.getDimSize(3);
  Geometry g{yType.getDimSize(0), yType.getDimSize(1),
             yType.getDimSize(2), wType.getDimSize(0),
             wType.getDimSize(1), strides[0],
             strides[1],          dilations[0],
             dilations[1],        c,
             roundUp(c, 4),       f};
  std::optional<Dot> dot =
      selection.dotFor(element, op.getContext(), isInt && fitsU8S7(weights, g),
                       /*rowPairs=*/g.n * g.oh * g.ow > 1);
  if (!dot)
    return failure();
  g.cp = roundUp(c, dot->kPerLane());
  ModuleOp module = op->getParentOfType<ModuleOp>();
  OpBuilder b(op);
  Location loc = op.getLoc();
  std::string base = selection.nextBase();
  int64_t m = g.n * g.oh * g.ow;
  int64_t blocks = (f + dot->lanes() - 1) / dot->lanes();
  int64_t blockTile =
      std::min<int64_t>(m >= dot->choice.rows ? dot->choice.columnBlocks
                                              : dot->choice.smallMColumnBlocks,
                        blocks);
  KernelRhs rhs;
  rhs.packed = packWeights(b, module, loc, *dot, g, weights, init,
                           roundUp(blocks, blockTile), base);
  Value input =
      padLastDim(b, loc, convertActivations(b, loc, *dot, x), dot->kPerLane());
  std::optional<Epilogue> epilogue =
      matchEpilogue(op->getResult(0), dot->lanes());
  remark(selection, op, *dot, ("conv " + Twine(g.kh) + "x" + Twine(g.kw)).str(),
         m, g.kh * g.kw * c, f);
  Value flat = emitKernel(b, loc, module, *dot, input, g, rhs, base,
                          selection.threaded(m * g.kh * g.kw * c * f),
                          epilogue ? &*epilogue : nullptr);
  replaceWithKernel(op, epilogue, b, loc, flat,
                    SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  return success();
}

//===----------------------------------------------------------------------===//
// Depthwise convolutions
//===----------------------------------------------------------------------===//

/// The byte quads of 4 taps over 32 channels (`taps`: 4 vector<32xi8>) by
/// in-lane unpacks, as `vpunpck{l,h}bw` then `vpunpck{l,h}wd` compute them:
/// quad k holds, per 32-bit lane, the 4 taps of channels {4k..4k+3} (low
/// 128 bits) and {16+4k..16+4k+3} (high 128 bits).
SmallVector<Value> unpackQuads(OpBuilder &b, Location loc,
                               ArrayRef<Value> taps) {
  // Interleaves units of `size` bytes of a and c from the low (or `high`)
  // half of each 128-bit lane.
  auto unpack = [&](Value a, Value c, int64_t size, bool high) -> Value {
    SmallVector<int64_t> mask;
    for (int64_t lane = 0; lane < 2; ++lane)
      for (int64_t u = 0; u < 8 / size; ++u) {
        int64_t at = lane * 16 + (high ? 8 : 0) + u * size;
        for (int64_t byte = 0; byte < size; ++byte)
          mask.push_back(at + byte);
        for (int64_t byte = 0; byte < size; ++byte)
          mask.push_back(32 + at + byte);
      }
    return vector::ShuffleOp::create(b, loc, a, c, mask);
  };
  Value lo01 = unpack(taps[0], taps[1], 1, false);
  Value hi01 = unpack(taps[0], taps[1], 1, true);
  Value lo23 = unpack(taps[2], taps[3], 1, false);
  Value hi23 = unpack(taps[2], taps[3], 1, true);
  return {unpack(lo01, lo23, 2, false), unpack(lo01, lo23, 2, true),
          unpack(hi01, hi23, 2, false), unpack(hi01, hi23, 2, true)};
}

/// The accumulators of the 4 quads of `unpackQuads` (8 x i32 each) as the
/// 4 blocks of 8 channels in order: block j takes 4 lanes of two quads.
SmallVector<Value> channelOrder(OpBuilder &b, Location loc,
                                ArrayRef<Value> quads) {
  SmallVector<int64_t> low{0, 1, 2, 3, 8, 9, 10, 11},
      high{4, 5, 6, 7, 12, 13, 14, 15};
  return {vector::ShuffleOp::create(b, loc, quads[0], quads[1], low),
          vector::ShuffleOp::create(b, loc, quads[2], quads[3], low),
          vector::ShuffleOp::create(b, loc, quads[0], quads[1], high),
          vector::ShuffleOp::create(b, loc, quads[2], quads[3], high)};
}

/// A depthwise convolution (channel multiplier 1): each output pixel's
/// `lanes` channels of a block are one accumulator; `kPerLane` kernel taps
/// of a channel meet in one 32-bit lane (their input values interleaved by
/// shuffles, the weights packed alike at compile time).
LogicalResult rewriteDepthwise(linalg::LinalgOp op,
                               KernelSelection &selection) {
  bool withMultiplier = isa<linalg::DepthwiseConv2DNhwcHwcmOp>(op);
  DenseIntElementsAttr stridesAttr, dilationsAttr;
  if (auto hwcm =
          dyn_cast<linalg::DepthwiseConv2DNhwcHwcmOp>(op.getOperation())) {
    stridesAttr = hwcm.getStrides();
    dilationsAttr = hwcm.getDilations();
  } else {
    auto hwc = cast<linalg::DepthwiseConv2DNhwcHwcOp>(op.getOperation());
    stridesAttr = hwc.getStrides();
    dilationsAttr = hwc.getDilations();
  }
  if (!op.hasPureTensorSemantics())
    return failure();
  Value x = op.getDpsInputs()[0], filter = op.getDpsInputs()[1];
  if (!staticTensor(x) || !staticTensor(filter) ||
      !staticTensor(op.getDpsInits()[0]))
    return failure();
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(filter.getType());
  auto yType = cast<RankedTensorType>(op->getResultTypes()[0]);
  Type element = xType.getElementType();
  bool isInt = element.isInteger(8);
  if ((withMultiplier && wType.getDimSize(3) != 1) ||
      (!isInt && !element.isF32()) ||
      yType.getElementType() !=
          (isInt ? Type(IntegerType::get(op.getContext(), 32)) : element))
    return failure();
  DenseElementsAttr weights = constantOperand(filter, element);
  if (!weights)
    return failure();
  int64_t c = xType.getDimSize(3);
  std::optional<SmallVector<Attribute>> init =
      initialColumns(op.getDpsInits()[0], c);
  if (!init)
    return failure();
  SmallVector<int64_t> strides(stridesAttr.getValues<int64_t>());
  SmallVector<int64_t> dilations(dilationsAttr.getValues<int64_t>());
  int64_t kh = wType.getDimSize(0), kw = wType.getDimSize(1), taps = kh * kw;
  // Taps (t, t + 1) meet in one 16-bit sum of the unsigned-byte AVX2 kind.
  bool exactU8S7 = true;
  if (isInt) {
    SmallVector<int64_t> w;
    for (const APInt &v : weights.getValues<APInt>())
      w.push_back(v.getSExtValue());
    for (int64_t t = 0; t + 1 < taps; t += 2)
      for (int64_t ch = 0; ch < c; ++ch)
        exactU8S7 &= Dot::pairsFit(w[t * c + ch], w[(t + 1) * c + ch]);
  }
  std::optional<Dot> dot =
      selection.dotFor(element, op.getContext(), exactU8S7, /*rowPairs=*/false);
  if (!dot)
    return failure();
  ModuleOp module = op->getParentOfType<ModuleOp>();
  OpBuilder b(op);
  Location loc = op.getLoc();
  Type accElement = dot->accElement();
  int64_t lanes = dot->lanes(), per = dot->kPerLane();
  int64_t n = yType.getDimSize(0), oh = yType.getDimSize(1),
          ow = yType.getDimSize(2);
  int64_t m = n * oh * ow, tapGroups = (taps + per - 1) / per;
  int64_t blocks = (c + lanes - 1) / lanes;
  int64_t blockTile = std::min(kDepthwiseBlocks, blocks);
  int64_t nbp = roundUp(blocks, blockTile), cp = nbp * lanes;
  int64_t rows = std::min(kDepthwiseRows, m);
  int64_t groupElements = lanes * per;
  std::string base = selection.nextBase();
  remark(selection, op, *dot,
         "depthwise " + std::to_string(kh) + "x" + std::to_string(kw), m, taps,
         c, /*depthwiseTile=*/true);
  // Byte dot products on 8 lanes over 4 blocks (32 channels, one ymm of
  // input per tap): the taps are interleaved with in-lane unpacks of the
  // whole 32 channels (6 per group of 4 taps), which leave the channels of
  // each 128-bit half together: virtual block k holds channels
  // {4k..4k+3, 16+4k..16+4k+3} of the tile. Weights and start values are
  // packed in that order; the accumulators are put back in channel order
  // before the epilogue.
  bool laneUnpack = !dot->isFloat() && dot->element().isInteger(8) &&
                    per == 4 && lanes == 8 && blockTile == 4;
  // The packed block and lane of channel `ch`.
  auto place = [&](int64_t ch) -> std::pair<int64_t, int64_t> {
    if (!laneUnpack)
      return {ch / lanes, ch % lanes};
    int64_t tile = ch / 32, inTile = ch % 32;
    return {tile * 4 + (inTile % 16) / 4, (inTile / 16) * 4 + inTile % 4};
  };

  // Weights [block][tap group][lanes channels x per taps]; start values.
  auto packedType =
      MemRefType::get({nbp, tapGroups, groupElements}, dot->element());
  auto startType = MemRefType::get({nbp, lanes}, accElement);
  memref::GlobalOp packedGlobal, startGlobal;
  if (dot->isFloat()) {
    SmallVector<float> w = llvm::to_vector(weights.getValues<float>());
    SmallVector<float> packed(nbp * tapGroups * groupElements, 0.0f),
        start(cp, 0.0f);
    for (int64_t t = 0; t < taps; ++t)
      for (int64_t ch = 0; ch < c; ++ch)
        packed[((ch / lanes) * tapGroups + t) * groupElements + ch % lanes] =
            w[t * c + ch];
    for (int64_t ch = 0; ch < c; ++ch)
      start[ch] = cast<FloatAttr>((*init)[ch]).getValueAsDouble();
    packedGlobal = makeGlobal(
        b, module, loc, base + "_rhs", packedType,
        DenseElementsAttr::get(
            RankedTensorType::get(packedType.getShape(), dot->element()),
            ArrayRef<float>(packed)));
    startGlobal =
        makeGlobal(b, module, loc, base + "_start", startType,
                   DenseElementsAttr::get(
                       RankedTensorType::get(startType.getShape(), accElement),
                       ArrayRef<float>(start)));
  } else {
    SmallVector<int64_t> w;
    for (const APInt &v : weights.getValues<APInt>())
      w.push_back(v.getSExtValue());
    SmallVector<int64_t> packed(nbp * tapGroups * groupElements, 0);
    SmallVector<int32_t> start(cp, 0);
    for (int64_t t = 0; t < taps; ++t)
      for (int64_t ch = 0; ch < c; ++ch) {
        int64_t v = w[t * c + ch]; // [KH, KW, C, 1]
        auto [pb, lane] = place(ch);
        packed[(pb * tapGroups + t / per) * groupElements + lane * per +
               t % per] = v;
        if (dot->flips())
          start[pb * lanes + lane] -= 128 * int32_t(v);
      }
    for (int64_t ch = 0; ch < c; ++ch) {
      auto [pb, lane] = place(ch);
      start[pb * lanes + lane] += cast<IntegerAttr>((*init)[ch]).getInt();
    }
    auto tensorType =
        RankedTensorType::get(packedType.getShape(), dot->element());
    DenseElementsAttr packedAttr;
    if (dot->element().isInteger(16)) {
      SmallVector<int16_t> halves(packed.begin(), packed.end());
      packedAttr = DenseElementsAttr::get(tensorType, ArrayRef(halves));
    } else {
      SmallVector<int8_t> bytes(packed.begin(), packed.end());
      packedAttr = DenseElementsAttr::get(tensorType, ArrayRef(bytes));
    }
    packedGlobal =
        makeGlobal(b, module, loc, base + "_rhs", packedType, packedAttr);
    startGlobal =
        makeGlobal(b, module, loc, base + "_start", startType,
                   DenseElementsAttr::get(
                       RankedTensorType::get(startType.getShape(), accElement),
                       ArrayRef<int32_t>(start)));
  }
  Value rhs = memref::GetGlobalOp::create(b, loc, packedType,
                                          packedGlobal.getSymName());
  Value starts =
      memref::GetGlobalOp::create(b, loc, startType, startGlobal.getSymName());

  // Converted input, channels padded to whole register tiles.
  Value input = convertActivations(b, loc, *dot, x);
  if (cp != c) {
    auto type = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> shape(type.getShape());
    shape[3] = cp;
    SmallVector<OpFoldResult> low(4, b.getIndexAttr(0)),
        high(4, b.getIndexAttr(0));
    high[3] = b.getIndexAttr(cp - c);
    Value zero =
        arith::ConstantOp::create(b, loc, b.getZeroAttr(dot->element()));
    input = tensor::PadOp::create(b, loc, type.clone(shape), input, low, high,
                                  zero);
  }
  Value inBuffer = kernelReadBuffer(b, loc, input, base);
  std::optional<Epilogue> epilogue =
      matchEpilogue(op->getResult(0), /*fullInputsLanes=*/0, withMultiplier);
  Type outElement = epilogue ? epilogue->outElement : accElement;
  auto cMemType = MemRefType::get({m, cp}, outElement);
  Value cBuffer =
      memref::AllocOp::create(b, loc, cMemType, b.getI64IntegerAttr(64));
  SmallVector<Value> channelBuffers = epilogueChannelBuffers(
      b, loc, module, epilogue ? &*epilogue : nullptr, base, cp);

  auto index = [&](OpBuilder &nb, int64_t v) {
    return indexConstant(nb, loc, v);
  };
  VectorType accType = dot->accType(), operandType = dot->operandType();
  auto wideType = VectorType::get({lanes * blockTile}, dot->element());

  LoopNest nest = buildLoopNest(b, loc, nbp, blockTile, m, rows,
                                selection.threaded(m * taps * c));
  OpBuilder &cb = nest.body;
  Value block = nest.block, row = nest.row;
  Value channel0 = arith::MulIOp::create(cb, loc, block, index(cb, lanes));
  SmallVector<Value> blockIndex;
  for (int64_t j = 0; j < blockTile; ++j)
    blockIndex.push_back(arith::AddIOp::create(cb, loc, block, index(cb, j)));
  // The interleaving of `per` taps of block j: lane ch holds the taps'
  // values of channel j * lanes + ch.
  auto interleave = [&](ArrayRef<Value> tapValues, int64_t j) -> Value {
    int64_t width = lanes * blockTile;
    SmallVector<int64_t> pairMask;
    for (int64_t ch = 0; ch < lanes; ++ch) {
      pairMask.push_back(j * lanes + ch);
      pairMask.push_back(width + j * lanes + ch);
    }
    Value p01 = vector::ShuffleOp::create(cb, loc, tapValues[0], tapValues[1],
                                          pairMask);
    if (per == 2)
      return p01;
    Value p23 = vector::ShuffleOp::create(cb, loc, tapValues[2], tapValues[3],
                                          pairMask);
    SmallVector<int64_t> quadMask;
    for (int64_t ch = 0; ch < lanes; ++ch)
      for (int64_t k :
           {2 * ch, 2 * ch + 1, 2 * lanes + 2 * ch, 2 * lanes + 2 * ch + 1})
        quadMask.push_back(k);
    return vector::ShuffleOp::create(cb, loc, p01, p23, quadMask);
  };
  for (int64_t r = 0; r < rows; ++r) {
    Value p = arith::AddIOp::create(cb, loc, row, index(cb, r));
    // Rows past M compute and store the last pixel again.
    Value q =
        m % rows
            ? arith::MinSIOp::create(cb, loc, p, index(cb, m - 1)).getResult()
            : p;
    Value plane = index(cb, oh * ow);
    Value batch = arith::DivUIOp::create(cb, loc, q, plane);
    Value rem = arith::RemUIOp::create(cb, loc, q, plane);
    Value y0 = arith::MulIOp::create(
        cb, loc, arith::DivUIOp::create(cb, loc, rem, index(cb, ow)),
        index(cb, strides[0]));
    Value x0 = arith::MulIOp::create(
        cb, loc, arith::RemUIOp::create(cb, loc, rem, index(cb, ow)),
        index(cb, strides[1]));
    // The input position of every tap for this pixel.
    SmallVector<Value> tapY, tapX;
    for (int64_t t = 0; t < taps; ++t) {
      tapY.push_back(arith::AddIOp::create(cb, loc, y0,
                                           index(cb, (t / kw) * dilations[0])));
      tapX.push_back(arith::AddIOp::create(cb, loc, x0,
                                           index(cb, (t % kw) * dilations[1])));
    }
    // With one tap per lane (f32) each block's values are loaded where the
    // step uses them: the whole tile's taps at once would need taps x
    // blocks registers (9 x 4 on NEON), more than there are.
    auto blockOfTap = [&](int64_t t, int64_t j) -> Value {
      Value channel =
          arith::AddIOp::create(cb, loc, channel0, index(cb, j * lanes));
      return vector::LoadOp::create(
          cb, loc, operandType, inBuffer,
          ValueRange{batch, tapY[t], tapX[t], channel});
    };
    // Otherwise the input values of every tap, all channel blocks.
    SmallVector<Value> tapValues;
    if (per > 1)
      for (int64_t t = 0; t < taps; ++t)
        tapValues.push_back(vector::LoadOp::create(
            cb, loc, wideType, inBuffer,
            ValueRange{batch, tapY[t], tapX[t], channel0}));
    // The taps of group `gi`; missing taps of the last group meet zero
    // weights.
    auto tapGroup = [&](int64_t gi) {
      SmallVector<Value> group;
      for (int64_t k = 0; k < per; ++k) {
        int64_t t = per * gi + k;
        group.push_back(tapValues[t < taps ? t : 0]);
      }
      return group;
    };
    auto weightsOf = [&](int64_t j, int64_t gi) -> Value {
      return vector::LoadOp::create(
          cb, loc, operandType, rhs,
          ValueRange{blockIndex[j], index(cb, gi), index(cb, 0)});
    };
    SmallVector<Value> accs;
    for (int64_t j = 0; j < blockTile; ++j)
      accs.push_back(vector::LoadOp::create(
          cb, loc, accType, starts, ValueRange{blockIndex[j], index(cb, 0)}));
    if (laneUnpack) {
      for (int64_t gi = 0; gi < tapGroups; ++gi) {
        SmallVector<Value> group = tapGroup(gi);
        for (auto [k, quad] : llvm::enumerate(unpackQuads(cb, loc, group)))
          accs[k] = dot->step(cb, loc, module, accs[k], quad, weightsOf(k, gi));
      }
      accs = channelOrder(cb, loc, accs);
    } else if (per == 1) {
      for (int64_t j = 0; j < blockTile; ++j)
        for (int64_t t = 0; t < taps; ++t)
          accs[j] = dot->step(cb, loc, module, accs[j], blockOfTap(t, j),
                              weightsOf(j, t));
    } else {
      for (int64_t j = 0; j < blockTile; ++j)
        for (int64_t gi = 0; gi < tapGroups; ++gi)
          accs[j] = dot->step(cb, loc, module, accs[j],
                              interleave(tapGroup(gi), j), weightsOf(j, gi));
    }
    for (int64_t j = 0; j < blockTile; ++j) {
      Value acc = accs[j];
      Value col =
          arith::MulIOp::create(cb, loc, blockIndex[j], index(cb, lanes));
      SmallVector<Value> channels;
      for (Value buffer : channelBuffers) {
        if (!buffer) {
          channels.push_back(Value());
          continue;
        }
        auto type = cast<MemRefType>(buffer.getType());
        channels.push_back(vector::LoadOp::create(
            cb, loc, VectorType::get({lanes}, type.getElementType()), buffer,
            ValueRange{col}));
      }
      if (epilogue)
        acc = emitEpilogue(cb, loc, *epilogue, lanes, acc, channels);
      vector::StoreOp::create(cb, loc, acc, cBuffer, ValueRange{q, col});
    }
  }

  b.setInsertionPointAfter(nest.outer);
  Value flat = resultTensor(b, loc, cBuffer, m, c);
  replaceWithKernel(op, epilogue, b, loc, flat,
                    withMultiplier
                        ? SmallVector<ReassociationIndices>{{0, 1, 2}, {3, 4}}
                        : SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

class QMLIRCpuKernels
    : public qmlir::impl::QMLIRCpuKernelsBase<QMLIRCpuKernels> {
public:
  using Base::Base;

  void runOnOperation() override {
    if (failed(qmlir::checkInputLevel(getOperation(), getArgument(),
                                      qmlir::InputLevel::LinalgOnTensors)))
      return signalPassFailure();
    ModuleOp module = getOperation();
    // Errors about options name no op: no IR dump after them.
    auto fail = [&](const Twine &message) {
      mlir::emitError(module.getLoc()) << "qmlir-cpu-kernels: " << message;
      signalPassFailure();
    };
    llvm::Expected<qmlir::TargetDescription> target =
        qmlir::resolveTarget(targetCpu, targetFeatures, targetTriple);
    if (!target)
      return fail(llvm::toString(target.takeError()));
    std::optional<std::optional<KernelKind>> int8 =
        qmlir::parseInt8KernelOption(int8Kernel);
    if (!int8)
      return fail("unknown int8-kernel '" + int8Kernel +
                  "' (auto, avx512-vnni, avx-vnni, avx2, avx2-i16, neon-dot, "
                  "neon-i8mm, none)");
    if (floatKernel != "auto" && floatKernel != "fma" &&
        floatKernel != "neon-fma" && floatKernel != "none")
      return fail("unknown float-kernel '" + floatKernel +
                  "' (auto, fma, neon-fma, none)");
    KernelSelection selection;
    selection.target = *target;
    selection.int8 = *int8 ? **int8 : target->bestInt8Kernel();
    // `fma` names the fused multiply-add kernel of the target's
    // architecture.
    if (floatKernel == "auto")
      selection.fp32 = target->bestFloatKernel();
    else if (floatKernel == "none")
      selection.fp32 = KernelKind::None;
    else if (floatKernel == "neon-fma" || target->aarch64)
      selection.fp32 = KernelKind::NeonFma;
    else
      selection.fp32 = KernelKind::F32Fma;
    selection.parallel = parallel;
    if (minParallelMacs < 0)
      return fail("min-parallel-macs must not be negative (got " +
                  std::to_string(minParallelMacs) + ")");
    selection.minParallelMacs = minParallelMacs;
    selection.remarks = remarks;
    // A kind the CPU lacks is compiled only for emulation.
    for (KernelKind kind : {selection.int8, selection.fp32})
      if (!emulate && !target->supports(kind))
        return fail(
            ("the " + qmlir::stringifyKernelKind(kind) +
             " kernels need the CPU features " +
             llvm::join(qmlir::TargetDescription::requiredFeatures(kind),
                        ", ") +
             ", which CPU '" + target->cpu +
             "' does not have (int8-kernel=auto chooses what it has; "
             "emulate=true compiles them to generic code)")
                .str());

    // Consumers first: a layer's input conversion then joins the epilogue
    // of the producing layer before that one becomes a kernel.
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (isa<linalg::MatmulOp, linalg::BatchMatmulOp, linalg::Conv2DNhwcHwcfOp,
              linalg::DepthwiseConv2DNhwcHwcmOp,
              linalg::DepthwiseConv2DNhwcHwcOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : llvm::reverse(ops)) {
      if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op))
        (void)rewriteMatmul(cast<linalg::LinalgOp>(op), selection);
      else if (auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op))
        (void)rewriteConv(conv, selection);
      else
        (void)rewriteDepthwise(cast<linalg::LinalgOp>(op), selection);
    }
    if (emulate || selection.used.empty())
      return;
    llvm::SetVector<StringRef> features;
    for (KernelKind kind : selection.used)
      for (StringRef feature : qmlir::TargetDescription::requiredFeatures(kind))
        features.insert(feature);
    Builder b(module.getContext());
    module->setAttr(qmlir::kRequiredCpuFeaturesAttrName,
                    b.getStrArrayAttr(features.getArrayRef()));
  }
};

} // namespace
