//===- Weights.cpp - Quantized weights in the graph -----------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/Transforms/Weights.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Transforms/LocationNames.h"
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
