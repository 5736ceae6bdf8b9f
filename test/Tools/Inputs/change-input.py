"""Runs a command that reads FILE and, as soon as it has mapped FILE into
memory, changes FILE: `truncate` cuts it to 1 MiB (a later read past the
new end faults), `append` adds a line. Prints the command's exit status."""
import os
import subprocess
import sys
import time

mode, path, command = sys.argv[1], os.path.realpath(sys.argv[2]), sys.argv[3:]
process = subprocess.Popen(command)


def has_mapped():
    try:
        with open(f"/proc/{process.pid}/maps") as maps:
            return any(line.rstrip().endswith(path) for line in maps)
    except OSError:
        return False


deadline = time.monotonic() + 30
while not has_mapped() and process.poll() is None and time.monotonic() < deadline:
    time.sleep(0.001)
if process.poll() is not None:
    sys.exit("the command ended before it mapped " + path)
if mode == "truncate":
    os.truncate(path, 1 << 20)
else:
    with open(path, "a") as f:
        f.write("// appended\n")
print("exit status", process.wait())
