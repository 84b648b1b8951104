//===- Passes.td - qnt dialect passes ----------------------*- tablegen -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECT_QNT_TRANSFORMS_PASSES_TD
#define QMLIR_DIALECT_QNT_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNTInsertCalibration
    : Pass<"qnt-insert-calibration", "::mlir::func::FuncOp"> {
  let summary = "Mark the float activations to observe in a calibration run";
  let description = [{
    Puts a `qnt.calibrate` marker on every float activation a later pass will
    quantize: the non-constant float operands and the float results of the
    quantizable TOSA ops (`ops`, by default conv2d, depthwise_conv2d,
    transpose_conv2d, matmul, avg_pool2d, max_pool2d, add, sub, mul,
    concat, clamp), or with `all-activations` every non-constant float tensor
    (function arguments and op results). The marker follows the value's
    definition and takes over all its uses.

    Ids are readable and stable across runs: the function argument's
    `qmlir.name` (the ONNX graph input name), else the name of the defining
    op's location (`NameLoc`, the ONNX output tensor name after import),
    else `<function>.<arg|op>` with the position in the function. Equal ids
    get `#1`, `#2`, ... in the order of the function. Values already
    marked keep their marker, so the pass is idempotent.

    ```mlir
    %0 = tosa.conv2d %x, %w, %b, ... loc("conv1_out")
    // becomes
    %0 = tosa.conv2d %x', %w, %b, ... loc("conv1_out")
    %1 = qnt.calibrate %0 id "conv1_out" : tensor<1x8x8x4xf32>
    ```
  }];
  let options = [
    Option<"allActivations", "all-activations", "bool", /*default=*/"false",
           "Mark every non-constant float tensor, not only the operands and "
           "results of quantizable ops">,
    ListOption<"ops", "ops", "std::string",
               "The TOSA ops whose operands and results are marked (names "
               "without the dialect prefix); default: all quantizable ones">,
  ];
  let dependentDialects = ["::qmlir::qnt::QNTDialect"];
}

def QNTLowerCalibration
    : Pass<"qnt-lower-calibration", "::mlir::ModuleOp"> {
  let summary = "Lower calibration markers to calls into the runtime's "
                "observers";
  let description = [{
    Each `qnt.calibrate` becomes a read of its tensor as a buffer and a call
    `qmlir_rt_calibration_observe(index, memref<*xf32>)` (C interface), and
    its result the marked value. Indices follow the order of the markers in
    the module; the module attribute `qmlir.calibration_ids` lists the ids by
    index, which is how a calibration run names its statistics. The first
    stage of `qmlir-codegen-pipeline`; a module without markers is unchanged.

    Errors: two markers with the same id, and markers of non-f32 tensors.
  }];
  let dependentDialects = [
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::arith::ArithDialect",
  ];
}

#endif // QMLIR_DIALECT_QNT_TRANSFORMS_PASSES_TD
