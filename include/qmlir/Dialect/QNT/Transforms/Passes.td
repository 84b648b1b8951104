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
    definition and takes over all its uses. Values whose parameters the
    model pins (a QDQ model) are not marked: a `qnt.dequantize` result, or
    a value only quantized (all its users are `qnt.quantize`); with
    `all-activations` they are. Round trips through a narrower float type
    (`tosa.cast` f32 -> f16 -> f32, the f16 roundings of an fp16 model
    computed in f32) are removed first: the quantization step is far
    coarser, and each would stay a float op between quantized ones.

    Chains of element-wise ops of one activation (add, sub, mul, clamp,
    sigmoid, tanh, exp, log, pow, ... whose other operands are constants,
    splat or with one value per channel of the last axis: hard-swish
    `x * clamp(x + 3, 0, 6) / 6`, an affine map `x * a + b`, a batch
    normalization) are marked at their ends only, unless `inside-chains`:
    a value computed from one root value by such ops and read only by ops
    of the same chain is not marked. Quantized, such a chain is computed
    once per 8-bit input value (`qnt.table`) and rounded once, instead of
    at every op; with wider or float input it stays float between its
    quantized ends.

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
    Option<"insideChains", "inside-chains", "bool", /*default=*/"false",
           "Also mark the values inside chains of element-wise ops of one "
           "activation (by default only the chain's ends are marked, and "
           "qnt-fuse makes an 8-bit chain one table lookup)">,
  ];
  let dependentDialects = ["::qmlir::qnt::QNTDialect"];
}

def QNTLowerCalibration
    : Pass<"qnt-lower-calibration", "::mlir::ModuleOp"> {
  let summary = "Lower calibration markers to calls into the runtime's "
                "observers";
  let description = [{
    Each `qnt.calibrate` becomes a read of its tensor as a buffer and a call
    `qmlir_rt_calibration_observe(recorder, index, memref<*xf32>)` (C
    interface), and its result the marked value. `recorder` is read from the
    module's variable `@__qmlir_calibration_recorder` (memref<i64>, 0: no
    recorder), which the host sets per compiled model
    (`qmlir::setCalibrationRecorder`): no process or thread state. Indices
    follow the order of the markers in the module; the module attribute
    `qmlir.calibration_ids` lists the ids by index, which is how a
    calibration run names its statistics. The first stage of
    `qmlir-codegen-pipeline`; a module without markers is unchanged.

    Errors: two markers with the same id, markers of non-f32 tensors, and
    the runtime function or the recorder variable declared otherwise.
  }];
  let dependentDialects = [
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::arith::ArithDialect",
  ];
}

