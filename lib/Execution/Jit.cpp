//===- Jit.cpp - JIT-compile and call qmlir-compiled functions ------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Execution/Jit.h"
#include "qmlir-c/Runtime.h"
#include "qmlir/Codegen/Passes.h"
#include "qmlir/Dialect/QNT/Transforms/Passes.h"
#include "qmlir/Execution/Optimize.h"
#include "qmlir/Support/InputLimits.h"
#include "llvm/TargetParser/Host.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/RTDyldObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/SectionMemoryManager.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"

#include <dlfcn.h>
#include <unistd.h>

using namespace mlir;

void qmlir::initializeJit(DialectRegistry &registry) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerAllToLLVMIRTranslations(registry);
}

namespace {
/// The libraries compiled code calls: upstream's C runner utilities
/// (memrefCopy for strided copies) and, for parallel kernels, OpenMP.
llvm::Expected<SmallVector<StringRef, 2>>
runtimeLibraries(const qmlir::CodegenPipelineOptions &options) {
  SmallVector<StringRef, 2> libs = {QMLIR_C_RUNNER_UTILS};
  if (options.parallel) {
    if (StringRef(QMLIR_OPENMP_RUNTIME).empty())
      return llvm::createStringError(
          "parallel=true needs the OpenMP runtime (libomp), which was not "
          "found when qmlir was built");
    libs.push_back(QMLIR_OPENMP_RUNTIME);
  }
  return libs;
}

/// Every statically shaped tensor or buffer the module computes is within
/// qmlir's limit for one tensor: a larger one would make the compiled code's
/// allocation fail (and crash in the code that writes it) rather than be an
/// error.
llvm::Error checkValueSizes(ModuleOp module) {
  uint64_t memory = qmlir::tensorBudgetBytes();
  std::string problem;
  auto check = [&](Operation *op, Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    if (!shaped || !shaped.hasStaticShape() ||
        !shaped.getElementType().isIntOrIndexOrFloat())
      return;
    int64_t elements = 1;
    for (int64_t dim : shaped.getShape())
      if (llvm::MulOverflow(elements, dim, elements))
        elements = -1;
    unsigned bits = shaped.getElementType().isIndex()
                        ? 64
                        : shaped.getElementType().getIntOrFloatBitWidth();
    std::optional<uint64_t> bytes =
        elements < 0 ? std::nullopt : qmlir::tensorBytes(elements, bits);
    if (bytes && *bytes <= memory)
      return;
    std::string text;
    llvm::raw_string_ostream os(text);
    if (auto file = dyn_cast<FileLineColLoc>(op->getLoc()))
      os << file.getFilename().getValue() << ":" << file.getLine() << ":"
         << file.getColumn() << ": ";
    os << "'" << op->getName() << "' has a value of type " << type
       << ", which takes "
       << (bytes ? qmlir::overBudgetMessage(*bytes)
                 : std::string("more bytes than int64 counts"));
    problem = text;
  };
  module.walk([&](Operation *op) {
    for (Type type : op->getResultTypes())
      check(op, type);
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          check(op, arg.getType());
    return problem.empty() ? WalkResult::advance() : WalkResult::interrupt();
  });
  if (!problem.empty())
    return llvm::createStringError(problem);
  return llvm::Error::success();
}

/// Marks `entry` for a C interface.
llvm::Error markEntry(ModuleOp module, StringRef entry) {
  if (llvm::Error err = checkValueSizes(module))
    return err;
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return llvm::createStringError("no function @" + entry.str());
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                UnitAttr::get(module.getContext()));
  return llvm::Error::success();
}

/// qmlir's runtime functions that compiled code calls, bound to this
/// process's definitions ahead of the shared libraries: the calibration
/// observer, and qmlir's memrefCopy, which copies contiguous innermost runs
/// with memcpy where the C runner utilities' copies element by element (a
/// sixth of MobileNetV2 int8's run time).
llvm::orc::SymbolMap runtimeSymbols(llvm::orc::MangleAndInterner &interner) {
  llvm::orc::SymbolMap symbols;
  symbols[interner("_mlir_ciface_qmlir_rt_calibration_observe")] = {
      llvm::orc::ExecutorAddr::fromPtr(
          &_mlir_ciface_qmlir_rt_calibration_observe),
      llvm::JITSymbolFlags::Exported};
  symbols[interner("memrefCopy")] = {
      llvm::orc::ExecutorAddr::fromPtr(&qmlir_rt_memref_copy),
      llvm::JITSymbolFlags::Exported};
  return symbols;
}

