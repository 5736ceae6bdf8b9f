//===- NNToLinalgPass.cpp - the convert-nn-to-linalg pass -----------------===//

#include "bnfold/Conversion/NNToLinalg/NNToLinalg.h"
#include "bnfold/Conversion/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace bnfold {
#define GEN_PASS_DEF_CONVERTNNTOLINALG
#include "bnfold/Conversion/Passes.h.inc"
} // namespace bnfold

using namespace mlir;

namespace {
struct ConvertNNToLinalgPass
    : public bnfold::impl::ConvertNNToLinalgBase<ConvertNNToLinalgPass> {
  void runOnOperation() override {
    ConversionTarget target(getContext());
    bnfold::configureNNToLinalgConversionTarget(target);
    RewritePatternSet patterns(&getContext());
    bnfold::populateNNToLinalgConversionPatterns(patterns);
    // The conversion would fold an nn op on constants with the op's own
    // folder instead of lowering it; the lowering is what gives the op its
    // executable meaning, checked against the folders by execution, so it
    // always runs.
    ConversionConfig config;
    config.foldingMode = DialectConversionFoldingMode::Never;
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns), config)))
      signalPassFailure();
  }
};
} // namespace