def QNTQuantize : Pass<"qnt-quantize", "::mlir::ModuleOp"> {
  let summary = "Replace calibration markers by quantize/dequantize pairs and "
                "quantize constant weights";
  let description = [{
    Turns a calibrated float graph into the annotated graph (DESIGN.md level
    2). Each `qnt.calibrate` marker becomes `qnt.quantize` +
    `qnt.dequantize` with a `!quant.uniform` type whose scale and zero point
    come from the marker's statistics (`stats`) by the range method
    (`method`, per id `method-for`) and `chooseQuantParams` (the range
    widened to contain 0). The constant weights of convolutions and matmuls
    become constants of the storage type, per output channel (or per
    tensor) and symmetric, behind a `qnt.dequantize`.

    Markers of values a `qnt.dequantize` produces, or whose users are all
    `qnt.quantize` ops (parameters pinned by a QDQ/QLinear model), are
    dropped: pinned parameters are never recomputed.
    With `mode=weight-only` every marker is dropped and only the weights
    are quantized; convert-qnt-to-linalg then keeps the integer weights in
    the float contraction's kernel (converted in its inner loop) and applies
    the scales in an epilogue. `mode=dynamic` is the same, but convolutions
    and matmuls are marked `qnt.dynamic`: their input is quantized at run
    time, from its range in each call, and the product is computed on
    integers.

    `keep-float` names ids or layers (glob patterns) that stay float: their
    markers go and their weights are not quantized. `float-layers` names
    layers whose weights stay float while their input and output
    activations are still quantized: the layer runs in float between a
    dequantize and a quantize (the unit of sensitivity analysis and mixed
    precision). `activations-for=PATTERN=u8|s8|s16` gives matching ids
    another activation scheme than `activations` (the first match wins):
    16-bit activations around chosen layers, 8-bit elsewhere; ids that
    qnt-fuse or qnt-propagate-scales give one type (an activation after a
    convolution, a max pool) must get the same scheme. Biases stay float here;
    `qnt-propagate-scales` gives them their input x weight scales.

    Errors: no or unreadable stats file, a marker id without statistics (stats
    of another model), statistics without a finite value, and invalid
    options, each naming the option or id.
  }];
  let options = [
    Option<"statsFile", "stats", "std::string", /*default=*/"\"\"",
           "Statistics of a calibration run (stats.json)">,
    Option<"mode", "mode", "::qmlir::QuantizationMode",
           /*default=*/"::qmlir::QuantizationMode::Static",
           "static (activations quantized with calibrated parameters), "
           "weight-only (activations stay float; no statistics needed) or "
           "dynamic (convolution and matmul inputs quantized at run time)",
           "::qmlir::quantizationModeValues()">,
    Option<"method", "method", "::qmlir::quant::RangeMethod",
           /*default=*/"::qmlir::quant::RangeMethod::MinMax",
           "Range method: minmax, avg-minmax, percentile, entropy, mse",
           "::qmlir::rangeMethodValues()">,
    ListOption<"methodFor", "method-for", "std::string",
               "Per-id range methods, ID=METHOD">,
    Option<"percentile", "percentile", "double", /*default=*/"99.999",
           "Percentile of the percentile method">,
    Option<"activations", "activations", "::qmlir::ActivationScheme",
           /*default=*/"::qmlir::ActivationScheme::U8",
           "Activation scheme: u8 (asymmetric), s8 or s16 (symmetric)",
           "::qmlir::activationSchemeValues()">,
    Option<"weights", "weights", "::qmlir::WeightGranularity",
           /*default=*/"::qmlir::WeightGranularity::PerChannel",
           "Weight granularity: per-channel (output channels) or per-tensor",
           "::qmlir::weightGranularityValues()">,
    Option<"weightBits", "weight-bits", "unsigned", /*default=*/"8",
           "Weight storage bits: 8, 7 (i8 storage in [-64, 63]: exact on "
           "AVX2's vpmaddubsw kernel) or 4">,
    Option<"narrowRange", "narrow-range", "bool", /*default=*/"true",
           "Signed symmetric types leave out their most negative value "
           "(weights, s8/s16 activations)">,
    ListOption<"keepFloat", "keep-float", "std::string",
               "Ids or layer names (glob patterns) that stay float">,
    ListOption<"activationsForSpecs", "activations-for", "std::string",
               "PATTERN=u8|s8|s16: the activation scheme of matching ids "
               "(first match; mixed precision)">,
    ListOption<"floatLayers", "float-layers", "std::string",
               "Layers (glob patterns) computed in float between quantized "
               "activations: their weights stay float, the activations "
               "around them are quantized as usual">,
  ];
  let dependentDialects = [
    "::qmlir::qnt::QNTDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::quant::QuantDialect",
  ];
}

