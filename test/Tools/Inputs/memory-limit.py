"""Runs a command with a limit on its address space (prlimit --as, as
`ulimit -v` does) that is just enough for a baseline command plus some
MiB, so that the command runs out of memory at the same point on any
machine:

  memory-limit.py EXTRA_MIB BASELINE_COMMAND -- COMMAND

The baseline is the smallest limit (to 1 MiB) under which BASELINE_COMMAND
succeeds, found by bisection. COMMAND's output and exit status pass through."""
import subprocess
import sys

extra = int(sys.argv[1])
split = sys.argv.index("--")
baseline, command = sys.argv[2:split], sys.argv[split + 1:]


def succeeds(limit_mib, cmd):
    return subprocess.run(["prlimit", f"--as={limit_mib << 20}"] + cmd,
                          stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


low, high = 16, 8192  # low fails, high succeeds
if not succeeds(high, baseline):
    sys.exit("the baseline command fails even with 8 GiB")
while high - low > 1:
    middle = (low + high) // 2
    if succeeds(middle, baseline):
        high = middle
    else:
        low = middle
sys.exit(subprocess.run(["prlimit", f"--as={(high + extra) << 20}"]
                        + command).returncode)
