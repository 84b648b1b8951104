// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --qmlir-codegen-pipeline

/// An op TOSA-to-linalg cannot lower stops the pipeline with a diagnostic
/// naming it.
func.func @custom(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{failed to legalize operation 'tosa.custom'}}
  %0 = tosa.custom %x {operator_name = "my_op", domain_name = "test", implementation_attrs = ""} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
