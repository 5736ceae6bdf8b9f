// Equivalence: conv1d/conv3d (plain, grouped) and depthwise_conv1d/3d
// (multiplier 1, 2, 3) folds in both layout families and all four element
// types, with constant and runtime batch-norm parameters (the latter keep
// nn.bn_fold_weights / nn.bn_fold_bias, whose lowering runs here).
// Every function must compute the same results after --fold-batchnorm, on
// the runner's pseudo-random inputs, within the default tolerances.
// Batch-norm statistics include a large mean, a small variance, a negative
// and a zero scale. (Weights generated once with test/scripts/random_networks.py's
// helpers; the file is static.)

// RUN: bnfold-opt --fold-batchnorm %s -o %t
// RUN: FileCheck %s --check-prefix=FOLDED --input-file=%t
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=ALL
// RUN: bnfold-run --compare %s %t --function=conv3d_ncdhw_f32 --seed=99 --dynamic-size=3 | FileCheck %s

// FOLDED-NOT: nn.batch_norm
// FOLDED-COUNT-3: nn.bn_fold_weights
// CHECK: OK
// CHECK-NEXT: compare: OK
// ALL-COUNT-17: compare: OK
// ALL: compare all: OK, 17 functions

func.func @conv1d_nwc_f32(%x: tensor<?x9x3xf32>) -> tensor<?x5x5xf32> {
  %c1 = arith.constant dense<[[[-0.365636, 0.347434, 0.263775, -0.244931, -0.00456491], [-0.0505089, 0.151593, 0.288723, -0.40614, -0.471653], [0.335765, -0.0672329, 0.26228, -0.497894, -0.0546128]], [[0.22154, -0.271238, 0.445271, 0.401427, -0.46941], [-0.474554, 0.0414125, 0.439149, -0.118796, -0.283401], [-0.0778834, -0.470959, -0.278308, -0.0621124, -0.00418776]], [[-0.266916, -0.269133, -0.281219, -0.0403965, -0.210218], [-0.47851, 0.337578, 0.0564543, 0.142294, -0.314094], [0.492543, 0.359947, -0.37911, -0.167305, 0.221484]]]> : tensor<3x3x5xf32>
  %c2 = arith.constant dense<[0.211192, 0.436441, -0.077893, 0.330036, 0.170306]> : tensor<5xf32>
  %v3 = nn.conv1d nwc %x, %c1, %c2 {strides = array<i64: 2>, padding = array<i64: 1, 2>} : (tensor<?x9x3xf32>, tensor<3x3x5xf32>, tensor<5xf32>) -> tensor<?x5x5xf32>
  %c4 = arith.constant dense<[20.0, 0.594808, -0.122077, -45.6513, 0.964153]> : tensor<5xf32>
  %c5 = arith.constant dense<[1.2191, 1.43578, -1.34718, 0.0, 0.541135]> : tensor<5xf32>
  %c6 = arith.constant dense<[3.39248, 0.0001, 3.12485, 3.93359, 2.18149]> : tensor<5xf32>
  %c7 = arith.constant dense<[-0.930948, 0.348972, -0.020613, -0.659302, 0.0275433]> : tensor<5xf32>
  %v8 = nn.batch_norm nwc %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x5x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<?x5x5xf32>
  return %v8 : tensor<?x5x5xf32>
}

func.func @conv1d_ncw_f64(%x: tensor<?x3x8xf64>) -> tensor<?x4x6xf64> {
  %c1 = arith.constant dense<[[[0.456034, 0.447827, -0.443449], [-0.415128, 0.335499, 0.23597], [0.16973, -0.191864, 0.105944]], [[0.106802, 0.081204, -0.341617], [-0.0693304, -0.106468, 0.223012], [0.49482, 0.449395, 0.044177]], [[-0.0551458, -0.231759, -0.464076], [-0.472555, -0.0351061, -0.181535], [-0.119985, 0.391789, 0.0257528]], [[0.0605104, -0.263877, -0.476142], [-0.174857, -0.363303, 0.0102238], [0.498684, 0.17448, -0.318157]]]> : tensor<4x3x3xf64>
  %c2 = arith.constant dense<[0.393572, 0.29676, 0.234402, 0.406594]> : tensor<4xf64>
  %v3 = nn.conv1d ncw %x, %c1, %c2 {dilations = array<i64: 2>, padding = array<i64: 2, 0>} : (tensor<?x3x8xf64>, tensor<4x3x3xf64>, tensor<4xf64>) -> tensor<?x4x6xf64>
  %c4 = arith.constant dense<[20.0, -0.0771866, 0.765702, -0.556378]> : tensor<4xf64>
  %c5 = arith.constant dense<[0.406251, 1.0516, -2.34863, 0.0]> : tensor<4xf64>
  %c6 = arith.constant dense<[3.92486, 0.0001, 1.871, 2.81331]> : tensor<4xf64>
  %c7 = arith.constant dense<[0.508008, 0.663049, 0.447546, -0.463725]> : tensor<4xf64>
  %v8 = nn.batch_norm ncw %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x4x6xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) -> tensor<?x4x6xf64>
  return %v8 : tensor<?x4x6xf64>
}

