// Equivalence: matmul folds: transposes, batch dims, dynamic batch, all four element types.
// Every function must compute the same results after --fold-batchnorm, on
// the runner's pseudo-random inputs, within the default tolerances.
// Batch-norm statistics include a large mean, a small variance, a negative
// and a zero scale. (Weights generated once with test/scripts/random_networks.py's
// helpers; the file is static.)

// RUN: bnfold-opt --fold-batchnorm %s -o %t
// RUN: FileCheck %s --check-prefix=FOLDED --input-file=%t
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=ALL
// RUN: bnfold-run --compare %s %t --function=matmul_f32 --seed=99 --dynamic-size=5 | FileCheck %s

// FOLDED-NOT: nn.batch_norm
// CHECK: OK
// CHECK-NEXT: compare: OK
// ALL-COUNT-6: compare: OK
// ALL: compare all: OK, 6 functions

func.func @matmul_f32(%x: tensor<?x12xf32>) -> tensor<?x5xf32> {
  %c1 = arith.constant dense<[[-0.240451, -0.355174, 0.240767, 0.37512, 0.111733], [0.255888, 0.0320287, -0.188558, -0.427046, 0.376696], [-0.440624, 0.332601, 0.244794, 0.0880194, 0.311383], [0.485094, 0.114897, 0.106919, 0.0883915, 0.479634], [0.424484, 0.473432, -0.39854, 0.368048, -0.370106], [-0.317626, -0.423972, -0.11912, 0.119266, 0.290661], [-0.153593, -0.0177306, -0.267402, 0.431183, 0.452694], [0.250253, 0.205354, -0.210859, 0.425457, 0.175324], [0.19776, 0.0947596, 0.0523163, 0.0414229, -0.196295], [-0.417573, 0.402037, 0.40533, -0.493047, 0.389809], [0.353, 0.367759, -0.17987, -0.491407, -0.475655], [0.0217573, -0.155931, 0.457619, 0.441671, -0.141665]]> : tensor<12x5xf32>
  %c2 = arith.constant dense<[0.376555, -0.0284508, 0.100305, 0.21774, -0.124526]> : tensor<5xf32>
  %v3 = nn.matmul %x, %c1, %c2 : (tensor<?x12xf32>, tensor<12x5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  %c4 = arith.constant dense<[20.0, 0.936655, -0.228453, 0.746274, 0.50172]> : tensor<5xf32>
  %c5 = arith.constant dense<[1.65414, 0.0001, 2.17395, 2.86897, 0.580622]> : tensor<5xf32>
  %c6 = arith.constant dense<[0.725282, 1.25187, -0.488302, 0.0, 1.48139]> : tensor<5xf32>
  %c7 = arith.constant dense<[-0.230838, -0.158355, 0.961044, -0.0984965, -0.83863]> : tensor<5xf32>
  %v8 = nn.batch_norm %v3, %c4, %c5 scale %c6 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  return %v8 : tensor<?x5xf32>
}

func.func @matmul_transpose_rhs_f32(%x: tensor<?x12xf32>) -> tensor<?x5xf32> {
  %c1 = arith.constant dense<[[-0.345691, -0.16578, -0.238593, -0.311117, -0.0164683, 0.381667, 0.13168, 0.247128, 0.274436, 0.00390421, -0.187291, -0.117286], [-0.0385061, -0.125201, 0.304555, 0.249926, -0.345289, -0.0665526, -0.0224185, -0.446973, -0.446524, -0.234434, -0.233095, 0.333087], [0.378964, 0.0894341, -0.370897, 0.317977, 0.355419, 0.243244, 0.162079, -0.491989, -0.365657, 0.213477, -0.259503, 0.340407], [0.285341, -0.0397133, -0.23726, -0.145635, -0.471873, 0.273268, 0.327302, 0.296339, -0.100465, 0.0566448, -0.33747, 0.385503], [0.0997526, -0.365434, 0.489299, -0.154416, 0.0204143, -0.217735, -0.0738766, 0.172634, 0.0954229, -0.431265, 0.0683038, -0.438463]]> : tensor<5x12xf32>
  %c2 = arith.constant dense<[-0.0876239, 0.0985166, -0.321296, -0.490011, -0.298782]> : tensor<5xf32>
  %v3 = nn.matmul %x, %c1, %c2 {transpose_rhs} : (tensor<?x12xf32>, tensor<5x12xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  %c4 = arith.constant dense<[20.0, 0.577147, 0.271261, -0.369823, -0.605429]> : tensor<5xf32>
  %c5 = arith.constant dense<[1.13313, 0.0001, 2.5733, 2.85957, 1.50636]> : tensor<5xf32>
  %c6 = arith.constant dense<[0.306971, 1.99581, -1.38548, 0.0, 1.76994]> : tensor<5xf32>
  %c7 = arith.constant dense<[0.567673, 0.318728, 0.223265, 0.407885, -0.534992]> : tensor<5xf32>
  %v8 = nn.batch_norm %v3, %c4, %c5 scale %c6 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  return %v8 : tensor<?x5xf32>
}

func.func @matmul_batched_f64(%x: tensor<2x3x8xf64>) -> tensor<2x3x4xf64> {
  %c1 = arith.constant dense<[[0.00056709, 0.146377, -0.416149, 0.421303], [-0.0774446, 0.279497, 0.254671, 0.497529], [-0.270007, 0.363339, -0.489974, -0.195485], [0.241998, 0.160587, 0.444606, 0.0611466], [-0.293929, -0.441003, -0.374787, 0.310618], [0.32339, 0.406347, 0.212765, 0.421946], [-0.115887, 0.0421277, -0.0740113, 0.28538], [-0.114658, -0.478091, 0.497475, 0.398847]]> : tensor<8x4xf64>
  %c2 = arith.constant dense<[-0.168029, -0.492955, -0.00859047, 0.054196]> : tensor<4xf64>
  %v3 = nn.matmul %x, %c1, %c2 : (tensor<2x3x8xf64>, tensor<8x4xf64>, tensor<4xf64>) -> tensor<2x3x4xf64>
  %c4 = arith.constant dense<[20.0, -0.886964, 0.863845, 0.221996]> : tensor<4xf64>
  %c5 = arith.constant dense<[1.5101, 0.0001, 2.10353, 0.854499]> : tensor<4xf64>
  %c6 = arith.constant dense<[0.500298, 1.48868, -1.85048, 0.0]> : tensor<4xf64>
  %c7 = arith.constant dense<[-0.47782, 0.740207, 0.924005, 0.402361]> : tensor<4xf64>
  %v8 = nn.batch_norm %v3, %c4, %c5 scale %c6 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<2x3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) -> tensor<2x3x4xf64>
  return %v8 : tensor<2x3x4xf64>
}

func.func @matmul_transpose_lhs_f32(%x: tensor<2x8x3xf32>) -> tensor<2x3x4xf32> {
  %c1 = arith.constant dense<[[-0.291913, 0.133789, -0.304977, 0.165763, 0.301669, -0.384496, -0.0302146, 0.472217], [-0.243468, -0.153639, -0.441035, 0.0129298, -0.222264, 0.0258388, -0.456851, -0.389114], [0.308048, -0.152405, -0.269931, -0.17026, 0.236436, 0.190865, -0.0382882, -0.142267], [0.430826, 0.397257, 0.0302589, -0.21524, 0.0201454, -0.174165, 0.048349, -0.334723]]> : tensor<4x8xf32>
  %c2 = arith.constant dense<[-0.493448, 0.296243, -0.147329, 0.405847]> : tensor<4xf32>
  %v3 = nn.matmul %x, %c1, %c2 {transpose_lhs, transpose_rhs} : (tensor<2x8x3xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %c4 = arith.constant dense<[20.0, 0.833851, -0.454042, 0.102641]> : tensor<4xf32>
  %c5 = arith.constant dense<[1.41531, 0.0001, 0.337054, 0.920444]> : tensor<4xf32>
  %c6 = arith.constant dense<[0.239356, 0.286009, -0.384857, 0.0]> : tensor<4xf32>
  %c7 = arith.constant dense<[-0.493688, -0.706268, -0.929987, 0.718063]> : tensor<4xf32>
  %v8 = nn.batch_norm %v3, %c4, %c5 scale %c6 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %v8 : tensor<2x3x4xf32>
}

func.func @matmul_f16(%x: tensor<?x12xf16>) -> tensor<?x5xf16> {
  %c1 = arith.constant dense<[[-0.00738563, 0.398549, -0.0878748, 0.315723, -0.0350695, -0.455486, -0.113558, -0.247038, 0.0175883, 0.315634, -0.365449, 0.0576738], [-0.365932, 0.477041, -0.445939, -0.385499, 0.193301, 0.3356, 0.0288744, -0.191729, -0.320902, -0.304547, -0.373849, 0.106163], [0.0038031, 0.278002, 0.413132, -0.383682, -0.152689, -0.297612, -0.493179, -0.211719, -0.0603056, -0.419426, 0.225501, -0.117254], [0.0554531, -0.37651, -0.380615, 0.239519, 0.234505, 0.356796, -0.497929, 0.00897617, 0.0544631, -0.420266, 0.242316, 0.433635], [0.475093, -0.34721, 0.303439, 0.0311789, -0.48926, 0.320802, 0.13005, 0.24026, 0.197322, 0.107187, 0.133922, -0.406549]]> : tensor<5x12xf16>
  %c2 = arith.constant dense<[-0.29932, -0.300334, 0.0277114, -0.0750017, -0.212716]> : tensor<5xf16>
  %v3 = nn.matmul %x, %c1, %c2 {transpose_rhs} : (tensor<?x12xf16>, tensor<5x12xf16>, tensor<5xf16>) -> tensor<?x5xf16>
  %c4 = arith.constant dense<[4.0, 0.750083, 0.411489, -0.519806, -0.661103]> : tensor<5xf16>
  %c5 = arith.constant dense<[2.11074, 0.3, 2.89848, 2.04749, 1.38761]> : tensor<5xf16>
  %c6 = arith.constant dense<[1.65754, 0.470017, -1.54576, 0.0, 0.503881]> : tensor<5xf16>
  %c7 = arith.constant dense<[0.569082, -0.852879, 0.85385, 0.109037, 0.350163]> : tensor<5xf16>
  %v8 = nn.batch_norm %v3, %c4, %c5 scale %c6 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x5xf16>, tensor<5xf16>, tensor<5xf16>, tensor<5xf16>, tensor<5xf16>) -> tensor<?x5xf16>
  return %v8 : tensor<?x5xf16>
}

func.func @matmul_bf16(%x: tensor<4x12xbf16>) -> tensor<4x5xbf16> {
  %c1 = arith.constant dense<[[-0.00382634, 0.453991, 0.426213, 0.254787, 0.29565], [-0.165306, 0.370093, -0.0803083, -0.203698, -0.23921], [-0.143692, 0.161559, 0.233076, 0.0818671, -0.220647], [0.45381, -0.282539, -0.0119973, -0.354, 0.324906], [0.0405588, -0.370766, -0.283829, 0.472005, 0.0626857], [0.164119, -0.0741008, 0.335341, 0.253774, -0.482987], [-0.114057, -0.283534, 0.0682431, -0.413397, -0.285938], [-0.0530655, -0.383093, 0.0536126, 0.381942, -0.483663], [0.0927062, -0.402469, 0.0306588, -0.00376457, -0.394161], [-0.366879, -0.420592, 0.328534, -0.499093, 0.444025], [0.192935, 0.298194, 0.226536, -0.439214, -0.338662], [-0.323705, 0.0737591, -0.423301, 0.0390154, -0.311746]]> : tensor<12x5xbf16>
  %c2 = arith.constant dense<[-0.127007, 0.260968, -0.330334, -0.174683, -0.314424]> : tensor<5xbf16>
  %v3 = nn.matmul %x, %c1, %c2 : (tensor<4x12xbf16>, tensor<12x5xbf16>, tensor<5xbf16>) -> tensor<4x5xbf16>
  %c4 = arith.constant dense<[4.0, 0.994452, 0.721725, 0.148667, -0.301119]> : tensor<5xbf16>
  %c5 = arith.constant dense<[1.75559, 0.3, 1.09449, 2.03959, 2.735]> : tensor<5xbf16>
  %c6 = arith.constant dense<[1.99522, 0.618133, -1.05491, 0.0, 1.29334]> : tensor<5xbf16>
  %c7 = arith.constant dense<[-0.185199, -0.467598, 0.29655, -0.668827, 0.443346]> : tensor<5xbf16>
  %v8 = nn.batch_norm %v3, %c4, %c5 scale %c6 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<4x5xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>) -> tensor<4x5xbf16>
  return %v8 : tensor<4x5xbf16>
}
