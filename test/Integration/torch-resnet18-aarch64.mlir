// REQUIRES: torch, onnx-importer, qmlir-jit, aarch64-cross
// RUN: rm -rf %t && mkdir -p %t/n1 %t/v1 && %python %S/torch_models.py make resnet18 %t
//
// torchvision's ResNet-18 (random weights) quantized on this x86 machine,
// compiled to AArch64 objects, linked with examples/digits/classify.c (its
// entry point and header are named like the digits model's) by the cross
// compiler and run under qemu-aarch64: the int8 logits are those of the
// reference interpreter run on x86, bit for bit, on the sdot kernels
// (Neoverse-N1) and on the smmla kernels (Neoverse-V1, run on qemu's "max"
// CPU).
// RUN: qmlir-translate --import-onnx %t/resnet18.onnx -o %t/fp32.mlir
// RUN: qmlir-run --calibrate %t/fp32.mlir --input %t/x.npy --stats %t/stats.json > /dev/null
// RUN: qmlir-opt %t/fp32.mlir --pass-pipeline="builtin.module(qmlir-quantize-pipeline{stats=%t/stats.json})" -o %t/int8.mlir 2> /dev/null
// RUN: qmlir-run %t/int8.mlir --reference --input %t/x.npy --output-dir %t/reference
//
// RUN: qmlir-translate --qmlir-to-object %t/int8.mlir --target-triple=aarch64-linux-gnu --target-cpu=neoverse-n1 --c-prefix=digits --c-header=%t/n1/digits.h -o %t/n1/resnet18.o
// RUN: %aarch64-cc -O2 -I%t/n1 %S/../../examples/digits/classify.c %t/n1/resnet18.o -lm -o %t/n1/classify
// RUN: %qemu-aarch64 -cpu neoverse-n1 %t/n1/classify %t/x.npy --logits %t/n1/logits.npy
// RUN: %python %S/compare_exact.py %t/n1/logits.npy %t/reference/logits.npy | FileCheck %s
//
// RUN: qmlir-translate --qmlir-to-object %t/int8.mlir --target-triple=aarch64-linux-gnu --target-cpu=neoverse-v1 --c-prefix=digits --c-header=%t/v1/digits.h -o %t/v1/resnet18.o
// RUN: %aarch64-cc -O2 -I%t/v1 %S/../../examples/digits/classify.c %t/v1/resnet18.o -lm -o %t/v1/classify
// RUN: %qemu-aarch64 -cpu max %t/v1/classify %t/x.npy --logits %t/v1/logits.npy
// RUN: %python %S/compare_exact.py %t/v1/logits.npy %t/reference/logits.npy | FileCheck %s
//
// Every convolution's inner loop is a dot-product kernel: 20 loops of 24
// sdot on Neoverse-N1, of 16 smmla on Neoverse-V1 (the classifier, M = 1,
// takes sdot on both), none with a stack access.
// RUN: %python %S/../../benchmarks/aarch64-inner-loops.py %t/n1/resnet18.o --objdump llvm-objdump | FileCheck %s --check-prefix=N1
// RUN: %python %S/../../benchmarks/aarch64-inner-loops.py %t/v1/resnet18.o --objdump llvm-objdump | FileCheck %s --check-prefix=V1

// CHECK: 1x1000 values, identical
// N1: innermost loops with vector multiply-accumulates: 21
// N1-NEXT: by instruction: sdot in 21
// N1-NEXT: with stack accesses (spills): 0
// V1: innermost loops with vector multiply-accumulates: 21
// V1-NEXT: by instruction: sdot in 1, smmla in 20
// V1-NEXT: with stack accesses (spills): 0
