//===- Passes.td - The levels' contract checks -------------*- tablegen -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Each pipeline ends in the pass that checks the contract of the level it
// produces (DESIGN.md, docs/Pipelines.md): a leftover op fails loudly there,
// naming it, not deep inside a later lowering.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_VERIFICATION_PASSES_TD
#define QMLIR_VERIFICATION_PASSES_TD

include "mlir/Pass/PassBase.td"

def QMLIRVerifyFloatGraph
    : Pass<"qmlir-verify-float-graph", "::mlir::ModuleOp"> {
  let summary = "Check that a module is a float graph the codegen pipeline "
                "compiles";
  let description = [{
    Runs in `qmlir-codegen-pipeline` right after the ONNX conversion. The
    pipeline compiles float graphs (DESIGN.md level 1); a quantized model
    (QDQ/QLinear ONNX imports, `qnt` ops, values of `!quant` types) or an
    ONNX node left unconverted would otherwise fail deep inside bufferization
    with an unrelated message. This pass reports each such op once, naming
    it, and fails.
  }];
}

def QMLIRVerifyInt8Linalg
    : Pass<"qmlir-verify-int8-linalg", "::mlir::ModuleOp"> {
  let summary = "Check that a module is int8 linalg on tensors (DESIGN.md "
                "level 4)";
  let description = [{
    The last pass of `qmlir-lower-to-int8-linalg-pipeline`: every op is from
    the `linalg`, `tensor`, `arith`, `math`, `func` or `builtin` dialects and
    no value has a `!quant` type. Each op breaking the contract is reported,
    naming it, and the pass fails.
  }];
}

def QMLIRVerifyLLVMContract
    : Pass<"qmlir-verify-llvm-contract", "::mlir::ModuleOp"> {
  let summary = "Check that only LLVM dialect ops remain";
  let description = [{
    The last pass of the codegen pipeline: fails with one error per offending
    op when anything but `llvm.*` ops and the builtin module remains (for
    example a `vector.contract` that no lowering handled, which would
    otherwise surface only at translation to LLVM IR), including leftover
    `builtin.unrealized_conversion_cast` ops.
  }];
}

#endif // QMLIR_VERIFICATION_PASSES_TD
