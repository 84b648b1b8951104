// RUN: rm -rf %t && mkdir -p %t/so %t/v2
// RUN: qmlir-translate --qmlir-to-object %s -o %t/pair.o
// RUN: FileCheck %s --check-prefix=HEADER < %t/pair.h
// RUN: llvm-nm %t/pair.o | FileCheck %s --check-prefix=SYMBOLS
// RUN: %cc -I%t %S/Inputs/pair-driver.c %t/pair.o %qmlir_lib_dir/libQMLIRAotRuntime.a -lm -o %t/driver
// RUN: %t/driver | FileCheck %s --check-prefix=CALL
//
// The same object as a shared library, called by the same program.
// RUN: qmlir-translate --qmlir-to-shared-library %s -o %t/libpair.so --c-prefix=pair --c-header=%t/so/pair.h
// RUN: diff %t/pair.h %t/so/pair.h
// RUN: %cc -I%t/so %S/Inputs/pair-driver.c -L%t -lpair -Wl,-rpath,%t -o %t/driver-so
// RUN: %t/driver-so | FileCheck %s --check-prefix=CALL
//
// Explicit CPUs: a CPU without AVX-512 still gets working code.
// RUN: qmlir-translate --qmlir-to-object %s --target-cpu=x86-64-v2 -o %t/v2/pair.o
// RUN: FileCheck %s --check-prefix=CPU < %t/v2/pair.h
// RUN: %cc -I%t/v2 %S/Inputs/pair-driver.c %t/v2/pair.o %qmlir_lib_dir/libQMLIRAotRuntime.a -lm -o %t/driver-v2
// RUN: %t/driver-v2 | FileCheck %s --check-prefix=CALL
//
// Cross-compilation: the kernels follow the target CPU's features; the
// instructions of each kind are in the machine code, whatever the host.
// RUN: qmlir-translate --qmlir-to-object %S/Inputs/int8-matmul.mlir --target-cpu=icelake-server -o %t/vnni.o
// RUN: llvm-objdump -d %t/vnni.o | FileCheck %s --check-prefix=VNNI
// RUN: qmlir-translate --qmlir-to-object %S/Inputs/int8-matmul.mlir --target-cpu=alderlake -o %t/avxvnni.o
// RUN: llvm-objdump -d %t/avxvnni.o | FileCheck %s --check-prefix=AVXVNNI
// RUN: qmlir-translate --qmlir-to-object %S/Inputs/int8-matmul.mlir --target-cpu=x86-64-v3 -o %t/avx2.o
// RUN: llvm-objdump -d %t/avx2.o | FileCheck %s --check-prefix=AVX2
// RUN: qmlir-translate --qmlir-to-object %S/Inputs/int8-matmul-7bit.mlir --target-cpu=znver3 -o %t/u8s7.o
// RUN: llvm-objdump -d %t/u8s7.o | FileCheck %s --check-prefix=U8S7
// RUN: qmlir-translate --qmlir-to-object %S/Inputs/f32-conv.mlir --target-cpu=haswell -o %t/fma.o
// RUN: llvm-objdump -d %t/fma.o | FileCheck %s --check-prefix=FMA
// RUN: qmlir-translate --qmlir-to-object %S/Inputs/f32-conv.mlir --target-cpu=skylake-avx512 -o %t/fma512.o
// RUN: llvm-objdump -d %t/fma512.o | FileCheck %s --check-prefix=FMA512
//
// A multi-threaded object: <prefix>_set_num_threads, one thread and all
// cores agree; it links LLVM's OpenMP runtime.
// RUN: qmlir-translate --qmlir-to-object %S/Inputs/int8-matmul-7bit.mlir --codegen-options="parallel=true min-parallel-macs=0" -o %t/threads.o
// RUN: FileCheck %s --check-prefix=THREADSH < %t/threads.h
// RUN: llvm-nm %t/threads.o | FileCheck %s --check-prefix=THREADSYMS
// RUN: %cc -I%t %S/Inputs/threads-driver.c %t/threads.o -L%llvm_lib_dir -lomp -Wl,-rpath,%llvm_lib_dir -lm -o %t/threads
// RUN: %t/threads | FileCheck %s --check-prefix=THREADS
//
// Temporaries live in a persistent workspace; calls from several threads at
// once stay correct (a busy workspace makes a call use a private one).
// RUN: qmlir-translate --qmlir-to-object %S/Inputs/int8-matmul-7bit.mlir -o %t/conc.o
// RUN: llvm-nm %t/conc.o | FileCheck %s --check-prefix=WORKSPACE
// RUN: %cc -I%t %S/Inputs/concurrent-driver.c %t/conc.o -lpthread -lm -o %t/concurrent
// RUN: %t/concurrent | FileCheck %s --check-prefix=CONCURRENT
// WORKSPACE: b __qmlir_workspace___qmlir_conc_entry
// CONCURRENT: concurrent calls: 0 wrong results
// THREADSH: Link the object with: -lomp -lm
// THREADSH: void threads_set_num_threads(int32_t threads);
// THREADSYMS: T threads_run
// THREADSYMS: T threads_set_num_threads
// THREADS: status 0 0, threads agree: yes, exact: yes
//
// Names that are C keywords or hold other characters become identifiers.
// RUN: qmlir-translate --qmlir-to-object %S/Inputs/names.mlir -o %t/names.o
// RUN: FileCheck %s --check-prefix=NAMES < %t/names.h
// RUN: %cc -fsyntax-only -x c %t/names.h
// NAMES: int32_t names_run(const float *float_, const int64_t *float__shape,
// NAMES-NEXT: const float *input_0_x, const int64_t *input_0_x_shape,
// NAMES-NEXT: float *_9out, const int64_t *_9out_shape);
// VNNI: vpdpbusd {{.*}}%zmm
// AVXVNNI: {vex} vpdpbusd {{.*}}%ymm
// AVXVNNI-NOT: %zmm
/// AVX2 and weights of 100: the exact 16-bit kernel (vpmaddwd only).
// AVX2-NOT: vpdpbusd
// AVX2-NOT: vpmaddubsw
// AVX2-NOT: %zmm
// AVX2: vpmaddwd {{.*}}%ymm
/// AVX2 and 7-bit weights: vpmaddubsw, then vpmaddwd with ones.
// U8S7: vpmaddubsw {{.*}}%ymm
// U8S7: vpmaddwd {{.*}}%ymm
// FMA: vfmadd231ps {{.*}}%ymm
// FMA-NOT: %zmm
// FMA512: vfmadd231ps {{.*}}%zmm

