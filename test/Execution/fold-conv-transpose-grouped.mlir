// Equivalence: grouped transposed convolution folds (ranks 1-3, both filter
// layouts: ONNX/PyTorch [Cin, Cout/G, k...] and TensorFlow [k..., Cout/G,
// Cin]; groups 2 and groups = Cin; stride 2 with output padding; f32, f64,
// f16, bf16) compute the same results after --fold-batchnorm, on the
// runner's pseudo-random inputs, within the default tolerances. Batch-norm
// statistics include a large mean, a small variance, a negative and a zero
// scale. The runtime_* functions take weights and statistics as arguments,
// so the fold emits nn.bn_fold_weights with a group dim and its lowering
// runs. (Weights generated once with a seeded script; the file is static.)

// RUN: bnfold-opt --fold-batchnorm %s -o %t
// RUN: FileCheck %s --check-prefix=FOLDED --input-file=%t
// RUN: not grep nn.batch_norm %t
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=ALL
// RUN: bnfold-run --compare %s %t --function=transpose2d_nchw_g2_s2_f32 --seed=99 --dynamic-size=3 | FileCheck %s

// FOLDED-COUNT-3: nn.bn_fold_weights {{.*}}group_dim
// CHECK: compare: OK
// ALL-COUNT-11: compare: OK
// ALL: compare all: OK, 11 functions

