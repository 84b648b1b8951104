//===- npy-fuzzer.cpp - libFuzzer target: the .npy reader -----------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Bytes -> parseNpy. An accepted array must serialize and parse back to the
// same dtype, shape and data.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Runtime/Npy.h"

#include <cstdint>
#include <cstdlib>

using qmlir::runtime::NpyArray;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto array = qmlir::runtime::parseNpy(reinterpret_cast<const char *>(data),
                                        size, "fuzz.npy");
  if (!array)
    return 0;
  std::string bytes = qmlir::runtime::serializeNpy(*array);
  auto again = qmlir::runtime::parseNpy(bytes.data(), bytes.size(), "again");
  if (!again || again->dtype != array->dtype || again->shape != array->shape ||
      again->data != array->data)
    std::abort();
  return 0;
}
