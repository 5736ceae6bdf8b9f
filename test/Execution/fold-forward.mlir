// Equivalence: batch norms folded forward into the layers that read them,
// at the borders: padded convolutions (1-D, 2-D, 3-D, nchw and nhwc,
// grouped, depthwise, strided, dilated, dynamic sizes) with nonzero shifts
// and negative scales, matmuls, two users, a transposed convolution with
// a zero shift, f16 and f64. Every function must compute the same results
// after --fold-batchnorm, on the runner's pseudo-random inputs. (Weights
// generated once with Python's random, seed 16; the file is static.)

// RUN: bnfold-opt --fold-batchnorm %s -o %t
// RUN: FileCheck %s --check-prefix=FOLDED --input-file=%t
// RUN: FileCheck %s --check-prefix=NOBN --input-file=%t
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s
// RUN: bnfold-run --compare %s %t --function=conv2d_dynamic_spatial_padded --dynamic-size=7 | FileCheck %s --check-prefix=DYN

// NOBN-NOT: nn.batch_norm
// FOLDED-COUNT-12: nn.pad
// FOLDED-NOT: nn.pad
// CHECK-COUNT-16: compare: OK
// CHECK: compare all: OK, 16 functions
// DYN: compare: OK

func.func @conv2d_nchw_padded(%x: tensor<?x3x6x6xf32>) -> (tensor<?x4x3x7xf32>) {
  %nm = arith.constant dense<[-0.553909, -0.078077, -0.332189]> : tensor<3xf32>
  %nv = arith.constant dense<[1.059491, 0.996177, 1.4181]> : tensor<3xf32>
  %ng = arith.constant dense<[-0.610626, 0.312154, -1.277893]> : tensor<3xf32>
  %nb = arith.constant dense<[0.903362, 0.204216, -0.955637]> : tensor<3xf32>
  %n = nn.batch_norm nchw %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<?x3x6x6xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x3x6x6xf32>
  %w = arith.constant dense<[[[[-0.559299, 0.205583, -0.959253], [-0.69208, 0.212096, 0.261912], [-0.070542, 0.197375, 0.407084]], [[0.97086, 0.565303, -0.276435], [-0.159437, -0.828119, -0.011414], [0.033486, -0.655468, 0.125289]], [[0.157511, -0.434402, -0.83279], [0.999884, -0.987637, -0.253864], [-0.020227, -0.382252, -0.367184]]], [[[-0.092805, -0.671488, -0.035492], [0.69959, -0.109735, 0.728584], [-0.972024, 0.679772, 0.398]], [[-0.75412, 0.665921, -0.843693], [0.30868, 0.936168, 0.414161], [0.839053, 0.793533, -0.933947]], [[-0.914002, 0.300333, 0.207628], [-0.045046, 0.337016, 0.627675], [0.361333, 0.659961, -0.858215]]], [[[-0.360045, 0.415151, 0.083485], [-0.513734, -0.211371, -0.906808], [0.686428, 0.475772, -0.903558]], [[0.693525, -0.214632, 0.799489], [0.386866, -0.52071, 0.164223], [-0.522162, -0.511115, -0.767815]], [[0.281806, -0.464801, -0.186016], [-0.19003, 0.767224, -0.067193], [-0.480247, -0.881786, 0.414199]]], [[[-0.144833, -0.489267, 0.934386], [-0.231558, 0.6243, -0.77262], [0.265103, -0.432472, -0.088448]], [[-0.717619, -0.200605, -0.748238], [-0.737535, -0.192708, 0.002731], [-0.208915, -0.275371, -0.00785]], [[-0.651709, -0.183967, 0.316491], [0.693547, -0.023564, 0.144928], [0.948458, 0.695021, 0.502945]]]]> : tensor<4x3x3x3xf32>
  %wb = arith.constant dense<[0.573325, 0.474304, -0.516859, 0.28877]> : tensor<4xf32>
  %y = nn.conv2d nchw %n, %w, %wb {strides = array<i64: 2, 1>, padding = array<i64: 1, 0, 2, 1>} : (tensor<?x3x6x6xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<?x4x3x7xf32>
  return %y : tensor<?x4x3x7xf32>
}

func.func @conv2d_nhwc_grouped_padded(%x: tensor<1x5x5x4xf32>) -> (tensor<1x3x3x6xf32>) {
  %nm = arith.constant dense<[-1.163403, -0.232027, -1.465872, 0.213582]> : tensor<4xf32>
  %nv = arith.constant dense<[1.597597, 1.985042, 0.48246, 1.422376]> : tensor<4xf32>
  %ng = arith.constant dense<[-0.369744, -1.26757, -0.916025, 0.419801]> : tensor<4xf32>
  %nb = arith.constant dense<[-0.195216, -0.217649, -0.554066, -0.091766]> : tensor<4xf32>
  %n = nn.batch_norm nhwc %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<1x5x5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  %w = arith.constant dense<[[[[0.43674, 0.262092, -0.55671, -0.209643, 0.246221, -0.889044], [0.804701, -0.954147, 0.250101, -0.705386, 0.912625, 0.383657]], [[-0.554843, 0.007211, 0.690898, 0.708166, 0.325611, 0.276977], [0.484721, 0.831001, 0.027514, 0.230388, 0.596499, 0.021395]], [[-0.562672, 0.161053, -0.301337, 0.428352, 0.496133, 0.812953], [-0.782464, -0.955076, 0.862555, 0.460866, 0.994862, 0.627679]]], [[[0.90673, -0.689309, -0.62831, 0.225822, 0.515913, -0.764923], [0.896309, -0.540285, -0.592872, -0.127443, -0.635832, -0.820318]], [[-0.842384, -0.934689, -0.69882, 0.35874, 0.55984, 0.545445], [-0.165016, 0.505731, -0.769624, 0.72975, -0.180026, -0.754399]], [[-0.233504, -0.61296, 0.485957, -0.251512, -0.966093, -0.614924], [-0.839748, 0.903054, -0.177719, 0.56693, 0.187088, -0.175289]]], [[[0.464307, 0.105868, -0.912969, 0.988134, -0.302287, 0.303443], [-0.16611, 0.924695, -0.666051, -0.887273, -0.914882, -0.199764]], [[0.696499, -0.105105, 0.862636, -0.713867, 0.93218, -0.664682], [0.768202, -0.609983, 0.164759, 0.228203, 0.942371, -0.175937]], [[0.684565, -0.897241, 0.798372, 0.037035, 0.074453, 0.938129], [-0.372286, 0.228504, 0.173222, -0.394799, -0.706766, -0.141506]]]]> : tensor<3x3x2x6xf32>
  %wb = arith.constant dense<[-0.434163, 0.219906, -0.182976, -0.835342, 0.37916, 0.847506]> : tensor<6xf32>
  %y = nn.conv2d nhwc %n, %w, %wb {dilations = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64} : (tensor<1x5x5x4xf32>, tensor<3x3x2x6xf32>, tensor<6xf32>) -> tensor<1x3x3x6xf32>
  return %y : tensor<1x3x3x6xf32>
}

func.func @depthwise_nchw_padded(%x: tensor<2x3x5x5xf32>) -> (tensor<2x6x5x5xf32>) {
  %nm = arith.constant dense<[0.467583, -0.809043, -0.787507]> : tensor<3xf32>
  %nv = arith.constant dense<[1.92809, 1.05518, 1.532224]> : tensor<3xf32>
  %ng = arith.constant dense<[0.389501, 0.75281, -0.326157]> : tensor<3xf32>
  %nb = arith.constant dense<[-0.330759, 0.996011, -0.45399]> : tensor<3xf32>
  %n = nn.batch_norm nchw %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<2x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x5x5xf32>
  %w = arith.constant dense<[[[[0.730937, -0.42066, 0.567043], [-0.4558, -0.971617, 0.399827], [0.438875, 0.745766, 0.597612]]], [[[-0.688762, 0.185785, -0.552286], [-0.328083, 0.143266, -0.783739], [0.943394, -0.465513, 0.777016]]], [[[0.59261, -0.978184, 0.94627], [-0.252764, 0.174344, -0.271059], [-0.570485, 0.310214, 0.610485]]], [[[0.047073, 0.065751, -0.443261], [0.413899, 0.101692, 0.688383], [0.683388, -0.609804, -0.761383]]], [[[-0.012251, -0.955394, 0.768555], [0.414368, 0.374941, 0.741671], [-0.343399, 0.192719, -0.249835]]], [[[-0.525183, -0.597129, -0.680894], [0.325159, -0.653715, 0.477435], [-0.293882, -0.853667, -0.944722]]]]> : tensor<6x1x3x3xf32>
  %wb = arith.constant dense<[-0.592022, -0.711672, 0.988798, 0.606662, -0.174577, 0.399911]> : tensor<6xf32>
  %y = nn.depthwise_conv2d nchw %n, %w, %wb {padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x5x5xf32>, tensor<6x1x3x3xf32>, tensor<6xf32>) -> tensor<2x6x5x5xf32>
  return %y : tensor<2x6x5x5xf32>
}

func.func @depthwise_nhwc_padded(%x: tensor<1x5x5x3xf32>) -> (tensor<1x5x5x3xf32>) {
  %nm = arith.constant dense<[1.750024, 1.295976, -0.843488]> : tensor<3xf32>
  %nv = arith.constant dense<[1.027433, 1.482598, 0.85286]> : tensor<3xf32>
  %ng = arith.constant dense<[-1.440544, 0.702139, -0.329565]> : tensor<3xf32>
  %nb = arith.constant dense<[-0.299839, -0.12247, 0.078545]> : tensor<3xf32>
  %n = nn.batch_norm nhwc %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<1x5x5x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x5x5x3xf32>
  %w = arith.constant dense<[[[[0.020284], [0.832391], [-0.822125]], [[-0.716829], [-0.520906], [-0.507909]], [[-0.654202], [-0.659912], [-0.561562]]], [[[-0.029004], [-0.929193], [0.962385]], [[0.673347], [-0.510674], [-0.062216]], [[0.894077], [-0.253999], [-0.33172]]], [[[-0.417464], [0.285719], [0.948221]], [[-0.186668], [-0.994098], [0.912199]], [[0.936925], [0.286873], [0.274112]]]]> : tensor<3x3x3x1xf32>
  %y = nn.depthwise_conv2d nhwc %n, %w {padding = array<i64: 2, 0, 0, 2>} : (tensor<1x5x5x3xf32>, tensor<3x3x3x1xf32>) -> tensor<1x5x5x3xf32>
  return %y : tensor<1x5x5x3xf32>
}

func.func @conv1d_ncw_padded_f64(%x: tensor<2x3x7xf64>) -> (tensor<2x4x8xf64>) {
  %nm = arith.constant dense<[-1.969749, 1.525733, 1.831708]> : tensor<3xf64>
  %nv = arith.constant dense<[1.853697, 1.424041, 0.347934]> : tensor<3xf64>
  %ng = arith.constant dense<[-0.415646, 1.038154, 0.628557]> : tensor<3xf64>
  %nb = arith.constant dense<[-0.883427, -0.357438, -0.381028]> : tensor<3xf64>
  %n = nn.batch_norm ncw %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<2x3x7xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<2x3x7xf64>
  %w = arith.constant dense<[[[0.387682, 0.561365, -0.524794], [0.939422, -0.437335, 0.417266], [-0.352323, -0.298445, -0.507772]], [[-0.004604, -0.40042, 0.991368], [0.728016, -0.204819, -0.688704], [-0.427255, 0.018984, 0.648707]], [[-0.234725, -0.562866, -0.841414], [-0.356957, -0.266691, 0.023624], [-0.507766, 0.205525, -0.775135]], [[-0.617267, 0.444604, 0.213665], [0.758503, 0.181749, 0.742692], [-0.143192, -0.628524, 0.804119]]]> : tensor<4x3x3xf64>
  %wb = arith.constant dense<[0.249964, -0.746053, 0.213295, 0.605627]> : tensor<4xf64>
  %y = nn.conv1d ncw %n, %w, %wb {padding = array<i64: 2, 1>} : (tensor<2x3x7xf64>, tensor<4x3x3xf64>, tensor<4xf64>) -> tensor<2x4x8xf64>
  return %y : tensor<2x4x8xf64>
}

func.func @conv3d_ndhwc_padded(%x: tensor<1x4x4x4x2xf32>) -> (tensor<1x4x4x4x3xf32>) {
  %nm = arith.constant dense<[0.800998, 1.102903]> : tensor<2xf32>
  %nv = arith.constant dense<[1.084634, 0.722044]> : tensor<2xf32>
  %ng = arith.constant dense<[0.469967, -0.340384]> : tensor<2xf32>
  %nb = arith.constant dense<[0.908459, 0.59895]> : tensor<2xf32>
  %n = nn.batch_norm ndhwc %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<1x4x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x4x2xf32>
  %w = arith.constant dense<[[[[[0.585798, -0.251455, 0.675996], [0.620712, -0.532841, 0.910843]], [[0.615039, -0.888132, -0.790712], [-0.826724, 0.341273, -0.686677]], [[-0.704151, -0.933149, -0.125741], [-0.38798, 0.124559, -0.641]]], [[[0.398921, 0.25138, -0.209141], [0.930875, 0.184395, 0.085651]], [[-0.525419, -0.396366, 0.433882], [-0.305956, -0.783871, -0.161984]], [[-0.019029, -0.715361, -0.512203], [0.851454, 0.621072, -0.125798]]], [[[0.516781, 0.288307, -0.608458], [0.098054, -0.868598, 0.208448]], [[0.072705, -0.794162, 0.032619], [-0.512496, 0.319376, 0.977006]], [[0.612544, -0.866522, 0.191023], [0.1021, 0.834437, -0.432741]]]], [[[[-0.808978, -0.261139, -0.320746], [0.686024, 0.770759, 0.195835]], [[0.521406, -0.128046, -0.454075], [-0.130386, 0.36088, -0.353642]], [[0.657028, -0.088772, -0.515272], [0.019261, 0.734044, -0.277606]]], [[[-0.368233, 0.023842, 0.901695], [0.591132, 0.439852, -0.500108]], [[0.225161, 0.346923, -0.401623], [0.052205, -0.682129, 0.829915]], [[0.337937, 0.297826, 0.634572], [0.524673, -0.313426, 0.220709]]], [[[-0.748427, 0.368342, -0.255337], [0.054926, 0.660042, -0.409461]], [[-0.622811, 0.597734, -0.419665], [0.803249, 0.863454, -0.682624]], [[0.121919, 0.884517, 0.301784], [0.28021, -0.72211, -0.129398]]]], [[[[0.615442, -0.998228, 0.422404], [-0.383041, -0.431403, 0.66851]], [[-0.262015, -0.001688, 0.994621], [-0.394634, 0.923717, -0.368776]], [[0.178695, -0.892343, 0.955777], [-0.069029, -0.008858, 0.924374]]], [[[-0.16478, -0.953373, -0.32499], [-0.954059, -0.923965, 0.746232]], [[0.570384, 0.440285, 0.282273], [-0.24025, 0.140352, -0.399082]], [[0.25596, 0.560623, -0.238594], [-0.462734, -0.335546, -0.56303]]], [[[0.842923, 0.666688, -0.384107], [-0.792623, 0.003656, 0.511318]], [[-0.42033, 0.518904, -0.250988], [-0.604933, 0.616756, 0.436176]], [[-0.224048, 0.408822, -0.379668], [0.525367, 0.312442, 0.129561]]]]]> : tensor<3x3x3x2x3xf32>
  %wb = arith.constant dense<[-0.389262, 0.264806, -0.514017]> : tensor<3xf32>
  %y = nn.conv3d ndhwc %n, %w, %wb {padding = array<i64: 1, 1, 1, 1, 1, 1>} : (tensor<1x4x4x4x2xf32>, tensor<3x3x3x2x3xf32>, tensor<3xf32>) -> tensor<1x4x4x4x3xf32>
  return %y : tensor<1x4x4x4x3xf32>
}

func.func @depthwise_conv1d_nwc_padded(%x: tensor<1x6x2xf32>) -> (tensor<1x6x4xf32>) {
  %nm = arith.constant dense<[1.885201, 0.245512]> : tensor<2xf32>
  %nv = arith.constant dense<[1.585496, 0.399353]> : tensor<2xf32>
  %ng = arith.constant dense<[0.440709, -0.385551]> : tensor<2xf32>
  %nb = arith.constant dense<[-0.240073, 0.211535]> : tensor<2xf32>
  %n = nn.batch_norm nwc %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<1x6x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x6x2xf32>
  %w = arith.constant dense<[[[0.542789, -0.77481], [0.334136, -0.750305]], [[0.511539, 0.718711], [0.407353, -0.301913]], [[-0.302295, 0.449823], [0.706474, -0.769771]]]> : tensor<3x2x2xf32>
  %wb = arith.constant dense<[-0.473409, 0.748805, 0.552839, -0.564759]> : tensor<4xf32>
  %y = nn.depthwise_conv1d nwc %n, %w, %wb {padding = array<i64: 1, 1>} : (tensor<1x6x2xf32>, tensor<3x2x2xf32>, tensor<4xf32>) -> tensor<1x6x4xf32>
  return %y : tensor<1x6x4xf32>
}

func.func @matmul(%x: tensor<?x5xf32>) -> (tensor<?x4xf32>) {
  %nm = arith.constant dense<[-1.378972, -1.809179, -0.861966, 1.393582, 0.275889]> : tensor<5xf32>
  %nv = arith.constant dense<[0.591466, 0.566762, 0.472572, 0.958092, 0.52897]> : tensor<5xf32>
  %ng = arith.constant dense<[-0.427407, -0.400353, -0.344638, 0.310922, -1.332322]> : tensor<5xf32>
  %nb = arith.constant dense<[-0.115449, -0.251823, -0.096677, 0.590624, -0.76727]> : tensor<5xf32>
  %n = nn.batch_norm %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<?x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  %w = arith.constant dense<[[0.686128, 0.840291, -0.93619, -0.217116], [-0.459684, 0.704852, 0.135527, 0.996915], [0.24588, 0.473456, -0.841845, -0.279433], [0.710744, 0.662948, 0.795403, 0.052108], [0.935351, -0.601579, 0.629626, -0.732959]]> : tensor<5x4xf32>
  %wb = arith.constant dense<[0.244272, 0.129435, -0.137024, -0.499103]> : tensor<4xf32>
  %y = nn.matmul %n, %w, %wb : (tensor<?x5xf32>, tensor<5x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

func.func @matmul_batched_transposed(%x: tensor<2x3x5xf32>) -> (tensor<2x3x4xf32>) {
  %nm = arith.constant dense<[1.660346, 1.596278, -0.234446, -0.491812, -0.164538]> : tensor<5xf32>
  %nv = arith.constant dense<[1.175194, 1.889418, 0.308236, 0.703577, 1.702388]> : tensor<5xf32>
  %ng = arith.constant dense<[0.834997, -1.11032, -0.753675, 0.43058, -1.136523]> : tensor<5xf32>
  %nb = arith.constant dense<[-0.271976, -0.504078, -0.670832, -0.466193, 0.314093]> : tensor<5xf32>
  %n = nn.batch_norm %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<2x3x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<2x3x5xf32>
  %w = arith.constant dense<[[-0.663874, -0.039758, 0.915477, 0.932819, 0.507792], [0.030604, 0.160666, -0.036819, 0.765187, -0.118637], [-0.894654, 0.773487, -0.556072, 0.824751, 0.780383], [-0.434796, -0.491672, 0.730435, 0.784641, -0.016883]]> : tensor<4x5xf32>
  %y = nn.matmul %n, %w {transpose_rhs} : (tensor<2x3x5xf32>, tensor<4x5xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

func.func @two_users(%x: tensor<1x3x5x5xf32>) -> (tensor<1x2x5x5xf32>, tensor<1x4x5x5xf32>) {
  %nm = arith.constant dense<[-1.595776, 0.016981, 1.716853]> : tensor<3xf32>
  %nv = arith.constant dense<[0.918925, 1.399597, 1.821246]> : tensor<3xf32>
  %ng = arith.constant dense<[0.945422, 0.455338, -1.325485]> : tensor<3xf32>
  %nb = arith.constant dense<[0.519526, -0.85738, 0.188805]> : tensor<3xf32>
  %n = nn.batch_norm nchw %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<1x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x5x5xf32>
  %w = arith.constant dense<[[[[-0.877838, -0.04261, -0.031767], [0.993636, 0.834417, -0.982877], [0.565277, -0.865921, -0.810573]], [[0.32661, 0.989401, -0.351081], [0.149351, -0.42142, -0.57853], [-0.36719, -0.304263, -0.56201]], [[0.379866, 0.104335, -0.960558], [0.195556, -0.150469, -0.457863], [0.224821, -0.60432, 0.204881]]], [[[-0.260938, -0.334644, 0.446971], [-0.700096, 0.227235, 0.795269], [-0.120183, -0.643567, -0.685398]], [[-0.437438, 0.684941, 0.525358], [0.573945, -0.63888, 0.442773], [-0.615232, 0.515334, 0.102052]], [[-0.156255, 0.427865, -0.336316], [0.608091, 0.121506, 0.748656], [0.792585, -0.185547, 0.714254]]]]> : tensor<2x3x3x3xf32>
  %wb = arith.constant dense<[0.265805, -0.371533]> : tensor<2xf32>
  %y = nn.conv2d nchw %n, %w, %wb {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x5x5xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>) -> tensor<1x2x5x5xf32>
  %v = arith.constant dense<[[[[0.689838]], [[-0.647728]], [[0.99905]]], [[[0.718522]], [[-0.10535]], [[0.507972]]], [[[-0.814687]], [[0.561753]], [[-0.582799]]], [[[0.20457]], [[-0.754805]], [[-0.456695]]]]> : tensor<4x3x1x1xf32>
  %z = nn.conv2d nchw %n, %v : (tensor<1x3x5x5xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x5x5xf32>
  return %y, %z : tensor<1x2x5x5xf32>, tensor<1x4x5x5xf32>
}

func.func @conv_transpose_zero_shift(%x: tensor<1x2x3x3xf32>) -> (tensor<1x3x5x5xf32>) {
  %nm = arith.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %nv = arith.constant dense<[0.645482, 1.082038]> : tensor<2xf32>
  %ng = arith.constant dense<[-0.366742, -1.427054]> : tensor<2xf32>
  %nb = arith.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %n = nn.batch_norm nchw %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %w = arith.constant dense<[[[[0.677687, -0.383373, -0.151571], [0.241468, -0.963777, 0.186002], [0.234828, -0.394634, -0.225001]], [[-0.128906, -0.951669, 0.443939], [0.688463, -0.60768, 0.606317], [0.682679, 0.608851, -0.352393]], [[0.60838, 0.58154, 0.738263], [0.099388, -0.920081, -0.688549], [0.637407, 0.181187, -0.115321]]], [[[-0.192882, -0.27038, 0.773258], [-0.350506, -0.15112, -0.644178], [0.533077, 0.394754, -0.558968]], [[0.270972, -0.596041, -0.389176], [0.940598, -0.270636, -0.082459], [-0.013686, 0.989337, -0.830848]], [[-0.518208, -0.399195, 0.842384], [0.403153, -0.070944, 0.020698], [0.920546, -0.467571, 0.686908]]]]> : tensor<2x3x3x3xf32>
  %wb = arith.constant dense<[-0.060173, -0.889853, -0.42191]> : tensor<3xf32>
  %y = nn.conv_transpose2d nchw %n, %w, %wb {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>, tensor<3xf32>) -> tensor<1x3x5x5xf32>
  return %y : tensor<1x3x5x5xf32>
}

func.func @conv2d_nhwc_padded_f16(%x: tensor<1x4x4x2xf16>) -> (tensor<1x4x4x3xf16>) {
  %nm = arith.constant dense<[-0.171302, 0.313388]> : tensor<2xf16>
  %nv = arith.constant dense<[0.438807, 1.202789]> : tensor<2xf16>
  %ng = arith.constant dense<[-0.95284, 0.365298]> : tensor<2xf16>
  %nb = arith.constant dense<[-0.578758, 0.227178]> : tensor<2xf16>
  %n = nn.batch_norm nhwc %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<1x4x4x2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x4x4x2xf16>
  %w = arith.constant dense<[[[[-0.095008, 0.518986, -0.852538], [0.837552, 0.911487, 0.80908]], [[-0.636134, -0.000572, 0.999529], [-0.149442, -0.466997, -0.769895]], [[-0.931698, -0.896195, -0.25418], [0.449863, -0.679773, 0.13122]]], [[[-0.757965, -0.748008, -0.088394], [0.362784, -0.426307, -0.938592]], [[0.142793, -0.45091, -0.427143], [0.825895, -0.184209, 0.53044]], [[-0.822946, -0.945129, -0.19101], [0.216931, -0.044114, -0.057516]]], [[[0.769406, 0.298913, -0.078088], [0.28922, -0.97545, -0.915725]], [[-0.930421, -0.23327, 0.044725], [0.631324, -0.530935, -0.074389]], [[-0.280111, -0.546645, 0.566838], [-0.019374, 0.957068, -0.647879]]]]> : tensor<3x3x2x3xf16>
  %wb = arith.constant dense<[-0.710286, 0.970422, -0.026264]> : tensor<3xf16>
  %y = nn.conv2d nhwc %n, %w, %wb {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x2xf16>, tensor<3x3x2x3xf16>, tensor<3xf16>) -> tensor<1x4x4x3xf16>
  return %y : tensor<1x4x4x3xf16>
}

func.func @forward_then_backward(%x: tensor<1x3x5x5xf32>) -> (tensor<1x4x5x5xf32>) {
  %nm = arith.constant dense<[1.577556, 1.416395, -0.323839]> : tensor<3xf32>
  %nv = arith.constant dense<[0.89957, 0.483032, 1.471152]> : tensor<3xf32>
  %ng = arith.constant dense<[0.399102, -1.204156, -0.715334]> : tensor<3xf32>
  %nb = arith.constant dense<[0.053494, -0.87254, -0.731497]> : tensor<3xf32>
  %n = nn.batch_norm nchw %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<1x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x5x5xf32>
  %w = arith.constant dense<[[[[-0.588316, -0.289993, -0.555128], [0.297284, 0.410514, 0.622312], [0.191167, 0.196135, 0.007319]], [[0.387841, 0.442633, -0.849285], [0.59961, 0.988494, 0.971482], [-0.405434, -0.552847, 0.882406]], [[0.637545, -0.825618, 0.053268], [0.231119, -0.843869, 0.925949], [-0.575801, 0.752053, -0.600822]]], [[[-0.946969, -0.563991, -0.883584], [0.422293, 0.163776, -0.522373], [0.594223, -0.470733, -0.254934]], [[-0.508923, 0.091033, 0.861303], [0.585765, 0.668027, 0.717934], [0.363644, -0.498708, 0.080002]], [[-0.149311, 0.082668, -0.273801], [-0.636136, 0.73414, 0.335634], [0.157266, -0.007694, -0.740874]]], [[[-0.018352, -0.921359, -0.131987], [-0.286474, 0.00107, 0.268434], [-0.689069, -0.776566, -0.726457]], [[-0.441515, 0.333523, -0.68135], [-0.13192, -0.917675, 0.688421], [0.773634, 0.773444, 0.671182]], [[-0.80701, -0.110249, -0.435503], [-0.266935, 0.127102, 0.767592], [0.646285, -0.730108, 0.328168]]], [[[0.843273, 0.16835, -0.526076], [0.475981, -0.863265, -0.615631], [-0.967013, -0.316578, -0.103658]], [[0.417729, -0.514334, -0.870464], [0.100389, -0.809083, 0.494653], [0.137668, -0.201242, 0.067534]], [[-0.873078, 0.168135, 0.03583], [0.930617, 0.936106, 0.80351], [-0.914759, -0.544428, 0.974961]]]]> : tensor<4x3x3x3xf32>
  %wb = arith.constant dense<[0.823825, 0.928575, 0.348618, -0.66747]> : tensor<4xf32>
  %y = nn.conv2d nchw %n, %w, %wb {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32>
  %om = arith.constant dense<[-0.531429, -0.491118, 1.261199, -1.252247]> : tensor<4xf32>
  %ov = arith.constant dense<[1.299665, 1.273105, 1.91198, 1.639504]> : tensor<4xf32>
  %og = arith.constant dense<[1.220841, -0.95604, -0.548267, -0.448944]> : tensor<4xf32>
  %ob = arith.constant dense<[0.865003, 0.899882, -0.513975, -0.428413]> : tensor<4xf32>
  %o = nn.batch_norm nchw %y, %om, %ov scale %og offset %ob {epsilon = 1.0e-03 : f64} : (tensor<1x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32>
  return %o : tensor<1x4x5x5xf32>
}

func.func @conv2d_dynamic_spatial_padded(%x: tensor<1x3x?x?xf32>) -> (tensor<1x2x?x?xf32>) {
  %nm = arith.constant dense<[-1.074453, 1.976376, 1.217755]> : tensor<3xf32>
  %nv = arith.constant dense<[0.965279, 1.967462, 1.247101]> : tensor<3xf32>
  %ng = arith.constant dense<[0.647951, -1.014657, -0.641339]> : tensor<3xf32>
  %nb = arith.constant dense<[0.536363, -0.514036, -0.482894]> : tensor<3xf32>
  %n = nn.batch_norm nchw %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<1x3x?x?xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x?x?xf32>
  %w = arith.constant dense<[[[[-0.808796, 0.761148, -0.158248], [0.741811, 0.231302, -0.922268], [-0.749028, 0.347496, -0.664193]], [[-0.825304, 0.550855, 0.992494], [-0.211584, 0.979077, 0.989184], [0.001417, 0.118254, -0.475815]], [[0.924126, 0.846036, 0.461442], [-0.292457, -0.378285, -0.962625], [0.867641, 0.203447, -0.333721]]], [[[-0.838305, 0.296182, 0.964802], [0.634656, -0.766022, 0.386409], [-0.953765, 0.933207, 0.458078]], [[-0.119997, 0.225813, -0.054227], [0.017585, 0.180288, 0.798512], [0.325566, 0.959273, -0.028889]], [[0.637861, 0.302988, 0.489121], [0.571065, -0.071757, 0.733745], [-0.258636, -0.913982, -0.999502]]]]> : tensor<2x3x3x3xf32>
  %wb = arith.constant dense<[0.919219, -0.278041]> : tensor<2xf32>
  %y = nn.conv2d nchw %n, %w, %wb {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x?x?xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>) -> tensor<1x2x?x?xf32>
  return %y : tensor<1x2x?x?xf32>
}

func.func @conv2d_zero_scale_unpadded(%x: tensor<1x3x4x4xf32>) -> (tensor<1x2x3x3xf32>) {
  %nm = arith.constant dense<[-0.662966, 1.92598, -1.678192]> : tensor<3xf32>
  %nv = arith.constant dense<[0.742338, 1.604322, 1.107063]> : tensor<3xf32>
  %ng = arith.constant dense<[-1.015193, 0.0, 0.483099]> : tensor<3xf32>
  %nb = arith.constant dense<[-0.060405, -0.530823, 0.275549]> : tensor<3xf32>
  %n = nn.batch_norm nchw %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %w = arith.constant dense<[[[[-0.158936, -0.591743], [0.602686, 0.996698]], [[-0.314978, -0.270545], [-0.867557, 0.988379]], [[-0.985422, -0.35568], [-0.654274, 0.196374]]], [[[-0.377292, -0.093836], [-0.464568, -0.572627]], [[0.31075, -0.791246], [-0.934898, 0.268771]], [[0.938357, 0.328721], [-0.37981, -0.686478]]]]> : tensor<2x3x2x2xf32>
  %wb = arith.constant dense<[-0.700045, 0.342548]> : tensor<2xf32>
  %y = nn.conv2d nchw %n, %w, %wb : (tensor<1x3x4x4xf32>, tensor<2x3x2x2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

func.func @conv2d_nchw_grouped3_padded(%x: tensor<1x6x5x5xf32>) -> (tensor<1x3x3x3xf32>) {
  %nm = arith.constant dense<[-0.990945, -0.228823, 0.30971, 1.059741, -0.639155, -0.179839]> : tensor<6xf32>
  %nv = arith.constant dense<[1.118779, 0.519089, 1.82599, 0.724123, 1.33298, 0.360475]> : tensor<6xf32>
  %ng = arith.constant dense<[-1.164219, 0.686413, 0.353869, 0.961013, 1.365902, -0.932275]> : tensor<6xf32>
  %nb = arith.constant dense<[-0.46263, -0.171443, -0.597414, 0.451886, -0.567014, -0.573036]> : tensor<6xf32>
  %n = nn.batch_norm nchw %x, %nm, %nv scale %ng offset %nb {epsilon = 1.0e-03 : f64} : (tensor<1x6x5x5xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x5x5xf32>
  %w = arith.constant dense<[[[[0.916358, 0.894566, 0.906556], [-0.135359, 0.026028, 0.240319], [0.398836, 0.577176, 0.347616]], [[-0.628462, 0.650787, -0.207102], [-0.409988, -0.395743, -0.934215], [0.580053, 0.285665, 0.496818]]], [[[0.301294, -0.811649, -0.850448], [0.445251, 0.895109, 0.271099], [0.427735, 0.947965, -0.49277]], [[-0.786276, -0.879348, -0.956702], [-0.789551, -0.564236, 0.786228], [0.745131, 0.079941, -0.871044]]], [[[-0.092085, 0.830735, 0.992959], [-0.914493, -0.854398, -0.363308], [0.031429, -0.944349, 0.530016]], [[-0.305625, -0.172, -0.609722], [0.630699, -0.263668, -0.508941], [-0.305915, 0.775268, 0.806706]]]]> : tensor<3x2x3x3xf32>
  %wb = arith.constant dense<[0.071393, 0.62264, 0.584794]> : tensor<3xf32>
  %y = nn.conv2d nchw %n, %w, %wb {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 3 : i64} : (tensor<1x6x5x5xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  return %y : tensor<1x3x3x3xf32>
}
