// REQUIRES: torch, onnx-importer, qmlir-jit, aarch64-cross
// RUN: rm -rf %t && %python %S/torch_models.py make resnet18 %t
//
// torchvision's ResNet-18 (random weights) quantized on this x86 machine,
// compiled to an AArch64 object, linked with examples/digits/classify.c
// (its entry point and header are named like the digits model's) by the
// cross compiler and run under qemu-aarch64: the int8 logits are those of
// the x86 JIT, bit for bit.
// RUN: qmlir-quantize %t/resnet18.onnx --calibration-data %t/x.npy -o %t/int8.mlir > /dev/null 2>&1
// RUN: qmlir-run %t/int8.mlir --input %t/x.npy --output-dir %t/jit
// RUN: qmlir-translate --qmlir-to-object %t/int8.mlir --target-triple=aarch64-linux-gnu --target-cpu=neoverse-n1 --c-prefix=digits --c-header=%t/digits.h -o %t/resnet18.o
// RUN: %aarch64-cc -O2 -I%t %S/../../examples/digits/classify.c %t/resnet18.o -lm -o %t/classify
// RUN: %qemu-aarch64 -cpu neoverse-n1 %t/classify %t/x.npy --logits %t/aarch64.npy
// RUN: %python %S/compare_exact.py %t/aarch64.npy %t/jit/logits.npy | FileCheck %s

// CHECK: 1x1000 values, identical
