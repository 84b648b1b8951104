//===- ReferenceTest.cpp - The reference interpreter on golden values -----===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Each case is small enough to compute by hand from the op's formula; the
// comments give the arithmetic.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/IR/QNTOps.h"
#include "qmlir/Reference/Interpreter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using qmlir::reference::Tensor;

namespace {

class ReferenceTest : public ::testing::Test {
protected:
  ReferenceTest() {
    registry.insert<func::FuncDialect, arith::ArithDialect,
                    tensor::TensorDialect, tosa::TosaDialect,
                    quant::QuantDialect, qmlir::qnt::QNTDialect>();
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// Runs @main of `source`; the diagnostics go to `errors`.
  FailureOr<std::vector<Tensor>> run(StringRef source,
                                     std::vector<Tensor> inputs) {
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
      errors += d.str();
      return success();
    });
    module = parseSourceString<ModuleOp>(source, &context);
    if (!module)
      return failure();
    auto func = module->lookupSymbol<func::FuncOp>("main");
    return qmlir::reference::run(func, inputs);
  }

  DialectRegistry registry;
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  std::string errors;
};

TEST_F(ReferenceTest, Conv2DRequantizes) {
  // acc = (2-2)*1 + (4-2)*(-1) + (6-2)*2 + (8-2)*0 = 6;
  // M = 0.5 * 0.25 / 0.25 = 0.5: applyScale(6) = 3; y = 3 + 10 = 13.
  auto out = run(R"mlir(
    func.func @main(%x: tensor<1x2x2x1x!quant.uniform<u8:f32, 0.5:2>>)
        -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.25:10>> {
      %c = arith.constant dense<[[[[1], [-1]], [[2], [0]]]]> : tensor<1x2x2x1xi8>
      %w = quant.scast %c : tensor<1x2x2x1xi8> to tensor<1x2x2x1x!quant.uniform<i8:f32, 0.25>>
      %y = qnt.conv2d %x, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1]
          : (tensor<1x2x2x1x!quant.uniform<u8:f32, 0.5:2>>, tensor<1x2x2x1x!quant.uniform<i8:f32, 0.25>>)
          -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.25:10>>
      return %y : tensor<1x1x1x1x!quant.uniform<u8:f32, 0.25:10>>
    })mlir",
                 {{{1, 2, 2, 1}, {2, 4, 6, 8}}});
  ASSERT_TRUE(succeeded(out)) << errors;
  EXPECT_EQ((*out)[0].values, std::vector<double>{13});
}

TEST_F(ReferenceTest, Conv2DPadsWithTheZeroPointAndClamps) {
  // 1x1 input 5 (zero point 5: real 0) padded by 1: every output is
  // bias 7 * M (0.1 * 1 / 0.1 = 1) = 7, + zero point 0, clamped to [0, 6].
  auto out = run(R"mlir(
    func.func @main(%x: tensor<1x1x1x1x!quant.uniform<u8:f32, 0.1:5>>)
        -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.1>> {
      %c = arith.constant dense<3> : tensor<1x3x3x1xi8>
      %w = quant.scast %c : tensor<1x3x3x1xi8> to tensor<1x3x3x1x!quant.uniform<i8:f32, 1.0>>
      %bc = arith.constant dense<7> : tensor<1xi32>
      %b = quant.scast %bc : tensor<1xi32> to tensor<1x!quant.uniform<i32:f32, 0.1>>
      %y = qnt.conv2d %x, %w, %b pad = [1, 1, 1, 1] stride = [1, 1] dilation = [1, 1] clamp = [0, 6]
          : (tensor<1x1x1x1x!quant.uniform<u8:f32, 0.1:5>>, tensor<1x3x3x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x!quant.uniform<i32:f32, 0.1>>)
          -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.1>>
      return %y : tensor<1x1x1x1x!quant.uniform<u8:f32, 0.1>>
    })mlir",
                 {{{1, 1, 1, 1}, {5}}});
  ASSERT_TRUE(succeeded(out)) << errors;
  EXPECT_EQ((*out)[0].values, std::vector<double>{6});
}

TEST_F(ReferenceTest, AddAndMul) {
  // add: m = 0.2; a' = 10 * 2^20 * 0.5, b' = 20 * 2^20 * 0.5;
  // (a' + b') * 0.2 / (2^20 * 0.1) = 30.
  // mul: (4 * 6) * 0.5 * 0.5 / 1.0 = 6.
  auto out = run(R"mlir(
    func.func @main(%a: tensor<1x!quant.uniform<u8:f32, 0.1>>, %b: tensor<1x!quant.uniform<u8:f32, 0.1>>,
                    %c: tensor<1x!quant.uniform<u8:f32, 0.5>>, %d: tensor<1x!quant.uniform<u8:f32, 0.5>>)
        -> (tensor<1x!quant.uniform<u8:f32, 0.1>>, tensor<1x!quant.uniform<u8:f32, 1.0>>) {
      %s = qnt.add %a, %b : (tensor<1x!quant.uniform<u8:f32, 0.1>>, tensor<1x!quant.uniform<u8:f32, 0.1>>) -> tensor<1x!quant.uniform<u8:f32, 0.1>>
      %p = qnt.mul %c, %d : (tensor<1x!quant.uniform<u8:f32, 0.5>>, tensor<1x!quant.uniform<u8:f32, 0.5>>) -> tensor<1x!quant.uniform<u8:f32, 1.0>>
      return %s, %p : tensor<1x!quant.uniform<u8:f32, 0.1>>, tensor<1x!quant.uniform<u8:f32, 1.0>>
    })mlir",
                 {{{1}, {10}}, {{1}, {20}}, {{1}, {4}}, {{1}, {6}}});
  ASSERT_TRUE(succeeded(out)) << errors;
  EXPECT_EQ((*out)[0].values, std::vector<double>{30});
  EXPECT_EQ((*out)[1].values, std::vector<double>{6});
}

