"""Starts a command in a process group of its own, sends the whole group
SIGNAL after a second (as a terminal's Ctrl-C or a job control kill
would), and prints how the command ended once every process of the group
is gone."""
import os
import signal
import subprocess
import sys
import time

name, command = sys.argv[1], sys.argv[2:]


def default_signals():
    # lit may run tests with SIGINT ignored, which exec keeps.
    for number in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)


process = subprocess.Popen(command, start_new_session=True,
                           preexec_fn=default_signals,
                           stderr=subprocess.DEVNULL)
time.sleep(1)
os.killpg(process.pid, getattr(signal, name))
try:
    returncode = process.wait(timeout=20)
except subprocess.TimeoutExpired:
    os.killpg(process.pid, signal.SIGKILL)
    sys.exit("still running 20 s after " + name)


def group_alive():
    try:
        os.killpg(process.pid, 0)
        return True
    except ProcessLookupError:
        return False


deadline = time.monotonic() + 10
while group_alive() and time.monotonic() < deadline:
    time.sleep(0.05)
print("ended by", signal.Signals(-returncode).name if returncode < 0
      else f"exit status {returncode}")
