//===- qmlir-translate.cpp - qmlir translation driver ---------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// An mlir-translate compatible driver with every upstream translation (for
// example --mlir-to-llvmir). qmlir's own translations register here as they
// are added.
//
//===----------------------------------------------------------------------===//

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "qmlir translation driver"));
}
