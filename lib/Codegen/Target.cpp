//===- Target.cpp - The CPU a model is compiled for -----------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Codegen/Target.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <memory>

using namespace qmlir;
using llvm::SmallVector;
using llvm::StringRef;

StringRef qmlir::stringifyKernelKind(KernelKind kind) {
  switch (kind) {
  case KernelKind::None:
    return "none";
  case KernelKind::Avx512Vnni:
    return "avx512-vnni";
  case KernelKind::AvxVnni:
    return "avx-vnni";
  case KernelKind::Avx2U8S7:
    return "avx2-u8s7";
  case KernelKind::Avx2I16:
    return "avx2-i16";
  case KernelKind::F32Fma:
    return "fma";
  case KernelKind::NeonDot:
    return "neon-dot";
  case KernelKind::NeonI8mm:
    return "neon-i8mm";
  case KernelKind::NeonFma:
    return "neon-fma";
  }
  return "none";
}

std::optional<std::optional<KernelKind>>
qmlir::parseInt8KernelOption(StringRef value) {
  using Result = std::optional<std::optional<KernelKind>>;
  if (value == "auto")
    return Result(std::optional<KernelKind>());
  if (value == "vnni" || value == "avx512-vnni")
    return Result(KernelKind::Avx512Vnni);
  if (value == "avx-vnni")
    return Result(KernelKind::AvxVnni);
  // `avx2` takes the 8-bit path where a layer's weights allow it exactly.
  if (value == "avx2" || value == "avx2-u8s7")
    return Result(KernelKind::Avx2U8S7);
  if (value == "avx2-i16")
    return Result(KernelKind::Avx2I16);
  if (value == "neon-dot")
    return Result(KernelKind::NeonDot);
  if (value == "neon-i8mm")
    return Result(KernelKind::NeonI8mm);
  if (value == "none")
    return Result(KernelKind::None);
  return std::nullopt;
}

KernelKind TargetDescription::bestInt8Kernel() const {
  if (aarch64)
    return i8mm      ? KernelKind::NeonI8mm
           : dotprod ? KernelKind::NeonDot
                     : KernelKind::None;
  if (avx512vnni && avx512bw)
    return KernelKind::Avx512Vnni;
  if (avxVnni || (avx512vnni && avx512vl))
    return KernelKind::AvxVnni;
  if (avx2)
    return KernelKind::Avx2U8S7;
  return KernelKind::None;
}

KernelKind TargetDescription::bestFloatKernel() const {
  if (aarch64)
    return neon ? KernelKind::NeonFma : KernelKind::None;
  return fma ? KernelKind::F32Fma : KernelKind::None;
}

llvm::SmallVector<StringRef, 2>
TargetDescription::requiredFeatures(KernelKind kind) {
  switch (kind) {
  case KernelKind::Avx512Vnni:
    return {"avx512vnni", "avx512bw"};
  case KernelKind::AvxVnni:
    return {"avxvnni"};
  case KernelKind::Avx2U8S7:
  case KernelKind::Avx2I16:
    return {"avx2"};
  case KernelKind::F32Fma:
    return {"fma"};
  case KernelKind::NeonDot:
    return {"dotprod"};
  case KernelKind::NeonI8mm:
    // M = 1 and depthwise layers of an i8mm selection take sdot.
    return {"i8mm", "dotprod"};
  case KernelKind::NeonFma:
    return {"neon"};
  case KernelKind::None:
    return {};
  }
  return {};
}

bool TargetDescription::supports(KernelKind kind) const {
  switch (kind) {
  case KernelKind::Avx512Vnni:
    return avx512vnni && avx512bw;
  case KernelKind::AvxVnni:
    // The EVEX form of the 256-bit instruction serves as well.
    return avxVnni || (avx512vnni && avx512vl);
  case KernelKind::Avx2U8S7:
  case KernelKind::Avx2I16:
    return avx2;
  case KernelKind::F32Fma:
    return fma;
  case KernelKind::NeonDot:
    return dotprod;
  case KernelKind::NeonI8mm:
    return i8mm && dotprod;
  case KernelKind::NeonFma:
    return neon;
  case KernelKind::None:
    return true;
  }
  return false;
}

