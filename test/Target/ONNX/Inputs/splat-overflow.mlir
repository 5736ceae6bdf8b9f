// A splat whose type has more elements than fit in int64.
func.func @main() -> tensor<4611686018427387904x4xf32> {
  %0 = arith.constant dense<1.0> : tensor<4611686018427387904x4xf32> loc("wide")
  return %0 : tensor<4611686018427387904x4xf32>
}
