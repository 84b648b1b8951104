/* classify.c: classifies handwritten digits with the int8 model compiled
 * ahead of time by qmlir, in plain C (no MLIR or LLVM at run time).
 *
 *   build/bin/qmlir-quantize examples/digits/model.onnx \
 *       --calibration-data examples/digits/calibration.npy -o digits.o
 *   cc -O2 -I. examples/digits/classify.c digits.o -lm -o classify
 *   ./classify examples/digits/eval.npy examples/digits/eval-labels.npy
 *
 * Usage: classify IMAGES.npy [LABELS.npy] [--logits OUT.npy]
 *   IMAGES.npy  float32, shape (N, 1, 8, 8)
 *   LABELS.npy  int64, shape (N,): prints the top-1 accuracy
 *   OUT.npy     writes the logits, float32 (N, 10)
 * Prints the predicted class of each image, then the accuracy. */

#include "digits.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A dense .npy array: its dtype descriptor ("<f4", "<i8"), shape, data. */
typedef struct {
  char descr[8];
  int rank;
  int64_t shape[8];
  int64_t count;
  void *data;
} npy_array;

static int fail(const char *path, const char *what) {
  fprintf(stderr, "classify: %s: %s\n", path, what);
  return 0;
}

/* Reads a C-order .npy file (versions 1-3). Returns 1 on success. */
static int read_npy(const char *path, npy_array *array) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return fail(path, "cannot open");
  unsigned char preamble[10];
  if (fread(preamble, 1, 10, f) != 10 ||
      memcmp(preamble, "\x93NUMPY", 6) != 0) {
    fclose(f);
    return fail(path, "not a .npy file");
  }
  uint32_t header_len = preamble[8] | (uint32_t)preamble[9] << 8;
  if (preamble[6] >= 2) {
    unsigned char more[2];
    if (fread(more, 1, 2, f) != 2) {
      fclose(f);
      return fail(path, "truncated header");
    }
    header_len |= (uint32_t)more[0] << 16 | (uint32_t)more[1] << 24;
  }
  if (header_len > 65536) {
    fclose(f);
    return fail(path, "header too long");
  }
  char *header = calloc(header_len + 1, 1);
  if (!header || fread(header, 1, header_len, f) != header_len) {
    free(header);
    fclose(f);
    return fail(path, "truncated header");
  }
  const char *descr = strstr(header, "'descr':");
  const char *order = strstr(header, "'fortran_order':");
  const char *shape = strstr(header, "'shape':");
  int ok = descr && order && shape &&
           sscanf(descr, "'descr': '%7[^']'", array->descr) == 1 &&
           strncmp(order, "'fortran_order': False", 22) == 0;
  array->rank = 0;
  array->count = 1;
  if (ok) {
    const char *p = strchr(shape, '(');
    ok = p != NULL;
    while (ok && *++p != ')') {
      if (*p == ' ' || *p == ',')
        continue;
      char *end;
      long long size = strtoll(p, &end, 10);
      if (end == p || size < 0 || array->rank == 8) {
        ok = 0;
        break;
      }
      array->shape[array->rank++] = size;
      array->count *= size;
      p = end - 1;
    }
  }
  free(header);
  if (!ok) {
    fclose(f);
    return fail(path, "unsupported header (a C-order array is expected)");
  }
  size_t element = strcmp(array->descr, "<f4") == 0   ? 4
                   : strcmp(array->descr, "<i8") == 0 ? 8
                                                      : 0;
  if (!element) {
    fclose(f);
    return fail(path, "dtype is not float32 or int64");
  }
  array->data = malloc(array->count * element + 1);
  if (!array->data ||
      fread(array->data, element, array->count, f) != (size_t)array->count) {
    fclose(f);
    return fail(path, "truncated data");
  }
  fclose(f);
  return 1;
}

/* Writes a float32 array of shape (rows, cols). */
static int write_npy(const char *path, const float *data, int64_t rows,
                     int64_t cols) {
  char header[128];
  int n = snprintf(header, sizeof header,
                   "{'descr': '<f4', 'fortran_order': False, "
                   "'shape': (%lld, %lld), }",
                   (long long)rows, (long long)cols);
  /* Pad with spaces so that the data starts at a multiple of 64 bytes. */
  int total = (10 + n + 1 + 63) / 64 * 64;
  int padding = total - 10 - n - 1;
  FILE *f = fopen(path, "wb");
  if (!f)
    return fail(path, "cannot create");
  unsigned char preamble[10] = {0x93,
                                'N',
                                'U',
                                'M',
                                'P',
                                'Y',
                                1,
                                0,
                                (unsigned char)(total - 10),
                                (unsigned char)((total - 10) >> 8)};
  fwrite(preamble, 1, 10, f);
  fwrite(header, 1, n, f);
  for (int i = 0; i < padding; ++i)
    fputc(' ', f);
  fputc('\n', f);
  fwrite(data, sizeof(float), rows * cols, f);
  if (fclose(f) != 0)
    return fail(path, "write error");
  return 1;
}

int main(int argc, char **argv) {
  const char *images_path = NULL, *labels_path = NULL, *logits_path = NULL;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--logits") == 0 && i + 1 < argc)
      logits_path = argv[++i];
    else if (!images_path)
      images_path = argv[i];
    else if (!labels_path)
      labels_path = argv[i];
    else {
      fprintf(stderr, "usage: classify IMAGES.npy [LABELS.npy] "
                      "[--logits OUT.npy]\n");
      return 2;
    }
  }
  if (!images_path) {
    fprintf(stderr,
            "usage: classify IMAGES.npy [LABELS.npy] [--logits OUT.npy]\n");
    return 2;
  }

  npy_array images;
  if (!read_npy(images_path, &images))
    return 1;
  if (strcmp(images.descr, "<f4") != 0)
    return fail(images_path, "images must be float32"), 1;
  int64_t n = images.rank > 0 ? images.shape[0] : 0;
  int64_t classes = DIGITS_OUTPUT0_DIM1;
  float *logits = malloc(sizeof(float) * (n > 0 ? n : 1) * classes);
  int64_t logits_shape[2] = {n, classes};

  /* One call for the whole set: the shapes say how many images there are. */
  int32_t status = digits_run((const float *)images.data, images.shape, logits,
                              logits_shape);
  if (status != 0) {
    fprintf(stderr,
            "classify: %s: shape does not match the model's input "
            "(N, %d, %d, %d) (buffer %d)\n",
            images_path, DIGITS_INPUT0_DIM1, DIGITS_INPUT0_DIM2,
            DIGITS_INPUT0_DIM3, status);
    return 1;
  }

  npy_array labels = {0};
  if (labels_path) {
    if (!read_npy(labels_path, &labels))
      return 1;
    if (strcmp(labels.descr, "<i8") != 0 || labels.count != n)
      return fail(labels_path, "labels must be int64, one per image"), 1;
  }
  int64_t correct = 0;
  for (int64_t i = 0; i < n; ++i) {
    const float *row = logits + i * classes;
    int best = 0;
    for (int c = 1; c < classes; ++c)
      if (row[c] > row[best])
        best = c;
    printf("%d%c", best, (i + 1) % 40 == 0 || i + 1 == n ? '\n' : ' ');
    if (labels_path && best == ((const int64_t *)labels.data)[i])
      ++correct;
  }
  if (labels_path)
    printf("top-1 accuracy: %.2f%% (%lld of %lld)\n", 100.0 * correct / n,
           (long long)correct, (long long)n);
  if (logits_path && !write_npy(logits_path, logits, n, classes))
    return 1;
  free(logits);
  free(images.data);
  free(labels.data);
  return 0;
}
