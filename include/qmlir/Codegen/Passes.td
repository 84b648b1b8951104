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
      (four 512-bit vectors). Padding (fills of the border only, then the
      interior) and whole-tensor slice insertion (concatenation) first
      become `linalg.fill`s and `linalg.copy`s, so that they are vectorized
      too instead of becoming strided `memref.copy` calls.

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
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "Split element-wise ops, pools and depthwise convolutions of at "
           "least 16384 elements across threads: their outermost parallel "
           "loop (not the innermost) into at most 16 equal chunks of an "
           "scf.forall">,
  ];
  let statistics = [
    Statistic<"numVectorized", "num-vectorized", "Tiles vectorized">,
    Statistic<"numScalar", "num-scalar", "Tiles left as scalar loops">,
  ];
}

def QMLIRCpuKernels : Pass<"qmlir-cpu-kernels", "::mlir::ModuleOp"> {
  let summary = "Packed-weight micro-kernels for int8 and fp32 matmuls and "
                "convolutions, chosen by the target description";
  let description = [{
    Rewrites matrix products and convolutions into explicit micro-kernels
    for the target CPU (see docs/Targets.md for the table of kernels and
    tiles):

    * `linalg.matmul` (and `linalg.batch_matmul` of batch 1) of i8
      activations by constant i8 weights into i32, or of f32 by constant or
      run-time f32 weights;
    * `linalg.conv_2d_nhwc_hwcf` of i8 or f32 input by constant filters, as
      a direct convolution: each output pixel is a row whose K =
      KH * KW * C values are read from the input at each kernel position (an
      implicit im2col, no copy);
    * depthwise convolutions (`linalg.depthwise_conv_2d_nhwc_hwc`, or
      `_hwcm` with multiplier 1): the channels of a pixel are the lanes, and
      `kPerLane` kernel taps of a channel meet in one 32-bit lane (their
      inputs interleaved by shuffles, the weights packed alike).

    The accumulator must start from zero, a constant, or a constant per
    output channel (a bias). The weights are packed at compile time into a
    private global: per block of `lanes` output columns, K in groups of
    `kPerLane` values per lane. The kernel kind comes from the target
    description of `target-cpu`/`target-features` (`host`: this machine):

    | kind | instructions | operands |
    |---|---|---|
    | `avx512-vnni` | `vpdpbusd` zmm | u8 x s8, 4 per lane, 16 lanes |
    | `avx-vnni` | `vpdpbusd` ymm (VEX) | u8 x s8, 4 per lane, 8 lanes |
    | `avx2-u8s7` | `vpmaddubsw`, `vpmaddwd` (ones), `vpaddd` | u8 x s8, 4 per lane |
    | `avx2-i16` | `vpmaddwd`, `vpaddd` | s16 x s16, 2 per lane |
    | `fma` | `vfmadd231ps` | f32, 1 per lane, ymm or zmm |

    The unsigned-byte kinds see the activations with their top bit flipped
    (x + 128) and start from -128 * (column sums), so the result is exactly
    the signed product. `avx2-u8s7` adds pairs of products into saturating
    16-bit sums: a layer takes it only if no pair of its weights can
    saturate (255 * (|w0| + |w1|) of one sign within 16 bits; always true
    for 7-bit weights), and `avx2-i16` (exact for all 8-bit weights)
    otherwise. 4-bit weights are stored two per byte.

    A register tile of rows x column blocks (from the target description)
    stays in registers across the whole reduction; an element-wise consumer
    (all-parallel `linalg.generic` of `arith`/`math` ops reading the result
    with the identity map and otherwise per-channel constants: the
    requantization, a bias, an activation) is computed on the accumulators
    before one store. A layer's input conversion (the flip, or the 16-bit
    extension) joins the producing layer's epilogue when that is its only
    use. The kernel bridges to the tensor program with
    `bufferization.to_buffer`/`to_tensor`; run it before tiling and
    bufferization.

    On AArch64 (`target-triple=aarch64-*`) `neon-dot` uses `sdot` (s8 x s8,
    4 lanes, no flip), `neon-i8mm` `smmla` on pairs of rows (2 x 2 i32
    tiles; M = 1 and depthwise take `neon-dot`) and `neon-fma` `fmla` on 4
    floats.

    `int8-kernel`: `auto` (the target's best: avx512-vnni, avx-vnni, or
    avx2 on AVX2 CPUs; neon-i8mm or neon-dot on AArch64 CPUs with i8mm or
    the dot product), `avx512-vnni` (also `vnni`), `avx-vnni`, `avx2`
    (avx2-u8s7 where exact, else avx2-i16), `avx2-i16`, `neon-dot`,
    `neon-i8mm`, `none` (upstream
    vectorization). `float-kernel`: `auto` (fma where the CPU has FMA,
    neon-fma on AArch64), `fma` (the target architecture's), `neon-fma`,
    `none`. A kind the target CPU lacks is an error unless
    `emulate` is set: the kernels are then built the same way and
    `qmlir-x86-intrinsics{emulate=true}` gives their instructions generic
    code of the same meaning, so that they run (and are compared bit for
    bit) on any x86-64 host, AArch64's `sdot` and `smmla` kernels included. `parallel`: the column-tile and row-block loops
    form one `scf.parallel` (threads with convert-scf-to-openmp).
    `remarks`: one remark per kernel naming its kind and tile. The module
    gets `qmlir.required_cpu_features` listing what the kernels need (not
    when emulating). Other ops are unchanged.
  }];
  let options = [
    Option<"targetCpu", "target-cpu", "std::string", /*default=*/"\"host\"",
           "LLVM CPU name, or host">,
    Option<"targetFeatures", "target-features", "std::string",
           /*default=*/"\"\"", "LLVM features added to the CPU's "
           "(+avx2,-avx512f)">,
    Option<"targetTriple", "target-triple", "std::string",
           /*default=*/"\"\"", "LLVM triple (empty: the host's; "
           "x86_64-* or aarch64-*)">,
    Option<"int8Kernel", "int8-kernel", "std::string", /*default=*/"\"auto\"",
           "auto, avx512-vnni, avx-vnni, avx2, avx2-i16, neon-dot, neon-i8mm "
           "or none">,
    Option<"floatKernel", "float-kernel", "std::string",
           /*default=*/"\"auto\"", "auto, fma, neon-fma or none">,
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "Tiles of the kernels in an scf.parallel (threads with "
           "convert-scf-to-openmp)">,
    Option<"minParallelMacs", "min-parallel-macs", "int64_t",
           /*default=*/"1048576",
           "With parallel: kernels of fewer multiply-accumulates stay on one "
           "thread (starting threads would cost more than they save)">,
    Option<"emulate", "emulate", "bool", /*default=*/"false",
           "Allow kinds the target CPU lacks (for emulated execution)">,
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "A remark per kernel: kind and register tile">,
  ];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect", "::mlir::tensor::TensorDialect",
  ];
}