/// Lowers `module` to the LLVM dialect for this host.
llvm::Error lowerForHost(ModuleOp module,
                         const qmlir::CodegenPipelineOptions &options) {
  if (failed(qmlir::runCodegenPipeline(module, options)))
    return llvm::createStringError("lowering to the LLVM dialect failed");

  // Kernels compiled for CPU features this host lacks would stop on an
  // illegal instruction: refuse them here.
  if (auto required = module->getAttrOfType<ArrayAttr>(
          qmlir::kRequiredCpuFeaturesAttrName)) {
    llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
    for (Attribute feature : required) {
      StringRef name = cast<StringAttr>(feature).getValue();
      if (!host.lookup(name))
        return llvm::createStringError(
            "the code uses the CPU feature '" + name.str() +
            "', which this CPU does not have (compile with "
            "int8-kernel=auto, or emulate=true)");
    }
  }
  return llvm::Error::success();
}

/// Lowers `module` and JIT-compiles it with MLIR's ExecutionEngine.
llvm::Expected<std::unique_ptr<ExecutionEngine>>
lowerAndCompile(ModuleOp module, StringRef entry,
                const qmlir::CodegenPipelineOptions &options) {
  if (llvm::Error err = lowerForHost(module, options))
    return std::move(err);
  auto targetBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!targetBuilder)
    return targetBuilder.takeError();
  auto targetMachine = targetBuilder->createTargetMachine();
  if (!targetMachine)
    return targetMachine.takeError();
  llvm::TargetMachine *machine = targetMachine->get();
  std::function<llvm::Error(llvm::Module *)> transformer =
      [machine](llvm::Module *module) {
        return qmlir::optimizeModule(*module, machine);
      };
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  // No profiler or debugger notifications: the perf listener writes a
  // jit-PID.dump under $TMPDIR/.debug/jit for every engine.
  engineOptions.enableGDBNotificationListener = false;
  engineOptions.enablePerfNotificationListener = false;
  auto libs = runtimeLibraries(options);
  if (!libs)
    return libs.takeError();
  engineOptions.sharedLibPaths = *libs;
  auto engine =
      ExecutionEngine::create(module, engineOptions, std::move(*targetMachine));
  if (!engine)
    return engine.takeError();
  // qmlir's runtime functions that compiled code calls, from this process.
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    return runtimeSymbols(interner);
  });
  // Generate the machine code now (the JIT materializes on first lookup), so
  // that compile time is not charged to the first run.
  if (auto entryPoint = (*engine)->lookupPacked(entry); !entryPoint)
    return entryPoint.takeError();
  return engine;
}

/// Adds `_mlir_<name>(void **args)` calling `name` with the values the
/// pointers in `args` point to (and storing a result through the pointer
/// after them): the packed form JitModel::lookupPacked returns, as MLIR's
/// ExecutionEngine makes it.
void addPackedWrapper(llvm::Module &module, llvm::Function &callee) {
  llvm::LLVMContext &context = module.getContext();
  llvm::IRBuilder<> b(context);
  auto *wrapper = llvm::Function::Create(
      llvm::FunctionType::get(b.getVoidTy(), {b.getPtrTy()}, false),
      llvm::GlobalValue::ExternalLinkage, "_mlir_" + callee.getName(), module);
  b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", wrapper));
  llvm::Value *args = wrapper->getArg(0);
  SmallVector<llvm::Value *> values;
  for (auto [i, param] : llvm::enumerate(callee.args())) {
    llvm::Value *slot =
        b.CreateLoad(b.getPtrTy(), b.CreateConstGEP1_64(b.getPtrTy(), args, i));
    values.push_back(b.CreateLoad(param.getType(), slot));
  }
  llvm::Value *result = b.CreateCall(&callee, values);
  if (!callee.getReturnType()->isVoidTy())
    b.CreateStore(result, b.CreateLoad(b.getPtrTy(),
                                       b.CreateConstGEP1_64(b.getPtrTy(), args,
                                                            values.size())));
  b.CreateRetVoid();
}

