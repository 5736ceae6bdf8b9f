// RUN: bnfold-opt --convert-tosa-to-nn --split-input-file %s | FileCheck %s

// The ops of an unfused batch norm, as TensorFlow's legalization of
// FusedBatchNormV3 writes them: nn ops with the same operands (TOSA's
// equal-rank broadcasting is nn's), tosa.mul without its zero shift,
// tosa.reshape as nn.reshape of its result type. Nothing is folded here.
// CHECK-LABEL: func.func @batch_norm_chain
// CHECK-SAME: (%[[Y:.*]]: tensor<1x4x4x3xf32>, %[[MEAN:.*]]: tensor<3xf32>, %[[VAR:.*]]: tensor<3xf32>, %[[GAMMA:.*]]: tensor<3xf32>, %[[BETA:.*]]: tensor<3xf32>)
// CHECK: %[[M4:.*]] = nn.reshape %[[MEAN]] : (tensor<3xf32>) -> tensor<1x1x1x3xf32>
// CHECK: %[[SUB:.*]] = nn.sub %[[Y]], %[[M4]] : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
// CHECK: %[[EPS:.*]] = "tosa.const"() <{values = dense<1.000000e-03> : tensor<1xf32>}>
// CHECK: %[[VE:.*]] = nn.add %[[VAR]], %[[EPS]] : (tensor<3xf32>, tensor<1xf32>) -> tensor<3xf32>
// CHECK: %[[R:.*]] = nn.rsqrt %[[VE]] : tensor<3xf32>
// CHECK: %[[R4:.*]] = nn.reshape %[[R]] : (tensor<3xf32>) -> tensor<1x1x1x3xf32>
// CHECK: %[[MUL0:.*]] = nn.mul %[[SUB]], %[[R4]] : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
// CHECK: %[[G4:.*]] = nn.reshape %[[GAMMA]]
// CHECK: %[[MUL1:.*]] = nn.mul %[[MUL0]], %[[G4]]
// CHECK: %[[B4:.*]] = nn.reshape %[[BETA]]
// CHECK: %[[OUT:.*]] = nn.add %[[MUL1]], %[[B4]] : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
// CHECK: return %[[OUT]]
// CHECK-NOT: tosa.mul
func.func @batch_norm_chain(%y: tensor<1x4x4x3xf32>, %mean: tensor<3xf32>, %var: tensor<3xf32>, %gamma: tensor<3xf32>, %beta: tensor<3xf32>) -> tensor<1x4x4x3xf32> {
  %s4 = tosa.const_shape {values = dense<[1, 1, 1, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %m4 = tosa.reshape %mean, %s4 : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x1x1x3xf32>
  %sub = tosa.sub %y, %m4 : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
  %eps = "tosa.const"() <{values = dense<0.001> : tensor<1xf32>}> : () -> tensor<1xf32>
  %ve = tosa.add %var, %eps : (tensor<3xf32>, tensor<1xf32>) -> tensor<3xf32>
  %r = tosa.rsqrt %ve : (tensor<3xf32>) -> tensor<3xf32>
  %r4 = tosa.reshape %r, %s4 : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x1x1x3xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %mul0 = tosa.mul %sub, %r4, %shift : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>, tensor<1xi8>) -> tensor<1x4x4x3xf32>
  %g4 = tosa.reshape %gamma, %s4 : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x1x1x3xf32>
  %mul1 = tosa.mul %mul0, %g4, %shift : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>, tensor<1xi8>) -> tensor<1x4x4x3xf32>
  %b4 = tosa.reshape %beta, %s4 : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x1x1x3xf32>
  %out = tosa.add %mul1, %b4 : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
  return %out : tensor<1x4x4x3xf32>
}

// -----

// tosa.reciprocal; bf16 and f16 are nn types too.
// CHECK-LABEL: func.func @reciprocal
// CHECK: nn.reciprocal %{{.*}} : tensor<1x2x1x1xbf16>
// CHECK: nn.sub %{{.*}}, %{{.*}} : tensor<2xf16>
func.func @reciprocal(%x: tensor<1x2x1x1xbf16>, %h: tensor<2xf16>) -> (tensor<1x2x1x1xbf16>, tensor<2xf16>) {
  %y = tosa.reciprocal %x : (tensor<1x2x1x1xbf16>) -> tensor<1x2x1x1xbf16>
  %z = tosa.sub %h, %h : (tensor<2xf16>, tensor<2xf16>) -> tensor<2xf16>
  return %y, %z : tensor<1x2x1x1xbf16>, tensor<2xf16>
}

// -----

// The ops nn has no form for stay TOSA, untouched.
// CHECK-LABEL: func.func @others_stay
// CHECK: tosa.clamp
// CHECK: tosa.max_pool2d
func.func @others_stay(%x: tensor<1x4x4x3xf32>) -> tensor<1x2x2x3xf32> {
  %c = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  %p = tosa.max_pool2d %c {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x3xf32>) -> tensor<1x2x2x3xf32>
  return %p : tensor<1x2x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x2x3xf32>, %[[B:.*]]: tensor<1x2x2x1xf32>)
// CHECK: %[[C:.*]] = nn.concat %[[A]], %[[B]] axis 3 : (tensor<1x2x2x3xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x4xf32>
// CHECK: return %[[C]]
func.func @concat(%a: tensor<1x2x2x3xf32>, %b: tensor<1x2x2x1xf32>) -> tensor<1x2x2x4xf32> {
  %c = tosa.concat %a, %b {axis = 3 : i32} : (tensor<1x2x2x3xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x4xf32>
  return %c : tensor<1x2x2x4xf32>
}