func.func @conv1d_grouped_ncw_f16(%x: tensor<2x4x8xf16>) -> tensor<2x6x8xf16> {
  %c1 = arith.constant dense<[[[-0.320926, 0.0541695, -0.159272], [0.127276, 0.153975, -0.532116]], [[-0.596245, 0.413314, -0.29473], [-0.325377, 0.607038, -0.0364196]], [[0.412079, -0.0289613, 0.170323], [-0.427906, 0.16517, 0.450762]], [[0.0283911, 0.295472, 0.209935], [-0.53395, 0.316266, 0.111574]], [[-0.243396, -0.574391, 0.447678], [-0.0333754, 0.268003, 0.463949]], [[0.262254, 0.515738, -0.128643], [0.368536, -0.0678251, 0.533483]]]> : tensor<6x2x3xf16>
  %c2 = arith.constant dense<[0.378867, -0.402546, -0.364031, -0.283013, 0.46548, -0.0638381]> : tensor<6xf16>
  %v3 = nn.conv1d ncw %x, %c1, %c2 {padding = array<i64: 1, 1>, groups = 2} : (tensor<2x4x8xf16>, tensor<6x2x3xf16>, tensor<6xf16>) -> tensor<2x6x8xf16>
  %c4 = arith.constant dense<[4.0, 0.363964, 0.929266, -0.430085, -0.698469, 4.36881]> : tensor<6xf16>
  %c5 = arith.constant dense<[1.21164, 1.37542, -1.00114, 0.0, 0.183961, 1.0603]> : tensor<6xf16>
  %c6 = arith.constant dense<[1.697, 0.3, 2.38415, 3.45228, 3.13297, 3.55339]> : tensor<6xf16>
  %c7 = arith.constant dense<[0.168504, -0.673801, 0.663216, 0.601191, 0.229065, 0.997018]> : tensor<6xf16>
  %v8 = nn.batch_norm ncw %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<2x6x8xf16>, tensor<6xf16>, tensor<6xf16>, tensor<6xf16>, tensor<6xf16>) -> tensor<2x6x8xf16>
  return %v8 : tensor<2x6x8xf16>
}

func.func @conv1d_grouped_nwc_f32(%x: tensor<?x7x6xf32>) -> tensor<?x3x6xf32> {
  %c1 = arith.constant dense<[[[-0.395928, -0.595251, -0.155913, -0.517542, -0.650227, -0.147613], [0.626933, 0.450679, 0.397744, -0.417108, 0.05502, -0.334976]], [[-0.491003, -0.590725, -0.428399, 0.641213, 0.49338, 0.459979], [0.450672, -0.459847, -0.285225, 0.190463, 0.347842, 0.531973]]]> : tensor<2x2x6xf32>
  %c2 = arith.constant dense<[0.380051, -0.413282, 0.105852, 0.171701, 0.00595378, -0.32221]> : tensor<6xf32>
  %v3 = nn.conv1d nwc %x, %c1, %c2 {strides = array<i64: 2>, groups = 3} : (tensor<?x7x6xf32>, tensor<2x2x6xf32>, tensor<6xf32>) -> tensor<?x3x6xf32>
  %c4 = arith.constant dense<[20.0, 0.764634, -0.389777, 0.0692436, 0.26533, -0.798041]> : tensor<6xf32>
  %c5 = arith.constant dense<[0.670467, 1.23793, -0.5, 0.0, 0.709271, -1.20618]> : tensor<6xf32>
  %c6 = arith.constant dense<[3.46866, 0.0001, 0.220792, 1.40423, 1.45553, 1.0e-06]> : tensor<6xf32>
  %c7 = arith.constant dense<[0.817741, -0.137914, 0.252701, -0.174411, 0.117058, 0.724198]> : tensor<6xf32>
  %v8 = nn.batch_norm nwc %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x3x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x3x6xf32>
  return %v8 : tensor<?x3x6xf32>
}