KernelChoice TargetDescription::kernel(KernelKind kind) const {
  // Register budgets: accumulators rows x column blocks, plus one register
  // per column block of weights, the broadcast activation and temporaries.
  auto tile = [&](int64_t lanes, int64_t kPerLane, int64_t rows,
                  int64_t columnBlocks, int64_t smallMColumnBlocks) {
    return KernelChoice{kind, lanes,        kPerLane,
                        rows, columnBlocks, smallMColumnBlocks};
  };
  switch (kind) {
  case KernelKind::None:
    return tile(0, 0, 0, 0, 0);
  case KernelKind::Avx512Vnni:
    // 32 zmm: 4 x 4 accumulators; M < 4 takes up to 8 column blocks.
    return tile(16, 4, 4, 4, 8);
  case KernelKind::AvxVnni:
    // 16 ymm: 6 x 2 accumulators, 2 weight rows, 1 broadcast.
    return tile(8, 4, 6, 2, 8);
  case KernelKind::Avx2U8S7:
    // 16 ymm: 4 x 2 accumulators, 2 weight rows, the broadcast, the
    // 16-bit products and the ones of vpmaddwd.
    return tile(8, 4, 4, 2, 6);
  case KernelKind::Avx2I16:
    // 16 ymm: 4 x 2 accumulators, 2 weight rows, the broadcast and the
    // products.
    return tile(8, 2, 4, 2, 6);
  case KernelKind::F32Fma:
    // 32 zmm: 6 x 4 accumulators, 4 weight rows, 1 broadcast; 16 ymm: 6 x 2
    // accumulators, 2 weight rows, 1 broadcast.
    return vectorBits >= 512 ? tile(16, 1, 6, 4, 8) : tile(8, 1, 6, 2, 8);
  case KernelKind::NeonDot:
    // 32 q registers: 6 rows x 4 blocks of 4 columns in accumulators, 4
    // weight registers, the broadcast groups (ld1r); M < 6 takes 8 column
    // blocks.
    return tile(4, 4, 6, 4, 8);
  case KernelKind::NeonI8mm:
    // 32 q registers: 2 row pairs x 4 blocks of 4 columns, each block two
    // 2 x 2 accumulators (16), 8 weight registers, 2 of activations; M < 4
    // takes 6 blocks (one pair: 12 + 12 + 1).
    return tile(4, 8, 4, 4, 6);
  case KernelKind::NeonFma:
    // 32 q registers: 6 x 4 accumulators, 4 weight rows, the broadcasts.
    return tile(4, 1, 6, 4, 8);
  }
  return tile(0, 0, 0, 0, 0);
}

std::string TargetDescription::summary() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "target: " << triple << ", CPU " << cpu << "\n";
  SmallVector<StringRef> have;
  SmallVector<std::pair<StringRef, bool>> listed;
  if (aarch64)
    listed = {{"neon", neon}, {"dotprod", dotprod}, {"i8mm", i8mm}};
  else
    listed = {{"fma", fma},           {"avx2", avx2},
              {"avx512f", avx512f},   {"avx512bw", avx512bw},
              {"avx512vl", avx512vl}, {"avx512vnni", avx512vnni},
              {"avxvnni", avxVnni},   {"amx-int8", amxInt8}};
  for (auto [name, present] : listed)
    if (present)
      have.push_back(name);
  os << "features: "
     << (!have.empty() ? llvm::join(have, " ")
         : aarch64     ? std::string("(none of neon, dotprod, i8mm)")
                       : std::string("(none of fma, avx2, avx512*, avxvnni, "
                                         "amx-int8)"))
     << "\n";
  os << "vectors: " << vectorBits << "-bit, " << vectorRegisters
     << " registers\n";
  auto describe = [&](StringRef family, KernelKind kind, StringRef note,
                      bool depthwise = false) {
    KernelChoice k = kernel(kind);
    os << llvm::format("%-24s", (family + ":").str().c_str())
       << stringifyKernelKind(kind);
    if (kind != KernelKind::None && depthwise)
      os << ", " << k.lanes << " channels x " << k.kPerLane
         << " taps per register, tile 4 pixels x 4 channel blocks";
    else if (kind != KernelKind::None)
      os << ", " << k.lanes << " x 32-bit lanes, " << k.kPerLane
         << " K per lane, tile " << k.rows << " rows x " << k.columnBlocks
         << " column blocks (M < " << k.rows << ": " << k.smallMColumnBlocks
         << ")";
    if (!note.empty())
      os << "; " << note;
    os << "\n";
  };
  KernelKind int8 = bestInt8Kernel();
  StringRef int8Note;
  if (int8 == KernelKind::Avx2U8S7)
    int8Note = "layers whose weight pairs could saturate vpmaddubsw (|w| "
               "beyond 7 bits) take avx2-i16";
  else if (int8 == KernelKind::NeonI8mm)
    int8Note = "s8 x s8, row pairs (2 x 8 by 8 x 2 per smmla); M = 1 and "
               "depthwise take neon-dot";
  else if (int8 == KernelKind::NeonDot)
    int8Note = "s8 x s8";
  else if (int8 == KernelKind::None && aarch64)
    int8Note = "upstream vectorization (smull/smlal)";
  else if (int8 == KernelKind::None)
    int8Note = "upstream vectorization";
  describe("int8 conv/matmul", int8, int8Note);
  describe("int8 depthwise",
           int8 == KernelKind::NeonI8mm ? KernelKind::NeonDot : int8, "",
           /*depthwise=*/true);
  KernelKind fp32 = bestFloatKernel();
  describe("fp32 conv/matmul", fp32,
           fp32 != KernelKind::None
               ? "constant weights packed, run-time B read in place"
               : "");
  describe("fp32 depthwise", fp32, "", /*depthwise=*/true);
  if (!aarch64)
    os << "amx: "
       << (amxInt8 ? "present, not used (AMX kernels are planned)" : "absent")
       << "\n";
  return text;
}

