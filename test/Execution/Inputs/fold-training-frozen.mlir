// The cases of ../fold-training.mlir from the freeze on, written with the
// inference batch norm on the moving statistics: the output of
// nn.batch_norm, and the moving averages the batch norm was given.

func.func private @conv2d_nchw(%x: tensor<?x3x5x5xf32>, %mm: tensor<4xf32>) -> (tensor<?x4x5x4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %w = arith.constant dense<[[[[-0.3825, 0.1937, -0.1985], [-0.3625, -0.0126, -0.0072], [-0.0243, -0.05, -0.2826]], [[-0.2954, 0.2303, -0.2107], [0.2098, 0.3446, 0.4391], [0.5328, -0.3185, -0.3151]], [[0.2818, 0.0907, -0.3578], [0.2131, 0.4479, 0.4029], [-0.3407, -0.2413, -0.592]]], [[[0.5708, -0.3355, 0.2725], [0.0455, 0.1122, 0.0321], [0.3906, 0.1199, -0.2362]], [[-0.4622, -0.0271, 0.5075], [-0.4258, 0.2207, 0.1573], [-0.4077, -0.3518, 0.2235]], [[-0.0756, -0.1116, -0.0236], [-0.4785, 0.2455, 0.1061], [0.0411, -0.1924, 0.3739]]], [[[0.3888, 0.0538, -0.4936], [-0.4225, -0.4174, -0.5054], [0.178, 0.0522, -0.3554]], [[0.4924, 0.1557, 0.3506], [0.3817, 0.2178, 0.0321], [0.5817, -0.4405, 0.2271]], [[0.4611, -0.0259, 0.3806], [-0.3824, -0.1005, -0.2749], [-0.1237, 0.2423, -0.4278]]], [[[-0.1938, 0.4153, -0.2383], [-0.4487, 0.5932, 0.0494], [-0.5782, 0.0856, -0.4248]], [[-0.4046, 0.2865, 0.1826], [-0.0883, 0.0173, 0.0704], [-0.0493, -0.4786, 0.3224]], [[0.3244, -0.0936, -0.1153], [0.1325, -0.0336, -0.1016], [0.4514, 0.4859, -0.419]]]]> : tensor<4x3x3x3xf32>
  %b = arith.constant dense<[-0.3934, 0.3414, 0.5492, 0.2763]> : tensor<4xf32>
  %mv = arith.constant dense<[2.3241, 2.2607, 2.9237, 1.6663]> : tensor<4xf32>
  %g = arith.constant dense<[0.0, -1.6244, 0.982, 1.2904]> : tensor<4xf32>
  %beta = arith.constant dense<[0.5161, -0.2853, -0.5083, 0.4073]> : tensor<4xf32>
  %y = nn.conv2d nchw %x, %w, %b {padding = array<i64: 1, 1, 0, 1>} : (tensor<?x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<?x4x5x4xf32>
  %n = nn.batch_norm nchw %y, %mm, %mv scale %g offset %beta {epsilon = 1.0e-03 : f64} : (tensor<?x4x5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4x5x4xf32>
  return %n, %mm, %mv : tensor<?x4x5x4xf32>, tensor<4xf32>, tensor<4xf32>
}

func.func private @conv3d_ndhwc_grouped(%x: tensor<1x3x3x4x4xf64>, %mm: tensor<4xf64>) -> (tensor<1x2x2x3x4xf64>, tensor<4xf64>, tensor<4xf64>) {
  %w = arith.constant dense<[[[[[0.2384, 0.3558, -0.4436, -0.2399], [0.1047, -0.5225, -0.2058, 0.1236]], [[0.5242, 0.2632, -0.1241, -0.1105], [0.0154, 0.2897, 0.5947, -0.5868]]], [[[0.5106, 0.3631, -0.5452, -0.2924], [-0.2718, -0.3413, -0.4052, -0.4364]], [[0.2111, -0.0746, -0.4715, 0.4121], [0.4022, -0.2878, 0.3957, 0.3309]]]], [[[[0.0363, -0.4945, 0.2508, 0.4495], [0.4643, 0.54, -0.4052, 0.5711]], [[-0.4878, -0.1635, 0.0468, 0.1667], [0.0356, 0.4885, 0.3294, 0.4308]]], [[[0.2121, -0.0534, -0.5753, 0.1764], [0.5226, -0.3715, 0.5956, -0.5789]], [[-0.1235, 0.3011, 0.2561, 0.0928], [-0.2634, -0.3043, -0.432, 0.1741]]]]]> : tensor<2x2x2x2x4xf64>
  %mv = arith.constant dense<[0.248, 1.3883, 2.7895, 1.6329]> : tensor<4xf64>
  %g = arith.constant dense<[0.0, -1.4123, 0.651, -0.1609]> : tensor<4xf64>
  %beta = arith.constant dense<[-0.2778, -0.4358, -0.0007, -0.3091]> : tensor<4xf64>
  %y = nn.conv3d ndhwc %x, %w {groups = 2 : i64} : (tensor<1x3x3x4x4xf64>, tensor<2x2x2x2x4xf64>) -> tensor<1x2x2x3x4xf64>
  %n = nn.batch_norm ndhwc %y, %mm, %mv scale %g offset %beta {epsilon = 1.0e-03 : f64} : (tensor<1x2x2x3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) -> tensor<1x2x2x3x4xf64>
  return %n, %mm, %mv : tensor<1x2x2x3x4xf64>, tensor<4xf64>, tensor<4xf64>
}

func.func private @depthwise_conv1d_nwc(%x: tensor<2x6x3xf32>, %mm: tensor<6xf32>) -> (tensor<2x2x6xf32>, tensor<6xf32>, tensor<6xf32>) {
  %w = arith.constant dense<[[[-0.2701, -0.5268], [0.1275, 0.3522], [0.0078, 0.1344]], [[-0.2492, 0.5908], [-0.2558, 0.5014], [-0.583, 0.1929]], [[0.4444, 0.083], [-0.3408, -0.3989], [0.5863, 0.592]]]> : tensor<3x3x2xf32>
  %b = arith.constant dense<[-0.3167, -0.1057, 0.3939, 0.4407, -0.5649, 0.0539]> : tensor<6xf32>
  %mv = arith.constant dense<[1.1034, 0.9374, 1.0366, 0.7494, 2.5596, 1.1226]> : tensor<6xf32>
  %g = arith.constant dense<[0.0, -1.5490000000000002, 0.5781, -0.0399, -0.8744, 0.7795]> : tensor<6xf32>
  %beta = arith.constant dense<[0.5189, 0.2245, 0.0466, 0.4741, -0.1525, -0.5575]> : tensor<6xf32>
  %y = nn.depthwise_conv1d nwc %x, %w, %b {strides = array<i64: 2>} : (tensor<2x6x3xf32>, tensor<3x3x2xf32>, tensor<6xf32>) -> tensor<2x2x6xf32>
  %n = nn.batch_norm nwc %y, %mm, %mv scale %g offset %beta {epsilon = 1.0e-03 : f64} : (tensor<2x2x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x2x6xf32>
  return %n, %mm, %mv : tensor<2x2x6xf32>, tensor<6xf32>, tensor<6xf32>
}

func.func private @conv_transpose2d_nchw(%x: tensor<2x4x3x3xf32>, %mm: tensor<4xf32>) -> (tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>) {
  %w = arith.constant dense<[[[[0.1875, -0.5241], [0.5132, 0.5682]], [[-0.1305, -0.4922], [0.549, -0.2898]]], [[[0.5601, -0.0275], [0.4625, 0.4492]], [[-0.4175, -0.1989], [-0.0827, -0.3605]]], [[[0.5151, -0.3484], [-0.3165, -0.381]], [[-0.4184, 0.3756], [-0.3568, 0.1072]]], [[[-0.4493, 0.3735], [0.3414, 0.5312]], [[-0.5339, 0.2037], [0.2724, -0.1934]]]]> : tensor<4x2x2x2xf32>
  %b = arith.constant dense<[0.227, -0.2134, 0.1014, 0.4226]> : tensor<4xf32>
  %mv = arith.constant dense<[0.8543, 1.5215, 1.3701, 1.2217]> : tensor<4xf32>
  %g = arith.constant dense<[0.0, -0.8037000000000001, -0.7231, 1.3576]> : tensor<4xf32>
  %beta = arith.constant dense<[0.0414, -0.4601, -0.0418, 0.2071]> : tensor<4xf32>
  %y = nn.conv_transpose2d nchw %x, %w, %b {strides = array<i64: 2, 2>, groups = 2 : i64} : (tensor<2x4x3x3xf32>, tensor<4x2x2x2xf32>, tensor<4xf32>) -> tensor<2x4x6x6xf32>
  %n = nn.batch_norm nchw %y, %mm, %mv scale %g offset %beta {epsilon = 1.0e-03 : f64} : (tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x6x6xf32>
  return %n, %mm, %mv : tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>
}

func.func private @matmul_bias_add(%x: tensor<3x5xf64>, %mm: tensor<4xf64>) -> (tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>) {
  %w = arith.constant dense<[[0.4181, -0.0116, -0.3233, -0.2608, -0.3709], [-0.424, -0.2315, -0.1395, 0.5342, 0.3072], [0.5059, -0.0099, -0.3684, 0.0852, 0.236], [0.5929, -0.3236, 0.315, 0.5528, -0.1279]]> : tensor<4x5xf64>
  %mv = arith.constant dense<[2.3863, 2.3155, 2.527, 2.568]> : tensor<4xf64>
  %g = arith.constant dense<[0.0, -1.4776, 0.5134, -1.3349]> : tensor<4xf64>
  %beta = arith.constant dense<[-0.517, 0.4514, 0.2477, 0.5373]> : tensor<4xf64>
  %y = nn.matmul %x, %w {transpose_rhs} : (tensor<3x5xf64>, tensor<4x5xf64>) -> tensor<3x4xf64>
  %bb = arith.constant dense<[0.4804, -0.0233, 0.4287, -0.3604]> : tensor<4xf64>
  %t = nn.bias_add %y, %bb : (tensor<3x4xf64>, tensor<4xf64>) -> tensor<3x4xf64>
  %n = nn.batch_norm %t, %mm, %mv scale %g offset %beta {epsilon = 1.0e-03 : f64} : (tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) -> tensor<3x4xf64>
  return %n, %mm, %mv : tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>
}

func.func private @matmul_reshape(%x: tensor<2x5xf32>, %mm: tensor<3xf32>) -> (tensor<2x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>) {
  %w = arith.constant dense<[[0.5636, 0.21, 0.3744], [0.0553, 0.0885, -0.3092], [0.3615, 0.0297, -0.3313], [0.3049, 0.0982, -0.0857], [0.3675, -0.0931, 0.2135]]> : tensor<5x3xf32>
  %b = arith.constant dense<[0.0509, -0.1611, -0.1749]> : tensor<3xf32>
  %mv = arith.constant dense<[1.0829, 2.1964, 0.7256]> : tensor<3xf32>
  %g = arith.constant dense<[0.0, -1.2488, -0.9835]> : tensor<3xf32>
  %beta = arith.constant dense<[0.3225, -0.2068, 0.5343]> : tensor<3xf32>
  %y = nn.matmul %x, %w, %b : (tensor<2x5xf32>, tensor<5x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %t = nn.reshape %y : (tensor<2x3xf32>) -> tensor<2x3x1x1xf32>
  %n = nn.batch_norm nchw %t, %mm, %mv scale %g offset %beta {epsilon = 1.0e-03 : f64} : (tensor<2x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x1x1xf32>
  return %n, %mm, %mv : tensor<2x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>
}

func.func private @conv_batch_to_space(%x: tensor<4x3x3x2xf32>, %mm: tensor<3xf32>) -> (tensor<1x5x6x3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %w = arith.constant dense<[[[[-0.4698, 0.4226, 0.3889], [0.3955, 0.1561, -0.2435]]]]> : tensor<1x1x2x3xf32>
  %mv = arith.constant dense<[1.3387, 0.3964, 1.3607]> : tensor<3xf32>
  %g = arith.constant dense<[0.0, -1.1325, 0.6086]> : tensor<3xf32>
  %beta = arith.constant dense<[-0.2187, 0.3461, -0.3523]> : tensor<3xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<4x3x3x2xf32>, tensor<1x1x2x3xf32>) -> tensor<4x3x3x3xf32>
  %t = nn.batch_to_space nhwc %y {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 0, 0, 0>} : (tensor<4x3x3x3xf32>) -> tensor<1x5x6x3xf32>
  %n = nn.batch_norm nhwc %t, %mm, %mv scale %g offset %beta {epsilon = 1.0e-03 : f64} : (tensor<1x5x6x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x5x6x3xf32>
  return %n, %mm, %mv : tensor<1x5x6x3xf32>, tensor<3xf32>, tensor<3xf32>
}

func.func @at(%x0: tensor<?x3x5x5xf32>, %mm0: tensor<4xf32>, %x1: tensor<1x3x3x4x4xf64>, %mm1: tensor<4xf64>, %x2: tensor<2x6x3xf32>, %mm2: tensor<6xf32>, %x3: tensor<2x4x3x3xf32>, %mm3: tensor<4xf32>, %x4: tensor<3x5xf64>, %mm4: tensor<4xf64>, %x5: tensor<2x5xf32>, %mm5: tensor<3xf32>, %x6: tensor<4x3x3x2xf32>, %mm6: tensor<3xf32>) -> (tensor<?x4x5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1x2x2x3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<2x2x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<2x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x5x6x3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %r0:3 = call @conv2d_nchw(%x0, %mm0) : (tensor<?x3x5x5xf32>, tensor<4xf32>) -> (tensor<?x4x5x4xf32>, tensor<4xf32>, tensor<4xf32>)
  %r1:3 = call @conv3d_ndhwc_grouped(%x1, %mm1) : (tensor<1x3x3x4x4xf64>, tensor<4xf64>) -> (tensor<1x2x2x3x4xf64>, tensor<4xf64>, tensor<4xf64>)
  %r2:3 = call @depthwise_conv1d_nwc(%x2, %mm2) : (tensor<2x6x3xf32>, tensor<6xf32>) -> (tensor<2x2x6xf32>, tensor<6xf32>, tensor<6xf32>)
  %r3:3 = call @conv_transpose2d_nchw(%x3, %mm3) : (tensor<2x4x3x3xf32>, tensor<4xf32>) -> (tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>)
  %r4:3 = call @matmul_bias_add(%x4, %mm4) : (tensor<3x5xf64>, tensor<4xf64>) -> (tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>)
  %r5:3 = call @matmul_reshape(%x5, %mm5) : (tensor<2x5xf32>, tensor<3xf32>) -> (tensor<2x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>)
  %r6:3 = call @conv_batch_to_space(%x6, %mm6) : (tensor<4x3x3x2xf32>, tensor<3xf32>) -> (tensor<1x5x6x3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %r0#0, %r0#1, %r0#2, %r1#0, %r1#1, %r1#2, %r2#0, %r2#1, %r2#2, %r3#0, %r3#1, %r3#2, %r4#0, %r4#1, %r4#2, %r5#0, %r5#1, %r5#2, %r6#0, %r6#1, %r6#2 : tensor<?x4x5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1x2x2x3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<2x2x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<2x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x5x6x3xf32>, tensor<3xf32>, tensor<3xf32>
}

func.func @after(%x0: tensor<?x3x5x5xf32>, %mm0: tensor<4xf32>, %x1: tensor<1x3x3x4x4xf64>, %mm1: tensor<4xf64>, %x2: tensor<2x6x3xf32>, %mm2: tensor<6xf32>, %x3: tensor<2x4x3x3xf32>, %mm3: tensor<4xf32>, %x4: tensor<3x5xf64>, %mm4: tensor<4xf64>, %x5: tensor<2x5xf32>, %mm5: tensor<3xf32>, %x6: tensor<4x3x3x2xf32>, %mm6: tensor<3xf32>) -> (tensor<?x4x5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1x2x2x3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<2x2x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<2x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x5x6x3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %r0:3 = call @conv2d_nchw(%x0, %mm0) : (tensor<?x3x5x5xf32>, tensor<4xf32>) -> (tensor<?x4x5x4xf32>, tensor<4xf32>, tensor<4xf32>)
  %r1:3 = call @conv3d_ndhwc_grouped(%x1, %mm1) : (tensor<1x3x3x4x4xf64>, tensor<4xf64>) -> (tensor<1x2x2x3x4xf64>, tensor<4xf64>, tensor<4xf64>)
  %r2:3 = call @depthwise_conv1d_nwc(%x2, %mm2) : (tensor<2x6x3xf32>, tensor<6xf32>) -> (tensor<2x2x6xf32>, tensor<6xf32>, tensor<6xf32>)
  %r3:3 = call @conv_transpose2d_nchw(%x3, %mm3) : (tensor<2x4x3x3xf32>, tensor<4xf32>) -> (tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>)
  %r4:3 = call @matmul_bias_add(%x4, %mm4) : (tensor<3x5xf64>, tensor<4xf64>) -> (tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>)
  %r5:3 = call @matmul_reshape(%x5, %mm5) : (tensor<2x5xf32>, tensor<3xf32>) -> (tensor<2x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>)
  %r6:3 = call @conv_batch_to_space(%x6, %mm6) : (tensor<4x3x3x2xf32>, tensor<3xf32>) -> (tensor<1x5x6x3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %r0#0, %r0#1, %r0#2, %r1#0, %r1#1, %r1#2, %r2#0, %r2#1, %r2#2, %r3#0, %r3#1, %r3#2, %r4#0, %r4#1, %r4#2, %r5#0, %r5#1, %r5#2, %r6#0, %r6#1, %r6#2 : tensor<?x4x5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1x2x2x3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<2x2x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<2x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x5x6x3xf32>, tensor<3xf32>, tensor<3xf32>
}
