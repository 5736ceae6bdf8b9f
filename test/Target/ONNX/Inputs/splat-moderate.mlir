// Two splats of 2^20 f32 (4 MiB each once written out).
func.func @main(%x: tensor<1048576xf32>) -> tensor<1048576xf32> {
  %0 = arith.constant dense<1.0> : tensor<1048576xf32> loc("first")
  %1 = nn.add %x, %0 : tensor<1048576xf32>
  %2 = arith.constant dense<2.0> : tensor<1048576xf32> loc("second")
  %3 = nn.add %1, %2 : tensor<1048576xf32>
  return %3 : tensor<1048576xf32>
}
