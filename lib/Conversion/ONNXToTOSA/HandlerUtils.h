//===- HandlerUtils.h - Helpers shared by the ONNX op handlers --*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Attribute and input access, diagnostics and small TOSA builders used by the
// handlers of convert-onnx-to-tosa. Internal to the conversion.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_CONVERSION_ONNXTOTOSA_HANDLERUTILS_H
#define QMLIR_LIB_CONVERSION_ONNXTOTOSA_HANDLERUTILS_H

#include "qmlir/Conversion/ONNXToTOSA/ONNXToTOSA.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include <optional>

namespace qmlir::onnx_to_tosa {

using Values = llvm::SmallVector<mlir::Value>;

/// Starts an error on the node: "ONNX Conv node 'conv1' (opset 13): ".
mlir::InFlightDiagnostic fail(onnxir::NodeOp node);

mlir::RankedTensorType resultType(onnxir::NodeOp node, unsigned i = 0);

/// Input `i`, or null when it is absent or omitted (an `onnx.none`).
mlir::Value input(onnxir::NodeOp node, unsigned i);

int64_t intAttr(onnxir::NodeOp node, llvm::StringRef name, int64_t fallback);
float floatAttr(onnxir::NodeOp node, llvm::StringRef name, float fallback);
llvm::SmallVector<int64_t> intsAttr(onnxir::NodeOp node, llvm::StringRef name,
                                    llvm::ArrayRef<int64_t> fallback);
llvm::StringRef stringAttr(onnxir::NodeOp node, llvm::StringRef name,
                           llvm::StringRef fallback);

/// Fails unless the first `dataInputs` inputs and the first result are f32
/// tensors (other inputs may be integer parameters such as pads or axes).
mlir::LogicalResult requireF32(onnxir::NodeOp node, unsigned dataInputs = 1);

mlir::Value transpose(mlir::ImplicitLocOpBuilder &b, mlir::Value x,
                      llvm::ArrayRef<int32_t> perms);
/// A tosa.reshape to `shape`, or `x` itself when it already has that shape.
mlir::Value reshape(mlir::ImplicitLocOpBuilder &b, mlir::Value x,
                    llvm::ArrayRef<int64_t> shape);
/// x[offsets : offsets + sizes] (tosa.slice), or `x` when that is all of it.
mlir::Value sliceTensor(mlir::ImplicitLocOpBuilder &b, mlir::Value x,
                        llvm::ArrayRef<int64_t> offsets,
                        llvm::ArrayRef<int64_t> sizes);
/// tosa.concat of `parts` along `axis`, or the single part.
mlir::Value concatTensors(mlir::ImplicitLocOpBuilder &b,
                          llvm::ArrayRef<mlir::Value> parts, int32_t axis);
/// A 2-D or batched 3-D f32 matrix product through tosa.matmul (rank 3):
/// `a` as [batch, m, k], `w` as [batch, k, n].
mlir::Value matmul(mlir::ImplicitLocOpBuilder &b, mlir::Value a, mlir::Value w,
                   int64_t m, int64_t n, int64_t k, int64_t batch);
/// `x` reshaped to `rank` dimensions by leading dimensions of 1 (`rank` at
/// least that of `x`).
mlir::Value withLeadingOnes(mlir::ImplicitLocOpBuilder &b, mlir::Value x,
                            int64_t rank);
/// `x` reshaped to the rank of `shape` (leading dimensions of 1) and tiled
/// along its size-1 dimensions to `shape` (NumPy broadcasting); null when
/// it does not broadcast to `shape`.
mlir::Value broadcastTo(mlir::ImplicitLocOpBuilder &b, mlir::Value x,
                        llvm::ArrayRef<int64_t> shape);
/// A rank-`rank` f32 constant of `value` with all dimensions 1.
mlir::Value scalar(mlir::ImplicitLocOpBuilder &b, float value, int64_t rank);
/// tosa.mul with a zero shift.
mlir::Value mul(mlir::ImplicitLocOpBuilder &b, mlir::Type type, mlir::Value x,
                mlir::Value y);

inline constexpr int32_t kToNHWC[] = {0, 2, 3, 1};
inline constexpr int32_t kToNCHW[] = {0, 3, 1, 2};

/// `first` for result 0 and no value for the other results (the driver
/// rejects them if they are used).
Values withUnproducedOutputs(onnxir::NodeOp node, mlir::Value first);

/// Checks a window attribute of a 2-D convolution or pooling (`strides`,
/// `dilations`, `pads`): `count` values, each at least `least`; the error
/// names the node and the attribute.
mlir::LogicalResult checkWindowAttr(onnxir::NodeOp node, llvm::StringRef name,
                                    llvm::ArrayRef<int64_t> values,
                                    size_t count, int64_t least);

/// Explicit begin/end pads of the two spatial dimensions from `pads` or
/// `auto_pad`, in TOSA's [top, bottom, left, right] order.
mlir::FailureOr<llvm::SmallVector<int64_t>>
spatialPads(onnxir::NodeOp node, llvm::ArrayRef<int64_t> inputHW,
            llvm::ArrayRef<int64_t> kernelExtent,
            llvm::ArrayRef<int64_t> strides);

/// TOSA needs (in + pads - extent) divisible by the stride and gives
/// exactly the windows that fit. Sets the trailing pads so that the windows
/// span exactly the output size ONNX shape inference gave (`outHW`): trailing
/// padding no output uses is dropped, then unused trailing input rows and
/// columns are sliced off; with ceil_mode, trailing padding is added.
mlir::Value fitTrailingPadding(mlir::ImplicitLocOpBuilder &b, mlir::Value nhwc,
                               llvm::SmallVector<int64_t> &pads,
                               llvm::ArrayRef<int64_t> kernelExtent,
                               llvm::ArrayRef<int64_t> strides,
                               llvm::ArrayRef<int64_t> outHW);

/// Gathers `indices` (in range) along `axis` of `x` with tosa.gather: the
/// result has the shape of `x` with dimension `axis` replaced by the number
/// of indices.
mlir::Value gatherAlongAxis(mlir::ImplicitLocOpBuilder &b, mlir::Value x,
                            int64_t axis, llvm::ArrayRef<int64_t> indices);

/// An axis (negative counts from the end) as a dimension index.
mlir::FailureOr<int64_t> normalizedAxis(onnxir::NodeOp node, int64_t axis,
                                        int64_t rank);

/// The values of a constant integer input, or nullopt.
std::optional<llvm::SmallVector<int64_t>> constantIntValues(mlir::Value value);

/// The values of a constant integer input, or failure after an error naming
/// the input as `what`.
mlir::FailureOr<llvm::SmallVector<int64_t>>
constantInts(onnxir::NodeOp node, mlir::Value value, llvm::StringRef what);

/// The constant result of a node whose value is known at compile time:
/// Shape, ConstantOfShape, and integer Identity/Reshape/Squeeze/Unsqueeze/
/// Flatten/Cast/Concat/Neg/Add/Sub/Mul/Div/Gather/Slice of constants (the shape
/// arithmetic of exported models). nullopt when it does not fold.
std::optional<mlir::DenseElementsAttr> foldShapeArithmetic(onnxir::NodeOp node);

/// Registers Resize, Upsample and Gather (IndexingHandlers.cpp).
void populateIndexingHandlers(ONNXHandlerRegistry &registry);

/// Registers the comparisons, Not/And/Or, Where, Round, ArgMax, Expand and
/// Tile (ExportedModelHandlers.cpp).
void populateExportedModelHandlers(ONNXHandlerRegistry &registry);

/// Registers LSTM, GRU and RNN (RecurrentHandlers.cpp).
void populateRecurrentHandlers(ONNXHandlerRegistry &registry);

/// Registers Cast, Shape and ConstantOfShape (ShapeHandlers.cpp).
void populateShapeHandlers(ONNXHandlerRegistry &registry);

/// Registers the handlers of the quantized ops (QuantizeLinear,
/// DequantizeLinear, QLinearConv, QLinearMatMul, MatMulInteger, ConvInteger).
void populateQuantizedHandlers(ONNXHandlerRegistry &registry);

} // namespace qmlir::onnx_to_tosa

#endif // QMLIR_LIB_CONVERSION_ONNXTOTOSA_HANDLERUTILS_H
