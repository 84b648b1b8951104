//===- qmlir-translate.cpp - qmlir translation driver ---------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// An mlir-translate compatible driver with every upstream translation (for
// example --mlir-to-llvmir) and qmlir's --import-onnx.
//
//===----------------------------------------------------------------------===//

#ifdef QMLIR_ENABLE_ONNX
#include "qmlir/Target/ONNX/ImportONNX.h"
#endif

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
#ifdef QMLIR_ENABLE_ONNX
  qmlir::registerImportONNXTranslation();
#endif
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "qmlir translation driver"));
}