def QNTBiasCorrection : Pass<"qnt-bias-correction", "::mlir::ModuleOp"> {
  let summary = "Fold the expected output shift of quantized weights into "
                "convolution biases";
  let description = [{
    Runs on the calibrated float graph, before `qnt-quantize`. Quantizing a
    convolution's weights changes each output channel by the rounding errors
    of its weights times its inputs; on average, over the calibration data,
    by `shift[o] = sum over taps k and input channels i of
    (dq(q(w))[o, k, i] - w[o, k, i]) * mean(x[i])`. The pass quantizes each
    `tosa.conv2d` and `tosa.depthwise_conv2d` weight tensor exactly as
    `qnt-quantize` will (`weights`, `weight-bits`, `narrow-range`), takes
    the per-channel means of the input from the calibration statistics of
    the `qnt.calibrate` marker feeding it (`channel_sums` in a stats file),
    and subtracts the shift from the float bias, which `qnt-propagate-scales`
    then quantizes. Only unlabeled calibration data is needed.

    The means are those of the whole input tensor, so zero padding at the
    borders is not accounted for. Layers without a marker on their input,
    without per-channel means, with weights or bias that are not constants,
    or named by `keep-float` or `float-layers`, are left as they are.
    One remark says how many convolutions were corrected and where the
    largest shift was.

    Errors: no statistics (`stats` or in memory), an unreadable stats file,
    and invalid options.
  }];
  let options = [
    Option<"statsFile", "stats", "std::string", /*default=*/"\"\"",
           "Statistics of a calibration run (stats.json)">,
    Option<"weights", "weights", "::qmlir::WeightGranularity",
           /*default=*/"::qmlir::WeightGranularity::PerChannel",
           "Weight granularity, as qnt-quantize's",
           "::qmlir::weightGranularityValues()">,
    Option<"weightBits", "weight-bits", "unsigned", /*default=*/"8",
           "Weight storage bits, as qnt-quantize's: 8, 7 or 4">,
    Option<"narrowRange", "narrow-range", "bool", /*default=*/"true",
           "As qnt-quantize's">,
    ListOption<"keepFloat", "keep-float", "std::string",
               "Layer names (glob patterns) whose weights stay float">,
    ListOption<"floatLayers", "float-layers", "std::string",
               "Layer names (glob patterns) computed in float">,
  ];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
}

