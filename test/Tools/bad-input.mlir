// Every class of bad input in docs/BadInput.md: one clear diagnostic naming
// the thing at fault, exit status 1, and no output file. (Tool-specific
// cases have their own tests; the table links them.)
//
// RUN: rm -rf %t && split-file %s %t && cd %t
// RUN: %python -c "import numpy as np; np.save('x.npy', np.ones((1, 4), np.float32)); b = open('x.npy', 'rb').read(); open('trunc.npy', 'wb').write(b[:-3]); open('bad.npy', 'wb').write(b'PK not a npy'); x = np.ones((3, 1, 4), np.float32); x[1, 0, 2] = np.inf; np.save('inf.npy', x); np.save('wrong.npy', np.ones((3, 5), np.float32)); np.save('calib.npy', np.ones((3, 1, 4), np.float32))"
// RUN: head -c 1000 %S/../../examples/digits/model.onnx > trunc.onnx
//
// Malformed and truncated MLIR.
// RUN: (qmlir-opt malformed.mlir -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=MLIR
// MLIR: malformed.mlir:1:17: error: expected non-function type
// MLIR: exit=1
// RUN: head -c 70 model.mlir > trunc.mlir
// RUN: (qmlir-run trunc.mlir --input x.npy --output-dir out 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=TRUNCMLIR
// TRUNCMLIR: trunc.mlir:2:{{[0-9]+}}: error:
// TRUNCMLIR: exit=1
//
// Malformed and truncated ONNX.
// RUN: (qmlir-translate --import-onnx malformed.onnx -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=ONNX
// ONNX: malformed.onnx:0:0: error: not a valid ONNX model: the protobuf cannot be parsed (not an .onnx file, or truncated)
// ONNX: exit=1
// RUN: (qmlir-quantize trunc.onnx --calibration-data calib.npy -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=TRUNCONNX
// TRUNCONNX: trunc.onnx:0:0: error: not a valid ONNX model: the protobuf cannot be parsed (not an .onnx file, or truncated)
// TRUNCONNX: qmlir-quantize: error: cannot read the model trunc.onnx
// TRUNCONNX: exit=1
//
// Malformed and truncated .npy.
// RUN: (qmlir-run model.mlir --input bad.npy --output-dir out 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=NPY
// NPY: qmlir-run: error: bad.npy: not a .npy file (no \x93NUMPY magic)
// NPY: exit=1
// RUN: (qmlir-run model.mlir --input trunc.npy --output-dir out 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=TRUNCNPY
// TRUNCNPY: qmlir-run: error: trunc.npy: truncated data: float32[1, 4] needs 16 bytes, the file has 13
// TRUNCNPY: exit=1
//
// Malformed and truncated stats files.
// RUN: head -c 40 stats.json > trunc.json
// RUN: (qmlir-opt model.mlir --qnt-quantize=stats=trunc.json -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=STATS
// STATS: error: {{.*}}trunc.json: not a stats file: invalid JSON
// STATS: exit=1
//
// A pass option value that does not exist: LLVM's option parser names it,
// before any input is read; nothing at an unknown location.
// RUN: (qmlir-opt model.mlir --qnt-quantize="stats=stats.json method=bogus" -o bogus.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=OPTVALUE
// RUN: not ls bogus.mlir
// OPTVALUE: qmlir-opt: for the --method option: Cannot find option named 'bogus'!
// OPTVALUE-NOT: unknown>
// OPTVALUE: exit=1
// RUN: (qmlir-opt model.mlir --pass-pipeline="builtin.module(qnt-quantize{method=bogus})" -o bogus.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=PIPEVALUE
// PIPEVALUE: qmlir-opt: for the --method option: Cannot find option named 'bogus'!
// PIPEVALUE-NEXT: qmlir-opt: error: failed to add `qnt-quantize` with options `method=bogus`
// PIPEVALUE-NEXT: exit=1
// A device as the input: refused before it is read.
// RUN: (qmlir-opt /dev/zero -o dev.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=OPTDEV
// RUN: not ls dev.mlir
// OPTDEV: qmlir-opt: error: '/dev/zero' is not a regular file
// OPTDEV-NEXT: exit=1
//
// Nesting deeper than MLIR's recursive parser can take (found by fuzzing:
// it exhausted the stack): rejected before parsing.
// RUN: %python -c "print('func.func @f(%%x: tensor<4xf32>) -> tensor<4xf32> {\n  return %%x :' + '(' * 100000 + '\n}')" > deep.mlir
// RUN: (qmlir-opt deep.mlir -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=DEEPOPT
// DEEPOPT: deep.mlir:2:1013: error: brackets nested more than 1000 levels deep (qmlir's limit for MLIR input)
// DEEPOPT: exit=1
// RUN: (qmlir-run deep.mlir --input x.npy --output-dir out 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=DEEPJIT
// DEEPJIT: deep.mlir:2:1013: error: brackets nested more than 1000 levels deep
// DEEPJIT: qmlir-run: error: cannot read the model deep.mlir
// DEEPJIT: exit=1
// RUN: (qmlir-quantize deep.mlir --calibration-data calib.npy -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=DEEPQ
// DEEPQ: deep.mlir:2:1013: error: brackets nested more than 1000 levels deep
// DEEPQ: exit=1
// RUN: (qmlir-translate --qmlir-to-object deep.mlir -o deep.o 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=DEEPAOT
// RUN: not ls deep.o deep.h
// DEEPAOT: deep.mlir:2:1013: error: brackets nested more than 1000 levels deep
// DEEPAOT: exit=1
// RUN: (qmlir-translate --qmlir-to-shared-library deep.mlir -o deep.so 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=DEEPAOT
// RUN: not ls deep.so deep.h
//
// A malformed integer list in the custom form of linalg.transpose,
// linalg.broadcast or linalg.reduce (found by fuzzing: MLIR's parser of
// these ops dereferences a null attribute): rejected before parsing, with
// no output written.
// RUN: %python -c "print('func.func @f(%%w: tensor<2x2xi8>, %%e: tensor<2x2xi8>) -> tensor<2x2xi8> {\n  %%t = linalg.transpose ins(%%w : tensor<2x2xi8>) outs(%%e : tensor<2x2xi8>) permutation = [1, 0\n  return %%t : tensor<2x2xi8>\n}')" > perm.mlir
// RUN: rm -f out.mlir
// RUN: (qmlir-opt perm.mlir -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=PERM
// PERM: perm.mlir:2:90: error: 'linalg.transpose' needs 'permutation = [...]' with int64 values
// PERM-NEXT: exit=1
// RUN: test ! -e out.mlir
// RUN: %python -c "print('func.func @f(%%w: tensor<2xi8>, %%e: tensor<2x2xi8>) -> tensor<2x2xi8> {\n  %%t = linalg.broadcast ins(%%w : tensor<2xi8>) outs(%%e : tensor<2x2xi8>) dimensions = 1\n  return %%t : tensor<2x2xi8>\n}')" > dims.mlir
// RUN: (qmlir-run dims.mlir --input x.npy --output-dir out 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=DIMS
// DIMS: dims.mlir:2:87: error: 'linalg.broadcast' needs 'dimensions = [...]' with int64 values
// DIMS: qmlir-run: error: cannot read the model dims.mlir
// DIMS: exit=1
// RUN: (qmlir-quantize perm.mlir --calibration-data calib.npy -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=PERMQ
// PERMQ: perm.mlir:2:90: error: 'linalg.transpose' needs 'permutation = [...]'
// PERMQ: exit=1
//
// Properties of a linalg named op that are not a dictionary (found by
// fuzzing: MLIR's parser of these ops reads them as one): rejected before
// parsing.
// RUN: %python -c "print('func.func @f(%%e: tensor<4xi32>) -> tensor<4xi32> {\n  %%c = arith.constant 0 : i32\n  %%r = linalg.fill <2> ins(%%c : i32) outs(%%e : tensor<4xi32>) -> tensor<4xi32>\n  return %%r : tensor<4xi32>\n}')" > props.mlir
// RUN: (qmlir-opt props.mlir -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=PROPS
// PROPS: props.mlir:3:21: error: 'linalg.fill' properties must be a dictionary, '<{...}>'
// PROPS-NEXT: exit=1
// RUN: test ! -e out.mlir
// RUN: (qmlir-run props.mlir --input x.npy --output-dir out 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=PROPSJIT
// PROPSJIT: props.mlir:3:21: error: 'linalg.fill' properties must be a dictionary
// PROPSJIT: exit=1
//
// An unsupported op and an unsupported attribute value.
// RUN: (qmlir-opt unsupported.mlir --qmlir-import-cleanup-pipeline -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=OP
// OP: unsupported.mlir:2:8: error: ONNX Hardmax node 'e' (opset 13) is not supported
// OP: exit=1
// RUN: (qmlir-opt attribute.mlir --qmlir-import-cleanup-pipeline -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=ATTR
// ATTR: attribute.mlir:2:8: error: ONNX Conv (opset 11): auto_pad 'SOMETIMES' is not supported
// ATTR: exit=1
//
// Invalid quantization parameters: scale <= 0 (the quant type parser), zero
// point out of range and per-axis scale count (the qnt verifiers), a NaN
// scale in an ONNX QuantizeLinear.
// RUN: (qmlir-opt scale.mlir -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=SCALE
// SCALE: scale.mlir:1:{{[0-9]+}}: error: scale -5.000000e-01 out of expressed type range
// SCALE: exit=1
// RUN: (qmlir-opt zero-point.mlir -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=ZP
// ZP: zero-point.mlir:2:8: error: 'qnt.quantize' op result zero point 300 is outside the storage range [0, 255] of u8
// ZP: exit=1
// RUN: (qmlir-opt axis.mlir -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=AXIS
// AXIS: axis.mlir:2:8: error: 'qnt.quantize' op result has 2 scales but its quantized axis 1 has size 3
// AXIS: exit=1
// RUN: (qmlir-opt nan-scale.mlir --qmlir-import-cleanup-pipeline -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=NAN
// NAN: nan-scale.mlir:3:8: error: ONNX QuantizeLinear (opset 13): y_scale nan must be positive and finite
// NAN: exit=1
//
// Calibration data with NaN/Inf, or of the wrong shape.
// RUN: (qmlir-quantize model.mlir --calibration-data inf.npy -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=CALNAN
// CALNAN: qmlir-quantize: error: inf.npy: sample {{[0-9]+}} holds a non-finite value (inf)
// CALNAN: exit=1
// RUN: (qmlir-quantize model.mlir --calibration-data wrong.npy -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=CALSHAPE
// CALSHAPE: qmlir-quantize: error: calibration: wrong.npy: float32[3, 5] holds samples of shape [5]; the model's input takes samples of shape [4]
// CALSHAPE: exit=1
//
// Missing files.
// RUN: (qmlir-run missing.mlir --input x.npy --output-dir out 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=MISSING
// MISSING: missing.mlir:0:0: error: cannot open input file 'missing.mlir': No such file or directory
// MISSING: exit=1
// RUN: (qmlir-quantize model.mlir --calibration-data missing.npy -o out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=MISSINGNPY
// MISSINGNPY: qmlir-quantize: error: {{.*}}missing.npy: cannot open: No such file or directory
// MISSINGNPY: exit=1
//
// Unwritable output paths.
// RUN: (qmlir-opt model.mlir -o no/such/dir/out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=OUTOPT
// OUTOPT: cannot open output file 'no/such/dir/out.mlir': No such file or directory
// OUTOPT: exit=1
// RUN: (qmlir-quantize model.mlir --calibration-data calib.npy -o no/such/dir/out.mlir 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=OUTQ
// OUTQ: qmlir-quantize: error: cannot write no/such/dir/out.mlir: {{.*}}No such file or directory
// OUTQ: exit=1
// RUN: touch file && (qmlir-run model.mlir --input x.npy --output-dir file/out 2>&1; echo "exit=$?") | FileCheck %s --check-prefix=OUTDIR
// OUTDIR: qmlir-run: error: cannot create file/out: Not a directory
// OUTDIR: exit=1
//
// Nothing was written by any of the failures above.
// RUN: not ls out.mlir out no 2> /dev/null
//
// Killed mid-way: qmlir-quantize stopped by SIGKILL while it calibrates
// leaves no output (the model is written last, through a temporary that is
// renamed); a later run writes it whole.
// (40 copies of the calibration set keep it calibrating for seconds.)
// RUN: %python -c "import numpy as np; x = np.load('%S/../../examples/digits/calibration.npy'); np.save('big-calib.npy', np.concatenate([x] * 40))"
// RUN: %python %S/bad-input/kill_midway.py qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data big-calib.npy -o killed.mlir | FileCheck %s --check-prefix=KILL
// KILL: killed after {{[0-9.]+}} s; killed.mlir absent; no temporary left
// RUN: qmlir-quantize %S/../../examples/digits/model.onnx --calibration-data %S/../../examples/digits/calibration.npy -o killed.mlir > /dev/null 2>&1
// RUN: qmlir-opt killed.mlir > /dev/null

