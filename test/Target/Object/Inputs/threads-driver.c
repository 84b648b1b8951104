/* Calls a multi-threaded object (int8-matmul-7bit.mlir compiled with
 * parallel=true) on one thread and on all cores: the results agree bit for
 * bit with the exact product. */
#include "threads.h"

#include <stdio.h>
#include <string.h>

int main(void) {
  int8_t a[8 * 64];
  int32_t one[8 * 32], all[8 * 32];
  for (int i = 0; i < 8 * 64; ++i)
    a[i] = (int8_t)(i * 37 - 128);
  int64_t aShape[2] = {8, 64}, cShape[2] = {8, 32};
  threads_set_num_threads(1);
  int32_t s1 = threads_run(a, aShape, one, cShape);
  threads_set_num_threads(0);
  int32_t s2 = threads_run(a, aShape, all, cShape);
  int exact = 1;
  for (int r = 0; r < 8; ++r) {
    int32_t sum = 0;
    for (int k = 0; k < 64; ++k)
      sum += a[r * 64 + k] * -64;
    for (int c = 0; c < 32; ++c)
      exact &= one[r * 32 + c] == sum;
  }
  printf("status %d %d, threads agree: %s, exact: %s\n", s1, s2,
         memcmp(one, all, sizeof one) == 0 ? "yes" : "no",
         exact ? "yes" : "no");
  return 0;
}