TEST_F(ReferenceTest, Pools) {
  // max of {1, 2, 3, 4} = 4; average: sum 10 * 0.1 / (0.1 * 4) = 2.5,
  // rounded half up = 3.
  auto out = run(R"mlir(
    func.func @main(%x: tensor<1x2x2x1x!quant.uniform<u8:f32, 0.1>>)
        -> (tensor<1x1x1x1x!quant.uniform<u8:f32, 0.1>>, tensor<1x1x1x1x!quant.uniform<u8:f32, 0.1>>) {
      %m = qnt.max_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<1x2x2x1x!quant.uniform<u8:f32, 0.1>> -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.1>>
      %a = qnt.avg_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<1x2x2x1x!quant.uniform<u8:f32, 0.1>> -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.1>>
      return %m, %a : tensor<1x1x1x1x!quant.uniform<u8:f32, 0.1>>, tensor<1x1x1x1x!quant.uniform<u8:f32, 0.1>>
    })mlir",
                 {{{1, 2, 2, 1}, {1, 2, 3, 4}}});
  ASSERT_TRUE(succeeded(out)) << errors;
  EXPECT_EQ((*out)[0].values, std::vector<double>{4});
  EXPECT_EQ((*out)[1].values, std::vector<double>{3});
}

TEST_F(ReferenceTest, QuantizeDequantizeAndStorageCasts) {
  // 0.25 / 0.5 = 0.5 rounds to even 0, + 3 = 3; 0.75 / 0.5 = 1.5 -> 2 + 3 = 5;
  // 1000 saturates to 255; as i8 storage 255 is -1. Dequantize: 0.5 * (5 - 3).
  auto out = run(R"mlir(
    func.func @main(%x: tensor<3xf32>) -> (tensor<3xi8>, tensor<3xf32>) {
      %q = qnt.quantize %x : tensor<3xf32> -> tensor<3x!quant.uniform<u8:f32, 0.5:3>>
      %s = quant.scast %q : tensor<3x!quant.uniform<u8:f32, 0.5:3>> to tensor<3xi8>
      %d = qnt.dequantize %q : tensor<3x!quant.uniform<u8:f32, 0.5:3>> -> tensor<3xf32>
      return %s, %d : tensor<3xi8>, tensor<3xf32>
    })mlir",
                 {{{3}, {0.25, 0.75, 1000.0}}});
  ASSERT_TRUE(succeeded(out)) << errors;
  EXPECT_EQ((*out)[0].values, (std::vector<double>{3, 5, -1}));
  EXPECT_EQ((*out)[1].values, (std::vector<double>{0.0, 1.0, 126.0}));
}

TEST_F(ReferenceTest, UnsupportedOpIsAnError) {
  auto out = run(R"mlir(
    func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
      %y = tosa.sigmoid %x : (tensor<2xf32>) -> tensor<2xf32>
      return %y : tensor<2xf32>
    })mlir",
                 {{{2}, {0.0, 1.0}}});
  EXPECT_TRUE(failed(out));
  EXPECT_NE(errors.find("'tosa.sigmoid' is not supported by the reference "
                        "interpreter"),
            std::string::npos)
      << errors;
}

TEST_F(ReferenceTest, Slice) {
  // Rows 1..2, columns 1..2 of a 3 x 4 matrix holding 0..11.
  auto out = run(R"mlir(
    func.func @main(%x: tensor<3x4xf32>) -> tensor<2x2xf32> {
      %start = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
      %size = tosa.const_shape {values = dense<[2, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
      %y = tosa.slice %x, %start, %size : (tensor<3x4xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<2x2xf32>
      return %y : tensor<2x2xf32>
    })mlir",
                 {{{3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}});
  ASSERT_TRUE(succeeded(out)) << errors;
  EXPECT_EQ((*out)[0].values, (std::vector<double>{5, 6, 9, 10}));
}

TEST_F(ReferenceTest, Table) {
  // Entry i of the table is 127 - i: signed storage q reads entry q + 128,
  // so -128 -> 127, -1 -> 0, 0 -> -1, 127 -> -128.
  std::string table;
  for (int i = 0; i < 256; ++i)
    table += (i ? ", " : "") + std::to_string(127 - i);
  auto out = run(
      R"mlir(
    func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
      %q = qnt.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
      %t = qnt.table %q table = [)mlir" +
          table +
          R"mlir(] : tensor<4x!quant.uniform<i8:f32, 1.0>> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
      %y = qnt.dequantize %t : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4xf32>
      return %y : tensor<4xf32>
    })mlir",
      {{{4}, {-128, -1, 0, 127}}});
  ASSERT_TRUE(succeeded(out)) << errors;
  EXPECT_EQ((*out)[0].values, (std::vector<double>{63.5, 0, -0.5, -64}));
}

TEST_F(ReferenceTest, WrongInputCountIsAnError) {
  auto out = run(R"mlir(
    func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
      return %x : tensor<2xf32>
    })mlir",
                 {});
  EXPECT_TRUE(failed(out));
  EXPECT_NE(errors.find("got 0 inputs for 1 arguments"), std::string::npos)
      << errors;
}

} // namespace