func.func @conv3d_ndhwc_f16(%x: tensor<1x4x5x4x2xf16>) -> tensor<1x4x3x4x4xf16> {
  %c1 = arith.constant dense<[[[[[0.0752616, 0.148064, 0.180768, 0.270944], [0.146907, 0.25862, -0.288424, -0.0210517]], [[0.271499, 0.0912279, 0.2455, -0.236862], [-0.0189413, -0.155192, 0.0267979, 0.0452795]]], [[[-0.298155, -0.173467, -0.135039, 0.254958], [0.162723, -0.208449, 0.181965, -0.221209]], [[0.0719247, -0.228599, -0.305099, 0.227438], [-0.177921, -0.174231, 0.295421, 0.228052]]], [[[-0.129024, 0.282596, 0.0240194, 0.108898], [-0.180785, 0.270042, 0.116744, 0.285711]], [[0.241117, -0.123216, -0.0850035, -0.204559], [-0.216962, -0.266296, -0.121642, 0.0631417]]]], [[[[-0.304114, 0.108962, -0.0992675, -0.116377], [0.195052, -0.0117911, -0.112803, -0.0115013]], [[0.125334, -0.27128, 0.290938, -0.292184], [0.152968, 0.211196, -0.295122, 0.176203]]], [[[-0.0819449, 0.0480828, -0.300627, -0.277572], [-0.195396, 0.27874, -0.185842, 0.156606]], [[0.263109, 0.270695, -0.0952963, -0.0889206], [0.0151267, 0.168772, -0.240018, 0.152112]]], [[[0.182013, 0.220267, -0.283754, 0.272996], [-0.25035, -0.0975261, 0.0678677, 0.256025]], [[-0.0980044, 0.259767, 0.027645, -0.11485], [-0.112187, -0.197504, -0.258301, -0.215024]]]]]> : tensor<2x3x2x2x4xf16>
  %c2 = arith.constant dense<[0.189175, 0.496727, -0.338471, -0.451448]> : tensor<4xf16>
  %v3 = nn.conv3d ndhwc %x, %c1, %c2 {strides = array<i64: 1, 2, 1>, padding = array<i64: 1, 0, 1, 1, 0, 1>} : (tensor<1x4x5x4x2xf16>, tensor<2x3x2x2x4xf16>, tensor<4xf16>) -> tensor<1x4x3x4x4xf16>
  %c4 = arith.constant dense<[4.0, -0.888586, 0.899597, -0.410374]> : tensor<4xf16>
  %c5 = arith.constant dense<[1.66996, 1.69302, -1.42565, 0.0]> : tensor<4xf16>
  %c6 = arith.constant dense<[1.14001, 0.3, 3.20504, 3.99737]> : tensor<4xf16>
  %c7 = arith.constant dense<[-0.0886698, -0.738856, -0.701509, -0.09292]> : tensor<4xf16>
  %v8 = nn.batch_norm ndhwc %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<1x4x3x4x4xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xf16>) -> tensor<1x4x3x4x4xf16>
  return %v8 : tensor<1x4x3x4x4xf16>
}

func.func @conv3d_ncdhw_f32(%x: tensor<?x3x4x4x5xf32>) -> tensor<?x5x4x3x4xf32> {
  %c1 = arith.constant dense<[[[[[0.14667, 0.160977], [-0.00748269, -0.119189]], [[-0.249774, 0.0814093], [-0.0148729, 0.129865]], [[-0.0634198, 0.13507], [-0.113651, 0.150958]]], [[[0.114912, -0.0429968], [0.0191526, 0.0910259]], [[-0.153508, 0.0268076], [0.152562, -0.117239]], [[0.151683, 0.0928449], [0.172141, -0.082209]]], [[[-0.203433, 0.150141], [0.152391, -0.0273938]], [[-0.20311, -0.151419], [0.0674594, -0.104408]], [[0.225687, 0.0442849], [-0.149563, 0.077702]]]], [[[[-0.0698102, 0.216369], [0.204756, 0.00732558]], [[0.0722859, 0.0989552], [0.152752, 0.238188]], [[-0.235789, -0.0693118], [0.0508736, -0.0978378]]], [[[0.0445784, -0.205156], [0.190039, 0.0126316]], [[-0.191588, 0.0813706], [-0.0938597, -0.151888]], [[-0.00812786, -0.180947], [-0.145057, 0.18277]]], [[[0.0991119, -0.243739], [0.139029, -0.241471]], [[-0.083544, 0.202219], [0.0601326, -0.0969377]], [[-0.0612976, -0.0554172], [-0.186583, 0.249939]]]], [[[[-0.223089, -0.0385557], [0.123157, -0.0511179]], [[0.240487, -0.127344], [0.239628, 0.196128]], [[0.0851086, 0.194756], [-0.0264029, 0.16563]]], [[[0.148049, 0.00834333], [-0.0145351, 0.102836]], [[-0.0454681, -0.207035], [0.123258, -0.11709]], [[-0.006168, 0.142015], [-0.163936, -0.239063]]], [[[-0.188252, 0.0447078], [-0.0694754, -0.121844]], [[-0.0242334, 0.213799], [-0.122618, -0.0447142]], [[0.189647, 0.0560886], [-0.116031, -0.0126455]]]], [[[[-0.0107305, -0.178907], [-0.0612609, -0.0971632]], [[0.15237, -0.0883049], [0.0796216, 0.235383]], [[0.211539, -0.0619786], [0.0515157, -0.0899435]]], [[[-0.0508592, -0.00600063], [0.14672, 0.218306]], [[-0.104605, -0.246904], [-0.0253214, -0.221447]], [[-0.234944, 0.136786], [-0.193929, 0.109254]]], [[[-0.0689943, 0.21922], [0.176746, -0.218863]], [[-0.153684, 0.223696], [0.0567162, -0.0389442]], [[0.141146, 0.156757], [-0.00415299, -0.0155504]]]], [[[[-0.199922, -0.069014], [-0.177521, 0.0627968]], [[0.0532901, -0.177862], [0.0640037, -0.201339]], [[-0.197284, 0.0727851], [-0.0186434, 0.199793]]], [[[0.0645987, 0.100685], [-0.186497, 0.166332]], [[-0.208228, 0.0590609], [0.205699, 0.203865]], [[0.196647, -0.0240081], [0.0969002, 0.145666]]], [[[-0.181464, 0.221701], [0.204387, -0.0295567]], [[0.139249, -0.0264607], [-0.111796, 0.106239]], [[-0.218165, 0.150099], [0.239038, -0.106965]]]]]> : tensor<5x3x3x2x2xf32>
  %c2 = arith.constant dense<[0.439671, -0.416318, 0.358079, -0.220192, 0.466221]> : tensor<5xf32>
  %v3 = nn.conv3d ncdhw %x, %c1, %c2 {dilations = array<i64: 1, 1, 2>, padding = array<i64: 1, 1, 0, 0, 1, 0>} : (tensor<?x3x4x4x5xf32>, tensor<5x3x3x2x2xf32>, tensor<5xf32>) -> tensor<?x5x4x3x4xf32>
  %c4 = arith.constant dense<[20.0, 0.478089, -0.133933, 0.278807, -0.436588]> : tensor<5xf32>
  %c5 = arith.constant dense<[-1.24887, 1.50571, -1.35934, 0.0, 0.523856]> : tensor<5xf32>
  %c6 = arith.constant dense<[1.0e-06, 0.0001, 0.672654, 1.0e-05, 2.29533]> : tensor<5xf32>
  %c7 = arith.constant dense<[-0.523097, 0.502464, -0.728615, 0.0508461, -0.556808]> : tensor<5xf32>
  %v8 = nn.batch_norm ncdhw %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x5x4x3x4xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<?x5x4x3x4xf32>
  return %v8 : tensor<?x5x4x3x4xf32>
}

