"""A process's CPU time from /proc, for the benchmarks that compare server CPU."""

import os

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User plus system CPU seconds `pid` has used so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def threads_cpu_seconds(pid):
    """The CPU seconds of `pid`'s threads alive now, to the nanosecond (schedstat): for
    runs too short for the clock ticks of cpu_seconds; a thread that ended is not in it."""
    total = 0
    task = "/proc/%d/task" % pid
    for tid in os.listdir(task):
        try:
            with open(os.path.join(task, tid, "schedstat")) as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # ended meanwhile
    return total / 1e9
