//===- QNTDialectTest.cpp - qnt verifiers on programmatically built IR ----===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Embedders build IR in C++ (or through the C API) without the textual parser,
// which already rejects non-positive scales and non-float expressed types.
// These tests build such types directly and check that the qnt verifiers
// still reject them with a clear message.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Dialect/QNT/IR/QNTDialect.h"
#include "qmlir/Dialect/QNT/IR/QNTOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

using namespace mlir;
using namespace qmlir::qnt;

namespace {

class QNTVerifierTest : public ::testing::Test {
protected:
  QNTVerifierTest() : builder(&context) {
    context.loadDialect<QNTDialect, func::FuncDialect>();
  }

  /// A per-tensor i8 type built without verification (as C++ code may do).
  quant::UniformQuantizedType i8Type(double scale, Type expressed) {
    return quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed,
                                            builder.getIntegerType(8),
                                            expressed, scale, 0, -128, 127);
  }

  /// Builds `func @f(%x: tensor<4xf32>)` holding `qnt.quantize %x` to
  /// `resultElement` and returns the verifier's diagnostic (empty if valid).
  std::string verifyQuantize(Type resultElement) {
    return verifyFunction([&](OpBuilder &b, Value x) {
      QuantizeOp::create(b, b.getUnknownLoc(),
                         RankedTensorType::get({4}, resultElement), x);
    });
  }

  template <typename BodyFn> std::string verifyFunction(BodyFn body) {
    Location loc = builder.getUnknownLoc();
    OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
    builder.setInsertionPointToEnd(module->getBody());
    auto input = RankedTensorType::get({4}, builder.getF32Type());
    auto func = func::FuncOp::create(builder, loc, "f",
                                     builder.getFunctionType({input}, {}));
    Block *entry = func.addEntryBlock();
    builder.setInsertionPointToStart(entry);
    body(builder, entry->getArgument(0));
    func::ReturnOp::create(builder, loc);

    std::string message;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    if (succeeded(verify(*module)))
      return "";
    return message;
  }

  MLIRContext context;
  OpBuilder builder;
};

TEST_F(QNTVerifierTest, ValidScaleVerifies) {
  EXPECT_EQ(verifyQuantize(i8Type(0.5, builder.getF32Type())), "");
}

TEST_F(QNTVerifierTest, NegativeScale) {
  EXPECT_EQ(verifyQuantize(i8Type(-0.5, builder.getF32Type())),
            "'qnt.quantize' op result scale -0.5 must be positive and finite");
}

TEST_F(QNTVerifierTest, ZeroScale) {
  EXPECT_EQ(verifyQuantize(i8Type(0.0, builder.getF32Type())),
            "'qnt.quantize' op result scale 0 must be positive and finite");
}

TEST_F(QNTVerifierTest, NaNScale) {
  EXPECT_EQ(verifyQuantize(i8Type(std::numeric_limits<double>::quiet_NaN(),
                                  builder.getF32Type())),
            "'qnt.quantize' op result scale nan must be positive and finite");
}

TEST_F(QNTVerifierTest, InfiniteScale) {
  EXPECT_EQ(verifyQuantize(i8Type(std::numeric_limits<double>::infinity(),
                                  builder.getF32Type())),
            "'qnt.quantize' op result scale inf must be positive and finite");
}

TEST_F(QNTVerifierTest, PerAxisNegativeScale) {
  auto perAxis = quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, builder.getIntegerType(8),
      builder.getF32Type(), {0.5, 0.5, -1.0, 0.5}, {0, 0, 0, 0}, 0, -128, 127);
  EXPECT_EQ(verifyQuantize(perAxis),
            "'qnt.quantize' op result scale -1 must be positive and finite");
}

TEST_F(QNTVerifierTest, IntegerExpressedType) {
  EXPECT_EQ(verifyQuantize(i8Type(0.5, builder.getI32Type())),
            "'qnt.quantize' op result must express a float type, got 'i32'");
}

TEST_F(QNTVerifierTest, DefaultRoundingIsSingle) {
  std::string message = verifyFunction([&](OpBuilder &b, Value x) {
    Type element = i8Type(0.5, b.getF32Type());
    auto q = QuantizeOp::create(b, b.getUnknownLoc(),
                                RankedTensorType::get({4}, element), x);
    auto r =
        RequantizeOp::create(b, b.getUnknownLoc(), q.getType(), q.getResult());
    EXPECT_EQ(r.getRounding(), RoundingMode::Single);
  });
  EXPECT_EQ(message, "");
}

} // namespace