func.func @conv3d_grouped_ncdhw_bf16(%x: tensor<1x4x3x4x4xbf16>) -> tensor<1x4x2x3x3xbf16> {
  %c1 = arith.constant dense<[[[[[-0.132125, -0.261863], [0.113201, -0.320673]], [[0.0269115, -0.100733], [-0.331501, 0.0055768]]], [[[-0.346878, -0.0497657], [-0.322608, -0.306965]], [[-0.0566106, 0.245139], [-0.282149, -0.207571]]]], [[[[0.0955749, 0.335782], [0.0578272, -0.0774896]], [[0.357191, -0.340063], [0.268851, -0.157793]]], [[[-0.266809, -0.286656], [-0.143639, 0.237095]], [[-0.239455, 0.0612001], [0.104185, -0.0957018]]]], [[[[0.0358083, -0.327908], [-0.330299, -0.220531]], [[0.1353, -0.0543058], [-0.13939, 0.0641714]]], [[[-0.0351117, -0.150175], [0.220785, 0.149246]], [[-0.191928, 0.0558178], [0.0188974, 0.281353]]]], [[[[0.172084, -0.159047], [0.360131, -0.286451]], [[-0.0614079, 0.192856], [-0.261012, -0.00827767]]], [[[-0.345595, 0.126162], [0.198428, 0.0547695]], [[0.281608, -0.139689], [0.146472, 0.0707774]]]]]> : tensor<4x2x2x2x2xbf16>
  %c2 = arith.constant dense<[0.0798952, -0.0437947, 0.339968, 0.444681]> : tensor<4xbf16>
  %v3 = nn.conv3d ncdhw %x, %c1, %c2 {groups = 2} : (tensor<1x4x3x4x4xbf16>, tensor<4x2x2x2x2xbf16>, tensor<4xbf16>) -> tensor<1x4x2x3x3xbf16>
  %c4 = arith.constant dense<[4.0, -0.228417, 5.36466, 0.0988798]> : tensor<4xbf16>
  %c5 = arith.constant dense<[1.98688, 0.419292, -2.2557, 0.0]> : tensor<4xbf16>
  %c6 = arith.constant dense<[2.8806, 0.3, 1.17856, 3.3223]> : tensor<4xbf16>
  %c7 = arith.constant dense<[0.64385, -0.765808, -0.838837, -0.169407]> : tensor<4xbf16>
  %v8 = nn.batch_norm ncdhw %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<1x4x2x3x3xbf16>, tensor<4xbf16>, tensor<4xbf16>, tensor<4xbf16>, tensor<4xbf16>) -> tensor<1x4x2x3x3xbf16>
  return %v8 : tensor<1x4x2x3x3xbf16>
}

