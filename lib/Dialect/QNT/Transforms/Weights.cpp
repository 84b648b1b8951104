//===- Weights.cpp - Quantized weights in the graph -----------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/Transforms/Weights.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Transforms/LocationNames.h"
#include "qmlir/Transforms/PositiveScale.h"
#include "qmlir/Verification/InputLevel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"

using namespace mlir;

bool qmlir::WeightPassSetup::excluded(Operation *op) const {
  std::optional<std::string> name = qnt::locationName(op->getLoc());
  return name && llvm::any_of(leftAlone, [&](const llvm::GlobPattern &p) {
           return p.match(*name);
         });
}

LogicalResult qmlir::WeightPassSetup::checkRun(ModuleOp module, StringRef pass,
                                               StringRef what) const {
  if (failed(checkInputLevel(module, pass, InputLevel::Graph)))
    return failure();
  if (!stats)
    return module.emitError()
           << pass << ": needs " << what << "; give stats=FILE";
  return success();
}

llvm::Expected<qmlir::WeightPassSetup> qmlir::setUpWeightPass(
    unsigned weightBits, bool narrowRange, ArrayRef<std::string> keepFloat,
    ArrayRef<std::string> floatLayers,
    std::shared_ptr<const CalibrationStats> given, StringRef statsFile) {
  WeightPassSetup setup;
  auto spec = weightStorageSpec(weightBits, narrowRange);
  if (!spec)
    return spec.takeError();
  setup.storage = *spec;
  if (llvm::Error err =
          appendGlobPatterns("keep-float", keepFloat, setup.leftAlone))
    return std::move(err);
  if (llvm::Error err =
          appendGlobPatterns("float-layers", floatLayers, setup.leftAlone))
    return std::move(err);
  auto statistics = passStatistics(std::move(given), statsFile);
  if (!statistics)
    return statistics.takeError();
  setup.stats = std::move(*statistics);
  return std::move(setup);
}

Type qmlir::quantizedElementType(MLIRContext *context,
                                 const quant::StorageSpec &storage,
                                 ArrayRef<quant::QuantParams> params,
                                 int32_t axis) {
  unsigned flags =
      storage.isSigned ? mlir::quant::QuantizationFlags::Signed : 0;
  Type integer = IntegerType::get(context, storage.width());
  Type f32 = Float32Type::get(context);
  if (params.size() == 1)
    return mlir::quant::UniformQuantizedType::get(
        flags, integer, f32, params[0].scale, params[0].zeroPoint,
        storage.min(), storage.max());
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  for (const quant::QuantParams &p : params) {
    scales.push_back(p.scale);
    zeroPoints.push_back(p.zeroPoint);
  }
  return mlir::quant::UniformQuantizedPerAxisType::get(
      flags, integer, f32, scales, zeroPoints, axis, storage.min(),
      storage.max());
}

Value qmlir::pinQuantizedWeights(OpBuilder &builder, Location loc,
                                 RankedTensorType floatType,
                                 const quant::QuantizedWeights &weights,
                                 const quant::StorageSpec &storage,
                                 int32_t axis) {
  MLIRContext *context = builder.getContext();
  auto storageType =
      floatType.clone(IntegerType::get(context, storage.width()));
  SmallVector<APInt> values;
  values.reserve(weights.values.size());
  for (int64_t v : weights.values)
    values.push_back(APInt(storage.width(), v, /*isSigned=*/true));
  Value constant = arith::ConstantOp::create(
      builder, loc, DenseElementsAttr::get(storageType, values));
  Type element = quantizedElementType(context, storage, weights.params, axis);
  Value typed = mlir::quant::StorageCastOp::create(
      builder, loc, floatType.clone(element), constant);
  return qnt::DequantizeOp::create(builder, loc, floatType, typed);
}

int64_t qmlir::inputChannelsOf(Operation *op, RankedTensorType type) {
  if (isa<tosa::Conv2DOp>(op))
    return type.getDimSize(3);
  if (isa<tosa::DepthwiseConv2DOp>(op))
    return type.getDimSize(2);
  return type.getDimSize(1);
}

int64_t qmlir::inputChannelOf(Operation *op, RankedTensorType type, size_t i) {
  int64_t index = int64_t(i);
  if (isa<tosa::Conv2DOp>(op))
    return index % type.getDimSize(3);
  if (isa<tosa::DepthwiseConv2DOp>(op))
    return (index / type.getDimSize(3)) % type.getDimSize(2);
  return (index / type.getDimSize(2)) % type.getDimSize(1);
}

std::optional<qmlir::ChannelReach> qmlir::channelReach(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() == 0 || !type.hasStaticShape() ||
      value.use_empty())
    return std::nullopt;
  ChannelReach reach;
  reach.channels = type.getDimSize(type.getRank() - 1);
  reach.energy.assign(reach.channels, 0.0);
  for (OpOperand &use : value.getUses()) {
    Operation *op = use.getOwner();
    if (use.getOperandNumber() != 0 ||
        !isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp>(op))
      return std::nullopt;
    std::optional<F32Constant> w = f32Constant(op->getOperand(1));
    if (!w || inputChannelsOf(op, w->type) != reach.channels)
      return std::nullopt;
    // The reader's output channel of each weight element: conv2d [OC, KH,
    // KW, IC] -> oc; depthwise [KH, KW, C, M] -> c * M + m; matmul
    // [N, K, W] -> n * W + w.
    ArrayRef<int64_t> shape = w->type.getShape();
    int64_t outputs = isa<tosa::Conv2DOp>(op)            ? shape[0]
                      : isa<tosa::DepthwiseConv2DOp>(op) ? shape[2] * shape[3]
                                                         : shape[0] * shape[2];
    int64_t first = reach.outputs;
    reach.outputs += outputs;
    reach.taps.resize(reach.outputs * reach.channels, 0.0);
    for (size_t i = 0; i < w->values.size(); ++i) {
      int64_t c = inputChannelOf(op, w->type, i);
      int64_t index = int64_t(i), o;
      if (isa<tosa::Conv2DOp>(op))
        o = index / (shape[1] * shape[2] * shape[3]);
      else if (isa<tosa::DepthwiseConv2DOp>(op))
        o = index % (shape[2] * shape[3]);
      else
        o = (index / (shape[1] * shape[2])) * shape[2] + index % shape[2];
      double v = w->values[i];
      reach.energy[c] += v * v;
      reach.taps[(first + o) * reach.channels + c] += v;
    }
  }
  return reach;
}
