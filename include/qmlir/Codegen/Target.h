//===- Target.h - The CPU a model is compiled for -----------------*- C++
//-*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The target description: the one place that maps a CPU (the host's
// features for the JIT; an LLVM CPU name and feature string for
// ahead-of-time output) to what the code generator does with it: the vector
// width and register count, the int8 dot-product instruction sequence of
// the kernels and the quantization constraint it implies, the fp32 kernel,
// and the register tile of each kernel. Passes read it; none inspects the
// host on its own.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_CODEGEN_TARGET_H
#define QMLIR_CODEGEN_TARGET_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>

namespace qmlir {

/// The instruction sequence of a packed-weight kernel's inner step.
enum class KernelKind {
  /// No packed kernel: upstream vectorization.
  None,
  /// `vpdpbusd` on zmm: 64 u8 x s8 products into 16 i32 lanes (AVX-512
  /// VNNI + BW).
  Avx512Vnni,
  /// VEX `vpdpbusd` on ymm: 32 u8 x s8 products into 8 i32 lanes (AVX-VNNI).
  AvxVnni,
  /// `vpmaddubsw` -> `vpmaddwd` (ones) -> `vpaddd` on ymm: 32 u8 x s8
  /// products, exact when every weight is in [-64, 63] (two products of 255
  /// and 64 stay below the saturating 16-bit sum's bound).
  Avx2U8S7,
  /// `vpmaddwd` on sign-extended 16-bit operands: 16 s16 x s16 products into
  /// 8 i32 lanes; exact for any 8-bit weights.
  Avx2I16,
  /// `vfmadd231ps` on vectors of `lanes` f32 (fp32 kernels).
  F32Fma,
  /// AArch64 `sdot` (vector form): 16 s8 x s8 products into 4 i32 lanes
  /// (the dot-product extension, Armv8.2 and later); exact for any 8-bit
  /// operands.
  NeonDot,
  /// AArch64 `smmla` (i8mm, Armv8.6): a 2 x 8 by 8 x 2 s8 product into a
  /// 2 x 2 i32 tile, 32 products an instruction; two output rows share one
  /// register of activations. Matrix products of M = 1 and depthwise
  /// convolutions take `NeonDot` instead.
  NeonI8mm,
  /// AArch64 `fmla` on 4 f32 lanes (fp32 kernels on NEON).
  NeonFma,
};

/// The option spelling of a kernel kind (`avx512-vnni`, `avx-vnni`,
/// `avx2-u8s7`, `avx2-i16`, `fma`, `neon-dot`, `neon-i8mm`, `neon-fma`,
/// `none`).
llvm::StringRef stringifyKernelKind(KernelKind kind);

/// A kernel kind with the shape of its register tile.
struct KernelChoice {
  KernelKind kind = KernelKind::None;
  /// 32-bit lanes of an accumulator register (8: ymm, 16: zmm).
  int64_t lanes = 0;
  /// K elements each 32-bit lane takes per step (4 bytes, 2 halves, 1 f32).
  int64_t kPerLane = 0;
  /// Register tile: output rows (pixels) x column blocks of `lanes` for
  /// M >= rows; `smallMColumnBlocks` column blocks when M is smaller (GEMV).
  int64_t rows = 0;
  int64_t columnBlocks = 0;
  int64_t smallMColumnBlocks = 0;
};

/// A CPU as the code generator sees it.
struct TargetDescription {
  /// LLVM triple, CPU name and feature string (`+avx2,+fma,...`).
  std::string triple;
  std::string cpu;
  std::string features;
  /// The features the kernels choose by.
  bool fma = false, avx2 = false, avx512f = false, avx512bw = false,
       avx512vl = false, avx512vnni = false, avxVnni = false, amxInt8 = false;
  /// AArch64: NEON, the int8 dot product (`sdot`/`udot`) and matrix
  /// multiply-accumulate (`smmla`/`usmmla`). The int8 kernels use `smmla`
  /// on i8mm CPUs, else `sdot`; without the dot product, int8 is upstream
  /// vectorization (`smull`/`smlal`). fp32 kernels use NEON `fmla`.
  bool aarch64 = false, neon = false, dotprod = false, i8mm = false;
  /// Widest vector the kernels use, and the vector registers of that width.
  unsigned vectorBits = 128;
  unsigned vectorRegisters = 16;

  /// The best exact int8 kernel for this CPU (before looking at weights).
  KernelKind bestInt8Kernel() const;
  /// The fp32 kernel for this CPU: `F32Fma` (x86 with FMA), `NeonFma`
  /// (AArch64 with NEON) or `None`.
  KernelKind bestFloatKernel() const;
  /// The kernel for `kind` (an int8 kind, `F32Fma`, or `None`) on this CPU
  /// with its register tile; the lanes follow the kind (zmm kinds 16, ymm
  /// kinds 8; fp32 takes the widest vector).
  KernelChoice kernel(KernelKind kind) const;
  /// Whether this CPU runs the instructions of `kind` natively.
  bool supports(KernelKind kind) const;
  /// The LLVM features `kind`'s instructions need ("avx512vnni", ...).
  static llvm::SmallVector<llvm::StringRef, 2>
  requiredFeatures(KernelKind kind);

  /// Several lines for `--print-target`: CPU, features that matter, vector
  /// width, kernels and tiles per op family.
  std::string summary() const;
};

/// The description of `cpu` ("host" or empty: this machine's CPU and
/// features; for a triple of another architecture than the host's,
/// "generic") with `features` added (an LLVM feature string such as
/// "+avx2,-avx512f" or "+dotprod,+i8mm"), for `triple` (empty: the host's).
/// x86-64 and AArch64 are supported; an unknown CPU or another architecture
/// is an error naming it.
llvm::Expected<TargetDescription> resolveTarget(llvm::StringRef cpu,
                                                llvm::StringRef features = "",
                                                llvm::StringRef triple = "");

/// Registers LLVM's targets (all that LLVM was built with: x86-64 for the
/// JIT and ahead-of-time code, AArch64 for cross-compiled objects).
void initializeCodegenTargets();

/// Parses an `int8-kernel` option value: `auto` (nothing: the target's
/// best), a kind's spelling, or `vnni` (AVX-512 VNNI, the earlier name).
std::optional<std::optional<KernelKind>>
parseInt8KernelOption(llvm::StringRef value);

} // namespace qmlir

#endif // QMLIR_CODEGEN_TARGET_H
