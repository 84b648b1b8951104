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

#include "qmlir/Quant/Numerics.h"
#include "qmlir/Support/StatsFile.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/GlobPattern.h"

#include <optional>
#include <string>

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

/// The storage of quantized weights: `bits` (8, 7 or 4) signed, narrow
/// range or not, as qnt-quantize stores them.
inline llvm::Expected<quant::StorageSpec> weightStorageSpec(unsigned bits,
                                                            bool narrowRange) {
  if (bits != 8 && bits != 7 && bits != 4)
    return llvm::createStringError("weight-bits " + llvm::Twine(bits) +
                                   " is not 8, 7 or 4");
  return quant::StorageSpec{bits, true, narrowRange};
}

/// Appends the glob patterns of `option` (a list of layer or id patterns) to
/// `patterns`; the error names the option and the pattern.
inline llvm::Error
appendGlobPatterns(llvm::StringRef option, llvm::ArrayRef<std::string> texts,
                   llvm::SmallVectorImpl<llvm::GlobPattern> &patterns) {
  for (const std::string &text : texts) {
    auto glob = llvm::GlobPattern::create(text);
    if (!glob)
      return llvm::createStringError(option + " '" + text +
                                     "': " + llvm::toString(glob.takeError()));
    patterns.push_back(std::move(*glob));
  }
  return llvm::Error::success();
}

/// What a pass that changes weights before qnt-quantize takes from its
/// options: qnt-quantize's weight storage, the layers to leave alone
/// (`keep-float` and `float-layers` patterns) and the calibration
/// statistics (handed over in memory, or read from the stats file).
struct WeightPassSetup {
  quant::StorageSpec storage;
  llvm::SmallVector<llvm::GlobPattern> leftAlone;
  std::shared_ptr<const CalibrationStats> stats;
  /// Whether the layer name of `op` matches a pattern of `leftAlone`.
  bool excluded(mlir::Operation *op) const;
  /// The checks before a run on `module`: the calibrated float graph (the
  /// error names `pass`), and statistics (else "`pass`: needs `what`; give
  /// stats=FILE"). Emits the error and fails.
  mlir::LogicalResult checkRun(mlir::ModuleOp module, llvm::StringRef pass,
                               llvm::StringRef what) const;
};
llvm::Expected<WeightPassSetup>
setUpWeightPass(unsigned weightBits, bool narrowRange,
                llvm::ArrayRef<std::string> keepFloat,
                llvm::ArrayRef<std::string> floatLayers,
                std::shared_ptr<const CalibrationStats> given,
                llvm::StringRef statsFile);

/// The quantized element type of `params` over `storage` expressing f32:
/// per tensor for one parameter set, else per axis along `axis`.
mlir::Type quantizedElementType(mlir::MLIRContext *context,
                                const quant::StorageSpec &storage,
                                llvm::ArrayRef<quant::QuantParams> params,
                                int32_t axis);

/// Quantized weights pinned in the graph, as qnt-quantize leaves them: the
/// storage constant, a storage cast to the quantized type (per axis along
/// `axis`) and a `qnt.dequantize` to `floatType`, whose result is returned.
mlir::Value pinQuantizedWeights(mlir::OpBuilder &builder, mlir::Location loc,
                                mlir::RankedTensorType floatType,
                                const quant::QuantizedWeights &weights,
                                const quant::StorageSpec &storage,
                                int32_t axis);

/// For a layer reading its input as operand 0 with constant weights of type
/// `type` as operand 1 (conv2d [OC, KH, KW, IC], depthwise_conv2d
/// [KH, KW, C, M], matmul [N, K, W]): the number of input channels (the
/// last axis of the input), and the input channel weight element `i`
/// multiplies.
int64_t inputChannelsOf(mlir::Operation *op, mlir::RankedTensorType type);
int64_t inputChannelOf(mlir::Operation *op, mlir::RankedTensorType type,
                       size_t i);

/// How an error on each channel of a value (its last axis) reaches the
/// outputs of the layers reading it.
struct ChannelReach {
  int64_t channels = 0;
  /// Per channel, the sum of the squares of the weights multiplying it: an
  /// error that varies from position to position adds its variance times
  /// this to the readers' outputs.
  std::vector<double> energy;
  /// Per output channel o of the readers (every reader's in turn) and
  /// channel c, row-major [outputs, channels]: the sum of the weights by
  /// which c reaches o over the kernel's taps. A constant error m on each
  /// channel shifts output o by sum_c taps[o][c] * m[c].
  int64_t outputs = 0;
  std::vector<double> taps;
};

/// The reach of `value` when every op reading it is a conv2d,
/// depthwise_conv2d or matmul reading it as its input, with constant f32
/// weights; none otherwise (or without a reader).
std::optional<ChannelReach> channelReach(mlir::Value value);

} // namespace qmlir

#endif // QMLIR_DIALECT_QNT_TRANSFORMS_WEIGHTS_H
