// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --qmlir-signless-tensors

// expected-error@+1 {{argument #1 of type 'memref<4xui8>': signed and unsigned integer elements are only rewritten in tensors}}
func.func @memref_argument(%a: tensor<4xui8>, %m: memref<4xui8>) {
  return
}
