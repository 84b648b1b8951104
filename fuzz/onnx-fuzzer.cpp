//===- onnx-fuzzer.cpp - libFuzzer target: the ONNX importer --------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Bytes -> importONNX (protobuf parsing, onnx::checker, shape inference, the
// onnx dialect) -> the verifier. Bad models must give a diagnostic, never a
// crash; an imported module must verify.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "qmlir/Target/ONNX/ImportONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static qmlir::fuzz::FuzzContext contexts;
  mlir::MLIRContext &context = contexts.next();
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  // The model's directory is the current one: external data named by a
  // mutated model is looked up there (and is normally absent).
  mlir::OwningOpRef<mlir::ModuleOp> module =
      qmlir::importONNX(bytes, "fuzz.onnx", &context);
  if (module && mlir::failed(mlir::verify(*module)))
    std::abort();
  return 0;
}
