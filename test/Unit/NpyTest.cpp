//===- NpyTest.cpp - .npy reader and writer -------------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Runtime/Npy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

using namespace qmlir::runtime;

namespace {

/// An array of `dtype` with the given shape and deterministic bytes.
NpyArray makeArray(DType dtype, std::vector<int64_t> shape) {
  NpyArray array;
  array.dtype = dtype;
  array.shape = std::move(shape);
  array.data.resize(array.numElements() * dtypeSize(dtype));
  for (size_t i = 0; i < array.data.size(); ++i)
    array.data[i] = static_cast<char>(i * 37 + 11);
  if (dtype == DType::Bool)
    for (char &c : array.data)
      c = c & 1;
  return array;
}

void expectEqual(const NpyArray &a, const NpyArray &b) {
  EXPECT_EQ(a.dtype, b.dtype);
  EXPECT_EQ(a.shape, b.shape);
  EXPECT_EQ(a.data, b.data);
}

class NpyRoundTrip : public ::testing::TestWithParam<DType> {};

TEST_P(NpyRoundTrip, SerializeParse) {
  for (std::vector<int64_t> shape :
       {std::vector<int64_t>{}, {0}, {5}, {2, 3}, {2, 1, 4, 3}}) {
    NpyArray array = makeArray(GetParam(), shape);
    std::string bytes = serializeNpy(array);
    // Data is 64-byte aligned, as numpy writes it.
    EXPECT_EQ((bytes.size() - array.data.size()) % 64, 0u);
    qmlir::Result<NpyArray> parsed =
        parseNpy(bytes.data(), bytes.size(), "mem.npy");
    ASSERT_TRUE(parsed) << parsed.error();
    expectEqual(*parsed, array);
  }
}

TEST_P(NpyRoundTrip, WriteRead) {
  NpyArray array = makeArray(GetParam(), {3, 4});
  std::string path =
      ::testing::TempDir() + "/qmlir-npy-" + dtypeName(GetParam()) + ".npy";
  ASSERT_EQ(writeNpy(path, array), "");
  qmlir::Result<NpyArray> read = readNpy(path);
  ASSERT_TRUE(read) << read.error();
  expectEqual(*read, array);
  std::remove(path.c_str());
}

INSTANTIATE_TEST_SUITE_P(Runtime, NpyRoundTrip,
                         ::testing::Values(DType::F32, DType::F64, DType::F16,
                                           DType::I8, DType::U8, DType::I16,
                                           DType::U16, DType::I32, DType::I64,
                                           DType::Bool),
                         [](const ::testing::TestParamInfo<DType> &info) {
                           return std::string(dtypeName(info.param));
                         });

/// Builds a file with the given version and header text (padded).
std::string withHeader(int major, const std::string &dict,
                       const std::string &data) {
  int lengthBytes = major == 1 ? 2 : 4;
  std::string header = dict;
  size_t total = 8 + lengthBytes + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = std::string("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  for (int i = 0; i < lengthBytes; ++i)
    out += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

TEST(NpyParse, Versions2And3) {
  std::string data(8, '\x01');
  for (int major : {2, 3}) {
    std::string bytes = withHeader(
        major, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }",
        data);
    qmlir::Result<NpyArray> parsed =
        parseNpy(bytes.data(), bytes.size(), "v.npy");
    ASSERT_TRUE(parsed) << parsed.error();
    EXPECT_EQ(parsed->dtype, DType::I32);
    EXPECT_EQ(parsed->shape, std::vector<int64_t>{2});
  }
}

TEST(NpyParse, HeaderVariants) {
  // Key order, double quotes, '<' for single-byte types, no trailing comma.
  std::string bytes = withHeader(
      1, "{\"shape\": (3, 1), \"fortran_order\": False, \"descr\": \"<u1\"}",
      std::string(3, '\x07'));
  qmlir::Result<NpyArray> parsed =
      parseNpy(bytes.data(), bytes.size(), "h.npy");
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->dtype, DType::U8);
  EXPECT_EQ(parsed->shape, (std::vector<int64_t>{3, 1}));
}

TEST(NpyParse, Errors) {
  auto error = [](const std::string &bytes) {
    return parseNpy(bytes.data(), bytes.size(), "e.npy").error();
  };
  EXPECT_EQ(error("hello"), "e.npy: not a .npy file (no \\x93NUMPY magic)");
  EXPECT_EQ(error(withHeader(1, "{'descr': '<f4', 'shape': (1,), }", "")),
            "e.npy: header lacks one of 'descr', 'fortran_order', 'shape'");
  EXPECT_EQ(
      error(withHeader(
          1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }",
          std::string(4, 0))),
      "e.npy: Fortran-order arrays are not supported (save in C order, e.g. "
      "numpy.ascontiguousarray)");
  EXPECT_EQ(error(withHeader(
                1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }",
                std::string(8, 0))),
            "e.npy: dtype '<c8' is not supported (float16/32/64, "
            "int8/16/32/64, uint8/16, bool)");
  EXPECT_EQ(
      error(withHeader(
          1, "{'descr': '<f4', 'fortran_order': False, 'shape': (x,), }", "")),
      "e.npy: header 'shape' has a non-integer entry");
  EXPECT_EQ(
      error(withHeader(1,
                       "{'descr': '<f4', 'fortran_order': False, 'shape': "
                       "(99999999999999999999,), }",
                       "")),
      "e.npy: header 'shape' has an entry that overflows int64");
  EXPECT_EQ(error(withHeader(1,
                             "{'descr': '<f4', 'fortran_order': False, "
                             "'shape': (4294967296, 4294967296), }",
                             "")),
            "e.npy: shape is too large");
  EXPECT_EQ(error(withHeader(
                1,
                "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), "
                "'extra': 1}",
                std::string(4, 0))),
            "e.npy: header has an unknown key 'extra'");
}

TEST(NpyWrite, GroupWriteIsAllOrNothing) {
  NpyArray array = makeArray(DType::F32, {2});
  std::string good = ::testing::TempDir() + "/qmlir-npy-group-good.npy";
  std::string bad = ::testing::TempDir() + "/no-such-dir/x.npy";
  std::remove(good.c_str());
  std::string error = writeNpyFiles({{good, &array}, {bad, &array}});
  EXPECT_NE(error.find("no-such-dir/x.npy: cannot write"), std::string::npos)
      << error;
  // The first file was not left behind, nor its temporary.
  EXPECT_FALSE(std::ifstream(good).good());
}

} // namespace
