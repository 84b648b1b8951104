/*===- qmlir-c/Pipelines.h - qmlir's compiler as a C library ------*- C -*-===*\
|*                                                                            *|
|* Part of the qmlir project.                                                 *|
|*                                                                            *|
|* The C API of qmlir's compiler, in the style of MLIR's C API (mlir-c/):     *|
|* register qmlir's dialects on a registry, its passes and pipelines for      *|
|* pass-pipeline parsing, and run the quantize and lowering pipelines on a    *|
|* module. Diagnostics go to the context's handlers                           *|
|* (mlirContextAttachDiagnosticHandler).                                      *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QMLIR_C_PIPELINES_H
#define QMLIR_C_PIPELINES_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Adds qmlir's dialects (qnt, onnx) and every upstream dialect and extension
 * its pipelines use to `registry`. */
MLIR_CAPI_EXPORTED void qmlirRegisterAllDialects(MlirDialectRegistry registry);

/* Registers qmlir's passes and pipelines (and upstream's) for textual
 * pipelines: qmlirRunPassPipeline, mlirParsePassPipeline. Idempotent. */
MLIR_CAPI_EXPORTED void qmlirRegisterAllPasses(void);

/* Runs a textual pass pipeline on `module`, e.g.
 * "builtin.module(qmlir-import-cleanup-pipeline,qnt-prune{mode=channel})".
 * Fails, with diagnostics, for a malformed pipeline or a failing pass. */
MLIR_CAPI_EXPORTED MlirLogicalResult
qmlirRunPassPipeline(MlirModule module, MlirStringRef pipeline);

/* qmlir-quantize-pipeline's options; null strings take the defaults. */
typedef struct {
  const char *stats;       /* calibration statistics file (static mode) */
  const char *mode;        /* static (default), weight-only, dynamic */
  const char *method;      /* minmax (default), avg-minmax, percentile, ... */
  const char *activations; /* u8 (default), s8, s16 */
  const char *weights;     /* per-channel (default), per-tensor */
  unsigned weightBits;     /* 8 (default when 0) or 4 */
} qmlirQuantizeOptions;

/* Quantizes a float TOSA (or imported ONNX) module into the integer qnt
 * graph (qmlir-quantize-pipeline). */
MLIR_CAPI_EXPORTED MlirLogicalResult qmlirRunQuantizePipeline(
    MlirModule module, const qmlirQuantizeOptions *options);

/* Lowers an integer qnt graph to int8 linalg on tensors
 * (qmlir-lower-to-int8-linalg-pipeline, checked). */
MLIR_CAPI_EXPORTED MlirLogicalResult
qmlirRunLowerToInt8LinalgPipeline(MlirModule module);

#ifdef __cplusplus
}
#endif

#endif /* QMLIR_C_PIPELINES_H */
