//===- int8-vs-onednn.cpp - qmlir int8 kernels against oneDNN -------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// int8 GEMMs, a GEMV and convolutions compiled by qmlir's codegen pipeline
// with every int8 kernel kind this CPU runs natively (avx512-vnni, avx-vnni,
// avx2-u8s7 on 7-bit weights, avx2-i16), with upstream vectorization
// (int8-kernel=none), the same shapes in f32 through qmlir, and oneDNN int8
// (u8 x s8 -> s32) and f32, side by side in one process on one thread, in
// alternating rounds; each figure is the median round. Also the peak loops
// of this core (independent chains of the int8 dot-product sequence of each
// kind, and of FMAs). Prints GOP/s (2 x multiply-adds per second), the
// ratios of the best qmlir int8 kernel to oneDNN int8, to the int8 peak
// loop of its kind, and to qmlir f32, and whether each result is exact.
//
//   taskset -c 1 build/bin/qmlir-bench-int8 [--onednn-isa=vnni] [--rounds N]
//
// Every qmlir int8 result is compared with the exact product computed here;
// oneDNN's with the exact product too (its AVX2 kernels saturate 16-bit
// sums, so many of its outputs differ there). --onednn-isa=vnni caps oneDNN
// at AVX-512 VNNI (no AMX) where the CPU has more.
//
//===----------------------------------------------------------------------===//

#include "BenchmarkSupport.h"
#include "qmlir-c/Runtime.h"
#include "qmlir/Codegen/Target.h"
#include "qmlir/Execution/Jit.h"
#include "qmlir/InitAll.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <dlfcn.h>
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <vector>

namespace cl = llvm::cl;

static cl::opt<unsigned> rounds("rounds", cl::desc("Timed rounds per kernel"),
                                cl::init(15));
static cl::opt<std::string>
    onednnIsa("onednn-isa",
              cl::desc("oneDNN's instruction set: default (AMX where "
                       "present) or vnni"),
              cl::init("default"));

namespace {

using qmlir::KernelKind;
using qmlir::bench::compile;
using qmlir::bench::hexConstant;
using qmlir::bench::Kernel;
using qmlir::bench::median;
using qmlir::bench::seconds;
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

template <typename T>
std::vector<T> randomInts(size_t count, unsigned seed, int lo, int hi) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<T> data(count);
  for (T &v : data)
    v = static_cast<T>(dist(rng));
  return data;
}

std::string shape(std::initializer_list<int64_t> dims, const char *element) {
  std::string s = "tensor<";
  for (int64_t d : dims)
    s += std::to_string(d) + "x";
  return s + element + ">";
}

/// Times the candidates in alternating rounds; returns median seconds each.
std::vector<double> measure(std::vector<std::function<void()>> candidates) {
  for (int i = 0; i < 2; ++i)
    for (auto &run : candidates)
      run();
  std::vector<std::vector<double>> times(candidates.size());
  for (unsigned r = 0; r < rounds; ++r)
    for (size_t i = 0; i < candidates.size(); ++i)
      times[i].push_back(seconds(candidates[i]));
  std::vector<double> result;
  for (auto &t : times)
    result.push_back(median(t));
  return result;
}

/// The int8 kinds this CPU runs natively, best first.
std::vector<KernelKind> nativeKinds(const qmlir::TargetDescription &target) {
  std::vector<KernelKind> kinds;
  for (KernelKind kind : {KernelKind::Avx512Vnni, KernelKind::AvxVnni,
                          KernelKind::Avx2U8S7, KernelKind::Avx2I16})
    if (target.supports(kind))
      kinds.push_back(kind);
  return kinds;
}

/// The option value selecting `kind` (`avx2` takes the u8s7 path where the
/// weights allow it: the benchmark gives that kind 7-bit weights).
std::string optionFor(KernelKind kind) {
  if (kind == KernelKind::Avx2U8S7)
    return "avx2";
  return qmlir::stringifyKernelKind(kind).str();
}

/// The columns of the table, in order: qmlir per native kind, qmlir upstream,
/// qmlir f32, oneDNN int8, oneDNN f32.
struct Table {
  std::vector<KernelKind> kinds;
  std::map<KernelKind, double> peaks;

