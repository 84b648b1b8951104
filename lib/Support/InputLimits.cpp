//===- InputLimits.cpp - Limits checked before parsing input --------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Support/InputLimits.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <limits>
#include <sys/resource.h>
#include <unistd.h>

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

namespace {
/// A cursor over MLIR text that tracks line and column.
struct Cursor {
  llvm::StringRef text;
  size_t pos = 0;

  bool done() const { return pos >= text.size(); }
  char peek() const { return done() ? '\0' : text[pos]; }
  void skipSpace() {
    while (!done() && llvm::isSpace(text[pos]))
      ++pos;
  }
  std::string where(llvm::StringRef name) const {
    llvm::StringRef before = text.take_front(pos);
    size_t line = before.count('\n') + 1;
    size_t lineStart = before.rfind('\n');
    size_t column =
        lineStart == llvm::StringRef::npos ? pos + 1 : pos - lineStart;
    return (llvm::Twine(name) + ":" + llvm::Twine(line) + ":" +
            llvm::Twine(column))
        .str();
  }
};
} // namespace

/// Whether `c` can continue an MLIR identifier.
static bool isIdentifierChar(char c) {
  return llvm::isAlnum(c) || c == '_' || c == '$' || c == '.';
}

/// The character at `i`, or NUL past the end.
static char charAt(llvm::StringRef text, size_t i) {
  return i < text.size() ? text[i] : '\0';
}

namespace {
/// Tells, for positions asked in increasing order, whether they are code:
/// outside string literals and `//` comments. Reads each byte once, so the
/// checks stay linear in the input.
class CodeScanner {
public:
  explicit CodeScanner(llvm::StringRef text) : text(text) {}

  bool isCode(size_t at) {
    for (; scanned < at && scanned < text.size(); ++scanned) {
      char c = text[scanned];
      if (c == '\n') {
        inComment = inString = false;
      } else if (inComment) {
        continue;
      } else if (inString) {
        if (c == '\\')
          ++scanned;
        else if (c == '"')
          inString = false;
      } else if (c == '"') {
        inString = true;
      } else if (c == '/' && charAt(text, scanned + 1) == '/') {
        inComment = true;
      }
    }
    return !inComment && !inString;
  }

private:
  llvm::StringRef text;
  size_t scanned = 0;
  bool inComment = false, inString = false;
};
} // namespace

/// Whether `word` occurs at `at` as a whole word.
static bool wholeWord(llvm::StringRef text, size_t at, size_t size) {
  return (at == 0 || !isIdentifierChar(text[at - 1])) &&
         !isIdentifierChar(charAt(text, at + size));
}

/// Whether `cursor` is at a well-formed `[i, j, ...]` of int64 values; moves
/// past it.
static bool parseIntegerList(Cursor &cursor) {
  if (cursor.peek() != '[')
    return false;
  ++cursor.pos;
  cursor.skipSpace();
  if (cursor.peek() == ']') {
    ++cursor.pos;
    return true;
  }
  while (true) {
    size_t start = cursor.pos;
    if (cursor.peek() == '-')
      ++cursor.pos;
    while (llvm::isAlnum(cursor.peek()))
      ++cursor.pos;
    int64_t value;
    if (cursor.text.slice(start, cursor.pos).getAsInteger(0, value))
      return false;
    cursor.skipSpace();
    if (cursor.peek() == ']') {
      ++cursor.pos;
      return true;
    }
    if (cursor.peek() != ',')
      return false;
    ++cursor.pos;
    cursor.skipSpace();
  }
}