func.func @conv3d_grouped_ndhwc_f32(%x: tensor<?x3x4x4x4xf32>) -> tensor<?x3x4x4x6xf32> {
  %c1 = arith.constant dense<[[[[[-0.289872, 0.490338, -0.396336, 0.217241, -0.439977, -0.267879], [0.529406, -0.30823, 0.150474, -0.0433452, -0.0497106, -0.00532166]], [[-0.326438, 0.350571, -0.435331, -0.281942, -0.509126, -0.24738], [-0.0979373, 0.426454, -0.12826, -0.4097, -0.256301, 0.521423]]], [[[-0.463414, 0.127457, -0.130244, 0.1706, -0.171362, 0.202905], [-0.00256623, 0.158803, 0.425722, 0.0864826, -0.37957, -0.462052]], [[0.473109, -0.0120206, -0.324717, 0.473101, 0.0837516, 0.242829], [0.404069, -0.227349, -0.151996, 0.401011, -0.387167, 0.280327]]]]]> : tensor<1x2x2x2x6xf32>
  %c2 = arith.constant dense<[-0.402384, 0.190181, 0.202145, 0.45, 0.343493, 0.0036214]> : tensor<6xf32>
  %v3 = nn.conv3d ndhwc %x, %c1, %c2 {padding = array<i64: 0, 0, 1, 0, 0, 1>, groups = 2} : (tensor<?x3x4x4x4xf32>, tensor<1x2x2x2x6xf32>, tensor<6xf32>) -> tensor<?x3x4x4x6xf32>
  %c4 = arith.constant dense<[20.0, 0.40259, -0.153196, 0.326343, -0.316368, 0.177017]> : tensor<6xf32>
  %c5 = arith.constant dense<[0.0, 0.0, -0.932977, 0.0, -0.879192, 0.0]> : tensor<6xf32>
  %c6 = arith.constant dense<[2.06367, 0.0001, 3.34555, 0.847143, 1.77065, 0.425691]> : tensor<6xf32>
  %c7 = arith.constant dense<[0.806441, -0.313537, -0.207472, -0.973565, -0.107893, -0.786953]> : tensor<6xf32>
  %v8 = nn.batch_norm ndhwc %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x3x4x4x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x3x4x4x6xf32>
  return %v8 : tensor<?x3x4x4x6xf32>
}

func.func @depthwise1d_m2_nwc_f32(%x: tensor<?x8x3xf32>) -> tensor<?x4x6xf32> {
  %c1 = arith.constant dense<[[[-0.0640731, -0.21943], [-0.626068, 0.634904], [-0.85488, 0.0048187]], [[0.689872, -0.72605], [0.0939992, 0.202044], [-0.795192, -0.209544]], [[0.352438, -0.0831022], [0.389825, -0.593821], [-0.453776, -0.673859]]]> : tensor<3x3x2xf32>
  %c2 = arith.constant dense<[0.00626905, 0.42383, 0.0904285, 0.274209, -0.116335, 0.246095]> : tensor<6xf32>
  %v3 = nn.depthwise_conv1d nwc %x, %c1, %c2 {strides = array<i64: 2>, padding = array<i64: 1, 1>} : (tensor<?x8x3xf32>, tensor<3x3x2xf32>, tensor<6xf32>) -> tensor<?x4x6xf32>
  %c4 = arith.constant dense<[20.0, -0.437631, -0.0165765, 26.4363, 0.00160678, 0.401695]> : tensor<6xf32>
  %c5 = arith.constant dense<[0.266654, 1.77081, -2.21639, 0.0, -0.230758, 0.17828]> : tensor<6xf32>
  %c6 = arith.constant dense<[2.91654, 0.0001, 1.0e-05, 3.41618, 2.17347, 0.0001]> : tensor<6xf32>
  %c7 = arith.constant dense<[-0.466533, -0.890421, 0.928025, -0.733633, -0.615671, -0.460011]> : tensor<6xf32>
  %v8 = nn.batch_norm nwc %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x4x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x4x6xf32>
  return %v8 : tensor<?x4x6xf32>
}

