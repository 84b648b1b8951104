// REQUIRES: qmlir-jit, numpy
// RUN: rm -rf %t && %python %S/fake_quant.py make %t
// RUN: qmlir-run %s --input %t/x.npy --output-dir %t/out
// RUN: %python %S/fake_quant.py check %t

/// Quantize/dequantize executed through convert-qnt-to-linalg and the
/// codegen pipeline, bit for bit against the numerics library's formulas in
/// numpy: u8 per tensor (the storage values too) and s8 narrow range per
/// axis, on ties, saturating values, NaN and infinities; and a requantize
/// from u8 (0.5, 3) to narrow s8 (0.2) against the fixed-point formula.
!u8 = !quant.uniform<u8:f32, 0.5:3>
!s8 = !quant.uniform<i8<-127:127>:f32:1, {0.10000000149011612, 0.20000000298023224, 0.30000001192092896, 0.4000000059604645, 0.5, 0.6000000238418579, 0.699999988079071, 0.800000011920929, 0.8999999761581421, 1.0, 1.100000023841858, 1.2000000476837158, 1.2999999523162842, 1.399999976158142, 1.5, 1.600000023841858}>
!n8 = !quant.uniform<i8<-127:127>:f32, 0.2>
func.func @main(%x: tensor<4x16xf32>) -> (tensor<4x16xui8> {qmlir.name = "u8_q"}, tensor<4x16xf32> {qmlir.name = "u8_dq"}, tensor<4x16xf32> {qmlir.name = "s8_axis_dq"}, tensor<4x16xi8> {qmlir.name = "requantized"}) {
  %q = qnt.quantize %x : tensor<4x16xf32> -> tensor<4x16x!u8>
  %bits = quant.scast %q : tensor<4x16x!u8> to tensor<4x16xi8>
  %stored = tensor.bitcast %bits : tensor<4x16xi8> to tensor<4x16xui8>
  %dq = qnt.dequantize %q : tensor<4x16x!u8> -> tensor<4x16xf32>
  %qa = qnt.quantize %x : tensor<4x16xf32> -> tensor<4x16x!s8>
  %dqa = qnt.dequantize %qa : tensor<4x16x!s8> -> tensor<4x16xf32>
  %r = qnt.requantize %q : tensor<4x16x!u8> -> tensor<4x16x!n8>
  %rbits = quant.scast %r : tensor<4x16x!n8> to tensor<4x16xi8>
  return %stored, %dq, %dqa, %rbits : tensor<4x16xui8>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xi8>
}