def QNTSmoothQuant : Pass<"qnt-smooth-quant", "::mlir::ModuleOp"> {
  let summary = "Move activation outliers into the weights of the layers "
                "reading them (SmoothQuant)";
  let description = [{
    Runs on a float graph with calibration markers and their statistics;
    the graph must be calibrated again afterwards (`qmlir-quantize
    --smooth-quant` does both runs). A few channels of a layer's input
    with ranges far wider than the rest (the outliers of transformer
    activations after a layer normalization) set its per-tensor scale, and
    the other channels keep few levels. For each `qnt.calibrate` marker
    read only by layers with constant f32 weights (`tosa.conv2d`, fully
    connected ones included; `tosa.depthwise_conv2d`; `tosa.matmul` with a
    constant right operand), channel `c` of the input is divided by
    `s_c = max|x_c|^alpha / max|w_c|^(1 - alpha)` and the weights reading it
    multiplied by it: `max|x_c|` from the marker's statistics
    (`channel_min`, `channel_max`), `max|w_c|` over every reading layer's
    weights on input channel `c`. The division goes into the op producing
    the input, so the graph computes the same function (up to f32
    rounding) with no op added: walking up from the marker through
    reshapes that keep the last axis, ReLUs and pools (which commute with a
    positive scale) and adds and subtracts of constants that vary only
    along the last axis (divided too), it must end at a multiply by such a
    constant (a layer normalization's gamma: divided), or a convolution,
    depthwise convolution (multiplier 1) or matmul with constant weights
    (and bias): their output channels divided. Every value on that path
    has one user. `alpha` near 1 moves more of the range into the
    weights.

    Markers whose readers or producer do not qualify, without channel
    extremes in the statistics, or whose readers are named by `keep-float`
    or `float-layers`, are left alone. One remark says how many inputs
    were smoothed and, for the one whose channel ranges differed most, the
    ratio of its largest channel range to the median before and after.

    Errors: no statistics (`stats` or in memory), an unreadable stats file,
    `alpha` outside [0, 1], and invalid patterns.
  }];
  let options = [
    Option<"statsFile", "stats", "std::string", /*default=*/"\"\"",
           "Statistics of a calibration run with channel extremes">,
    Option<"alpha", "alpha", "double", /*default=*/"0.5",
           "Migration strength in [0, 1]: the share of each channel's "
           "range moved into the weights">,
    ListOption<"keepFloat", "keep-float", "std::string",
               "Layer names (glob patterns) whose weights stay float">,
    ListOption<"floatLayers", "float-layers", "std::string",
               "Layer names (glob patterns) computed in float">,
  ];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
}

def QNTRoundWeights : Pass<"qnt-round-weights", "::mlir::ModuleOp"> {
  let summary = "Round convolution and fully connected weights to minimise "
                "the layer's output error on calibration data";
  let description = [{
    Runs on the calibrated float graph, before `qnt-quantize`. Rounding each
    weight to the nearest level minimises each weight's own error, not the
    layer's: errors of weights that multiply correlated inputs add up. For
    each `tosa.conv2d` and fully connected `tosa.matmul` whose input is a
    `qnt.calibrate` marker with channel moments (`channel_moments` in the
    statistics: the input's second moments `H = E[x x^T]` over its
    channels), the weights get `qnt-quantize`'s scales (`weights`,
    `weight-bits`, `narrow-range`), and each output's weights at each kernel
    tap are rounded one input channel at a time, in the order of decreasing
    `H[c, c]`: each rounding error is compensated on the channels not yet
    rounded by the least-squares update `w[k] -= e / U[j, j] * U[j, k]`,
    with `U` the upper Cholesky factor of `(H + damping * mean(diag H) *
    I)^-1` (optimal brain quantization, as GPTQ computes it). This is the
    closed-form, one-pass alternative to AdaRound's learned rounding: no
    gradient steps, the same second moments, and exact for each output
    given the moments. Kernel taps are treated as independent (the moments
    are per channel, not per patch). Moments from few positions per channel
    describe the calibration data more than the layer's inputs: their
    off-diagonal part is shrunk by `min(1, shrink * channels / positions)`,
    so a layer seen at too few positions is rounded to nearest.

    The integers chosen are pinned in the graph as `qnt-quantize` would
    write them (`qnt.dequantize` of the storage constant behind a storage
    cast), and `qnt-quantize` keeps pinned weights. Layers without a marker
    on their input, without moments of the right width, with weights that
    are not f32 constants, or named by `keep-float` or `float-layers`, are
    left to `qnt-quantize`. One remark says how many layers were rounded and
    their output error energy (`e^T H e` summed over outputs) against
    round-to-nearest's.

    Errors: no statistics (`stats` or in memory), an unreadable stats file,
    and invalid options.
  }];
  let options = [
    Option<"statsFile", "stats", "std::string", /*default=*/"\"\"",
           "Statistics of a calibration run with channel moments">,
    Option<"weights", "weights", "::qmlir::WeightGranularity",
           /*default=*/"::qmlir::WeightGranularity::PerChannel",
           "Weight granularity, as qnt-quantize's",
           "::qmlir::weightGranularityValues()">,
    Option<"weightBits", "weight-bits", "unsigned", /*default=*/"8",
           "Weight storage bits, as qnt-quantize's: 8, 7 or 4">,
    Option<"narrowRange", "narrow-range", "bool", /*default=*/"true",
           "As qnt-quantize's">,
    Option<"damping", "damping", "double", /*default=*/"0.01",
           "Added to the moments' diagonal, as a fraction of its mean, in "
           "(0, 1]">,
    Option<"shrink", "shrink", "double", /*default=*/"16",
           "The moments' off-diagonal entries are scaled by 1 - min(1, "
           "shrink * channels / positions): with few calibration positions "
           "per channel the rounding tends to round-to-nearest (0: trust "
           "the moments whatever their count)">,
    ListOption<"keepFloat", "keep-float", "std::string",
               "Layer names (glob patterns) whose weights stay float">,
    ListOption<"floatLayers", "float-layers", "std::string",
               "Layer names (glob patterns) computed in float">,
  ];
  let dependentDialects = [
    "::qmlir::qnt::QNTDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::quant::QuantDialect",
  ];
}

