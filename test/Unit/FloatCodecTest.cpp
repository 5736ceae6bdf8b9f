//===- FloatCodecTest.cpp - exhaustive checks of the float codec ---------===//
//
// storeElement rounds f64 to f16 and bf16 with integer arithmetic on the
// f64 bits (bnfold/Support/FloatCodec.h); APFloat is the reference it must match bit
// for bit. Checked: every 16-bit pattern (round trip and the exact value),
// the midpoint between every pair of neighbours and the f64 numbers on
// either side of it (ties to even), the overflow and underflow thresholds,
// signed zeros, infinities and NaNs, and random f64 numbers over the whole
// range where the result is neither 0 nor inf. Prints one summary line per
// format; exits non-zero on the first few mismatches it reports.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Support/FloatCodec.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

using namespace bnfold;

namespace {

struct Checker {
  FloatKind kind;
  const char *name;
  uint64_t checked = 0, mismatches = 0;

  uint16_t reference(double value) const {
    llvm::APFloat wide(value);
    bool losesInfo;
    wide.convert(getSemantics(kind), llvm::APFloat::rmNearestTiesToEven,
                 &losesInfo);
    return uint16_t(wide.bitcastToAPInt().getZExtValue());
  }

  uint16_t actual(double value) const {
    char bytes[2];
    storeElement(kind, bytes, value);
    uint16_t bits;
    std::memcpy(&bits, bytes, 2);
    return bits;
  }

  void check(double value) {
    ++checked;
    uint16_t want = reference(value), got = actual(value);
    if (want == got)
      return;
    if (++mismatches <= 10)
      llvm::errs() << name << ": " << llvm::format("%a", value) << " -> "
                   << llvm::format("0x%04x", got) << ", APFloat gives "
                   << llvm::format("0x%04x", want) << "\n";
  }

  double decode(uint16_t bits) const {
    char bytes[2];
    std::memcpy(bytes, &bits, 2);
    return loadElement(kind, bytes);
  }

  void run() {
    for (uint32_t bits = 0; bits <= 0xffff; ++bits) {
      double value = decode(uint16_t(bits));
      check(value);
      if (!std::isfinite(value))
        continue;
      // The midpoint to the next value up in magnitude (exact in f64), and
      // the f64 numbers just below and above it.
      uint16_t nextBits = uint16_t(bits + 1);
      double next = decode(nextBits);
      if ((bits & 0x7fff) == 0x7fff || std::isnan(next))
        continue;
      double mid = value / 2 + next / 2;
      check(mid);
      check(std::nextafter(mid, 0.0));
      check(std::nextafter(mid, std::copysign(INFINITY, mid)));
    }
    // Far outside the range, and the special values.
    for (double value : {0.0, -0.0, 1e-300, -1e-300, 5e-324, 1e300, -1e300,
                         std::numeric_limits<double>::max(),
                         std::numeric_limits<double>::infinity(),
                         -std::numeric_limits<double>::infinity(),
                         std::numeric_limits<double>::quiet_NaN(),
                         -std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::signaling_NaN()})
      check(value);
    // Random f64 numbers with exponents from below the smallest subnormal
    // to above the largest value of either format.
    std::mt19937_64 random(20261122);
    std::uniform_int_distribution<int> exponent(-160, 140);
    for (int i = 0; i < 2000000; ++i) {
      uint64_t bits = random();
      double value = std::ldexp(1.0 + double(bits >> 12) * 0x1p-52,
                                exponent(random));
      check((bits & 1) ? -value : value);
    }
    llvm::outs() << name << ": " << checked << " checked, " << mismatches
                 << " mismatches\n";
  }
};

} // namespace

int main() {
  Checker f16{FloatKind::F16, "f16"};
  Checker bf16{FloatKind::BF16, "bf16"};
  f16.run();
  bf16.run();
  return f16.mismatches || bf16.mismatches ? 1 : 0;
}
