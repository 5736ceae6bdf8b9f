// bnfold-run executes TOSA through upstream's TOSA lowering (tosa-to-linalg
// and friends) before the bnfold-lower-to-llvm pipeline. Hand-computed
// results: these numbers show that TOSA models run right, which the
// comparisons in tosa-compare.test build on.

// RUN: bnfold-run %s --function=conv1x1 | FileCheck %s --check-prefix=C1X1
// RUN: bnfold-run %s --function=tf_batch_norm | FileCheck %s --check-prefix=TFBN
// RUN: bnfold-run %s --function=torch_batch_norm | FileCheck %s --check-prefix=TORCHBN
// RUN: bnfold-run %s --function=matmul | FileCheck %s --check-prefix=MATMUL
// RUN: bnfold-run %s --function=mixed | FileCheck %s --check-prefix=MIXED
// RUN: bnfold-run %s --function=from_arguments | FileCheck %s --check-prefix=ARGS
// RUN: bnfold-run %s --function=dynamic_batch --dynamic-size=3 | FileCheck %s --check-prefix=DYN3
// RUN: bnfold-run %s --function=dynamic_batch --dynamic-size=0 | FileCheck %s --check-prefix=DYN0

// A TOSA op upstream cannot lower fails like any other lowering error.
// RUN: not bnfold-run %s --function=unlowerable 2>&1 | FileCheck %s --check-prefix=CUSTOM
// CUSTOM: error: failed to legalize operation 'tosa.custom'
// CUSTOM: bnfold-run: lowering '{{.*}}tosa.mlir' failed

