// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --convert-qnt-to-linalg

!a = !quant.uniform<i16:f32, 0.1>
!y = !quant.uniform<i16:f32, 0.5>

func.func @mul_16bit(%x: tensor<4x!a>) -> tensor<4x!y> {
  // expected-error@+1 {{cannot lower to linalg: 'qnt.mul' of operands wider than 8 bits}}
  %0 = qnt.mul %x, %x : (tensor<4x!a>, tensor<4x!a>) -> tensor<4x!y>
  return %0 : tensor<4x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:3>

func.func @dynamic(%x: tensor<?x4x4x1x!x>) -> tensor<?x2x2x1x!x> {
  // expected-error@+1 {{cannot lower to linalg: dynamic shapes}}
  %0 = qnt.max_pool2d %x kernel = [2, 2] stride = [2, 2] pad = [0, 0, 0, 0] : tensor<?x4x4x1x!x> -> tensor<?x2x2x1x!x>
  return %0 : tensor<?x2x2x1x!x>
}
