//===- Npy.cpp - Reading and writing NumPy .npy files ---------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The format (numpy.lib.format): the magic "\x93NUMPY", a major and minor
// version byte, the header length (uint16 for 1.0, uint32 for 2.0 and 3.0,
// little-endian), then an ASCII (UTF-8 for 3.0) Python dict literal with the
// keys 'descr', 'fortran_order' and 'shape', padded with spaces and ended by
// a newline; then the raw data.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Runtime/Npy.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <unistd.h>

using namespace qmlir;
using namespace qmlir::runtime;

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

struct DTypeInfo {
  DType dtype;
  const char *descr;
  const char *name;
  size_t size;
};

constexpr DTypeInfo kDTypes[] = {
    {DType::F32, "<f4", "float32", 4}, {DType::F64, "<f8", "float64", 8},
    {DType::F16, "<f2", "float16", 2}, {DType::I8, "|i1", "int8", 1},
    {DType::U8, "|u1", "uint8", 1},    {DType::I16, "<i2", "int16", 2},
    {DType::U16, "<u2", "uint16", 2},  {DType::I32, "<i4", "int32", 4},
    {DType::I64, "<i8", "int64", 8},   {DType::Bool, "|b1", "bool", 1},
};

const DTypeInfo &info(DType dtype) {
  for (const DTypeInfo &entry : kDTypes)
    if (entry.dtype == dtype)
      return entry;
  return kDTypes[0];
}

/// A minimal reader of the header's Python dict literal.
class HeaderParser {
public:
  explicit HeaderParser(const std::string &text) : text(text) {}

  /// Parses the dict into descr/fortran/shape; returns an error or "".
  std::string parse(std::string &descr, bool &fortran,
                    std::vector<int64_t> &shape) {
    bool haveDescr = false, haveFortran = false, haveShape = false;
    skipSpace();
    if (!consume('{'))
      return "header is not a dict";
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return "header has a malformed key";
      skipSpace();
      if (!consume(':'))
        return "header is missing ':' after '" + key + "'";
      skipSpace();
      if (key == "descr") {
        if (peek() == '[')
          return "structured dtypes are not supported";
        if (!parseString(descr))
          return "header 'descr' is not a string";
        haveDescr = true;
      } else if (key == "fortran_order") {
        if (text.compare(pos, 4, "True") == 0) {
          fortran = true;
          pos += 4;
        } else if (text.compare(pos, 5, "False") == 0) {
          fortran = false;
          pos += 5;
        } else {
          return "header 'fortran_order' is not True or False";
        }
        haveFortran = true;
      } else if (key == "shape") {
        std::string error = parseShape(shape);
        if (!error.empty())
          return error;
        haveShape = true;
      } else {
        return "header has an unknown key '" + key + "'";
      }
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return "header dict is malformed";
    }
    if (!haveDescr || !haveFortran || !haveShape)
      return "header lacks one of 'descr', 'fortran_order', 'shape'";
    return "";
  }

private:
  char peek() const { return pos < text.size() ? text[pos] : '\0'; }
  bool consume(char c) {
    if (peek() != c)
      return false;
    ++pos;
    return true;
  }
  void skipSpace() {
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n'))
      ++pos;
  }
  bool parseString(std::string &out) {
    char quote = peek();
    if (quote != '\'' && quote != '"')
      return false;
    size_t end = text.find(quote, pos + 1);
    if (end == std::string::npos)
      return false;
    out = text.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    return true;
  }
  std::string parseShape(std::vector<int64_t> &shape) {
    if (!consume('('))
      return "header 'shape' is not a tuple";
    while (true) {
      skipSpace();
      if (consume(')'))
        return "";
      if (!isdigit(static_cast<unsigned char>(peek())))
        return "header 'shape' has a non-integer entry";
      int64_t value = 0;
      while (isdigit(static_cast<unsigned char>(peek()))) {
        int digit = text[pos++] - '0';
        if (value > (std::numeric_limits<int64_t>::max() - digit) / 10)
          return "header 'shape' has an entry that overflows int64";
        value = value * 10 + digit;
      }
      shape.push_back(value);
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume(')'))
        return "";
      return "header 'shape' is malformed";
    }
  }

  const std::string &text;
  size_t pos = 0;
};

uint32_t readLittleEndian(const unsigned char *bytes, int count) {
  uint32_t value = 0;
  for (int i = count - 1; i >= 0; --i)
    value = (value << 8) | bytes[i];
  return value;
}

} // namespace

size_t qmlir::runtime::dtypeSize(DType dtype) { return info(dtype).size; }
const char *qmlir::runtime::dtypeName(DType dtype) { return info(dtype).name; }
const char *qmlir::runtime::dtypeDescr(DType dtype) {
  return info(dtype).descr;
}