def QNTPropagateScales
    : Pass<"qnt-propagate-scales", "::mlir::func::FuncOp"> {
  let summary = "Give same-scale and fixed-range ops consistent quantization "
                "parameters";
  let description = [{
    Visits the ops of the annotated graph in order (deterministic) and
    settles the parameters the integer graph needs:

    - Same-scale ops (reshape, transpose, max_pool2d, pad, slice, concat,
      clamp) compute on quantized values without rescaling, so their data
      operands and result share one parameter set, chosen by a fixed
      priority: a pinned operand, the pinned result, then the calibrated
      operand (one-operand ops, whose result lies within their operand's
      range). An unpinned concat takes its calibrated result's parameters,
      which cover all its parts (without a quantized result: the operand
      with the widest range); an operand that only the concat reads is then
      written with them by its producer, any other is requantized. "Pinned"
      parameters come from the model (quantize ops without
      `qnt.calibrated`); calibrated ones from `qnt-quantize`.
    - Fixed-range ops get their output parameters from the op: sigmoid
      [0, 1] (u8: 1/256, 0; i8: 1/256, -128; i16: 1/32768, 0), tanh [-1, 1]
      (u8: 1/128, 128; i8: 1/128, 0; i16: 1/32768, 0), and any op carrying
      `qnt.fixed_range = array<f64: lo, hi>` (the ONNX conversion marks the
      last op of Softmax and HardSigmoid with [0, 1]).
    - Convolution biases become int32 with scale input x weight scale.

    The result takes the chosen parameters when its own are calibrated and
    not yet assigned by an earlier decision; an operand takes them only when
    they are pinned (its calibrated parameters are right for its producer).
    An assigned or pinned parameter set is never overwritten: the use that
    needs other parameters gets an explicit `qnt.requantize` (an operand: a
    requantize before the op; a pinned result: the op's output quantized
    with the shared parameters, then requantized to the pinned ones), and a
    remark names both sides. Per-axis parameters are not shared.
  }];
  let dependentDialects = ["::qmlir::qnt::QNTDialect"];
}

