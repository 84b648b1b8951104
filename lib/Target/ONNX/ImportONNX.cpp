//===- ImportONNX.cpp - ONNX model to the onnx dialect --------------------===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// Translation only: every ONNX node becomes one generic `onnx.node`; op
// semantics are left to the conversion to TOSA. libonnx reports checker and
// shape-inference failures by throwing, so this file is compiled with
// exceptions and catches them here; nothing throws past it.
//
//===----------------------------------------------------------------------===//

#include "qmlir/Target/ONNX/ImportONNX.h"
#include "qmlir/Dialect/ONNX/IR/ONNXOps.h"
#include "qmlir/Support/InputLimits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <cstring>
#if defined(__unix__)
#endif
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

using namespace mlir;
using namespace qmlir;

namespace {

/// The name `qmlir-run` and later passes read for graph inputs and outputs.
constexpr llvm::StringLiteral kNameAttr = "qmlir.name";

const char *dataTypeName(int type) {
  switch (type) {
  case onnx::TensorProto::FLOAT:
    return "float";
  case onnx::TensorProto::UINT8:
    return "uint8";
  case onnx::TensorProto::INT8:
    return "int8";
  case onnx::TensorProto::UINT16:
    return "uint16";
  case onnx::TensorProto::INT16:
    return "int16";
  case onnx::TensorProto::INT32:
    return "int32";
  case onnx::TensorProto::INT64:
    return "int64";
  case onnx::TensorProto::STRING:
    return "string";
  case onnx::TensorProto::BOOL:
    return "bool";
  case onnx::TensorProto::FLOAT16:
    return "float16";
  case onnx::TensorProto::DOUBLE:
    return "double";
  case onnx::TensorProto::UINT32:
    return "uint32";
  case onnx::TensorProto::UINT64:
    return "uint64";
  case onnx::TensorProto::COMPLEX64:
    return "complex64";
  case onnx::TensorProto::COMPLEX128:
    return "complex128";
  case onnx::TensorProto::BFLOAT16:
    return "bfloat16";
  default:
    return "undefined";
  }
}

const char *attributeKindName(onnx::AttributeProto::AttributeType kind) {
  return onnx::AttributeProto::AttributeType_Name(kind).c_str();
}

class Importer {
public:
  Importer(MLIRContext *context, StringRef modelPath,
           const ImportONNXOptions &options)
      : options(options), builder(context), modelPath(modelPath.str()),
        fileLoc(FileLineColLoc::get(context, modelPath, 0, 0)) {}

  OwningOpRef<ModuleOp> import(StringRef bytes);

private:
  InFlightDiagnostic error(Location loc) { return emitError(loc); }
  InFlightDiagnostic error() { return emitError(fileLoc); }

  /// "node 'conv1' (Conv, opset 13)".
  std::string describe(const onnx::NodeProto &node) const;
  Location locate(const onnx::NodeProto &node);

  FailureOr<Type> elementType(int dataType, Location loc, const Twine &what);
  FailureOr<Type> valueType(const std::string &name, Location loc,
                            const Twine &what);
  LogicalResult loadExternalData(onnx::TensorProto &tensor);
  FailureOr<DenseElementsAttr> tensorAttr(const onnx::TensorProto &tensor,
                                          Location loc);
  /// tensorAttr of a node attribute's tensor, whose data may be external.
  FailureOr<DenseElementsAttr> attributeTensor(const onnx::AttributeProto &attr,
                                               Location loc);
  FailureOr<NamedAttribute> nodeAttribute(const onnx::AttributeProto &attr,
                                          const onnx::NodeProto &node);
  LogicalResult importConstantNode(const onnx::NodeProto &node);
  LogicalResult importNode(const onnx::NodeProto &node);
  LogicalResult pinSymbolicDims(onnx::GraphProto &graph);
  LogicalResult bindInputValues(onnx::GraphProto &graph);

  const ImportONNXOptions &options;

  OpBuilder builder;
  std::string modelPath;
  Location fileLoc;
  onnx::ModelProto model;
  llvm::StringMap<int64_t> opsets;
  llvm::StringMap<const onnx::TypeProto *> types;
  llvm::StringMap<Value> values;
  Value none;
};

std::string Importer::describe(const onnx::NodeProto &node) const {
  std::string domain = node.domain();
  auto it = opsets.find(domain == "ai.onnx" ? "" : domain);
  std::string text = "node '" + node.name() + "' (" + node.op_type();
  if (!domain.empty())
    text += " in domain '" + domain + "'";
  if (it != opsets.end())
    text += ", opset " + std::to_string(it->second);
  return text + ")";
}

Location Importer::locate(const onnx::NodeProto &node) {
  std::string name =
      node.name().empty()
          ? node.op_type() + ":" + (node.output_size() ? node.output(0) : "")
          : node.name();
  return NameLoc::get(builder.getStringAttr(name), fileLoc);
}

FailureOr<Type> Importer::elementType(int dataType, Location loc,
                                      const Twine &what) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
    return Type(builder.getF32Type());
  case onnx::TensorProto::DOUBLE:
    return Type(builder.getF64Type());
  case onnx::TensorProto::FLOAT16:
    return Type(builder.getF16Type());
  case onnx::TensorProto::BFLOAT16:
    return Type(builder.getBF16Type());
  case onnx::TensorProto::INT8:
    return Type(builder.getIntegerType(8));
  case onnx::TensorProto::INT16:
    return Type(builder.getIntegerType(16));
  case onnx::TensorProto::INT32:
    return Type(builder.getIntegerType(32));
  case onnx::TensorProto::INT64:
    return Type(builder.getIntegerType(64));
  case onnx::TensorProto::UINT8:
    return Type(builder.getIntegerType(8, /*isSigned=*/false));
  case onnx::TensorProto::UINT16:
    return Type(builder.getIntegerType(16, /*isSigned=*/false));
  case onnx::TensorProto::UINT32:
    return Type(builder.getIntegerType(32, /*isSigned=*/false));
  case onnx::TensorProto::UINT64:
    return Type(builder.getIntegerType(64, /*isSigned=*/false));
  case onnx::TensorProto::BOOL:
    return Type(builder.getI1Type());
  default:
    error(loc) << what << " has element type " << dataTypeName(dataType)
               << ", which is not supported";
    return failure();
  }
}

/// Checks the shape of `what` as the model declares it: every dimension
/// non-negative (or unknown, for a value), and the element count and its
/// size in bytes within int64. A negative dimension is what ONNX shape
/// inference gives for a kernel larger than its padded input.
static LogicalResult checkShape(ArrayRef<int64_t> dims, Type element,
                                Location loc, const llvm::Twine &what) {
  int64_t count = 1;
  unsigned bits = element.isIntOrFloat() ? element.getIntOrFloatBitWidth() : 8;
  int64_t bytesPerElement = std::max<int64_t>(1, bits / 8);
  for (auto [axis, dim] : llvm::enumerate(dims)) {
    if (ShapedType::isDynamic(dim))
      continue;
    if (dim < 0)
      return emitError(loc) << what << " has dimension " << axis << " = " << dim
                            << " (negative)";
    if (llvm::MulOverflow(count, dim, count))
      return emitError(loc) << what << " has more elements than int64 counts";
  }
  int64_t bytes;
  if (llvm::MulOverflow(count, bytesPerElement, bytes))
    return emitError(loc) << what << " takes more bytes than int64 counts";
  if (static_cast<uint64_t>(bytes) > tensorBudgetBytes())
    return emitError(loc) << what << " of type "
                          << RankedTensorType::get(dims, element) << " takes "
                          << overBudgetMessage(bytes);
  return success();
}

FailureOr<Type> Importer::valueType(const std::string &name, Location loc,
                                    const Twine &what) {
  auto it = types.find(name);
  if (it == types.end() || !it->second->has_tensor_type()) {
    error(loc) << "cannot infer the type of " << what
               << "; ONNX shape inference gave none";
    return failure();
  }
  const onnx::TypeProto::Tensor &tensor = it->second->tensor_type();
  FailureOr<Type> element = elementType(tensor.elem_type(), loc, what);
  if (failed(element))
    return failure();
  if (!tensor.has_shape()) {
    error(loc) << "cannot infer the rank of " << what;
    return failure();
  }
  SmallVector<int64_t> shape;
  for (const auto &dim : tensor.shape().dim())
    shape.push_back(dim.has_dim_value() ? dim.dim_value()
                                        : ShapedType::kDynamic);
  if (failed(checkShape(shape, *element, loc, what)))
    return failure();
  return Type(RankedTensorType::get(shape, *element));
}