std::string qmlir::checkMLIRLinalgIntegerLists(llvm::StringRef text,
                                               llvm::StringRef name) {
  static const std::pair<llvm::StringLiteral, llvm::StringLiteral> kOps[] = {
      {"linalg.transpose", "permutation"},
      {"linalg.broadcast", "dimensions"},
      {"linalg.reduce", "dimensions"}};
  for (const auto &[op, keyword] : kOps) {
    CodeScanner code(text);
    for (size_t at = text.find(op); at != llvm::StringRef::npos;
         at = text.find(op, at + op.size())) {
      // The generic form ("linalg.transpose"(...), a string) parses safely,
      // and a longer name is another op.
      if (!code.isCode(at) || !wholeWord(text, at, op.size()))
        continue;
      // The keyword before the next op of this kind (searched only up to
      // there); without one the parser reports the op's form itself.
      size_t end = std::min(text.find(op, at + op.size()), text.size());
      size_t key = at + op.size();
      for (;;) {
        size_t found = text.slice(key, end).find(keyword);
        key = found == llvm::StringRef::npos ? end : key + found;
        if (key == end || wholeWord(text, key, keyword.size()))
          break;
        key += keyword.size();
      }
      if (key == end)
        continue;
      Cursor cursor{text, key + keyword.size()};
      cursor.skipSpace();
      if (cursor.peek() != '=')
        continue;
      ++cursor.pos;
      cursor.skipSpace();
      Cursor list = cursor;
      if (!parseIntegerList(list))
        return (cursor.where(name) + ": error: '" + op + "' needs '" + keyword +
                " = [...]' with int64 values")
            .str();
    }
  }
  return "";
}

std::string qmlir::checkMLIRLinalgProperties(llvm::StringRef text,
                                             llvm::StringRef name) {
  llvm::StringLiteral prefix = "linalg.";
  CodeScanner code(text);
  for (size_t at = text.find(prefix); at != llvm::StringRef::npos;
       at = text.find(prefix, at + prefix.size())) {
    // The generic form ("linalg.matmul"(...), a string) parses safely;
    // attributes and types (#linalg.iterator_type<parallel>) are not ops.
    if (!code.isCode(at) ||
        (at > 0 && (isIdentifierChar(text[at - 1]) || text[at - 1] == '#' ||
                    text[at - 1] == '!')))
      continue;
    Cursor cursor{text, at + prefix.size()};
    size_t nameStart = cursor.pos;
    while (isIdentifierChar(cursor.peek()))
      ++cursor.pos;
    if (cursor.pos == nameStart)
      continue;
    llvm::StringRef op = text.slice(at, cursor.pos);
    cursor.skipSpace();
    if (cursor.peek() != '<')
      continue;
    Cursor inside{text, cursor.pos + 1};
    inside.skipSpace();
    if (inside.peek() != '{')
      return (inside.where(name) + ": error: '" + op +
              "' properties must be a dictionary, '<{...}>'")
          .str();
  }
  return "";
}

std::string qmlir::checkMLIRInput(llvm::StringRef text, llvm::StringRef name) {
  if (std::string error = checkMLIRNesting(text, name); !error.empty())
    return error;
  if (std::string error = checkMLIRLinalgProperties(text, name); !error.empty())
    return error;
  return checkMLIRLinalgIntegerLists(text, name);
}

std::string qmlir::checkJSONNesting(llvm::StringRef text, llvm::StringRef name,
                                    unsigned limit) {
  unsigned depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i; // the escaped character
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit)
        return (name + ": arrays and objects nested more than " +
                llvm::Twine(limit) + " levels deep (at byte " + llvm::Twine(i) +
                ")")
            .str();
    } else if ((c == ']' || c == '}') && depth) {
      --depth;
    }
  }
  return "";
}

uint64_t qmlir::physicalMemoryBytes() {
  long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || pageSize <= 0)
    return std::numeric_limits<int64_t>::max();
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(pageSize);
}

uint64_t qmlir::memoryLimitBytes() {
  uint64_t limit = physicalMemoryBytes();
  for (int resource : {RLIMIT_AS, RLIMIT_DATA}) {
    struct rlimit current;
    if (getrlimit(resource, &current) == 0 && current.rlim_cur != RLIM_INFINITY)
      limit = std::min<uint64_t>(limit, current.rlim_cur);
  }
  return limit;
}

uint64_t qmlir::tensorBudgetBytes() { return memoryLimitBytes() / 4; }

std::string qmlir::overBudgetMessage(uint64_t bytes) {
  return std::to_string(bytes) +
         " bytes, more than qmlir's limit for one tensor (" +
         std::to_string(tensorBudgetBytes()) +
         " bytes: a quarter of the memory this process may use)";
}

std::optional<uint64_t> qmlir::tensorBytes(int64_t elements,
                                           unsigned elementBits) {
  int64_t bytes;
  int64_t perElement = std::max<int64_t>(1, (elementBits + 7) / 8);
  if (elements < 0 || llvm::MulOverflow(elements, perElement, bytes))
    return std::nullopt;
  return static_cast<uint64_t>(bytes);
}
