// A deliberately wrong fold must fail the comparison: the right fold passes,
// copies of it with one weight or one bias entry edited by hand do not.

// RUN: bnfold-opt --fold-batchnorm %s -o %t
// RUN: bnfold-run --compare %s %t | FileCheck %s --check-prefix=RIGHT
// RIGHT: compare: OK

// RUN: not bnfold-run --compare %s %S/Inputs/wrong-fold-weight.mlir | FileCheck %s --check-prefix=WRONG
// RUN: not bnfold-run --compare %s %S/Inputs/wrong-fold-bias.mlir | FileCheck %s --check-prefix=WRONG
// WRONG: result 0: tensor<?x5x3x5xf32> shape 2x5x3x5: max_abs_err={{.*}} MISMATCH: {{[0-9]+}} of 150 elements outside tolerance
// WRONG: compare: MISMATCH

// --all-functions exits with the worst result of its functions.
// RUN: not bnfold-run --compare --all-functions %s %S/Inputs/wrong-fold-weight.mlir | FileCheck %s --check-prefix=ALL
// ALL: @model:
// ALL: compare: MISMATCH
// ALL: compare all: MISMATCH, 1 function{{$}}

// Loosening the tolerance far enough accepts the wrong weight: the exit code
// really follows |a - b| <= atol + rtol * |b|.
// RUN: bnfold-run --compare %s %S/Inputs/wrong-fold-weight.mlir --rtol=0.5 --atol=0.5 | FileCheck %s --check-prefix=RIGHT

func.func @model(%x: tensor<?x3x6x6xf32>) -> tensor<?x5x3x5xf32> {
  %c1 = arith.constant dense<[[[[-0.556152, 0.087913, -0.0907974], [-0.220894, 0.399331, -0.196334], [-0.321847, 0.488927, 0.182165]], [[-0.106537, 0.265383, 0.0135117], [-0.0863957, -0.203197, -0.145874], [0.0613627, 0.452383, -0.52075]], [[0.135446, 0.398726, -0.552299], [0.307865, -0.257835, -0.507612], [0.265998, -0.382017, 0.00633767]]], [[[0.139421, -0.419076, -0.542432], [-0.277664, -0.0618064, 0.14319], [-0.432266, -0.159493, 0.22526]], [[-0.116647, -0.295125, -0.141382], [0.361134, -0.525591, 0.303269], [-0.250395, -0.439943, 0.185883]], [[-0.535244, 0.225907, 0.317379], [-0.256555, -0.157679, -0.559984], [0.0490732, 0.483611, -0.236069]]], [[[-0.446311, -0.586973, -0.470378], [-0.505237, -0.261623, 0.308308], [0.148768, 0.283281, -0.271118]], [[0.32848, -0.172748, 0.116072], [-0.081808, -0.0546655, 0.324819], [-0.189168, 0.0134001, -0.0627651]], [[0.228642, 0.560027, 0.106362], [-0.535039, -0.178518, 0.269104], [0.243274, 0.298212, -0.251064]]], [[[-0.261827, 0.459687, 0.38004], [0.0492667, -0.590636, -0.378764], [0.54614, 0.172659, -0.540116]], [[-0.483043, 0.0700384, 0.280351], [-0.560082, -0.114436, -0.506546], [-0.306488, 0.397102, -0.554896]], [[0.575624, 0.024078, -0.0225709], [-0.256233, -0.333333, 0.241142], [-0.536688, -0.0915064, 0.47409]]], [[[-0.389406, -0.31444, -0.465477], [0.324963, 0.437391, -0.416454], [-0.36434, 0.301608, -0.0989075]], [[0.431318, 0.467535, 0.570939], [0.111417, -0.43497, 0.0862999], [0.347928, 0.513872, 0.164288]], [[-0.430226, 0.349056, 0.345905], [0.269423, 0.200047, 0.127564], [-0.256796, 0.103432, -0.057419]]]]> : tensor<5x3x3x3xf32>
  %c2 = arith.constant dense<[-0.208352, 0.134046, 0.120354, -0.118078, 0.459729]> : tensor<5xf32>
  %v3 = nn.conv2d nchw %x, %c1, %c2 {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 1, 0, 2, 1>} : (tensor<?x3x6x6xf32>, tensor<5x3x3x3xf32>, tensor<5xf32>) -> tensor<?x5x3x5xf32>
  %c4 = arith.constant dense<[20.0, 0.385995, -0.582555, 0.124209, -0.448346]> : tensor<5xf32>
  %c5 = arith.constant dense<[1.85035, 0.0001, 2.94084, 0.717461, 2.2075]> : tensor<5xf32>
  %c6 = arith.constant dense<[0.590424, 1.30059, -0.754053, 0.0, 1.12513]> : tensor<5xf32>
  %c7 = arith.constant dense<[-0.184232, 0.67277, 0.429655, -0.691616, -0.833213]> : tensor<5xf32>
  %v8 = nn.batch_norm nchw %v3, %c4, %c5 scale %c6 offset %c7 {epsilon = 1.0e-03 : f64} : (tensor<?x5x3x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<?x5x3x5xf32>
  return %v8 : tensor<?x5x3x5xf32>
}