LogicalResult Importer::loadExternalData(onnx::TensorProto &tensor) {
  if (tensor.data_location() != onnx::TensorProto::EXTERNAL)
    return success();
  auto fail = [&]() -> InFlightDiagnostic {
    InFlightDiagnostic diag = error();
    diag << "tensor '" << tensor.name() << "': external data ";
    return diag;
  };
  std::string location;
  std::optional<uint64_t> offset, length;
  for (const auto &entry : tensor.external_data()) {
    if (entry.key() == "location") {
      location = entry.value();
      continue;
    }
    if (entry.key() != "offset" && entry.key() != "length")
      continue;
    uint64_t value;
    if (StringRef(entry.value()).getAsInteger(10, value))
      return fail() << entry.key() << " '" << entry.value()
                    << "' is not a non-negative integer";
    (entry.key() == "offset" ? offset : length) = value;
  }
  // Like ONNX's checker: the location is a relative path inside the model's
  // folder, without "..", and (symbolic links resolved) stays inside it.
  namespace path = llvm::sys::path;
  if (location.empty())
    return fail() << "has no location";
  if (path::is_absolute(location) ||
      llvm::any_of(llvm::make_range(path::begin(location), path::end(location)),
                   [](StringRef part) { return part == ".."; }))
    return fail() << "location '" << location
                  << "' is not a relative path inside the model's folder";
  StringRef folder = path::parent_path(modelPath);
  llvm::SmallString<256> file(folder.empty() ? StringRef(".") : folder);
  path::append(file, location);
  llvm::SmallString<256> realFolder, realFile;
  llvm::sys::fs::file_status status;
  if (llvm::sys::fs::real_path(folder.empty() ? StringRef(".") : folder,
                               realFolder) ||
      llvm::sys::fs::real_path(file, realFile) ||
      llvm::sys::fs::status(realFile, status))
    return fail() << "file '" << location << "' cannot be read (looked for "
                  << file << ")";
  StringRef inside = realFile;
  if (!inside.consume_front(realFolder) ||
      !(path::is_separator(realFolder.back()) ||
        (!inside.empty() && path::is_separator(inside.front()))))
    return fail() << "file '" << location << "' resolves to " << realFile
                  << ", outside the model's folder";
  if (status.type() != llvm::sys::fs::file_type::regular_file)
    return fail() << "file '" << location << "' is not a regular file";
  uint64_t size = status.getSize();
  uint64_t start = offset.value_or(0);
  if (start > size || (length && *length > size - start))
    return fail() << "range [" << start << ", "
                  << (length ? std::to_string(start + *length)
                             : std::string("end"))
                  << ") lies outside '" << location << "' (" << size
                  << " bytes)";
  uint64_t count = length ? *length : size - start;
  auto buffer = llvm::MemoryBuffer::getFileSlice(realFile, count, start,
                                                 /*IsVolatile=*/false);
  if (!buffer)
    return fail() << "file '" << location
                  << "' cannot be read: " << buffer.getError().message();
  tensor.set_raw_data((*buffer)->getBufferStart(), count);
  tensor.clear_external_data();
  tensor.set_data_location(onnx::TensorProto::DEFAULT);
  return success();
}

FailureOr<DenseElementsAttr>
Importer::tensorAttr(const onnx::TensorProto &tensor, Location loc) {
  std::string what = "tensor '" + tensor.name() + "'";
  FailureOr<Type> element = elementType(tensor.data_type(), loc, what);
  if (failed(element))
    return failure();
  SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  if (failed(checkShape(shape, *element, loc, what)))
    return failure();
  auto type = RankedTensorType::get(shape, *element);
  int64_t count = type.getNumElements();
  unsigned width = element->isInteger(1) ? 8 : element->getIntOrFloatBitWidth();
  size_t bytes = static_cast<size_t>(count) * (width / 8);

  // Gather the little-endian bytes, from raw_data or the typed fields.
  std::string raw;
  if (tensor.has_raw_data()) {
    raw = tensor.raw_data();
  } else {
    auto append = [&](const auto &field, unsigned fieldWidth) {
      for (auto value : field) {
        // Integers by value (two's complement), floats by their bits.
        uint64_t bits = 0;
        if constexpr (!std::is_floating_point_v<decltype(value)>) {
          bits = static_cast<uint64_t>(value);
        } else {
          if (sizeof(value) == 4) {
            uint32_t b;
            float f = static_cast<float>(value);
            std::memcpy(&b, &f, 4);
            bits = b;
          } else {
            double d = static_cast<double>(value);
            std::memcpy(&bits, &d, 8);
          }
        }
        for (unsigned i = 0; i < fieldWidth / 8; ++i)
          raw += static_cast<char>((bits >> (8 * i)) & 0xff);
      }
    };
    switch (tensor.data_type()) {
    case onnx::TensorProto::FLOAT:
      append(tensor.float_data(), 32);
      break;
    case onnx::TensorProto::DOUBLE:
      append(tensor.double_data(), 64);
      break;
    case onnx::TensorProto::INT64:
      append(tensor.int64_data(), 64);
      break;
    case onnx::TensorProto::UINT32:
    case onnx::TensorProto::UINT64:
      append(tensor.uint64_data(), width);
      break;
    default: // int32_data holds every narrower type, fp16 as its bits.
      append(tensor.int32_data(), width);
      break;
    }
  }
  if (raw.size() != bytes) {
    error(loc) << what << " holds " << raw.size() << " bytes, but "
               << dataTypeName(tensor.data_type()) << " of shape " << type
               << " needs " << bytes;
    return failure();
  }
  if (element->isInteger(1)) {
    SmallVector<bool> bits;
    for (char c : raw)
      bits.push_back(c != 0);
    return DenseElementsAttr::get(type, bits);
  }
  ArrayRef<char> buffer(raw.data(), raw.size());
  return DenseElementsAttr::getFromRawBuffer(type, buffer);
}

FailureOr<DenseElementsAttr>
Importer::attributeTensor(const onnx::AttributeProto &attr, Location loc) {
  onnx::TensorProto tensor = attr.t();
  if (failed(loadExternalData(tensor)))
    return failure();
  return tensorAttr(tensor, loc);
}

FailureOr<NamedAttribute>
Importer::nodeAttribute(const onnx::AttributeProto &attr,
                        const onnx::NodeProto &node) {
  Location loc = locate(node);
  StringAttr name = builder.getStringAttr(attr.name());
  switch (attr.type()) {
  case onnx::AttributeProto::FLOAT:
    return NamedAttribute(name, builder.getF32FloatAttr(attr.f()));
  case onnx::AttributeProto::INT:
    return NamedAttribute(name, builder.getI64IntegerAttr(attr.i()));
  case onnx::AttributeProto::STRING:
    return NamedAttribute(name, builder.getStringAttr(attr.s()));
  case onnx::AttributeProto::FLOATS: {
    SmallVector<float> floats(attr.floats().begin(), attr.floats().end());
    return NamedAttribute(name, builder.getDenseF32ArrayAttr(floats));
  }
  case onnx::AttributeProto::INTS: {
    SmallVector<int64_t> ints(attr.ints().begin(), attr.ints().end());
    return NamedAttribute(name, builder.getDenseI64ArrayAttr(ints));
  }
  case onnx::AttributeProto::STRINGS: {
    SmallVector<Attribute> strings;
    for (const std::string &s : attr.strings())
      strings.push_back(builder.getStringAttr(s));
    return NamedAttribute(name, builder.getArrayAttr(strings));
  }
  case onnx::AttributeProto::TENSOR: {
    FailureOr<DenseElementsAttr> value = attributeTensor(attr, loc);
    if (failed(value))
      return failure();
    return NamedAttribute(name, *value);
  }
  default:
    error(loc) << describe(node) << ": attribute '" << attr.name()
               << "' has kind " << attributeKindName(attr.type())
               << ", which is not supported";
    return failure();
  }
}