def QNTFoldConstantWeights
    : Pass<"qnt-fold-constant-weights", "::mlir::func::FuncOp"> {
  let summary = "Evaluate data movement on constants";
  let description = [{
    Float-graph preparation, run in the import clean-up: `tosa.slice`,
    `tosa.concat`, `tosa.transpose` and `tosa.reshape` whose operands are
    all constants (of byte-sized integer or float elements) become one
    constant. Exporters rearrange weights in the graph (PyTorch's LSTM and
    GRU exports reorder the gate blocks with slices and a concat, then
    transpose); folded, they reach their layer as a constant that
    quantization packs as integer weights. Constants above `max-elements`
    elements are left as they are, as is anything with a run-time operand.
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", "16777216",
           "Largest constant (in elements) read or written by a fold">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tosa::TosaDialect"];
}

def QNTPrepareQDQ : Pass<"qnt-prepare-qdq", "::mlir::func::FuncOp"> {
  let summary = "Bring the quantize/dequantize pairs of a QDQ model next to "
                "the ops they quantize";
  let description = [{
    Float-graph preparation for models whose quantization parameters are
    pinned (QDQ exports: QuantizeLinear/DequantizeLinear around each op).
    After the conversion to TOSA, layout ops (the NCHW<->NHWC transposes,
    reshapes of weights and of fully connected inputs) sit between the pairs
    and the ops they quantize, where `qnt-fuse` cannot see through them.
    Every rewrite is exact (a per-tensor quantization commutes with moving
    elements; quantizing a quantized value with its own parameters gives it
    back):

    - A transpose or reshape of a dequantized constant folds into the
      integer constant; a per-axis axis follows its elements (a reshape that
      splits the axis is left alone).
    - `layout(dequantize(quantize(layout'(x))))`, per tensor, becomes
      `dequantize(quantize(layout(layout'(x))))`: the two layout ops meet and
      cancel.
    - `quantize(layout(x))`, x computed by an op, becomes
      `quantize(layout(dequantize(quantize(x))))` with the same parameters,
      so the op is quantized directly and the layout op moves integers.
    - A float consumer of `layout(dequantize(q))` reads
      `dequantize(quantize(layout(dequantize(q))))`.
    - A fully connected layer with a dequantized weight and int32 bias
      (`add(matmul(a, b), c)`) becomes a 1x1 `tosa.conv2d` with that bias.

    Graphs without quantize/dequantize ops are left unchanged.
  }];
  let dependentDialects = [
    "::qmlir::qnt::QNTDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::quant::QuantDialect",
    "::mlir::tosa::TosaDialect",
  ];
}

def QNTFuse : Pass<"qnt-fuse", "::mlir::func::FuncOp"> {
  let summary = "Fuse dequantize -> float op -> quantize into integer qnt ops";
  let description = [{
    Turns the annotated graph (DESIGN.md level 2) into the integer graph
    (level 3). Each `qnt.quantize` of a float op whose operands are
    `qnt.dequantize` results becomes the integer op on the quantized
    operands, with the quantize's type as its result type:

    | float op | integer op |
    |---|---|
    | `tosa.conv2d` (bias: an i32 dequantize or zeros) | `qnt.conv2d` |
    | `tosa.depthwise_conv2d` | `qnt.depthwise_conv2d` |
    | `tosa.matmul` | `qnt.matmul` |
    | `tosa.add`, `tosa.mul` | `qnt.add`, `qnt.mul` |
    | `tosa.max_pool2d` | `qnt.max_pool2d` (+ `qnt.requantize` if the types differ) |
    | `tosa.avg_pool2d` | `qnt.avg_pool2d` |
    | `tosa.concat` | `qnt.concat` |
    | `tosa.reshape`, `tosa.transpose`, `tosa.slice` | the same op on the storage integers (`quant.scast` around it) |
    | `tosa.clamp` after an integer op of the same type | the op's `clamp` (a fused activation) |

    A quantize of a dequantize becomes a `qnt.requantize` (nothing when the
    types agree), and consecutive requantizes fold into one (a single
    rounding instead of two).

    Then, on what is left: a quantize of a chain of float element-wise ops
    (add, sub, mul, clamp, sigmoid, tanh, exp, log, reciprocal, rsqrt, abs,
    negate, pow, erf, maximum, minimum, floor, ceil) computed from one
    dequantized 8-bit value and constants becomes one `qnt.table`: the
    chain is evaluated in f32 on each of the 256 input values and quantized
    once with the result's parameters (hard-swish, a sigmoid or a log, with
    any affine map by constants around them, in one lookup and one
    rounding). A constant with one value per channel of the last axis
    ([1, ..., 1, C]: a batch normalization's scale and shift, a layer
    norm's gamma and beta) gives one table per channel, 256 x C entries (up
    to 1024 channels). `qnt-insert-calibration` leaves the inside of such chains
    unmarked, so they reach this pass whole.

    An op the integer forms do not accept (per-axis activations, a float
    bias that is not zero, a constant varying along another axis, a 16-bit
    input to a chain, ...) stays float between its dequantize and quantize, and a
    remark says so.
  }];
  let dependentDialects = [
    "::qmlir::qnt::QNTDialect",
    "::mlir::quant::QuantDialect",
    "::mlir::tosa::TosaDialect",
  ];
}

#endif // QMLIR_DIALECT_QNT_TRANSFORMS_PASSES_TD
