"""Run a command and report its peak resident memory: ``python bench/peak_rss.py CMD...``.

Prints ``peak_rss_kib N`` as the last line on stderr and exits with the command's status. The measuring
process must be small: on Linux a child's ``ru_maxrss`` starts from the RSS of the process that spawned it
(the high-water mark survives fork and exec), so the benchmark, grown by its own work, must not spawn the
measured command itself.
"""

import os
import subprocess
import sys

if __name__ == "__main__":
    process = subprocess.Popen(sys.argv[1:])
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    print(f"peak_rss_kib {usage.ru_maxrss}", file=sys.stderr, flush=True)
    sys.exit(process.returncode)
