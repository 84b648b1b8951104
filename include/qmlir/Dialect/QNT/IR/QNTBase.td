//===- QNTBase.td - qnt dialect definition and constraints -*- tablegen -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The `qnt` dialect: quantization markers, float <-> integer conversions and
// integer compute ops on tensors of upstream `!quant.uniform` element types.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECT_QNT_IR_QNTBASE_TD
#define QMLIR_DIALECT_QNT_IR_QNTBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"

def QNT_Dialect : Dialect {
  let name = "qnt";
  let cppNamespace = "::qmlir::qnt";
  let summary = "Quantized compute for qmlir";
  let description = [{
    The `qnt` dialect carries a float model through quantization. It adds to
    upstream MLIR only what upstream lacks:

    * `qnt.calibrate` marks an activation whose range is to be observed;
    * `qnt.quantize` / `qnt.dequantize` convert between float and quantized
      tensors with round-half-to-even and saturation (upstream
      `quant.qcast`/`quant.dcast` leave rounding to their lowering, and
      `lower-quant-ops` truncates);
    * `qnt.requantize` and the integer compute ops (`qnt.conv2d`,
      `qnt.depthwise_conv2d`, `qnt.matmul`, `qnt.add`, `qnt.mul`,
      `qnt.max_pool2d`, `qnt.avg_pool2d`, `qnt.concat`) whose integer
      semantics is written down exactly, so that every lowering can be checked
      bit for bit against the scalar reference in `qmlir/Quant/Numerics.h`.

    Element types are upstream `!quant.uniform` types, per tensor or per axis.
    Storage types accepted for tensors are `i4`, `u4`, `i8`, `u8`, `i16` and
    `u16`; biases use `i32` storage with zero point 0.

    Common notation used in the op descriptions:

    * `applyScale(v, M, s, mode)`: `(v * M + r) >> s` computed in 64 bits with
      an arithmetic shift, `r = 1 << (s - 1)`; with `mode = double` and
      `s > 31`, `r` is further increased by `1 << 30` for `v >= 0` and
      decreased by `1 << 30` for `v < 0` (TOSA's `apply_scale_32`). The result
      saturates to int32.
    * `(M, s) = quantizeMultiplier(m)`: the int32 multiplier
      `M` in `[2^30, 2^31)` and shift `s` in `[2, 62]` with
      `m ~= M * 2^-s`, `M = round(frac(m) * 2^31)` where `frac(m)` is the
      mantissa of `m` in `[0.5, 1)` (see docs/Numerics.md).
    * `sat_T(v)`: `v` clamped to the storage range of the quantized type `T`
      (`[qmin, qmax]` of its storage type).
    * For a quantized type `T`, `s_T` is its scale (per channel where the type
      is per axis) and `z_T` its zero point.
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
  let useDefaultAttributePrinterParser = 0;
  let useDefaultTypePrinterParser = 0;
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def QNT_RoundingSingle : I32EnumAttrCase<"Single", 0, "single">;
def QNT_RoundingDouble : I32EnumAttrCase<"Double", 1, "double">;

def QNT_RoundingModeAttr : I32EnumAttr<"RoundingMode",
    "rounding of a fixed-point rescale",
    [QNT_RoundingSingle, QNT_RoundingDouble]> {
  let cppNamespace = "::qmlir::qnt";
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def QNT_FloatTensor : RankedTensorOf<[AnyFloat]>;
def QNT_QuantizedTensor : RankedTensorOf<[quant_QuantizedType]>;

//===----------------------------------------------------------------------===//
// Base op class
//===----------------------------------------------------------------------===//

class QNT_Op<string mnemonic, list<Trait> traits = []> :
    Op<QNT_Dialect, mnemonic, traits>;

#endif // QMLIR_DIALECT_QNT_IR_QNTBASE_TD