LogicalResult Importer::importConstantNode(const onnx::NodeProto &node) {
  Location loc = locate(node);
  if (node.output_size() != 1 || node.attribute_size() != 1)
    return error(loc) << describe(node)
                      << ": expected one output and one attribute";
  const onnx::AttributeProto &attr = node.attribute(0);
  TypedAttr value;
  if (attr.name() == "value") {
    FailureOr<DenseElementsAttr> dense = attributeTensor(attr, loc);
    if (failed(dense))
      return failure();
    value = *dense;
  } else if (attr.name() == "value_float") {
    value = DenseElementsAttr::get(
        RankedTensorType::get({}, builder.getF32Type()), attr.f());
  } else if (attr.name() == "value_floats") {
    SmallVector<float> floats(attr.floats().begin(), attr.floats().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(floats.size())},
                              builder.getF32Type()),
        ArrayRef<float>(floats));
  } else if (attr.name() == "value_int") {
    value =
        DenseElementsAttr::get(RankedTensorType::get({}, builder.getI64Type()),
                               static_cast<int64_t>(attr.i()));
  } else if (attr.name() == "value_ints") {
    SmallVector<int64_t> ints(attr.ints().begin(), attr.ints().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(ints.size())},
                              builder.getI64Type()),
        ArrayRef<int64_t>(ints));
  } else {
    return error(loc) << describe(node) << ": attribute '" << attr.name()
                      << "' is not supported";
  }
  values[node.output(0)] = arith::ConstantOp::create(builder, loc, value);
  return success();
}

LogicalResult Importer::importNode(const onnx::NodeProto &node) {
  if (node.op_type() == "Constant" &&
      (node.domain().empty() || node.domain() == "ai.onnx"))
    return importConstantNode(node);
  Location loc = locate(node);
  if (node.op_type() == "If" && node.domain().empty())
    return error(loc) << describe(node) << ": its condition '"
                      << (node.input_size() ? node.input(0) : "")
                      << "' is not known at compile time (an If is compiled "
                         "as the branch its condition selects once that "
                         "folds: bind the model inputs it depends on with "
                         "--input-value NAME=VALUE or --input-shape)";

  SmallVector<Value> operands;
  for (const std::string &input : node.input()) {
    if (input.empty()) {
      if (!none)
        none = onnxir::NoneOp::create(builder, fileLoc, builder.getNoneType());
      operands.push_back(none);
      continue;
    }
    auto it = values.find(input);
    if (it == values.end())
      return error(loc) << describe(node) << ": input '" << input
                        << "' is not defined before it";
    operands.push_back(it->second);
  }
  SmallVector<Type> resultTypes;
  for (const std::string &output : node.output()) {
    if (output.empty()) {
      resultTypes.push_back(builder.getNoneType());
      continue;
    }
    FailureOr<Type> type = valueType(
        output, loc, "'" + output + "' (output of " + describe(node) + ")");
    if (failed(type))
      return failure();
    resultTypes.push_back(*type);
  }
  SmallVector<NamedAttribute> attributes;
  for (const onnx::AttributeProto &attr : node.attribute()) {
    FailureOr<NamedAttribute> converted = nodeAttribute(attr, node);
    if (failed(converted))
      return failure();
    attributes.push_back(*converted);
  }

  std::string domain = node.domain() == "ai.onnx" ? "" : node.domain();
  auto opset = opsets.find(domain);
  if (opset == opsets.end())
    return error(loc) << describe(node) << ": the model imports no opset for "
                      << "domain '" << domain << "'";
  auto op = onnxir::NodeOp::create(
      builder, loc, resultTypes, operands, node.op_type(), domain,
      opset->second, builder.getDictionaryAttr(attributes),
      node.name().empty() ? StringAttr() : builder.getStringAttr(node.name()),
      builder.getStrArrayAttr(
          SmallVector<StringRef>(node.output().begin(), node.output().end())));
  for (auto [i, output] : llvm::enumerate(node.output()))
    if (!output.empty())
      values[output] = op->getResult(i);
  return success();
}

/// Turns each input named by `--input-value` into an initializer of the
/// given values: the compiled function no longer takes it, and what depends
/// on it only (the condition of an If, a shape) folds.
LogicalResult Importer::bindInputValues(onnx::GraphProto &graph) {
  for (const auto &entry : options.inputValues) {
    StringRef name = entry.getKey();
    const SmallVector<double> &values = entry.getValue();
    std::string spec = "--input-value " + name.str();
    auto *inputs = graph.mutable_input();
    auto it = llvm::find_if(*inputs, [&](const onnx::ValueInfoProto &info) {
      return info.name() == name;
    });
    bool initializer =
        llvm::any_of(graph.initializer(), [&](const onnx::TensorProto &t) {
          return t.name() == name;
        });
    if (it == inputs->end() || initializer)
      return error() << spec << ": the model has no input named '" << name
                     << "'";
    if (!it->type().has_tensor_type())
      return error() << spec << ": input '" << name << "' is not a tensor";
    const onnx::TypeProto::Tensor &type = it->type().tensor_type();
    int dataType = type.elem_type();
    if (dataType != onnx::TensorProto::INT64 &&
        dataType != onnx::TensorProto::INT32 &&
        dataType != onnx::TensorProto::BOOL &&
        dataType != onnx::TensorProto::FLOAT)
      return error() << spec << ": input '" << name << "' has element type "
                     << dataTypeName(dataType)
                     << " (int64, int32, bool or float inputs can be bound)";
    // The shape: the declared one, whose one unknown dimension (if any)
    // takes what the value count leaves.
    SmallVector<int64_t> dims;
    int64_t known = 1, unknown = -1;
    if (type.has_shape())
      for (const auto &dim : type.shape().dim()) {
        if (dim.has_dim_value() && dim.dim_value() >= 0) {
          dims.push_back(dim.dim_value());
          if (llvm::MulOverflow(known, dim.dim_value(), known))
            known = -1;
          continue;
        }
        if (unknown >= 0)
          known = -1;
        unknown = dims.size();
        dims.push_back(0);
      }
    int64_t count = values.size();
    if (known > 0 && unknown >= 0 && count % known == 0)
      dims[unknown] = count / known;
    else if (!(known >= 0 && unknown < 0 && known == count))
      return error() << spec << ": " << count << " value"
                     << (count == 1 ? "" : "s") << " given; input '" << name
                     << "' needs " << (known > 0 ? std::to_string(known) : "")
                     << (unknown >= 0 ? " x N" : "") << " (its declared shape)";
    onnx::TensorProto *tensor = graph.add_initializer();
    tensor->set_name(name.str());
    tensor->set_data_type(dataType);
    for (int64_t d : dims)
      tensor->add_dims(d);
    for (double v : values) {
      bool integral = v == std::trunc(v) && std::abs(v) < 9.0e15;
      if (dataType != onnx::TensorProto::FLOAT && !integral)
        return error() << spec << ": value " << llvm::formatv("{0}", v).str()
                       << " is not an integer";
      if (dataType == onnx::TensorProto::INT64)
        tensor->add_int64_data(static_cast<int64_t>(v));
      else if (dataType == onnx::TensorProto::FLOAT)
        tensor->add_float_data(static_cast<float>(v));
      else if (dataType == onnx::TensorProto::BOOL)
        tensor->add_int32_data(v != 0);
      else if (v < INT32_MIN || v > INT32_MAX)
        return error() << spec << ": value " << llvm::formatv("{0}", v).str()
                       << " does not fit input '" << name << "' (int32)";
      else
        tensor->add_int32_data(static_cast<int32_t>(v));
    }
    inputs->erase(it);
  }
  return success();
}

