//===- Weights.h - Where a contraction keeps its weights --------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The weight operand of the float contractions qnt-quantize quantizes, its
// output-channel axis, and whether it is quantized per channel: one answer
// for every pass that must quantize weights exactly as qnt-quantize does
// (qnt-bias-correction).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECT_QNT_TRANSFORMS_WEIGHTS_H
#define QMLIR_DIALECT_QNT_TRANSFORMS_WEIGHTS_H

#include "qmlir/Dialect/QNT/Transforms/QuantizeOptions.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>

namespace qmlir {

struct WeightLayout {
  /// The weight's operand index and its output-channel axis.
  unsigned operand = 1;
  int32_t axis = 0;
  /// Channels along `axis` (1 when quantized per tensor) and the elements
  /// after `axis` (element i belongs to channel (i / inner) % channels).
  int64_t channels = 1, inner = 1;
};

/// The weight layout of `op` (conv2d, transpose_conv2d, depthwise_conv2d,
/// matmul) with weights of type `weight` under `granularity`; none for
/// other ops. A depthwise kernel with a channel multiplier has its C * M
/// output channels over two axes: it is quantized per tensor.
inline std::optional<WeightLayout> weightLayout(mlir::Operation *op,
                                                mlir::RankedTensorType weight,
                                                WeightGranularity granularity) {
  WeightLayout layout;
  if (mlir::isa<mlir::tosa::Conv2DOp, mlir::tosa::TransposeConv2DOp>(op))
    layout.axis = 0; // [OC, KH, KW, IC]
  else if (mlir::isa<mlir::tosa::DepthwiseConv2DOp>(op))
    layout.axis = 2; // [KH, KW, C, M]
  else if (mlir::isa<mlir::tosa::MatMulOp>(op))
    layout.axis = 2; // [N, K, W]: output columns
  else
    return std::nullopt;
  bool perChannel = granularity == WeightGranularity::PerChannel &&
                    !(mlir::isa<mlir::tosa::DepthwiseConv2DOp>(op) &&
                      weight.getDimSize(3) != 1);
  if (!perChannel)
    return layout;
  layout.channels = weight.getDimSize(layout.axis);
  for (int64_t d = layout.axis + 1; d < weight.getRank(); ++d)
    layout.inner *= weight.getDimSize(d);
  return layout;
}

} // namespace qmlir

#endif // QMLIR_DIALECT_QNT_TRANSFORMS_WEIGHTS_H
