//===- Jit.cpp - JIT-compile and call qmlir-compiled functions ------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Execution/Jit.h"
#include "qmlir-c/Runtime.h"
#include "qmlir/Codegen/Passes.h"
#include "llvm/TargetParser/Host.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/TargetSelect.h"

using namespace mlir;

void qmlir::initializeJit(DialectRegistry &registry) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerAllToLLVMIRTranslations(registry);
}

llvm::Expected<std::unique_ptr<ExecutionEngine>>
qmlir::compileJit(ModuleOp module, StringRef entry,
                  const CodegenPipelineOptions &options) {
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return llvm::createStringError("no function @" + entry.str());
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                UnitAttr::get(module.getContext()));
  PassManager pm(module.getContext());
  buildCodegenPipeline(pm, options);
  if (failed(pm.run(module)))
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

  auto targetBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!targetBuilder)
    return targetBuilder.takeError();
  auto targetMachine = targetBuilder->createTargetMachine();
  if (!targetMachine)
    return targetMachine.takeError();
  std::function<llvm::Error(llvm::Module *)> transformer =
      makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                targetMachine->get());
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  // Strided copies call upstream's C runner utilities (memrefCopy).
  // Parallel kernels call the OpenMP runtime.
  SmallVector<StringRef, 2> sharedLibs = {QMLIR_C_RUNNER_UTILS};
  if (options.parallel) {
    if (StringRef(QMLIR_OPENMP_RUNTIME).empty())
      return llvm::createStringError(
          "parallel=true needs the OpenMP runtime (libomp), which was not "
          "found when qmlir was built");
    sharedLibs.push_back(QMLIR_OPENMP_RUNTIME);
  }
  engineOptions.sharedLibPaths = sharedLibs;
  auto engine =
      ExecutionEngine::create(module, engineOptions, std::move(*targetMachine));
  if (!engine)
    return engine.takeError();
  // qmlir's runtime functions that compiled code calls, from this process.
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    symbols[interner("_mlir_ciface_qmlir_rt_calibration_observe")] = {
        llvm::orc::ExecutorAddr::fromPtr(
            &_mlir_ciface_qmlir_rt_calibration_observe),
        llvm::JITSymbolFlags::Exported};
    return symbols;
  });
  // Generate the machine code now (the JIT materializes on first lookup), so
  // that compile time is not charged to the first run.
  if (auto entryPoint = (*engine)->lookupPacked(entry); !entryPoint)
    return entryPoint.takeError();
  return engine;
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
