//===- InputLimits.h - Limits checked before parsing input ------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// MLIR's parser recurses once per nesting level of (), [], {} and <>: a text
// nested thousands of levels deep exhausts the stack (found by fuzzing:
// `return %0 :((((...`). The tools reject such input before parsing.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_SUPPORT_INPUTLIMITS_H
#define QMLIR_SUPPORT_INPUTLIMITS_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace qmlir {

/// Deeper than any model needs, far below what exhausts an 8 MB stack.
inline constexpr unsigned kMaxMLIRNesting = 1000;

/// An error message naming `name`, line and column where `text` nests
/// brackets deeper than `limit` (outside string literals and `//`
/// comments; the `>` of `->` does not close anything); empty when it does
/// not.
std::string checkMLIRNesting(llvm::StringRef text, llvm::StringRef name,
                             unsigned limit = kMaxMLIRNesting);

} // namespace qmlir

#endif // QMLIR_SUPPORT_INPUTLIMITS_H
