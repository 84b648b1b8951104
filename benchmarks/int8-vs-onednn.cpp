//===- int8-vs-onednn.cpp - qmlir int8 codegen against oneDNN -------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// int8 kernels compiled by qmlir's codegen pipeline (the VNNI kernels of
// qmlir-vnni-matmul, and upstream vectorization with int8-kernel=none), the
// same shapes in f32 through qmlir, and oneDNN int8 (u8 x s8 -> s32) and
// f32, side by side in one process on one thread, in alternating rounds;
// the figure is the median round. Also a VNNI peak loop (16 independent
// vpdpbusd chains). Prints GOP/s (2 x multiply-adds per second) and ratios.
//
//   taskset -c 0 build/bin/qmlir-bench-int8 [--onednn-isa=vnni]
//
// --onednn-isa=vnni caps oneDNN at AVX-512 VNNI (no AMX), for the
// comparison with the VNNI kernels; by default oneDNN uses AMX where the CPU
// has it.
//
//===----------------------------------------------------------------------===//

#include "BenchmarkSupport.h"
#include "qmlir-c/Runtime.h"
#include "qmlir/Execution/Jit.h"
#include "qmlir/InitAll.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <dlfcn.h>
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
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

/// Times the candidates in alternating rounds; returns median GOP/s each.
std::vector<double> measure(double ops,
                            std::vector<std::function<void()>> candidates) {
  for (int i = 0; i < 2; ++i)
    for (auto &run : candidates)
      run();
  std::vector<std::vector<double>> times(candidates.size());
  for (unsigned r = 0; r < rounds; ++r)
    for (size_t i = 0; i < candidates.size(); ++i)
      times[i].push_back(seconds(candidates[i]));
  std::vector<double> result;
  for (auto &t : times)
    result.push_back(ops / median(t) * 1e-9);
  return result;
}

void printHeader() {
  llvm::outs() << llvm::format(
      "%-30s %9s %9s %9s %9s %9s %8s %8s %7s\n", "GOP/s", "q-int8", "q-i8-up",
      "q-fp32", "dnnl-i8", "dnnl-f32", "q8/dnn8", "q8/qf32", "exact");
}

void printRow(const std::string &name, const std::vector<double> &g,
              bool exact) {
  llvm::outs() << llvm::format(
      "%-30s %9.1f %9.1f %9.1f %9.1f %9.1f %7.2fx %7.2fx %7s\n", name.c_str(),
      g[0], g[1], g[2], g[3], g[4], g[0] / g[3], g[0] / g[2],
      exact ? "yes" : "NO");
}

/// A [M, K] x [K, N] product.
void gemm(mlir::MLIRContext &context, dnnl::engine &engine,
          dnnl::stream &stream, int64_t m, int64_t n, int64_t k) {
  auto a8 = randomInts<int8_t>(m * k, 1, -128, 127);
  auto b8 = randomInts<int8_t>(k * n, 2, -127, 127);
  std::vector<float> af(a8.begin(), a8.end()), bf(b8.begin(), b8.end());
  std::vector<int32_t> cq(m * n), cu(m * n), co(m * n);
  std::vector<float> cf(m * n), cfo(m * n);
  std::vector<uint8_t> au(m * k);
  for (size_t i = 0; i < au.size(); ++i)
    au[i] = uint8_t(a8[i] + 128);
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
  Kernel vnni = compile(context, i8, "int8-kernel=vnni",
                        {{{m, k}, au.data()}, {{m, n}, cq.data()}});
  Kernel upstream = compile(context, i8, "int8-kernel=none",
                            {{{m, k}, au.data()}, {{m, n}, cu.data()}});
  Kernel f32 = compile(context, source("f32", "f32", hexConstant(bf), "0.0"),
                       "", {{{m, k}, af.data()}, {{m, n}, cf.data()}});

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

  auto g =
      measure(2.0 * m * n * k,
              {[&] { vnni.run(); }, [&] { upstream.run(); }, [&] { f32.run(); },
               [&] {
                 mm8.execute(stream, {{DNNL_ARG_SRC, am},
                                      {DNNL_ARG_WEIGHTS, bPrim},
                                      {DNNL_ARG_DST, cm}});
                 stream.wait();
               },
               [&] {
                 mmf.execute(stream, {{DNNL_ARG_SRC, fam},
                                      {DNNL_ARG_WEIGHTS, fbPrim},
                                      {DNNL_ARG_DST, fcm}});
                 stream.wait();
               }});
  // oneDNN computed with u8 = s8 + 128: subtract 128 * column sums.
  bool exact = cq == cu;
  for (int64_t j = 0; j < n && exact; ++j) {
    int64_t sum = 0;
    for (int64_t kk = 0; kk < k; ++kk)
      sum += b8[kk * n + j];
    for (int64_t i = 0; i < m && exact; ++i)
      exact = co[i * n + j] - 128 * sum == cq[i * n + j];
  }
  printRow("gemm " + std::to_string(m) + "x" + std::to_string(n) + "x" +
               std::to_string(k),
           g, exact);
}

