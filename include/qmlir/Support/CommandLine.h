//===- CommandLine.h - Tools' command lines ---------------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// A tool linked with LLVM and MLIR inherits every option they register
// (hundreds: code generators of other targets, MLIR's debugging flags).
// `--help` of a qmlir tool shows the tool's own options; the inherited ones
// stay usable and are listed by `--help-hidden`. Also the check drivers that
// read their input before any check of theirs make of their arguments.
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

/// For drivers that read their input whole before any check of theirs
/// (mlirTranslateMain): the first positional argument of `argv` that names
/// something other than a regular file or a directory (a device such as
/// /dev/zero, a pipe, a socket), as the error to report; empty when there
/// is none. An argument is positional unless it starts with '-' or is the
/// value of the option before it: a registered option that requires a
/// value, or one named in `valueOptions` (options not registered yet).
std::string findNonRegularInput(int argc, char **argv,
                                llvm::ArrayRef<llvm::StringRef> valueOptions);

} // namespace qmlir

#endif // QMLIR_SUPPORT_COMMANDLINE_H
