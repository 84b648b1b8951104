//===- Runtime.cpp - qmlir runtime C ABI ----------------------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir-c/Runtime.h"

#include <chrono>
#include <mutex>

#if defined(__linux__) && defined(__x86_64__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace {
#if defined(__linux__) && defined(__x86_64__)
// From the Linux UAPI (asm/prctl.h) and the x86 XSAVE feature numbering.
constexpr int kArchReqXcompPerm = 0x1023;
constexpr int kXFeatureXTileData = 18;
#endif
} // namespace

extern "C" int qmlir_rt_request_amx_permission(void) {
  static std::once_flag once;
  static int granted = 0;
  std::call_once(once, [] {
#if defined(__linux__) && defined(__x86_64__)
    granted =
        syscall(SYS_arch_prctl, kArchReqXcompPerm, kXFeatureXTileData) == 0 ? 1
                                                                            : 0;
#endif
  });
  return granted;
}

extern "C" int64_t qmlir_rt_now_ns(void) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