func.func @depthwise1d_m3_ncw_f16(%x: tensor<2x2x7xf16>) -> tensor<2x6x6xf16> {
  %c1 = arith.constant dense<[[[0.123673, -0.123168, 0.135258]], [[-0.509053, 0.542688, 0.560472]], [[0.265822, -0.5885, 0.0358004]], [[-0.298306, -0.433018, 0.784302]], [[0.860062, -0.788851, 0.623817]], [[0.178731, -0.205064, -0.374784]]]> : tensor<6x1x3xf16>
  %c2 = arith.constant dense<[0.174965, -0.0431688, 0.185861, 0.161846, -0.367022, 0.267838]> : tensor<6xf16>
  %v3 = nn.depthwise_conv1d ncw %x, %c1, %c2 {dilations = array<i64: 2>, padding = array<i64: 2, 1>} : (tensor<2x2x7xf16>, tensor<6x1x3xf16>, tensor<6xf16>) -> tensor<2x6x6xf16>
  %c4 = arith.constant dense<[4.0, -0.394279, 1.69092, 0.635966, 0.202609, 0.895388]> : tensor<6xf16>
  %c5 = arith.constant dense<[0.0, -1.14307, -1.38445, 0.0, 0.0, -0.621936]> : tensor<6xf16>
  %c6 = arith.constant dense<[0.415977, 0.3, 0.836571, 2.25056, 3.15817, 1.8028]> : tensor<6xf16>
  %c7 = arith.constant dense<[-0.732055, -0.127938, -0.92615, 0.134471, -0.667273, 0.234506]> : tensor<6xf16>
  %v8 = nn.batch_norm ncw %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<2x6x6xf16>, tensor<6xf16>, tensor<6xf16>, tensor<6xf16>, tensor<6xf16>) -> tensor<2x6x6xf16>
  return %v8 : tensor<2x6x6xf16>
}

func.func @depthwise1d_m1_ncw_f32(%x: tensor<?x4x6xf32>) -> tensor<?x4x5xf32> {
  %c1 = arith.constant dense<[[[-0.101018, 0.126796]], [[0.899887, -0.0728672]], [[0.0166339, 0.185371]], [[-0.668936, 0.025262]]]> : tensor<4x1x2xf32>
  %c2 = arith.constant dense<[0.129883, 0.292977, -0.405877, -0.196599]> : tensor<4xf32>
  %v3 = nn.depthwise_conv1d ncw %x, %c1, %c2 : (tensor<?x4x6xf32>, tensor<4x1x2xf32>, tensor<4xf32>) -> tensor<?x4x5xf32>
  %c4 = arith.constant dense<[20.0, -0.685012, 0.199236, -0.990812]> : tensor<4xf32>
  %c5 = arith.constant dense<[1.93304, 0.0, -0.971111, 0.0]> : tensor<4xf32>
  %c6 = arith.constant dense<[0.215427, 0.0001, 1.33886, 0.0001]> : tensor<4xf32>
  %c7 = arith.constant dense<[0.307845, -0.928694, -0.532709, 0.991383]> : tensor<4xf32>
  %v8 = nn.batch_norm ncw %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x4x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4x5xf32>
  return %v8 : tensor<?x4x5xf32>
}

func.func @depthwise3d_m2_ndhwc_f16(%x: tensor<1x3x4x4x2xf16>) -> tensor<1x3x4x5x4xf16> {
  %c1 = arith.constant dense<[[[[[-0.0269719, 0.167025], [0.176505, -0.37908]], [[-0.518811, -0.132843], [-0.239658, 0.329174]]], [[[0.202154, 0.107611], [0.0617199, 0.171107]], [[-0.376213, -0.0635815], [-0.35822, 0.430599]]]], [[[[-0.467937, 0.33816], [-0.451195, 0.198286]], [[-0.172888, -0.101172], [0.363174, -0.510597]]], [[[-0.465858, 0.44021], [0.00946736, -0.433833]], [[0.516684, 0.473811], [-0.410977, -0.0814517]]]]]> : tensor<2x2x2x2x2xf16>
  %c2 = arith.constant dense<[-0.36493, -0.187459, 0.121452, -0.336476]> : tensor<4xf16>
  %v3 = nn.depthwise_conv3d ndhwc %x, %c1, %c2 {padding = array<i64: 1, 0, 0, 1, 1, 1>} : (tensor<1x3x4x4x2xf16>, tensor<2x2x2x2x2xf16>, tensor<4xf16>) -> tensor<1x3x4x5x4xf16>
  %c4 = arith.constant dense<[4.0, -0.230837, -0.273743, 0.620214]> : tensor<4xf16>
  %c5 = arith.constant dense<[0.895796, 1.95498, -1.04645, 0.0]> : tensor<4xf16>
  %c6 = arith.constant dense<[3.30887, 0.3, 2.77665, 0.355537]> : tensor<4xf16>
  %c7 = arith.constant dense<[0.191942, 0.327192, -0.273355, 0.0379946]> : tensor<4xf16>
  %v8 = nn.batch_norm ndhwc %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<1x3x4x5x4xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xf16>) -> tensor<1x3x4x5x4xf16>
  return %v8 : tensor<1x3x4x5x4xf16>
}

