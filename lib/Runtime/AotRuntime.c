/*===- AotRuntime.c - what emitted objects may call -----------------------===*\
|*                                                                            *|
|* Part of the qmlir project.                                                 *|
|*                                                                            *|
|* Objects emitted by qmlir (qmlir-translate --qmlir-to-object, qmlir-quantize
*|
|* -o model.o) need only the C library, libm, and, when their code copies a   *|
|* strided buffer, the function below. It is plain C with no dependency, so a *|
|* program calling a compiled model carries no MLIR or LLVM at run time.      *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "qmlir-c/Runtime.h"

/* The name and signature memref.copy lowers to for non-contiguous buffers. */
void memrefCopy(int64_t elemSize, qmlir_rt_unranked_memref *src,
                qmlir_rt_unranked_memref *dst) {
  qmlir_rt_memref_copy(elemSize, src, dst);
}
