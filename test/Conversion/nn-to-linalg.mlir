// RUN: bnfold-opt --convert-nn-to-linalg --split-input-file %s | FileCheck %s

// Grouped conv: the input channel of output channel co and group-local input
// channel ci is (co floordiv coutPerGroup) * cinPerGroup + ci; strides scale
// the output index. f16 accumulates in f32 and rounds once at the end.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 2 + d4, d2 * 2 + d5, (d3 floordiv 3) * 2 + d6)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d3)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @grouped_conv_f16
// CHECK-SAME: (%[[X:.*]]: tensor<?x8x8x4xf16>, %[[W:.*]]: tensor<3x3x2x6xf16>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x8x8x4xf16>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[N]]) : tensor<?x10x10x4xf16>
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f16) outs(%[[EMPTY]]
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[X]] into %[[ZEROS]][0, 1, 1, 0] [%[[N]], 8, 8, 4] [1, 1, 1, 1]
// CHECK: %[[ACC:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x4x4x6xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[PADDED]], %[[W]] : tensor<?x10x10x4xf16>, tensor<3x3x2x6xf16>) outs(%[[ACC]] : tensor<?x4x4x6xf32>)
// CHECK: arith.extf
// CHECK: arith.extf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[ROUNDED:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<?x4x4x6xf32>) outs(%{{.*}} : tensor<?x4x4x6xf16>)
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK: return %[[ROUNDED]]
// CHECK-NOT: nn.
func.func @grouped_conv_f16(%x: tensor<?x8x8x4xf16>, %w: tensor<3x3x2x6xf16>) -> tensor<?x4x4x6xf16> {
  %y = nn.conv2d nhwc %x, %w {groups = 2, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x8x8x4xf16>, tensor<3x3x2x6xf16>) -> tensor<?x4x4x6xf16>
  return %y : tensor<?x4x4x6xf16>
}

// -----

// Depthwise NCHW with M = 3: computed as [N, C, M, OH, OW] (filter row
// c * 3 + m) and collapsed, so output channel c * 3 + m is (c, m). The bias
// is broadcast into the accumulator through the same c * 3 + m map.
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1 * 3 + d2)>
// CHECK-DAG: #[[DIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d3, d1 * 2 + d5 * 2, d2 + d6)>
// CHECK-DAG: #[[DFILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3 * 3 + d4, 0, d5, d6)>
// CHECK-DAG: #[[DOUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d3, d4, d1, d2)>
// CHECK-LABEL: func.func @depthwise_nchw
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], {{.*}}]{{.*}} outs(%{{.*}} : tensor<1x2x3x1x3xf32>)
// CHECK: %[[DW:.*]] = linalg.generic {indexing_maps = [#[[DIN]], #[[DFILTER]], #[[DOUT]]]{{.*}} outs(%[[INIT]] : tensor<1x2x3x1x3xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[DW]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x3x1x3xf32> into tensor<1x6x1x3xf32>
// CHECK: return %[[C]]
func.func @depthwise_nchw(%x: tensor<1x2x5x5xf32>, %w: tensor<6x1x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x1x3xf32> {
  %y = nn.depthwise_conv2d nchw %x, %w, %b {strides = array<i64: 2, 1>, dilations = array<i64: 2, 1>} : (tensor<1x2x5x5xf32>, tensor<6x1x3x3xf32>, tensor<6xf32>) -> tensor<1x6x1x3xf32>
  return %y : tensor<1x6x1x3xf32>
}

// -----

// Matmul with transposes and a batch dim: loops (b, m, n, k).
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d1)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[RES:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @matmul_transposed
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[RES]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
func.func @matmul_transposed(%a: tensor<?x4x3xf64>, %b: tensor<5x4xf64>) -> tensor<?x3x5xf64> {
  %y = nn.matmul %a, %b {transpose_lhs, transpose_rhs} : (tensor<?x4x3xf64>, tensor<5x4xf64>) -> tensor<?x3x5xf64>
  return %y : tensor<?x3x5xf64>
}

// -----

// Reshape: flatten, then expand with the dynamic dim recomputed.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x4xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<?x4x4xf32> into tensor<?xf32>
// CHECK: %[[E:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [%{{.*}}, 16] : tensor<?xf32> into tensor<?x16xf32>
// CHECK: return %[[E]]
func.func @reshape(%x: tensor<?x4x4xf32>) -> tensor<?x16xf32> {
  %y = nn.reshape %x : (tensor<?x4x4xf32>) -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// -----

// Batch norm on the NCHW feature dim, in f32 for bf16.
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm_bf16
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CH]], #[[CH]], #[[CH]], #{{.*}}]
// CHECK: arith.subf %{{.*}} : f32
// CHECK: math.sqrt %{{.*}} : f32
// CHECK: arith.divf
// CHECK: arith.mulf
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @batch_norm_bf16(%x: tensor<1x3x2x2xbf16>, %m: tensor<3xbf16>, %v: tensor<3xbf16>, %s: tensor<3xbf16>) -> tensor<1x3x2x2xbf16> {
  %y = nn.batch_norm nchw %x, %m, %v scale %s : (tensor<1x3x2x2xbf16>, tensor<3xbf16>, tensor<3xbf16>, tensor<3xbf16>) -> tensor<1x3x2x2xbf16>
  return %y : tensor<1x3x2x2xbf16>
}