int64_t NpyArray::numElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

std::string NpyArray::describe() const {
  std::string text = std::string(dtypeName(dtype)) + "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

namespace {
/// What a .npy header declares: the array (without its data), where the data
/// starts and how many bytes it takes.
struct NpyHeader {
  NpyArray array;
  size_t dataOffset = 0;
  uint64_t dataBytes = 0;
};
} // namespace

/// Parses the header at the start of `bytes` (which may hold only the first
/// `size` bytes of the file).
static Result<NpyHeader> parseNpyHeader(const char *bytes, size_t size,
                                        const std::string &name) {
  auto fail = [&](const std::string &message) {
    return Result<NpyHeader>::failure(name + ": " + message);
  };
  const auto *raw = reinterpret_cast<const unsigned char *>(bytes);
  if (size < kMagicSize + 2 || std::memcmp(bytes, kMagic, kMagicSize) != 0)
    return fail("not a .npy file (no \\x93NUMPY magic)");
  int major = raw[6], minor = raw[7];
  if (major < 1 || major > 3 || minor != 0)
    return fail("unsupported .npy format version " + std::to_string(major) +
                "." + std::to_string(minor) + " (1.0 to 3.0 are supported)");
  int lengthBytes = major == 1 ? 2 : 4;
  size_t prefix = kMagicSize + 2 + lengthBytes;
  if (size < prefix)
    return fail("truncated header");
  size_t headerLength = readLittleEndian(raw + kMagicSize + 2, lengthBytes);
  if (size - prefix < headerLength)
    return fail("truncated header: it declares " +
                std::to_string(headerLength) + " bytes, the file has " +
                std::to_string(size - prefix));
  std::string header(bytes + prefix, headerLength);

  std::string descr;
  bool fortran = false;
  NpyArray array;
  std::string error = HeaderParser(header).parse(descr, fortran, array.shape);
  if (!error.empty())
    return fail(error);
  if (fortran)
    return fail("Fortran-order arrays are not supported (save in C order, "
                "e.g. numpy.ascontiguousarray)");

  const DTypeInfo *found = nullptr;
  for (const DTypeInfo &entry : kDTypes) {
    // Single-byte types may be written with '<' or '=' as well as '|'.
    std::string alt = entry.descr;
    if (descr == entry.descr ||
        (alt[0] == '|' &&
         (descr == "<" + alt.substr(1) || descr == "=" + alt.substr(1))) ||
        (alt[0] == '<' && descr == "=" + alt.substr(1)))
      found = &entry;
  }
  if (!found) {
    if (!descr.empty() && descr[0] == '>')
      return fail("big-endian dtype '" + descr + "' is not supported");
    if (descr.find('O') != std::string::npos)
      return fail("object arrays (dtype '" + descr + "') are not supported");
    return fail("dtype '" + descr +
                "' is not supported (float16/32/64, int8/16/32/64, "
                "uint8/16, bool)");
  }
  array.dtype = found->dtype;

  // The element count and byte size must not overflow.
  uint64_t elements = 1;
  for (int64_t dim : array.shape) {
    if (dim != 0 && elements > std::numeric_limits<uint64_t>::max() /
                                   static_cast<uint64_t>(dim) / found->size)
      return fail("shape is too large");
    elements *= static_cast<uint64_t>(dim);
  }
  uint64_t dataBytes = elements * found->size;
  NpyHeader result;
  result.array = std::move(array);
  result.dataOffset = prefix + headerLength;
  result.dataBytes = dataBytes;
  return result;
}

/// The error for a file of `available` data bytes where `header` declares
/// another count; empty when they agree.
static std::string dataSizeError(const NpyHeader &header, uint64_t available) {
  if (available == header.dataBytes)
    return "";
  return std::string(available < header.dataBytes ? "truncated" : "oversized") +
         " data: " + header.array.describe() + " needs " +
         std::to_string(header.dataBytes) + " bytes, the file has " +
         std::to_string(available);
}

Result<NpyArray> qmlir::runtime::parseNpy(const char *bytes, size_t size,
                                          const std::string &name) {
  Result<NpyHeader> header = parseNpyHeader(bytes, size, name);
  if (!header)
    return Result<NpyArray>::failure(header.error());
  std::string error = dataSizeError(*header, size - header->dataOffset);
  if (!error.empty())
    return Result<NpyArray>::failure(name + ": " + error);
  NpyArray array = std::move(header->array);
  array.data.assign(bytes + header->dataOffset,
                    bytes + header->dataOffset + header->dataBytes);
  return array;
}

Result<NpyArray> qmlir::runtime::readNpy(const std::string &path) {
  auto fail = [&](const std::string &message) {
    return Result<NpyArray>::failure(path + ": " + message);
  };
  // A regular file, its header read and checked against the file's size
  // before any data: a device, a pipe or a large file of something else is
  // refused without reading it.
  std::error_code ec;
  std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (ec)
    return fail("cannot open: " + ec.message());
  if (!std::filesystem::is_regular_file(status))
    return fail("not a regular file");
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec)
    return fail("cannot open: " + ec.message());
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return fail(std::string("cannot open: ") + std::strerror(errno));
  auto readAt = [&](uint64_t offset, char *into, uint64_t count) {
    file.clear();
    file.seekg(static_cast<std::streamoff>(offset));
    file.read(into, static_cast<std::streamsize>(count));
    return static_cast<uint64_t>(file.gcount()) == count;
  };
  // The fixed part with the header length, then the whole header.
  std::string head(std::min<uint64_t>(size, kMagicSize + 4), '\0');
  if (!readAt(0, head.data(), head.size()))
    return fail("read error");
  if (head.size() == kMagicSize + 4 &&
      std::memcmp(head.data(), kMagic, kMagicSize) == 0) {
    const auto *raw = reinterpret_cast<const unsigned char *>(head.data());
    int lengthBytes = raw[6] == 1 ? 2 : 4;
    uint64_t headerLength = readLittleEndian(raw + kMagicSize + 2, lengthBytes);
    head.resize(
        std::min<uint64_t>(size, kMagicSize + 2 + lengthBytes + headerLength));
    if (!readAt(0, head.data(), head.size()))
      return fail("read error");
  }
  Result<NpyHeader> header = parseNpyHeader(head.data(), head.size(), path);
  if (!header)
    return Result<NpyArray>::failure(header.error());
  std::string error = dataSizeError(*header, size - header->dataOffset);
  if (!error.empty())
    return fail(error);
  NpyArray array = std::move(header->array);
  array.data.resize(header->dataBytes);
  if (!readAt(header->dataOffset, array.data.data(), header->dataBytes))
    return fail("read error");
  return array;
}

