//===- Passes.td - Float-graph transforms ------------------*- tablegen -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Transforms of the float TOSA graph (level 1) that come before
// quantization: folding per-channel affine ops into their layers, and
// pruning. Their flags keep the `qnt-` prefix they were introduced with.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_TRANSFORMS_PASSES_TD
#define QMLIR_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNTFoldBatchNorm : Pass<"qnt-fold-batchnorm", "::mlir::func::FuncOp"> {
  let summary = "Fold per-channel affine ops and bias adds into convolutions "
                "and fully connected layers";
  let description = [{
    Float-graph preparation, run before calibration so that the folded graph
    is the one calibrated and quantized:

    - A `tosa.conv2d` or `tosa.depthwise_conv2d` with constant weights and
      bias, followed (through at most one NHWC->NCHW `tosa.transpose`) by
      `tosa.mul`, `tosa.add` and `tosa.sub` with constants that vary along the
      channel axis only (an imported BatchNormalization, a per-channel scale
      or shift), becomes one convolution with the weights scaled and the bias
      shifted per output channel.
    - `tosa.add` of a constant bias (varying along the last axis only) to a
      `tosa.matmul` of batch 1 with a constant right-hand side (an imported
      Gemm or MatMul + Add: a fully connected layer), possibly through a
      `tosa.reshape`, becomes a 1x1 `tosa.conv2d` with that bias, between
      reshapes; quantization then gives it an int32 bias.

    Anything else is left unchanged. The fold is exact up to f32 rounding of
    the products.
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
}

def QNTEqualize : Pass<"qnt-equalize", "::mlir::func::FuncOp"> {
  let summary = "Cross-layer equalization: balance the weight ranges of "
                "consecutive convolutions";
  let description = [{
    Data-free float-graph preparation, run before calibration. For two
    convolutions in a row (`tosa.conv2d`, or `tosa.depthwise_conv2d` with
    channel multiplier 1) with constant weights and bias, joined directly or
    through ops that commute with a positive scale per channel (a ReLU:
    `tosa.clamp` with minimum 0 and no finite maximum; `tosa.max_pool2d`,
    `tosa.avg_pool2d`), each value used once: channel i of the first layer's output is divided by
    `s_i = sqrt(r1_i / r2_i)` (its weights and bias) and the second layer's
    weights reading channel i are multiplied by it, where `r1_i` is the
    largest |w| of the first layer's output channel i and `r2_i` that of the
    second layer's weights on input channel i. ReLU commutes with a positive
    scale (and so do the pools), so the graph computes the same function (up
    to f32 rounding);
    afterwards both layers' channel ranges are `sqrt(r1_i * r2_i)`, so that
    per-tensor weights (and the per-tensor activation between them) lose
    less to their largest channel. Depthwise networks, whose depthwise
    channels differ most in range, benefit most.

    The pairs are visited in order `iterations` times: a layer in the middle
    of a chain is balanced against both neighbours. A bounded ReLU (ReLU6),
    other activations, or a value with several users end a chain. A
    channel whose weights are all zero on either side keeps its scale. A
    remark on each function with pairs says how many were balanced.

    Errors: `iterations` below 1.
  }];
  let options = [
    Option<"iterations", "iterations", "unsigned", /*default=*/"4",
           "Passes over the pairs of layers">,
  ];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
}

def QNTPrune : Pass<"qnt-prune", "::mlir::ModuleOp"> {
  let summary = "Prune constant weights: magnitude, N:M, or whole channels";
  let description = [{
    Compression of the float graph, before calibration. The layers are the
    ops with constant f32 weights: `tosa.conv2d`, `tosa.depthwise_conv2d`,
    `tosa.transpose_conv2d` and `tosa.matmul` with a constant right-hand
    side (fully connected layers), named by their location (the ONNX output
    tensor) or `<function>.<kind>#<i>`.

    - `mode=magnitude`: the smallest-magnitude weights become zero, to
      `sparsity` per layer (`scope=layer`) or under one threshold for the
      whole model (`scope=global`); every layer keeps at least `min-kept`
      weights.
    - `mode=nm`: in every run of `m` consecutive weights along the reduction
      (the input channels, then the kernel taps), the `n` largest stay
      (2:4 by default).
    - `mode=channel`: whole output channels go, the least important first
      (the `criterion` norm of each filter, summed over the layers that
      share the channels). Channels are coupled into groups by following
      every tensor forward: activations, pools, pads and reductions over
      other axes keep them; a depthwise convolution's input and output are
      the same channels; the operands of an elementwise op (a residual add)
      share them; a concat along the channel axis places its inputs' groups
      at offsets; transposes and reshapes (a flatten before a fully
      connected layer) map each channel to its block of positions. Every
      constant along those tensors is cut to the kept channels (filters,
      biases, per-channel constants, the next layer's input channels or
      column blocks) and every tensor type and reshape shape shrinks. A
      group whose tensors reach a function argument, a function result or
      an op not listed is kept whole; the first and the last layer are kept
      unless `skip-first-last=false`. Per group, `sparsity` of the channels
      go (`scope=global`: ranked across groups by importance relative to the
      group mean), at least `min-kept` stay, rounded up to `multiple-of`.

    `skip` (glob patterns) leaves layers alone; `sparsity-for=PATTERN=S`
    overrides the sparsity of matching layers (channel mode: of the groups
    they produce).

    `reconstruct=true` (channel mode, with `stats=FILE` holding channel
    moments of the calibrated graph's markers): each layer that reads
    pruned channels (`tosa.conv2d`, `tosa.transpose_conv2d`, a fully
    connected `tosa.matmul`) whose input is a `qnt.calibrate` marker is
    refitted before it is cut. From the second moments of its input's
    channel vectors, the removed channels are predicted by least squares
    from the kept ones and a constant, at each position; the prediction is
    folded into the kept channels' weights (at every kernel tap) and the
    constant into the bias (a matmul has none: no constant). The remark
    gives the positions fitted on and the part of the removed inputs'
    energy left unexplained; a layer without moments is only cut. Each pruned layer gets a remark with its parameters,
    non-zero weights and MACs before and after, and the module one with the
    totals; `report=FILE` writes them, with the channel groups, as JSON.

    ```mlir
    // channel, sparsity=0.5: conv1's 4 filters -> the 2 with the largest
    // L1 norm; conv2 keeps its 2 filters and loses the matching inputs.
    %0 = tosa.conv2d %x, %w1, %b1 ... -> tensor<1x8x8x4xf32>   // 1x8x8x2
    %1 = tosa.clamp %0 ...            -> tensor<1x8x8x4xf32>   // 1x8x8x2
    %2 = tosa.conv2d %1, %w2, %b2 ... -> tensor<1x8x8x2xf32>   // %w2: 2x3x3x2
    ```
  }];
  let options = [
    Option<"mode", "mode", "::qmlir::qnt::PruneMode",
           /*default=*/"::qmlir::qnt::PruneMode::Magnitude",
           "magnitude, nm or channel", [{::llvm::cl::values(
             clEnumValN(::qmlir::qnt::PruneMode::Magnitude, "magnitude",
                        "the smallest weights of each layer"),
             clEnumValN(::qmlir::qnt::PruneMode::NM, "nm",
                        "N of every M consecutive weights kept"),
             clEnumValN(::qmlir::qnt::PruneMode::Channel, "channel",
                        "whole output channels and their uses"))}]>,
    Option<"sparsity", "sparsity", "double", /*default=*/"0.5",
           "The fraction of weights (magnitude) or channels (channel) "
           "removed, in [0, 1)">,
    Option<"n", "n", "unsigned", /*default=*/"2",
           "N:M: weights kept in every run of m">,
    Option<"m", "m", "unsigned", /*default=*/"4", "N:M: the run length">,
    Option<"scope", "scope", "::qmlir::qnt::PruneScope",
           /*default=*/"::qmlir::qnt::PruneScope::Layer",
           "layer (every layer to the sparsity) or global (one ranking for "
           "the whole model)", [{::llvm::cl::values(
             clEnumValN(::qmlir::qnt::PruneScope::Layer, "layer",
                        "every layer to the sparsity"),
             clEnumValN(::qmlir::qnt::PruneScope::Global, "global",
                        "one ranking for the whole model"))}]>,
    Option<"criterion", "criterion", "::qmlir::qnt::PruneCriterion",
           /*default=*/"::qmlir::qnt::PruneCriterion::L1",
           "Channel importance: l1 or l2 norm of each filter, or "
           "reconstruction",
           [{::llvm::cl::values(
             clEnumValN(::qmlir::qnt::PruneCriterion::L1, "l1", "L1 norm"),
             clEnumValN(::qmlir::qnt::PruneCriterion::L2, "l2", "L2 norm"),
             clEnumValN(::qmlir::qnt::PruneCriterion::Reconstruction,
                        "reconstruction",
                        "the consumers' output error after a refit (needs "
                        "reconstruct)"))}]>,
    ListOption<"skip", "skip", "std::string",
               "Glob patterns of layer names left unpruned">,
    ListOption<"sparsityFor", "sparsity-for", "std::string",
               "PATTERN=SPARSITY overrides for matching layers">,
    Option<"minKept", "min-kept", "int64_t", /*default=*/"1",
           "The fewest weights (magnitude) or channels (channel) a layer "
           "keeps">,
    Option<"multipleOf", "multiple-of", "int64_t", /*default=*/"1",
           "channel: kept channel counts rounded up to a multiple of this">,
    Option<"skipFirstLast", "skip-first-last", "bool", /*default=*/"true",
           "channel: keep the first and the last layer of each function">,
    Option<"reportFile", "report", "std::string", /*default=*/"\"\"",
           "Write the report as JSON to this file">,
    Option<"reconstruct", "reconstruct", "bool", /*default=*/"false",
           "channel: refit the layers reading pruned channels by least "
           "squares on calibration moments (needs stats)">,
    Option<"statsFile", "stats", "std::string", /*default=*/"\"\"",
           "Statistics of a calibration run with channel moments "
           "(qmlir-run --calibrate --channel-moments)">,
  ];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
}

#endif // QMLIR_TRANSFORMS_PASSES_TD