LogicalResult Importer::pinSymbolicDims(onnx::GraphProto &graph) {
  llvm::StringSet<> initializerNames;
  for (const auto &tensor : graph.initializer())
    initializerNames.insert(tensor.name());
  // The graph inputs the function takes, by name.
  llvm::StringMap<onnx::ValueInfoProto *> inputs;
  SmallVector<onnx::ValueInfoProto *> ordered;
  llvm::StringSet<> dimNames;
  for (onnx::ValueInfoProto &info : *graph.mutable_input()) {
    if (initializerNames.contains(info.name()) ||
        !info.type().has_tensor_type())
      continue;
    inputs[info.name()] = &info;
    ordered.push_back(&info);
    if (info.type().tensor_type().has_shape())
      for (const auto &dim : info.type().tensor_type().shape().dim())
        if (dim.has_dim_param())
          dimNames.insert(dim.dim_param());
  }
  auto formatShape = [](ArrayRef<int64_t> shape) {
    std::string text;
    for (auto [i, d] : llvm::enumerate(shape))
      text += (i ? "x" : "") + std::to_string(d);
    return text;
  };

  // Whole shapes first; a single value naming an input and no dimension is
  // that rank-1 input's shape.
  llvm::StringMap<SmallVector<int64_t>> shapes = options.inputShapes;
  llvm::StringMap<int64_t> dimValues;
  for (const auto &entry : options.dimValues) {
    if (!dimNames.contains(entry.getKey()) && inputs.contains(entry.getKey()) &&
        !shapes.contains(entry.getKey())) {
      shapes[entry.getKey()] = {entry.getValue()};
      continue;
    }
    if (!dimNames.contains(entry.getKey()))
      return error() << "--input-shape " << entry.getKey() << "="
                     << entry.getValue()
                     << ": no graph input has a dimension named '"
                     << entry.getKey() << "'";
    dimValues[entry.getKey()] = entry.getValue();
  }
  for (const auto &entry : shapes) {
    auto it = inputs.find(entry.getKey());
    std::string spec = "--input-shape " + entry.getKey().str() + "=" +
                       formatShape(entry.getValue());
    if (it == inputs.end())
      return error() << spec << ": the model has no input named '"
                     << entry.getKey() << "'";
    auto *tensor = it->second->mutable_type()->mutable_tensor_type();
    ArrayRef<int64_t> values = entry.getValue();
    if (tensor->has_shape() &&
        tensor->shape().dim_size() != static_cast<int>(values.size()))
      return error() << spec << ": input '" << entry.getKey() << "' has rank "
                     << tensor->shape().dim_size();
    auto *shape = tensor->mutable_shape();
    if (shape->dim_size() == 0)
      for (size_t d = 0; d < values.size(); ++d)
        shape->add_dim();
    for (auto [d, dim] : llvm::enumerate(*shape->mutable_dim())) {
      if (dim.has_dim_value() && dim.dim_value() != values[d])
        return error() << spec << ": dimension " << d << " of input '"
                       << entry.getKey() << "' is " << dim.dim_value()
                       << " in the model";
      if (dim.has_dim_param()) {
        auto [known, inserted] =
            dimValues.try_emplace(dim.dim_param(), values[d]);
        if (!inserted && known->second != values[d])
          return error() << spec << ": dimension '" << dim.dim_param()
                         << "' is bound to " << known->second << " elsewhere";
      }
      dim.set_dim_value(values[d]);
    }
  }

  // Unbound leading dimensions take the default batch, and so does every
  // input dimension of the same name.
  auto isBound = [&](const onnx::TensorShapeProto::Dimension &dim) {
    return dim.has_dim_value() ||
           (dim.has_dim_param() && dimValues.contains(dim.dim_param()));
  };
  std::string batchNote;
  if (options.defaultBatch > 0) {
    SmallVector<std::string> defaulted;
    for (onnx::ValueInfoProto *info : ordered) {
      const auto &tensor = info->type().tensor_type();
      if (!tensor.has_shape() || tensor.shape().dim_size() == 0 ||
          isBound(tensor.shape().dim(0)))
        continue;
      const auto &dim = tensor.shape().dim(0);
      if (dim.has_dim_param())
        dimValues[dim.dim_param()] = options.defaultBatch;
      else
        info->mutable_type()
            ->mutable_tensor_type()
            ->mutable_shape()
            ->mutable_dim(0)
            ->set_dim_value(options.defaultBatch);
      defaulted.push_back("'" + info->name() + "'" +
                          (dim.has_dim_param() ? " ('" + dim.dim_param() + "')"
                                               : std::string()));
    }
    if (!defaulted.empty())
      batchNote = "the first dimension of input" +
                  std::string(defaulted.size() > 1 ? "s " : " ") +
                  llvm::join(defaulted, ", ") + " is unbound: using " +
                  std::to_string(options.defaultBatch) +
                  " (bind it with --input-shape NAME=VALUE)";
  }
  for (onnx::ValueInfoProto *info : ordered) {
    if (!info->type().tensor_type().has_shape())
      continue;
    for (auto &dim : *info->mutable_type()
                          ->mutable_tensor_type()
                          ->mutable_shape()
                          ->mutable_dim())
      if (dim.has_dim_param())
        if (auto it = dimValues.find(dim.dim_param()); it != dimValues.end())
          dim.set_dim_value(it->second);
  }

  auto noteBatch = [&] {
    if (!batchNote.empty())
      emitRemark(fileLoc) << batchNote;
    return success();
  };
  if (!options.requireStaticInputs)
    return noteBatch();
  SmallVector<std::string> unbound;
  std::string example;
  for (onnx::ValueInfoProto *info : ordered) {
    const auto &tensor = info->type().tensor_type();
    if (!tensor.has_shape()) {
      unbound.push_back("'" + info->name() + "' (no shape)");
      continue;
    }
    SmallVector<std::string> dims;
    for (auto [d, dim] : llvm::enumerate(tensor.shape().dim())) {
      if (dim.has_dim_value())
        continue;
      if (example.empty())
        example =
            (dim.has_dim_param() ? dim.dim_param() : info->name()) + "=...";
      dims.push_back(std::to_string(d) + (dim.has_dim_param()
                                              ? " ('" + dim.dim_param() + "')"
                                              : std::string()));
    }
    if (dims.empty())
      continue;
    unbound.push_back("'" + info->name() + "' dimension" +
                      (dims.size() > 1 ? "s " : " ") + llvm::join(dims, ", "));
  }
  if (unbound.empty())
    return noteBatch();
  return error() << "the model's inputs have unbound dimensions: "
                 << llvm::join(unbound, "; ")
                 << "; give their values with --input-shape NAME=AxBx... (an "
                    "input's shape) or DIM=VALUE (e.g. --input-shape "
                 << example << ")";
}

/// Replaces the shape input of Reshape, Expand and ConstantOfShape nodes by
/// an initializer when data propagation knows all its values; true when any
/// input was replaced.
static bool bindPropagatedShapes(
    onnx::GraphProto &graph,
    const std::unordered_map<std::string, onnx::TensorShapeProto> &shapeData) {
  std::set<std::string> initializers;
  for (const auto &tensor : graph.initializer())
    initializers.insert(tensor.name());
  bool changed = false;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    const std::string &op = node.op_type();
    if (!node.domain().empty())
      continue;
    // The inputs that are shapes or index lists.
    SmallVector<int> shapeInputs;
    if (op == "ConstantOfShape")
      shapeInputs = {0};
    else if (op == "Reshape" || op == "Expand" || op == "Tile")
      shapeInputs = {1};
    else if (op == "Slice")
      shapeInputs = {1, 2, 3, 4};
    else if (op == "Unsqueeze" || op == "Squeeze")
      shapeInputs = {1};
    for (int index : shapeInputs) {
      if (node.input_size() <= index || node.input(index).empty())
        continue;
      const std::string &name = node.input(index);
      auto it = shapeData.find(name);
      if (initializers.count(name) || it == shapeData.end())
        continue;
      const onnx::TensorShapeProto &values = it->second;
      if (!llvm::all_of(values.dim(),
                        [](const onnx::TensorShapeProto::Dimension &d) {
                          return d.has_dim_value();
                        }))
        continue;
      std::string boundName = name + ".qmlir_shape";
      if (!initializers.count(boundName)) {
        onnx::TensorProto *tensor = graph.add_initializer();
        tensor->set_name(boundName);
        tensor->set_data_type(onnx::TensorProto::INT64);
        tensor->add_dims(values.dim_size());
        for (const auto &dim : values.dim())
          tensor->add_int64_data(dim.dim_value());
        initializers.insert(boundName);
      }
      node.set_input(index, boundName);
      changed = true;
    }
  }
  return changed;
}

/// A small integer tensor known at import time.
struct KnownInts {
  std::vector<int64_t> dims;
  std::vector<int64_t> values;
};

/// The values of an integer TensorProto (initializer or Constant value) of
/// at most `limit` elements.
static std::optional<KnownInts> knownInts(const onnx::TensorProto &tensor,
                                          size_t limit = 1024) {
  int type = tensor.data_type();
  if (type != onnx::TensorProto::INT64 && type != onnx::TensorProto::INT32 &&
      type != onnx::TensorProto::BOOL)
    return std::nullopt;
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return std::nullopt;
  KnownInts known;
  size_t count = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0 || d > static_cast<int64_t>(limit))
      return std::nullopt;
    known.dims.push_back(d);
    count *= d;
  }
  if (count > limit)
    return std::nullopt;
  if (!tensor.raw_data().empty()) {
    size_t width = type == onnx::TensorProto::INT64  ? 8
                   : type == onnx::TensorProto::BOOL ? 1
                                                     : 4;
    if (tensor.raw_data().size() != count * width)
      return std::nullopt;
    for (size_t i = 0; i < count; ++i) {
      if (width == 8) {
        int64_t v;
        std::memcpy(&v, tensor.raw_data().data() + 8 * i, 8);
        known.values.push_back(v);
      } else if (width == 1) {
        known.values.push_back(tensor.raw_data()[i] != 0);
      } else {
        int32_t v;
        std::memcpy(&v, tensor.raw_data().data() + 4 * i, 4);
        known.values.push_back(v);
      }
    }
  } else if (type == onnx::TensorProto::INT64) {
    known.values.assign(tensor.int64_data().begin(), tensor.int64_data().end());
  } else {
    // INT32 and BOOL values are both held in int32_data.
    known.values.assign(tensor.int32_data().begin(), tensor.int32_data().end());
  }
  if (type == onnx::TensorProto::BOOL)
    for (int64_t &v : known.values)
      v = v != 0;
  if (known.values.size() != count)
    return std::nullopt;
  return known;
}

