//===- QNTToLinalgInternal.h - convert-qnt-to-linalg internals --*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_CONVERSION_QNTTOLINALG_QNTTOLINALGINTERNAL_H
#define QMLIR_LIB_CONVERSION_QNTTOLINALG_QNTTOLINALGINTERNAL_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Types.h"
#include "mlir/Support/LogicalResult.h"

namespace qmlir::detail {

/// Weight-only quantization: a float `tosa.conv2d`, `tosa.depthwise_conv2d`
/// or `tosa.matmul` whose constant weights are a `qnt.dequantize` of
/// symmetric integers (8 bits or fewer) becomes the linalg contraction of the
/// float input with the integer weights — converted to f32 in the kernel's
/// inner loop, never dequantized as a whole tensor — and an epilogue that
/// applies each output channel's scale and the bias. Returns whether `op`
/// was rewritten.
bool lowerWeightOnly(mlir::Operation *op);

/// Dynamic quantization of a float `tosa.conv2d` or `tosa.matmul` marked
/// `qnt.dynamic` with dequantized constant weights: the input's range is
/// reduced at run time, the input quantized to u8 with the scale and zero
/// point that range gives (as `chooseQuantParams`), the product computed on
/// integers (the weights' column sums correct for the run-time zero point),
/// and the float result rescaled per output channel, plus the bias. Emits an
/// error and fails for a marked op of another form.
mlir::LogicalResult lowerDynamic(mlir::Operation *op);

/// The signless storage tensor type of a tensor of a `!quant` type, or null.
mlir::Type storageTypeOf(mlir::Type type);

} // namespace qmlir::detail

#endif // QMLIR_LIB_CONVERSION_QNTTOLINALG_QNTTOLINALGINTERNAL_H
