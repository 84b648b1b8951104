/*===- qmlir-c/Runtime.h - qmlir runtime C ABI --------------------*- C -*-===*\
|*                                                                            *|
|* Part of the qmlir project.                                                 *|
|*                                                                            *|
|* Functions that JIT-compiled and emitted qmlir code, and hosts embedding    *|
|* it, call through a stable C ABI.                                           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QMLIR_C_RUNTIME_H
#define QMLIR_C_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Asks the kernel for permission to use AMX tile data (Linux
 * arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)). Done once per process;
 * later calls return the first answer. Returns 1 when AMX may be used, 0 when
 * the CPU or kernel does not offer it (harmless: code then uses no AMX). */
int qmlir_rt_request_amx_permission(void);

/* A monotonic clock in nanoseconds, for timing compiled code. */
int64_t qmlir_rt_now_ns(void);

/* An unranked memref as MLIR's C interface passes it: the rank and a pointer
 * to the ranked descriptor {allocated, aligned, offset, sizes[rank],
 * strides[rank]}. */
typedef struct {
  int64_t rank;
  void *descriptor;
} qmlir_rt_unranked_memref;

/* Called by code compiled from qnt.calibrate markers (qnt-lower-calibration):
 * observes one f32 tensor for the calibration id with index `id` into
 * `recorder`, the address of a qmlir::runtime::CalibrationRecorder that the
 * host stored in the compiled model (qmlir::setCalibrationRecorder). A no-op
 * when it is 0; ids outside the recorder's range are counted, not observed. */
void _mlir_ciface_qmlir_rt_calibration_observe(
    int64_t recorder, int64_t id, qmlir_rt_unranked_memref *tensor);

/* Copies every element of `src` into `dst` (same sizes, any strides;
 * `elemSize` bytes per element), one memcpy per contiguous innermost run.
 * The implementation of `memrefCopy`, which memref.copy of non-contiguous
 * buffers lowers to, for JIT-compiled code (qmlir::compileJitModel binds it)
 * and objects emitted ahead of time (libQMLIRAotRuntime.a). */
void qmlir_rt_memref_copy(int64_t elemSize, qmlir_rt_unranked_memref *src,
                          qmlir_rt_unranked_memref *dst);

#ifdef __cplusplus
}
#endif

#endif /* QMLIR_C_RUNTIME_H */