/// The small integer or bool value of a Constant node (its `value` tensor).
static std::optional<KnownInts> constantNodeInts(const onnx::NodeProto &node) {
  if (node.op_type() != "Constant" || !node.domain().empty() ||
      node.output_size() != 1)
    return std::nullopt;
  for (const auto &attr : node.attribute())
    if (attr.name() == "value" && attr.has_t())
      return knownInts(attr.t());
  return std::nullopt;
}

/// Evaluates the integer shape arithmetic of exported models (Shape of a
/// statically shaped value, Gather, Slice, Concat, Cast, Squeeze,
/// Unsqueeze, Add, Sub, Mul, Div on small integer tensors) and turns every
/// node it computes into a Constant, so that shape inference sees Reshape
/// targets, Slice bounds and the like as constants (libonnx's data
/// propagation does not follow arithmetic such as Div). True when a node
/// was folded.
static bool foldShapeComputations(onnx::GraphProto &graph) {
  std::map<std::string, KnownInts> known;
  std::map<std::string, const onnx::TypeProto *> types;
  std::map<std::string, int> initializerTypes;
  for (const auto &tensor : graph.initializer()) {
    initializerTypes[tensor.name()] = tensor.data_type();
    if (auto value = knownInts(tensor))
      known[tensor.name()] = *value;
  }
  for (const auto &info : graph.input())
    types[info.name()] = &info.type();
  for (const auto &info : graph.value_info())
    types[info.name()] = &info.type();
  auto staticShape = [&](const std::string &name) -> std::optional<KnownInts> {
    auto it = types.find(name);
    if (it == types.end() || !it->second->has_tensor_type() ||
        !it->second->tensor_type().has_shape())
      return std::nullopt;
    KnownInts shape;
    for (const auto &dim : it->second->tensor_type().shape().dim()) {
      if (!dim.has_dim_value())
        return std::nullopt;
      shape.values.push_back(dim.dim_value());
    }
    shape.dims.push_back(shape.values.size());
    return shape;
  };
  auto intAttr = [](const onnx::NodeProto &node, const char *name,
                    int64_t fallback) {
    for (const auto &attr : node.attribute())
      if (attr.name() == name)
        return attr.i();
    return fallback;
  };
  auto elementType = [&](const onnx::NodeProto &node) -> int {
    const std::string &op = node.op_type();
    if (op == "Cast")
      return static_cast<int>(intAttr(node, "to", 0));
    if (op == "Shape" || op == "Size")
      return onnx::TensorProto::INT64;
    if (op == "ConstantOfShape") {
      for (const auto &attr : node.attribute())
        if (attr.name() == "value" && attr.has_t())
          return attr.t().data_type();
      return onnx::TensorProto::FLOAT;
    }
    if (op == "Equal" || op == "Greater" || op == "Less" || op == "Not" ||
        op == "And" || op == "Or")
      return onnx::TensorProto::BOOL;
    for (const auto &name : node.input()) {
      if (auto init = initializerTypes.find(name);
          init != initializerTypes.end())
        return init->second;
      auto it = types.find(name);
      if (it != types.end() && it->second->has_tensor_type())
        return it->second->tensor_type().elem_type();
    }
    return onnx::TensorProto::INT64;
  };

  bool changed = false;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    const std::string &op = node.op_type();
    if (!node.domain().empty() || node.output_size() != 1)
      continue;
    if (op == "Constant") {
      if (auto value = constantNodeInts(node))
        known[node.output(0)] = *value;
      continue;
    }
    auto in = [&](int i) -> const KnownInts * {
      if (i >= node.input_size() || node.input(i).empty())
        return nullptr;
      auto it = known.find(node.input(i));
      return it == known.end() ? nullptr : &it->second;
    };
    std::optional<KnownInts> result;
    if (op == "Shape") {
      if (auto shape = staticShape(node.input(0))) {
        int64_t rank = shape->values.size();
        int64_t start = intAttr(node, "start", 0),
                end = intAttr(node, "end", rank);
        start = std::clamp(start < 0 ? start + rank : start, int64_t(0), rank);
        end = std::clamp(end < 0 ? end + rank : end, int64_t(0), rank);
        KnownInts sliced;
        for (int64_t i = start; i < end; ++i)
          sliced.values.push_back(shape->values[i]);
        sliced.dims.push_back(sliced.values.size());
        result = sliced;
      }
    } else if (op == "Size") {
      if (auto shape = staticShape(node.input(0))) {
        int64_t count = 1;
        bool ok = true;
        for (int64_t d : shape->values)
          ok &= !llvm::MulOverflow(count, d, count);
        if (ok)
          result = KnownInts{{}, {count}};
      }
    } else if (op == "Cast" || op == "Identity") {
      int to = elementType(node);
      if (in(0) &&
          (to == onnx::TensorProto::INT64 || to == onnx::TensorProto::INT32))
        result = *in(0);
      if (in(0) && to == onnx::TensorProto::BOOL) {
        result = *in(0);
        for (int64_t &v : result->values)
          v = v != 0;
      }
    } else if (op == "Neg" && in(0) &&
               llvm::none_of(in(0)->values, [](int64_t v) {
                 return v == std::numeric_limits<int64_t>::min();
               })) {
      result = *in(0);
      for (int64_t &v : result->values)
        v = -v;
    } else if (op == "Not" && in(0)) {
      result = *in(0);
      for (int64_t &v : result->values)
        v = !v;
    } else if ((op == "Squeeze" || op == "Unsqueeze") && in(0)) {
      // Only the element count matters for these values; the result's rank
      // comes from the op.
      KnownInts value = *in(0);
      if (op == "Squeeze") {
        std::vector<int64_t> dims;
        for (int64_t d : value.dims)
          if (d != 1)
            dims.push_back(d);
        value.dims = dims;
      } else {
        int64_t axes = 1;
        if (const KnownInts *a = in(1))
          axes = a->values.size();
        else
          for (const auto &attr : node.attribute())
            if (attr.name() == "axes")
              axes = attr.ints_size();
        value.dims.insert(value.dims.begin(), axes, 1);
      }
      if (value.dims.size() <= 1)
        result = value;
    } else if (op == "Gather" && in(0) && in(1) && in(0)->dims.size() == 1 &&
               intAttr(node, "axis", 0) == 0) {
      KnownInts value;
      value.dims = in(1)->dims;
      int64_t size = in(0)->values.size();
      bool inRange = true;
      for (int64_t index : in(1)->values) {
        inRange &= index >= -size && index < size;
        if (inRange)
          value.values.push_back(
              in(0)->values[index < 0 ? index + size : index]);
      }
      if (inRange)
        result = value;
    } else if (op == "Concat" && intAttr(node, "axis", 0) == 0) {
      KnownInts value;
      bool all = true;
      for (int i = 0; i < node.input_size() && all; ++i) {
        const KnownInts *part = in(i);
        all = part && part->dims.size() == 1;
        if (all)
          llvm::append_range(value.values, part->values);
      }
      value.dims.push_back(value.values.size());
      if (all)
        result = value;
    } else if (op == "Slice" && in(0)) {
      // Any axes and steps (negative ones reverse): bounds from inputs
      // (opset 10 on) or from attributes (opset 1 to 9).
      auto ints = [&](int input, const char *attr) -> std::optional<KnownInts> {
        if (node.input_size() > 1) {
          if (const KnownInts *v = in(input))
            return *v;
          if (input >= node.input_size() || node.input(input).empty())
            return KnownInts();
          return std::nullopt;
        }
        for (const auto &a : node.attribute())
          if (a.name() == attr) {
            KnownInts v;
            v.values.assign(a.ints().begin(), a.ints().end());
            return v;
          }
        return KnownInts();
      };
      std::optional<KnownInts> starts = ints(1, "starts"),
                               ends = ints(2, "ends"), axes = ints(3, "axes"),
                               steps = ints(4, "");
      const KnownInts &data = *in(0);
      int64_t rank = data.dims.size();
      size_t n = starts ? starts->values.size() : 0;
      if (starts && ends && axes && steps && n > 0 &&
          ends->values.size() == n &&
          (axes->values.empty() || axes->values.size() == n) &&
          (steps->values.empty() || steps->values.size() == n)) {
        std::vector<int64_t> first(rank, 0), step(rank, 1),
            count(data.dims.begin(), data.dims.end());
        bool ok = true;
        for (size_t k = 0; k < n && ok; ++k) {
          int64_t axis = axes->values.empty() ? k : axes->values[k];
          axis = axis < 0 ? axis + rank : axis;
          int64_t by = steps->values.empty() ? 1 : steps->values[k];
          ok = axis >= 0 && axis < rank && by != 0;
          if (!ok)
            break;
          int64_t dim = data.dims[axis];
          int64_t from = starts->values[k], to = ends->values[k];
          from = from < 0 ? std::max<int64_t>(from, -dim) + dim : from;
          to = to < 0 ? std::max<int64_t>(to, -dim - 1) + dim : to;
          if (by > 0) {
            from = std::clamp<int64_t>(from, 0, dim);
            to = std::clamp<int64_t>(to, 0, dim);
            count[axis] = to > from ? (to - from + by - 1) / by : 0;
          } else {
            from = std::clamp<int64_t>(from, 0, dim - 1);
            to = std::clamp<int64_t>(to, -1, dim - 1);
            count[axis] = from > to ? (from - to - by - 1) / -by : 0;
          }
          first[axis] = from;
          step[axis] = by;
        }
        if (ok) {
          KnownInts value;
          value.dims = count;
          int64_t total = 1;
          for (int64_t c : count)
            total *= c;
          std::vector<int64_t> strides(rank, 1);
          for (int64_t a = rank - 2; a >= 0; --a)
            strides[a] = strides[a + 1] * data.dims[a + 1];
          for (int64_t i = 0; i < total; ++i) {
            // Row-major index i of the result to the source element.
            int64_t rest = i, offset = 0;
            for (int64_t a = rank - 1; a >= 0; --a) {
              int64_t index = rest % count[a];
              rest /= count[a];
              offset += (first[a] + index * step[a]) * strides[a];
            }
            value.values.push_back(data.values[offset]);
          }
          result = value;
        }
      }
    } else if (op == "Reshape" && in(0) && in(1)) {
      // The values as they are; the shape from the target (0 copies the
      // input's dimension unless allowzero, -1 takes the rest).
      const KnownInts &data = *in(0);
      std::vector<int64_t> dims = in(1)->values;
      int64_t product = 1, inferred = -1;
      bool ok = true;
      for (size_t i = 0; i < dims.size() && ok; ++i) {
        if (dims[i] == 0 && !intAttr(node, "allowzero", 0))
          dims[i] = i < data.dims.size() ? data.dims[i] : -2;
        if (dims[i] == -1) {
          ok = inferred < 0;
          inferred = i;
        } else {
          ok = dims[i] >= 0 && !llvm::MulOverflow(product, dims[i], product);
        }
      }
      int64_t count = data.values.size();
      if (ok && inferred >= 0 && product > 0 && count % product == 0)
        dims[inferred] = count / product;
      else if (ok && (inferred >= 0 || product != count))
        ok = false;
      if (ok)
        result = KnownInts{dims, data.values};
    } else if (op == "Transpose" && in(0)) {
      const KnownInts &data = *in(0);
      int64_t rank = data.dims.size();
      std::vector<int64_t> perm;
      for (const auto &attr : node.attribute())
        if (attr.name() == "perm")
          perm.assign(attr.ints().begin(), attr.ints().end());
      if (perm.empty())
        for (int64_t a = rank - 1; a >= 0; --a)
          perm.push_back(a);
      std::vector<int64_t> sorted = perm;
      std::sort(sorted.begin(), sorted.end());
      bool ok = static_cast<int64_t>(perm.size()) == rank;
      for (int64_t a = 0; a < rank && ok; ++a)
        ok = sorted[a] == a;
      if (ok) {
        std::vector<int64_t> strides(rank, 1);
        for (int64_t a = rank - 2; a >= 0; --a)
          strides[a] = strides[a + 1] * data.dims[a + 1];
        KnownInts value;
        for (int64_t a = 0; a < rank; ++a)
          value.dims.push_back(data.dims[perm[a]]);
        for (size_t i = 0; i < data.values.size(); ++i) {
          int64_t rest = i, offset = 0;
          for (int64_t a = rank - 1; a >= 0; --a) {
            int64_t index = rest % value.dims[a];
            rest /= value.dims[a];
            offset += index * strides[perm[a]];
          }
          value.values.push_back(data.values[offset]);
        }
        result = value;
      }
    } else if (op == "ConstantOfShape" && in(0)) {
      std::optional<KnownInts> fill;
      for (const auto &attr : node.attribute())
        if (attr.name() == "value" && attr.has_t())
          fill = knownInts(attr.t());
      int64_t count = 1;
      bool ok = fill && fill->values.size() == 1;
      for (int64_t d : in(0)->values)
        ok &= d >= 0 && !llvm::MulOverflow(count, d, count) && count <= 1024;
      if (ok)
        result = KnownInts{in(0)->values,
                           std::vector<int64_t>(count, fill->values[0])};
    } else if ((op == "Add" || op == "Sub" || op == "Mul" || op == "Div" ||
                op == "Equal" || op == "Greater" || op == "Less" ||
                op == "And" || op == "Or") &&
               in(0) && in(1)) {
      const KnownInts &a = *in(0), &b = *in(1);
      size_t n = std::max(a.values.size(), b.values.size());
      if ((a.values.size() == n || a.values.size() == 1) &&
          (b.values.size() == n || b.values.size() == 1) &&
          a.dims.size() <= 1 && b.dims.size() <= 1) {
        KnownInts value;
        value.dims = a.values.size() == n && a.dims.size() >= b.dims.size()
                         ? a.dims
                         : b.dims;
        bool ok = true;
        for (size_t i = 0; i < n && ok; ++i) {
          int64_t x = a.values[a.values.size() == 1 ? 0 : i];
          int64_t y = b.values[b.values.size() == 1 ? 0 : i];
          int64_t z = 0;
          if (op == "Div") {
            // Integer Div rounds toward negative infinity (as numpy's //);
            // a zero divisor or an overflowing quotient is not folded.
            ok = y != 0 &&
                 !(x == std::numeric_limits<int64_t>::min() && y == -1);
            if (ok)
              z = x / y - ((x % y != 0) && ((x < 0) != (y < 0)));
          } else if (op == "Equal") {
            z = x == y;
          } else if (op == "Greater") {
            z = x > y;
          } else if (op == "Less") {
            z = x < y;
          } else if (op == "And") {
            z = x && y;
          } else if (op == "Or") {
            z = x || y;
          } else if (op == "Add") {
            ok = !llvm::AddOverflow(x, y, z);
          } else if (op == "Sub") {
            ok = !llvm::SubOverflow(x, y, z);
          } else {
            ok = !llvm::MulOverflow(x, y, z);
          }
          value.values.push_back(z);
        }
        if (ok)
          result = value;
      }
    }
    // Empty values are left to shape inference (a Constant without data
    // confuses libonnx's inference of the ops that read it).
    if (!result || result->values.empty())
      continue;
    int type = elementType(node);
    if (type != onnx::TensorProto::INT64 && type != onnx::TensorProto::INT32 &&
        type != onnx::TensorProto::BOOL)
      continue;
    known[node.output(0)] = *result;
    // The node becomes a Constant of its value.
    onnx::TensorProto tensor;
    tensor.set_data_type(type);
    for (int64_t d : result->dims)
      tensor.add_dims(d);
    for (int64_t v : result->values) {
      if (type == onnx::TensorProto::INT64)
        tensor.add_int64_data(v);
      else
        tensor.add_int32_data(static_cast<int32_t>(v));
    }
    node.clear_input();
    node.clear_attribute();
    node.set_op_type("Constant");
    onnx::AttributeProto *value = node.add_attribute();
    value->set_name("value");
    value->set_type(onnx::AttributeProto::TENSOR);
    *value->mutable_t() = tensor;
    changed = true;
  }
  return changed;
}