func.func @transpose2d_nchw_g2_s2_f32(%x: tensor<?x4x4x4xf32>) -> tensor<?x6x8x8xf32> {
  %w = arith.constant dense<[[[[-0.452368, -0.195521, -0.50015], [-0.354694, 0.573599, -0.115589], [0.588519, -0.0736223, 0.129037]], [[0.447114, 0.22426, -0.466162], [0.106901, 0.160475, -0.382562], [-0.486393, 0.449753, 0.0165377]], [[-0.367394, -0.0568789, -0.338175], [0.35789, 0.00057615, -0.477086], [0.381754, -0.492558, -0.263197]]], [[[-0.566403, 0.288409, -0.46335], [0.0309175, -0.48842, -0.0234751], [0.222447, 0.0418206, -0.0537997]], [[-0.0181549, -0.0755489, 0.114536], [-0.486175, -0.0305782, -0.316484], [0.438544, 0.526824, -0.520261]], [[-0.428044, 0.244165, 0.0857366], [-0.577073, 0.245872, 0.532719], [-0.0922676, -0.183011, 0.0832819]]], [[[0.526963, -0.283754, -0.237258], [-0.373547, 0.154101, -0.0368909], [-0.292712, -0.134527, -0.558265]], [[-0.225061, 0.579487, 0.103253], [-0.260899, 0.523356, -0.170069], [-0.298158, -0.557832, -0.424559]], [[-0.361153, -0.323958, 0.447577], [-0.282544, -0.301679, 0.124712], [0.500567, -0.25035, 0.313906]]], [[[-0.157517, 0.0733361, 0.115006], [0.530774, 0.30871, 0.00978105], [0.409677, -0.160236, -0.139068]], [[0.551971, 0.0551304, 0.328129], [-0.222662, 0.498349, 0.135281], [-0.303228, 0.520365, -0.0372917]], [[-0.19268, -0.284697, -0.476105], [-0.359229, 0.230691, -0.431231], [-0.289541, -0.0631456, 0.0536285]]]]> : tensor<4x3x3x3xf32>
  %b = arith.constant dense<[-0.143393, 0.342114, -0.291863, -0.15768, -0.0899926, -0.445356]> : tensor<6xf32>
  %m = arith.constant dense<[20.0, 0.405171, 0.304084, 0.880705, -0.45777, -0.488449]> : tensor<6xf32>
  %v = arith.constant dense<[1.86174, 0.0001, 0.827171, 1.74216, 1.05202, 1.96604]> : tensor<6xf32>
  %s = arith.constant dense<[-1.1448, -0.830202, -1.40439, -0.425902, -0.718793, 0.0]> : tensor<6xf32>
  %o = arith.constant dense<[0.631664, 0.149704, 0.551333, 0.663999, 0.164948, 0.651698]> : tensor<6xf32>
  %y = nn.conv_transpose2d nchw %x, %w, %b {groups = 2 : i64, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, output_padding = array<i64: 1, 1>} : (tensor<?x4x4x4xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<?x6x8x8xf32>
  %z = nn.batch_norm nchw %y, %m, %v scale %s offset %o {epsilon = 1.0e-03 : f64} : (tensor<?x6x8x8xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x6x8x8xf32>
  return %z : tensor<?x6x8x8xf32>
}

func.func @transpose2d_nhwc_g2_s2_f32(%x: tensor<1x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  %w = arith.constant dense<[[[[0.519996, 0.43675, -0.525714, 0.216151], [0.521042, 0.0509298, -0.483897, 0.440138]], [[-0.088392, 0.576659, 0.44936, 0.394652], [0.517477, -0.51825, 0.352532, -0.233781]]], [[[-0.437781, -0.14503, 0.106688, -0.594152], [-0.0604186, 0.341114, -0.00564975, 0.0337785]], [[-0.244446, 0.565715, -0.302193, 0.217383], [0.175005, -0.599309, 0.595795, -0.317446]]]]> : tensor<2x2x2x4xf32>
  %b = arith.constant dense<[0.586606, 0.513962, 0.481162, 0.426307]> : tensor<4xf32>
  %m = arith.constant dense<[20.0, -0.707029, 0.450795, -0.706881]> : tensor<4xf32>
  %v = arith.constant dense<[1.70338, 0.0001, 1.65268, 1.67567]> : tensor<4xf32>
  %s = arith.constant dense<[-0.439572, 1.29928, -0.67037, 0.0]> : tensor<4xf32>
  %o = arith.constant dense<[0.0462894, 0.406531, 0.266065, 0.469859]> : tensor<4xf32>
  %y = nn.conv_transpose2d nhwc %x, %w, %b {groups = 2 : i64, strides = array<i64: 2, 2>} : (tensor<1x3x3x4xf32>, tensor<2x2x2x4xf32>, tensor<4xf32>) -> tensor<1x6x6x4xf32>
  %z = nn.batch_norm nhwc %y, %m, %v scale %s offset %o {epsilon = 1.0e-03 : f64} : (tensor<1x6x6x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x6x6x4xf32>
  return %z : tensor<1x6x6x4xf32>
}

func.func @transpose1d_ncw_groups_cin_f32(%x: tensor<1x3x5xf32>) -> tensor<1x6x7xf32> {
  %w = arith.constant dense<[[[0.434169, -0.0287578, -0.134407], [0.0236033, -0.455419, -0.333534]], [[-0.317061, -0.293874, 0.431506], [-0.304057, -0.491432, 0.440058]], [[0.0699115, -0.5664, 0.210219], [0.223486, 0.179523, 0.329507]]]> : tensor<3x2x3xf32>
  %m = arith.constant dense<[20.0, -0.109172, -0.308504, 0.871997, -0.941483, -0.726285]> : tensor<6xf32>
  %v = arith.constant dense<[2.39538, 0.0001, 1.7945, 2.42294, 1.3567, 2.10464]> : tensor<6xf32>
  %s = arith.constant dense<[-0.171405, 1.20209, -1.49105, -0.185039, 0.231045, 0.0]> : tensor<6xf32>
  %o = arith.constant dense<[0.422506, 0.680595, 0.9678, 0.418845, 0.199546, 0.0302823]> : tensor<6xf32>
  %y = nn.conv_transpose1d ncw %x, %w {groups = 3 : i64} : (tensor<1x3x5xf32>, tensor<3x2x3xf32>) -> tensor<1x6x7xf32>
  %z = nn.batch_norm ncw %y, %m, %v scale %s offset %o {epsilon = 1.0e-03 : f64} : (tensor<1x6x7xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x7xf32>
  return %z : tensor<1x6x7xf32>
}

func.func @transpose1d_nwc_groups_cin_f32(%x: tensor<1x5x3xf32>) -> tensor<1x7x6xf32> {
  %w = arith.constant dense<[[[0.0252302, 0.219021, -0.0166335], [0.162174, -0.157199, 0.551032]], [[-0.390657, 0.357283, -0.571518], [0.00859332, -0.520218, -0.4419]], [[0.106193, 0.485199, -0.228873], [-0.116674, -0.0287691, 0.126072]]]> : tensor<3x2x3xf32>
  %b = arith.constant dense<[-0.179629, -0.178294, 0.424157, 0.0667532, -0.17704, 0.381693]> : tensor<6xf32>
  %m = arith.constant dense<[20.0, -0.550231, 0.48853, 0.250131, 0.407516, -0.632702]> : tensor<6xf32>
  %v = arith.constant dense<[0.994467, 0.0001, 1.02297, 1.54591, 1.23513, 1.91096]> : tensor<6xf32>
  %s = arith.constant dense<[-0.454866, -0.00631777, -1.18548, -0.568135, -0.972797, 0.0]> : tensor<6xf32>
  %o = arith.constant dense<[0.133119, 0.857014, 0.274965, 0.904141, 0.533776, 0.154156]> : tensor<6xf32>
  %y = nn.conv_transpose1d nwc %x, %w, %b {groups = 3 : i64} : (tensor<1x5x3xf32>, tensor<3x2x3xf32>, tensor<6xf32>) -> tensor<1x7x6xf32>
  %z = nn.batch_norm nwc %y, %m, %v scale %s offset %o {epsilon = 1.0e-03 : f64} : (tensor<1x7x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x7x6xf32>
  return %z : tensor<1x7x6xf32>
}

func.func @transpose3d_ndhwc_g2_f32(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x3x3x3x4xf32> {
  %w = arith.constant dense<[[[[[0.324328, 0.316858], [-0.507857, 0.387032]], [[0.385001, -0.309923], [0.109564, -0.353368]]], [[[0.04622, 0.302208], [-0.147782, 0.0395744]], [[-0.442299, 0.435755], [0.151661, 0.396474]]]], [[[[-0.503152, 0.29442], [-0.491471, 0.0677904]], [[-0.323095, 0.481854], [-0.472522, -0.0324103]]], [[[-0.0349613, -0.136912], [-0.522527, 0.199314]], [[0.566414, -0.166845], [0.478559, -0.19347]]]]]> : tensor<2x2x2x2x2xf32>
  %b = arith.constant dense<[-0.272181, -0.0543089, 0.567368, 0.335317]> : tensor<4xf32>
  %m = arith.constant dense<[20.0, -0.13558, -0.969576, -0.389376]> : tensor<4xf32>
  %v = arith.constant dense<[2.25544, 0.0001, 0.576908, 2.00162]> : tensor<4xf32>
  %s = arith.constant dense<[-1.15704, 1.04835, -1.02124, 0.0]> : tensor<4xf32>
  %o = arith.constant dense<[0.59438, 0.11212, 0.774987, 0.438455]> : tensor<4xf32>
  %y = nn.conv_transpose3d ndhwc %x, %w, %b {groups = 2 : i64} : (tensor<1x2x2x2x2xf32>, tensor<2x2x2x2x2xf32>, tensor<4xf32>) -> tensor<1x3x3x3x4xf32>
  %z = nn.batch_norm ndhwc %y, %m, %v scale %s offset %o {epsilon = 1.0e-03 : f64} : (tensor<1x3x3x3x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x3x3x3x4xf32>
  return %z : tensor<1x3x3x3x4xf32>
}

func.func @transpose3d_ncdhw_g2_s2_f64(%x: tensor<1x4x2x2x2xf64>) -> tensor<1x2x4x4x4xf64> {
  %w = arith.constant dense<[[[[[0.0140105, 0.338859], [0.510851, 0.499254]], [[-0.0886986, -0.385932], [0.556377, -0.0920311]]]], [[[[-0.188394, 0.388992], [0.0696958, 0.542889]], [[0.241424, 0.535121], [-0.416209, 0.531918]]]], [[[[0.04993, 0.235918], [-0.238868, -0.307048]], [[-0.243976, -0.39602], [0.55278, -0.456753]]]], [[[[-0.308759, 0.160206], [-0.35448, -0.343588]], [[-0.296429, -0.319074], [-0.587724, 0.288006]]]]]> : tensor<4x1x2x2x2xf64>
  %b = arith.constant dense<[0.191041, -0.22781]> : tensor<2xf64>
  %m = arith.constant dense<[20.0, -0.920718]> : tensor<2xf64>
  %v = arith.constant dense<[1.18326, 0.0001]> : tensor<2xf64>
  %s = arith.constant dense<[-1.31394, 0.0]> : tensor<2xf64>
  %o = arith.constant dense<[0.244011, 0.104025]> : tensor<2xf64>
  %y = nn.conv_transpose3d ncdhw %x, %w, %b {groups = 2 : i64, strides = array<i64: 2, 2, 2>} : (tensor<1x4x2x2x2xf64>, tensor<4x1x2x2x2xf64>, tensor<2xf64>) -> tensor<1x2x4x4x4xf64>
  %z = nn.batch_norm ncdhw %y, %m, %v scale %s offset %o {epsilon = 1.0e-03 : f64} : (tensor<1x2x4x4x4xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<1x2x4x4x4xf64>
  return %z : tensor<1x2x4x4x4xf64>
}

func.func @transpose2d_nchw_g2_s2_f16(%x: tensor<?x4x4x4xf16>) -> tensor<?x6x8x8xf16> {
  %w = arith.constant dense<[[[[-0.232099, -0.450946, 0.167285], [-0.565775, 0.566787, -0.210119], [-0.0910167, -0.251011, -0.212476]], [[0.0449883, 0.361272, -0.582732], [-0.188239, -0.304101, 0.550248], [-0.0732903, -0.0668712, 0.524708]], [[-0.135587, -0.138585, -0.120884], [-0.315958, 0.244728, -0.255699], [0.0113038, 0.0859223, 0.320019]]], [[[0.288021, -0.0225342, 0.539812], [0.534852, 0.525372, 0.25702], [-0.0548093, -0.168123, 0.432335]], [[-0.0316478, 0.297741, -0.134903], [-0.161539, -0.57842, 0.276199], [-0.252214, -0.00714652, 0.270886]], [[0.398322, 0.533658, 0.196208], [-0.320546, 0.514627, -0.534737], [-0.104973, 0.510031, 0.414464]]], [[[0.113562, 0.442072, -0.387512], [-0.552815, -0.243895, 0.51637], [-0.55227, -0.209514, 0.0097315]], [[-0.352911, 0.445545, -0.471932], [-0.497468, 0.596963, -0.58539], [-0.33287, -0.109972, 0.456355]], [[-0.197225, 0.0843312, 0.365443], [0.141949, 0.397127, -0.580403], [0.0497515, -0.574913, 0.423074]]], [[[-0.569556, -0.48647, -0.0850728], [0.145091, -0.583277, 0.167875], [-0.476626, -0.21184, -0.54965]], [[0.272414, 0.397496, 0.323822], [-0.213291, -0.30021, 0.554941], [0.380002, 0.562303, -0.10208]], [[0.455678, 0.212999, 0.342883], [0.0145974, 0.340958, -0.0016047], [-0.27255, -0.0268416, -0.550768]]]]> : tensor<4x3x3x3xf16>
  %b = arith.constant dense<[0.208358, -0.198219, -0.383283, 0.351332, 0.0310619, -0.220574]> : tensor<6xf16>
  %m = arith.constant dense<[20.0, 0.118705, -0.559979, 0.930083, -0.540607, 0.61914]> : tensor<6xf16>
  %v = arith.constant dense<[2.0597, 0.0001, 2.13295, 1.10962, 1.30531, 2.37004]> : tensor<6xf16>
  %s = arith.constant dense<[-0.145148, -0.775045, -1.5515, 1.15644, -0.13528, 0.0]> : tensor<6xf16>
  %o = arith.constant dense<[0.640902, 0.979947, 0.936202, 0.935809, 0.504495, 0.910298]> : tensor<6xf16>
  %y = nn.conv_transpose2d nchw %x, %w, %b {groups = 2 : i64, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, output_padding = array<i64: 1, 1>} : (tensor<?x4x4x4xf16>, tensor<4x3x3x3xf16>, tensor<6xf16>) -> tensor<?x6x8x8xf16>
  %z = nn.batch_norm nchw %y, %m, %v scale %s offset %o {epsilon = 1.0e-03 : f64} : (tensor<?x6x8x8xf16>, tensor<6xf16>, tensor<6xf16>, tensor<6xf16>, tensor<6xf16>) -> tensor<?x6x8x8xf16>
  return %z : tensor<?x6x8x8xf16>
}

func.func @transpose2d_nhwc_g2_bf16(%x: tensor<1x3x3x4xbf16>) -> tensor<1x4x4x4xbf16> {
  %w = arith.constant dense<[[[[0.125998, -0.142467, -0.141834, -0.443425], [-0.123528, -0.454002, 0.371735, 0.0459897]], [[-0.14691, 0.42218, -0.239855, 0.446621], [0.261071, 0.153483, 0.113646, 0.159435]]], [[[0.483252, 0.594584, 0.0704288, 0.55273], [-0.306058, 0.511786, 0.460008, 0.163967]], [[-0.467892, 0.465283, -0.145465, -0.200204], [0.541681, -0.494791, 0.173904, -0.3283]]]]> : tensor<2x2x2x4xbf16>
  %b = arith.constant dense<[0.443265, -0.340485, -0.472407, -0.015745]> : tensor<4xbf16>
  %m = arith.constant dense<[20.0, 0.87536, -0.149914, 0.0936228]> : tensor<4xbf16>
  %v = arith.constant dense<[0.100516, 0.0001, 2.47021, 1.32473]> : tensor<4xbf16>
  %s = arith.constant dense<[1.48139, -1.41373, -1.64822, 0.0]> : tensor<4xbf16>
  %o = arith.constant dense<[0.0753033, 0.755079, 0.988148, 0.761305]> : tensor<4xbf16>
  %y = nn.conv_transpose2d nhwc %x, %w, %b {groups = 2 : i64} : (tensor<1x3x3x4xbf16>, tensor<2x2x2x4xbf16>, tensor<4xbf16>) -> tensor<1x4x4x4xbf16>
  %z = nn.batch_norm nhwc %y, %m, %v scale %s offset %o {epsilon = 1.0e-03 : f64} : (tensor<1x4x4x4xbf16>, tensor<4xbf16>, tensor<4xbf16>, tensor<4xbf16>, tensor<4xbf16>) -> tensor<1x4x4x4xbf16>
  return %z : tensor<1x4x4x4xbf16>
}

func.func @runtime_transpose2d_nchw_g2_s2(%x: tensor<1x4x4x4xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>, %m: tensor<6xf32>, %v: tensor<6xf32>, %s: tensor<6xf32>, %o: tensor<6xf32>) -> tensor<1x6x8x8xf32> {
  %y = nn.conv_transpose2d nchw %x, %w, %b {groups = 2 : i64, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, output_padding = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  %va = nn.relu %v : tensor<6xf32>
  %z = nn.batch_norm nchw %y, %m, %va scale %s offset %o {epsilon = 1.0e-03 : f64} : (tensor<1x6x8x8xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  return %z : tensor<1x6x8x8xf32>
}

func.func @runtime_transpose1d_nwc_g2(%x: tensor<1x5x4xf32>, %w: tensor<3x3x4xf32>, %b: tensor<6xf32>, %m: tensor<6xf32>, %v: tensor<6xf32>, %s: tensor<6xf32>, %o: tensor<6xf32>) -> tensor<1x7x6xf32> {
  %y = nn.conv_transpose1d nwc %x, %w, %b {groups = 2 : i64} : (tensor<1x5x4xf32>, tensor<3x3x4xf32>, tensor<6xf32>) -> tensor<1x7x6xf32>
  %va = nn.relu %v : tensor<6xf32>
  %z = nn.batch_norm nwc %y, %m, %va scale %s offset %o {epsilon = 1.0e-03 : f64} : (tensor<1x7x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x7x6xf32>
  return %z : tensor<1x7x6xf32>
}

func.func @runtime_transpose3d_ncdhw_g2_f64(%x: tensor<1x4x2x2x2xf64>, %w: tensor<4x1x2x2x2xf64>, %b: tensor<2xf64>, %m: tensor<2xf64>, %v: tensor<2xf64>, %s: tensor<2xf64>, %o: tensor<2xf64>) -> tensor<1x2x3x3x3xf64> {
  %y = nn.conv_transpose3d ncdhw %x, %w, %b {groups = 2 : i64} : (tensor<1x4x2x2x2xf64>, tensor<4x1x2x2x2xf64>, tensor<2xf64>) -> tensor<1x2x3x3x3xf64>
  %va = nn.relu %v : tensor<2xf64>
  %z = nn.batch_norm ncdhw %y, %m, %va scale %s offset %o {epsilon = 1.0e-03 : f64} : (tensor<1x2x3x3x3xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<1x2x3x3x3xf64>
  return %z : tensor<1x2x3x3x3xf64>
}
