//===- CommandLine.h - What a tool's --help shows ---------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// A tool linked with LLVM and MLIR inherits every option they register
// (hundreds: code generators of other targets, MLIR's debugging flags).
// `--help` of a qmlir tool shows the tool's own options; the inherited ones
// stay usable and are listed by `--help-hidden`.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_SUPPORT_COMMANDLINE_H
#define QMLIR_SUPPORT_COMMANDLINE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/CommandLine.h"

namespace qmlir {

/// Moves every registered option outside `categories` to `--help-hidden`,
/// except `--help`, `--version` and the options named in `keep`. Call
/// before parsing the command line (options registered later stay).
void showOnlyToolOptions(
    llvm::ArrayRef<const llvm::cl::OptionCategory *> categories,
    llvm::ArrayRef<llvm::StringRef> keep = {});

} // namespace qmlir

#endif // QMLIR_SUPPORT_COMMANDLINE_H
