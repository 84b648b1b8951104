// RUN: rm -rf %t && mkdir -p %t

/// Each class of bad input gives one clear error, a non-zero exit, and no
/// output file.

// RUN: %python %S/make-models.py garbage %t/garbage.onnx
// RUN: not qmlir-translate --import-onnx %t/garbage.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=GARBAGE
// GARBAGE: garbage.onnx:0:0: error: not a valid ONNX model: the protobuf cannot be parsed (not an .onnx file, or truncated)

// RUN: %python %S/make-models.py truncated %t/truncated.onnx
// RUN: not qmlir-translate --import-onnx %t/truncated.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: truncated.onnx:0:0: error: not a valid ONNX model

// RUN: %python %S/make-models.py unknown_op %t/unknown_op.onnx
// RUN: not qmlir-translate --import-onnx %t/unknown_op.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=CHECKER
// CHECKER: error: ONNX checker: No Op registered for Foo with domain_version of 13

// Found by fuzzing (fuzz/regressions/onnx): a shapeless graph input, and a
// rank-0 ConvTranspose weight on which libonnx's shape inference crashes
// (it runs in a child process; the crash becomes this error).
// RUN: %python %S/make-models.py shapeless_input %t/shapeless_input.onnx
// RUN: not qmlir-translate --import-onnx %t/shapeless_input.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=SHAPELESS
// SHAPELESS: shapeless_input.onnx:0:0: error: graph input 'w' has no shape: qmlir needs the rank of every input
// RUN: %python %S/make-models.py sequence_input %t/sequence_input.onnx
// RUN: not qmlir-translate --import-onnx %t/sequence_input.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=SEQUENCE
// SEQUENCE: sequence_input.onnx:0:0: error: graph input 's' is not a tensor (sequence, map and optional inputs are not supported)
// RUN: %python %S/make-models.py rank0_convtranspose %t/rank0_convtranspose.onnx
/// libonnx crashes on it: inference runs in qmlir-onnx-infer, a process of
/// its own; one error, and no temporary or core file left.
// RUN: rm -rf %t/tmp && mkdir -p %t/tmp && cd %t/tmp
// RUN: env TMPDIR=%t/tmp not qmlir-translate --import-onnx %t/rank0_convtranspose.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=INFERCRASH
// INFERCRASH: rank0_convtranspose.onnx:0:0: error: ONNX shape inference crashed on this model (Segmentation fault): it is malformed in a way the ONNX checker does not catch
// INFERCRASH-NOT: error
// RUN: not ls %t/out.mlir
// RUN: ls -A %t/tmp | count 0

// RUN: %python %S/make-models.py custom_op %t/custom_op.onnx
// RUN: not qmlir-translate --import-onnx %t/custom_op.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: error: cannot infer the type of 'y' (output of node 'mystery' (Mystery in domain 'com.example', opset 1)); ONNX shape inference gave none

// RUN: %python %S/make-models.py graph_attribute %t/graph_attribute.onnx
// RUN: not qmlir-translate --import-onnx %t/graph_attribute.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=GRAPH
// GRAPH: error: node 'branchy' (If, opset 13): its condition 'cond' is not known at compile time (an If is compiled as the branch its condition selects once that folds: bind the model inputs it depends on with --input-value NAME=VALUE or --input-shape)
// RUN: qmlir-translate --import-onnx %t/graph_attribute.onnx --input-value cond=0 | FileCheck %s --check-prefix=FOLDED
// FOLDED-NOT: "If"
// FOLDED: return

// RUN: %python %S/make-models.py string_tensor %t/string_tensor.onnx
// RUN: not qmlir-translate --import-onnx %t/string_tensor.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=STRING
// STRING: error: graph output 'y' has element type string, which is not supported

// RUN: %python %S/make-models.py external %t/external.onnx
// RUN: rm %t/external.onnx.data
// RUN: not qmlir-translate --import-onnx %t/external.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=EXTERNAL
// EXTERNAL: error: tensor 'conv.w': external data file 'external.onnx.data' cannot be read

// RUN: %python %S/make-models.py conv_relu %t/conv_relu.onnx
// RUN: not qmlir-translate --import-onnx %t/conv_relu.onnx --onnx-dim batch=2 -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=DIMNAME
// DIMNAME: error: --input-shape batch=2: no graph input has a dimension named 'batch'
// RUN: not qmlir-translate --import-onnx %t/conv_relu.onnx --onnx-dim N=0 -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=DIMVALUE
// DIMVALUE: error: --input-shape 'N=0' is not NAME=AxBx... (an input's shape) or NAME=VALUE (a symbolic dimension), with every value >= 1

// RUN: %python %S/make-models.py external_range %t/external_range.onnx
// RUN: not qmlir-translate --import-onnx %t/external_range.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: error: tensor 'conv.w': external data range [100000, {{[0-9]+}}) lies outside 'external_range.onnx.data'

// Shapes are checked where they enter: negative sizes from shape inference
// (a kernel larger than its padded input), element counts past int64.
// RUN: %python %S/make-models.py conv_big_kernel %t/conv_big_kernel.onnx
// RUN: not qmlir-translate --import-onnx %t/conv_big_kernel.onnx -o %t/big.mlir 2>&1 | FileCheck %s --check-prefix=NEGDIM
// NEGDIM: error: {{.*}}'y' has dimension 2 = -1 (negative)
// RUN: %python %S/make-models.py huge_initializer %t/huge_initializer.onnx
// RUN: not qmlir-translate --import-onnx %t/huge_initializer.onnx -o %t/big.mlir 2>&1 | FileCheck %s --check-prefix=HUGEDIM
// HUGEDIM: error: {{.*}}'{{[wy]}}' has more elements than int64 counts
// RUN: not ls %t/big.mlir

