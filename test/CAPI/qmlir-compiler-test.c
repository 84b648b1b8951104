/*===- qmlir-compiler-test.c - The quantization flow from C -------*- C -*-===*\
|*                                                                            *|
|* Part of the qmlir project.                                                 *|
|*                                                                            *|
|* Usage: qmlir-compiler-test MODEL CALIBRATION.npy EVAL.npy OUT.o            *|
|* Takes a model through qmlir-c/Compiler.h only: load (from the file and    *|
|* from memory: the same module), calibrate, quantize,                        *|
|* compare with the float model on EVAL.npy, write OUT.o and its header       *|
|* (target CPU x86-64-v3, the names qmlir-quantize gives). Then checks that   *|
|* bad input fails with one message: a missing model, an unknown scheme, an   *|
|* input file that is not .npy, an unwritable output.                         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "qmlir-c/Compiler.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing buffer for mlirOperationPrint. */
struct Text {
  char *data;
  size_t size;
};

static void appendText(MlirStringRef piece, void *userData) {
  struct Text *text = (struct Text *)userData;
  char *grown = (char *)realloc(text->data, text->size + piece.length + 1);
  if (!grown)
    return;
  memcpy(grown + text->size, piece.data, piece.length);
  text->data = grown;
  text->size += piece.length;
}

