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

        * matmul and batch_matmul: the reduction in blocks of 128, column tiles
      outside row tiles, register tiles of `matmul-tile-sizes` (M x N,
      default 8 x 32: sixteen 512-bit accumulators) with the reduction tiled
      by the last entry (default 1, so that each step is one outer product of
      an A column and a B row); each block of B is first copied into a
      contiguous tensor;
    * 2-D convolutions (NHWC x HWCF): one output row, `conv-tile-sizes`
      output columns x filters (default 4 x 64; a short row taken whole
      narrows the filter tile so that accumulators fit in registers), one
      kernel row and column and `conv-tile-sizes[2]` input channels (default
      1) per step; the tile is rewritten as a 1-D convolution, which the
      vectorizer turns into outer products;
    * depthwise convolutions (TOSA's multiplier-1 form is rewritten without
      the multiplier dimension) and pooling: one output row, 4 columns, 64
      channels, one kernel position per step;
    * everything else (element-wise ops, reductions, transposes, fills):
            unit tiles on all loops but the innermost, which is tiled by 64 elements
      (four 512-bit vectors). Padding and whole-tensor slice insertion
      (concatenation) first become `linalg.copy`s, so that they are
      vectorized too instead of becoming strided `memref.copy` calls.

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
               "Register tile of convolutions: output columns, filters, "
               "input channels per step (the last may be 0: all)">,
  ];
  let statistics = [
    Statistic<"numVectorized", "num-vectorized", "Tiles vectorized">,
    Statistic<"numScalar", "num-scalar", "Tiles left as scalar loops">,
  ];
}

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

def QMLIRVnniMatmul : Pass<"qmlir-vnni-matmul", "::mlir::ModuleOp"> {
  let summary = "int8 matmuls and convolutions with constant weights on "
                "AVX-512 VNNI";
  let description = [{
    Rewrites each `linalg.matmul` of i8 (signed) activations `[M, K]` by
    constant i8 weights `[K, N]`, and each `linalg.conv_2d_nhwc_hwcf` of i8
    input by constant i8 filters, into i32 (zero-initialized) as a
    `vpdpbusd` kernel: the weights packed at compile time into a private
    global (per block of 16 columns, K in groups of 4 bytes, zero padded),
    the activations' top bit flipped (unsigned bytes, x + 128), channels
    padded to a multiple of 4, accumulators starting at -128 * (column sums)
    held in registers across the K loops (4 rows x 4 column blocks; 1-3 rows
    x up to 8 blocks for small M), calls of `llvm.x86.avx512.vpdpbusd.512`.
    A convolution is computed directly: each output pixel is a row whose
    K = KH * KW * C bytes are read from the input at each kernel position
    (an implicit im2col, no copy); a matmul is its 1x1 case. Depthwise
    convolutions (`linalg.depthwise_conv_2d_nhwc_hwc`, or `_hwcm` with
    multiplier 1) put four kernel taps of a channel into one 32-bit lane: the
    input bytes of four taps are interleaved by shuffles and the weights
    packed alike. The result equals the signed product exactly. An
    element-wise consumer of a matmul or convolution (all-parallel
    `linalg.generic`, `arith` body, the product with the identity map and
    otherwise per-channel constants: the requantization) is computed in the
    kernel's registers before a single narrow store. It bridges to the tensor program with `bufferization.to_buffer`
    and `bufferization.to_tensor`; run it before tiling and bufferization.

    `target`: `auto` (the host's features: AVX-512 VNNI and BW), `vnni`
    (always), `none` (never). `parallel`: the row blocks form an
    `scf.parallel` (outermost; column blocks inside) for multi-threaded
    execution. Other matmuls are unchanged.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"auto\"",
           "auto (host features), vnni or none">,
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "Rows of the kernels in an scf.parallel (threads with "
           "convert-scf-to-openmp)">,
  ];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect", "::mlir::tensor::TensorDialect",
  ];
}

def QMLIRX86Intrinsics : Pass<"qmlir-x86-intrinsics", "::mlir::ModuleOp"> {
  let summary = "Replace calls of intrinsic declarations by "
                "llvm.call_intrinsic";
  let description = [{
    Kernels emitted on tensors (`qmlir-vnni-matmul`) call LLVM intrinsics
    through private declarations marked `qmlir.intrinsic = "<name>"`, because
    bufferization and buffer deallocation reject ops with unknown memory
    effects such as `llvm.call_intrinsic`. After them this pass rewrites each
    call into `llvm.call_intrinsic "<name>"` and erases the declarations. A
    use of such a declaration other than a call is an error.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
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

def QMLIRSignlessTensors
    : Pass<"qmlir-signless-tensors", "::mlir::ModuleOp"> {
  let summary = "Make the integer tensors of linalg-level functions signless";
  let description = [{
    Models have unsigned or signed integer inputs and outputs (`ui8` images,
    `i64` indices), but `arith` and the LLVM lowering use signless integers.
    After the conversion from TOSA, whose lowering already picked the signed
    or unsigned arithmetic from those types, signedness survives only in
    function signatures and in the casts at their edges
    (`builtin.unrealized_conversion_cast`, `tensor.bitcast`). This pass
    rewrites every tensor of signed or unsigned integers to the signless
    integers of the same width (function types included: the bytes passed
    are the same) and removes the casts that become identities.

    A non-tensor value with such a type (a memref or vector argument) is an
    error naming it.
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

#endif // QMLIR_CODEGEN_PASSES_TD
