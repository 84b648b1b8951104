//===- Aot.h - Compile a model to an object file with a C entry -*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Ahead-of-time compilation: a model (float TOSA, int8 linalg, or anything
// qmlir-codegen-pipeline accepts) becomes native code for a chosen x86-64 CPU
// in an ELF object or shared library, with the constant weights embedded and
// one C entry point taking plain pointers and shapes, plus a generated C
// header declaring it. The object needs only libc, libm and, when its code
// copies strided buffers, the dependency-free QMLIRAotRuntime library.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_TARGET_OBJECT_AOT_H
#define QMLIR_TARGET_OBJECT_AOT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <string>
#include <vector>

namespace qmlir {

struct AotOptions {
  /// The function to export.
  std::string entry = "main";
  /// C identifier prefix of the exported names: `<prefix>_run` and the
  /// header's `<PREFIX>_*` macros.
  std::string prefix = "model";
  /// Target triple (empty: the host's): x86_64-* or aarch64-* (AArch64:
  /// generic NEON vectorization, no packed kernels yet).
  std::string targetTriple;
  /// Target CPU as LLVM names it (`host`, `x86-64-v3`, `skylake-avx512`,
  /// `znver4`, ...).
  std::string targetCpu = "host";
  /// Extra target features, LLVM syntax (`+avx512vnni,-avx512f`).
  std::string targetFeatures;
  /// qmlir-codegen-pipeline options. The kernels follow the target
  /// description of targetCpu/targetFeatures (`int8-kernel=auto`).
  std::string codegenOptions;
  /// Multi-threaded code (OpenMP): the object then needs LLVM's OpenMP
  /// runtime (-lomp) and exports `<prefix>_set_num_threads`. Off by default,
  /// so that an object needs only libc and libm; `parallel=true` in
  /// codegenOptions sets it too.
  bool parallel = false;
  /// The input's name, for the header's comment.
  std::string sourceName;
};

/// What compileToObject produces.
struct AotArtifact {
  /// The ELF relocatable object (position-independent).
  std::string object;
  /// The C header declaring `<prefix>_run`.
  std::string header;
  /// The object calls memrefCopy: link QMLIRAotRuntime.
  bool needsAotRuntime = false;
  /// The object calls the OpenMP runtime (parallel) and exports
  /// `<prefix>_set_num_threads`.
  bool needsOpenMP = false;
};

/// Lowers `module` with the codegen pipeline for the target and emits the
/// object and header. Diagnostics of the pipeline go to the context's
/// handler; the returned error says what failed.
llvm::Expected<AotArtifact> compileToObject(mlir::ModuleOp module,
                                            const AotOptions &options);

/// Links `artifact.object` into a shared library with the system C compiler
/// driver (`$CC`, else `cc`, `gcc`, `clang`, or the C compiler qmlir was
/// built with), adding `aotRuntimeLibrary` when the object needs it, libm,
/// and libomp when parallel. Returns the library's bytes.
llvm::Expected<std::string>
linkSharedLibrary(const AotArtifact &artifact,
                  llvm::StringRef aotRuntimeLibrary);

/// compileToObject, and with `sharedLibrary` linkSharedLibrary: the
/// artifact's `object` then holds the shared library's bytes.
llvm::Expected<AotArtifact> compileArtifact(mlir::ModuleOp module,
                                            const AotOptions &options,
                                            bool sharedLibrary,
                                            llvm::StringRef aotRuntimeLibrary);

/// Settings of the --qmlir-to-object and --qmlir-to-shared-library
/// translations, asked for at each translation (a tool reads its flags).
struct AotTranslationSettings {
  /// An empty prefix is made from the output's stem (prefixFromPath), or
  /// is "model" when the output is stdout.
  AotOptions aot;
  /// The translation's output ("-": stdout).
  std::string outputPath = "-";
  /// Where the C header goes; empty: the output with `.h`, or no header
  /// when the output is stdout.
  std::string headerPath;
  /// QMLIRAotRuntime, for shared libraries whose code needs it.
  std::string aotRuntimeLibrary;
};

/// Registers the translations `qmlir-to-object` and
/// `qmlir-to-shared-library`: MLIR text (checked for deep nesting before
/// it is parsed) to native code on the translation's output, and its C
/// header beside it.
void registerAotTranslations(std::function<AotTranslationSettings()> settings);

/// The QMLIRAotRuntime archive next to the running tool: `<bin>/../lib/`
/// (the build tree and the installed tree have the same layout). Empty when
/// absent.
std::string findAotRuntimeLibrary(const char *argv0, void *mainAddress);

/// `path` with its extension replaced by `.h`.
std::string headerPathFor(llvm::StringRef outputPath);

/// A C identifier made from `path`'s stem (`out/digits-int8.o` →
/// `digits_int8`).
std::string prefixFromPath(llvm::StringRef path);

} // namespace qmlir

#endif // QMLIR_TARGET_OBJECT_AOT_H
