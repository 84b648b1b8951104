#!/bin/bash
# Runs one representative bad input of each class of docs/BadInput.md and
# prints a Markdown table: class, input, the diagnostic (its first error or
# warning line), exit status, and the files the command left beside its
# inputs (each command writes into a fresh folder, which must stay empty).
#
#   utils/bad-input-table.sh BUILD_DIR
#
# Needs the build's tools and /usr/bin/python3 with numpy and onnx (the test
# suite's helpers make the inputs).
set -u
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
bin=$build/bin
py=/usr/bin/python3
models=$src/test/Target/ONNX/make-models.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Inputs shared by the rows.
$py - <<'EOF'
import numpy as np
np.save("x.npy", np.ones((4, 1, 4), np.float32))
np.save("x44.npy", np.ones((4, 4), np.float32))
np.save("empty.npy", np.zeros((0, 1, 4), np.float32))
np.save("nhwc.npy", np.ones((5, 2, 2, 1), np.float32))
np.save("labels.npy", np.array([0, 10, 1, 2], np.int64))
open("big.npy", "wb").write(b"\0" * 4096)
EOF
cat > model.mlir <<'EOF'
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
EOF
cat > nchw.mlir <<'EOF'
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %0 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}
EOF
cat > huge.mlir <<'EOF'
func.func @main(%x: tensor<2xf32>) -> tensor<4611686018427387904xf32> {
  %0 = tosa.const_shape {values = dense<[2305843009213693952]> : tensor<1xindex>} : () -> !tosa.shape<1>
  %1 = tosa.tile %x, %0 : (tensor<2xf32>, !tosa.shape<1>) -> tensor<4611686018427387904xf32>
  return %1 : tensor<4611686018427387904xf32>
}
EOF
$py -c "import numpy as np; np.save('x2.npy', np.ones(2, np.float32))"
$py -c "open('deep.json', 'w').write('[' * 50000 + ']' * 50000)"
$py "$src/test/Dialect/QNT/Transforms/make-stats.py" big-count.json x:-1:1:4611686018427387904
mkdir -p ext && $py "$models" external_edit ext/up.onnx location=../../../../../../../../etc/passwd
ln -sf /etc/passwd ext/link.data
$py "$models" external_edit ext/link.onnx location=link.data
$py "$models" external_edit ext/past.onnx offset=100000 -length
$py "$models" huge_initializer huge_initializer.onnx
$py "$models" conv_big_kernel conv_big_kernel.onnx
$py "$models" constant_of_shape_huge expand.onnx
$py "$models" opset_future opset99.onnx
$py - <<'EOF'
import numpy as np
from onnx import TensorProto, helper, numpy_helper, save
w = numpy_helper.from_array(np.ones((4, 5), np.float32), "w")
g = helper.make_graph([helper.make_node("Gemm", ["x", "w"], ["y"], name="fc1")], "g",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["a", "b"])], initializer=[w])
save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), "gemm.onnx")
np.save("gemm-x.npy", np.ones((2, 3), np.float32))
EOF
cat > overflow.mlir <<'EOF'
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %big = "tosa.const"() <{values = dense<3.0e38> : tensor<1x4xf32>}> : () -> tensor<1x4xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.mul %x, %big, %shift : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1xi8>) -> tensor<1x4xf32>
  %1 = tosa.mul %0, %big, %shift : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1xi8>) -> tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}
EOF
cat > zero-weights.mlir <<'EOF'
func.func @main(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<1.0e-45> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}
EOF
$py -c "import numpy as np; np.save('conv-x.npy', np.ones((2, 4, 4, 2), np.float32))"
cat > wide.mlir <<'EOF'
!t = !quant.uniform<i32:f32, 1.0:2147483647>
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = qnt.quantize %x : tensor<1x4xf32> -> tensor<1x4x!t>
  %d = qnt.dequantize %q : tensor<1x4x!t> -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}
EOF
$py -c "import numpy as np; np.save('wide-x.npy', np.array([[1, -3, 1e6, -2.5e9]], np.float32))"

echo "| class | input | diagnostic | exit | files left |"
echo "|---|---|---|---|---|"
# row CLASS INPUT COMMAND...: runs COMMAND in a fresh folder out/ (outputs
# go there: -o out/..., --output-dir out/...).
row() {
  local class=$1 input=$2
  shift 2
  rm -rf out && mkdir out
  local log status
  log=$(TMPDIR="$work/out" "$@" 2>&1 >/dev/null)
  status=$?
  local message
  message=$(printf '%s\n' "$log" | grep -m1 -E 'error|warning|^result: ')
  [ -n "$message" ] || message=$(printf '%s\n' "$log" | head -n1)
  message=$(printf '%s' "$message" | sed "s|$work/||g; s|$src/||g; s/|/\\\\|/g")
  local left
  left=$(cd out && find . -mindepth 1 | sed 's|^\./||' | tr '\n' ' ')
  [ "$status" = 0 ] && [ -n "$left" ] && left="$left(the output asked for)"
  echo "| $class | $input | \`$message\` | $status | ${left:-none} |"
}

