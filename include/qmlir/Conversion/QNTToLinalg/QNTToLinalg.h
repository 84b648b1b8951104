//===- QNTToLinalg.h - qnt integer ops to linalg on tensors -----*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The conversion behind convert-qnt-to-linalg, for compilers that run it in
// their own pipelines: a type converter from `!quant` tensors to their
// signless storage integers, one conversion pattern per qnt op (linalg on
// storage integers, with the integer semantics of the op's description),
// patterns that retype every other op, function signatures included, and the
// target that makes qnt ops and `!quant` types illegal.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_CONVERSION_QNTTOLINALG_QNTTOLINALG_H
#define QMLIR_CONVERSION_QNTTOLINALG_QNTTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace qmlir {

/// Tensors of `!quant` element types become tensors of their signless
/// storage integers (i8, i16, i32); other types stay. `quant.scast`
/// materializes between the two.
class QNTStorageTypeConverter : public mlir::TypeConverter {
public:
  QNTStorageTypeConverter();
};

/// The qnt ops (quantize, dequantize, requantize, conv2d, depthwise_conv2d,
/// matmul, add, mul, max_pool2d, avg_pool2d, concat) to linalg on storage
/// integers; `quant.scast` between a `!quant` tensor and its storage folded;
/// every other op and function signature retyped. A qnt op of a form without
/// a lowering gets an error naming the reason.
void populateQNTToLinalgConversionPatterns(const mlir::TypeConverter &converter,
                                           mlir::RewritePatternSet &patterns);

/// Illegal: qnt ops (but calibration markers) and `quant.scast`; legal:
/// every other op whose types `converter` leaves as they are.
void configureQNTToLinalgTarget(mlir::ConversionTarget &target,
                                const mlir::TypeConverter &converter);

} // namespace qmlir

#endif // QMLIR_CONVERSION_QNTTOLINALG_QNTTOLINALG_H
