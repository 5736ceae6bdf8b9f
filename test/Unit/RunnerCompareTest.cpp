//===- RunnerCompareTest.cpp - the rules of bnfold-run --compare ----------===//
//
// Checks the runner library's comparison (bnfold/Runner/Compare.h) and
// value formatting (HostTensor.h) on hand-picked numbers: the tolerance
// boundary on both sides, NaN and infinities against every kind of value,
// the relative error of a zero reference, the aggregation over a tensor
// (max errors, mismatch count, first mismatch), empty tensors, the default
// tolerances, and the shortest round-trip formatting in each float kind.
// Prints one line per group and the failures; exits non-zero on any.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Runner/Compare.h"

#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>

using namespace bnfold::runner;

namespace {

int failures = 0;
int checks = 0;

void expect(bool condition, const std::string &what) {
  ++checks;
  if (condition)
    return;
  ++failures;
  llvm::outs() << "FAILED: " << what << "\n";
}

HostTensor makeTensor(FloatKind kind, std::vector<int64_t> shape,
                      std::initializer_list<double> values) {
  HostTensor t{kind, std::move(shape), nullptr};
  if (!t.allocate())
    std::abort();
  int64_t i = 0;
  for (double v : values)
    t.set(i++, v);
  return t;
}

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void testElements() {
  Tolerance t{1e-4, 1e-5};
  // |a - b| <= atol + rtol * |b|: 1e-5 + 1e-4 * 100 = 0.01001.
  expect(compareElements(100.01, 100, t).within, "just inside the tolerance");
  expect(!compareElements(100.0101, 100, t).within,
         "just outside the tolerance");
  // The reference is the second value: |b| scales the tolerance.
  expect(compareElements(0, 1e-5, t).within, "atol alone at b = 1e-5");
  expect(!compareElements(1e-4, 0, t).within, "rtol does not help at b = 0");
  ElementComparison e = compareElements(3, 2, t);
  expect(e.absoluteError == 1 && e.relativeError == 0.5,
         "absolute and relative error of 3 vs 2");
  e = compareElements(1, 0, t);
  expect(std::isinf(e.relativeError) && e.absoluteError == 1,
         "relative error against 0 is inf");
  e = compareElements(0, 0, t);
  expect(e.within && e.absoluteError == 0 && e.relativeError == 0,
         "0 vs 0");
  e = compareElements(-0.0, 0.0, t);
  expect(e.within && e.absoluteError == 0, "-0 vs 0");

  // NaN matches only NaN, with no error; otherwise the error is infinite.
  e = compareElements(nan, nan, t);
  expect(e.within && e.absoluteError == 0, "nan vs nan");
  for (double other : {0.0, 1.0, inf, -inf}) {
    e = compareElements(nan, other, t);
    expect(!e.within && std::isinf(e.absoluteError), "nan vs a number");
    e = compareElements(other, nan, t);
    expect(!e.within && std::isinf(e.absoluteError), "a number vs nan");
  }
  // An infinity matches only the same infinity, whatever the tolerance.
  Tolerance loose{1e300, 1e300};
  expect(compareElements(inf, inf, loose).within, "inf vs inf");
  expect(compareElements(-inf, -inf, loose).within, "-inf vs -inf");
  expect(!compareElements(inf, -inf, loose).within, "inf vs -inf");
  expect(!compareElements(inf, 1e308, loose).within, "inf vs finite");
  expect(!compareElements(1e308, -inf, loose).within, "finite vs -inf");
  expect(std::isinf(compareElements(inf, 0, loose).absoluteError),
         "inf vs 0 has an infinite error");
  llvm::outs() << "elements: checked\n";
}

void testTensors() {
  Tolerance t{1e-4, 1e-5};
  HostTensor a = makeTensor(FloatKind::F64, {2, 3}, {1, 2, 3, 4, 5, 6});
  HostTensor b = makeTensor(FloatKind::F64, {2, 3}, {1, 2, 3, 4, 5, 6});
  TensorComparison c = compareTensors(a, b, t);
  expect(c.mismatches == 0 && c.firstMismatch == -1 &&
             c.maxAbsoluteError == 0 && c.maxRelativeError == 0,
         "equal tensors");

  HostTensor x = makeTensor(FloatKind::F64, {5}, {1, 2.5, 3, 0, 8});
  HostTensor y = makeTensor(FloatKind::F64, {5}, {1, 2, 3, 1e-6, 4});
  c = compareTensors(x, y, t);
  expect(c.mismatches == 2, "two elements outside the tolerance");
  expect(c.firstMismatch == 1, "the first mismatch is element 1");
  expect(c.maxAbsoluteError == 4, "max absolute error 8 vs 4");
  // 0 vs 1e-6 is within atol but has relative error 1; 8 vs 4 has 1 too.
  expect(c.maxRelativeError == 1, "max relative error");

  HostTensor n = makeTensor(FloatKind::F32, {3}, {nan, 1, inf});
  HostTensor m = makeTensor(FloatKind::F32, {3}, {nan, 1, inf});
  c = compareTensors(n, m, t);
  expect(c.mismatches == 0 && c.maxAbsoluteError == 0,
         "NaN and inf in the same places");
  HostTensor p = makeTensor(FloatKind::F32, {3}, {1, 1, -inf});
  c = compareTensors(n, p, t);
  expect(c.mismatches == 2 && c.firstMismatch == 0 &&
             std::isinf(c.maxAbsoluteError),
         "NaN and inf where the other has numbers");

  HostTensor e1{FloatKind::F16, {0, 4}, nullptr}, e2{FloatKind::F16, {0, 4}, nullptr};
  expect(e1.allocate() && e2.allocate(), "allocating empty tensors");
  c = compareTensors(e1, e2, t);
  expect(c.mismatches == 0 && c.firstMismatch == -1, "empty tensors");

  // Values are compared as stored: 1 + 2^-11 rounds to 1 in f16.
  HostTensor h = makeTensor(FloatKind::F16, {1}, {1 + 0x1p-11});
  HostTensor one = makeTensor(FloatKind::F16, {1}, {1});
  c = compareTensors(h, one, Tolerance{0, 0});
  expect(c.mismatches == 0, "f16 storage rounds ties to even");
  llvm::outs() << "tensors: checked\n";
}

void testDefaults() {
  auto is = [](FloatKind kind, double rtol, double atol) {
    Tolerance t = getDefaultTolerance(kind);
    return t.rtol == rtol && t.atol == atol;
  };
  expect(is(FloatKind::F64, 1e-10, 1e-12), "f64 default");
  expect(is(FloatKind::F32, 1e-4, 1e-5), "f32 default");
  expect(is(FloatKind::F16, 1e-2, 1e-3), "f16 default");
  expect(is(FloatKind::BF16, 5e-2, 1e-2), "bf16 default");
  // 0.8% off one weight must fail in f32 (test/Execution/wrong-fold.mlir).
  expect(!compareElements(1.008, 1, getDefaultTolerance(FloatKind::F32)).within,
         "a 0.8% error fails the f32 default");
  llvm::outs() << "defaults: checked\n";
}

void testFormatting() {
  auto is = [](FloatKind kind, double value, const char *text) {
    std::string got = formatElement(kind, value);
    expect(got == text, "format " + std::to_string(value) + " as " + text +
                            ", got " + got);
  };
  is(FloatKind::F32, 6400, "6400");
  is(FloatKind::F32, -2, "-2");
  is(FloatKind::F32, 0, "0");
  is(FloatKind::F32, double(0.1f), "0.1");
  is(FloatKind::F64, 0.1, "0.1");
  is(FloatKind::F64, 1.0 / 3, "0.3333333333333333");
  is(FloatKind::F32, double(1.0f / 3), "0.33333334");
  is(FloatKind::F16, 0.0999755859375, "0.1");
  is(FloatKind::BF16, 0.333984375, "0.334");
  is(FloatKind::F64, 1e20, "1e+20");
  is(FloatKind::F32, nan, "nan");
  is(FloatKind::F16, inf, "inf");
  is(FloatKind::BF16, -inf, "-inf");
  expect(roundToKind(FloatKind::BF16, 1 + 0x1p-8) == 1,
         "bf16 rounds a tie to even");
  expect(roundToKind(FloatKind::F16, 65520) == inf,
         "f16 rounds 65520 to inf");
  llvm::outs() << "formatting: checked\n";
}

} // namespace

int main() {
  testElements();
  testTensors();
  testDefaults();
  testFormatting();
  llvm::outs() << "runner compare: " << checks << " checks, " << failures
               << " failures\n";
  return failures ? 1 : 0;
}