row "1 external data outside the folder" "location ../../etc/passwd" \
  "$bin/qmlir-translate" --import-onnx ext/up.onnx -o out/m.mlir
row "1 external data outside the folder" "symlink to /etc/passwd" \
  "$bin/qmlir-translate" --import-onnx ext/link.onnx -o out/m.mlir
row "2 external data past the end" "offset 100000, no length" \
  "$bin/qmlir-translate" --import-onnx ext/past.onnx -o out/m.mlir
row "3 dimensions that overflow" "initializer [2^32, 2^32]" \
  "$bin/qmlir-translate" --import-onnx huge_initializer.onnx -o out/m.mlir
row "3 dimensions that overflow" "Conv kernel larger than the input" \
  "$bin/qmlir-translate" --import-onnx conv_big_kernel.onnx -o out/m.mlir
row "3 dimensions that overflow" "ConstantOfShape to 1.6 GB, ulimit -v 3 GB" \
  bash -c "ulimit -v 3000000 && exec \"$bin/qmlir-quantize\" expand.onnx --calibration-data x.npy -o out/q.mlir"
row "3 dimensions that overflow" "qmlir-run, a 2^62-element result" \
  "$bin/qmlir-run" huge.mlir --input x2.npy --output-dir out/r
row "4 compiled code = reference" "i32 storage, zero point 2^31-1" \
  bash -c "'$bin/qmlir-run' wide.mlir --input wide-x.npy --output-dir jit &&
           '$bin/qmlir-run' wide.mlir --input wide-x.npy --output-dir ref --reference &&
           cmp jit/result0.npy ref/result0.npy &&
           echo 'result: compiled and reference outputs identical (cmp)' >&2"
row "5 statistics edge cases" "--histogram-bins 0" \
  "$bin/qmlir-quantize" model.mlir --calibration-data x.npy --histogram-bins 0 -o out/q.mlir
row "5 statistics edge cases" "stats nested 50,000 deep" \
  "$bin/qmlir-run" --ranges deep.json
row "5 statistics edge cases" "merge of counts 2^62 x 5" \
  "$bin/qmlir-run" --merge-stats big-count.json big-count.json big-count.json big-count.json big-count.json -o out/m.json
row "6 whole-stream reads" "--input /dev/zero" \
  "$bin/qmlir-run" model.mlir --input /dev/zero --output-dir out/r
row "6 whole-stream reads" "--import-onnx /dev/zero" \
  "$bin/qmlir-translate" --import-onnx /dev/zero -o out/m.mlir
row "6 whole-stream reads" "a 4 KB non-npy file" \
  "$bin/qmlir-run" model.mlir --input big.npy --output-dir out/r
row "7 leftovers" "a JIT run and a quantization, TMPDIR watched" \
  bash -c "'$bin/qmlir-run' model.mlir --input x44.npy --output-dir r7 --no-cache &&
           '$bin/qmlir-quantize' model.mlir --calibration-data x.npy -o q7.mlir > /dev/null &&
           echo 'result: nothing written to TMPDIR' >&2"
row "8 exit status" "--auto-precision not met" \
  "$bin/qmlir-quantize" "$src/examples/digits/model.onnx" --calibration-data "$src/examples/digits/calibration.npy" --eval-data "$src/examples/digits/eval.npy" --auto-precision=min-sqnr:1000 -o out/q.mlir
row "8 exit status" "label 10 of 4 classes" \
  "$bin/qmlir-quantize" model.mlir --calibration-data x.npy --eval-data x.npy --eval-labels labels.npy -o out/q.mlir
row "8 exit status" "--time --repeat 0" \
  "$bin/qmlir-run" model.mlir --input x.npy --time --repeat 0
row "8 exit status" "opset 99" \
  "$bin/qmlir-translate" --import-onnx opset99.onnx -o out/m.mlir
row "9 blame" "a model computing Inf from finite data" \
  "$bin/qmlir-quantize" overflow.mlir --calibration-data x.npy -o out/q.mlir
row "9 blame" "0-sample calibration data" \
  "$bin/qmlir-quantize" model.mlir --calibration-data empty.npy -o out/q.mlir
row "9 blame" "NHWC data for an NCHW input" \
  "$bin/qmlir-quantize" nchw.mlir --calibration-data nhwc.npy -o out/q.mlir
row "9 blame" "--input nosuch=x.npy" \
  "$bin/qmlir-run" model.mlir --input nosuch=x.npy --output-dir out/r
row "9 blame" "Gemm 2x3 by 4x5" \
  "$bin/qmlir-quantize" gemm.onnx --calibration-data gemm-x.npy -o out/q.mlir
row "9 blame" "--method bogus" \
  "$bin/qmlir-quantize" model.mlir --calibration-data x.npy --method bogus -o out/q.mlir
row "9 blame" "qmlir-opt method=bogus" \
  "$bin/qmlir-opt" model.mlir --qnt-quantize="method=bogus" -o out/q.mlir
row "9 blame" "weights ~1e-45 (a warning; exit 0)" \
  "$bin/qmlir-quantize" zero-weights.mlir --calibration-data conv-x.npy -o out/q.mlir