/// Lowers `module` for this host and compiles it to objects on up to one
/// thread per core (compileToObjects), with `entry`'s packed wrapper.
llvm::Expected<SmallVector<llvm::SmallString<0>>>
compileObjects(ModuleOp module, StringRef entry,
               const qmlir::CodegenPipelineOptions &options) {
  if (llvm::Error err = lowerForHost(module, options))
    return std::move(err);
  auto llvmContext = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, *llvmContext);
  if (!llvmModule)
    return llvm::createStringError("translation to LLVM IR failed");
  llvm::Function *ciface =
      llvmModule->getFunction(("_mlir_ciface_" + entry).str());
  if (!ciface)
    return llvm::createStringError("@" + entry.str() +
                                   " has no C interface after lowering");
  addPackedWrapper(*llvmModule, *ciface);
  qmlir::TargetMachineFactory makeMachine =
      []() -> llvm::Expected<std::unique_ptr<llvm::TargetMachine>> {
    auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!builder)
      return builder.takeError();
    builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
    return builder->createTargetMachine();
  };
  return qmlir::compileToObjects(
      std::move(llvmModule), makeMachine,
      llvm::hardware_concurrency().compute_thread_count());
}

/// Feeds everything written to it into a BLAKE3 hash.
class HashStream : public llvm::raw_ostream {
public:
  HashStream() { SetUnbuffered(); }
  llvm::BLAKE3 hasher;

private:
  void write_impl(const char *ptr, size_t size) override {
    hasher.update(
        llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(ptr), size));
    position += size;
  }
  uint64_t current_pos() const override { return position; }
  uint64_t position = 0;
};

/// Identifies the compiler's own build: the file holding this code (the
/// tool, or the library an embedder loaded), by size and modification time.
std::string compilerIdentity() {
  std::string id = LLVM_VERSION_STRING;
  Dl_info info;
  if (dladdr(reinterpret_cast<void *>(&qmlir::compileJitModel), &info) &&
      info.dli_fname) {
    llvm::sys::fs::file_status status;
    if (!llvm::sys::fs::status(info.dli_fname, status))
      id += " " + std::string(info.dli_fname) + " " +
            std::to_string(status.getSize()) + " " +
            std::to_string(
                status.getLastModificationTime().time_since_epoch().count());
  }
  return id;
}

/// The cache key of `module` (entry marked) compiled with `options` here.
std::string cacheKey(ModuleOp module, StringRef entry,
                     const qmlir::CodegenPipelineOptions &options) {
  HashStream stream;
  stream << "qmlir-jit-cache-v2\n" << compilerIdentity() << "\n";
  stream << llvm::sys::getHostCPUName() << "\n";
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  SmallVector<std::string> names;
  for (const auto &feature : features)
    names.push_back((feature.second ? "+" : "-") + feature.first().str());
  llvm::sort(names);
  for (const std::string &name : names)
    stream << name << ",";
  stream << "\n" << entry << "\n";
  options.print(stream);
  stream << "\n";
  module->print(stream, OpPrintingFlags().printGenericOpForm().enableDebugInfo(
                            /*enable=*/false));
  llvm::BLAKE3Result<16> digest = stream.hasher.final<16>();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

bool isCacheObjectName(StringRef name) {
  return name.size() == 34 && name.ends_with(".o") &&
         llvm::all_of(name.drop_back(2), llvm::isHexDigit);
}

/// Removes the least recently used objects until the folder holds at most
/// `maxBytes` of them.
void pruneCache(StringRef directory, uint64_t maxBytes) {
  struct Entry {
    std::string path;
    uint64_t size;
    llvm::sys::TimePoint<> used;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(directory, ec), end;
       it != end && !ec; it.increment(ec)) {
    if (!isCacheObjectName(llvm::sys::path::filename(it->path())))
      continue;
    llvm::sys::fs::file_status status;
    if (llvm::sys::fs::status(it->path(), status))
      continue;
    entries.push_back(
        {it->path(), status.getSize(), status.getLastModificationTime()});
    total += status.getSize();
  }
  llvm::sort(entries,
             [](const Entry &a, const Entry &b) { return a.used < b.used; });
  for (const Entry &entry : entries) {
    if (total <= maxBytes)
      break;
    if (!llvm::sys::fs::remove(entry.path))
      total -= entry.size;
  }
}
} // namespace