  void header() const {
    llvm::outs() << llvm::format("%-26s", "GOP/s");
    for (KernelKind kind : kinds)
      llvm::outs() << llvm::format(
          " %11s", ("q-" + qmlir::stringifyKernelKind(kind)).str().c_str());
    llvm::outs() << llvm::format(" %9s %8s %8s %8s %8s %8s %8s %6s %8s\n",
                                 "q-i8-up", "q-fp32", "dnnl-i8", "dnnl-f32",
                                 "best", "/dnn8", "/peak", "/qf32", "exact",
                                 "dnnl-ok");
  }

  /// `gops` holds the kinds' figures, then upstream, f32, oneDNN int8 and
  /// f32; `exact` whether every qmlir int8 result was exact; `dnnlInexact`
  /// the fraction of oneDNN's outputs that were not.
  void row(const std::string &name, const std::vector<double> &gops, bool exact,
           double dnnlInexact) const {
    llvm::outs() << llvm::format("%-26s", name.c_str());
    size_t best = 0;
    for (size_t i = 0; i < kinds.size(); ++i) {
      llvm::outs() << llvm::format(" %11.1f", gops[i]);
      if (gops[i] > gops[best])
        best = i;
    }
    size_t n = kinds.size();
    double peak = peaks.count(kinds[best]) ? peaks.at(kinds[best]) : 0;
    llvm::outs() << llvm::format(
        " %9.1f %8.1f %8.1f %8.1f %8s %7.2fx %7.0f%% %5.2fx %8s %7.1f%%\n",
        gops[n], gops[n + 1], gops[n + 2], gops[n + 3],
        qmlir::stringifyKernelKind(kinds[best]).str().c_str(),
        gops[best] / gops[n + 2], peak > 0 ? 100.0 * gops[best] / peak : 0.0,
        gops[best] / gops[n + 1], exact ? "yes" : "NO",
        100.0 * (1.0 - dnnlInexact));
  }
};

/// The kernels under test for one shape: per native kind (u8s7 on its own
/// 7-bit weights), upstream, f32. `make(kind option, weights7)` compiles.
struct Candidates {
  std::vector<Kernel> kernels;
  std::vector<std::vector<int32_t> *> outputs; // int8 ones, per kernel
};

