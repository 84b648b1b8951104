// RUN: qmlir-opt %s --verify-diagnostics --qmlir-vnni-matmul=target=amx8

// expected-error@+1 {{qmlir-vnni-matmul: unknown target 'amx8' (auto, vnni, none)}}
module {
}
