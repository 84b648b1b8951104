//===- CommandLine.cpp - What a tool's --help shows -----------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Support/CommandLine.h"

#include "llvm/ADT/STLExtras.h"

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
