/* Calls one object (int8-matmul-7bit.mlir, whose temporaries live in a
 * persistent workspace) from four threads at once, many times: each call
 * must still compute the exact product (a call that finds the workspace
 * busy uses a private one). */
#include "conc.h"

#include <pthread.h>
#include <stdio.h>

static int failures[4];

static void *worker(void *arg) {
  int id = *(int *)arg;
  int8_t a[8 * 64];
  int32_t c[8 * 32];
  int64_t aShape[2] = {8, 64}, cShape[2] = {8, 32};
  for (int round = 0; round < 500; ++round) {
    for (int i = 0; i < 8 * 64; ++i)
      a[i] = (int8_t)(i * 7 + round * 13 + id * 31);
    if (conc_run(a, aShape, c, cShape) != 0)
      ++failures[id];
    for (int r = 0; r < 8; ++r) {
      int32_t sum = 0;
      for (int k = 0; k < 64; ++k)
        sum += a[r * 64 + k] * -64;
      for (int j = 0; j < 32; ++j)
        failures[id] += c[r * 32 + j] != sum;
    }
  }
  return 0;
}

int main(void) {
  pthread_t threads[4];
  int ids[4] = {0, 1, 2, 3};
  for (int i = 0; i < 4; ++i)
    pthread_create(&threads[i], 0, worker, &ids[i]);
  int total = 0;
  for (int i = 0; i < 4; ++i) {
    pthread_join(threads[i], 0);
    total += failures[i];
  }
  printf("concurrent calls: %d wrong results\n", total);
  return 0;
}
