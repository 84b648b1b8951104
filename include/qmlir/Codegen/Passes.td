//===- Passes.td - qmlir code generation passes ------------*- tablegen -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_CODEGEN_PASSES_TD
#define QMLIR_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def QMLIRTileAndVectorize
    : Pass<"qmlir-tile-and-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tile linalg ops on tensors for registers and caches and "
                "vectorize the tiles";
  let description = [{
    Tiles every linalg op on tensors with `scf.for` loops and vectorizes the
    innermost tile with `linalg::vectorize`:

    * matmul and batch_matmul: register tiles of `matmul-tile-sizes`
      (M x N, default 8 x 32: sixteen 512-bit accumulators), with the
      reduction tiled by the last entry (default 1, so that each step is one
      outer product of an A column and a B row);
    * 2-D convolutions (NHWC x HWCF), depthwise convolutions and pooling:
      one output row, `conv-tile-sizes` output columns x channels
      (default 8 x 32), the window reduced one kernel row and column at a time
      (the tile is then rewritten as a 1-D convolution, which the vectorizer
      turns into outer products);
    * everything else (element-wise ops, reductions, transposes, fills):
      unit tiles on all loops but the innermost, which is tiled by 64 elements
      (four 512-bit vectors).

    Tiles always divide their loop: the preferred size if it divides, else
    the largest divisor not below half of it, else the whole loop when it is
    at most four tiles long, else its largest smaller divisor. Every tile is
    then static and vectorizes without masks. Dynamically shaped ops, and ops
    the vectorizer does not handle, stay tiled scalar loop nests (correct,
    slower).

    ```mlir
    %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>)
                       outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
    // becomes scf.for loops over 8x32 tiles of %c and over k, whose body
    // reads vectors, performs a vector.contract and writes the tile back.
    ```
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
  let options = [
    ListOption<"matmulTileSizes", "matmul-tile-sizes", "int64_t",
               "Register tile of matmuls: M, N, K">,
    ListOption<"convTileSizes", "conv-tile-sizes", "int64_t",
               "Register tile of convolutions and pooling: output columns, "
               "channels">,
  ];
  let statistics = [
    Statistic<"numVectorized", "num-vectorized", "Tiles vectorized">,
    Statistic<"numScalar", "num-scalar", "Tiles left as scalar loops">,
  ];
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

#endif // QMLIR_CODEGEN_PASSES_TD