// y = 2 * x + 0.5 (NHWC, filter OHWI)
// C1X1: result 0: tensor<1x2x2x1xf32> shape 1x2x2x1
// C1X1-NEXT: values: [2.5, 4.5, 6.5, 8.5]
func.func @conv1x1() -> tensor<1x2x2x1xf32> {
  %x = "tosa.const"() <{values = dense<[[[[1.0], [2.0]], [[3.0], [4.0]]]]> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %w = "tosa.const"() <{values = dense<2.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %y : tensor<1x2x2x1xf32>
}

// TF's FusedBatchNormV3 form on channels-last [1, 1, 2, 2]:
// mean [1, 2], var [3, 15], eps 1 -> rsqrt [0.5, 0.25]; gamma [2, 4],
// beta [10, 20]: channel 0 (1, 3) -> (10, 12), channel 1 (2, 4) -> (20, 22).
// TFBN: values: [10, 20, 12, 22]
func.func @tf_batch_norm() -> tensor<1x1x2x2xf32> {
  %x = "tosa.const"() <{values = dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>}> : () -> tensor<1x1x2x2xf32>
  %mean = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %var = "tosa.const"() <{values = dense<[3.0, 15.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %gamma = "tosa.const"() <{values = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %beta = "tosa.const"() <{values = dense<[10.0, 20.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %eps = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %s = tosa.const_shape {values = dense<[1, 1, 1, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %m4 = tosa.reshape %mean, %s : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %sub = tosa.sub %x, %m4 : (tensor<1x1x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x2x2xf32>
  %ve = tosa.add %var, %eps : (tensor<2xf32>, tensor<1xf32>) -> tensor<2xf32>
  %r = tosa.rsqrt %ve : (tensor<2xf32>) -> tensor<2xf32>
  %r4 = tosa.reshape %r, %s : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %m0 = tosa.mul %sub, %r4, %shift : (tensor<1x1x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x1x2x2xf32>
  %g4 = tosa.reshape %gamma, %s : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %m1 = tosa.mul %m0, %g4, %shift : (tensor<1x1x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x1x2x2xf32>
  %b4 = tosa.reshape %beta, %s : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %y = tosa.add %m1, %b4 : (tensor<1x1x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// torch-mlir's form on channels-first [1, 2, 1, 2] (the same numbers, so
// channel 0 is (1, 3)): a transpose NCHW -> NHWC -> NCHW around nothing,
// then [C] -> [C, 1, 1] -> [1, C, 1, 1] parameters and a rank-0 eps.
// TORCHBN: result 0: tensor<1x2x1x2xf32> shape 1x2x1x2
// TORCHBN-NEXT: values: [10, 12, 20, 22]
func.func @torch_batch_norm() -> tensor<1x2x1x2xf32> {
  %x = "tosa.const"() <{values = dense<[[[[1.0, 3.0]], [[2.0, 4.0]]]]> : tensor<1x2x1x2xf32>}> : () -> tensor<1x2x1x2xf32>
  %xt = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x1x2xf32>) -> tensor<1x1x2x2xf32>
  %y0 = tosa.transpose %xt {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x1x2x2xf32>) -> tensor<1x2x1x2xf32>
  %mean = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %var = "tosa.const"() <{values = dense<[3.0, 15.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %gamma = "tosa.const"() <{values = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %beta = "tosa.const"() <{values = dense<[10.0, 20.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %s3 = tosa.const_shape {values = dense<[2, 1, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %s4 = tosa.const_shape {values = dense<[1, 2, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s1 = tosa.const_shape {values = dense<1> : tensor<4xindex>} : () -> !tosa.shape<4>
  %m3 = tosa.reshape %mean, %s3 : (tensor<2xf32>, !tosa.shape<3>) -> tensor<2x1x1xf32>
  %v3 = tosa.reshape %var, %s3 : (tensor<2xf32>, !tosa.shape<3>) -> tensor<2x1x1xf32>
  %g3 = tosa.reshape %gamma, %s3 : (tensor<2xf32>, !tosa.shape<3>) -> tensor<2x1x1xf32>
  %b3 = tosa.reshape %beta, %s3 : (tensor<2xf32>, !tosa.shape<3>) -> tensor<2x1x1xf32>
  %eps = "tosa.const"() <{values = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %m4 = tosa.reshape %m3, %s4 : (tensor<2x1x1xf32>, !tosa.shape<4>) -> tensor<1x2x1x1xf32>
  %v4 = tosa.reshape %v3, %s4 : (tensor<2x1x1xf32>, !tosa.shape<4>) -> tensor<1x2x1x1xf32>
  %e4 = tosa.reshape %eps, %s1 : (tensor<f32>, !tosa.shape<4>) -> tensor<1x1x1x1xf32>
  %g4 = tosa.reshape %g3, %s4 : (tensor<2x1x1xf32>, !tosa.shape<4>) -> tensor<1x2x1x1xf32>
  %b4 = tosa.reshape %b3, %s4 : (tensor<2x1x1xf32>, !tosa.shape<4>) -> tensor<1x2x1x1xf32>
  %sub = tosa.sub %y0, %m4 : (tensor<1x2x1x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x1x2xf32>
  %ve = tosa.add %v4, %e4 : (tensor<1x2x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  %r = tosa.rsqrt %ve : (tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  %shift0 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m0 = tosa.mul %sub, %r, %shift0 : (tensor<1x2x1x2xf32>, tensor<1x2x1x1xf32>, tensor<1xi8>) -> tensor<1x2x1x2xf32>
  %shift1 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m1 = tosa.mul %m0, %g4, %shift1 : (tensor<1x2x1x2xf32>, tensor<1x2x1x1xf32>, tensor<1xi8>) -> tensor<1x2x1x2xf32>
  %y = tosa.add %m1, %b4 : (tensor<1x2x1x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x1x2xf32>
  return %y : tensor<1x2x1x2xf32>
}

// [1, 2, 3] . [[1, 0], [0, 1], [1, -1]] = [4, -1]
// MATMUL: result 0: tensor<1x2xf32> shape 1x2
// MATMUL-NEXT: values: [4, -1]
func.func @matmul() -> tensor<1x2xf32> {
  %a = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0]]]> : tensor<1x1x3xf32>}> : () -> tensor<1x1x3xf32>
  %b = "tosa.const"() <{values = dense<[[[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]]]> : tensor<1x3x2xf32>}> : () -> tensor<1x3x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.matmul %a, %b, %zp, %zp : (tensor<1x1x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2xf32>
  %s = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %c, %s : (tensor<1x1x2xf32>, !tosa.shape<2>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// nn and TOSA in one function: nn.conv2d (y = 2 * x - 5), tosa.clamp (relu),
// nn.relu of the negated result (tosa.negate): [-3, -1, 1, 3] -> relu
// [0, 0, 1, 3] -> negate [0, 0, -1, -3] -> relu [0, 0, 0, 0]; the first
// result is the clamp.
// MIXED: result 0: tensor<1x2x2x1xf32> shape 1x2x2x1
// MIXED-NEXT: values: [0, 0, 1, 3]
// MIXED: result 1: tensor<1x2x2x1xf32> shape 1x2x2x1
// MIXED-NEXT: values: [0, 0, 0, 0]
func.func @mixed() -> (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) {
  %x = arith.constant dense<[[[[1.0], [2.0]], [[3.0], [4.0]]]]> : tensor<1x2x2x1xf32>
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<-5.0> : tensor<1xf32>
  %c = nn.conv2d nhwc %x, %w, %b : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %r = tosa.clamp %c {max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %n = tosa.negate %r, %zp, %zp : (tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %y = nn.relu %n : tensor<1x2x2x1xf32>
  return %r, %y : tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>
}

// Arguments and results cross the TOSA lowering like any other: x - x = 0
// for the runner's generated inputs.
// ARGS: result 0: tensor<3xf32> shape 3
// ARGS-NEXT: values: [0, 0, 0]
func.func @from_arguments(%x: tensor<3xf32>) -> tensor<3xf32> {
  %y = tosa.sub %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// A dynamic batch takes the size --dynamic-size gives it, 0 included.
// DYN3: result 0: tensor<?x4x4x3xf32> shape 3x4x4x3
// DYN3-NEXT: first 8: [
// DYN0: result 0: tensor<?x4x4x3xf32> shape 0x4x4x3
// DYN0-NEXT: values: []
func.func @dynamic_batch(%x: tensor<?x4x4x2xf32>) -> tensor<?x4x4x3xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<3x3x3x2xf32>}> : () -> tensor<3x3x3x2xf32>
  %b = "tosa.const"() <{values = dense<0.25> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<?x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x4x4x3xf32>
  %m = "tosa.const"() <{values = dense<[[[[1.0, 2.0, 3.0]]]]> : tensor<1x1x1x3xf32>}> : () -> tensor<1x1x1x3xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z = tosa.mul %y, %m, %shift : (tensor<?x4x4x3xf32>, tensor<1x1x1x3xf32>, tensor<1xi8>) -> tensor<?x4x4x3xf32>
  return %z : tensor<?x4x4x3xf32>
}

func.func @unlowerable(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = tosa.custom %x {domain_name = "bnfold.test", implementation_attrs = "", operator_name = "unknown"} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