std::string qmlir::runtime::serializeNpy(const NpyArray &array) {
  std::string dict = std::string("{'descr': '") + dtypeDescr(array.dtype) +
                     "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < array.shape.size(); ++i)
    dict += (i ? ", " : "") + std::to_string(array.shape[i]);
  if (array.shape.size() == 1)
    dict += ","; // A one-element tuple: "(3,)".
  dict += "), }";

  // Pad so that the data starts at a multiple of 64 bytes.
  bool version2 = false;
  size_t total = kMagicSize + 2 + 2 + dict.size() + 1;
  size_t padded = (total + 63) / 64 * 64;
  if (padded - kMagicSize - 4 > 0xffff) {
    version2 = true;
    total = kMagicSize + 2 + 4 + dict.size() + 1;
    padded = (total + 63) / 64 * 64;
  }
  size_t prefix = kMagicSize + 2 + (version2 ? 4 : 2);
  size_t headerLength = padded - prefix;
  dict.append(headerLength - dict.size() - 1, ' ');
  dict += '\n';

  std::string out(kMagic, kMagicSize);
  out += static_cast<char>(version2 ? 2 : 1);
  out += static_cast<char>(0);
  for (size_t i = 0; i < (version2 ? 4u : 2u); ++i)
    out += static_cast<char>((headerLength >> (8 * i)) & 0xff);
  out += dict;
  out.append(array.data.begin(), array.data.end());
  return out;
}

std::string qmlir::runtime::writeNpy(const std::string &path,
                                     const NpyArray &array) {
  return writeNpyFiles({{path, &array}});
}

std::string qmlir::runtime::writeNpyFiles(
    const std::vector<std::pair<std::string, const NpyArray *>> &files) {
  std::vector<std::string> temporaries;
  auto discard = [&] {
    for (const std::string &temporary : temporaries)
      std::remove(temporary.c_str());
  };
  for (const auto &[path, array] : files) {
    std::string temporary = path + ".tmp." + std::to_string(getpid());
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::string error = path + ": cannot write: " + std::strerror(errno);
      discard();
      return error;
    }
    temporaries.push_back(temporary);
    std::string bytes = serializeNpy(*array);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) {
      discard();
      return path + ": write error";
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (std::rename(temporaries[i].c_str(), files[i].first.c_str()) != 0) {
      std::string error =
          files[i].first + ": cannot rename: " + std::strerror(errno);
      temporaries.erase(temporaries.begin(), temporaries.begin() + i);
      discard();
      return error;
    }
  }
  return "";
}
