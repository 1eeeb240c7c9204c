#!/usr/bin/env python3
"""What the kernel alone charges for writing checkpoint-sized files (issue 19), as JSON.

Writes COUNT files of SIZE bytes (default: 500 x 5.6 MB, the k = 2 checkpoints of a 1,000-step
d128 gpt task) into DIR (default: a fresh folder under /dev/shm, so no disk is involved). It does
this twice: once deleting each file two files later, so the kernel recycles their pages, and once
keeping them all, as a solver keeps its checkpoints for the challenge window; and, where DIR is
on a disk (not tmpfs), once keeping them all on disk but dropping each file's pages from the page
cache once it is written back (sync_file_range, then POSIX_FADV_DONTNEED, one file behind: what
CheckpointWriter does). Each row also gives the cost per file for each fifth of the run: on a VM
whose host backs guest memory lazily, pages the guest never touched cost several times more than
pages it reuses. BenchAuditCost's checkpoint rows are this cost plus the training's.

    tests/bench/verify/page-cache-write-cost.py [--count N] [--size BYTES] [--dir DIR]
"""
import argparse
import ctypes
import ctypes.util
import json
import os
import resource
import shutil
import tempfile
import time


LIBC = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
LIBC.sync_file_range.argtypes = [ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong, ctypes.c_uint]
WAIT_BEFORE, WRITE, WAIT_AFTER = 1, 2, 4


def drop_pages(path):
    """Waits for the file's writeback and drops its pages: as CheckpointWriter's adviseCheckpointPages drops them."""
    fd = os.open(path, os.O_RDONLY)
    LIBC.sync_file_range(fd, 0, 0, WAIT_BEFORE | WRITE | WAIT_AFTER)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)


def run(folder, count, data, keep, drop=False):
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    fifths, t_fifth = [], t0
    for i in range(count):
        path = os.path.join(folder, "f%d" % i)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if drop:
            LIBC.sync_file_range(fd, 0, 0, WRITE)
        os.close(fd)
        if drop and i >= 1:
            drop_pages(os.path.join(folder, "f%d" % (i - 1)))
        if keep is not None and i >= keep:
            os.unlink(os.path.join(folder, "f%d" % (i - keep)))
        if (i + 1) % max(1, count // 5) == 0 and len(fifths) < 5:
            now = time.perf_counter()
            fifths.append(round((now - t_fifth) / max(1, count // 5) * 1e3, 2))
            t_fifth = now
    r1, t1 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))
    return {"kept": count if keep is None else keep, "pages_dropped": drop, "wall_ms_per_file": (t1 - t0) / count * 1e3,
            "sys_ms_per_file": (r1.ru_stime - r0.ru_stime) / count * 1e3, "wall_ms_per_file_by_fifth": fifths}


def on_tmpfs(folder):
    with open("/proc/mounts") as mounts:
        best = ("", "")
        for line in mounts:
            fields = line.split()
            if folder.startswith(fields[1]) and len(fields[1]) > len(best[0]):
                best = (fields[1], fields[2])
    return best[1] == "tmpfs"


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
        if not on_tmpfs(os.path.realpath(folder)):
            rows.append(run(folder, a.count, data, keep=None, drop=True))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({"issue": 19, "dir": parent or tempfile.gettempdir(), "count": a.count, "bytes_per_file": a.size,
                      "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
