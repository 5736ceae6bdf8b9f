// --input-type=T rounds the generated inputs to T before they are stored in
// the argument's element type, so an f64 model sees exactly the inputs that
// an f16 (or bf16) model with the same signature gets. scripts/
// measure_precision.py relies on this for its f64 reference.

// Without --input-type an f64 argument gets the raw f64 draw.
// RUN: bnfold-run %s --function=wide | FileCheck %s --check-prefix=F64
// F64: values: [0.1331231503445618, 0.49156351452540226, 0.9420055071735924, -0.11128156588845584]

// The f16 model's inputs (printed as shortest f16 decimals) ...
// RUN: bnfold-run %s --function=half | FileCheck %s --check-prefix=F16
// F16: values: [0.1332, 0.4915, 0.942, -0.11127]
// ... are exactly what the f64 model gets with --input-type=f16 (printed in
// full: 0.1331787109375 = 1091 * 2^-13 is the f16 value printed as 0.1332).
// RUN: bnfold-run %s --function=wide --input-type=f16 | FileCheck %s --check-prefix=WIDE16
// WIDE16: values: [0.1331787109375, 0.491455078125, 0.94189453125, -0.11126708984375]

// RUN: bnfold-run %s --function=bhalf | FileCheck %s --check-prefix=BF16
// BF16: values: [0.133, 0.492, 0.94, -0.1113]
// RUN: bnfold-run %s --function=wide --input-type=bf16 | FileCheck %s --check-prefix=WIDEBF16
// WIDEBF16: values: [0.1328125, 0.4921875, 0.94140625, -0.111328125]

// A wider --input-type than the argument changes nothing.
// RUN: bnfold-run %s --function=half --input-type=f64 | FileCheck %s --check-prefix=F16

// RUN: not bnfold-run %s --input-type=f8 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: bnfold-run: --input-type must be f16, bf16, f32 or f64, not 'f8'

func.func @wide(%x: tensor<4xf64>) -> tensor<4xf64> {
  return %x : tensor<4xf64>
}
func.func @half(%x: tensor<4xf16>) -> tensor<4xf16> {
  return %x : tensor<4xf16>
}
func.func @bhalf(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  return %x : tensor<4xbf16>
}