struct qmlir::JitModel::Loaded {
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

qmlir::JitModel::JitModel() = default;
qmlir::JitModel::~JitModel() = default;

llvm::Expected<void *> qmlir::JitModel::lookup(StringRef symbol) const {
  auto address = loaded->jit->lookup(symbol);
  if (!address)
    return address.takeError();
  return address->toPtr<void *>();
}

llvm::Expected<void (*)(void **)>
qmlir::JitModel::lookupPacked(StringRef name) const {
  auto address = lookup(("_mlir_" + name).str());
  if (!address)
    return address.takeError();
  return reinterpret_cast<void (*)(void **)>(*address);
}

/// The objects of a model as one archive (the cache's file).
static llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
archiveObjects(ArrayRef<llvm::SmallString<0>> objects) {
  std::vector<llvm::NewArchiveMember> members;
  for (auto [i, object] : llvm::enumerate(objects)) {
    llvm::NewArchiveMember member(
        llvm::MemoryBufferRef(object.str(), "part" + std::to_string(i) + ".o"));
    members.push_back(std::move(member));
  }
  // Member names are kept alive by the strings above until written.
  return llvm::writeArchiveToBuffer(
      members, llvm::SymtabWritingMode::NoSymtab, llvm::object::Archive::K_GNU,
      /*Deterministic=*/true, /*Thin=*/false,
      [](llvm::Error err) { llvm::consumeError(std::move(err)); });
}

/// The objects of an archive written by archiveObjects.
static llvm::Expected<std::vector<std::unique_ptr<llvm::MemoryBuffer>>>
unarchiveObjects(const llvm::MemoryBuffer &archive) {
  auto parsed = llvm::object::Archive::create(archive.getMemBufferRef());
  if (!parsed)
    return parsed.takeError();
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects;
  llvm::Error err = llvm::Error::success();
  for (const llvm::object::Archive::Child &child : (*parsed)->children(err)) {
    auto buffer = child.getMemoryBufferRef();
    if (!buffer)
      return buffer.takeError();
    objects.push_back(llvm::MemoryBuffer::getMemBufferCopy(
        buffer->getBuffer(), buffer->getBufferIdentifier()));
  }
  if (err)
    return std::move(err);
  if (objects.empty())
    return llvm::createStringError("the archive holds no object");
  return objects;
}

/// Loads compiled objects into a JIT of their own with the runtime
/// libraries and symbols compiled code calls.
static llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>>
loadObjects(std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects,
            StringRef entry, const qmlir::CodegenPipelineOptions &options) {
  auto targetBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!targetBuilder)
    return targetBuilder.takeError();
  auto jit =
      llvm::orc::LLJITBuilder()
          .setJITTargetMachineBuilder(std::move(*targetBuilder))
          .setObjectLinkingLayerCreator(
              [](llvm::orc::ExecutionSession &session)
                  -> llvm::Expected<std::unique_ptr<llvm::orc::ObjectLayer>> {
                return std::make_unique<llvm::orc::RTDyldObjectLinkingLayer>(
                    session, [](const llvm::MemoryBuffer &) {
                      return std::make_unique<llvm::SectionMemoryManager>();
                    });
              })
          .create();
  if (!jit)
    return jit.takeError();
  auto libs = runtimeLibraries(options);
  if (!libs)
    return libs.takeError();
  for (StringRef lib : *libs) {
    std::string error;
    if (llvm::sys::DynamicLibrary::LoadLibraryPermanently(lib.str().c_str(),
                                                          &error))
      return llvm::createStringError("cannot load " + lib.str() + ": " + error);
  }
  llvm::orc::JITDylib &main = (*jit)->getMainJITDylib();
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!process)
    return process.takeError();
  main.addGenerator(std::move(*process));
  llvm::orc::MangleAndInterner interner((*jit)->getExecutionSession(),
                                        (*jit)->getDataLayout());
  if (llvm::Error err =
          main.define(llvm::orc::absoluteSymbols(runtimeSymbols(interner))))
    return std::move(err);
  for (std::unique_ptr<llvm::MemoryBuffer> &object : objects)
    if (llvm::Error err = (*jit)->addObjectFile(std::move(object)))
      return std::move(err);
  if (llvm::Error err = (*jit)->initialize(main))
    return std::move(err);
  // Link now, so that a damaged object is found here and not at the call.
  if (auto address = (*jit)->lookup(("_mlir__mlir_ciface_" + entry).str());
      !address)
    return address.takeError();
  return std::move(*jit);
}

