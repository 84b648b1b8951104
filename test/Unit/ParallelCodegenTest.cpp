//===- ParallelCodegenTest.cpp - compileToObjects -------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// A module of several functions compiled into parts on threads: every
// function and every large or mutable global defined in exactly one object,
// small constants copied as locals, and the objects linked together compute
// what the module computes.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Execution/Optimize.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace {

/// f0 .. f7 each add one element of a small table, of a large table and a
/// counter, and call the next; `run` calls f0.
std::unique_ptr<llvm::Module> makeModule(llvm::LLVMContext &context) {
  std::string ir = "@small = private constant [4 x i32] [i32 1, i32 2, i32 3, "
                   "i32 4]\n@counter = internal global i32 5\n"
                   "define i32 @f8() { ret i32 0 }\n";
  for (int i = 7; i >= 0; --i) {
    std::string n = std::to_string(i), next = std::to_string(i + 1);
    ir += "define internal i32 @f" + n +
          "() noinline {\n"
          "  %s = getelementptr [4 x i32], ptr @small, i64 0, i64 " +
          std::to_string(i % 4) +
          "\n  %a = load i32, ptr %s\n"
          "  %l = getelementptr [2000 x i32], ptr @large, i64 0, i64 " +
          std::to_string(i * 100) +
          "\n  %b = load i32, ptr %l\n"
          "  %c = load volatile i32, ptr @counter\n"
          "  %r = call i32 @f" +
          next +
          "()\n  %x = add i32 %a, %b\n  %y = add i32 %x, %c\n"
          "  %z = add i32 %y, %r\n  ret i32 %z\n}\n";
  }
  ir += "define i32 @run() { %r = call i32 @f0()\n ret i32 %r }\n";
  // @large: i * 3 at index i, as a data array.
  ir = "@large = private constant [2000 x i32] zeroinitializer\n" + ir;
  llvm::SMDiagnostic error;
  std::unique_ptr<llvm::Module> module =
      llvm::parseAssemblyString(ir, error, context);
  if (!module)
    return nullptr;
  std::vector<uint32_t> values(2000);
  for (uint32_t i = 0; i < values.size(); ++i)
    values[i] = i * 3;
  module->getGlobalVariable("large", /*AllowInternal=*/true)
      ->setInitializer(llvm::ConstantDataArray::get(context, values));
  return module;
}

/// sum over i of small[i % 4] + large[100 i] + counter, for i in 0..7.
int32_t expected() {
  int32_t sum = 0;
  for (int i = 0; i < 8; ++i)
    sum += (i % 4 + 1) + 300 * i + 5;
  return sum;
}

qmlir::TargetMachineFactory hostMachine() {
  return []() -> llvm::Expected<std::unique_ptr<llvm::TargetMachine>> {
    auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!builder)
      return builder.takeError();
    return builder->createTargetMachine();
  };
}

/// Symbol name -> number of objects defining it as a global symbol.
std::map<std::string, int>
globalDefinitions(llvm::ArrayRef<llvm::SmallString<0>> objects) {
  std::map<std::string, int> defined;
  for (const llvm::SmallString<0> &bytes : objects) {
    auto object = llvm::object::ObjectFile::createObjectFile(
        llvm::MemoryBufferRef(bytes.str(), "part"));
    EXPECT_TRUE(static_cast<bool>(object));
    if (!object) {
      llvm::consumeError(object.takeError());
      continue;
    }
    for (const llvm::object::SymbolRef &symbol : (*object)->symbols()) {
      auto flags = symbol.getFlags();
      auto name = symbol.getName();
      if (!flags || !name) {
        llvm::consumeError(flags.takeError());
        llvm::consumeError(name.takeError());
        continue;
      }
      if ((*flags & llvm::object::SymbolRef::SF_Global) &&
          !(*flags & llvm::object::SymbolRef::SF_Undefined))
        ++defined[name->str()];
    }
  }
  return defined;
}

int32_t runLinked(llvm::SmallVector<llvm::SmallString<0>> objects) {
  auto jit = llvm::orc::LLJITBuilder().create();
  EXPECT_TRUE(static_cast<bool>(jit));
  if (!jit) {
    llvm::consumeError(jit.takeError());
    return -1;
  }
  for (const llvm::SmallString<0> &object : objects) {
    llvm::Error err = (*jit)->addObjectFile(
        llvm::MemoryBuffer::getMemBufferCopy(object.str()));
    EXPECT_FALSE(static_cast<bool>(err));
    llvm::consumeError(std::move(err));
  }
  auto address = (*jit)->lookup("run");
  EXPECT_TRUE(static_cast<bool>(address));
  if (!address) {
    llvm::consumeError(address.takeError());
    return -1;
  }
  return address->toPtr<int32_t (*)()>()();
}

class ParallelCodegen : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  }
};

TEST_F(ParallelCodegen, PartsDefineEachSymbolOnce) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = makeModule(context);
  ASSERT_TRUE(module);
  auto objects = qmlir::compileToObjects(std::move(module), hostMachine(), 2);
  ASSERT_TRUE(static_cast<bool>(objects))
      << llvm::toString(objects.takeError());
  // Two code parts and the data part.
  ASSERT_EQ(objects->size(), 3u);
  std::map<std::string, int> defined = globalDefinitions(*objects);
  for (const char *name : {"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8",
                           "run", "large", "counter"})
    EXPECT_EQ(defined[name], 1) << name;
  // Small constants are each part's own.
  EXPECT_EQ(defined.count("small"), 0u);
  EXPECT_EQ(runLinked(std::move(*objects)), expected());
}

TEST_F(ParallelCodegen, OnePartIsOneObject) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = makeModule(context);
  ASSERT_TRUE(module);
  auto objects = qmlir::compileToObjects(std::move(module), hostMachine(), 1);
  ASSERT_TRUE(static_cast<bool>(objects))
      << llvm::toString(objects.takeError());
  ASSERT_EQ(objects->size(), 1u);
  EXPECT_EQ(runLinked(std::move(*objects)), expected());
}

TEST_F(ParallelCodegen, FewFunctionsStayWhole) {
  // Ten functions make at most two parts of at least four functions.
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = makeModule(context);
  ASSERT_TRUE(module);
  auto objects = qmlir::compileToObjects(std::move(module), hostMachine(), 8);
  ASSERT_TRUE(static_cast<bool>(objects))
      << llvm::toString(objects.takeError());
  EXPECT_EQ(objects->size(), 3u);
  EXPECT_EQ(runLinked(std::move(*objects)), expected());
}

} // namespace