/// Two inputs (f32 and signless i8) and two results; the slice result copies
/// a strided view, which calls memrefCopy from libQMLIRAotRuntime.a.
func.func @main(%a: tensor<2x3xf32> {qmlir.name = "a"},
                %b: tensor<2x3xi8> {qmlir.name = "b"})
    -> (tensor<2x3xf32> {qmlir.name = "sum"},
        tensor<2x2xf32> {qmlir.name = "tail"}) {
  %c = tosa.cast %b : (tensor<2x3xi8>) -> tensor<2x3xf32>
  %s = tosa.add %a, %c : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %start = tosa.const_shape {values = dense<[0, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %size = tosa.const_shape {values = dense<[2, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %t = tosa.slice %a, %start, %size : (tensor<2x3xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<2x2xf32>
  return %s, %t : tensor<2x3xf32>, tensor<2x2xf32>
}

// HEADER: Link the object with: libQMLIRAotRuntime.a -lm
// HEADER: #ifndef PAIR_H
// HEADER: #include <stdint.h>
// HEADER: #define PAIR_NUM_INPUTS 2
// HEADER: #define PAIR_NUM_OUTPUTS 2
// HEADER: /* input 0 'a': tensor<2x3xf32> */
// HEADER: #define PAIR_INPUT0_RANK 2
// HEADER: #define PAIR_INPUT0_DIM0 2
// HEADER: #define PAIR_INPUT0_DIM1 3
// HEADER: #define PAIR_INPUT0_ELEMENTS 6
// HEADER: /* input 1 'b': tensor<2x3xi8> */
// HEADER: /* output 1 'tail': tensor<2x2xf32> */
// HEADER: #define PAIR_OUTPUT1_ELEMENTS 4
// HEADER: int32_t pair_run(const float *a, const int64_t *a_shape,
// HEADER-NEXT: const int8_t *b, const int64_t *b_shape,
// HEADER-NEXT: float *sum, const int64_t *sum_shape,
// HEADER-NEXT: float *tail, const int64_t *tail_shape);

/// Only the entry point is exported; no `main` or MLIR wrapper leaks.
// SYMBOLS-NOT: {{ T main$}}
// SYMBOLS-NOT: _mlir_ciface
// SYMBOLS: U memrefCopy
// SYMBOLS: T pair_run
// SYMBOLS-NOT: {{ [TD] }}

// CPU: CPU x86-64-v2

// CALL: one sample: status 0
// CALL-NEXT: sum: 0 0 0 104 132 -122
// CALL-NEXT: tail: 2 3 5 6
// CALL-NEXT: two samples: status 0
// CALL-NEXT: sum: 0 0 0 104 132 -122 10 21 30 41 50 61
// CALL-NEXT: tail: 2 3 5 6 20 30 50 60
// CALL-NEXT: wrong inner: status 2
// CALL-NEXT: not a multiple: status 1
// CALL-NEXT: different batches: status 4
// CALL-NEXT: untouched: 0 0 0 0 0 0
