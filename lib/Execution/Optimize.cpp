//===- Optimize.cpp - LLVM IR optimization of compiled models -------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Execution/Optimize.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Triple.h"
#include <mutex>

/// Stores of `trunc <3 x i64> to <3 x i8>` as three byte stores. LLVM 22's
/// AArch64 back end combines such a store into lane stores through an
/// invalid bitcast and writes the wrong bytes (element 2 at offset 1,
/// element 1 lost); the combine is fixed after LLVM 22. A requantized row
/// of three int8 values (a 3-channel output, a concatenated slice) is such
/// a store. Runs after optimization, which would merge the stores again.
static void splitV3I8TruncatingStores(llvm::Module &module) {
  llvm::SmallVector<llvm::StoreInst *> stores;
  for (llvm::Function &fn : module)
    for (llvm::Instruction &inst : llvm::instructions(fn))
      if (auto *store = llvm::dyn_cast<llvm::StoreInst>(&inst)) {
        auto *type = llvm::dyn_cast<llvm::FixedVectorType>(
            store->getValueOperand()->getType());
        auto *trunc = llvm::dyn_cast<llvm::TruncInst>(store->getValueOperand());
        if (type && type->getNumElements() == 3 &&
            type->getElementType()->isIntegerTy(8) && trunc &&
            trunc->getSrcTy()->getScalarType()->isIntegerTy(64) &&
            !store->isVolatile() && store->isSimple())
          stores.push_back(store);
      }
  for (llvm::StoreInst *store : stores) {
    llvm::IRBuilder<> b(store);
    llvm::Value *value = store->getValueOperand();
    for (uint64_t i = 0; i < 3; ++i) {
      llvm::Value *address =
          b.CreateConstGEP1_64(b.getInt8Ty(), store->getPointerOperand(), i);
      b.CreateAlignedStore(b.CreateExtractElement(value, i), address,
                           llvm::commonAlignment(store->getAlign(), i));
    }
    store->eraseFromParent();
  }
}

llvm::Error qmlir::optimizeModule(llvm::Module &module,
                                  llvm::TargetMachine *machine) {
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = false;
  tuning.LoopInterleaving = true;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;

  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(machine, tuning);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);

  llvm::ModulePassManager pipeline =
      builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  pipeline.run(module, modules);
  if (machine->getTargetTriple().getArch() == llvm::Triple::aarch64)
    splitV3I8TruncatingStores(module);
  return llvm::Error::success();
}

/// Constant globals of at most this many bytes are copied into each part
/// that reads them (the optimizer folds loads of them); larger ones (packed
/// weights) and variables are defined once, in the data part.
constexpr uint64_t kCopiedConstantBytes = 4096;

