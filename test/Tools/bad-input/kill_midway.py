"""Starts a tool, kills it with SIGKILL while it works, and checks that its
output file (the argument after -o) is absent and that no temporary next to
it is left.

    kill_midway.py TOOL ARGS...
"""
import glob
import os
import signal
import subprocess
import sys
import time

args = sys.argv[1:]
output = args[args.index("-o") + 1]
proc = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
# The caller gives the tool seconds of work; kill it during that.
delay = 0.5
time.sleep(delay)
if proc.poll() is not None:
    sys.exit("the tool finished before it could be killed")
proc.send_signal(signal.SIGKILL)
if proc.wait() != -signal.SIGKILL:
    sys.exit("the tool was not killed by SIGKILL")
leftovers = [p for p in glob.glob(output + "*") if p != output]
print(f"killed after {delay} s; {os.path.basename(output)} "
      f"{'present' if os.path.exists(output) else 'absent'}; "
      f"{'temporaries left: ' + ', '.join(leftovers) if leftovers else 'no temporary left'}")
