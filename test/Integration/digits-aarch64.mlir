// REQUIRES: qmlir-jit, numpy, onnx-importer, aarch64-cross
// RUN: rm -rf %t && mkdir -p %t/a53 %t/a76 %t/max %t/one
//
// The int8 digits model compiled on this x86 machine for AArch64, linked
// with examples/digits/classify.c by the cross compiler and run under
// qemu-aarch64 on the 400 evaluation images: the same accuracy as on x86,
// and logits identical to the x86 JIT's, for a CPU without the dot product
// (cortex-a53), one with it (cortex-a76) and one with i8mm too
// (neoverse-v1, run on qemu's "max" CPU).
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy -o %t/digits-int8.mlir > /dev/null 2>&1
// RUN: qmlir-run %t/digits-int8.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/jit
//
// RUN: qmlir-translate --qmlir-to-object %t/digits-int8.mlir --target-triple=aarch64-linux-gnu --target-cpu=cortex-a53 --c-prefix=digits --c-header=%t/a53/digits.h -o %t/a53/digits.o
// RUN: %aarch64-cc -O2 -Wall -Wextra -Werror -I%t/a53 %S/../../examples/digits/classify.c %t/a53/digits.o -lm -o %t/a53/classify
// RUN: %qemu-aarch64 -cpu cortex-a53 %t/a53/classify %S/../../examples/digits/eval.npy %S/../../examples/digits/eval-labels.npy --logits %t/a53/logits.npy | FileCheck %s
// RUN: %python %S/compare_exact.py %t/a53/logits.npy %t/jit/logits.npy | FileCheck %s --check-prefix=SAME
//
// RUN: qmlir-translate --qmlir-to-object %t/digits-int8.mlir --target-triple=aarch64-linux-gnu --target-cpu=cortex-a76 --c-prefix=digits --c-header=%t/a76/digits.h -o %t/a76/digits.o
// RUN: %aarch64-cc -O2 -Wall -Wextra -Werror -I%t/a76 %S/../../examples/digits/classify.c %t/a76/digits.o -lm -o %t/a76/classify
// RUN: %qemu-aarch64 -cpu cortex-a76 %t/a76/classify %S/../../examples/digits/eval.npy %S/../../examples/digits/eval-labels.npy --logits %t/a76/logits.npy | FileCheck %s
// RUN: %python %S/compare_exact.py %t/a76/logits.npy %t/jit/logits.npy | FileCheck %s --check-prefix=SAME
//
// RUN: qmlir-translate --qmlir-to-object %t/digits-int8.mlir --target-triple=aarch64-linux-gnu --target-cpu=neoverse-v1 --c-prefix=digits --c-header=%t/max/digits.h -o %t/max/digits.o
// RUN: %aarch64-cc -O2 -Wall -Wextra -Werror -I%t/max %S/../../examples/digits/classify.c %t/max/digits.o -lm -o %t/max/classify
// RUN: %qemu-aarch64 -cpu max %t/max/classify %S/../../examples/digits/eval.npy %S/../../examples/digits/eval-labels.npy --logits %t/max/logits.npy | FileCheck %s
// RUN: %python %S/compare_exact.py %t/max/logits.npy %t/jit/logits.npy | FileCheck %s --check-prefix=SAME
//
// In one step: qmlir-quantize writes the AArch64 object itself.
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy --target-triple=aarch64-linux-gnu --target-cpu=cortex-a76 -o %t/one/digits.o > /dev/null 2>&1
// RUN: llvm-readelf -h %t/one/digits.o | FileCheck %s --check-prefix=ELF
// RUN: %aarch64-cc -O2 -I%t/one %S/../../examples/digits/classify.c %t/one/digits.o -lm -o %t/one/classify
// RUN: %qemu-aarch64 -cpu cortex-a76 %t/one/classify %S/../../examples/digits/eval.npy %S/../../examples/digits/eval-labels.npy | FileCheck %s
//
// What the AArch64 code is today: upstream vectorization on NEON, the int8
// products as 16-bit widening multiply-accumulates (smull/smlal); no
// dot-product or i8mm instruction yet.
// RUN: llvm-objdump -d %t/a76/digits.o | FileCheck %s --check-prefix=ASM

// CHECK-COUNT-10: {{^([0-9] ){39}[0-9]$}}
// CHECK-NEXT: top-1 accuracy: 99.50% (398 of 400)
// SAME: 400x10 values, identical
// ELF: Machine: AArch64
// ASM-NOT: {{\s(sdot|udot|usdot|smmla|ummla|usmmla)\s}}
// ASM: smlal
// ASM-NOT: {{\s(sdot|udot|usdot|smmla|ummla|usmmla)\s}}
