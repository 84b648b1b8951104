// RUN: qmlir-translate --qmlir-to-object %s --split-input-file -verify-diagnostics --c-prefix=model -o /dev/null
//
// Options at fault, each one clear error and no output file.
// RUN: rm -rf %t && mkdir -p %t
// RUN: not qmlir-translate --qmlir-to-object %S/qmlir-to-object.mlir --target-cpu=pentium9 -o %t/a.o 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: not qmlir-translate --qmlir-to-object %S/qmlir-to-object.mlir --target-triple=riscv64-linux-gnu -o %t/a.o 2>&1 | FileCheck %s --check-prefix=TRIPLE
// RUN: not qmlir-translate --qmlir-to-object %S/qmlir-to-object.mlir --target-triple=aarch64-linux-gnu --target-cpu=skylake -o %t/a.o 2>&1 | FileCheck %s --check-prefix=ARMCPU
// RUN: not qmlir-translate --qmlir-to-object %S/qmlir-to-object.mlir --c-prefix=9lives -o %t/a.o 2>&1 | FileCheck %s --check-prefix=PREFIX
// RUN: not qmlir-translate --qmlir-to-object %S/qmlir-to-object.mlir --entry=predict -o %t/a.o 2>&1 | FileCheck %s --check-prefix=ENTRY
// RUN: not qmlir-translate --qmlir-to-object %S/qmlir-to-object.mlir --codegen-options=bogus=1 -o %t/a.o 2>&1 | FileCheck %s --check-prefix=CODEGEN
// RUN: not qmlir-translate --qmlir-to-object %S/Inputs/int8-matmul.mlir --target-cpu=x86-64-v3 --codegen-options=int8-kernel=vnni -o %t/a.o 2>&1 | FileCheck %s --check-prefix=FEATURE
// RUN: not qmlir-translate --qmlir-to-object %S/qmlir-to-object.mlir --c-header=%t/missing/a.h -o %t/a.o 2>&1 | FileCheck %s --check-prefix=HEADER
// RUN: not qmlir-translate --qmlir-to-object %S/Inputs/calibration.mlir -o %t/a.o 2>&1 | FileCheck %s --check-prefix=CALIBRATION
// RUN: env CC=false not qmlir-translate --qmlir-to-shared-library %S/qmlir-to-object.mlir -o %t/a.so --c-prefix=pair 2>&1 | FileCheck %s --check-prefix=LINK
// RUN: mkdir -p %t/alone/bin && cp %qmlir_lib_dir/../bin/qmlir-translate %t/alone/bin/
// RUN: not %t/alone/bin/qmlir-translate --qmlir-to-shared-library %S/qmlir-to-object.mlir -o %t/a.so --c-prefix=pair 2>&1 | FileCheck %s --check-prefix=RUNTIME
// RUN: not ls %t/a.o %t/a.h %t/a.so
//
// CPU: error: unknown target CPU 'pentium9' for x86_64
// CPU-NOT: not a recognized processor
// TRIPLE: error: target triple 'riscv64-linux-gnu' is not supported: qmlir emits x86-64 and AArch64 code
// ARMCPU: error: unknown target CPU 'skylake' for aarch64-linux-gnu (LLVM names: generic, cortex-a53, cortex-a76, neoverse-n1, neoverse-v1, apple-m1, ...)
// PREFIX: error: the C prefix '9lives' is not a C identifier
// ENTRY: error: no function @predict with a body in the module
// CODEGEN: error: invalid codegen options 'bogus=1'
// FEATURE: error: qmlir-cpu-kernels: the avx512-vnni kernels need the CPU features avx512vnni, avx512bw, which CPU 'x86-64-v3' does not have
// HEADER: error: cannot write {{.*}}missing/a.h
// CALIBRATION: error: the module calls qmlir's runtime (_mlir_ciface_qmlir_rt_calibration_observe): calibration models run in qmlir-run --calibrate, they are not compiled ahead of time
// LINK: error: linking the shared library failed ({{.*}}false -shared -o
// RUNTIME: error: the object needs libQMLIRAotRuntime.a, which was not found next to this tool

/// The exported function's types.
// expected-error@+1 {{argument #0 of @main has type tensor<?x3xf32>; the C entry point needs a tensor or memref of static shape}}
module {
  func.func @main(%a: tensor<?x3xf32>) -> tensor<?x3xf32> {
    return %a : tensor<?x3xf32>
  }
}

// -----

// expected-error@+1 {{result #0 of @main has type tensor<2xbf16>; the C entry point supports f32, f64 and 8/16/32/64-bit integers}}
module {
  func.func @main(%a: tensor<2xf32>) -> tensor<2xbf16> {
    %0 = tosa.cast %a : (tensor<2xf32>) -> tensor<2xbf16>
    return %0 : tensor<2xbf16>
  }
}

// -----

// expected-error@+1 {{no function @main with a body in the module}}
module {
  func.func private @main(tensor<2xf32>) -> tensor<2xf32>
}

// -----

// expected-error@+1 {{the module already defines @model_run, @model_set_num_threads or @__qmlir_model_entry}}
module {
  func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
    return %a : tensor<2xf32>
  }
  func.func @model_run() {
    return
  }
}
