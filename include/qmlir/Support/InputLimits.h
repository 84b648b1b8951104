//===- InputLimits.h - Limits checked before parsing input ------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// MLIR's parser recurses once per nesting level of (), [], {} and <>: a text
// nested thousands of levels deep exhausts the stack (found by fuzzing:
// `return %0 :((((...`). The custom parsers of `linalg.transpose`,
// `linalg.broadcast` and `linalg.reduce` dereference a null attribute when
// their `permutation = [...]`/`dimensions = [...]` list does not parse
// (`permutation = [1, 0`, `dimensions = 1`), and the parsers of linalg's
// named ops (`linalg.fill`, `linalg.matmul`, ...) when their properties
// `<...>` are not a dictionary (`linalg.fill <2>`). The tools reject such
// input before parsing.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_SUPPORT_INPUTLIMITS_H
#define QMLIR_SUPPORT_INPUTLIMITS_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
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

/// An error message naming `name`, line and column of the first integer list
/// after `permutation =` or `dimensions =` in the custom form of
/// `linalg.transpose`, `linalg.broadcast` or `linalg.reduce` that is not a
/// well-formed `[i, j, ...]` of int64 values; empty when there is none.
std::string checkMLIRLinalgIntegerLists(llvm::StringRef text,
                                        llvm::StringRef name);

/// An error message naming `name`, line and column of the first custom-form
/// linalg op whose properties `<...>` do not start with a dictionary `{`;
/// empty when there is none.
std::string checkMLIRLinalgProperties(llvm::StringRef text,
                                      llvm::StringRef name);

/// The checks above, in order: the first error message, or empty.
std::string checkMLIRInput(llvm::StringRef text, llvm::StringRef name);

/// The bytes of physical memory of this machine (a tensor larger than this
/// cannot be allocated by code run here); 2^63 - 1 when unknown.
uint64_t physicalMemoryBytes();

/// The memory this process may use: the physical memory, or less when the
/// address-space or data-segment limits (`ulimit -v`, `ulimit -d`) say so.
uint64_t memoryLimitBytes();

/// The largest tensor qmlir accepts (where a model's shapes enter: import,
/// JIT compiles, qmlir-run's inputs and results, evaluation results): a
/// quarter of memoryLimitBytes, as a run holds its inputs, its outputs and
/// the values between them at once. A model whose tiny description expands
/// to more (a ConstantOfShape of 2^30 floats) is an error naming the value,
/// not an allocation failure later.
uint64_t tensorBudgetBytes();

/// "N bytes, more than ... (the budget)": the end of the messages of tensors
/// over tensorBudgetBytes.
std::string overBudgetMessage(uint64_t bytes);

/// The bytes a tensor of `elements` elements of `elementBits` bits takes, or
/// nothing when the count is negative or the product overflows int64.
std::optional<uint64_t> tensorBytes(int64_t elements, unsigned elementBits);

/// Deeper than any qmlir JSON file needs (statistics nest four levels).
inline constexpr unsigned kMaxJSONNesting = 64;

/// An error message naming `name` and the byte offset where the JSON `text`
/// nests arrays and objects deeper than `limit` (outside strings); empty
/// when it does not. llvm::json::parse recurses once per level.
std::string checkJSONNesting(llvm::StringRef text, llvm::StringRef name,
                             unsigned limit = kMaxJSONNesting);

} // namespace qmlir

#endif // QMLIR_SUPPORT_INPUTLIMITS_H
