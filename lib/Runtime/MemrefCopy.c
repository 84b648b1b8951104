/*===- MemrefCopy.c - strided buffer copies
--------------------------------===*\
|*                                                                            *|
|* Part of the qmlir project.                                                 *|
|*                                                                            *|
|* The copy of strided buffers compiled code calls (memref.copy of            *|
|* non-contiguous buffers). Plain C with no dependency: it is part of the     *|
|* runtime the JIT binds and of libQMLIRAotRuntime.a.                         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "qmlir-c/Runtime.h"

#include <string.h>

/* The ranked descriptor behind an unranked memref: allocated and aligned
 * pointers, offset, then sizes[rank] and strides[rank] (in elements). */
typedef struct {
  char *allocated;
  char *aligned;
  int64_t offset;
  int64_t sizesAndStrides[];
} qmlir_aot_descriptor;

void qmlir_rt_memref_copy(int64_t elemSize, qmlir_rt_unranked_memref *src,
                          qmlir_rt_unranked_memref *dst) {
  int64_t rank = src->rank;
  const qmlir_aot_descriptor *s = (const qmlir_aot_descriptor *)src->descriptor;
  const qmlir_aot_descriptor *d = (const qmlir_aot_descriptor *)dst->descriptor;
  const int64_t *sizes = s->sizesAndStrides;
  const int64_t *srcStrides = s->sizesAndStrides + rank;
  const int64_t *dstStrides = d->sizesAndStrides + rank;
  const char *srcBase = s->aligned + s->offset * elemSize;
  char *dstBase = d->aligned + d->offset * elemSize;

  for (int64_t i = 0; i < rank; ++i)
    if (sizes[i] == 0)
      return;
  if (rank == 0) {
    memcpy(dstBase, srcBase, (size_t)elemSize);
    return;
  }

  /* Odometer over all dimensions but the innermost; the innermost run is one
   * memcpy when both sides are contiguous along it. */
  int64_t index[rank];
  for (int64_t i = 0; i < rank; ++i)
    index[i] = 0;
  int64_t inner = rank - 1;
  int contiguous = srcStrides[inner] == 1 && dstStrides[inner] == 1;
  for (;;) {
    int64_t srcOffset = 0, dstOffset = 0;
    for (int64_t i = 0; i < inner; ++i) {
      srcOffset += index[i] * srcStrides[i];
      dstOffset += index[i] * dstStrides[i];
    }
    if (contiguous) {
      memcpy(dstBase + dstOffset * elemSize, srcBase + srcOffset * elemSize,
             (size_t)(sizes[inner] * elemSize));
    } else {
      for (int64_t j = 0; j < sizes[inner]; ++j)
        memcpy(dstBase + (dstOffset + j * dstStrides[inner]) * elemSize,
               srcBase + (srcOffset + j * srcStrides[inner]) * elemSize,
               (size_t)elemSize);
    }
    int64_t dim = inner - 1;
    while (dim >= 0 && ++index[dim] == sizes[dim])
      index[dim--] = 0;
    if (dim < 0)
      return;
  }
}