// -----

// space_to_batch: pad (not needed here), gather into [bh, bw, N, H', W', C], collapse the
// first three dims into the batch (i * bw + j) * N + n.
// CHECK-DAG: #[[S2B:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d2, d3 * 2 + d0, d4 * 3 + d1, d5)>
// CHECK-LABEL: func.func @space_to_batch
// CHECK-NOT: tensor.insert_slice
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[S2B]], {{.*}}]{{.*}} outs(%{{.*}} : tensor<2x3x?x2x2x1xf32>)
// CHECK: tensor.collapse_shape %[[G]] {{\[}}[0, 1, 2], [3], [4], [5]] : tensor<2x3x?x2x2x1xf32> into tensor<?x2x2x1xf32>
func.func @space_to_batch(%x: tensor<?x4x6x1xf32>) -> tensor<?x2x2x1xf32> {
  %y = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 3>, paddings = array<i64: 0, 0, 0, 0>} : (tensor<?x4x6x1xf32>) -> tensor<?x2x2x1xf32>
  return %y : tensor<?x2x2x1xf32>
}

// -----

// batch_to_space: expand the batch to [bh, bw, N], gather with mod/floordiv.
// CHECK-DAG: #[[B2S:.*]] = affine_map<(d0, d1, d2, d3) -> ((d2 + 1) mod 2, d3 mod 2, d0, d1, (d2 + 1) floordiv 2, d3 floordiv 2)>
// CHECK-LABEL: func.func @batch_to_space
// CHECK: %[[E:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1, 2], [3], [4], [5]]
// CHECK: linalg.generic {indexing_maps = [#[[B2S]], {{.*}}]{{.*}} ins(%[[E]]
func.func @batch_to_space(%x: tensor<4x1x2x2xf32>) -> tensor<1x1x3x4xf32> {
  %y = nn.batch_to_space nchw %x {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 0, 0, 0>} : (tensor<4x1x2x2xf32>) -> tensor<1x1x3x4xf32>
  return %y : tensor<1x1x3x4xf32>
}

// -----

// Folded parameters compute in f64 and round once; two channel dims flatten
// row-major.
// CHECK-DAG: #[[FLATCH:.*]] = affine_map<(d0, d1, d2, d3) -> (d2 * 2 + d3)>
// CHECK-LABEL: func.func @fold_weights
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[FLATCH]], #[[FLATCH]], #{{.*}}]
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: math.sqrt %{{.*}} : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @fold_weights(%w: tensor<3x3x4x2xf32>, %v: tensor<8xf32>, %s: tensor<8xf32>) -> tensor<3x3x4x2xf32> {
  %y = nn.bn_fold_weights %w, %v scale %s {channel_dims = array<i64: 2, 3>} : (tensor<3x3x4x2xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<3x3x4x2xf32>
  return %y : tensor<3x3x4x2xf32>
}

// -----

// Identity disappears.
// CHECK-LABEL: func.func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK-NEXT: return %[[X]]
func.func @identity(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = nn.identity %x : tensor<2xf32>
  return %y : tensor<2xf32>
}
