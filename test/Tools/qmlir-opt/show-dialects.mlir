// RUN: qmlir-opt --show-dialects | FileCheck %s

/// qmlir-opt knows qnt next to every upstream dialect.
// CHECK: Available Dialects:
// CHECK-SAME: linalg
// CHECK-SAME: qnt
// CHECK-SAME: quant
// CHECK-SAME: tosa