// External data stays inside the model's folder: no "..", no absolute path,
// no symbolic link out of it; only a regular file's declared range is read.
// RUN: mkdir -p %t/ext/sub
// RUN: %python %S/make-models.py external_edit %t/ext/up.onnx location=../../../../../../../../etc/passwd
// RUN: not qmlir-translate --import-onnx %t/ext/up.onnx -o %t/ext/out.mlir 2>&1 | FileCheck %s --check-prefix=EXTUP
// EXTUP: error: tensor 'conv.w': external data location '../../../../../../../../etc/passwd' is not a relative path inside the model's folder
// RUN: %python %S/make-models.py external_edit %t/ext/abs.onnx location=/etc/passwd
// RUN: not qmlir-translate --import-onnx %t/ext/abs.onnx -o %t/ext/out.mlir 2>&1 | FileCheck %s --check-prefix=EXTABS
// EXTABS: error: tensor 'conv.w': external data location '/etc/passwd' is not a relative path inside the model's folder
// RUN: ln -sf /etc/passwd %t/ext/link.data
// RUN: %python %S/make-models.py external_edit %t/ext/link.onnx location=link.data
// RUN: not qmlir-translate --import-onnx %t/ext/link.onnx -o %t/ext/out.mlir 2>&1 | FileCheck %s --check-prefix=EXTLINK
// EXTLINK: error: tensor 'conv.w': external data file 'link.data' resolves to /etc/passwd, outside the model's folder
// RUN: %python %S/make-models.py external_edit %t/ext/dir.onnx location=sub
// RUN: not qmlir-translate --import-onnx %t/ext/dir.onnx -o %t/ext/out.mlir 2>&1 | FileCheck %s --check-prefix=EXTDIR
// EXTDIR: error: tensor 'conv.w': external data file 'sub' is not a regular file
// RUN: %python %S/make-models.py external_edit %t/ext/past.onnx offset=100000 -length
// RUN: not qmlir-translate --import-onnx %t/ext/past.onnx -o %t/ext/out.mlir 2>&1 | FileCheck %s --check-prefix=EXTPAST
// EXTPAST: error: tensor 'conv.w': external data range [100000, end) lies outside 'past.onnx.data'
// RUN: %python %S/make-models.py external_edit %t/ext/neg.onnx offset=-8
// RUN: not qmlir-translate --import-onnx %t/ext/neg.onnx -o %t/ext/out.mlir 2>&1 | FileCheck %s --check-prefix=EXTNEG
// EXTNEG: error: tensor 'conv.w': external data offset '-8' is not a non-negative integer
// Nothing written by any of them.
// RUN: not ls %t/ext/out.mlir

// RUN: %python %S/make-models.py string_constant %t/string_constant.onnx
// RUN: not qmlir-translate --import-onnx %t/string_constant.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=CSTRING
// CSTRING: error: node 'cstr' (Constant, opset 13): attribute 'value_string' is not supported

// RUN: %python %S/make-models.py short_raw_data %t/short_raw_data.onnx
// RUN: not qmlir-translate --import-onnx %t/short_raw_data.onnx -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=RAW
// RAW: error: tensor 'w' holds 12 bytes, but float of shape 'tensor<2x2xf32>' needs 16

// RUN: not ls %t/out.mlir

// A device or a pipe as the input: refused before the driver reads it (it
// reads its input whole, and /dev/zero never ends); -o may be a device.
// RUN: not qmlir-translate --import-onnx /dev/zero -o %t/dev.mlir 2>&1 | FileCheck %s --check-prefix=DEVICE
// RUN: not ls %t/dev.mlir
// DEVICE: qmlir-translate: error: '/dev/zero' is not a regular file
// RUN: rm -f %t/fifo && mkfifo %t/fifo
// RUN: not qmlir-translate --qmlir-to-object %t/fifo -o %t/fifo.o 2>&1 | FileCheck %s --check-prefix=FIFO
// FIFO: qmlir-translate: error: '{{.*}}fifo' is not a regular file
// RUN: %python %S/make-models.py garbage %t/g.onnx
// RUN: not qmlir-translate -o /dev/null --import-onnx %t/g.onnx 2>&1 | FileCheck %s --check-prefix=DEVOUT
// DEVOUT: g.onnx:0:0: error: not a valid ONNX model

// A tiny model whose ConstantOfShape expands to 1.6 GB, under a 3 GB
// address-space limit: over qmlir's limit for one tensor (a quarter of the
// memory the process may use), an error at import, not an allocation
// failure in a later step.
// RUN: %python %S/make-models.py constant_of_shape_huge %t/expand.onnx
// RUN: (ulimit -v 3000000 && not qmlir-translate --import-onnx %t/expand.onnx -o %t/expand.mlir) 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: not ls %t/expand.mlir
// BUDGET: expand.onnx:0:0: error: graph output 'y' of type 'tensor<1x400000000xf32>' takes 1600000000 bytes, more than qmlir's limit for one tensor (768000000 bytes: a quarter of the memory this process may use)
