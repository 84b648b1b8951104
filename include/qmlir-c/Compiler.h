/*===- qmlir-c/Compiler.h - The quantization flow as a C library --*- C -*-===*\
|*                                                                            *|
|* Part of the qmlir project.                                                 *|
|*                                                                            *|
|* The steps of qmlir-quantize as C calls on opaque handles: load a model,    *|
|* calibrate it on .npy data (statistics stay in memory), quantize and lower  *|
|* it to int8 linalg, compare two models on evaluation data, and write an     *|
|* object or shared library with its C header. Every handle is destroyed      *|
|* explicitly; a failing call returns a null handle or a failed result and    *|
|* leaves its message in qmlirCompilerGetError. Bad input never exits or      *|
|* aborts the process. A compiler is used from one thread at a time.          *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QMLIR_C_COMPILER_H
#define QMLIR_C_COMPILER_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qmlirCompilerImpl *qmlirCompiler;
typedef struct qmlirModelImpl *qmlirModel;
typedef struct qmlirStatisticsImpl *qmlirStatistics;

/* A compiler: an MLIR context with qmlir's dialects, the JIT set up, and the
 * message of the last failure. */
MLIR_CAPI_EXPORTED qmlirCompiler qmlirCompilerCreate(void);
MLIR_CAPI_EXPORTED void qmlirCompilerDestroy(qmlirCompiler compiler);
/* The errors of the last failing call, one per line ("" after a success).
 * Valid until the next call on `compiler`. */
MLIR_CAPI_EXPORTED const char *qmlirCompilerGetError(qmlirCompiler compiler);

/* Loading options; a null pointer takes the defaults. */
typedef struct {
  /* NAME=AxBxC (an input's shape) or NAME=VALUE (a symbolic dimension of an
   * ONNX model), as qmlir-quantize --input-shape. */
  const char *const *inputShapes;
  size_t numInputShapes;
} qmlirLoadOptions;

/* Loads an ONNX model or MLIR (float TOSA) file and prepares its float
 * graph (ONNX to TOSA, BatchNorm and bias folding). Null on failure. */
MLIR_CAPI_EXPORTED qmlirModel qmlirLoadModel(qmlirCompiler compiler,
                                             const char *path,
                                             const qmlirLoadOptions *options);
/* qmlirLoadModel of a model in memory: `size` bytes at `data`, named `name`
 * (an ONNX model when it ends with ".onnx"; names the model in messages and
 * locates an ONNX model's external data). The bytes are copied. */
MLIR_CAPI_EXPORTED qmlirModel
qmlirLoadModelFromBuffer(qmlirCompiler compiler, const void *data, size_t size,
                         const char *name, const qmlirLoadOptions *options);
MLIR_CAPI_EXPORTED void qmlirModelDestroy(qmlirModel model);
/* The model's module, owned by the model (valid until it is destroyed). */
MLIR_CAPI_EXPORTED MlirModule qmlirModelGetModule(qmlirModel model);
/* Writes the model as MLIR text to `path`, whole or not at all. */
MLIR_CAPI_EXPORTED MlirLogicalResult qmlirModelWrite(qmlirCompiler compiler,
                                                     qmlirModel model,
                                                     const char *path);

/* Calibration options; zeros (or a null pointer) take the defaults. */
typedef struct {
  unsigned histogramBins; /* 2048 */
  unsigned numThreads;    /* all cores */
  int channelMoments;     /* non-zero: also each activation's channel
                             moments (for roundWeights) */
} qmlirCalibrateOptions;

/* Runs the float model over calibration samples: one .npy file per model
 * input ("NAME=file.npy" by input name, or "file.npy" in input order),
 * samples along axis 0. Null on failure. */
MLIR_CAPI_EXPORTED qmlirStatistics qmlirCalibrate(
    qmlirCompiler compiler, qmlirModel floatModel, const char *const *npyFiles,
    size_t numFiles, const qmlirCalibrateOptions *options);
/* Reads and writes statistics files (the format of qmlir-run --calibrate). */
MLIR_CAPI_EXPORTED qmlirStatistics qmlirStatisticsRead(qmlirCompiler compiler,
                                                       const char *path);