llvm::Expected<std::unique_ptr<qmlir::JitModel>>
qmlir::compileJitModel(ModuleOp module, StringRef entry,
                       const CodegenPipelineOptions &options,
                       const JitCacheOptions &cache) {
  if (llvm::Error err = markEntry(module, entry))
    return std::move(err);
  std::unique_ptr<JitModel> model(new JitModel());
  auto adopt = [&](std::unique_ptr<llvm::orc::LLJIT> jit) {
    model->loaded = std::make_unique<JitModel::Loaded>();
    model->loaded->jit = std::move(jit);
  };
  std::string objectPath;
  if (!cache.directory.empty()) {
    llvm::SmallString<256> path(cache.directory);
    llvm::sys::path::append(path, cacheKey(module, entry, options) + ".o");
    objectPath = path.str().str();
    if (auto buffer = llvm::MemoryBuffer::getFile(
            objectPath, /*IsText=*/false, /*RequiresNullTerminator=*/false)) {
      auto objects = unarchiveObjects(**buffer);
      auto jit = objects ? loadObjects(std::move(*objects), entry, options)
                         : objects.takeError();
      if (jit) {
        adopt(std::move(*jit));
        model->fromCache = true;
        // Most recently used.
        int fd;
        if (!llvm::sys::fs::openFileForReadWrite(objectPath, fd,
                                                 llvm::sys::fs::CD_OpenExisting,
                                                 llvm::sys::fs::OF_None)) {
          (void)llvm::sys::fs::setLastAccessAndModificationTime(
              fd, std::chrono::system_clock::now());
          ::close(fd);
        }
        return model;
      }
      model->note = "cached object " + objectPath + " cannot be loaded (" +
                    llvm::toString(jit.takeError()) + "); compiled again";
    }
  }

  auto objects = compileObjects(module, entry, options);
  if (!objects)
    return objects.takeError();
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> buffers;
  for (const llvm::SmallString<0> &object : *objects)
    buffers.push_back(llvm::MemoryBuffer::getMemBufferCopy(object.str()));
  auto jit = loadObjects(std::move(buffers), entry, options);
  if (!jit)
    return jit.takeError();
  adopt(std::move(*jit));
  if (objectPath.empty())
    return model;

  // Store the objects: written to a unique name in the folder, then
  // renamed, so that readers see a complete file or none.
  auto storeFailed = [&](const Twine &why) {
    model->note =
        ("cannot store compiled code in " + cache.directory + ": " + why).str();
  };
  auto archive = archiveObjects(*objects);
  if (!archive) {
    storeFailed(llvm::toString(archive.takeError()));
    return model;
  }
  if (std::error_code ec = llvm::sys::fs::create_directories(
          cache.directory, /*IgnoreExisting=*/true,
          llvm::sys::fs::perms::owner_all)) {
    storeFailed(ec.message());
    return model;
  }
  llvm::SmallString<256> temporary;
  int fd;
  llvm::SmallString<256> pattern(cache.directory);
  llvm::sys::path::append(pattern, "tmp-%%%%%%%%%%%%.o");
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(pattern, fd, temporary)) {
    storeFailed(ec.message());
    return model;
  }
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << (*archive)->getBuffer();
    os.close();
    if (os.has_error()) {
      os.clear_error();
      (void)llvm::sys::fs::remove(temporary);
      storeFailed("the compiled code could not be written");
      return model;
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(temporary, objectPath)) {
    (void)llvm::sys::fs::remove(temporary);
    storeFailed(ec.message());
    return model;
  }
  pruneCache(cache.directory, cache.maxBytes);
  return model;
}