//--- model.mlir
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

//--- malformed.mlir
func.func @main( {

//--- stats.json
{"format": "qmlir-calibration-stats", "version": 1, "bins": 2, "tensors": []}

//--- unsupported.mlir
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = onnx.node "Hardmax"(%x) {node_attributes = {}, opset = 13 : i64, name = "e"} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

//--- attribute.mlir
func.func @main(%x: tensor<1x2x6x6xf32>, %w: tensor<2x2x3x3xf32>) -> tensor<1x2x6x6xf32> {
  %0 = onnx.node "Conv"(%x, %w) {node_attributes = {auto_pad = "SOMETIMES"}, opset = 11 : i64} : (tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return %0 : tensor<1x2x6x6xf32>
}

//--- scale.mlir
func.func @main(%x: tensor<2xf32>) -> tensor<2x!quant.uniform<u8:f32, -0.5:3>> {
  %0 = qnt.quantize %x : tensor<2xf32> -> tensor<2x!quant.uniform<u8:f32, -0.5:3>>
  return %0 : tensor<2x!quant.uniform<u8:f32, -0.5:3>>
}

//--- zero-point.mlir
func.func @main(%x: tensor<2xf32>) -> tensor<2x!quant.uniform<u8:f32, 0.5:300>> {
  %0 = qnt.quantize %x : tensor<2xf32> -> tensor<2x!quant.uniform<u8:f32, 0.5:300>>
  return %0 : tensor<2x!quant.uniform<u8:f32, 0.5:300>>
}

//--- axis.mlir
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3x!quant.uniform<u8:f32:1, {0.5, 0.25}>> {
  %0 = qnt.quantize %x : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<u8:f32:1, {0.5, 0.25}>>
  return %0 : tensor<2x3x!quant.uniform<u8:f32:1, {0.5, 0.25}>>
}

//--- nan-scale.mlir
func.func @main(%x: tensor<4xf32>) -> tensor<4xui8> {
  %s = arith.constant dense<0x7FC00000> : tensor<f32>
  %0 = onnx.node "QuantizeLinear"(%x, %s) {node_attributes = {}, opset = 13 : i64} : (tensor<4xf32>, tensor<f32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

//--- malformed.onnx
this is not a protobuf
