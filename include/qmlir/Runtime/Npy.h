//===- Npy.h - Reading and writing NumPy .npy files -------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// .npy I/O for qmlir's tools and runtime: format versions 1.0 to 3.0,
// little-endian f32/f64/f16, i8/u8/i16/u16/i32/i64 and bool, C order. Every
// other file (Fortran order, big-endian, object or structured dtypes, bad
// headers, truncated or oversized data) is rejected with a message naming the
// file and what is wrong. Depends on the C++ standard library only.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_RUNTIME_NPY_H
#define QMLIR_RUNTIME_NPY_H

#include "qmlir/Support/Result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace qmlir {
namespace runtime {

enum class DType { F32, F64, F16, I8, U8, I16, U16, I32, I64, Bool };

/// Size of one element in bytes.
size_t dtypeSize(DType dtype);
/// NumPy's name of the dtype ("float32", "uint8", "bool", ...).
const char *dtypeName(DType dtype);
/// The .npy `descr` string ("<f4", "|u1", "|b1", ...).
const char *dtypeDescr(DType dtype);

/// A dense C-order array.
struct NpyArray {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<char> data;

  int64_t numElements() const;
  /// "float32[1, 3, 224, 224]".
  std::string describe() const;
};

/// Parses the contents of a .npy file; `name` appears in error messages.
Result<NpyArray> parseNpy(const char *bytes, size_t size,
                          const std::string &name);

/// Reads a .npy file.
Result<NpyArray> readNpy(const std::string &path);

/// The bytes of a version 1.0 .npy file holding `array` (version 2.0 if the
/// header does not fit 1.0's 16-bit length).
std::string serializeNpy(const NpyArray &array);

/// Writes `array` to `path` whole or not at all (a temporary file in the same
/// directory, then a rename). Returns an error message, empty on success.
std::string writeNpy(const std::string &path, const NpyArray &array);

/// Writes several arrays so that either every file is written whole or none
/// is changed (all are written to temporaries first, then renamed). Returns an
/// error message, empty on success.
std::string writeNpyFiles(
    const std::vector<std::pair<std::string, const NpyArray *>> &files);

} // namespace runtime
} // namespace qmlir

#endif // QMLIR_RUNTIME_NPY_H
