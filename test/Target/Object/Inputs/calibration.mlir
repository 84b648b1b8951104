// A calibration model: its markers call qmlir's runtime, which objects do
// not carry.
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnt.calibrate %x id "x" : tensor<4xf32>
  return %0 : tensor<4xf32>
}
