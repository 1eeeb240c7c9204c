#!/usr/bin/env python3
"""The audit's cost through idleforgectl, as a user runs it (issue 19, "on the CLI").

  tests/bench/verify/cli-audit-cost.py BIN_DIR [--steps N] [--threads T] [--extra-every K]

Makes a gpt task with `idleforgectl task new --steps N` (its k as `task new` picks it), trains it
twice with `task run`, once plainly and once with `--extra-checkpoints` in a /dev/shm folder,
then audits each with `audit --mode sample` for a new host (m = 44) and a reputable one (m = 4);
the run with extras is audited with and without them. The training's time is the worker's own
compute_s (the worker is a grandchild whose CPU time Qt's reaping keeps from us); an audit runs in
idleforgectl's own process, so its wall and CPU seconds are measured here. Prints one JSON object:
each audit as a share of the training of the same run, measured in this one script.
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(out.stdout), wall, cpu


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    ctl = os.path.join(args[0], "idleforgectl")
    steps = int(args[args.index("--steps") + 1]) if "--steps" in args else 1000
    threads = args[args.index("--threads") + 1] if "--threads" in args else "2"
    every = ["--extra-every", args[args.index("--extra-every") + 1]] if "--extra-every" in args else []
    tmp = tempfile.mkdtemp(prefix="cli-audit-")
    shm = tempfile.mkdtemp(prefix="idleforge-bench-", dir="/dev/shm")
    try:
        spec = os.path.join(tmp, "spec.json")
        subprocess.run([ctl, "task", "new", "--steps", str(steps), "--output", spec], check=True)
        rows = []
        trainings = {}
        for name, extra in (("plain", []), ("extras", ["--extra-checkpoints", shm])):
            run_extra = extra + every if extra else []
            workdir = os.path.join(tmp, name)
            result, wall, _ = run([ctl, "task", "run", spec, "--workdir", workdir, "--threads", threads] + run_extra)
            trainings[name] = {"compute_s": result["compute_s"], "wall_s": round(wall, 3),
                               "checkpoint_every": result["checkpoint_every"],
                               "extra_checkpoints": result.get("extra_checkpoints", 0),
                               "extra_checkpoint_s": result.get("extra_checkpoint_s", 0),
                               "commitment": result["commitment"]}
            # The run with extras once more without them: its disk checkpoints alone, the baseline.
            for use in [extra] + ([[]] if extra else []):
                for m in (44, 4):
                    report, wall, cpu = run([ctl, "audit", "--spec", spec, "--workdir", workdir, "--threads", threads,
                                             "--samples", str(m), "--seed", "bench", "--mode", "sample", "--json"] + use)
                    rows.append({"run": name, "served_from": "job folder and memory" if use else "job folder",
                                 "samples": m, "ok": report["ok"], "solver_replayed_steps": report["solver_replayed_steps"],
                                 "recomputed_steps": report["recomputed_steps"], "audit_wall_s": round(wall, 3),
                                 "audit_cpu_s": round(cpu, 3),
                                 "audit_over_training_wall": round(wall / result["compute_s"], 4),
                                 "floor": round(m / steps, 4)})
        same = trainings["plain"]["commitment"] == trainings["extras"]["commitment"]
        plain_s = trainings["plain"]["compute_s"]
        extra_cost = trainings["extras"]["extra_checkpoint_s"]
        for r in rows:  # against the plain run's training, the extras' own writes counted with their audit
            r["audit_over_plain_training"] = round(r["audit_wall_s"] / plain_s, 4)
            if r["served_from"] != "job folder":
                r["with_extras_writes_over_plain_training"] = round((r["audit_wall_s"] + extra_cost) / plain_s, 4)
        print(json.dumps({"bench": "cli-audit-cost", "steps": steps, "threads": int(threads),
                          "same_commitment": same, "trainings": trainings, "audits": rows}, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(shm, ignore_errors=True)


if __name__ == "__main__":
    main()
