//===- Aot.cpp - Compile a model to an object file with a C entry ---------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Target/Object/Aot.h"
#include "qmlir/Codegen/Passes.h"
#include "qmlir/Codegen/Target.h"
#include "qmlir/Execution/Optimize.h"
#include "qmlir/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using llvm::createStringError;

namespace {

/// One argument or result of the exported function.
struct Slot {
  std::string name;
  std::string cType;
  std::string mlirType;
  SmallVector<int64_t> shape;
  int64_t elementBytes = 0;
  int64_t batchElements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

bool isCIdentifier(StringRef s) {
  if (s.empty() || !(llvm::isAlpha(s[0]) || s[0] == '_'))
    return false;
  return llvm::all_of(s, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

std::string toCIdentifier(StringRef s) {
  std::string out;
  for (char c : s)
    out += llvm::isAlnum(c) ? c : '_';
  if (out.empty() || llvm::isDigit(out[0]))
    out = "_" + out;
  // C and C++ keywords and the header's own types are not parameter names.
  static const llvm::StringSet<> reserved = {
      "auto",     "bool",     "break",    "case",     "char",    "class",
      "const",    "continue", "default",  "delete",   "do",      "double",
      "else",     "enum",     "extern",   "float",    "for",     "goto",
      "if",       "inline",   "int",      "int8_t",   "int16_t", "int32_t",
      "int64_t",  "long",     "new",      "operator", "private", "public",
      "register", "restrict", "return",   "short",    "signed",  "sizeof",
      "static",   "struct",   "switch",   "template", "this",    "typedef",
      "uint8_t",  "uint16_t", "uint32_t", "uint64_t", "union",   "unsigned",
      "void",     "volatile", "while"};
  if (reserved.contains(out))
    out += "_";
  return out;
}

/// The C type of an element type, or empty.
std::string cTypeOf(Type type) {
  if (type.isF32())
    return "float";
  if (type.isF64())
    return "double";
  if (auto integer = dyn_cast<IntegerType>(type)) {
    unsigned width = integer.getWidth();
    if (width != 8 && width != 16 && width != 32 && width != 64)
      return "";
    return (integer.isUnsigned() ? "uint" : "int") + std::to_string(width) +
           "_t";
  }
  return "";
}

llvm::Expected<Slot> describe(Type type, StringRef name, StringRef what) {
  auto shaped = dyn_cast<ShapedType>(type);
  std::string text;
  llvm::raw_string_ostream(text) << type;
  if (!shaped || !isa<RankedTensorType, MemRefType>(type) ||
      !shaped.hasStaticShape())
    return createStringError(what.str() + " has type " + text +
                             "; the C entry point needs a tensor or memref "
                             "of static shape");
  Slot slot;
  slot.name = name.str();
  slot.mlirType = text;
  slot.cType = cTypeOf(shaped.getElementType());
  if (slot.cType.empty())
    return createStringError(
        what.str() + " has type " + text +
        "; the C entry point supports f32, f64 and 8/16/32/64-bit integers");
  slot.elementBytes = shaped.getElementTypeBitWidth() / 8;
  slot.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
  return slot;
}

std::string makeHeader(const qmlir::AotOptions &options, ArrayRef<Slot> inputs,
                       ArrayRef<Slot> outputs,
                       const qmlir::AotArtifact &artifact, StringRef cpu,
                       StringRef triple) {
  std::string upper = StringRef(options.prefix).upper();
  std::string guard = upper + "_H";
  std::string h;
  llvm::raw_string_ostream os(h);
  os << "/* " << options.prefix << ".h: the C entry point of @"
     << options.entry;
  if (!options.sourceName.empty())
    os << " in " << options.sourceName;
  os << ",\n * compiled by qmlir for " << triple << ", CPU " << cpu
     << ". Generated; do not edit.\n *\n * Link the object with:";
  if (artifact.needsAotRuntime)
    os << " libQMLIRAotRuntime.a";
  if (artifact.needsOpenMP)
    os << " -lomp";
  os << " -lm\n */\n\n";
  os << "#ifndef " << guard << "\n#define " << guard << "\n\n";
  os << "#include <stdint.h>\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";

  auto emitSlot = [&](const Slot &slot, StringRef kind, size_t index) {
    std::string macro =
        upper + "_" + StringRef(kind).upper() + std::to_string(index);
    os << "/* " << kind << " " << index;
    if (!slot.name.empty())
      os << " '" << slot.name << "'";
    os << ": " << slot.mlirType << " */\n";
    os << "#define " << macro << "_RANK " << slot.shape.size() << "\n";
    for (auto [d, size] : llvm::enumerate(slot.shape))
      os << "#define " << macro << "_DIM" << d << " " << size << "\n";
    os << "#define " << macro << "_ELEMENTS " << slot.batchElements() << "\n\n";
  };
  os << "#define " << upper << "_NUM_INPUTS " << inputs.size() << "\n";
  os << "#define " << upper << "_NUM_OUTPUTS " << outputs.size() << "\n\n";
  for (auto [i, slot] : llvm::enumerate(inputs))
    emitSlot(slot, "input", i);
  for (auto [i, slot] : llvm::enumerate(outputs))
    emitSlot(slot, "output", i);

  os << "/* Runs the model. Each buffer is dense, in C (row-major) order, "
        "with\n"
        " * its shape in the array after it; a shape is the compiled one or a\n"
        " * multiple of it along axis 0 (a batch of several samples, the same\n"
        " * multiple for every buffer). Returns 0 on success, or 1 + the\n"
        " * position (inputs first, then outputs) of the first buffer whose\n"
        " * shape does not match, in which case nothing is written.\n"
        " * Reentrant: the weights are read-only. */\n";
  os << "int32_t " << options.prefix << "_run(";
  bool first = true;
  auto param = [&](const Slot &slot, StringRef kind, size_t index,
                   bool isConst) {
    std::string base = slot.name.empty() ? (kind + Twine(index)).str()
                                         : toCIdentifier(slot.name);
    os << (first ? "" : ",\n    ") << (isConst ? "const " : "") << slot.cType
       << " *" << base << ", const int64_t *" << base << "_shape";
    first = false;
  };
  for (auto [i, slot] : llvm::enumerate(inputs))
    param(slot, "input", i, /*isConst=*/true);
  for (auto [i, slot] : llvm::enumerate(outputs))
    param(slot, "output", i, /*isConst=*/false);
  os << ");\n\n";
  if (artifact.needsOpenMP)
    os << "/* Sets the threads of this model's parallel regions from the next "
          "call\n * of "
       << options.prefix
       << "_run on: 0 (the default) for "
          "all cores, 1 for one\n * thread. Other models and the program's "
          "OpenMP settings are untouched. */\nvoid "
       << options.prefix << "_set_num_threads(int32_t threads);\n\n";
  os << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
  return h;
}

/// Adds `<prefix>_run`: checks the shapes, finds the number of samples, and
/// calls the C interface once per sample with descriptors over the caller's
/// buffers.
llvm::Error addEntryPoint(llvm::Module &module, llvm::Function *ciface,
                          StringRef name, ArrayRef<Slot> slots) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  SmallVector<llvm::Type *> params(2 * slots.size(), ptr);
  auto *fnType = llvm::FunctionType::get(i32, params, /*isVarArg=*/false);
  auto *fn = llvm::Function::Create(fnType, llvm::GlobalValue::ExternalLinkage,
                                    name, module);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  auto *entry = llvm::BasicBlock::Create(ctx, "entry", fn);
  llvm::IRBuilder<> b(entry);

  // Shape checks: straight-line code, the first mismatch wins.
  llvm::Value *count = nullptr;
  SmallVector<llvm::Value *> bad;
  for (auto [i, slot] : llvm::enumerate(slots)) {
    llvm::Value *shape = fn->getArg(2 * i + 1);
    llvm::Value *isBad = b.getFalse();
    llvm::Value *slotCount = b.getInt64(1);
    int64_t rank = slot.shape.size();
    bool batched = rank > 0 && slot.shape[0] > 0;
    for (int64_t d = 0; d < rank; ++d) {
      llvm::Value *size = b.CreateLoad(
          i64, b.CreateConstInBoundsGEP1_64(i64, shape, d), "size");
      llvm::Value *expected = b.getInt64(slot.shape[d]);
      if (d == 0 && batched) {
        llvm::Value *positive = b.CreateICmpSGT(size, b.getInt64(0));
        llvm::Value *multiple =
            b.CreateICmpEQ(b.CreateSRem(size, expected), b.getInt64(0));
        isBad = b.CreateOr(isBad, b.CreateNot(b.CreateAnd(positive, multiple)));
        slotCount = b.CreateSDiv(size, expected);
      } else {
        isBad = b.CreateOr(isBad, b.CreateICmpNE(size, expected));
      }
    }
    if (!count)
      count = slotCount;
    else
      isBad = b.CreateOr(isBad, b.CreateICmpNE(slotCount, count));
    bad.push_back(isBad);
  }
  if (!count)
    count = b.getInt64(1);
  llvm::Value *status = b.getInt32(0);
  for (size_t i = slots.size(); i-- > 0;)
    status = b.CreateSelect(bad[i], b.getInt32(i + 1), status);

  // One descriptor per buffer: sizes and strides of one sample.
  SmallVector<llvm::Value *> descriptors;
  SmallVector<llvm::StructType *> descriptorTypes;
  for (const Slot &slot : slots) {
    int64_t rank = slot.shape.size();
    SmallVector<llvm::Type *> fields = {ptr, ptr, i64};
    if (rank > 0) {
      fields.push_back(llvm::ArrayType::get(i64, rank));
      fields.push_back(llvm::ArrayType::get(i64, rank));
    }
    auto *type = llvm::StructType::get(ctx, fields);
    llvm::Value *desc = b.CreateAlloca(type);
    b.CreateStore(b.getInt64(0), b.CreateStructGEP(type, desc, 2));
    int64_t stride = 1;
    for (int64_t d = rank; d-- > 0;) {
      auto field = [&](unsigned index) {
        return b.CreateInBoundsGEP(
            type, desc, {b.getInt32(0), b.getInt32(index), b.getInt32(d)});
      };
      b.CreateStore(b.getInt64(slot.shape[d]), field(3));
      b.CreateStore(b.getInt64(stride), field(4));
      stride *= slot.shape[d];
    }
    descriptors.push_back(desc);
    descriptorTypes.push_back(type);
  }

  auto *fail = llvm::BasicBlock::Create(ctx, "bad_shape", fn);
  auto *loop = llvm::BasicBlock::Create(ctx, "sample", fn);
  auto *done = llvm::BasicBlock::Create(ctx, "done", fn);
  b.CreateCondBr(b.CreateICmpNE(status, b.getInt32(0)), fail, loop);
  b.SetInsertPoint(fail);
  b.CreateRet(status);

  b.SetInsertPoint(loop);
  llvm::PHINode *sample = b.CreatePHI(i64, 2, "sample");
  sample->addIncoming(b.getInt64(0), entry);
  SmallVector<llvm::Value *> callArgs;
  for (auto [i, slot] : llvm::enumerate(slots)) {
    llvm::Value *offset = b.CreateMul(
        sample, b.getInt64(slot.batchElements() * slot.elementBytes));
    llvm::Value *data =
        b.CreateInBoundsGEP(b.getInt8Ty(), fn->getArg(2 * i), offset);
    b.CreateStore(data,
                  b.CreateStructGEP(descriptorTypes[i], descriptors[i], 0));
    b.CreateStore(data,
                  b.CreateStructGEP(descriptorTypes[i], descriptors[i], 1));
    callArgs.push_back(descriptors[i]);
  }
  b.CreateCall(ciface, callArgs);
  llvm::Value *next = b.CreateAdd(sample, b.getInt64(1));
  sample->addIncoming(next, loop);
  b.CreateCondBr(b.CreateICmpSLT(next, count), loop, done);
  b.SetInsertPoint(done);
  b.CreateRet(b.getInt32(0));
  return llvm::Error::success();
}

} // namespace

llvm::Expected<qmlir::AotArtifact>
qmlir::compileToObject(ModuleOp module, const AotOptions &options) {
  if (!isCIdentifier(options.prefix))
    return createStringError("the C prefix '" + options.prefix +
                             "' is not a C identifier");

  // Target machine: x86-64 or AArch64, the CPU and features of the target
  // description the kernels are chosen by.
  llvm::Expected<TargetDescription> description = resolveTarget(
      options.targetCpu, options.targetFeatures, options.targetTriple);
  if (!description)
    return description.takeError();
  llvm::Triple triple(description->triple);
  std::string lookupError;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, lookupError);
  if (!target)
    return createStringError("target triple '" + triple.str() +
                             "': " + lookupError);
  std::string cpu = description->cpu;
  std::string featureString = description->features;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, featureString, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return createStringError("cannot create a target machine for " +
                             triple.str() + " and CPU '" + cpu + "'");
  const llvm::MCSubtargetInfo *subtarget = machine->getMCSubtargetInfo();

