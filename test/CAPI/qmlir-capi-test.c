/*===- qmlir-capi-test.c - A C program driving qmlir's C API -------*- C
-*-===*\
|*                                                                            *|
|* Part of the qmlir project.                                                 *|
|*                                                                            *|
|* Usage: qmlir-capi-test STATS.json                                          *|
|* Parses a small float model, quantizes it with the statistics (static),     *|
|* lowers it to int8 linalg and prints it; quantizes a second copy            *|
|* weight-only; runs a malformed pipeline and prints its diagnostic.          *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "qmlir-c/Pipelines.h"

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"

#include <stdio.h>
#include <string.h>

static const char *kModel =
    "func.func @main(%x: tensor<1x4x4x2xf32> {qmlir.name = \"x\"}) -> "
    "tensor<1x4x4x2xf32> {\n"
    "  %w = \"tosa.const\"() <{values = dense<[[[[0.5, -0.25]]], "
    "[[[2.0, 1.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>\n"
    "  %b = \"tosa.const\"() <{values = dense<0.0> : tensor<2xf32>}> : () -> "
    "tensor<2xf32>\n"
    "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> "
    "tensor<1xf32>\n"
    "  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = "
    "array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, "
    "1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, "
    "tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc(\"y\")\n"
    "  return %c : tensor<1x4x4x2xf32>\n"
    "}\n";

static void print(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stdout);
}

static MlirLogicalResult onDiagnostic(MlirDiagnostic diagnostic,
                                      void *userData) {
  (void)userData;
  printf("diagnostic: ");
  mlirDiagnosticPrint(diagnostic, print, NULL);
  printf("\n");
  return mlirLogicalResultSuccess();
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: qmlir-capi-test STATS.json\n");
    return 2;
  }
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  qmlirRegisterAllDialects(registry);
  MlirContext context = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  mlirContextLoadAllAvailableDialects(context);
  mlirContextAttachDiagnosticHandler(context, onDiagnostic, NULL, NULL);
  qmlirRegisterAllPasses();
  int status = 0;

  /* Static quantization, then int8 linalg. */
  MlirModule module =
      mlirModuleCreateParse(context, mlirStringRefCreateFromCString(kModel));
  if (mlirModuleIsNull(module))
    return 1;
  qmlirQuantizeOptions options;
  memset(&options, 0, sizeof(options));
  options.stats = argv[1];
  options.activations = "s8";
  if (mlirLogicalResultIsFailure(qmlirRunQuantizePipeline(module, &options)) ||
      mlirLogicalResultIsFailure(qmlirRunLowerToInt8LinalgPipeline(module)))
    status = 1;
  printf("static: %s\n", status ? "failed" : "ok");
  mlirOperationPrint(mlirModuleGetOperation(module), print, NULL);
  printf("\n");
  mlirModuleDestroy(module);

  /* Weight-only: no statistics. */
  module =
      mlirModuleCreateParse(context, mlirStringRefCreateFromCString(kModel));
  memset(&options, 0, sizeof(options));
  options.mode = "weight-only";
  MlirLogicalResult weightOnly = qmlirRunQuantizePipeline(module, &options);
  if (mlirLogicalResultIsSuccess(weightOnly))
    weightOnly = qmlirRunLowerToInt8LinalgPipeline(module);
  printf("weight-only: %s\n",
         mlirLogicalResultIsSuccess(weightOnly) ? "ok" : "failed");
  if (mlirLogicalResultIsFailure(weightOnly))
    status = 1;
  mlirOperationPrint(mlirModuleGetOperation(module), print, NULL);
  printf("\n");

  /* An unknown option value fails with a diagnostic naming it. */
  memset(&options, 0, sizeof(options));
  options.method = "kl";
  MlirLogicalResult unknown = qmlirRunQuantizePipeline(module, &options);
  printf("unknown method: %s\n",
         mlirLogicalResultIsFailure(unknown) ? "failed as expected" : "ran?");
  if (mlirLogicalResultIsSuccess(unknown))
    status = 1;

  /* A textual pipeline that does not parse fails with a diagnostic. */
  MlirLogicalResult bad = qmlirRunPassPipeline(
      module, mlirStringRefCreateFromCString("builtin.module(no-such-pass)"));
  printf("bad pipeline: %s\n",
         mlirLogicalResultIsFailure(bad) ? "failed as expected" : "ran?");
  if (mlirLogicalResultIsSuccess(bad))
    status = 1;
  mlirModuleDestroy(module);
  mlirContextDestroy(context);
  return status;
}
