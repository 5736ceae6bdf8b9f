func.func @int_arg(%x: tensor<2xi32>) -> tensor<2xi32> {
  return %x : tensor<2xi32>
}
func.func @scalar_arg(%x: f32) -> f32 {
  return %x : f32
}
func.func private @external(%x: tensor<2xf32>) -> tensor<2xf32>