  // The exported function, described before lowering.
  auto func = module.lookupSymbol<func::FuncOp>(options.entry);
  if (!func || func.isExternal())
    return createStringError("no function @" + options.entry +
                             " with a body in the module");
  SmallVector<Slot> inputs, outputs;
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
    auto name = func.getArgAttrOfType<StringAttr>(i, "qmlir.name");
    auto slot =
        describe(type, name ? name.getValue() : "",
                 "argument #" + std::to_string(i) + " of @" + options.entry);
    if (!slot)
      return slot.takeError();
    inputs.push_back(*slot);
  }
  for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
    auto name = func.getResultAttrOfType<StringAttr>(i, "qmlir.name");
    auto slot =
        describe(type, name ? name.getValue() : "",
                 "result #" + std::to_string(i) + " of @" + options.entry);
    if (!slot)
      return slot.takeError();
    outputs.push_back(*slot);
  }
  // C parameter names must differ; fall back to positional ones otherwise.
  {
    llvm::StringSet<> seen;
    bool unique = true;
    for (Slot &slot : llvm::concat<Slot>(inputs, outputs))
      if (!slot.name.empty() && !seen.insert(toCIdentifier(slot.name)).second)
        unique = false;
    if (!unique)
      for (Slot &slot : llvm::concat<Slot>(inputs, outputs))
        slot.name.clear();
  }

  // The entry gets an internal name so that no `main` leaks into the
  // caller's program.
  std::string internalName = "__qmlir_" + options.prefix + "_entry";
  std::string exportName = options.prefix + "_run";
  if (module.lookupSymbol(internalName) || module.lookupSymbol(exportName) ||
      module.lookupSymbol(options.prefix + "_set_num_threads"))
    return createStringError("the module already defines @" + exportName +
                             ", @" + options.prefix + "_set_num_threads" +
                             " or @" + internalName);
  if (failed(SymbolTable::replaceAllSymbolUses(
          func, StringAttr::get(module.getContext(), internalName), module)))
    return createStringError("cannot rename @" + options.entry);
  func.setSymName(internalName);
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                UnitAttr::get(module.getContext()));

  // Lower for the target's features.
  CodegenPipelineOptions codegen;
  codegen.parallel = options.parallel;
  if (failed(codegen.parseFromString(options.codegenOptions)))
    return createStringError("invalid codegen options '" +
                             options.codegenOptions + "'");
  // The kernels are chosen by the target description of the same CPU.
  codegen.targetCpu = options.targetCpu.empty() ? "host" : options.targetCpu;
  codegen.targetFeatures = options.targetFeatures;
  codegen.targetTriple = options.targetTriple;
  // The runtime library is built for the host only: an object for another
  // architecture copies strided buffers itself.
  if (triple.getArch() != llvm::Triple(llvm::sys::getProcessTriple()).getArch())
    codegen.inlineCopies = true;
  if (failed(runCodegenPipeline(module, codegen)))
    return createStringError("lowering to the LLVM dialect failed");
  if (auto required =
          module->getAttrOfType<ArrayAttr>(kRequiredCpuFeaturesAttrName))
    for (Attribute feature : required) {
      StringRef name = cast<StringAttr>(feature).getValue();
      if (!subtarget->checkFeatures(("+" + name).str()))
        return createStringError("the code uses the CPU feature '" + name +
                                 "', which target CPU '" + cpu +
                                 "' does not have (use int8-kernel=auto or "
                                 "none)");
    }

  // LLVM IR, the entry point, optimization, object code. The translations
  // are registered here so that a library user need not.
  {
    DialectRegistry registry;
    registerAllToLLVMIRTranslations(registry);
    module.getContext()->appendDialectRegistry(registry);
  }
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, options.prefix);
  if (!llvmModule)
    return createStringError("translation to LLVM IR failed");
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(machine->createDataLayout());
  llvm::Function *ciface =
      llvmModule->getFunction("_mlir_ciface_" + internalName);
  size_t slotCount = inputs.size() + outputs.size();
  if (!ciface || !ciface->getReturnType()->isVoidTy() ||
      ciface->arg_size() != slotCount)
    return createStringError(
        "@" + options.entry +
        " did not lower to a C interface taking one buffer per argument and "
        "result");
  SmallVector<Slot> slots(inputs);
  slots.append(outputs);
  if (llvm::Error err = addEntryPoint(*llvmModule, ciface, exportName, slots))
    return std::move(err);
  // Parallel code reads its thread count from the model's variable:
  // `<prefix>_set_num_threads` writes it.
  std::string threadsName = options.prefix + "_set_num_threads";
  if (llvm::GlobalVariable *threads =
          llvmModule->getGlobalVariable(kThreadCountSymbol)) {
    llvm::IRBuilder<> b(llvmContext);
    auto *setter = llvm::Function::Create(
        llvm::FunctionType::get(b.getVoidTy(), {b.getInt32Ty()}, false),
        llvm::GlobalValue::ExternalLinkage, threadsName, *llvmModule);
    setter->addFnAttr(llvm::Attribute::NoUnwind);
    b.SetInsertPoint(llvm::BasicBlock::Create(llvmContext, "entry", setter));
    // Negative counts mean all cores, as 0 does.
    llvm::Value *count =
        b.CreateSelect(b.CreateICmpSLT(setter->getArg(0), b.getInt32(0)),
                       b.getInt32(0), setter->getArg(0));
    b.CreateStore(count, threads);
    b.CreateRetVoid();
  }
  for (llvm::Function &fn : *llvmModule)
    if (!fn.isDeclaration() && fn.getName() != exportName &&
        fn.getName() != threadsName)
      fn.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &global : llvmModule->globals())
    if (!global.isDeclaration())
      global.setLinkage(llvm::GlobalValue::InternalLinkage);
  if (llvm::verifyModule(*llvmModule, &llvm::errs()))
    return createStringError("the generated LLVM IR is invalid");
  if (llvm::Error err = optimizeModule(*llvmModule, machine.get()))
    return std::move(err);

  AotArtifact artifact;
  for (llvm::Function &fn : *llvmModule) {
    if (!fn.isDeclaration() || fn.isIntrinsic() || fn.use_empty())
      continue;
    StringRef name = fn.getName();
    if (name == "memrefCopy")
      artifact.needsAotRuntime = true;
    else if (name.starts_with("__kmpc_") || name.starts_with("omp_"))
      artifact.needsOpenMP = true;
    else if (name.contains("qmlir_rt_"))
      return createStringError(
          "the module calls qmlir's runtime (" + name.str() +
          "): calibration models run in qmlir-run --calibrate, they are not "
          "compiled ahead of time");
  }

  llvm::SmallString<0> objectBytes;
  {
    llvm::raw_svector_ostream os(objectBytes);
    llvm::legacy::PassManager codegenPasses;
    if (machine->addPassesToEmitFile(codegenPasses, os, nullptr,
                                     llvm::CodeGenFileType::ObjectFile))
      return createStringError("the target cannot emit object files");
    codegenPasses.run(*llvmModule);
  }
  artifact.object = objectBytes.str().str();
  artifact.header =
      makeHeader(options, inputs, outputs, artifact, cpu, triple.str());
  return artifact;
}