func.func @depthwise3d_m2_ncdhw_f32(%x: tensor<?x3x3x4x4xf32>) -> tensor<?x6x2x2x2xf32> {
  %c1 = arith.constant dense<[[[[[-0.208705, 0.160438], [0.15942, 0.302534], [-0.272171, -0.233343]], [[-0.305568, -0.238016], [0.20267, -0.320245], [0.0271194, -0.247763]]]], [[[[-0.177832, -0.0592532], [0.292419, 0.093879], [-0.420514, -0.194131]], [[-0.305958, 0.321542], [0.268242, 0.265044], [0.282641, 0.21196]]]], [[[[0.389125, 0.254413], [-0.210697, 0.303056], [-0.0114441, 0.22084]], [[0.0555457, -0.0609875], [-0.117604, -0.0607757], [-0.161287, -0.331376]]]], [[[[0.27682, 0.2583], [0.420612, 0.165344], [0.0469614, 0.215131]], [[-0.316226, 0.153132], [-0.0490171, -0.280043], [-0.257533, 0.019653]]]], [[[[-0.213638, -0.0351095], [0.0913646, -0.0902768], [-0.319753, -0.00791795]], [[-0.22911, -0.228909], [-0.264598, -0.115666], [-0.369554, 0.130971]]]], [[[[0.392886, -0.0955323], [0.189557, 0.37497], [-0.395593, -0.310257]], [[0.265086, 0.292842], [0.120426, -0.294659], [-0.0749191, 0.318907]]]]]> : tensor<6x1x2x3x2xf32>
  %c2 = arith.constant dense<[0.386192, 0.303172, -0.296942, 0.353654, -0.125244, 0.216511]> : tensor<6xf32>
  %v3 = nn.depthwise_conv3d ncdhw %x, %c1, %c2 {strides = array<i64: 1, 1, 2>} : (tensor<?x3x3x4x4xf32>, tensor<6x1x2x3x2xf32>, tensor<6xf32>) -> tensor<?x6x2x2x2xf32>
  %c4 = arith.constant dense<[20.0, -0.281298, -27.4443, 0.650713, 0.130084, -0.689873]> : tensor<6xf32>
  %c5 = arith.constant dense<[-1.27276, -0.412519, -2.13332, 0.0, 1.7181, 0.523801]> : tensor<6xf32>
  %c6 = arith.constant dense<[2.90472, 0.0001, 0.0001, 2.13001, 3.75669, 2.15443]> : tensor<6xf32>
  %c7 = arith.constant dense<[0.161749, 0.368063, 0.390315, -0.183912, -0.92843, -0.585548]> : tensor<6xf32>
  %v8 = nn.batch_norm ncdhw %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x6x2x2x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x6x2x2x2xf32>
  return %v8 : tensor<?x6x2x2x2xf32>
}

func.func @depthwise3d_m1_ncdhw_f64(%x: tensor<1x3x3x3x4xf64>) -> tensor<1x3x2x2x3xf64> {
  %c1 = arith.constant dense<[[[[[-0.417021, 0.214874], [0.161265, 0.467064]], [[-0.242769, -0.259039], [0.248257, 0.168062]]]], [[[[-0.208963, 0.195409], [-0.109594, 0.294351]], [[-0.404748, -0.293521], [0.425816, -0.150579]]]], [[[[-0.254132, 0.322739], [0.139651, -0.371545]], [[0.0544465, 0.173947], [-0.355376, 0.1609]]]]]> : tensor<3x1x2x2x2xf64>
  %c2 = arith.constant dense<[-0.376974, -0.162934, -0.416792]> : tensor<3xf64>
  %v3 = nn.depthwise_conv3d ncdhw %x, %c1, %c2 : (tensor<1x3x3x3x4xf64>, tensor<3x1x2x2x2xf64>, tensor<3xf64>) -> tensor<1x3x2x2x3xf64>
  %c4 = arith.constant dense<[20.0, -0.776937, -0.612323]> : tensor<3xf64>
  %c5 = arith.constant dense<[1.25431, -0.279878, -1.55091]> : tensor<3xf64>
  %c6 = arith.constant dense<[3.96221, 0.0001, 0.911842]> : tensor<3xf64>
  %c7 = arith.constant dense<[0.745191, 0.749588, -0.795144]> : tensor<3xf64>
  %v8 = nn.batch_norm ncdhw %v3, %c4, %c6 scale %c5 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<1x3x2x2x3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<1x3x2x2x3xf64>
  return %v8 : tensor<1x3x2x2x3xf64>
}