def QMLIROmpNowait : Pass<"qmlir-omp-nowait"> {
  let summary = "Drop the barrier of a work-sharing loop that ends its "
                "parallel region";
  let description = [{
    Runs after `convert-scf-to-openmp`, which puts each parallel loop in its
    own `omp.parallel { omp.wsloop { ... } omp.terminator }`. The loop's
    implicit barrier then waits for the same threads as the barrier that
    ends the region, right after it: the loop gets `nowait`, so each region
    synchronizes once. A loop followed by other work in its region, or with
    reductions, keeps its barrier.
  }];
}

def QMLIROmpThreadCount
    : Pass<"qmlir-omp-thread-count", "::mlir::ModuleOp"> {
  let summary = "Let every OpenMP parallel region read the module's thread "
                "count variable";
  let description = [{
    Runs after `convert-scf-to-openmp`. Gives the module one public i32
    variable, `@__qmlir_num_threads` (initially 0), and every `omp.parallel`
    without a thread count the count `n > 0 ? n : omp_get_max_threads()`
    read from it when the region starts. A program sets the variable to
    choose the threads of this model alone, at run time and without
    recompiling: 0 means all cores (OpenMP's default, `OMP_NUM_THREADS`
    included), 1 one thread. The JIT sets it with `qmlir::setThreadCount`;
    objects compiled ahead of time export `<prefix>_set_num_threads`.

    A module that already has a symbol `@__qmlir_num_threads` that is not
    such a variable is an error.

    ```mlir
    omp.parallel { ... }
    // becomes
    %g = memref.get_global @__qmlir_num_threads : memref<i32>
    %n = memref.load %g[] : memref<i32>
    %all = func.call @omp_get_max_threads() : () -> i32
    %t = arith.select (%n > 0), %n, %all : i32
    omp.parallel num_threads(%t : i32) { ... }
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect",
  ];
}

def QMLIRStaticWorkspace
    : Pass<"qmlir-static-workspace", "::mlir::ModuleOp"> {
  let summary = "Place a function's temporary buffers in one planned, "
                "persistent workspace";
  let description = [{
    Runs after bufferization and deallocation. The temporary buffers of each
    function (static `memref.alloc`s of its body freed by one `memref.dealloc`
    in the same block: every intermediate tensor of a model) get offsets in
    one workspace, planned from their lifetimes (from the allocation to the
    deallocation): buffers that are never alive at the same time share
    bytes, the largest placed first at the lowest 64-byte-aligned offset
    that fits. Each allocation becomes a `memref.view` of the workspace and
    its deallocation goes.

    The workspace is a private module global (zero pages until first
    touched, then kept), so repeated calls allocate nothing, fault in no
    fresh pages and see the same addresses every time: per-call
    `malloc`/`free` of intermediates returned pages to the system and
    touched them again on every call, which cost up to half of a small
    model's time and made its timings vary. The function claims the global
    with an atomic exchange on entry and releases it on return; a call made
    while another is running (two threads calling one model) allocates a
    private workspace instead, so functions stay reentrant.

    Functions of more than one block, and buffers allocated in loops,
    without a deallocation in their block, or whose shape is dynamic, are
    left as they are. `remarks`: one remark per function with its plan.
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "A remark per function: buffers placed, workspace bytes">,
  ];
  let statistics = [
    Statistic<"numPlaced", "num-placed", "Buffers placed in workspaces">,
    Statistic<"workspaceBytes", "workspace-bytes",
              "Bytes of all workspaces">,
    Statistic<"bufferBytes", "buffer-bytes",
              "Bytes of the buffers placed (before sharing)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def QMLIRX86Intrinsics : Pass<"qmlir-x86-intrinsics", "::mlir::ModuleOp"> {
  let summary = "Replace calls of intrinsic declarations by "
                "llvm.call_intrinsic";
  let description = [{
    Kernels emitted on tensors (`qmlir-cpu-kernels`) call LLVM intrinsics
    through private declarations marked `qmlir.intrinsic = "<name>"`, because
    bufferization and buffer deallocation reject ops with unknown memory
    effects such as `llvm.call_intrinsic`. After them this pass rewrites each
    call into `llvm.call_intrinsic "<name>"` and erases the declarations. A
    use of such a declaration other than a call is an error.

    With `emulate`, each call instead becomes generic `vector`/`arith` code
    of the intrinsic's exact meaning (vpdpbusd, vpmaddubsw with its 16-bit
    saturation, vpmaddwd; AArch64's sdot and smmla), which LLVM compiles
    for any x86-64 CPU: kernels
    for instruction sets the host lacks then run and are compared bit for
    bit with the reference. An intrinsic without an emulation is an error.
  }];
  let options = [
    Option<"emulate", "emulate", "bool", /*default=*/"false",
           "Replace the calls by generic code of the same meaning">,
  ];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect", "::mlir::arith::ArithDialect",
    "::mlir::vector::VectorDialect",
  ];
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

def QMLIRFuseElementwise : Pass<"qmlir-fuse-elementwise"> {
  let summary = "Fuse element-wise linalg ops into their consumers, keeping "
                "matrix products named and every element computed once";
  let description = [{
    Upstream's element-wise fusion (`linalg-fuse-elementwise-ops`) with two
    limits the code generator needs:

    - A named op (`linalg.matmul`, `linalg.batch_matmul`, convolutions,
      pools) whose inputs share an element type stays named: a reshape is
      not folded into it by expanding its loops, which would turn it into a
      `linalg.generic` that no micro-kernel matches. (Mixed-type products,
      f32 x i8 in weight-only models, still become generics: that is how
      they vectorize.)
    - An element-wise producer is fused into a consumer with reduction
      loops only when the consumer reads each of its elements once (the
      operand's indexing map is a permutation). Fused into a matrix
      product's `[M, K]` operand, a requantization would run N times per
      element.

    Otherwise the patterns are upstream's: producer/consumer fusion of
    element-wise generics whose producer has one use, reshape propagation
    by expansion, the canonicalizations of `linalg.generic` and the
    reshapes, and the constant folding of linalg ops (the transposes of
    constant weights; an op that only permutes a constant folds by moving
    its bytes). `remarks`: one remark per producer left unfused because of the
    second limit, at the consumer.
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "A remark for each producer not fused into a reduction because "
           "it would be computed more than once per element">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def QMLIRInlineCopies
    : Pass<"qmlir-inline-copies", "::mlir::func::FuncOp"> {
  let summary = "Copy strided buffers with loops instead of calls of the "
                "memrefCopy runtime function";
  let description = [{
    Runs on buffers. `finalize-memref-to-llvm` lowers a `memref.copy` of
    contiguous buffers to `llvm.memcpy`, and any other (a strided view: a
    slice of a padded buffer, a transposed layout) to a call of
    `memrefCopy`, a runtime function the program must link. This pass turns
    each copy of the second kind into a `linalg.copy`, which
    `convert-linalg-to-loops` makes a loop nest that LLVM vectorizes, so
    that the object needs no runtime library: the ahead-of-time compiler
    runs it for objects of another architecture than the host's (an
    AArch64 object built on x86-64), for which no runtime library is
    built. Copies the memcpy lowering takes stay as they are.

    ```mlir
    memref.copy %a, %b : memref<2x3xi8, strided<[5, 1], offset: 1>> to memref<2x3xi8>
    // becomes
    linalg.copy ins(%a : memref<2x3xi8, strided<[5, 1], offset: 1>>) outs(%b : memref<2x3xi8>)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def QMLIRFlattenGlobals
    : Pass<"qmlir-flatten-globals", "::mlir::ModuleOp"> {
  let summary = "Store constant buffers of rank > 1 as one-dimensional "
                "globals, viewed in their shape where they are read";
  let description = [{
    Runs on buffers. Each `memref.global` with a constant initial value, a
    static shape of rank > 1 and the identity layout becomes a global of
    rank 1 holding the same elements in the same order; each
    `memref.get_global` of it becomes a `get_global` of the flat buffer and
    a `memref.expand_shape` back to the old type, so its readers do not
    change. Translated to LLVM IR a buffer of rank r is an array of arrays:
    one uniqued constant per innermost row (a packed [1024, 64, 16] weight
    matrix is 65536 of them), which the translation creates and LLVM's
    context hashes and frees one by one; a flat buffer is one constant.
    ResNet-18's fp32 weights spent longer there than its code took to
    compile.

    ```mlir
    memref.global "private" constant @w : memref<2x3xf32> = dense<...>
    %0 = memref.get_global @w : memref<2x3xf32>
    // becomes
    memref.global "private" constant @w : memref<6xf32> = dense<...>
    %flat = memref.get_global @w : memref<6xf32>
    %0 = memref.expand_shape %flat [[0, 1]] output_shape [2, 3]
        : memref<6xf32> into memref<2x3xf32>
    ```
  }];
  let statistics = [
    Statistic<"numFlattened", "num-flattened", "Globals flattened">,
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def QMLIROutlineKernels
    : Pass<"qmlir-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Move each large loop nest of a function into a function of "
                "its own, so that the rest of the pipeline and LLVM's code "
                "generation can work on them in parallel";
  let description = [{
    Runs on buffers, after `qmlir-static-workspace`. Each top-level op of a
    function's body that has regions, no results and at least `min-ops`
    nested ops (a kernel's loop nest, a tiled element-wise loop) becomes a
    private function `@<function>_part<N>` called in its place. Values the
    op uses from its function become arguments, except constants and
    `memref.get_global`s (the packed weights), which are cloned, so that the
    part keeps folding on them. Parts carry LLVM's `noinline`: a model
    lowered as one function of thousands of blocks is compiled by one
    thread, while its parts are independent functions that nested passes
    (`func.func(...)`) and the code generator can take on several threads.

    ```mlir
    func.func @main(%x: memref<64xf32>) {
      scf.for %i = %c0 to %c64 step %c16 { ... many ops reading %x ... }
      return
    }
    // becomes
    func.func private @main_part0(%x: memref<64xf32>)
        attributes {passthrough = ["noinline"]} {
      %c0 = arith.constant 0 : index ...
      scf.for %i = %c0 to %c64 step %c16 { ... }
      return
    }
    func.func @main(%x: memref<64xf32>) {
      call @main_part0(%x) : (memref<64xf32>) -> ()
      return
    }
    ```
  }];
  let options = [
    Option<"minOps", "min-ops", "unsigned", /*default=*/"32",
           "Nested ops an op needs to be outlined (smaller ones stay)">,
  ];
  let statistics = [
    Statistic<"numOutlined", "num-outlined", "Loop nests outlined">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

#endif // QMLIR_CODEGEN_PASSES_TD
