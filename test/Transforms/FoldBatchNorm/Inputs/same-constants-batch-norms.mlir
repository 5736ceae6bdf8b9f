// The batch norms of same-constants.test, folded by --fold-batchnorm.

func.func @f32_conv_nhwc(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x3x3xf32> {
  %w = arith.constant dense<[[[[0.3, -1.7, 2.2], [0.9, 0.1, -0.6]]]]> : tensor<1x1x2x3xf32>
  %b = arith.constant dense<[0.25, -0.5, 1.5]> : tensor<3xf32>
  %m = arith.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf32>
  %v = arith.constant dense<[0.7, 1.3, 0.003]> : tensor<3xf32>
  %g = arith.constant dense<[1.1, -0.9, 0.5]> : tensor<3xf32>
  %o = arith.constant dense<[-0.4, 0.2, 0.6]> : tensor<3xf32>
  %y = nn.conv2d nhwc %x, %w, %b : (tensor<1x3x3x2xf32>, tensor<1x1x2x3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  %z = nn.batch_norm nhwc %y, %m, %v scale %g offset %o {epsilon = 1.0e-3 : f64} : (tensor<1x3x3x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  return %z : tensor<1x3x3x3xf32>
}

// -----

func.func @f16_matmul_transposed(%x: tensor<2x3xf16>) -> tensor<2x2xf16> {
  %w = arith.constant dense<[[0.3, -1.7, 2.2], [0.9, 0.1, -0.6]]> : tensor<2x3xf16>
  %b = arith.constant dense<[0.125, -2.5]> : tensor<2xf16>
  %m = arith.constant dense<[0.1, -0.2]> : tensor<2xf16>
  %v = arith.constant dense<[0.07, 2.5]> : tensor<2xf16>
  %g = arith.constant dense<[1.3, -0.7]> : tensor<2xf16>
  %o = arith.constant dense<[-0.4, 0.2]> : tensor<2xf16>
  %y = nn.matmul %x, %w, %b {transpose_rhs} : (tensor<2x3xf16>, tensor<2x3xf16>, tensor<2xf16>) -> tensor<2x2xf16>
  %z = nn.batch_norm %y, %m, %v scale %g offset %o {epsilon = 1.0e-5 : f64} : (tensor<2x2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<2x2xf16>
  return %z : tensor<2x2xf16>
}

// -----

func.func @bf16_depthwise_nhwc(%x: tensor<1x3x3x2xbf16>) -> tensor<1x3x3x4xbf16> {
  %w = arith.constant dense<[[[[0.3, -1.7], [2.2, 0.9]]]]> : tensor<1x1x2x2xbf16>
  %b = arith.constant dense<[0.25, -0.5, 1.5, 3.0]> : tensor<4xbf16>
  %m = arith.constant dense<[0.1, -0.2, 0.3, 0.0]> : tensor<4xbf16>
  %v = arith.constant dense<[0.7, 1.3, 0.003, 5.0]> : tensor<4xbf16>
  %g = arith.constant dense<[1.1, -0.9, 0.5, 2.0]> : tensor<4xbf16>
  %o = arith.constant dense<[-0.4, 0.2, 0.6, -1.0]> : tensor<4xbf16>
  %y = nn.depthwise_conv2d nhwc %x, %w, %b : (tensor<1x3x3x2xbf16>, tensor<1x1x2x2xbf16>, tensor<4xbf16>) -> tensor<1x3x3x4xbf16>
  %z = nn.batch_norm nhwc %y, %m, %v scale %g offset %o {epsilon = 1.0e-3 : f64} : (tensor<1x3x3x4xbf16>, tensor<4xbf16>, tensor<4xbf16>, tensor<4xbf16>, tensor<4xbf16>) -> tensor<1x3x3x4xbf16>
  return %z : tensor<1x3x3x4xbf16>
}

// -----

func.func @f64_conv_nchw(%x: tensor<1x2x3x3xf64>) -> tensor<1x3x3x3xf64> {
  %w = arith.constant dense<[[[[0.3]], [[-1.7]]], [[[2.2]], [[0.9]]], [[[0.1]], [[-0.6]]]]> : tensor<3x2x1x1xf64>
  %b = arith.constant dense<[0.25, -0.5, 1.5]> : tensor<3xf64>
  %m = arith.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf64>
  %v = arith.constant dense<[0.7, 1.3, 0.003]> : tensor<3xf64>
  %g = arith.constant dense<[1.1, -0.9, 0.5]> : tensor<3xf64>
  %o = arith.constant dense<[-0.4, 0.2, 0.6]> : tensor<3xf64>
  %y = nn.conv2d nchw %x, %w, %b : (tensor<1x2x3x3xf64>, tensor<3x2x1x1xf64>, tensor<3xf64>) -> tensor<1x3x3x3xf64>
  %z = nn.batch_norm nchw %y, %m, %v scale %g offset %o {epsilon = 1.0e-3 : f64} : (tensor<1x3x3x3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<1x3x3x3xf64>
  return %z : tensor<1x3x3x3xf64>
}

// -----

func.func @f32_resource_matmul(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense_resource<w> : tensor<2x2xf32>
  %b = arith.constant dense<[0.125, -2.5]> : tensor<2xf32>
  %m = arith.constant dense<[0.1, -0.2]> : tensor<2xf32>
  %v = arith.constant dense<[0.07, 2.5]> : tensor<2xf32>
  %g = arith.constant dense<[1.3, -0.7]> : tensor<2xf32>
  %o = arith.constant dense<[-0.4, 0.2]> : tensor<2xf32>
  %y = nn.matmul %x, %w, %b : (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %z = nn.batch_norm %y, %m, %v scale %g offset %o {epsilon = 1.0e-5 : f64} : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %z : tensor<2x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000009A99993E9A99D9BFCDCC0C406666663F"
    }
  }
#-}
