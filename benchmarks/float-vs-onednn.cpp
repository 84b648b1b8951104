//===- float-vs-onednn.cpp - qmlir fp32 codegen against oneDNN ------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Runs fp32 kernels compiled by qmlir's codegen pipeline and the same kernels
// in oneDNN, side by side in one process on one thread, and prints the
// throughput of both and their ratio:
//
//   matmul 512x512x512            (A and B are run-time inputs for both)
//   conv 3x3, 64->64, 56x56, pad 1 (NHWC input; weights constant for qmlir,
//                                   pre-reordered once for oneDNN)
//
// Run it pinned to one core: `taskset -c 0 build/bin/qmlir-bench-float`.
// Rounds alternate between the two implementations so that machine noise
// affects both alike; the reported figure is the median round.
//
//===----------------------------------------------------------------------===//

#include "BenchmarkSupport.h"
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
                                cl::init(30));
static cl::opt<std::string>
    pipelineOptions("pipeline-options",
                    cl::desc("Options of qmlir-codegen-pipeline"),
                    cl::init(""));

namespace {

using qmlir::bench::hexConstant;
using qmlir::bench::Kernel;
using qmlir::bench::median;
using qmlir::bench::seconds;

std::vector<float> randomData(size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> data(count);
  for (float &v : data)
    v = dist(rng);
  return data;
}

/// Warms both up, then times them in alternating rounds and prints the
/// median throughputs and their ratio.
void compare(const char *name, double flops, Kernel &kernel,
             const std::function<void()> &runOnednn) {
  for (int i = 0; i < 3; ++i) {
    kernel.run();
    runOnednn();
  }
  std::vector<double> qmlirTimes, onednnTimes;
  for (unsigned i = 0; i < rounds; ++i) {
    qmlirTimes.push_back(seconds([&] { kernel.run(); }));
    onednnTimes.push_back(seconds(runOnednn));
  }
  double q = flops / median(qmlirTimes) * 1e-9;
  double o = flops / median(onednnTimes) * 1e-9;
  llvm::outs() << llvm::format("%-34s qmlir %7.1f GFLOP/s   oneDNN %7.1f "
                               "GFLOP/s   ratio %.2f",
                               name, q, o, q / o);
}

/// Ends a comparison line with the largest difference of the two results.
void reportError(double maxError) {
  llvm::outs() << llvm::format("   (max |diff| %.2g)\n", maxError);
}

double maxDiff(const std::vector<float> &a, const std::vector<float> &b) {
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i)
    worst = std::max(worst, double(std::abs(a[i] - b[i])));
  return worst;
}

} // namespace

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  qmlir::registerAllPasses();
  cl::ParseCommandLineOptions(
      argc, argv, "qmlir fp32 codegen against oneDNN, one thread\n");
  // oneDNN's OpenMP runtime: one thread, like the qmlir code.
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
  using tag = dnnl::memory::format_tag;
  using dt = dnnl::memory::data_type;

  llvm::outs() << "qmlir fp32 vs oneDNN " << DNNL_VERSION_MAJOR << "."
               << DNNL_VERSION_MINOR << " fp32, one thread, median of "
               << rounds << " alternating rounds\n";

  // --- matmul 512^3 -------------------------------------------------------
  {
    const int64_t n = 512;
    std::vector<float> a = randomData(n * n, 1), b = randomData(n * n, 2);
    std::vector<float> cq(n * n), co(n * n);
    std::string source =
        "func.func @main(%a: tensor<1x512x512xf32>, %b: tensor<1x512x512xf32>)"
        " -> tensor<1x512x512xf32> {\n"
        "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : ()"
        " -> tensor<1xf32>\n"
        "  %c = tosa.matmul %a, %b, %zp, %zp : (tensor<1x512x512xf32>, "
        "tensor<1x512x512xf32>, tensor<1xf32>, tensor<1xf32>) -> "
        "tensor<1x512x512xf32>\n"
        "  return %c : tensor<1x512x512xf32>\n}\n";
    Kernel kernel = qmlir::bench::compile(
        context, source, pipelineOptions,
        {{{1, n, n}, a.data()}, {{1, n, n}, b.data()}, {{1, n, n}, cq.data()}});

    dnnl::memory::desc md({n, n}, dt::f32, tag::ab);
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(md, md, md), engine);
    dnnl::matmul matmul(pd);
    dnnl::memory am(md, engine, a.data()), bm(md, engine, b.data()),
        cm(md, engine, co.data());
    auto runOnednn = [&] {
      matmul.execute(
          stream,
          {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
      stream.wait();
    };

    compare("matmul 512x512x512", 2.0 * n * n * n, kernel, runOnednn);
    reportError(maxDiff(cq, co));
  }

  // --- conv 3x3 64->64 on 56x56, pad 1, NHWC ------------------------------
  {
    const int64_t h = 56, w = 56, c = 64, f = 64, k = 3;
    std::vector<float> x = randomData(h * w * c, 3);
    std::vector<float> weights = randomData(f * k * k * c, 4); // OHWI
    std::vector<float> bias = randomData(f, 5);
    std::vector<float> yq(h * w * f), yo(h * w * f);
    std::string source =
        "func.func @main(%x: tensor<1x56x56x64xf32>) -> "
        "tensor<1x56x56x64xf32> {\n"
        "  %w = \"tosa.const\"() <{values = dense<" +
        hexConstant(weights) +
        "> : tensor<64x3x3x64xf32>}> : () -> tensor<64x3x3x64xf32>\n"
        "  %b = \"tosa.const\"() <{values = dense<" +
        hexConstant(bias) +
        "> : tensor<64xf32>}> : () -> tensor<64xf32>\n"
        "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : ()"
        " -> tensor<1xf32>\n"
        "  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = "
        "array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = "
        "array<i64: 1, 1>} : (tensor<1x56x56x64xf32>, tensor<64x3x3x64xf32>, "
        "tensor<64xf32>, tensor<1xf32>, tensor<1xf32>) -> "
        "tensor<1x56x56x64xf32>\n"
        "  return %y : tensor<1x56x56x64xf32>\n}\n";
    Kernel kernel = qmlir::bench::compile(
        context, source, pipelineOptions,
        {{{1, h, w, c}, x.data()}, {{1, h, w, f}, yq.data()}});

    dnnl::memory::desc src({1, c, h, w}, dt::f32, tag::nhwc);
    dnnl::memory::desc dst({1, f, h, w}, dt::f32, tag::nhwc);
    dnnl::memory::desc wAny({f, c, k, k}, dt::f32, tag::any);
    dnnl::memory::desc bmd({f}, dt::f32, tag::a);
    dnnl::convolution_forward::primitive_desc pd(
        dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference,
                                        dnnl::algorithm::convolution_direct,
                                        src, wAny, bmd, dst, {1, 1}, {1, 1},
                                        {1, 1}),
        engine);
    dnnl::memory wUser({{f, c, k, k}, dt::f32, tag::ohwi}, engine,
                       weights.data());
    dnnl::memory wPrim(pd.weights_desc(), engine);
    dnnl::reorder(wUser, wPrim).execute(stream, wUser, wPrim);
    stream.wait();
    dnnl::convolution_forward conv(pd);
    dnnl::memory xm(src, engine, x.data()), bm(bmd, engine, bias.data()),
        ym(dst, engine, yo.data());
    auto runOnednn = [&] {
      conv.execute(stream, {{DNNL_ARG_SRC, xm},
                            {DNNL_ARG_WEIGHTS, wPrim},
                            {DNNL_ARG_BIAS, bm},
                            {DNNL_ARG_DST, ym}});
      stream.wait();
    };

    compare("conv 3x3 64->64 56x56 pad 1", 2.0 * h * w * f * c * k * k, kernel,
            runOnednn);
    reportError(maxDiff(yq, yo));
  }
  return 0;
}
