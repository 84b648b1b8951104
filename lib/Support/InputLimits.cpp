//===- InputLimits.cpp - Limits checked before parsing input --------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Support/InputLimits.h"

#include "llvm/ADT/Twine.h"

std::string qmlir::checkMLIRNesting(llvm::StringRef text, llvm::StringRef name,
                                    unsigned limit) {
  unsigned depth = 0;
  size_t line = 1, column = 1;
  bool inString = false, inComment = false;
  for (size_t i = 0; i < text.size(); ++i, ++column) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      column = 0;
      inComment = false;
      continue;
    }
    if (inComment)
      continue;
    if (inString) {
      if (c == '\\')
        ++i, ++column;
      else if (c == '"')
        inString = false;
      continue;
    }
    switch (c) {
    case '"':
      inString = true;
      break;
    case '/':
      if (i + 1 < text.size() && text[i + 1] == '/')
        inComment = true;
      break;
    case '(':
    case '[':
    case '{':
    case '<':
      if (++depth > limit)
        return (llvm::Twine(name) + ":" + llvm::Twine(line) + ":" +
                llvm::Twine(column) + ": error: brackets nested more than " +
                llvm::Twine(limit) +
                " levels deep (qmlir's limit for MLIR input)")
            .str();
      break;
    case '>':
      if (i > 0 && text[i - 1] == '-')
        break;
      [[fallthrough]];
    case ')':
    case ']':
    case '}':
      if (depth > 0)
        --depth;
      break;
    default:
      break;
    }
  }
  return "";
}