/// NHWC convolution (groups = 1 or depthwise) with padding `pad`.
void conv(mlir::MLIRContext &context, dnnl::engine &engine,
          dnnl::stream &stream, const std::string &name, int64_t h, int64_t w,
          int64_t c, int64_t f, int64_t kSize, int64_t pad, bool depthwise) {
  int64_t oh = h + 2 * pad - kSize + 1, ow = w + 2 * pad - kSize + 1;
  int64_t hp = h + 2 * pad, wp = w + 2 * pad;
  auto x8 = randomInts<int8_t>(h * w * c, 3, -128, 127);
  int64_t wCount = depthwise ? kSize * kSize * c : kSize * kSize * c * f;
  auto w8 = randomInts<int8_t>(wCount, 4, -127, 127); // HWCF or HWC
  std::vector<float> xf(x8.begin(), x8.end()), wf(w8.begin(), w8.end());
  std::vector<int32_t> yq(oh * ow * f), yu(oh * ow * f), yo(oh * ow * f);
  std::vector<float> yf(oh * ow * f), yfo(oh * ow * f);
  std::vector<uint8_t> xu(x8.size());
  for (size_t i = 0; i < xu.size(); ++i)
    xu[i] = uint8_t(x8[i] + 128);
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
  Kernel vnni =
      compile(context, i8, "int8-kernel=vnni",
              {{{1, h, w, c}, xu.data()}, {{1, oh, ow, f}, yq.data()}});
  Kernel upstream =
      compile(context, i8, "int8-kernel=none",
              {{{1, h, w, c}, xu.data()}, {{1, oh, ow, f}, yu.data()}});
  Kernel f32 =
      compile(context, source("f32", "f32", hexConstant(wf), "0.0"), "",
              {{{1, h, w, c}, xf.data()}, {{1, oh, ow, f}, yf.data()}});

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
  double ops = 2.0 * oh * ow * f * (depthwise ? 1 : c) * kSize * kSize;
  auto g = measure(ops, {[&] { vnni.run(); }, [&] { upstream.run(); },
                         [&] { f32.run(); },
                         [&] {
                           conv8.execute(stream, {{DNNL_ARG_SRC, x8m},
                                                  {DNNL_ARG_WEIGHTS, w8Prim},
                                                  {DNNL_ARG_DST, y8m}});
                           stream.wait();
                         },
                         [&] {
                           convf.execute(stream, {{DNNL_ARG_SRC, xfm},
                                                  {DNNL_ARG_WEIGHTS, wfPrim},
                                                  {DNNL_ARG_DST, yfm}});
                           stream.wait();
                         }});
  // qmlir computes with s8 = u8 - 128 (padding included), oneDNN with u8:
  // qmlir = oneDNN - 128 * (sum of the filter's weights) at every pixel.
  bool exact = yq == yu;
  for (int64_t j = 0; j < f && exact; ++j) {
    int64_t sum = 0;
    for (int64_t t = 0; t < kSize * kSize; ++t)
      if (depthwise)
        sum += w8[t * c + j];
      else
        for (int64_t ch = 0; ch < c; ++ch)
          sum += w8[(t * c + ch) * f + j];
    for (int64_t p = 0; p < oh * ow && exact; ++p)
      exact = yo[p * f + j] - 128 * sum == yq[p * f + j];
  }
  printRow(name, g, exact);
}

