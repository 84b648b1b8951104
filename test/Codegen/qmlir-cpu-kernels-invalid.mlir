// RUN: qmlir-opt %s --verify-diagnostics --qmlir-cpu-kernels="int8-kernel=amx8"
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="float-kernel=bf16" 2>&1 | FileCheck %s --check-prefix=FLOAT
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="target-cpu=pentium9" 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="target-cpu=znver3 int8-kernel=avx512-vnni" 2>&1 | FileCheck %s --check-prefix=LACKS
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="target-cpu=x86-64 float-kernel=fma" 2>&1 | FileCheck %s --check-prefix=NOFMA
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="min-parallel-macs=-1" 2>&1 | FileCheck %s --check-prefix=MACS
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="target-cpu=znver3 int8-kernel=neon-dot" 2>&1 | FileCheck %s --check-prefix=ARMONX86
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="target-triple=aarch64-linux-gnu target-cpu=cortex-a53 int8-kernel=neon-dot" 2>&1 | FileCheck %s --check-prefix=NODOT
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="target-triple=aarch64-linux-gnu target-cpu=cortex-a76 int8-kernel=avx2" 2>&1 | FileCheck %s --check-prefix=X86ONARM
// RUN: not qmlir-opt %s --qmlir-cpu-kernels="target-triple=aarch64-linux-gnu target-cpu=cortex-a76 int8-kernel=neon-i8mm" 2>&1 | FileCheck %s --check-prefix=NOI8MM

/// Each bad option is one error on the module, naming it.
// FLOAT: error: qmlir-cpu-kernels: unknown float-kernel 'bf16' (auto, fma, neon-fma, none)
// CPU: error: qmlir-cpu-kernels: unknown target CPU 'pentium9' for x86_64
// LACKS: error: qmlir-cpu-kernels: the avx512-vnni kernels need the CPU features avx512vnni, avx512bw, which CPU 'znver3' does not have (int8-kernel=auto chooses what it has; emulate=true compiles them to generic code)
// LACKS-NOT: see current operation
// MACS: error: qmlir-cpu-kernels: min-parallel-macs must not be negative (got -1)
// NOFMA: error: qmlir-cpu-kernels: the fma kernels need the CPU features fma, which CPU 'x86-64' does not have
/// The kernels of one architecture are never native on the other; the dot
/// product needs a CPU that has it (Cortex-A53 does not).
// ARMONX86: error: qmlir-cpu-kernels: the neon-dot kernels need the CPU features dotprod, which CPU 'znver3' does not have
// NODOT: error: qmlir-cpu-kernels: the neon-dot kernels need the CPU features dotprod, which CPU 'cortex-a53' does not have
// NOI8MM: error: qmlir-cpu-kernels: the neon-i8mm kernels need the CPU features i8mm, dotprod, which CPU 'cortex-a76' does not have
// X86ONARM: error: qmlir-cpu-kernels: the avx2-u8s7 kernels need the CPU features avx2, which CPU 'cortex-a76' does not have

// expected-error@+1 {{qmlir-cpu-kernels: unknown int8-kernel 'amx8' (auto, avx512-vnni, avx-vnni, avx2, avx2-i16, neon-dot, neon-i8mm, none)}}
module {
}