/// A [M, K] x [K, N] product.
void gemm(mlir::MLIRContext &context, const Table &table, dnnl::engine &engine,
          dnnl::stream &stream, int64_t m, int64_t n, int64_t k) {
  auto a8 = randomInts<int8_t>(m * k, 1, -128, 127);
  auto b8 = randomInts<int8_t>(k * n, 2, -127, 127);
  std::vector<int8_t> b7(b8.size());
  for (size_t i = 0; i < b8.size(); ++i)
    b7[i] = static_cast<int8_t>(std::clamp<int>(b8[i] / 2, -64, 63));
  std::vector<float> af(a8.begin(), a8.end()), bf(b8.begin(), b8.end());
  std::vector<uint8_t> au(m * k);
  for (size_t i = 0; i < au.size(); ++i)
    au[i] = uint8_t(a8[i] + 128);
  auto exactProduct = [&](const std::vector<int8_t> &b) {
    std::vector<int32_t> c(m * n, 0);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t kk = 0; kk < k; ++kk)
        for (int64_t j = 0; j < n; ++j)
          c[i * n + j] += int32_t(a8[i * k + kk]) * b[kk * n + j];
    return c;
  };
  std::vector<int32_t> exact8 = exactProduct(b8), exact7 = exactProduct(b7);

  auto source = [&](const char *el, const char *acc, const std::string &w,
                    const char *zero) {
    // int8: the argument holds u8 activations (oneDNN's input); the int8
    // lowering moves them to s8 by flipping the top bit, as here.
    std::string flip =
        std::string(el) == "i8"
            ? "  %e0 = tensor.empty() : " + shape({m, k}, el) +
                  "\n  %a = linalg.generic {indexing_maps = "
                  "[affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, "
                  "j)>], iterator_types = [\"parallel\", \"parallel\"]} "
                  "ins(%u : " +
                  shape({m, k}, el) + ") outs(%e0 : " + shape({m, k}, el) +
                  ") {\n  ^bb0(%in: i8, %out: i8):\n    %f = arith.constant "
                  "-128 : i8\n    %x = arith.xori %in, %f : i8\n    "
                  "linalg.yield %x : i8\n  } -> " +
                  shape({m, k}, el) + "\n"
            : "";
    std::string arg = std::string(el) == "i8" ? "%u" : "%a";
    return "func.func @main(" + arg + ": " + shape({m, k}, el) + ") -> " +
           shape({m, n}, acc) + " {\n" + flip + "  %w = arith.constant dense<" +
           w + "> : " + shape({k, n}, el) + "\n  %z = arith.constant " + zero +
           " : " + acc + "\n  %e = tensor.empty() : " + shape({m, n}, acc) +
           "\n  %i = linalg.fill ins(%z : " + acc +
           ") outs(%e : " + shape({m, n}, acc) + ") -> " + shape({m, n}, acc) +
           "\n  %c = linalg.matmul ins(%a, %w : " + shape({m, k}, el) + ", " +
           shape({k, n}, el) + ") outs(%i : " + shape({m, n}, acc) + ") -> " +
           shape({m, n}, acc) + "\n  return %c : " + shape({m, n}, acc) +
           "\n}\n";
  };
  std::string i8 = source("i8", "i32", hexConstant(b8), "0");
  std::string i7 = source("i8", "i32", hexConstant(b7), "0");

  std::vector<Kernel> kernels;
  std::vector<std::vector<int32_t>> results(table.kinds.size() + 1,
                                            std::vector<int32_t>(m * n));
  for (auto [i, kind] : llvm::enumerate(table.kinds))
    kernels.push_back(
        compile(context, kind == KernelKind::Avx2U8S7 ? i7 : i8,
                "parallel=false int8-kernel=" + optionFor(kind),
                {{{m, k}, au.data()}, {{m, n}, results[i].data()}}));
  kernels.push_back(
      compile(context, i8, "parallel=false int8-kernel=none",
              {{{m, k}, au.data()}, {{m, n}, results.back().data()}}));
  std::vector<float> cf(m * n), cfo(m * n);
  std::vector<int32_t> co(m * n);
  kernels.push_back(
      compile(context, source("f32", "f32", hexConstant(bf), "0.0"),
              "parallel=false", {{{m, k}, af.data()}, {{m, n}, cf.data()}}));

  dnnl::memory::desc aDesc({m, k}, dt::u8, tag::ab);
  dnnl::memory::desc bAny({k, n}, dt::s8, tag::any);
  dnnl::memory::desc cDesc({m, n}, dt::s32, tag::ab);
  dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(aDesc, bAny, cDesc),
                                  engine);
  dnnl::memory bUser({{k, n}, dt::s8, tag::ab}, engine, b8.data());
  dnnl::memory bPrim(pd.weights_desc(), engine);
  dnnl::reorder(bUser, bPrim).execute(stream, bUser, bPrim);
  dnnl::matmul mm8(pd);
  dnnl::memory am(aDesc, engine, au.data()), cm(cDesc, engine, co.data());
  dnnl::memory::desc fDesc({m, k}, dt::f32, tag::ab),
      fbAny({k, n}, dt::f32, tag::any), fcDesc({m, n}, dt::f32, tag::ab);
  dnnl::matmul::primitive_desc fpd(dnnl::matmul::desc(fDesc, fbAny, fcDesc),
                                   engine);
  dnnl::memory fbUser({{k, n}, dt::f32, tag::ab}, engine, bf.data());
  dnnl::memory fbPrim(fpd.weights_desc(), engine);
  dnnl::reorder(fbUser, fbPrim).execute(stream, fbUser, fbPrim);
  stream.wait();
  dnnl::matmul mmf(fpd);
  dnnl::memory fam(fDesc, engine, af.data()), fcm(fcDesc, engine, cfo.data());

  std::vector<std::function<void()>> runs;
  for (Kernel &kernel : kernels)
    runs.push_back([&kernel] { kernel.run(); });
  runs.push_back([&] {
    mm8.execute(
        stream,
        {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bPrim}, {DNNL_ARG_DST, cm}});
    stream.wait();
  });
  runs.push_back([&] {
    mmf.execute(
        stream,
        {{DNNL_ARG_SRC, fam}, {DNNL_ARG_WEIGHTS, fbPrim}, {DNNL_ARG_DST, fcm}});
    stream.wait();
  });
  std::vector<double> times = measure(runs);
  std::vector<double> gops;
  for (double t : times)
    gops.push_back(2.0 * m * n * k / t * 1e-9);
  bool exact = results.back() == exact8;
  for (auto [i, kind] : llvm::enumerate(table.kinds))
    exact &= results[i] == (kind == KernelKind::Avx2U8S7 ? exact7 : exact8);
  // oneDNN computed with u8 = s8 + 128: subtract 128 * column sums.
  int64_t wrong = 0;
  for (int64_t j = 0; j < n; ++j) {
    int64_t sum = 0;
    for (int64_t kk = 0; kk < k; ++kk)
      sum += b8[kk * n + j];
    for (int64_t i = 0; i < m; ++i)
      wrong += co[i * n + j] - 128 * sum != exact8[i * n + j];
  }
  std::string name = m == 1 ? "gemv " : "gemm ";
  table.row(name + std::to_string(m) + "x" + std::to_string(n) + "x" +
                std::to_string(k),
            gops, exact, double(wrong) / double(m * n));
}

