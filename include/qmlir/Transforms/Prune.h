//===- Prune.h - Weight pruning of the float graph --------------*- C++ -*-===//
//
// Part of the qmlir project.
//
//===----------------------------------------------------------------------===//
//
// The library form of qnt-prune: options, the report, and the entry point a
// tool or an embedding compiler calls on a module (the pass is a thin wrapper
// that adds remarks and the JSON file).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECT_QNT_TRANSFORMS_PRUNE_H
#define QMLIR_DIALECT_QNT_TRANSFORMS_PRUNE_H

#include "qmlir/Support/StatsFile.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <map>
#include <string>
#include <vector>

namespace qmlir::qnt {

enum class PruneMode { Magnitude, NM, Channel };
enum class PruneScope { Layer, Global };
/// Channel importance: the L1 or L2 norm of each filter, or (with
/// reconstruct) the order of greedy removal with least-squares
/// compensation of the consumers.
enum class PruneCriterion { L1, L2, Reconstruction };

struct PruneOptions {
  PruneMode mode = PruneMode::Magnitude;
  /// The fraction of weights (magnitude) or channels (channel) removed.
  double sparsity = 0.5;
  /// N:M: keep `n` of every `m` consecutive weights along the reduction.
  unsigned n = 2, m = 4;
  PruneScope scope = PruneScope::Layer;
  PruneCriterion criterion = PruneCriterion::L1;
  /// Glob patterns of layer names left unpruned.
  std::vector<std::string> skip;
  /// Per-layer sparsity overrides: glob pattern -> sparsity (first match).
  std::vector<std::pair<std::string, double>> sparsityFor;
  /// The fewest weights (magnitude) or channels (channel) a layer keeps.
  int64_t minKept = 1;
  /// channel: kept channel counts are rounded up to a multiple of this.
  int64_t multipleOf = 1;
  /// channel: leave the first and the last layer of each function alone.
  bool skipFirstLast = true;
  /// Emit a remark on every pruned layer.
  bool remarks = false;
  /// channel: refit the layers that read pruned channels (convolutions and
  /// fully connected layers) by least squares: at each input position the
  /// removed channels are predicted from the kept ones and a constant, and
  /// the prediction is folded into the kept channels' weights and the bias.
  /// Needs `statistics` with channel moments (CalibrateOptions::
  /// channelMoments) of the values feeding those layers through
  /// qnt.calibrate markers; a layer without them is only cut.
  bool reconstruct = false;
  std::shared_ptr<const CalibrationStats> statistics;
};

/// Parses `magnitude:S`, `channel:S` or `nm:N:M` (the qmlir-quantize
/// --prune spelling).
llvm::Expected<PruneOptions> parsePruneSpec(llvm::StringRef spec);

/// One weighted layer (conv2d, depthwise_conv2d, transpose_conv2d, or matmul
/// with a constant right-hand side) before and after pruning.
struct PruneLayerReport {
  std::string name, kind;
  /// Empty when pruned; otherwise why the layer was left alone.
  std::string skipped;
  int64_t paramsBefore = 0, paramsAfter = 0;   // weight elements
  int64_t nonzeroBefore = 0, nonzeroAfter = 0; // non-zero weight elements
  int64_t macsBefore = 0, macsAfter = 0;       // dense multiply-accumulates
  /// Reconstruction: the input positions the weights were refitted on (0
  /// when they were not) and the part of the removed inputs' energy the
  /// kept ones do not explain (1: nothing recovered); or why the layer was
  /// only cut.
  int64_t refitPositions = 0;
  double refitResidual = 1.0;
  std::string refitSkipped;
  /// 1 - nonzeroAfter / paramsBefore.
  double sparsity() const;
};

/// A set of coupled channels (channel mode): the layers whose outputs feed
/// one tensor channel space, and the consumers that read it.
struct PruneGroupReport {
  std::vector<std::string> producers, consumers;
  int64_t channelsBefore = 0, channelsAfter = 0;
  /// Empty when prunable; otherwise why the channels were kept.
  std::string kept;
};

struct PruneReport {
  std::string mode;
  /// The layers reading pruned channels were refitted where they could be.
  bool reconstruct = false;
  std::vector<PruneLayerReport> layers;
  std::vector<PruneGroupReport> groups;
  PruneLayerReport total() const;
  llvm::json::Value toJSON() const;
};

/// Prunes the constant weights of every function of `module` in place (and,
/// in channel mode, rewrites every coupled tensor, constant and op to the
/// smaller shapes). Errors are emitted as diagnostics on the offending op.
mlir::FailureOr<PruneReport> pruneModule(mlir::ModuleOp module,
                                         const PruneOptions &options);

} // namespace qmlir::qnt

#endif // QMLIR_DIALECT_QNT_TRANSFORMS_PRUNE_H
