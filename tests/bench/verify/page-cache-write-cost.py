#!/usr/bin/env python3
"""What the kernel alone charges for writing checkpoint-sized files (issue 19), as JSON.

Writes COUNT files of SIZE bytes (default: 500 x 5.6 MB, the k = 2 checkpoints of a 1,000-step
d128 gpt task) into DIR (default: a fresh folder under /dev/shm, so no disk is involved). It does
this twice: once deleting each file two files later, so the kernel recycles their pages, and once
keeping them all, as a solver keeps its checkpoints for the challenge window. BenchAuditCost's
checkpoint rows are this cost plus the training's.

    tests/bench/verify/page-cache-write-cost.py [--count N] [--size BYTES] [--dir DIR]
"""
import argparse
import json
import os
import resource
import shutil
import tempfile
import time


def run(folder, count, data, keep):
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for i in range(count):
        fd = os.open(os.path.join(folder, "f%d" % i), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.close(fd)
        if keep is not None and i >= keep:
            os.unlink(os.path.join(folder, "f%d" % (i - keep)))
    r1, t1 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))
    return {"kept": count if keep is None else keep, "wall_ms_per_file": (t1 - t0) / count * 1e3,
            "sys_ms_per_file": (r1.ru_stime - r0.ru_stime) / count * 1e3}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=500)
    p.add_argument("--size", type=int, default=5_600_000)
    p.add_argument("--dir", default=None)
    a = p.parse_args()
    parent = a.dir or ("/dev/shm" if os.path.isdir("/dev/shm") else None)
    folder = tempfile.mkdtemp(prefix="idleforge-pagecache-", dir=parent)
    try:
        data = os.urandom(a.size)
        rows = [run(folder, a.count, data, keep=2), run(folder, a.count, data, keep=None)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({"issue": 19, "dir": parent or tempfile.gettempdir(), "count": a.count, "bytes_per_file": a.size,
                      "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
