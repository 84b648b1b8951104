// RUN: qmlir-run --print-target --pipeline-options="target-cpu=znver3" | FileCheck %s --check-prefix=ZEN3
// RUN: qmlir-run --print-target --pipeline-options="target-cpu=icelake-server" | FileCheck %s --check-prefix=ICX
// RUN: qmlir-run --print-target --pipeline-options="target-triple=aarch64-linux-gnu target-cpu=neoverse-v1" | FileCheck %s --check-prefix=V1
// RUN: qmlir-run --print-target --pipeline-options="target-triple=aarch64-linux-gnu target-cpu=cortex-a53" | FileCheck %s --check-prefix=A53
// RUN: qmlir-run --print-target --pipeline-options="target-triple=aarch64-linux-gnu target-cpu=cortex-a53 target-features=+dotprod" | FileCheck %s --check-prefix=A53DOT
// RUN: not qmlir-run --print-target --pipeline-options="target-triple=aarch64-linux-gnu target-cpu=znver3" 2>&1 | FileCheck %s --check-prefix=FOREIGN

/// What the target description chooses per op family, for x86-64 CPUs and
/// (cross) AArch64 ones.
// ZEN3: target: x86_64{{.*}}, CPU znver3
// ZEN3: features: fma avx2
// ZEN3: vectors: 256-bit, 16 registers
// ZEN3: int8 conv/matmul:       avx2-u8s7, 8 x 32-bit lanes, 4 K per lane, tile 4 rows x 2 column blocks
// ZEN3: fp32 conv/matmul:       fma, 8 x 32-bit lanes
// ZEN3: amx: absent
// ICX: int8 conv/matmul:       avx512-vnni, 16 x 32-bit lanes, 4 K per lane, tile 4 rows x 4 column blocks
// V1: target: aarch64-linux-gnu, CPU neoverse-v1
// V1-NEXT: features: neon dotprod i8mm
// V1-NEXT: vectors: 128-bit, 32 registers
// V1-NEXT: int8 conv/matmul:       neon-i8mm, 4 x 32-bit lanes, 8 K per lane, tile 4 rows x 4 column blocks (M < 4: 6); s8 x s8, row pairs (2 x 8 by 8 x 2 per smmla); M = 1 and depthwise take neon-dot
// V1-NEXT: int8 depthwise:         neon-dot, 4 channels x 4 taps per register
// V1-NEXT: fp32 conv/matmul:       neon-fma, 4 x 32-bit lanes, 1 K per lane, tile 6 rows x 4 column blocks
// V1-NEXT: fp32 depthwise:         neon-fma
// V1-NOT: amx
// A53: features: neon{{$}}
// A53: int8 conv/matmul:       none; upstream vectorization (smull/smlal)
// A53: fp32 conv/matmul:       neon-fma
// A53DOT: features: neon dotprod{{$}}
// A53DOT: int8 conv/matmul:       neon-dot, 4 x 32-bit lanes, 4 K per lane, tile 6 rows x 4 column blocks (M < 6: 8); s8 x s8
/// Negative: an x86 CPU name for AArch64 is one error.
// FOREIGN: qmlir-run: error: unknown target CPU 'znver3' for aarch64-linux-gnu
// FOREIGN-NOT: error
