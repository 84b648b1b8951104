/* Calls the object emitted from test/Target/Object/qmlir-to-object.mlir
 * through its generated header: one sample, two samples in one call, and
 * shapes the entry point must reject without writing anything. */
#include "pair.h"

#include <stdio.h>

static void print(const char *name, const float *data, int n) {
  printf("%s:", name);
  for (int i = 0; i < n; ++i)
    printf(" %g", data[i]);
  printf("\n");
}

int main(void) {
  /* Two samples of a (2x3) and b (2x3) stacked along axis 0. */
  float a[12] = {1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60};
  int8_t b[12] = {-1, -2, -3, 100, 127, -128, 0, 1, 0, 1, 0, 1};
  float sum[12], tail[8];
  int64_t one[2] = {PAIR_INPUT0_DIM0, PAIR_INPUT0_DIM1};
  int64_t tailOne[2] = {PAIR_OUTPUT1_DIM0, PAIR_OUTPUT1_DIM1};

  int32_t status = pair_run(a, one, b, one, sum, one, tail, tailOne);
  printf("one sample: status %d\n", status);
  print("sum", sum, 6);
  print("tail", tail, 4);

  int64_t two[2] = {4, 3}, tailTwo[2] = {4, 2};
  status = pair_run(a, two, b, two, sum, two, tail, tailTwo);
  printf("two samples: status %d\n", status);
  print("sum", sum, 12);
  print("tail", tail, 8);

  /* Wrong inner size of b, a batch that is not a multiple, batches that
   * differ between buffers: the position of the buffer at fault. */
  float untouched[12] = {0};
  int64_t wrongInner[2] = {2, 4}, odd[2] = {3, 3};
  printf("wrong inner: status %d\n",
         pair_run(a, one, b, wrongInner, untouched, one, tail, tailOne));
  printf("not a multiple: status %d\n",
         pair_run(a, odd, b, odd, untouched, odd, tail, tailOne));
  printf("different batches: status %d\n",
         pair_run(a, one, b, one, untouched, one, tail, tailTwo));
  print("untouched", untouched, 6);
  return 0;
}
