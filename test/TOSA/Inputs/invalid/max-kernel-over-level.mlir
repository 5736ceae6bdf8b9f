// Not valid TOSA at level 8K: the pooling kernel exceeds MAX_KERNEL (8192).
func.func @main(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32> {
  %0 = tosa.max_pool2d %x {kernel = array<i64: 1, 9000>, pad = array<i64: 0, 0, 4499, 4500>, stride = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
  return %0 : tensor<1x8x8x3xf32>
}
