//===- FoldNativeFunctionsTest.cpp - PDLL natives accept any op -----------===//
//
// The PDL pattern compiler merges the predicates of all patterns and orders
// them as it likes, so a native constraint may run before the op-type checks
// written beside it in the .pdll file, on whatever ops happen to be at hand.
// This test finds every native constraint and rewrite that the fold's
// patterns call (the pdl.apply_native_* ops of the compiled PDL module) and
// hands each of them every combination of the ops (values, attributes,
// types) of a corpus that holds every nn op in foldable and unfoldable
// arrangements. A crash, or an ASan/UBSan report in the sanitizer build, is
// the failure; the test also checks that each function holds (or rewrites)
// for some arguments and refuses others, so it cannot pass vacuously.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Transforms/FoldBatchNorm.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/PDL/IR/PDL.h"
#include "mlir/Dialect/PDL/IR/PDLOps.h"
#include "mlir/Dialect/PDL/IR/PDLTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <map>

using namespace mlir;

/// Every nn op, in shapes the fold patterns match and in shapes they must
/// refuse: layers with and without bias and with other users, each kind of
/// in-between op after a layer and after a non-layer, block arguments,
/// non-constant parameters, ops with zero and with two results, a batch
/// norm after an add of two layers and after an add of a batch norm and an
/// argument, a layer with a dynamic channel dim, training batch norms after
/// layers, on a block argument and with an unused output.
static const char *const kCorpus = R"mlir(
func.func @layers(%x: tensor<1x4x4x2xf32>, %xc: tensor<1x2x4x4xf32>, %a: tensor<2x3xf32>,
                  %dyn: tensor<?xf32>, %wdyn: tensor<1x1x2x2xf32>, %v: tensor<2xf32>)
    -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1x2x4x4xf32>, tensor<2x1x4xf32>,
        tensor<1x4x4x2xf32>, tensor<2x4xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %wd = arith.constant dense<0.5> : tensor<2x1x1x1xf32>
  %wm = arith.constant dense<0.25> : tensor<3x4xf32>
  %b2 = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %m2 = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v2 = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %neg = arith.constant dense<[3.0, -15.0]> : tensor<2xf32>
  %m4 = arith.constant dense<1.0> : tensor<4xf32>
  %c = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %cb = nn.bias_add nhwc %c, %b2 : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %n1 = nn.batch_norm nhwc %cb, %m2, %v2 scale %m2 offset %b2 : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %c2 = nn.conv2d nhwc %x, %w, %b2 : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %n2 = nn.batch_norm nhwc %c2, %m2, %neg : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %n2b = nn.batch_norm nhwc %c2, %m2, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.space_to_batch nchw %xc {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 0, 0>} : (tensor<1x2x4x4xf32>) -> tensor<4x2x2x2xf32>
  %d = nn.depthwise_conv2d nchw %s, %wd : (tensor<4x2x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<4x2x2x2xf32>
  %bs = nn.batch_to_space nchw %d {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>} : (tensor<4x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  %n3 = nn.batch_norm nchw %bs, %m2, %v2 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %mm = nn.matmul %a, %wm : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r = nn.reshape %mm : (tensor<2x4xf32>) -> tensor<2x1x4xf32>
  %n4 = nn.batch_norm %r, %m4, %m4 : (tensor<2x1x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x1x4xf32>
  %c3 = nn.conv2d nhwc %x, %wdyn, %b2 : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %cd = nn.bias_add nhwc %c3, %dyn : (tensor<1x4x4x2xf32>, tensor<?xf32>) -> tensor<1x4x4x2xf32>
  %fw = nn.bn_fold_weights %wdyn, %v scale %m2 {channel_dims = array<i64: 3>} : (tensor<1x1x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x1x2x2xf32>
  %fb = nn.bn_fold_bias %m2, %v bias %b2 : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %c4 = nn.conv2d nhwc %x, %fw, %fb : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %i = nn.identity %c4 : tensor<1x4x4x2xf32>
  %sum = nn.add %i, %cd : tensor<1x4x4x2xf32>
  return %n1, %n2, %n3, %n4, %n2b, %mm, %sum : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1x2x4x4xf32>, tensor<2x1x4xf32>, tensor<1x4x4x2xf32>, tensor<2x4xf32>, tensor<1x4x4x2xf32>
}

func.func @joins(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>, %u: tensor<2x3xf32>,
                 %wd: tensor<3x?xf32>, %bd: tensor<?xf32>) -> (tensor<1x4x4x2xf32>, tensor<2x?xf32>) {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %b2 = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %w2 = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %a = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %b = nn.conv2d nhwc %y, %w, %b2 : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %a, %b : tensor<1x4x4x2xf32>
  %n = nn.batch_norm nhwc %s, %b2, %w2 : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %r = nn.add %n, %y : tensor<1x4x4x2xf32>
  %n2 = nn.batch_norm nhwc %r, %b2, %w2 : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %md = nn.matmul %u, %wd, %bd : (tensor<2x3xf32>, tensor<3x?xf32>, tensor<?xf32>) -> tensor<2x?xf32>
  return %n2, %md : tensor<1x4x4x2xf32>, tensor<2x?xf32>
}

func.func @non_layers(%x: tensor<4x2x2x2xf32>, %y: tensor<1x4x2x2xf32>, %z: tensor<2x8xf32>)
    -> (tensor<1x4x4x2xf32>, tensor<1x16xf32>, tensor<16xf32>, tensor<4x2x2x2xf32>) {
  %m2 = arith.constant dense<1.0> : tensor<2xf32>
  %m16 = arith.constant dense<1.0> : tensor<16xf32>
  %relu = nn.relu %x : tensor<4x2x2x2xf32>
  %bs = nn.batch_to_space nhwc %relu {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>} : (tensor<4x2x2x2xf32>) -> tensor<1x4x4x2xf32>
  %n1 = nn.batch_norm nhwc %bs, %m2, %m2 : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %p = nn.onnx_op "GlobalAveragePool"(%y) : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %f = nn.reshape %p : (tensor<1x4x2x2xf32>) -> tensor<1x16xf32>
  %n2 = nn.batch_norm %f, %m16, %m16 : (tensor<1x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16xf32>
  %fz = nn.reshape %z : (tensor<2x8xf32>) -> tensor<16xf32>
  %n3 = nn.batch_norm %fz, %m16, %m16 : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %n4 = nn.batch_norm nhwc %x, %m2, %m2 : (tensor<4x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2x2x2xf32>
  %ba = nn.bias_add nhwc %n4, %m2 : (tensor<4x2x2x2xf32>, tensor<2xf32>) -> tensor<4x2x2x2xf32>
  nn.onnx_op "Print"(%ba) : (tensor<4x2x2x2xf32>) -> ()
  %s1, %s2 = nn.onnx_op "Split"(%z) {onnx_attributes = {axis = 1 : i64}} : (tensor<2x8xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>)
  return %n1, %n2, %n3, %ba : tensor<1x4x4x2xf32>, tensor<1x16xf32>, tensor<16xf32>, tensor<4x2x2x2xf32>
}

func.func @convolutions(%x1: tensor<1x2x6xf32>, %x3: tensor<1x2x3x3x3xf32>,
                        %xt: tensor<1x4x3x3xf32>, %w1: tensor<4x2x3xf32>,
                        %v4: tensor<4xf32>, %v6: tensor<6xf32>)
    -> (tensor<1x4x4xf32>, tensor<1x3x3x3x4xf32>, tensor<1x3x3x3x2xf32>,
        tensor<1x6x7x7xf32>, tensor<1x2x10xf32>, tensor<1x6x7x7xf32>,
        tensor<1x2x3x3x3xf32>) {
  %w3 = arith.constant dense<0.5> : tensor<1x1x1x2x4xf32>
  %wd = arith.constant dense<0.25> : tensor<1x1x1x2x1xf32>
  %wt = arith.constant dense<1.0> : tensor<4x3x3x3xf32>
  %wt1 = arith.constant dense<1.0> : tensor<3x2x4xf32>
  %wt3 = arith.constant dense<1.0> : tensor<2x2x1x1x1xf32>
  %wd1 = arith.constant dense<0.5> : tensor<3x2x2xf32>
  %m4 = arith.constant dense<1.0> : tensor<4xf32>
  %m2 = arith.constant dense<1.0> : tensor<2xf32>
  %m6 = arith.constant dense<1.0> : tensor<6xf32>
  %c1 = nn.conv1d ncw %x1, %w1 : (tensor<1x2x6xf32>, tensor<4x2x3xf32>) -> tensor<1x4x4xf32>
  %n1 = nn.batch_norm ncw %c1, %m4, %v4 : (tensor<1x4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  %x3l = nn.reshape %x3 : (tensor<1x2x3x3x3xf32>) -> tensor<1x3x3x3x2xf32>
  %c3 = nn.conv3d ndhwc %x3l, %w3 : (tensor<1x3x3x3x2xf32>, tensor<1x1x1x2x4xf32>) -> tensor<1x3x3x3x4xf32>
  %n3 = nn.batch_norm ndhwc %c3, %m4, %m4 : (tensor<1x3x3x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x3x3x3x4xf32>
  %d3 = nn.depthwise_conv3d ndhwc %x3l, %wd : (tensor<1x3x3x3x2xf32>, tensor<1x1x1x2x1xf32>) -> tensor<1x3x3x3x2xf32>
  %nd3 = nn.batch_norm ndhwc %d3, %m2, %m2 : (tensor<1x3x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x3x2xf32>
  %t2 = nn.conv_transpose2d nchw %xt, %wt {strides = array<i64: 2, 2>, groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x7x7xf32>
  %nt2 = nn.batch_norm nchw %t2, %m6, %v6 : (tensor<1x6x7x7xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x7x7xf32>
  %x1l = nn.reshape %x1 : (tensor<1x2x6xf32>) -> tensor<1x6x2xf32>
  %d1 = nn.depthwise_conv1d nwc %x1l, %wd1 : (tensor<1x6x2xf32>, tensor<3x2x2xf32>) -> tensor<1x4x4xf32>
  %t1 = nn.conv_transpose1d nwc %d1, %wt1 {output_padding = array<i64: 1>, strides = array<i64: 2>} : (tensor<1x4x4xf32>, tensor<3x2x4xf32>) -> tensor<1x10x2xf32>
  %t1c = nn.reshape %t1 : (tensor<1x10x2xf32>) -> tensor<1x2x10xf32>
  %nt1 = nn.batch_norm ncw %t1c, %m2, %m2 : (tensor<1x2x10xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x10xf32>
  %t3 = nn.conv_transpose3d ncdhw %x3, %wt3 : (tensor<1x2x3x3x3xf32>, tensor<2x2x1x1x1xf32>) -> tensor<1x2x3x3x3xf32>
  %nt3 = nn.batch_norm ncdhw %t3, %m2, %m2 : (tensor<1x2x3x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3x3xf32>
  return %n1, %n3, %nd3, %nt2, %nt1, %t2, %nt3 : tensor<1x4x4xf32>, tensor<1x3x3x3x4xf32>, tensor<1x3x3x3x2xf32>, tensor<1x6x7x7xf32>, tensor<1x2x10xf32>, tensor<1x6x7x7xf32>, tensor<1x2x3x3x3xf32>
}

func.func @forward(%x: tensor<1x2x4x4xf32>, %xs: tensor<1x4x4x2xf32>, %v: tensor<2xf32>)
    -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>, tensor<1x2x6x6xf32>, tensor<1x4x4x2xf32>, tensor<3xf32>) {
  %w = arith.constant dense<0.5> : tensor<3x2x3x3xf32>
  %ws = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m2 = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v2 = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %n1 = nn.batch_norm nchw %x, %m2, %v2 scale %m2 offset %m2 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %c1 = nn.conv2d nchw %n1, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x4x4xf32>
  %c2 = nn.conv2d nchw %n1, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x4x4xf32>
  %p = nn.pad nchw %x, %m2 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  %n2 = nn.batch_norm nhwc %xs, %m2, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %c3 = nn.conv2d nhwc %n2, %ws : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %b = nn.bn_fold_input_bias %w, %m2, %v2 {input_channel_dims = array<i64: 1>, output_channel_dims = array<i64: 0>} : (tensor<3x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3xf32>
  return %c1, %c2, %p, %c3, %b : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>, tensor<1x2x6x6xf32>, tensor<1x4x4x2xf32>, tensor<3xf32>
}

func.func @training(%x: tensor<1x4x4x2xf32>, %a: tensor<2x3xf32>, %v: tensor<2xf32>, %s: tensor<i64>)
    -> (tensor<1x4x4x2xf32>, tensor<2x1x4xf32>, tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<2xf32>) {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %wm = arith.constant dense<0.25> : tensor<3x4xf32>
  %m4 = arith.constant dense<1.0> : tensor<4xf32>
  %c = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %t:5 = nn.batch_norm_training nhwc %c, %v, %v step %s {freeze_delay = 3 : i64} : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<i64>) -> (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  %mm = nn.matmul %a, %wm : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r = nn.reshape %mm : (tensor<2x4xf32>) -> tensor<2x1x4xf32>
  %t2:5 = nn.batch_norm_training %r, %m4, %m4 : (tensor<2x1x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  %t3:5 = nn.batch_norm_training nhwc %x, %v, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  %u:5 = nn.batch_norm_training nhwc %c, %v, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  %k = nn.bn_fold_correction nhwc %c, %v, %v, %v, %v step %s {freeze_delay = 3 : i64} : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<i64>) -> tensor<1x4x4x2xf32>
  return %t#0, %t2#0, %t3#0, %k, %u#3 : tensor<1x4x4x2xf32>, tensor<2x1x4xf32>, tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<2xf32>
}

func.func @concat(%x: tensor<1x2x3x3xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x2x6x3xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m4 = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %m2 = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %b = nn.conv2d nchw %x, %w, %m2 : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %b axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  %n = nn.batch_norm nchw %c, %m4, %m4 : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  %r = nn.relu %x : tensor<1x2x3x3xf32>
  %c2 = nn.concat %r, %x axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  %n2 = nn.batch_norm nchw %c2, %m4, %m4 : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  %d = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %e = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %c3 = nn.concat %d, %e axis 2 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x6x3xf32>
  %n3 = nn.batch_norm nchw %c3, %m2, %m2 : (tensor<1x2x6x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x6x3xf32>
  return %n, %n2, %n3 : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x2x6x3xf32>
}

func.func @elementwise(%x: tensor<1x2x3x3xf32>, %p: tensor<2x1x1xf32>, %q: tensor<1x2x3x3xf32>,
                       %a: tensor<2x3xf32>, %s: tensor<f32>)
    -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>,
        tensor<2x2x3x3xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %wm = arith.constant dense<0.25> : tensor<3x4xf32>
  %zero = arith.constant dense<[[[0.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %spatial = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %row = arith.constant dense<[[1.0, 2.0, 3.0, 4.0]]> : tensor<1x4xf32>
  %c = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %e1 = nn.sub %c, %p : (tensor<1x2x3x3xf32>, tensor<2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %sd = nn.sqrt %p : tensor<2x1x1xf32>
  %e2 = nn.div %e1, %zero : (tensor<1x2x3x3xf32>, tensor<2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %c2 = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %e3 = nn.mul %spatial, %c2 : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %c3 = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %e4 = nn.add %c3, %q : tensor<1x2x3x3xf32>
  %e5 = nn.sub %sd, %e4 : (tensor<2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %pp = nn.reshape %p : (tensor<2x1x1xf32>) -> tensor<2x1x1x1xf32>
  %e6 = nn.mul %e5, %pp : (tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<2x2x3x3xf32>
  %e7 = nn.div %p, %e3 : (tensor<2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %r = nn.rsqrt %e7 : tensor<1x2x3x3xf32>
  %i = nn.reciprocal %r : tensor<1x2x3x3xf32>
  %m = nn.matmul %a, %wm : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %e8 = nn.mul %s, %m : (tensor<f32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %e9 = nn.sub %e8, %row : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  %e10 = nn.add %e9, %e9 : tensor<2x4xf32>
  %e11 = nn.sub %e9, %e9 : tensor<2x4xf32>
  return %e2, %i, %e5, %e4, %e6, %e10, %e11 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}
)mlir";

/// Rewrites that replace ops of the corpus (a batch norm's users) rather
/// than only create ops: each call gets its own copy of the corpus.
static const llvm::StringSet<> kRewritesThatReplaceUsers = {"FoldIntoUsers"};

namespace {

/// PDLResultList's constructor is protected.
struct ResultList : PDLResultList {
  ResultList() : PDLResultList(/*maxNumResults=*/4) {}
};

enum class ArgKind { Operation, Value, Attribute, Type, ValueRange, TypeRange };

struct Pools {
  std::vector<Operation *> ops;
  std::vector<Value> values;
  std::vector<Attribute> attributes;
  std::vector<Type> types;
  std::vector<std::vector<Value>> valueRanges;
  std::vector<std::vector<Type>> typeRanges;
};

/// Calls `fn` with every tuple of arguments of `kinds` drawn from `pools`.
void forEachArgumentTuple(ArrayRef<ArgKind> kinds, Pools &pools,
                          function_ref<void(ArrayRef<PDLValue>)> fn) {
  SmallVector<PDLValue> args(kinds.size());
  // Ranges are passed by pointer: keep them alive while fn runs.
  std::vector<ValueRange> valueRanges;
  std::vector<TypeRange> typeRanges;
  for (auto &r : pools.valueRanges)
    valueRanges.emplace_back(r);
  for (auto &r : pools.typeRanges)
    typeRanges.emplace_back(r);
  std::function<void(size_t)> fill = [&](size_t i) {
    if (i == kinds.size())
      return fn(args);
    auto each = [&](auto &pool) {
      for (auto &element : pool) {
        args[i] = PDLValue(element);
        fill(i + 1);
      }
    };
    auto eachPointer = [&](auto &pool) {
      for (auto &element : pool) {
        args[i] = PDLValue(&element);
        fill(i + 1);
      }
    };
    switch (kinds[i]) {
    case ArgKind::Operation:
      return each(pools.ops);
    case ArgKind::Value:
      return each(pools.values);
    case ArgKind::Attribute:
      return each(pools.attributes);
    case ArgKind::Type:
      return each(pools.types);
    case ArgKind::ValueRange:
      return eachPointer(valueRanges);
    case ArgKind::TypeRange:
      return eachPointer(typeRanges);
    }
  };
  fill(0);
}

std::optional<ArgKind> getArgKind(Type pdlType) {
  if (isa<pdl::OperationType>(pdlType))
    return ArgKind::Operation;
  if (isa<pdl::ValueType>(pdlType))
    return ArgKind::Value;
  if (isa<pdl::AttributeType>(pdlType))
    return ArgKind::Attribute;
  if (isa<pdl::TypeType>(pdlType))
    return ArgKind::Type;
  if (auto range = dyn_cast<pdl::RangeType>(pdlType)) {
    if (isa<pdl::ValueType>(range.getElementType()))
      return ArgKind::ValueRange;
    if (isa<pdl::TypeType>(range.getElementType()))
      return ArgKind::TypeRange;
  }
  return std::nullopt;
}

} // namespace

int main() {
  DialectRegistry registry;
  registry.insert<bnfold::nn::NNDialect, arith::ArithDialect,
                  func::FuncDialect, pdl::PDLDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  OwningOpRef<ModuleOp> corpus = parseSourceString<ModuleOp>(kCorpus, &context);
  if (!corpus) {
    llvm::errs() << "error: the corpus does not parse\n";
    return 1;
  }
  Pools pools;
  llvm::StringSet<> opNames;
  corpus->walk([&](Operation *op) {
    pools.ops.push_back(op);
    opNames.insert(op->getName().getStringRef());
    for (Value result : op->getResults()) {
      pools.values.push_back(result);
      pools.types.push_back(result.getType());
    }
    for (NamedAttribute attr : op->getAttrs())
      pools.attributes.push_back(attr.getValue());
    pools.valueRanges.emplace_back(op->getOperands().begin(),
                                   op->getOperands().end());
    pools.typeRanges.emplace_back(op->getResultTypes().begin(),
                                  op->getResultTypes().end());
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          pools.values.push_back(arg);
  });
  // A corpus that lacks an nn op would leave that op untested.
  int status = 0;
  for (RegisteredOperationName name : context.getRegisteredOperations())
    if (name.getDialectNamespace() == "nn" &&
        !opNames.contains(name.getStringRef())) {
      llvm::errs() << "error: the corpus has no '" << name.getStringRef()
                   << "'\n";
      status = 1;
    }

  RewritePatternSet patterns(&context);
  bnfold::populateFoldBatchNormPatterns(patterns);
  PDLPatternModule &pdl = patterns.getPDLPatterns();

  // The signature of each native function, from its call sites.
  std::map<std::string, SmallVector<ArgKind>> constraints, rewrites;
  bool badSignature = false;
  auto record = [&](auto &table, StringRef name, ValueRange args) {
    SmallVector<ArgKind> kinds;
    for (Value arg : args) {
      std::optional<ArgKind> kind = getArgKind(arg.getType());
      if (!kind) {
        llvm::errs() << "error: '" << name << "' takes a " << arg.getType()
                     << ", which this test does not generate\n";
        badSignature = true;
        return;
      }
      kinds.push_back(*kind);
    }
    table[name.str()] = kinds;
  };
  pdl.getModule().walk([&](Operation *op) {
    if (auto apply = dyn_cast<pdl::ApplyNativeConstraintOp>(op))
      record(constraints, apply.getName(), apply.getArgs());
    else if (auto apply = dyn_cast<pdl::ApplyNativeRewriteOp>(op))
      record(rewrites, apply.getName(), apply.getArgs());
  });
  if (badSignature)
    status = 1;
  for (const auto &entry : pdl.getConstraintFunctions())
    if (!constraints.count(entry.getKey().str())) {
      llvm::errs() << "error: constraint '" << entry.getKey()
                   << "' is registered but never called\n";
      status = 1;
    }
  for (const auto &entry : pdl.getRewriteFunctions())
    if (!rewrites.count(entry.getKey().str())) {
      llvm::errs() << "error: rewrite '" << entry.getKey()
                   << "' is registered but never called\n";
      status = 1;
    }

  // Both kinds of function have the signature of PDLRewriteFunction. Rewrites
  // create their ops in a scratch block, emptied after each call.
  PatternRewriter rewriter(&context);
  Block scratch;
  size_t totalCalls = 0;
  auto exercise = [&](StringRef what,
                      const std::map<std::string, SmallVector<ArgKind>> &calls,
                      const llvm::StringMap<PDLRewriteFunction> &functions) {
    for (const auto &[name, kinds] : calls) {
      auto it = functions.find(name);
      if (it == functions.end()) {
        llvm::errs() << "error: " << what << " '" << name
                     << "' is not registered\n";
        status = 1;
        continue;
      }
      size_t numCalls = 0, numSucceeded = 0;
      bool replacesUsers = kRewritesThatReplaceUsers.contains(name);
      forEachArgumentTuple(kinds, pools, [&](ArrayRef<PDLValue> args) {
        ResultList results;
        rewriter.setInsertionPointToStart(&scratch);
        ++numCalls;
        if (!replacesUsers) {
          numSucceeded += succeeded(it->second(rewriter, results, args));
          scratch.clear();
          return;
        }
        // It rewrites the corpus itself: run it on a copy, with its
        // operations and values mapped to the copy's.
        IRMapping mapping;
        OwningOpRef<Operation *> copy = corpus->getOperation()->clone(mapping);
        SmallVector<PDLValue> mapped;
        for (PDLValue arg : args) {
          if (Operation *op = arg.dyn_cast<Operation *>())
            mapped.push_back(PDLValue(mapping.lookupOrDefault(op)));
          else if (Value value = arg.dyn_cast<Value>())
            mapped.push_back(PDLValue(mapping.lookupOrDefault(value)));
          else
            mapped.push_back(arg);
        }
        numSucceeded += succeeded(it->second(rewriter, results, mapped));
        scratch.clear();
        if (failed(verify(copy.get()))) {
          llvm::errs() << "error: " << what << " '" << name
                       << "' left invalid IR\n";
          status = 1;
        }
      });
      totalCalls += numCalls;
      bool informative = numSucceeded > 0 && numSucceeded < numCalls;
      llvm::outs() << what << " " << name << ": " << numCalls << " calls, "
                   << numSucceeded << " succeeded"
                   << (informative ? "" : "  <- UNINFORMATIVE") << "\n";
      if (!informative)
        status = 1;
    }
  };
  exercise("constraint", constraints, pdl.getConstraintFunctions());
  exercise("rewrite", rewrites, pdl.getRewriteFunctions());
  llvm::outs() << constraints.size() << " constraints, " << rewrites.size()
               << " rewrites, " << totalCalls << " calls\n";
  return status;
}