/// NHWC convolution (groups = 1 or depthwise) with padding `pad`.
void conv(mlir::MLIRContext &context, const Table &table, dnnl::engine &engine,
          dnnl::stream &stream, const std::string &name, int64_t h, int64_t w,
          int64_t c, int64_t f, int64_t kSize, int64_t pad, bool depthwise) {
  int64_t oh = h + 2 * pad - kSize + 1, ow = w + 2 * pad - kSize + 1;
  int64_t hp = h + 2 * pad, wp = w + 2 * pad;
  auto x8 = randomInts<int8_t>(h * w * c, 3, -128, 127);
  int64_t wCount = depthwise ? kSize * kSize * c : kSize * kSize * c * f;
  auto w8 = randomInts<int8_t>(wCount, 4, -127, 127); // HWCF or HWC
  std::vector<int8_t> w7(w8.size());
  for (size_t i = 0; i < w8.size(); ++i)
    w7[i] = static_cast<int8_t>(std::clamp<int>(w8[i] / 2, -64, 63));
  std::vector<float> xf(x8.begin(), x8.end()), wf(w8.begin(), w8.end());
  std::vector<uint8_t> xu(x8.size());
  for (size_t i = 0; i < xu.size(); ++i)
    xu[i] = uint8_t(x8[i] + 128);
  // The exact convolution of the s8 input padded with -128 (u8 0).
  auto exactConv = [&](const std::vector<int8_t> &wt) {
    std::vector<int32_t> y(oh * ow * f, 0);
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox)
        for (int64_t ky = 0; ky < kSize; ++ky)
          for (int64_t kx = 0; kx < kSize; ++kx) {
            int64_t iy = oy + ky - pad, ix = ox + kx - pad;
            bool inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
            for (int64_t ch = 0; ch < c; ++ch) {
              int32_t xv = inside ? x8[(iy * w + ix) * c + ch] : -128;
              int64_t t = ky * kSize + kx;
              if (depthwise) {
                y[(oy * ow + ox) * f + ch] += xv * wt[t * c + ch];
                continue;
              }
              for (int64_t j = 0; j < f; ++j)
                y[(oy * ow + ox) * f + j] += xv * wt[(t * c + ch) * f + j];
            }
          }
    return y;
  };
  std::vector<int32_t> exact8 = exactConv(w8), exact7 = exactConv(w7);
  auto source = [&](const char *el, const char *acc, const std::string &wHex,
                    const char *zero) {
    std::string in = shape({1, h, w, c}, el),
                padded = shape({1, hp, wp, c}, el),
                out = shape({1, oh, ow, f}, acc);
    std::string filter = depthwise ? shape({kSize, kSize, c}, el)
                                   : shape({kSize, kSize, c, f}, el);
    std::string op = depthwise ? "linalg.depthwise_conv_2d_nhwc_hwc"
                               : "linalg.conv_2d_nhwc_hwcf";
    std::string p = std::to_string(pad);
    bool isInt = std::string(el) == "i8";
    // int8: u8 activations flipped to s8 as the int8 lowering does; the
    // padding is u8 0 (s8 -128), as oneDNN's.
    std::string flip =
        isInt ? "  %e0 = tensor.empty() : " + in +
                    "\n  %x = linalg.generic {indexing_maps = "
                    "[affine_map<(a, b, c, d) -> (a, b, c, d)>, "
                    "affine_map<(a, b, c, d) -> (a, b, c, d)>], "
                    "iterator_types = [\"parallel\", \"parallel\", "
                    "\"parallel\", \"parallel\"]} ins(%u : " +
                    in + ") outs(%e0 : " + in +
                    ") {\n  ^bb0(%in: i8, %out: i8):\n    %f = "
                    "arith.constant -128 : i8\n    %v = arith.xori %in, %f : "
                    "i8\n    linalg.yield %v : i8\n  } -> " +
                    in + "\n"
              : "";
    return "func.func @main(" + std::string(isInt ? "%u" : "%x") + ": " + in +
           ") -> " + out + " {\n" + flip + "  %w = arith.constant dense<" +
           wHex + "> : " + filter + "\n  %pz = arith.constant " +
           (isInt ? "-128" : "0.0") + " : " + el +
           "\n  %xp = tensor.pad %x low[0, " + p + ", " + p + ", 0] high[0, " +
           p + ", " + p +
           ", 0] {\n  ^bb0(%i0: index, %i1: "
           "index, %i2: index, %i3: index):\n    tensor.yield %pz : " +
           el + "\n  } : " + in + " to " + padded + "\n  %z = arith.constant " +
           zero + " : " + acc + "\n  %e = tensor.empty() : " + out +
           "\n  %i = linalg.fill ins(%z : " + acc + ") outs(%e : " + out +
           ") -> " + out + "\n  %y = " + op +
           " {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : "
           "tensor<2xi64>} ins(%xp, %w : " +
           padded + ", " + filter + ") outs(%i : " + out + ") -> " + out +
           "\n  return %y : " + out + "\n}\n";
  };
  std::string i8 = source("i8", "i32", hexConstant(w8), "0");
  std::string i7 = source("i8", "i32", hexConstant(w7), "0");
  std::vector<Kernel> kernels;
  std::vector<std::vector<int32_t>> results(table.kinds.size() + 1,
                                            std::vector<int32_t>(oh * ow * f));
  for (auto [i, kind] : llvm::enumerate(table.kinds))
    kernels.push_back(compile(
        context, kind == KernelKind::Avx2U8S7 ? i7 : i8,
        "parallel=false int8-kernel=" + optionFor(kind),
        {{{1, h, w, c}, xu.data()}, {{1, oh, ow, f}, results[i].data()}}));
  kernels.push_back(compile(
      context, i8, "parallel=false int8-kernel=none",
      {{{1, h, w, c}, xu.data()}, {{1, oh, ow, f}, results.back().data()}}));
  std::vector<float> yf(oh * ow * f), yfo(oh * ow * f);
  std::vector<int32_t> yo(oh * ow * f);
  kernels.push_back(compile(
      context, source("f32", "f32", hexConstant(wf), "0.0"), "parallel=false",
      {{{1, h, w, c}, xf.data()}, {{1, oh, ow, f}, yf.data()}}));

  // oneDNN: weights in the user layout (HWIO / HWIGO for depthwise).
  dnnl::memory::dims wDims = depthwise
                                 ? dnnl::memory::dims{c, 1, 1, kSize, kSize}
                                 : dnnl::memory::dims{f, c, kSize, kSize};
  tag wTag = depthwise ? tag::hwigo : tag::hwio;
  dnnl::memory::dims strides{1, 1}, pads{pad, pad};
  auto makeConv = [&](dt src, dt wei, dt dst, void *x, void *wData, void *y,
                      dnnl::memory &wPrim, dnnl::memory &xm, dnnl::memory &ym) {
    dnnl::memory::desc sd({1, c, h, w}, src, tag::nhwc);
    dnnl::memory::desc dd({1, f, oh, ow}, dst, tag::nhwc);
    dnnl::memory::desc wd(wDims, wei, tag::any);
    dnnl::convolution_forward::primitive_desc pd(
        dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference,
                                        dnnl::algorithm::convolution_direct, sd,
                                        wd, dd, strides, pads, pads),
        engine);
    dnnl::memory wUser({wDims, wei, wTag}, engine, wData);
    wPrim = dnnl::memory(pd.weights_desc(), engine);
    dnnl::reorder(wUser, wPrim).execute(stream, wUser, wPrim);
    stream.wait();
    xm = dnnl::memory(sd, engine, x);
    ym = dnnl::memory(dd, engine, y);
    return dnnl::convolution_forward(pd);
  };
  dnnl::memory w8Prim, x8m, y8m, wfPrim, xfm, yfm;
  auto conv8 = makeConv(dt::u8, dt::s8, dt::s32, xu.data(), w8.data(),
                        yo.data(), w8Prim, x8m, y8m);
  auto convf = makeConv(dt::f32, dt::f32, dt::f32, xf.data(), wf.data(),
                        yfo.data(), wfPrim, xfm, yfm);
  std::vector<std::function<void()>> runs;
  for (Kernel &kernel : kernels)
    runs.push_back([&kernel] { kernel.run(); });
  runs.push_back([&] {
    conv8.execute(
        stream,
        {{DNNL_ARG_SRC, x8m}, {DNNL_ARG_WEIGHTS, w8Prim}, {DNNL_ARG_DST, y8m}});
    stream.wait();
  });
  runs.push_back([&] {
    convf.execute(
        stream,
        {{DNNL_ARG_SRC, xfm}, {DNNL_ARG_WEIGHTS, wfPrim}, {DNNL_ARG_DST, yfm}});
    stream.wait();
  });
  std::vector<double> times = measure(runs);
  double ops = 2.0 * oh * ow * f * (depthwise ? 1 : c) * kSize * kSize;
  std::vector<double> gops;
  for (double t : times)
    gops.push_back(ops / t * 1e-9);
  bool exact = results.back() == exact8;
  for (auto [i, kind] : llvm::enumerate(table.kinds))
    exact &= results[i] == (kind == KernelKind::Avx2U8S7 ? exact7 : exact8);
  // oneDNN computes with u8 = s8 + 128 (its padding is u8 0): its result is
  // the exact one + 128 * (sum of the filter's weights) at every pixel.
  int64_t wrong = 0;
  for (int64_t j = 0; j < f; ++j) {
    int64_t sum = 0;
    for (int64_t t = 0; t < kSize * kSize; ++t)
      if (depthwise)
        sum += w8[t * c + j];
      else
        for (int64_t ch = 0; ch < c; ++ch)
          sum += w8[(t * c + ch) * f + j];
    for (int64_t p = 0; p < oh * ow; ++p)
      wrong += yo[p * f + j] - 128 * sum != exact8[p * f + j];
  }
  table.row(name, gops, exact, double(wrong) / double(oh * ow * f));
}

