// REQUIRES: qmlir-jit, numpy, onnx-importer, aarch64-cross
// RUN: rm -rf %t && mkdir -p %t/a53 %t/a76 %t/max %t/one
//
// The int8 digits model compiled on this x86 machine for AArch64, linked
// with examples/digits/classify.c by the cross compiler and run under
// qemu-aarch64 on the 400 evaluation images: the same accuracy as on x86,
// and logits identical to the x86 JIT's, for a CPU without the dot product
// (cortex-a53: upstream vectorization), one with it (cortex-a76: the sdot
// kernels) and one with i8mm too (neoverse-v1, run on qemu's "max" CPU:
// smmla kernels, sdot for depthwise and the batch-1 classifier).
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
// Against the reference interpreter: the quantization pipeline's qnt-level
// model, run by the interpreter on x86, and its AArch64 objects on the sdot
// (Cortex-A76) and smmla (Neoverse-V1) kernels under qemu: identical.
// RUN: qmlir-translate --import-onnx %S/../../examples/digits/model.onnx -o %t/fp32.mlir
// RUN: qmlir-run --calibrate %t/fp32.mlir --input %S/../../examples/digits/calibration.npy --stats %t/stats.json > /dev/null
// RUN: qmlir-opt %t/fp32.mlir --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/stats.json})" -o %t/qnt.mlir 2> /dev/null
// RUN: qmlir-run %t/qnt.mlir --reference --input %S/../../examples/digits/eval.npy --output-dir %t/reference
// RUN: mkdir -p %t/ref-a76 %t/ref-v1
// RUN: qmlir-translate --qmlir-to-object %t/qnt.mlir --target-triple=aarch64-linux-gnu --target-cpu=cortex-a76 --c-prefix=digits --c-header=%t/ref-a76/digits.h -o %t/ref-a76/digits.o
// RUN: %aarch64-cc -O2 -I%t/ref-a76 %S/../../examples/digits/classify.c %t/ref-a76/digits.o -lm -o %t/ref-a76/classify
// RUN: %qemu-aarch64 -cpu cortex-a76 %t/ref-a76/classify %S/../../examples/digits/eval.npy %S/../../examples/digits/eval-labels.npy --logits %t/ref-a76/logits.npy > /dev/null
// RUN: %python %S/compare_exact.py %t/ref-a76/logits.npy %t/reference/logits.npy | FileCheck %s --check-prefix=SAME
// RUN: qmlir-translate --qmlir-to-object %t/qnt.mlir --target-triple=aarch64-linux-gnu --target-cpu=neoverse-v1 --c-prefix=digits --c-header=%t/ref-v1/digits.h -o %t/ref-v1/digits.o
// RUN: %aarch64-cc -O2 -I%t/ref-v1 %S/../../examples/digits/classify.c %t/ref-v1/digits.o -lm -o %t/ref-v1/classify
// RUN: %qemu-aarch64 -cpu max %t/ref-v1/classify %S/../../examples/digits/eval.npy %S/../../examples/digits/eval-labels.npy --logits %t/ref-v1/logits.npy > /dev/null
// RUN: %python %S/compare_exact.py %t/ref-v1/logits.npy %t/reference/logits.npy | FileCheck %s --check-prefix=SAME
//
// In one step: qmlir-quantize writes the AArch64 object itself.
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy --target-triple=aarch64-linux-gnu --target-cpu=cortex-a76 -o %t/one/digits.o > /dev/null 2>&1
// RUN: llvm-readelf -h %t/one/digits.o | FileCheck %s --check-prefix=ELF
// RUN: %aarch64-cc -O2 -I%t/one %S/../../examples/digits/classify.c %t/one/digits.o -lm -o %t/one/classify
// RUN: %qemu-aarch64 -cpu cortex-a76 %t/one/classify %S/../../examples/digits/eval.npy %S/../../examples/digits/eval-labels.npy | FileCheck %s
//
// The fp32 model on NEON fmla kernels (Cortex-A76): logits identical to the
// x86 JIT's fp32 ones (each output sums its products in the same order with
// fused multiply-adds on both).
// RUN: qmlir-run %t/fp32.mlir --input %S/../../examples/digits/eval.npy --output-dir %t/jit-fp32
// RUN: mkdir -p %t/fp32 && qmlir-translate --qmlir-to-object %t/fp32.mlir --target-triple=aarch64-linux-gnu --target-cpu=cortex-a76 --c-prefix=digits --c-header=%t/fp32/digits.h -o %t/fp32/digits.o
// RUN: %aarch64-cc -O2 -I%t/fp32 %S/../../examples/digits/classify.c %t/fp32/digits.o -lm -o %t/fp32/classify
// RUN: %qemu-aarch64 -cpu cortex-a76 %t/fp32/classify %S/../../examples/digits/eval.npy %S/../../examples/digits/eval-labels.npy --logits %t/fp32/logits.npy | FileCheck %s
// RUN: %python %S/compare_exact.py %t/fp32/logits.npy %t/jit-fp32/logits.npy | FileCheck %s --check-prefix=SAME
//
// The instructions: with the dot product (Cortex-A76) the int8 layers are
// sdot kernels, an inner loop of 24 sdot on a 6 x 16 register tile; with
// i8mm (Neoverse-V1) smmla kernels, 16 smmla on 2 row pairs x 16 columns;
// without either (Cortex-A53) 16-bit widening multiply-accumulates
// (smull/smlal) of upstream vectorization; fp32 is fmla.
// RUN: llvm-objdump -d %t/a76/digits.o | FileCheck %s --check-prefix=DOT
// RUN: llvm-objdump -d %t/max/digits.o | FileCheck %s --check-prefix=MMLA
// RUN: llvm-objdump -d %t/a53/digits.o | FileCheck %s --check-prefix=NODOT
// RUN: llvm-objdump -d %t/fp32/digits.o | FileCheck %s --check-prefix=FMLA

// CHECK-COUNT-10: {{^([0-9] ){39}[0-9]$}}
// CHECK-NEXT: top-1 accuracy: 99.50% (398 of 400)
// SAME: 400x10 values, identical
// ELF: Machine: AArch64
// DOT-COUNT-24: {{[[:space:]]sdot[[:space:]]+v[0-9]+\.4s, v[0-9]+\.16b, v[0-9]+\.16b}}
// MMLA-COUNT-16: {{[[:space:]]smmla[[:space:]]+v[0-9]+\.4s, v[0-9]+\.16b, v[0-9]+\.16b}}
// NODOT-NOT: {{[[:space:]](sdot|udot|usdot|smmla|ummla|usmmla)[[:space:]]}}
// NODOT: smlal
// NODOT-NOT: {{[[:space:]](sdot|udot|usdot|smmla|ummla|usmmla)[[:space:]]}}
// FMLA: {{[[:space:]]fmla[[:space:]]+v[0-9]+\.4s}}
