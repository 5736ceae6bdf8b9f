// A compiler stack that works on TOSA adds bnfold's passes to its own
// PassManager: it parses (or builds) a TOSA module, runs the
// tosa-fold-batchnorm pipeline on it among its own passes, and gets TOSA
// back, with the batch norm folded into the convolution. Uses the installed
// bnfold libraries only.
#include "bnfold/Pipelines/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

// A conv2d and the batch norm TensorFlow's legalization writes after it
// (FusedBatchNormV3: sub, add, rsqrt, mul, mul, add on per-channel
// constants).
static const char *kModel = R"mlir(
func.func @f(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %mean = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %var = "tosa.const"() <{values = dense<[3.0, 15.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %gamma = "tosa.const"() <{values = dense<[[[[2.0, 8.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %beta = "tosa.const"() <{values = dense<[[[[0.5, -1.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %eps = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %sub = tosa.sub %y, %mean : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %ve = tosa.add %var, %eps : (tensor<2xf32>, tensor<1xf32>) -> tensor<2xf32>
  %r = tosa.rsqrt %ve : (tensor<2xf32>) -> tensor<2xf32>
  %s4 = tosa.const_shape {values = dense<[1, 1, 1, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %r4 = tosa.reshape %r, %s4 : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %mul0 = tosa.mul %sub, %r4, %shift : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  %mul1 = tosa.mul %mul0, %gamma, %shift : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  %out = tosa.add %mul1, %beta : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  return %out : tensor<1x2x2x2xf32>
}
)mlir";

int main() {
  mlir::MLIRContext context;
  context.loadDialect<mlir::func::FuncDialect, mlir::tosa::TosaDialect>();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(kModel, &context);
  if (!module)
    return 1;

  mlir::PassManager pm(&context);
  // ... the stack's passes before ...
  // On every func.func: convert-tosa-to-nn, fold-batchnorm, convert-nn-to-tosa.
  bnfold::TOSAFoldBatchNormOptions options;
  bnfold::buildTOSAFoldBatchNormPipeline(pm, options);
  // ... and after (tosa-validate, tosa-to-linalg, ...).
  if (mlir::failed(pm.run(*module)))
    return 1;
  module->print(llvm::outs());
  return 0;
}