std::string qmlir::defaultJitCacheDirectory() {
  if (const char *dir = std::getenv("QMLIR_CACHE_DIR"))
    return dir;
  llvm::SmallString<256> path;
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    path = xdg;
  } else if (const char *home = std::getenv("HOME"); home && *home) {
    path = home;
    llvm::sys::path::append(path, ".cache");
  } else {
    return "";
  }
  llvm::sys::path::append(path, "qmlir");
  return path.str().str();
}

llvm::Expected<std::unique_ptr<ExecutionEngine>>
qmlir::compileJit(ModuleOp module, StringRef entry,
                  const CodegenPipelineOptions &options) {
  if (llvm::Error err = markEntry(module, entry))
    return std::move(err);
  return lowerAndCompile(module, entry, options);
}

void qmlir::setThreadCount(ExecutionEngine &engine, unsigned threads) {
  llvm::Expected<void *> variable = engine.lookup(kThreadCountSymbol);
  if (!variable) {
    // No parallel region in this module.
    llvm::consumeError(variable.takeError());
    return;
  }
  *static_cast<int32_t *>(*variable) =
      static_cast<int32_t>(std::min<unsigned>(threads, INT32_MAX));
}

llvm::Error
qmlir::setCalibrationRecorder(JitModel &model,
                              runtime::CalibrationRecorder *recorder) {
  llvm::Expected<void *> variable = model.lookup(kCalibrationRecorderSymbol);
  if (!variable) {
    llvm::consumeError(variable.takeError());
    return llvm::createStringError("the compiled model has no calibration "
                                   "markers");
  }
  *static_cast<int64_t *>(*variable) = reinterpret_cast<int64_t>(recorder);
  return llvm::Error::success();
}

void qmlir::setThreadCount(JitModel &model, unsigned threads) {
  llvm::Expected<void *> variable = model.lookup(kThreadCountSymbol);
  if (!variable) {
    llvm::consumeError(variable.takeError());
    return;
  }
  *static_cast<int32_t *>(*variable) =
      static_cast<int32_t>(std::min<unsigned>(threads, INT32_MAX));
}

qmlir::MemRefDescriptor::MemRefDescriptor(ArrayRef<int64_t> shape) {
  size_t rank = shape.size();
  words.assign(3 + 2 * rank, 0);
  int64_t stride = 1;
  for (size_t i = rank; i-- > 0;) {
    words[3 + i] = shape[i];
    words[3 + rank + i] = stride;
    stride *= shape[i];
  }
}

void qmlir::MemRefDescriptor::setData(void *data) {
  words[0] = reinterpret_cast<int64_t>(data);
  words[1] = reinterpret_cast<int64_t>(data);
}

llvm::Error qmlir::callJit(ExecutionEngine &engine, StringRef entry,
                           MutableArrayRef<MemRefDescriptor> descriptors) {
  SmallVector<void *> packed;
  for (MemRefDescriptor &descriptor : descriptors)
    packed.push_back(descriptor.packedArgument());
  return engine.invokePacked("_mlir_ciface_" + entry.str(), packed);
}

llvm::Error qmlir::callJit(JitModel &model, StringRef entry,
                           MutableArrayRef<MemRefDescriptor> descriptors) {
  auto function = model.lookupPacked("_mlir_ciface_" + entry.str());
  if (!function)
    return function.takeError();
  SmallVector<void *> packed;
  for (MemRefDescriptor &descriptor : descriptors)
    packed.push_back(descriptor.packedArgument());
  (*function)(packed.data());
  return llvm::Error::success();
}