/// Replaces every If node whose condition is known at import time (an
/// initializer or a Constant, which foldShapeComputations makes of the
/// comparisons on shapes and bound input values that exporters write) by the
/// nodes of the branch it takes: the branch's initializers join the graph's,
/// and an Identity per output gives the branch's result the If's output name.
/// Branches keep their nested If nodes, which later rounds see at the top
/// level. True when an If was replaced.
static bool inlineConstantIfs(onnx::GraphProto &graph) {
  std::map<std::string, KnownInts> known;
  for (const auto &tensor : graph.initializer())
    if (auto value = knownInts(tensor))
      known[tensor.name()] = *value;
  for (const onnx::NodeProto &node : graph.node())
    if (auto value = constantNodeInts(node))
      known[node.output(0)] = *value;

  bool changed = false;
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  std::set<std::string> replacedOutputs;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    auto condition =
        node.input_size() == 1 ? known.find(node.input(0)) : known.end();
    if (node.op_type() != "If" || !node.domain().empty() ||
        condition == known.end() || condition->second.values.size() != 1) {
      *nodes.Add() = std::move(node);
      continue;
    }
    const char *taken =
        condition->second.values[0] ? "then_branch" : "else_branch";
    onnx::GraphProto *branch = nullptr;
    for (auto &attr : *node.mutable_attribute())
      if (attr.name() == taken && attr.has_g())
        branch = attr.mutable_g();
    if (!branch || branch->output_size() != node.output_size()) {
      *nodes.Add() = std::move(node);
      continue;
    }
    for (onnx::NodeProto &inner : *branch->mutable_node())
      *nodes.Add() = std::move(inner);
    for (onnx::TensorProto &tensor : *branch->mutable_initializer())
      *graph.add_initializer() = std::move(tensor);
    for (int i = 0; i < node.output_size(); ++i) {
      if (node.output(i).empty())
        continue;
      onnx::NodeProto *identity = nodes.Add();
      identity->set_op_type("Identity");
      identity->set_name(node.name() + "/" + taken + "/output" +
                         std::to_string(i));
      identity->add_input(branch->output(i).name());
      identity->add_output(node.output(i));
      replacedOutputs.insert(node.output(i));
    }
    changed = true;
  }
  // `nodes` holds every node (moved out of the graph), changed or not.
  graph.mutable_node()->Swap(&nodes);
  if (!changed)
    return false;
  // The If's outputs were inferred as the union of both branches; the taken
  // branch's types are inferred anew.
  google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> infos;
  for (onnx::ValueInfoProto &info : *graph.mutable_value_info())
    if (!replacedOutputs.count(info.name()))
      *infos.Add() = std::move(info);
  graph.mutable_value_info()->Swap(&infos);
  return true;
}