static int failed(qmlirCompiler compiler, const char *step) {
  fprintf(stderr, "%s failed: %s\n", step, qmlirCompilerGetError(compiler));
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s MODEL CALIBRATION.npy EVAL.npy OUT.o\n",
            argv[0]);
    return 2;
  }
  const char *modelPath = argv[1], *calibration = argv[2], *eval = argv[3],
             *output = argv[4];
  qmlirCompiler compiler = qmlirCompilerCreate();

  qmlirModel floatModel = qmlirLoadModel(compiler, modelPath, NULL);
  if (!floatModel)
    return failed(compiler, "load");
  printf("loaded: error '%s'\n", qmlirCompilerGetError(compiler));

  /* The same model from memory gives the same float graph. */
  FILE *file = fopen(modelPath, "rb");
  static char bytes[1 << 20];
  size_t size = file ? fread(bytes, 1, sizeof(bytes), file) : 0;
  if (file)
    fclose(file);
  qmlirModel fromMemory =
      qmlirLoadModelFromBuffer(compiler, bytes, size, modelPath, NULL);
  if (!fromMemory)
    return failed(compiler, "load from memory");
  struct Text a = {0}, b = {0};
  mlirOperationPrint(mlirModuleGetOperation(qmlirModelGetModule(floatModel)),
                     appendText, &a);
  mlirOperationPrint(mlirModuleGetOperation(qmlirModelGetModule(fromMemory)),
                     appendText, &b);
  printf("loaded from memory: %s module\n",
         a.size > 0 && a.size == b.size && !memcmp(a.data, b.data, a.size)
             ? "the same"
             : "another");
  free(a.data);
  free(b.data);
  qmlirModelDestroy(fromMemory);

  /* Channel moments too: the weights are rounded with them below. */
  qmlirCalibrateOptions calibrateOptions = {0, 1, 1};
  qmlirStatistics stats =
      qmlirCalibrate(compiler, floatModel, &calibration, 1, &calibrateOptions);
  if (!stats)
    return failed(compiler, "calibrate");
  printf("calibrated\n");

  qmlirQuantizeFlowOptions quantizeOptions = {0};
  qmlirModel int8Model =
      qmlirQuantize(compiler, floatModel, stats, &quantizeOptions);
  if (!int8Model)
    return failed(compiler, "quantize");
  printf("quantized\n");
  quantizeOptions.roundWeights = 1;
  qmlirModel rounded =
      qmlirQuantize(compiler, floatModel, stats, &quantizeOptions);
  printf("rounded weights: %s\n", rounded ? "quantized" : "null");
  if (rounded)
    qmlirModelDestroy(rounded);
  quantizeOptions.roundWeights = 0;

  /* SmoothQuant: a new float model, calibrated again and quantized. */
  qmlirModel smoothed = qmlirSmoothQuant(compiler, floatModel, stats, 0.5);
  qmlirStatistics smoothedStats =
      smoothed ? qmlirCalibrate(compiler, smoothed, &calibration, 1, NULL)
               : NULL;
  qmlirModel smoothedInt8 =
      smoothedStats
          ? qmlirQuantize(compiler, smoothed, smoothedStats, &quantizeOptions)
          : NULL;
  printf("smoothed: %s\n", smoothedInt8 ? "quantized" : "null");
  if (smoothedInt8)
    qmlirModelDestroy(smoothedInt8);
  if (smoothedStats)
    qmlirStatisticsDestroy(smoothedStats);
  if (smoothed)
    qmlirModelDestroy(smoothed);
  /* A float region, by name and by data. */
  quantizeOptions.floatActivations = "*";
  qmlirModel allFloat =
      qmlirQuantize(compiler, floatModel, stats, &quantizeOptions);
  qmlirComparison same;
  printf("every activation float: %s\n",
         allFloat &&
                 mlirLogicalResultIsSuccess(qmlirCompareModels(
                     compiler, floatModel, allFloat, eval, 1, &same)) &&
                 same.sqnrDb > 100.0
             ? "as fp32"
             : "not as fp32");
  if (allFloat)
    qmlirModelDestroy(allFloat);
  quantizeOptions.floatActivations = NULL;
  quantizeOptions.floatUnderflow = 2.0;
  qmlirModel badUnderflow =
      qmlirQuantize(compiler, floatModel, stats, &quantizeOptions);
  printf("underflow 2: %s: %s\n", badUnderflow ? "quantized" : "null",
         qmlirCompilerGetError(compiler));
  quantizeOptions.floatUnderflow = 0.0;
  /* The auto range method: a second run over the calibration files. */
  quantizeOptions.method = "auto";
  qmlirModel autoModel =
      qmlirQuantize(compiler, floatModel, stats, &quantizeOptions);
  printf("auto without files: %s: %s\n", autoModel ? "quantized" : "null",
         qmlirCompilerGetError(compiler));
  quantizeOptions.calibrationNpyFiles = &calibration;
  quantizeOptions.numCalibrationFiles = 1;
  autoModel = qmlirQuantize(compiler, floatModel, stats, &quantizeOptions);
  qmlirComparison autoComparison;
  printf("auto: %s\n", autoModel &&
                               mlirLogicalResultIsSuccess(qmlirCompareModels(
                                   compiler, floatModel, autoModel, eval, 1,
                                   &autoComparison)) &&
                               autoComparison.agreementPercent >= 90.0
                           ? "quantized, agreement >= 90%"
                           : "failed");
  if (autoModel)
    qmlirModelDestroy(autoModel);
  quantizeOptions.method = NULL;
  quantizeOptions.calibrationNpyFiles = NULL;
  quantizeOptions.numCalibrationFiles = 0;
  qmlirModel badAlpha = qmlirSmoothQuant(compiler, floatModel, stats, 2.0);
  printf("smoothing alpha 2: %s: %s\n", badAlpha ? "smoothed" : "null",
         qmlirCompilerGetError(compiler));

  qmlirComparison comparison;
  if (mlirLogicalResultIsFailure(qmlirCompareModels(
          compiler, floatModel, int8Model, eval, 1, &comparison)))
    return failed(compiler, "compare");
  printf("compared: %lld samples, agreement %s, SQNR %s\n",
         (long long)comparison.samples,
         comparison.agreementPercent >= 90.0 ? ">= 90%" : "< 90%",
         comparison.sqnrDb >= 15.0 ? ">= 15 dB" : "< 15 dB");

  qmlirObjectOptions objectOptions = {0};
  objectOptions.targetCpu = "x86-64-v3";
  objectOptions.sourceName = "model.onnx";
  if (mlirLogicalResultIsFailure(
          qmlirEmitObject(compiler, int8Model, output, &objectOptions)))
    return failed(compiler, "emit");
  printf("emitted\n");

  /* Bad input: each a null handle or a failure, and one message. */
  qmlirModel missing = qmlirLoadModel(compiler, "no/such/model.onnx", NULL);
  printf("missing model: %s: %s\n", missing ? "loaded" : "null",
         qmlirCompilerGetError(compiler));
  quantizeOptions.scheme = "u4-per-channel";
  qmlirModel badScheme =
      qmlirQuantize(compiler, floatModel, stats, &quantizeOptions);
  printf("bad scheme: %s: %s\n", badScheme ? "quantized" : "null",
         qmlirCompilerGetError(compiler));
  quantizeOptions.scheme = NULL;
  quantizeOptions.mode = "weight-only";
  quantizeOptions.biasCorrection = 1;
  qmlirModel badCorrection =
      qmlirQuantize(compiler, floatModel, NULL, &quantizeOptions);
  printf("bias correction, weight-only: %s: %s\n",
         badCorrection ? "quantized" : "null", qmlirCompilerGetError(compiler));
  qmlirStatistics badData =
      qmlirCalibrate(compiler, floatModel, &modelPath, 1, NULL);
  printf("bad data: %s: %s\n", badData ? "calibrated" : "null",
         qmlirCompilerGetError(compiler));
  MlirLogicalResult badOutput =
      qmlirEmitObject(compiler, int8Model, "no/such/dir/x.o", &objectOptions);
  printf("bad output: %s: %s\n",
         mlirLogicalResultIsFailure(badOutput) ? "failed" : "written",
         qmlirCompilerGetError(compiler));

  qmlirModelDestroy(int8Model);
  qmlirStatisticsDestroy(stats);
  qmlirModelDestroy(floatModel);
  qmlirCompilerDestroy(compiler);
  return 0;
}
