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
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
