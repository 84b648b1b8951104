//===- CommandLine.cpp - Tools' command lines -----------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Support/CommandLine.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"

using namespace llvm;

void qmlir::showOnlyToolOptions(ArrayRef<const cl::OptionCategory *> categories,
                                ArrayRef<StringRef> keep) {
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    if (option->getOptionHiddenFlag() != cl::NotHidden)
      continue;
    StringRef name = entry.first;
    if (name == "help" || name == "version" || llvm::is_contained(keep, name))
      continue;
    if (llvm::any_of(option->Categories, [&](cl::OptionCategory *category) {
          return llvm::is_contained(categories, category);
        }))
      continue;
    option->setHiddenFlag(cl::Hidden);
  }
}

std::string
qmlir::findNonRegularInput(int argc, char **argv,
                           llvm::ArrayRef<llvm::StringRef> valueOptions) {
  auto &registered = llvm::cl::getRegisteredOptions();
  auto takesValue = [&](llvm::StringRef arg) {
    if (!arg.consume_front("-"))
      return false;
    arg.consume_front("-");
    if (arg.contains('='))
      return false;
    if (llvm::is_contained(valueOptions, arg))
      return true;
    auto it = registered.find(arg);
    return it != registered.end() &&
           it->second->getValueExpectedFlag() == llvm::cl::ValueRequired;
  };
  bool onlyPositional = false;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (!onlyPositional && arg == "--") {
      onlyPositional = true;
      continue;
    }
    if (!onlyPositional && arg.starts_with("-") && arg != "-")
      continue;
    if (!onlyPositional && takesValue(argv[i - 1]))
      continue;
    if (arg == "-")
      continue;
    llvm::sys::fs::file_status status;
    if (llvm::sys::fs::status(arg, status))
      continue;
    auto type = status.type();
    if (type != llvm::sys::fs::file_type::regular_file &&
        type != llvm::sys::fs::file_type::directory_file)
      return "'" + arg.str() + "' is not a regular file";
  }
  return "";
}
