// RUN: qmlir-opt %s --verify-diagnostics --qmlir-cpu-kernels="int8-kernel=amx8"
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="float-kernel=bf16" 2>&1 | FileCheck %s --check-prefix=FLOAT
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="target-cpu=pentium9" 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="target-cpu=znver3 int8-kernel=avx512-vnni" 2>&1 | FileCheck %s --check-prefix=LACKS
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="target-cpu=x86-64 float-kernel=fma" 2>&1 | FileCheck %s --check-prefix=NOFMA
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="min-parallel-macs=-1" 2>&1 | FileCheck %s --check-prefix=MACS

/// Each bad option is one error on the module, naming it.
// FLOAT: error: qmlir-cpu-kernels: unknown float-kernel 'bf16' (auto, fma, none)
// CPU: error: qmlir-cpu-kernels: unknown target CPU 'pentium9' for x86_64
// LACKS: error: qmlir-cpu-kernels: the avx512-vnni kernels need the CPU features avx512vnni, avx512bw, which CPU 'znver3' does not have (int8-kernel=auto chooses what it has; emulate=true compiles them to generic code)
// LACKS-NOT: see current operation
// MACS: error: qmlir-cpu-kernels: min-parallel-macs must not be negative (got -1)
// NOFMA: error: qmlir-cpu-kernels: the fma kernels need the CPU features fma, which CPU 'x86-64' does not have

// expected-error@+1 {{qmlir-cpu-kernels: unknown int8-kernel 'amx8' (auto, avx512-vnni, avx-vnni, avx2, avx2-i16, none)}}
module {
}
