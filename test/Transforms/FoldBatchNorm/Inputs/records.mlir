// Input of remarks.test: one function per kind of record the fold reports.
// Locations name the "ONNX nodes", as bnfold-translate --import-onnx writes
// them.

func.func @folded(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<3x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %v = arith.constant dense<[4.0, 1.0, 0.25]> : tensor<3xf32>
  %c = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> loc("conv1"("model.onnx":0:0))
  %y = nn.batch_norm nchw %c, %m, %v : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32> loc("bn1"("model.onnx":0:0))
  return %y : tensor<1x3x4x4xf32>
}

func.func @not_folded(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %m = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %v = arith.constant dense<[4.0, 1.0, 0.25]> : tensor<3xf32>
  %r = nn.relu %x : tensor<1x3x4x4xf32> loc("relu"("model.onnx":0:0))
  %y = nn.batch_norm nchw %r, %m, %v : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32> loc("bn2"("model.onnx":0:0))
  %z = nn.relu %y : tensor<1x3x4x4xf32>
  return %z : tensor<1x3x4x4xf32>
}

func.func @removed(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %m = arith.constant dense<1.0> : tensor<3xf32>
  %y = nn.batch_norm nchw %x, %m, %m : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32> loc("bn3"("model.onnx":0:0))
  return %x : tensor<1x3x4x4xf32>
}