/// ONNX shape inference with data propagation. Exporters compute shapes in
/// the graph (x.view(x.size(0), -1) becomes Shape -> Gather -> Unsqueeze ->
/// Concat -> Reshape). Data propagation knows such shape values; the shape
/// inputs of Reshape, Expand and ConstantOfShape it knows fully become
/// initializers, so that the second inference gives their results static
/// shapes.
static void inferShapes(onnx::ModelProto &model) {
  onnx::ShapeInferenceOptions options(/*check_type_val=*/false,
                                      /*strict_mode_val=*/0,
                                      /*data_prop_val=*/true);
  // Each round can make more shapes static (a folded Reshape target gives
  // the next Shape node a static input, an If with a known condition
  // becomes its branch, whose nested Ifs the next round sees); a few rounds
  // suffice for the chains exporters write.
  for (int round = 0; round < 32; ++round) {
    std::unordered_map<std::string, onnx::TensorShapeProto> shapeData;
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options, &shapeData);
    bool changed = bindPropagatedShapes(*model.mutable_graph(), shapeData);
    changed |= foldShapeComputations(*model.mutable_graph());
    changed |= inlineConstantIfs(*model.mutable_graph());
    if (!changed)
      return;
  }
  onnx::shape_inference::InferShapes(model);
}

/// The name of the program that runs ONNX shape inference for the importer.
static constexpr llvm::StringLiteral kShapeInferenceHelper = "qmlir-onnx-infer";

/// The helper program: `explicitPath` if given, else next to the running
/// program, else in qmlir's installation; empty when there is none.
static std::string findShapeInferenceHelper(llvm::StringRef explicitPath) {
  if (!explicitPath.empty())
    return explicitPath.str();
  static int anchor;
  std::string exe = llvm::sys::fs::getMainExecutable(nullptr, &anchor);
  std::vector<std::string> candidates;
  if (!exe.empty()) {
    llvm::SmallString<256> next(llvm::sys::path::parent_path(exe));
    llvm::sys::path::append(next, kShapeInferenceHelper);
    candidates.push_back(next.str().str());
  }
#ifdef QMLIR_INSTALL_BINDIR
  llvm::SmallString<256> installed(QMLIR_INSTALL_BINDIR);
  llvm::sys::path::append(installed, kShapeInferenceHelper);
  candidates.push_back(installed.str().str());
#endif
  for (const std::string &candidate : candidates)
    if (llvm::sys::fs::can_execute(candidate))
      return candidate;
  return "";
}

/// Runs inferShapes on `model` in a process of its own (the program
/// qmlir-onnx-infer, through llvm::sys::ExecuteAndWait; the host process is
/// never forked) and takes its result: some of libonnx's inference
/// functions crash on malformed models that the checker accepts
/// (ConvTranspose's on a weight of rank 0), and a crash there must be an
/// error naming the model, not the end of the compiler or of the program
/// that embeds it. The model goes through two temporary files, removed
/// before returning. Without the helper program, inference runs in this
/// process. Returns an error message, empty on success.
static std::string inferShapesContained(onnx::ModelProto &model,
                                        llvm::StringRef helperPath) {
  std::string helper = findShapeInferenceHelper(helperPath);
  if (helper.empty()) {
    try {
      inferShapes(model);
    } catch (const std::exception &e) {
      return std::string("ONNX checker: ") + e.what();
    }
    return "";
  }
  llvm::SmallString<128> inPath, outPath;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "qmlir-onnx-infer-in", "onnx", inPath))
    return "cannot run ONNX shape inference: " + ec.message();
  llvm::FileRemover removeIn(inPath);
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "qmlir-onnx-infer-out", "bin", outPath))
    return "cannot run ONNX shape inference: " + ec.message();
  llvm::FileRemover removeOut(outPath);
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(inPath, ec);
    if (ec)
      return "cannot run ONNX shape inference: " + ec.message();
    std::string bytes;
    if (!model.SerializeToString(&bytes))
      return "cannot run ONNX shape inference: the model does not serialize";
    os << bytes;
  }
  std::string message;
  std::optional<llvm::StringRef> quiet[] = {
      llvm::StringRef(""), llvm::StringRef(""), llvm::StringRef("")};
  int status = llvm::sys::ExecuteAndWait(
      helper, {helper, inPath.str(), outPath.str()}, std::nullopt, quiet,
      /*SecondsToWait=*/0, /*MemoryLimit=*/0, &message);
  if (status == -2)
    return "ONNX shape inference crashed on this model (" + message +
           "): it is malformed in a way the ONNX checker does not catch";
  if (status != 0)
    return "ONNX shape inference failed (" + helper + ": " +
           (message.empty() ? "exit status " + std::to_string(status)
                            : message) +
           ")";
  auto result = llvm::MemoryBuffer::getFile(outPath);
  if (!result || (*result)->getBufferSize() == 0)
    return "ONNX shape inference returned nothing";
  llvm::StringRef in = (*result)->getBuffer();
  if (in[0] == '1')
    return "ONNX checker: " + in.substr(1).str();
  if (!model.ParseFromArray(in.data() + 1, static_cast<int>(in.size() - 1)))
    return "ONNX shape inference returned an unreadable model";
  return "";
}

/// Puts the graph's nodes in topological order, as ONNX Runtime accepts
/// them out of order (some exporters write them so) and ONNX's checker does
/// not. Stable: nodes already in order keep their order. A graph with a
/// cycle or an undefined input is left as it is, for the checker to report.
static void sortNodes(onnx::GraphProto &graph) {
  llvm::StringSet<> available;
  for (const auto &info : graph.input())
    available.insert(info.name());
  for (const auto &tensor : graph.initializer())
    available.insert(tensor.name());
  int count = graph.node_size();
  std::vector<bool> placed(count, false);
  std::vector<int> order;
  order.reserve(count);
  bool progress = true;
  while (static_cast<int>(order.size()) < count && progress) {
    progress = false;
    for (int i = 0; i < count; ++i) {
      if (placed[i])
        continue;
      const onnx::NodeProto &node = graph.node(i);
      bool ready = llvm::all_of(node.input(), [&](const std::string &name) {
        return name.empty() || available.contains(name);
      });
      if (!ready)
        continue;
      placed[i] = true;
      order.push_back(i);
      for (const std::string &name : node.output())
        available.insert(name);
      progress = true;
    }
  }
  bool sorted = true;
  for (int i = 0; i < static_cast<int>(order.size()); ++i)
    sorted &= order[i] == i;
  if (static_cast<int>(order.size()) != count || sorted)
    return;
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  for (int i : order)
    *nodes.Add() = graph.node(i);
  graph.mutable_node()->Swap(&nodes);
}