/// 16 independent vpdpbusd chains: the VNNI throughput of one core.
double vnniPeak(mlir::MLIRContext &context) {
  const int64_t iterations = 1 << 20;
  std::string accs, yields, adds, callLines;
  std::string source =
      "func.func private @__qmlir_llvm_x86_avx512_vpdpbusd_512(vector<16xi32>,"
      " vector<64xi8>, vector<64xi8>) -> vector<16xi32> attributes "
      "{qmlir.intrinsic = \"llvm.x86.avx512.vpdpbusd.512\"}\n"
      "func.func @main(%x: tensor<16xi32>) -> tensor<16xi32> {\n"
      "  %c0 = arith.constant 0 : index\n  %c1 = arith.constant 1 : index\n"
      "  %n = arith.constant " +
      std::to_string(iterations) +
      " : index\n  %z = arith.constant 0 : i32\n"
      "  %v = vector.transfer_read %x[%c0], %z : tensor<16xi32>, "
      "vector<16xi32>\n  %b = vector.bitcast %v : vector<16xi32> to "
      "vector<64xi8>\n";
  std::string iterArgs, initArgs, types;
  for (int i = 0; i < 16; ++i) {
    iterArgs +=
        (i ? ", " : "") + std::string("%a") + std::to_string(i) + " = %v";
    types += (i ? ", " : "") + std::string("vector<16xi32>");
  }
  source += "  %r:16 = scf.for %i = %c0 to %n step %c1 iter_args(" + iterArgs +
            ") -> (" + types + ") {\n";
  std::string results;
  for (int i = 0; i < 16; ++i) {
    source += "    %d" + std::to_string(i) +
              " = func.call @__qmlir_llvm_x86_avx512_vpdpbusd_512(%a" +
              std::to_string(i) +
              ", %b, %b) : (vector<16xi32>, "
              "vector<64xi8>, vector<64xi8>) -> vector<16xi32>\n";
    results += (i ? ", " : "") + std::string("%d") + std::to_string(i);
  }
  source += "    scf.yield " + results + " : " + types + "\n  }\n";
  std::string sum = "%r#0";
  for (int i = 1; i < 16; ++i) {
    source += "  %s" + std::to_string(i) + " = arith.addi " + sum + ", %r#" +
              std::to_string(i) + " : vector<16xi32>\n";
    sum = "%s" + std::to_string(i);
  }
  source += "  %e = tensor.empty() : tensor<16xi32>\n  %w = "
            "vector.transfer_write " +
            sum +
            ", %e[%c0] : vector<16xi32>, tensor<16xi32>\n  return %w : "
            "tensor<16xi32>\n}\n";
  std::vector<int32_t> in(16, 1), out(16);
  Kernel peak =
      compile(context, source, "", {{{16}, in.data()}, {{16}, out.data()}});
  auto g = measure(2.0 * 64 * 16 * iterations, {[&] { peak.run(); }});
  return g[0];
}

} // namespace

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  qmlir::registerAllPasses();
  cl::ParseCommandLineOptions(
      argc, argv, "qmlir int8 codegen against oneDNN, one thread\n");
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

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  qmlir::registerAllDialects(registry);
  qmlir::initializeJit(registry);
  mlir::MLIRContext context(registry);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);

  llvm::outs() << "qmlir int8 vs oneDNN " << DNNL_VERSION_MAJOR << "."
               << DNNL_VERSION_MINOR << " (isa: " << onednnIsa
               << "), one thread, median of " << rounds
               << " alternating rounds\n"
               << "q-int8: qmlir VNNI kernels; q-i8-up: qmlir upstream "
                  "vectorization (int8-kernel=none); q-fp32: qmlir f32; "
                  "exact: the two qmlir int8 results and oneDNN's agree "
                  "(inputs are u8, flipped to s8 as the int8 lowering "
                  "does)\n";
  double peak = vnniPeak(context);
  llvm::outs() << llvm::format("VNNI peak loop (16 vpdpbusd chains): %.1f "
                               "GOP/s\n",
                               peak);
  printHeader();
  for (int64_t n : {64, 128, 256, 512, 1024})
    gemm(context, engine, stream, n, n, n);
  gemm(context, engine, stream, 1, 1024, 1024);
  conv(context, engine, stream, "conv 3x3 64->64 56x56", 56, 56, 64, 64, 3, 1,
       false);
  conv(context, engine, stream, "conv 1x1 256->64 56x56", 56, 56, 256, 64, 1, 0,
       false);
  conv(context, engine, stream, "depthwise 3x3 128 28x28", 28, 28, 128, 128, 3,
       1, true);
  return 0;
}