MLIR_CAPI_EXPORTED MlirLogicalResult qmlirStatisticsWrite(
    qmlirCompiler compiler, qmlirStatistics statistics, const char *path);
MLIR_CAPI_EXPORTED void qmlirStatisticsDestroy(qmlirStatistics statistics);

/* SmoothQuant (qnt-smooth-quant): a new float model computing the same
 * function, with the outlier channels of layer inputs moved into the weights
 * reading them. `statistics` are qmlirCalibrate's on `floatModel`; `alpha`
 * (in [0, 1], 0.5 usual) is the share of each channel's range moved.
 * Calibrate the new model again before quantizing it. Null on failure. */
MLIR_CAPI_EXPORTED qmlirModel qmlirSmoothQuant(qmlirCompiler compiler,
                                               qmlirModel floatModel,
                                               qmlirStatistics statistics,
                                               double alpha);

/* Quantization options; null strings and zeros take the defaults. */
typedef struct {
  const char *mode;    /* static (default), weight-only, dynamic */
  const char *method;  /* percentile (default for 8-bit activations),
                          minmax (default for 16-bit), avg-minmax, entropy,
                          mse, or auto (static mode: per activation the
                          method of least error measured on
                          calibrationNpyFiles in a second calibration run,
                          weighted by the layers reading it) */
  const char *scheme;  /* u8-per-channel (default), u8-per-tensor,
                          s8-per-channel, s8-per-tensor, s16-per-channel,
                          s16-per-tensor */
  unsigned weightBits; /* 8 (default), 7 or 4 */
  int biasCorrection;  /* non-zero: qnt-bias-correction before quantizing
                          (static mode) */
  int roundWeights;    /* non-zero: qnt-round-weights before quantizing
                          (static mode; statistics with channel moments) */
  const char *floatActivations; /* comma-separated glob patterns of
                                   activations left float */
  double floatUnderflow; /* in (0, 1]: also leave float the activations of
                            which more than this fraction of the nonzero
                            calibration values round to 0 (static mode) */
  const char *const *calibrationNpyFiles; /* method auto: the calibration
                                             files, as qmlirCalibrate's */
  size_t numCalibrationFiles;
} qmlirQuantizeFlowOptions;

/* Quantizes `floatModel` with `statistics` (static mode; null for the other
 * modes or a model that pins its own parameters) and lowers it to int8
 * linalg: a new model, or null on failure. */
MLIR_CAPI_EXPORTED qmlirModel qmlirQuantize(
    qmlirCompiler compiler, qmlirModel floatModel, qmlirStatistics statistics,
    const qmlirQuantizeFlowOptions *options);

/* Two models' first results on the same evaluation samples. */
typedef struct {
  int64_t samples;
  double sqnrDb;           /* candidate against reference; inf when equal */
  double agreementPercent; /* rows whose argmax agrees */
} qmlirComparison;

/* Runs `reference` and `candidate` on `evalNpy` (samples along axis 0) and
 * compares their first results. */
MLIR_CAPI_EXPORTED MlirLogicalResult qmlirCompareModels(
    qmlirCompiler compiler, qmlirModel reference, qmlirModel candidate,
    const char *evalNpy, unsigned numThreads, qmlirComparison *result);

/* Object options; null strings and zeros take the defaults. */
typedef struct {
  const char *prefix;     /* C names' prefix (default: the output's stem) */
  const char *header;     /* header path (default: the output with .h) */
  const char *targetCpu;  /* host (default), or an LLVM CPU name */
  const char *sourceName; /* named in the header's comment */
  int sharedLibrary;      /* nonzero: a shared library, not an object */
  int parallel;           /* nonzero: multi-threaded code (needs -lomp) */
  /* libQMLIRAotRuntime.a, linked into a shared library whose code needs it
   * (default: ../lib/ from the running executable). */
  const char *aotRuntimeLibrary;
} qmlirObjectOptions;

/* Compiles `model` and writes the object (or shared library) to `path` and
 * its C header: both whole, or neither. */
MLIR_CAPI_EXPORTED MlirLogicalResult
qmlirEmitObject(qmlirCompiler compiler, qmlirModel model, const char *path,
                const qmlirObjectOptions *options);

#ifdef __cplusplus
}
#endif

#endif /* QMLIR_C_COMPILER_H */