func.func @runtime_conv1d_grouped_ncw_f32(%x: tensor<2x4x6xf32>, %mean: tensor<6xf32>, %scale: tensor<6xf32>) -> tensor<2x6x4xf32> {
  %c1 = arith.constant dense<[[[0.569803, -0.598098, 0.28903], [-0.418847, 0.595642, -0.591698]], [[0.46478, 0.222108, 0.437653], [0.612147, -0.318782, -0.198313]], [[0.254985, -0.268731, -0.28988], [-0.332384, 0.438259, 0.458707]], [[0.364504, -0.338775, 0.520319], [0.0139253, -0.328984, -0.0544561]], [[-0.0981323, -0.515667, 0.0792307], [-0.171508, 0.0852615, 0.526907]], [[0.178288, -0.116228, 0.445285], [0.60646, -0.0119333, 0.545042]]]> : tensor<6x2x3xf32>
  %c2 = arith.constant dense<[-0.48125, -0.359682, -0.327805, 0.438065, 0.190485, 0.219082]> : tensor<6xf32>
  %v3 = nn.conv1d ncw %x, %c1, %c2 {groups = 2} : (tensor<2x4x6xf32>, tensor<6x2x3xf32>, tensor<6xf32>) -> tensor<2x6x4xf32>
  %c4 = arith.constant dense<[0.444509, 0.0001, 1.30716, 1.92406, 1.18449, 1.94983]> : tensor<6xf32>
  %c5 = arith.constant dense<[-0.0626768, -0.292397, -0.116903, -0.247703, 0.78788, -0.876587]> : tensor<6xf32>
  %v6 = nn.batch_norm ncw %v3, %mean, %c4 scale %scale offset %c5 {epsilon = 1.0e-03 : f64} : (tensor<2x6x4xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6x4xf32>
  return %v6 : tensor<2x6x4xf32>
}

func.func @runtime_depthwise3d_m2_ndhwc_f32(%x: tensor<1x3x3x3x2xf32>, %mean: tensor<4xf32>, %scale: tensor<4xf32>) -> tensor<1x2x2x2x4xf32> {
  %c1 = arith.constant dense<[[[[[-0.146877, -0.0207034], [-0.088085, -0.0564703]], [[-0.0959731, 0.167272], [-0.255772, 0.143185]]], [[[-0.519587, -0.209964], [-0.174942, -0.379769]], [[0.25818, -0.201411], [0.306787, 0.483879]]]], [[[[-0.261446, 0.417413], [0.326298, 0.177575]], [[-0.501301, -0.0458329], [0.134437, -0.216135]]], [[[-0.292386, -0.201748], [-0.25643, 0.305285]], [[-0.161453, -0.0815401], [0.151698, 0.475583]]]]]> : tensor<2x2x2x2x2xf32>
  %c2 = arith.constant dense<[-0.206978, -0.455993, 0.473884, 0.332571]> : tensor<4xf32>
  %v3 = nn.depthwise_conv3d ndhwc %x, %c1, %c2 : (tensor<1x3x3x3x2xf32>, tensor<2x2x2x2x2xf32>, tensor<4xf32>) -> tensor<1x2x2x2x4xf32>
  %c4 = arith.constant dense<[0.660312, 0.0001, 0.358707, 1.0e-06]> : tensor<4xf32>
  %c5 = arith.constant dense<[-0.868536, 0.679772, 0.414161, -0.361251]> : tensor<4xf32>
  %v6 = nn.batch_norm ndhwc %v3, %mean, %c4 scale %scale offset %c5 {epsilon = 1.0e-03 : f64} : (tensor<1x2x2x2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x2x2x2x4xf32>
  return %v6 : tensor<1x2x2x2x4xf32>
}

func.func @runtime_conv3d_ncdhw_f64(%x: tensor<1x2x3x3x3xf64>, %mean: tensor<3xf64>, %scale: tensor<3xf64>) -> tensor<1x3x2x2x2xf64> {
  %c1 = arith.constant dense<[[[[[0.0164879, 0.230018], [0.345371, -0.157781]], [[0.199581, 0.153165], [0.121037, -0.292378]]], [[[-0.354797, -0.0868717], [0.184796, -0.185712]], [[0.001202, -0.136924], [0.259746, 0.333895]]]], [[[[-0.0738068, 0.373835], [-0.328355, 0.234457]], [[0.281487, -0.261813], [0.154176, 0.0441689]]], [[[0.341391, -0.217492], [0.0299725, 0.286842]], [[0.10408, -0.1431], [-0.313602, 0.329832]]]], [[[[-0.0194261, 0.372245], [-0.268795, 0.234153]], [[0.235034, 0.314981], [-0.361624, -0.0958554]]], [[[-0.336248, 0.189026], [-0.109019, 0.344629]], [[-0.0938782, 0.205781], [0.275842, -0.19579]]]]]> : tensor<3x2x2x2x2xf64>
  %c2 = arith.constant dense<[0.0568166, 0.457392, 0.0269178]> : tensor<3xf64>
  %v3 = nn.conv3d ncdhw %x, %c1, %c2 : (tensor<1x2x3x3x3xf64>, tensor<3x2x2x2x2xf64>, tensor<3xf64>) -> tensor<1x3x2x2x2xf64>
  %c4 = arith.constant dense<[0.811353, 0.0001, 1.42462]> : tensor<3xf64>
  %c5 = arith.constant dense<[0.106962, 0.15669, 0.266204]> : tensor<3xf64>
  %v6 = nn.batch_norm ncdhw %v3, %mean, %c4 scale %scale offset %c5 {epsilon = 1.0e-03 : f64} : (tensor<1x3x2x2x2xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<1x3x2x2x2xf64>
  return %v6 : tensor<1x3x2x2x2xf64>
}
