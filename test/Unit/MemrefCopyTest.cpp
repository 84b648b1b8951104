//===- MemrefCopyTest.cpp - the runtime's strided copy --------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir-c/Runtime.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

namespace {

/// A ranked descriptor laid out as compiled code passes it.
struct Descriptor {
  std::vector<int64_t> words;
  qmlir_rt_unranked_memref unranked{};

  Descriptor(void *data, int64_t offset, std::vector<int64_t> sizes,
             std::vector<int64_t> strides) {
    auto address = reinterpret_cast<int64_t>(data);
    words = {address, address, offset};
    words.insert(words.end(), sizes.begin(), sizes.end());
    words.insert(words.end(), strides.begin(), strides.end());
    unranked.rank = static_cast<int64_t>(sizes.size());
    unranked.descriptor = words.data();
  }
};

TEST(MemrefCopy, TransposedViewIntoStridedView) {
  // src: a 2x3x4 view of a 4x3x2 buffer read transposed (strides 1, 2, 6),
  // dst: the same shape at offset 5 in a buffer with padded rows.
  std::vector<int32_t> src(24);
  std::iota(src.begin(), src.end(), 100);
  std::vector<int32_t> dst(5 + 2 * 3 * 8, -1);
  Descriptor s(src.data(), 0, {2, 3, 4}, {1, 2, 6});
  Descriptor d(dst.data(), 5, {2, 3, 4}, {24, 8, 1});
  qmlir_rt_memref_copy(sizeof(int32_t), &s.unranked, &d.unranked);
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j)
      for (int64_t k = 0; k < 8; ++k) {
        int32_t got = dst[5 + i * 24 + j * 8 + k];
        int32_t want = k < 4 ? src[i * 1 + j * 2 + k * 6] : -1;
        EXPECT_EQ(got, want) << i << "," << j << "," << k;
      }
  for (int64_t i = 0; i < 5; ++i)
    EXPECT_EQ(dst[i], -1);
}

TEST(MemrefCopy, ContiguousRowsAreCopiedWhole) {
  std::vector<uint8_t> src(3 * 16), dst(3 * 10, 0);
  std::iota(src.begin(), src.end(), 0);
  Descriptor s(src.data(), 2, {3, 10}, {16, 1});
  Descriptor d(dst.data(), 0, {3, 10}, {10, 1});
  qmlir_rt_memref_copy(1, &s.unranked, &d.unranked);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t k = 0; k < 10; ++k)
      EXPECT_EQ(dst[i * 10 + k], src[2 + i * 16 + k]);
}

TEST(MemrefCopy, RankZeroAndEmpty) {
  float a = 1.5f, b = 0.0f;
  Descriptor s(&a, 0, {}, {});
  Descriptor d(&b, 0, {}, {});
  qmlir_rt_memref_copy(sizeof(float), &s.unranked, &d.unranked);
  EXPECT_EQ(b, 1.5f);
  // A zero-sized dimension copies nothing.
  std::vector<float> x(4, 2.0f), y(4, 3.0f);
  Descriptor se(x.data(), 0, {0, 4}, {4, 1});
  Descriptor de(y.data(), 0, {0, 4}, {4, 1});
  qmlir_rt_memref_copy(sizeof(float), &se.unranked, &de.unranked);
  EXPECT_EQ(y, std::vector<float>(4, 3.0f));
}

} // namespace
