//===- TargetTest.cpp - The target description ----------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// CPUs by LLVM name map to the kernel kinds and tiles of docs/Targets.md,
// whatever the host; bad names are errors.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Target.h"

#include "gtest/gtest.h"

using namespace qmlir;

namespace {

TargetDescription resolve(llvm::StringRef cpu, llvm::StringRef features = "") {
  llvm::Expected<TargetDescription> target = resolveTarget(cpu, features);
  if (!target) {
    ADD_FAILURE() << llvm::toString(target.takeError());
    return {};
  }
  return *target;
}

TEST(Target, KernelKindsByCpu) {
  EXPECT_EQ(resolve("icelake-server").bestInt8Kernel(), KernelKind::Avx512Vnni);
  EXPECT_EQ(resolve("sapphirerapids").bestInt8Kernel(), KernelKind::Avx512Vnni);
  EXPECT_EQ(resolve("znver4").bestInt8Kernel(), KernelKind::Avx512Vnni);
  EXPECT_EQ(resolve("alderlake").bestInt8Kernel(), KernelKind::AvxVnni);
  EXPECT_EQ(resolve("znver3").bestInt8Kernel(), KernelKind::Avx2U8S7);
  EXPECT_EQ(resolve("haswell").bestInt8Kernel(), KernelKind::Avx2U8S7);
  // AVX-512 without VNNI (Skylake-SP) still has AVX2.
  EXPECT_EQ(resolve("skylake-avx512").bestInt8Kernel(), KernelKind::Avx2U8S7);
  EXPECT_EQ(resolve("x86-64-v2").bestInt8Kernel(), KernelKind::None);
  EXPECT_TRUE(resolve("sapphirerapids").amxInt8);
  EXPECT_FALSE(resolve("icelake-server").amxInt8);
}

TEST(Target, FeaturesAdjustTheCpu) {
  // Removing AVX-512 from an AVX-512 VNNI CPU leaves AVX2 kernels.
  TargetDescription t = resolve("icelake-server", "-avx512f");
  EXPECT_FALSE(t.avx512vnni && t.avx512bw);
  EXPECT_EQ(t.vectorBits, 256u);
  EXPECT_EQ(t.vectorRegisters, 16u);
  EXPECT_TRUE(resolve("znver3", "+avxvnni").supports(KernelKind::AvxVnni));
}

TEST(Target, TilesFitTheRegisterFile) {
  for (llvm::StringRef cpu : {"znver3", "icelake-server", "alderlake"}) {
    TargetDescription t = resolve(cpu);
    for (KernelKind kind :
         {KernelKind::Avx512Vnni, KernelKind::AvxVnni, KernelKind::Avx2U8S7,
          KernelKind::Avx2I16, KernelKind::F32Fma}) {
      KernelChoice k = t.kernel(kind);
      int64_t registers = k.lanes == 16 ? 32 : 16;
      // Accumulators, one register of weights per column block, the
      // broadcast operand.
      EXPECT_LE(k.rows * k.columnBlocks + k.columnBlocks + 1, registers)
          << cpu.str() << " " << stringifyKernelKind(kind).str();
      EXPECT_EQ(k.lanes * 32,
                kind == KernelKind::Avx512Vnni ||
                        (kind == KernelKind::F32Fma && t.vectorBits == 512)
                    ? 512
                    : 256);
    }
  }
  EXPECT_EQ(resolve("skylake-avx512").kernel(KernelKind::F32Fma).lanes, 16);
  EXPECT_EQ(resolve("znver3").kernel(KernelKind::F32Fma).lanes, 8);
}

TEST(Target, Errors) {
  llvm::Expected<TargetDescription> cpu = resolveTarget("pentium9");
  ASSERT_FALSE(static_cast<bool>(cpu));
  EXPECT_NE(llvm::toString(cpu.takeError())
                .find("unknown target CPU "
                      "'pentium9'"),
            std::string::npos);
  llvm::Expected<TargetDescription> triple =
      resolveTarget("generic", "", "riscv64-linux-gnu");
  ASSERT_FALSE(static_cast<bool>(triple));
  EXPECT_NE(llvm::toString(triple.takeError())
                .find("qmlir emits x86-64 and AArch64 code"),
            std::string::npos);
  llvm::Expected<TargetDescription> armCpu =
      resolveTarget("skylake", "", "aarch64-linux-gnu");
  ASSERT_FALSE(static_cast<bool>(armCpu));
  EXPECT_NE(llvm::toString(armCpu.takeError())
                .find("unknown target CPU 'skylake' for aarch64"),
            std::string::npos);
}

TEST(Target, AArch64) {
  auto resolveArm = [](llvm::StringRef cpu, llvm::StringRef features = "") {
    llvm::Expected<TargetDescription> t =
        resolveTarget(cpu, features, "aarch64-linux-gnu");
    EXPECT_TRUE(static_cast<bool>(t)) << llvm::toString(t.takeError());
    return *t;
  };
  // A cross target has no host CPU: "host" means generic.
  TargetDescription generic = resolveArm("host");
  EXPECT_EQ(generic.cpu, "generic");
  EXPECT_TRUE(generic.aarch64 && generic.neon);
  EXPECT_FALSE(generic.dotprod || generic.i8mm);
  TargetDescription a76 = resolveArm("cortex-a76");
  EXPECT_TRUE(a76.dotprod);
  EXPECT_FALSE(a76.i8mm);
  TargetDescription v1 = resolveArm("neoverse-v1");
  EXPECT_TRUE(v1.dotprod && v1.i8mm);
  EXPECT_TRUE(resolveArm("cortex-a53", "+dotprod,+i8mm").i8mm);
  // 128-bit NEON, 32 registers: sdot kernels where the CPU has the dot
  // product, upstream vectorization where it does not; fmla for fp32.
  EXPECT_EQ(v1.vectorBits, 128u);
  EXPECT_EQ(v1.vectorRegisters, 32u);
  EXPECT_EQ(v1.bestInt8Kernel(), KernelKind::NeonI8mm);
  EXPECT_EQ(a76.bestInt8Kernel(), KernelKind::NeonDot);
  EXPECT_FALSE(a76.supports(KernelKind::NeonI8mm));
  EXPECT_TRUE(v1.supports(KernelKind::NeonI8mm));
  EXPECT_EQ(generic.bestInt8Kernel(), KernelKind::None);
  EXPECT_EQ(resolveArm("cortex-a53").bestInt8Kernel(), KernelKind::None);
  EXPECT_EQ(generic.bestFloatKernel(), KernelKind::NeonFma);
  EXPECT_TRUE(a76.supports(KernelKind::NeonDot));
  EXPECT_FALSE(generic.supports(KernelKind::NeonDot));
  // One architecture's kernels are never native on the other.
  EXPECT_FALSE(v1.supports(KernelKind::F32Fma));
  EXPECT_FALSE(v1.supports(KernelKind::Avx2I16));
  EXPECT_FALSE(resolve("znver4").supports(KernelKind::NeonFma));
  EXPECT_FALSE(resolve("znver4").supports(KernelKind::NeonDot));
  EXPECT_EQ(resolve("znver4").bestFloatKernel(), KernelKind::F32Fma);
  // 4 lanes of 4 bytes; a 6 x 4 tile (24 of the 32 registers).
  KernelChoice dot = v1.kernel(KernelKind::NeonDot);
  EXPECT_EQ(dot.lanes, 4);
  EXPECT_EQ(dot.kPerLane, 4);
  EXPECT_LE(dot.rows * dot.columnBlocks + dot.columnBlocks + 1, 32);
  EXPECT_EQ(TargetDescription::requiredFeatures(KernelKind::NeonDot).front(),
            "dotprod");
  // smmla: 8 bytes per lane, row pairs; 2 x 4 blocks of two 2 x 2 tiles,
  // 8 weight and 2 activation registers.
  KernelChoice mmla = v1.kernel(KernelKind::NeonI8mm);
  EXPECT_EQ(mmla.kPerLane, 8);
  EXPECT_EQ(mmla.rows % 2, 0);
  EXPECT_LE(mmla.rows * mmla.columnBlocks + 2 * mmla.columnBlocks +
                mmla.rows / 2,
            32);
  std::string summary = v1.summary();
  EXPECT_NE(summary.find("features: neon dotprod i8mm"), std::string::npos);
  EXPECT_NE(summary.find("int8 conv/matmul:       neon-i8mm"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("fp32 conv/matmul:       neon-fma"), std::string::npos)
      << summary;
  EXPECT_EQ(summary.find("amx"), std::string::npos) << summary;
}

TEST(Target, Int8KernelOption) {
  EXPECT_EQ(*parseInt8KernelOption("auto"), std::nullopt);
  EXPECT_EQ(**parseInt8KernelOption("vnni"), KernelKind::Avx512Vnni);
  EXPECT_EQ(**parseInt8KernelOption("avx2"), KernelKind::Avx2U8S7);
  EXPECT_EQ(**parseInt8KernelOption("avx2-i16"), KernelKind::Avx2I16);
  EXPECT_EQ(**parseInt8KernelOption("neon-dot"), KernelKind::NeonDot);
  EXPECT_EQ(**parseInt8KernelOption("neon-i8mm"), KernelKind::NeonI8mm);
  EXPECT_EQ(**parseInt8KernelOption("none"), KernelKind::None);
  EXPECT_FALSE(parseInt8KernelOption("amx").has_value());
}

TEST(Target, HostResolves) {
  TargetDescription host = resolve("host");
  EXPECT_FALSE(host.cpu.empty());
  EXPECT_NE(host.summary().find("int8 conv/matmul:"), std::string::npos);
}

} // namespace