OwningOpRef<ModuleOp> Importer::import(StringRef bytes) {
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    error() << "not a valid ONNX model: the protobuf cannot be parsed (not "
               "an .onnx file, or truncated)";
    return nullptr;
  }
  for (const auto &opset : model.opset_import())
    opsets[opset.domain() == "ai.onnx" ? "" : opset.domain()] = opset.version();
  // An opset newer than libonnx's is imported with the newest semantics the
  // importer knows: said once, since an op that changed would be converted
  // by its older definition.
  if (auto it = opsets.find(""); it != opsets.end()) {
    const auto &known =
        onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
    auto range = known.find(onnx::ONNX_DOMAIN);
    if (range != known.end() && it->second > range->second.second)
      emitWarning(fileLoc)
          << "the model imports ONNX opset " << it->second
          << ", newer than the newest this importer's ONNX library knows ("
          << range->second.second
          << "); each op is converted by its newest known definition, "
             "assuming it did not change since";
  }

  onnx::GraphProto *graph = model.mutable_graph();
  if (failed(bindInputValues(*graph)) || failed(pinSymbolicDims(*graph)))
    return nullptr;
  for (onnx::TensorProto &tensor : *graph->mutable_initializer())
    if (failed(loadExternalData(tensor)))
      return nullptr;
  // Every graph input needs a tensor type with a shape (its rank at least):
  // qmlir compiles ranked tensors, and some of libonnx's shape inference
  // functions (ConvTranspose's) dereference a missing input shape.
  {
    llvm::StringSet<> initializers;
    for (const onnx::TensorProto &tensor : graph->initializer())
      initializers.insert(tensor.name());
    for (const onnx::ValueInfoProto &info : graph->input()) {
      if (initializers.contains(info.name()))
        continue;
      if (!info.type().has_tensor_type()) {
        error() << "graph input '" << info.name()
                << "' is not a tensor (sequence, map and optional inputs are "
                   "not supported)";
        return nullptr;
      }
      if (!info.type().tensor_type().has_shape()) {
        error() << "graph input '" << info.name()
                << "' has no shape: qmlir needs the rank of every input";
        return nullptr;
      }
    }
  }
  sortNodes(*graph);
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    error() << "ONNX checker: " << e.what();
    return nullptr;
  }
  if (std::string message =
          inferShapesContained(model, options.shapeInferenceHelper);
      !message.empty()) {
    error() << message;
    return nullptr;
  }
  graph = model.mutable_graph();

  for (const auto &info : graph->input())
    types[info.name()] = &info.type();
  for (const auto &info : graph->value_info())
    types[info.name()] = &info.type();
  for (const auto &info : graph->output())
    types[info.name()] = &info.type();

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  // Arguments: graph inputs that are not initializers.
  llvm::StringSet<> initializerNames;
  for (const auto &tensor : graph->initializer())
    initializerNames.insert(tensor.name());
  SmallVector<std::string> argNames;
  SmallVector<Type> argTypes;
  for (const auto &info : graph->input()) {
    if (initializerNames.contains(info.name()))
      continue;
    FailureOr<Type> type =
        valueType(info.name(), fileLoc, "graph input '" + info.name() + "'");
    if (failed(type))
      return nullptr;
    argNames.push_back(info.name());
    argTypes.push_back(*type);
  }
  SmallVector<Type> resultTypes;
  for (const auto &info : graph->output()) {
    FailureOr<Type> type =
        valueType(info.name(), fileLoc, "graph output '" + info.name() + "'");
    if (failed(type))
      return nullptr;
    resultTypes.push_back(*type);
  }

  auto func = func::FuncOp::create(
      builder, fileLoc, "main", builder.getFunctionType(argTypes, resultTypes));
  Block *entry = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(argNames)) {
    func.setArgAttr(i, kNameAttr, builder.getStringAttr(name));
    values[name] = entry->getArgument(i);
  }
  for (auto [i, info] : llvm::enumerate(graph->output()))
    func.setResultAttr(i, kNameAttr, builder.getStringAttr(info.name()));
  builder.setInsertionPointToStart(entry);

  for (const onnx::TensorProto &tensor : graph->initializer()) {
    Location loc = NameLoc::get(builder.getStringAttr(tensor.name()), fileLoc);
    FailureOr<DenseElementsAttr> value = tensorAttr(tensor, loc);
    if (failed(value))
      return nullptr;
    values[tensor.name()] = arith::ConstantOp::create(builder, loc, *value);
  }
  for (const onnx::NodeProto &node : graph->node())
    if (failed(importNode(node)))
      return nullptr;

  SmallVector<Value> results;
  for (const auto &info : graph->output()) {
    auto it = values.find(info.name());
    if (it == values.end()) {
      error() << "graph output '" << info.name() << "' is never produced";
      return nullptr;
    }
    results.push_back(it->second);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

OwningOpRef<ModuleOp> qmlir::importONNX(StringRef bytes, StringRef modelPath,
                                        MLIRContext *context,
                                        const ImportONNXOptions &options) {
  context->loadDialect<onnxir::ONNXDialect, func::FuncDialect,
                       arith::ArithDialect>();
  return Importer(context, modelPath, options).import(bytes);
}

llvm::Error qmlir::addInputValueBinding(StringRef spec,
                                        ImportONNXOptions &options) {
  auto [name, text] = spec.split('=');
  if (name.empty() || text.empty() || !spec.contains('='))
    return llvm::createStringError("--input-value '" + spec +
                                   "' is not NAME=VALUE[,VALUE...]");
  if (options.inputValues.contains(name))
    return llvm::createStringError("--input-value " + name + " is given twice");
  SmallVector<StringRef> parts;
  text.split(parts, ',');
  SmallVector<double> values;
  for (StringRef part : parts) {
    double value = 0;
    if (part.trim().getAsDouble(value) || !std::isfinite(value))
      return llvm::createStringError("--input-value '" + spec + "': '" + part +
                                     "' is not a finite number");
    values.push_back(value);
  }
  options.inputValues[name] = values;
  return llvm::Error::success();
}

llvm::Error qmlir::addInputShapeBinding(StringRef spec,
                                        ImportONNXOptions &options) {
  auto [name, value] = spec.split('=');
  auto invalid = [&] {
    return llvm::createStringError(
        "--input-shape '" + spec +
        "' is not NAME=AxBx... (an input's shape) or NAME=VALUE (a symbolic "
        "dimension), with every value >= 1");
  };
  if (name.empty() || value.empty() || !spec.contains('='))
    return invalid();
  SmallVector<StringRef> parts;
  value.split(parts, 'x');
  SmallVector<int64_t> dims;
  for (StringRef part : parts) {
    int64_t number = 0;
    if (part.getAsInteger(10, number) || number < 1 ||
        number > (int64_t(1) << 40))
      return invalid();
    dims.push_back(number);
  }
  if (dims.size() == 1) {
    if (options.dimValues.contains(name) || options.inputShapes.contains(name))
      return llvm::createStringError("--input-shape " + name +
                                     " is given twice");
    options.dimValues[name] = dims.front();
    return llvm::Error::success();
  }
  if (options.inputShapes.contains(name) || options.dimValues.contains(name))
    return llvm::createStringError("--input-shape " + name + " is given twice");
  options.inputShapes[name] = dims;
  return llvm::Error::success();
}

int qmlir::runONNXShapeInference(llvm::StringRef inputPath,
                                 llvm::StringRef outputPath) {
  auto buffer = llvm::MemoryBuffer::getFile(inputPath);
  if (!buffer)
    return 2;
  onnx::ModelProto model;
  if (!model.ParseFromArray((*buffer)->getBufferStart(),
                            static_cast<int>((*buffer)->getBufferSize())))
    return 2;
  std::string out;
  try {
    inferShapes(model);
    out = "0" + model.SerializeAsString();
  } catch (const std::exception &e) {
    out = std::string("1") + e.what();
  }
  std::error_code ec;
  llvm::raw_fd_ostream os(outputPath, ec);
  if (ec)
    return 2;
  os << out;
  os.close();
  return os.has_error() ? 2 : 0;
}
