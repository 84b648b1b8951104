//===- qmlir-onnx-infer.cpp - ONNX shape inference in its own process -----===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Runs the ONNX importer's shape inference on a serialized model for the
// importer, which starts this program (llvm::sys::ExecuteAndWait) so that a
// crash inside libonnx ends this process, not the compiler or the program
// that embeds it. Not meant to be run by hand:
//
//   qmlir-onnx-infer IN.onnx OUT
//
// No crash handler is installed and no core file written: a crash is a
// plain signal the importer reports as an error naming the model.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Target/ONNX/ImportONNX.h"

#include "llvm/Support/Process.h"

#include <cstdio>

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: qmlir-onnx-infer IN.onnx OUT (run by the "
                         "qmlir ONNX importer)\n");
    return 2;
  }
  // A crash leaves no core file behind.
  llvm::sys::Process::PreventCoreFiles();
  return qmlir::runONNXShapeInference(argv[1], argv[2]);
}