void qmlir::initializeCodegenTargets() {
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();
}

llvm::Expected<TargetDescription>
qmlir::resolveTarget(StringRef cpu, StringRef features, StringRef tripleName) {
  initializeCodegenTargets();
  llvm::Triple triple(tripleName.empty() ? llvm::sys::getDefaultTargetTriple()
                                         : tripleName.str());
  if (triple.getArch() != llvm::Triple::x86_64 &&
      triple.getArch() != llvm::Triple::aarch64)
    return llvm::createStringError(
        "target triple '" + triple.str() +
        "' is not supported: qmlir emits x86-64 and AArch64 code");
  bool native =
      triple.getArch() == llvm::Triple(llvm::sys::getProcessTriple()).getArch();
  std::string lookupError;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, lookupError);
  if (!target)
    return llvm::createStringError("target triple '" + triple.str() +
                                   "': " + lookupError);
  TargetDescription description;
  description.triple = triple.str();
  SmallVector<std::string> featureList;
  if ((cpu.empty() || cpu == "host") && !native) {
    description.cpu = "generic";
  } else if (cpu.empty() || cpu == "host") {
    description.cpu = llvm::sys::getHostCPUName().str();
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      featureList.push_back((feature.second ? "+" : "-") +
                            feature.getKey().str());
    llvm::sort(featureList);
  } else {
    description.cpu = cpu.str();
  }
  if (!features.empty())
    featureList.push_back(features.str());
  description.features = llvm::join(featureList, ",");

  std::unique_ptr<llvm::MCSubtargetInfo> probe(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!probe || !probe->isCPUStringValid(description.cpu))
    return llvm::createStringError(
        "unknown target CPU '" + description.cpu + "' for " + triple.str() +
        (triple.getArch() == llvm::Triple::aarch64
             ? " (LLVM names: generic, cortex-a53, cortex-a76, neoverse-n1, "
               "neoverse-v1, apple-m1, ...)"
             : " (LLVM names: x86-64-v2, x86-64-v3, x86-64-v4, haswell, "
               "skylake-avx512, icelake-server, alderlake, sapphirerapids, "
               "znver3, znver4, ...)"));
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      target->createMCSubtargetInfo(triple, description.cpu,
                                    description.features));
  if (!subtarget)
    return llvm::createStringError("cannot describe CPU '" + description.cpu +
                                   "' with features '" + description.features +
                                   "'");
  auto has = [&](StringRef feature) {
    return subtarget->checkFeatures(("+" + feature).str());
  };
  if (triple.getArch() == llvm::Triple::aarch64) {
    description.aarch64 = true;
    description.neon = has("neon");
    description.dotprod = has("dotprod");
    description.i8mm = has("i8mm");
    description.vectorBits = 128;
    description.vectorRegisters = 32;
    return description;
  }
  description.fma = has("fma");
  description.avx2 = has("avx2");
  description.avx512f = has("avx512f");
  description.avx512bw = has("avx512bw");
  description.avx512vl = has("avx512vl");
  description.avx512vnni = has("avx512vnni");
  description.avxVnni = has("avxvnni");
  description.amxInt8 = has("amx-int8");
  description.vectorBits = description.avx512f ? 512 : has("avx") ? 256 : 128;
  description.vectorRegisters = description.avx512f ? 32 : 16;
  return description;
}