namespace {
/// Large constant arrays of wider elements (fp32 weights) become byte
/// strings with the same bytes: the code generator writes a byte string as
/// one block, an array of floats element by element. Globals are read
/// through pointers, which do not depend on the global's type.
void constantsAsBytes(llvm::Module &module) {
  llvm::SmallVector<llvm::GlobalVariable *> wide;
  for (llvm::GlobalVariable &global : module.globals()) {
    auto *data = llvm::dyn_cast_or_null<llvm::ConstantDataSequential>(
        global.hasInitializer() ? global.getInitializer() : nullptr);
    if (data && !data->isString() &&
        data->getRawDataValues().size() > kCopiedConstantBytes)
      wide.push_back(&global);
  }
  for (llvm::GlobalVariable *global : wide) {
    auto *data =
        llvm::cast<llvm::ConstantDataSequential>(global->getInitializer());
    llvm::StringRef bytes = data->getRawDataValues();
    llvm::Constant *raw = llvm::ConstantDataArray::getRaw(
        bytes, bytes.size(), llvm::Type::getInt8Ty(module.getContext()));
    auto *replacement = new llvm::GlobalVariable(
        module, raw->getType(), global->isConstant(), global->getLinkage(), raw,
        "", global, global->getThreadLocalMode(), global->getAddressSpace());
    replacement->copyAttributesFrom(global);
    replacement->setAlignment(global->getAlign().value_or(
        module.getDataLayout().getPreferredAlign(global)));
    replacement->takeName(global);
    global->replaceAllUsesWith(replacement);
    global->eraseFromParent();
  }
}

/// Compiles `module` into one object, optimized first (optimizeModule)
/// unless it holds only data.
llvm::Expected<llvm::SmallString<0>>
emit(llvm::Module &module, const qmlir::TargetMachineFactory &makeMachine,
     bool optimize) {
  auto machine = makeMachine();
  if (!machine)
    return machine.takeError();
  module.setDataLayout((*machine)->createDataLayout());
  module.setTargetTriple((*machine)->getTargetTriple());
  if (optimize)
    if (llvm::Error err = qmlir::optimizeModule(module, machine->get()))
      return std::move(err);
  llvm::SmallString<0> object;
  llvm::raw_svector_ostream os(object);
  llvm::legacy::PassManager codegen;
  if ((*machine)->addPassesToEmitFile(codegen, os, nullptr,
                                      llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError("the target cannot emit object files");
  codegen.run(module);
  return object;
}

} // namespace

llvm::Expected<llvm::SmallVector<llvm::SmallString<0>>>
qmlir::compileToObjects(std::unique_ptr<llvm::Module> module,
                        const TargetMachineFactory &makeMachine,
                        unsigned parts) {
  llvm::SmallVector<llvm::Function *> functions;
  for (llvm::Function &fn : *module)
    if (!fn.isDeclaration())
      functions.push_back(&fn);
  // Below a few functions per part the split costs more than it saves.
  parts = std::max(1u, std::min<unsigned>(parts, functions.size() / 4));
  constantsAsBytes(*module);
  llvm::SmallVector<llvm::SmallString<0>> objects;
  if (parts == 1) {
    auto object = emit(*module, makeMachine, /*optimize=*/true);
    if (!object)
      return object.takeError();
    objects.push_back(std::move(*object));
    return objects;
  }

  // Every symbol becomes visible to the other parts (hidden: the parts are
  // one model); small constants are copied into each part instead.
  const llvm::DataLayout &layout = module->getDataLayout();
  llvm::SmallPtrSet<const llvm::GlobalVariable *, 16> copied;
  for (llvm::GlobalVariable &global : module->globals()) {
    if (global.isDeclaration())
      continue;
    if (global.isConstant() && global.hasLocalLinkage() &&
        global.user_empty() == false &&
        llvm::all_of(global.users(),
                     [](const llvm::User *user) {
                       return llvm::isa<llvm::Instruction>(user) ||
                              llvm::isa<llvm::ConstantExpr>(user);
                     }) &&
        layout.getTypeAllocSize(global.getValueType()) <=
            kCopiedConstantBytes) {
      copied.insert(&global);
      continue;
    }
    if (!global.hasName())
      global.setName("qmlir.global");
    if (global.hasLocalLinkage()) {
      global.setLinkage(llvm::GlobalValue::ExternalLinkage);
      global.setVisibility(llvm::GlobalValue::HiddenVisibility);
    }
  }
  for (llvm::Function *fn : functions) {
    if (!fn->hasName())
      fn->setName("qmlir.function");
    if (fn->hasLocalLinkage()) {
      fn->setLinkage(llvm::GlobalValue::ExternalLinkage);
      fn->setVisibility(llvm::GlobalValue::HiddenVisibility);
    }
  }

  // Functions to parts by size, largest first onto the lightest part.
  llvm::DenseMap<const llvm::GlobalValue *, unsigned> partOf;
  llvm::sort(functions, [](llvm::Function *a, llvm::Function *b) {
    return a->getInstructionCount() > b->getInstructionCount();
  });
  llvm::SmallVector<uint64_t> load(parts, 0);
  for (llvm::Function *fn : functions) {
    unsigned lightest =
        std::min_element(load.begin(), load.end()) - load.begin();
    partOf[fn] = lightest;
    load[lightest] += fn->getInstructionCount() + 1;
  }

  // The code parts travel as bitcode to contexts of their own (an
  // LLVMContext is not shared between threads); the data part (the other
  // globals, bytes but no code) is compiled here meanwhile.
  llvm::SmallVector<llvm::SmallString<0>> bitcode(parts);
  for (unsigned i = 0; i < parts; ++i) {
    llvm::ValueToValueMapTy map;
    std::unique_ptr<llvm::Module> part =
        llvm::CloneModule(*module, map, [&](const llvm::GlobalValue *value) {
          if (auto *global = llvm::dyn_cast<llvm::GlobalVariable>(value))
            return copied.contains(global);
          auto it = partOf.find(value);
          return it != partOf.end() && it->second == i;
        });
    for (llvm::GlobalVariable &global : part->globals())
      if (!global.isDeclaration())
        global.setLinkage(llvm::GlobalValue::InternalLinkage);
    llvm::raw_svector_ostream os(bitcode[i]);
    llvm::WriteBitcodeToFile(*part, os);
  }
  llvm::ValueToValueMapTy map;
  std::unique_ptr<llvm::Module> data =
      llvm::CloneModule(*module, map, [&](const llvm::GlobalValue *value) {
        auto *global = llvm::dyn_cast<llvm::GlobalVariable>(value);
        return global && !copied.contains(global);
      });
  module.reset();

  objects.resize(parts + 1);
  std::mutex errorLock;
  llvm::Error error = llvm::Error::success();
  auto fail = [&](llvm::Error err) {
    std::lock_guard<std::mutex> lock(errorLock);
    error = llvm::joinErrors(std::move(error), std::move(err));
  };
  {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(parts));
    for (unsigned i = 0; i < parts; ++i)
      pool.async([&, i] {
        llvm::LLVMContext context;
        auto part = llvm::parseBitcodeFile(
            llvm::MemoryBufferRef(bitcode[i].str(), "part"), context);
        if (!part)
          return fail(part.takeError());
        auto object = emit(**part, makeMachine, /*optimize=*/true);
        if (!object)
          return fail(object.takeError());
        objects[i] = std::move(*object);
      });
    auto object = emit(*data, makeMachine, /*optimize=*/false);
    if (!object)
      fail(object.takeError());
    else
      objects[parts] = std::move(*object);
    pool.wait();
  }
  if (error)
    return std::move(error);
  return objects;
}