/// The peak loop of `kind`: 12 (ymm) or 24 (zmm) independent chains of its
/// dot-product step on registers, each step reading its chain's
/// accumulator (nothing is loop-invariant), no memory traffic. GOP/s.
double peakLoop(mlir::MLIRContext &context, KernelKind kind) {
  const int64_t iterations = 1 << 19;
  bool zmm = kind == KernelKind::Avx512Vnni;
  int64_t lanes = zmm ? 16 : 8, chains = zmm ? 24 : 12;
  bool isFloat = kind == KernelKind::F32Fma;
  std::string acc =
      "vector<" + std::to_string(lanes) + (isFloat ? "xf32>" : "xi32>");
  std::string bytes = "vector<" + std::to_string(lanes * 4) + "xi8>";
  std::string halves = "vector<" + std::to_string(lanes * 2) + "xi16>";
  auto symbolOf = [](std::string name) {
    std::replace(name.begin(), name.end(), '.', '_');
    return "__qmlir_" + name;
  };
  auto decl = [&](const std::string &name, const std::string &args,
                  const std::string &result) {
    return "func.func private @" + symbolOf(name) + "(" + args + ") -> " +
           result + " attributes {qmlir.intrinsic = \"" + name + "\"}\n";
  };
  std::string vnni =
      zmm ? "llvm.x86.avx512.vpdpbusd.512" : "llvm.x86.avx512.vpdpbusd.256";
  std::string decls;
  if (kind == KernelKind::Avx512Vnni || kind == KernelKind::AvxVnni)
    decls = decl(vnni, acc + ", " + bytes + ", " + bytes, acc);
  if (kind == KernelKind::Avx2U8S7)
    decls = decl("llvm.x86.avx2.pmadd.ub.sw", bytes + ", " + bytes, halves);
  if (kind == KernelKind::Avx2U8S7 || kind == KernelKind::Avx2I16)
    decls += decl("llvm.x86.avx2.pmadd.wd", halves + ", " + halves, acc);
  // Chain i's step: %d<i> from its accumulator %a<i>; %b (bytes), %h
  // (halves), %f (floats) and %ones are loop invariants.
  auto step = [&](const std::string &i) -> std::string {
    std::string a = "%a" + i, d = "%d" + i, p = "%p" + i, s = "%s" + i;
    switch (kind) {
    case KernelKind::Avx512Vnni:
    case KernelKind::AvxVnni:
      return "    " + d + " = func.call @" + symbolOf(vnni) + "(" + a +
             ", %b, %b) : (" + acc + ", " + bytes + ", " + bytes + ") -> " +
             acc + "\n";
    case KernelKind::Avx2U8S7:
      // The chain's accumulator is also an operand, so that no product is
      // loop-invariant.
      return "    %x" + i + " = vector.bitcast " + a + " : " + acc + " to " +
             bytes + "\n    " + p +
             " = func.call @__qmlir_llvm_x86_avx2_pmadd_ub_sw(%x" + i +
             ", %b) : (" + bytes + ", " + bytes + ") -> " + halves + "\n    " +
             s + " = func.call @__qmlir_llvm_x86_avx2_pmadd_wd(" + p +
             ", %ones) : (" + halves + ", " + halves + ") -> " + acc +
             "\n    " + d + " = arith.addi " + a + ", " + s + " : " + acc +
             "\n";
    case KernelKind::Avx2I16:
      return "    %x" + i + " = vector.bitcast " + a + " : " + acc + " to " +
             halves + "\n    " + s +
             " = func.call @__qmlir_llvm_x86_avx2_pmadd_wd(%x" + i +
             ", %h) : (" + halves + ", " + halves + ") -> " + acc + "\n    " +
             d + " = arith.addi " + a + ", " + s + " : " + acc + "\n";
    case KernelKind::F32Fma:
      return "    " + d + " = vector.fma %f, %f, " + a + " : " + acc + "\n";
    case KernelKind::NeonDot:
    case KernelKind::NeonI8mm:
    case KernelKind::NeonFma:
    case KernelKind::None:
      // AArch64 kinds have no peak loop on an x86 host.
      break;
    }
    return "";
  };
  std::string iterArgs, types, yields, body;
  for (int64_t i = 0; i < chains; ++i) {
    std::string s = std::to_string(i);
    iterArgs += (i ? ", " : "") + std::string("%a") + s + " = %init";
    types += (i ? ", " : "") + acc;
    body += step(s);
    yields += (i ? ", " : "") + std::string("%d") + s;
  }
  std::string element = isFloat ? "f32" : "i32";
  std::string source =
      decls + "func.func @main(%x: tensor<" + std::to_string(lanes) + "x" +
      element + ">) -> tensor<" + std::to_string(lanes) + "x" + element +
      "> {\n  %c0 = arith.constant 0 : index\n  %c1 = arith.constant 1 : "
      "index\n  %n = arith.constant " +
      std::to_string(iterations) + " : index\n  %z = arith.constant 0" +
      (isFloat ? ".0" : "") + " : " + element +
      "\n  %init = vector.transfer_read %x[%c0], %z : tensor<" +
      std::to_string(lanes) + "x" + element + ">, " + acc + "\n" +
      (isFloat
           ? "  %f = arith.addf %init, %init : " + acc + "\n"
           : "  %b = vector.bitcast %init : " + acc + " to " + bytes +
                 "\n  %h = vector.bitcast %init : " + acc + " to " + halves +
                 "\n  %ones = arith.constant dense<1> : " + halves + "\n") +
      "  %r:" + std::to_string(chains) +
      " = scf.for %i = %c0 to %n step %c1 iter_args(" + iterArgs + ") -> (" +
      types + ") {\n" + body + "    scf.yield " + yields + " : " + types +
      "\n  }\n";
  std::string sum = "%r#0";
  for (int64_t i = 1; i < chains; ++i) {
    source += "  %t" + std::to_string(i) + " = arith.add" +
              (isFloat ? "f " : "i ") + sum + ", %r#" + std::to_string(i) +
              " : " + acc + "\n";
    sum = "%t" + std::to_string(i);
  }
  source += "  %e = tensor.empty() : tensor<" + std::to_string(lanes) + "x" +
            element + ">\n  %w = vector.transfer_write " + sum +
            ", %e[%c0] : " + acc + ", tensor<" + std::to_string(lanes) + "x" +
            element + ">\n  return %w : tensor<" + std::to_string(lanes) + "x" +
            element + ">\n}\n";
  std::vector<int32_t> in(lanes, 1), out(lanes);
  Kernel peak = compile(context, source, "parallel=false",
                        {{{lanes}, in.data()}, {{lanes}, out.data()}});
  int64_t perStep =
      isFloat ? lanes : lanes * (kind == KernelKind::Avx2I16 ? 2 : 4);
  double t = measure({[&] { peak.run(); }})[0];
  return 2.0 * perStep * chains * iterations / t * 1e-9;
}

} // namespace

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  qmlir::registerAllPasses();
  cl::ParseCommandLineOptions(
      argc, argv, "qmlir int8 kernels against oneDNN, one thread\n");
  // AMX tiles need the kernel's permission once per process (oneDNN uses
  // AMX only when it is granted).
  qmlir_rt_request_amx_permission();
  if (onednnIsa == "vnni")
    dnnl::set_max_cpu_isa(dnnl::cpu_isa::avx512_core_vnni);
  else if (onednnIsa != "default") {
    llvm::errs() << "qmlir-bench-int8: --onednn-isa is default or vnni\n";
    return 1;
  }
  if (auto setThreads = reinterpret_cast<void (*)(int)>(
          dlsym(RTLD_DEFAULT, "omp_set_num_threads")))
    setThreads(1);

  llvm::Expected<qmlir::TargetDescription> target =
      qmlir::resolveTarget("host");
  if (!target) {
    llvm::errs() << "qmlir-bench-int8: " << llvm::toString(target.takeError())
                 << "\n";
    return 1;
  }
  Table table;
  table.kinds = nativeKinds(*target);
  if (table.kinds.empty()) {
    llvm::errs() << "qmlir-bench-int8: this CPU (" << target->cpu
                 << ") has no AVX2: no int8 kernel runs natively; nothing "
                    "to measure\n";
    return 0;
  }

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  qmlir::registerAllDialects(registry);
  qmlir::initializeJit(registry);
  mlir::MLIRContext context(registry);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);

  llvm::outs() << "qmlir int8 vs oneDNN " << DNNL_VERSION_MAJOR << "."
               << DNNL_VERSION_MINOR << " (isa: " << onednnIsa << "), CPU "
               << target->cpu << ", one thread, median of " << rounds
               << " alternating rounds\n";
  for (KernelKind kind :
       {KernelKind::Avx512Vnni, KernelKind::AvxVnni, KernelKind::Avx2U8S7,
        KernelKind::Avx2I16, KernelKind::F32Fma}) {
    if (!target->supports(kind)) {
      llvm::outs() << "peak loop " << qmlir::stringifyKernelKind(kind)
                   << ": skipped, this CPU lacks "
                   << llvm::join(
                          qmlir::TargetDescription::requiredFeatures(kind),
                          ", ")
                   << " (its kernels are tested under emulation)\n";
      continue;
    }
    double peak = peakLoop(context, kind);
    table.peaks[kind] = peak;
    llvm::outs() << llvm::format("peak loop %-12s %7.1f GOP/s\n",
                                 qmlir::stringifyKernelKind(kind).str().c_str(),
                                 peak);
  }
  llvm::outs() << "q-<kind>: qmlir's kernel of that kind (avx2-u8s7 on the "
                  "same weights halved to 7 bits); q-i8-up: upstream "
                  "vectorization; best: the fastest qmlir kind, compared "
                  "with oneDNN int8, its peak loop and qmlir f32; exact: "
                  "every qmlir int8 result equals the exact product; "
                  "dnnl-ok: oneDNN int8 outputs equal to it\n";
  table.header();
  for (int64_t n : {64, 128, 256, 512, 1024})
    gemm(context, table, engine, stream, n, n, n);
  gemm(context, table, engine, stream, 1, 1024, 1024);
  conv(context, table, engine, stream, "conv 3x3 64->64 56x56", 56, 56, 64, 64,
       3, 1, false);
  conv(context, table, engine, stream, "conv 1x1 256->64 56x56", 56, 56, 256,
       64, 1, 0, false);
  conv(context, table, engine, stream, "depthwise 3x3 128 28x28", 28, 28, 128,
       128, 3, 1, true);
  return 0;
}
