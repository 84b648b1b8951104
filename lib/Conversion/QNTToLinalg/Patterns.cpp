//===- Patterns.cpp - The qnt to linalg conversion ------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "qmlir/Conversion/QNTToLinalg/QNTToLinalg.h"

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Quant/Numerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace qmlir;
using namespace qmlir::detail;

mlir::Type qmlir::detail::storageTypeOf(mlir::Type type) {
  auto tensor = dyn_cast<TensorType>(type);
  if (!tensor)
    return nullptr;
  auto quantized =
      dyn_cast<mlir::quant::QuantizedType>(tensor.getElementType());
  if (!quantized)
    return nullptr;
  return tensor.clone(IntegerType::get(
      type.getContext(), quantized.getStorageTypeIntegralWidth()));
}

namespace {

/// Whether all operand and result types of `op` are statically shaped.
bool hasStaticShapes(Operation *op) {
  auto isStatic = [](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    return !shaped || shaped.hasStaticShape();
  };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

/// One qnt op to linalg on storage integers. The lowerings read the
/// quantization parameters from the op's (unconverted) types and its
/// operands' storage through `quant.scast`, which the storage cast pattern
/// folds into the converted operands.
template <typename OpT> class QNTOpLowering : public OpConversionPattern<OpT> {
public:
  using OpConversionPattern<OpT>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return op->emitError() << "cannot lower to linalg: dynamic shapes";
    return lower(op, rewriter);
  }

private:
  static LogicalResult lower(qnt::QuantizeOp op, ConversionPatternRewriter &b) {
    return lowerQuantize(op, b);
  }
  static LogicalResult lower(qnt::DequantizeOp op,
                             ConversionPatternRewriter &b) {
    return lowerDequantize(op, b);
  }
  static LogicalResult lower(qnt::Conv2DOp op, ConversionPatternRewriter &b) {
    return lowerConvolution(op, /*depthwise=*/false, b);
  }
  static LogicalResult lower(qnt::DepthwiseConv2DOp op,
                             ConversionPatternRewriter &b) {
    return lowerConvolution(op, /*depthwise=*/true, b);
  }
  static LogicalResult lower(qnt::MatmulOp op, ConversionPatternRewriter &b) {
    return lowerMatmul(op, b);
  }
  static LogicalResult lower(qnt::AddOp op, ConversionPatternRewriter &b) {
    return lowerBinary(op, /*isAdd=*/true, b);
  }
  static LogicalResult lower(qnt::MulOp op, ConversionPatternRewriter &b) {
    return lowerBinary(op, /*isAdd=*/false, b);
  }
  static LogicalResult lower(qnt::MaxPool2DOp op,
                             ConversionPatternRewriter &b) {
    return lowerMaxPool(op, b);
  }
  static LogicalResult lower(qnt::AvgPool2DOp op,
                             ConversionPatternRewriter &b) {
    return lowerAvgPool(op, b);
  }
  static LogicalResult lower(qnt::ConcatOp op, ConversionPatternRewriter &b) {
    return lowerConcat(op, b);
  }
  static LogicalResult lower(qnt::RequantizeOp op,
                             ConversionPatternRewriter &b) {
    return lowerRequantize(op, b);
  }
  static LogicalResult lower(qnt::TableOp op, ConversionPatternRewriter &b) {
    return lowerTable(op, b);
  }
};

/// A `quant.scast` between a `!quant` tensor and its storage is the identity
/// once both sides are converted.
class StorageCastFolding
    : public OpConversionPattern<mlir::quant::StorageCastOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(mlir::quant::StorageCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (adaptor.getInput().getType() != type)
      return op.emitError()
             << "storage cast from " << adaptor.getInput().getType() << " to "
             << type << " is not an identity";
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// Any other op without regions (data movement on quantized tensors,
/// returns, calls) with its operands and results converted.
class RetypedOp : public ConversionPattern {
public:
  RetypedOp(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1,
                          context) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (op->getNumRegions() != 0 || isa<qnt::QNTDialect>(op->getDialect()))
      return failure();
    SmallVector<Type> types;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(), types)))
      return failure();
    OperationState state(op->getLoc(), op->getName().getStringRef(), operands,
                         types, op->getAttrs(), op->getSuccessors());
    rewriter.replaceOp(op, rewriter.create(state)->getResults());
    return success();
  }
};

} // namespace

qmlir::QNTStorageTypeConverter::QNTStorageTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](TensorType type) -> std::optional<Type> {
    if (Type storage = qmlir::detail::storageTypeOf(type))
      return storage;
    return std::nullopt;
  });
  auto storageCast = [](OpBuilder &b, Type type, ValueRange inputs,
                        Location loc) -> Value {
    if (inputs.size() != 1)
      return nullptr;
    return mlir::quant::StorageCastOp::create(b, loc, type, inputs[0]);
  };
  addSourceMaterialization(storageCast);
  addTargetMaterialization(storageCast);
}

void qmlir::populateQNTToLinalgConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns
      .add<QNTOpLowering<qnt::QuantizeOp>, QNTOpLowering<qnt::DequantizeOp>,
           QNTOpLowering<qnt::Conv2DOp>, QNTOpLowering<qnt::DepthwiseConv2DOp>,
           QNTOpLowering<qnt::MatmulOp>, QNTOpLowering<qnt::AddOp>,
           QNTOpLowering<qnt::MulOp>, QNTOpLowering<qnt::MaxPool2DOp>,
           QNTOpLowering<qnt::AvgPool2DOp>, QNTOpLowering<qnt::ConcatOp>,
           QNTOpLowering<qnt::RequantizeOp>, QNTOpLowering<qnt::TableOp>,
           StorageCastFolding, RetypedOp>(converter, context);
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                 converter);
}

void qmlir::configureQNTToLinalgTarget(ConversionTarget &target,
                                       const TypeConverter &converter) {
  target.markUnknownOpDynamicallyLegal([&converter](Operation *op) {
    if (auto func = dyn_cast<func::FuncOp>(op))
      return converter.isSignatureLegal(func.getFunctionType()) &&
             converter.isLegal(&func.getBody());
    return converter.isLegal(op);
  });
  target.addIllegalDialect<qnt::QNTDialect>();
  target.addLegalOp<qnt::CalibrateOp>();
  target.addIllegalOp<mlir::quant::StorageCastOp>();
}
