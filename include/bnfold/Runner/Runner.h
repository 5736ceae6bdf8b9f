//===- Runner.h - JIT-run nn models on deterministic inputs -----*- C++ -*-===//
//
// The engine behind bnfold-run, as upstream's JitRunner is behind
// mlir-runner: a model file (nn, TOSA, or both) is lowered with the
// bnfold-lower-to-llvm pipeline, TOSA ops first with upstream's TOSA
// lowering, JIT-compiled with mlir::ExecutionEngine and called through its C
// interface on pseudo-random inputs that depend only on the signature and
// the seed. See docs/execution.md for the behaviour and the output format.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_RUNNER_RUNNER_H
#define BNFOLD_RUNNER_RUNNER_H

#include "bnfold/Runner/Compare.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir {
class DialectRegistry;
class MLIRContext;
class OpPassManager;
} // namespace mlir

namespace bnfold::runner {

struct RunnerOptions {
  /// The function to run; empty: the first public function with a body.
  std::string functionName;
  /// Seed of the input generator (splitmix64).
  uint64_t seed = 1;
  /// The size of every dynamic input dim.
  int64_t dynamicSize = 2;
  /// Round each generated input to this kind before its element type.
  std::optional<FloatKind> inputKind;
  /// Tolerances of --compare; unset: the default of each result's type.
  std::optional<double> rtol, atol;
  /// Print every result value (else only 8 and a checksum above 64).
  bool printAll = false;
  /// Upper bound on the memory the inputs and the compiled code's buffers
  /// may occupy at once; 0: none.
  uint64_t memoryLimitBytes = 4096ull << 20;
  /// libmlir_c_runner_utils.so (memrefCopy), loaded into the JIT.
  std::string runnerUtilsPath;
};

/// Process exit codes: 0 success / all compared results match, 1 a
/// mismatch, 2 an error (bad file, unsupported signature, lowering or JIT
/// failure, a size over the limits).
enum ExitCode : int { Success = 0, Mismatch = 1, Error = 2 };

/// Adds what the runner's MLIRContext needs: the lowering's dialects, the
/// TOSA dialect and the LLVM IR translations.
void registerRunnerDialects(mlir::DialectRegistry &registry);

/// Adds upstream's TOSA lowering to `pm` (anchored on a module):
/// `tosa::addTosaToLinalgPasses` (tosa-to-linalg-named, tosa-to-linalg and
/// their clean-ups, no validation), then tosa-to-tensor, tosa-to-scf,
/// tosa-to-arith and canonicalize. The runner runs it before the
/// bnfold-lower-to-llvm pipeline on a module that has TOSA ops.
void buildTosaToLinalgPipeline(mlir::OpPassManager &pm);

/// Runs one function of `path` and prints its results to `out`.
ExitCode runModel(mlir::MLIRContext &context, llvm::StringRef path,
                  const RunnerOptions &options, llvm::raw_ostream &out);

/// Runs the same-named functions of `pathA` and `pathB` on the same inputs
/// and prints their errors to `out`.
ExitCode compareModels(mlir::MLIRContext &context, llvm::StringRef pathA,
                       llvm::StringRef pathB, const RunnerOptions &options,
                       llvm::raw_ostream &out);

/// compareModels for every public function with a body of `pathA`; the
/// exit code is the worst of them.
ExitCode compareAllFunctions(mlir::MLIRContext &context, llvm::StringRef pathA,
                             llvm::StringRef pathB,
                             const RunnerOptions &options,
                             llvm::raw_ostream &out);

} // namespace bnfold::runner

#endif // BNFOLD_RUNNER_RUNNER_H