llvm::Expected<std::string>
qmlir::linkSharedLibrary(const AotArtifact &artifact,
                         StringRef aotRuntimeLibrary) {
  std::string driver;
  SmallVector<std::string> candidates;
  if (const char *cc = std::getenv("CC"); cc && *cc)
    candidates.push_back(cc);
  candidates.append({"cc", "gcc", "clang"});
  // The compiler qmlir was built with, when the system has no `cc`.
  candidates.push_back(QMLIR_FALLBACK_C_COMPILER);
  for (const std::string &candidate : candidates)
    if (auto found = llvm::sys::findProgramByName(candidate)) {
      driver = *found;
      break;
    }
  if (driver.empty())
    return createStringError("linking a shared library needs a C compiler "
                             "driver ($CC, cc, gcc, clang or " +
                             std::string(QMLIR_FALLBACK_C_COMPILER) +
                             "); none found");
  if (artifact.needsAotRuntime && aotRuntimeLibrary.empty())
    return createStringError("the object needs libQMLIRAotRuntime.a, which "
                             "was not found next to this tool");

  SmallString<128> objectPath, libraryPath;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("qmlir-model", "o", objectPath))
    return createStringError("cannot create a temporary file: " + ec.message());
  llvm::FileRemover removeObject(objectPath);
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("qmlir-model", "so", libraryPath))
    return createStringError("cannot create a temporary file: " + ec.message());
  llvm::FileRemover removeLibrary(libraryPath);
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(objectPath, ec);
    if (ec)
      return createStringError(objectPath.str().str() + ": " + ec.message());
    os << artifact.object;
  }
  SmallVector<std::string> args = {
      driver, "-shared", "-o", libraryPath.str().str(), objectPath.str().str()};
  if (artifact.needsAotRuntime)
    args.push_back(aotRuntimeLibrary.str());
  if (artifact.needsOpenMP)
    args.push_back("-lomp");
  args.push_back("-lm");
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  std::string message;
  int status = llvm::sys::ExecuteAndWait(driver, argRefs, std::nullopt, {},
                                         /*SecondsToWait=*/0,
                                         /*MemoryLimit=*/0, &message);
  if (status != 0)
    return createStringError("linking the shared library failed (" +
                             llvm::join(args, " ") +
                             (message.empty() ? ")" : "): " + message));
  auto buffer = llvm::MemoryBuffer::getFile(libraryPath);
  if (!buffer)
    return createStringError(libraryPath.str().str() + ": " +
                             buffer.getError().message());
  return (*buffer)->getBuffer().str();
}

std::string qmlir::findAotRuntimeLibrary(const char *argv0, void *mainAddress) {
  std::string exe = llvm::sys::fs::getMainExecutable(argv0, mainAddress);
  SmallString<256> path(
      llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(path, "lib", "libQMLIRAotRuntime.a");
  return llvm::sys::fs::exists(path) ? path.str().str() : std::string();
}

std::string qmlir::headerPathFor(StringRef outputPath) {
  SmallString<256> path(outputPath);
  llvm::sys::path::replace_extension(path, "h");
  return path.str().str();
}

std::string qmlir::prefixFromPath(StringRef path) {
  return toCIdentifier(llvm::sys::path::stem(path));
}

llvm::Expected<qmlir::AotArtifact>
qmlir::compileArtifact(ModuleOp module, const AotOptions &options,
                       bool sharedLibrary, StringRef aotRuntimeLibrary) {
  auto artifact = compileToObject(module, options);
  if (!artifact || !sharedLibrary)
    return artifact;
  auto library = linkSharedLibrary(*artifact, aotRuntimeLibrary);
  if (!library)
    return library.takeError();
  artifact->object = std::move(*library);
  return artifact;
}
