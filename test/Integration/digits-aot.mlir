// REQUIRES: qmlir-jit, numpy, onnx-importer
// RUN: rm -rf %t && mkdir -p %t/so
//
// The example of examples/digits/classify.c: the int8 digits model compiled
// ahead of time to digits.o + digits.h, linked into a C program that needs
// only libc and libm, and run on the 400 evaluation images.
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy -o %t/digits.o > %t/quantize.txt
// RUN: %cc -O2 -Wall -Wextra -Werror -I%t %S/../../examples/digits/classify.c %t/digits.o -lm -o %t/classify
// RUN: %t/classify %S/../../examples/digits/eval.npy %S/../../examples/digits/eval-labels.npy --logits %t/aot.npy | FileCheck %s
// RUN: llvm-readelf -d %t/classify | FileCheck %s --check-prefix=NEEDED
//
// The same model through the JIT (qmlir-run): the logits agree bit for bit.
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy -o %t/digits-int8.mlir > %t/quantize-mlir.txt
// RUN: qmlir-run %t/digits-int8.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/jit
// RUN: %python %S/compare_exact.py %t/aot.npy %t/jit/logits.npy | FileCheck %s --check-prefix=SAME
//
// As a shared library.
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy -o %t/so/libdigits.so --c-prefix=digits --c-header=%t/so/digits.h > %t/quantize-so.txt
// RUN: %cc -O2 -I%t/so %S/../../examples/digits/classify.c -L%t/so -ldigits -Wl,-rpath,%t/so -o %t/classify-so
// RUN: %t/classify-so %S/../../examples/digits/eval.npy %S/../../examples/digits/eval-labels.npy --logits %t/so.npy | FileCheck %s
// RUN: %python %S/compare_exact.py %t/so.npy %t/jit/logits.npy | FileCheck %s --check-prefix=SAME
//
// Wrong input: the entry point rejects the shape, the program says so.
// RUN: not %t/classify %S/../../examples/digits/eval-labels.npy 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not %t/classify %S/../../examples/shapes/eval.npy 2>&1 | FileCheck %s --check-prefix=SHAPE

// CHECK-COUNT-10: {{^([0-9] ){39}[0-9]$}}
// CHECK-NEXT: top-1 accuracy: 99.50% (398 of 400)

// NEEDED-NOT: mlir
// NEEDED-NOT: LLVM
// NEEDED: Shared library: [libm.so.6]
// NEEDED-NOT: mlir
// NEEDED-NOT: LLVM
// NEEDED: Shared library: [libc.so.6]
// NEEDED-NOT: mlir
// NEEDED-NOT: LLVM

// SAME: 400x10 values, identical

// BAD: classify: {{.*}}eval-labels.npy: images must be float32
// SHAPE: classify: {{.*}}shapes/eval.npy: shape does not match the model's input (N, 1, 8, 8) (buffer 1)
