//===- DenseElements.h - Moving the elements of dense constants -*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Constant folding of data movement (transposes of weights) by copying
// bytes: upstream's folders compute each element through APInt/APFloat,
// which takes seconds for the millions of weights of a CNN.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_SUPPORT_DENSEELEMENTS_H
#define QMLIR_SUPPORT_DENSEELEMENTS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cstring>
#include <vector>

namespace qmlir {

/// A constant of `resultType` whose element at index `idx` is `data`'s
/// element at offset sum(idx[i] * sourceStrides[i]) (row-major offsets
/// into `data`; a permutation when the strides are `data`'s own, permuted).
/// Null when `data` is a splat or its elements are not whole bytes.
inline mlir::DenseElementsAttr
gatherDenseElements(mlir::DenseElementsAttr data,
                    mlir::RankedTensorType resultType,
                    llvm::ArrayRef<int64_t> sourceStrides) {
  auto sourceType = llvm::cast<mlir::RankedTensorType>(data.getType());
  unsigned bits = sourceType.getElementTypeBitWidth();
  if (data.isSplat() || bits == 0 || bits % 8 != 0 ||
      llvm::isa<mlir::ComplexType>(sourceType.getElementType()))
    return {};
  size_t bytes = bits / 8;
  int64_t rank = resultType.getRank();
  llvm::ArrayRef<int64_t> shape = resultType.getShape();
  llvm::ArrayRef<char> source = data.getRawData();
  int64_t count = resultType.getNumElements();
  std::vector<char> result(count * bytes);
  llvm::SmallVector<int64_t> idx(rank, 0);
  int64_t offset = 0;
  for (int64_t n = 0; n < count; ++n) {
    std::memcpy(result.data() + n * bytes, source.data() + offset * bytes,
                bytes);
    // Next index, last dimension fastest.
    for (int64_t i = rank - 1; i >= 0; --i) {
      offset += sourceStrides[i];
      if (++idx[i] < shape[i])
        break;
      offset -= sourceStrides[i] * shape[i];
      idx[i] = 0;
    }
  }
  return mlir::DenseElementsAttr::getFromRawBuffer(resultType, result);
}

} // namespace qmlir

#endif // QMLIR_SUPPORT_DENSEELEMENTS_H
