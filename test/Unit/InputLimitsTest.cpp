//===- InputLimitsTest.cpp - Checks run before parsing MLIR input ---------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Support/InputLimits.h"

#include <gtest/gtest.h>

using qmlir::checkMLIRInput;
using qmlir::checkMLIRLinalgIntegerLists;

namespace {

std::string transpose(const std::string &tail) {
  return "func.func @f(%w: tensor<2x2xi8>, %e: tensor<2x2xi8>) -> "
         "tensor<2x2xi8> {\n  %t = linalg.transpose ins(%w : tensor<2x2xi8>) "
         "outs(%e : tensor<2x2xi8>) " +
         tail + "\n  return %t : tensor<2x2xi8>\n}\n";
}

TEST(InputLimits, WellFormedListsPass) {
  for (const char *tail :
       {"permutation = [1, 0]", "permutation=[1,0]", "permutation = []",
        "permutation =\n [ -1 ,\n 0x1 ]", "permutation = [1, 0] {x = 1}"})
    EXPECT_EQ(checkMLIRLinalgIntegerLists(transpose(tail), "m.mlir"), "")
        << tail;
}

TEST(InputLimits, MalformedListsAreNamed) {
  for (const char *tail :
       {"permutation = [1, 0", "permutation = 1", "permutation = [1, x]",
        "permutation = [99999999999999999999]", "permutation = [1,, 0]",
        "permutation = [1 0]"})
    EXPECT_EQ(checkMLIRLinalgIntegerLists(transpose(tail), "m.mlir"),
              "m.mlir:2:90: error: 'linalg.transpose' needs 'permutation = "
              "[...]' with int64 values")
        << tail;
  // The position is that of what follows the '='.
  EXPECT_EQ(checkMLIRLinalgIntegerLists(transpose("permutation ="), "m.mlir"),
            "m.mlir:3:3: error: 'linalg.transpose' needs 'permutation = "
            "[...]' with int64 values");
}

TEST(InputLimits, OtherFormsAreLeftToTheParser) {
  // The generic form parses safely; a missing '=' or keyword is the
  // parser's own clean error; other ops' attributes are not looked at.
  EXPECT_EQ(
      checkMLIRLinalgIntegerLists(
          "%t = \"linalg.transpose\"(%w, %e) {permutation = [1, 0}", "m.mlir"),
      "");
  EXPECT_EQ(checkMLIRLinalgIntegerLists(transpose("permutation [1, 0"), "m"),
            "");
  EXPECT_EQ(checkMLIRLinalgIntegerLists(transpose(""), "m"), "");
  EXPECT_EQ(checkMLIRLinalgIntegerLists(
                "%v = vector.transpose %x, [1, 0 : vector<2x2xf32>", "m"),
            "");
  EXPECT_EQ(
      checkMLIRLinalgIntegerLists("linalg.transposed dimensions = 1", "m"), "");
}

TEST(InputLimits, BroadcastAndReduce) {
  EXPECT_NE(checkMLIRLinalgIntegerLists(
                "%b = linalg.broadcast ins(%x : tensor<2xf32>) outs(%e : "
                "tensor<2x2xf32>) dimensions = [1",
                "m"),
            "");
  EXPECT_NE(checkMLIRLinalgIntegerLists(
                "%r = linalg.reduce ins(%x : tensor<2x2xf32>) outs(%e : "
                "tensor<2xf32>) dimensions = 1",
                "m"),
            "");
  EXPECT_EQ(checkMLIRLinalgIntegerLists(
                "%r = linalg.reduce ins(%x : tensor<2x2xf32>) outs(%e : "
                "tensor<2xf32>) dimensions = [1]",
                "m"),
            "");
}

TEST(InputLimits, LinalgPropertiesMustBeADictionary) {
  using qmlir::checkMLIRLinalgProperties;
  EXPECT_EQ(checkMLIRLinalgProperties(
                "  %r = linalg.fill <2> ins(%c : i32) outs(%e : tensor<4xi32>)",
                "m.mlir"),
            "m.mlir:1:21: error: 'linalg.fill' properties must be a "
            "dictionary, '<{...}>'");
  EXPECT_NE(checkMLIRLinalgProperties("%r = linalg.matmul < [1]> ins(", "m"),
            "");
  // Dictionaries, no properties, the generic form, attributes, types and
  // comments are left to the parser.
  for (const char *text :
       {"%r = linalg.matmul <{cast = 1}> ins(", "%r = linalg.matmul ins(",
        "%r = \"linalg.matmul\"(%a) <{x}> : ()",
        "iterator_types = [#linalg.iterator_type<parallel>]",
        "!linalg.thing<x>", "// see linalg.fill <2> in the docs",
        "%r = linalg.generic {indexing_maps = []}"})
    EXPECT_EQ(checkMLIRLinalgProperties(text, "m"), "") << text;
}

TEST(InputLimits, StringsAndCommentsAreSkippedExactly) {
  using qmlir::checkMLIRLinalgProperties;
  // A "//" inside a string does not start a comment: the op after it on
  // the same line is still checked.
  EXPECT_NE(
      checkMLIRLinalgProperties(
          "%a = \"x.y\"() {s = \"//\"} : () -> () %r = linalg.fill <2>", "m"),
      "");
  EXPECT_NE(checkMLIRLinalgIntegerLists(
                "%a = \"x.y\"() {s = \"//\"} : () -> () %t = "
                "linalg.transpose ins(%w : t) outs(%e : t) permutation = 1",
                "m"),
            "");
  // An op named inside a string, or after a comment, is not an op.
  EXPECT_EQ(checkMLIRLinalgProperties(
                "%a = \"x.y\"() {s = \"linalg.fill <2>\"}", "m"),
            "");
  EXPECT_EQ(checkMLIRLinalgIntegerLists(
                "x // linalg.transpose permutation = 1\n", "m"),
            "");
}

TEST(InputLimits, InputRunsEveryCheck) {
  EXPECT_NE(checkMLIRInput(std::string(2000, '('), "m").find("nested"),
            std::string::npos);
  EXPECT_NE(checkMLIRInput(transpose("permutation = 1"), "m").find("int64"),
            std::string::npos);
  EXPECT_NE(checkMLIRInput("%r = linalg.fill <2> ins(", "m").find("dictionary"),
            std::string::npos);
  EXPECT_EQ(checkMLIRInput(transpose("permutation = [1, 0]"), "m"), "");
}

} // namespace

TEST(InputLimits, JSONNesting) {
  EXPECT_EQ(qmlir::checkJSONNesting(R"({"a": [[1], {"b": []}]})", "s.json"),
            "");
  // Brackets inside strings, escaped quotes included, do not count.
  EXPECT_EQ(qmlir::checkJSONNesting(R"(["[[[[\"[[[["])", "s.json", 2), "");
  EXPECT_EQ(qmlir::checkJSONNesting("[[[1]]]", "s.json", 2),
            "s.json: arrays and objects nested more than 2 levels deep (at "
            "byte 2)");
  std::string deep(50000, '[');
  deep += std::string(50000, ']');
  EXPECT_NE(qmlir::checkJSONNesting(deep, "d.json"), "");
}
