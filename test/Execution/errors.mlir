// Bad input gives a message and a non-zero exit, never a crash.

// RUN: not bnfold-run %t.does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: bnfold-run: cannot open '{{.*}}does-not-exist.mlir'

// RUN: not bnfold-run %S/Inputs/parse-error.mlir 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: error:
// PARSE: bnfold-run: cannot parse '{{.*}}parse-error.mlir'

// RUN: not bnfold-run %s --function=missing 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: bnfold-run: '{{.*}}errors.mlir' has no function @missing with a body

// RUN: not bnfold-run %S/Inputs/bad-signature.mlir 2>&1 | FileCheck %s --check-prefix=INT
// INT: error: bnfold-run supports only ranked tensors of f16, bf16, f32 or f64 in the signature, but argument 0 is 'tensor<2xi32>'

// RUN: not bnfold-run %S/Inputs/bad-signature.mlir --function=scalar_arg 2>&1 | FileCheck %s --check-prefix=SCALAR
// SCALAR: but argument 0 is 'f32'

// RUN: not bnfold-run %S/Inputs/bad-signature.mlir --function=external 2>&1 | FileCheck %s --check-prefix=EXTERNAL
// EXTERNAL: has no function @external with a body

// RUN: not bnfold-run %s 2>&1 | FileCheck %s --check-prefix=NOPUBLIC
// NOPUBLIC: has no public function with a body

// RUN: not bnfold-run --compare %s 2>&1 | FileCheck %s --check-prefix=USAGE
// RUN: not bnfold-run %s %s 2>&1 | FileCheck %s --check-prefix=USAGE
// USAGE: bnfold-run: expected one model, or two with --compare

// RUN: not bnfold-run --all-functions %s 2>&1 | FileCheck %s --check-prefix=ALLUSAGE
// RUN: not bnfold-run --compare --all-functions --function=f %s %s 2>&1 | FileCheck %s --check-prefix=ALLUSAGE
// ALLUSAGE: bnfold-run: --all-functions goes with --compare and without --function
// RUN: not bnfold-run --compare --all-functions %s %s 2>&1 | FileCheck %s --check-prefix=NOPUBLIC
// RUN: not bnfold-run --compare %s %S/Inputs/bad-signature.mlir --function=missing 2>&1 | FileCheck %s --check-prefix=MISSING

// RUN: not bnfold-run --compare %S/Inputs/signature-a.mlir %S/Inputs/signature-b.mlir 2>&1 | FileCheck %s --check-prefix=SIG
// SIG: have different signatures

// A function the lowering cannot handle is reported at the op; the other
// functions of the file still run (only the selected one is compiled).
// RUN: not bnfold-run %S/Inputs/unlowerable.mlir 2>&1 | FileCheck %s --check-prefix=LOWER
// LOWER: error: failed to legalize operation 'nn.onnx_op' that was explicitly marked illegal
// LOWER: bnfold-run: lowering '{{.*}}unlowerable.mlir' failed
// RUN: bnfold-run %S/Inputs/unlowerable.mlir --function=fine | FileCheck %s --check-prefix=FINE
// FINE: values: [0]

func.func private @missing_body(%x: tensor<2xf32>) -> tensor<2xf32>
func.func private @private_fn(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
