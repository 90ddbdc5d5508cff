#!/usr/bin/env python3
"""Scale benchmarks of issue 14, each side a whole process, measured in one run side by side.

Every measured step is a fresh process: its wall time is timed here and its peak memory is the
largest sum of VmRSS over the process and all its descendants, sampled every 50 ms (so a Spark
driver, its master, workers and executors count together when they are children of the step).
Pairs alternate (A, B, then B, A ...) so neither side always runs second. Medians, min-max and the
ratio of medians go to a Markdown report.

  benchmarks/scale_bench.py register  ROWS [--rounds N] [--heap 256m]   boostline register vs DuckDB
  benchmarks/scale_bench.py score     ROWS [--rounds N]                 boostline score (CLI jar) vs pandas+xgboost
  benchmarks/scale_bench.py train     ROWS [--rounds N] [--trees 200]   boostline train vs raw xgboost4j
  benchmarks/scale_bench.py spark     ROWS [--rounds N] [--trees 200]   single node vs local[2] vs cluster
  benchmarks/scale_bench.py growth    ROWS,ROWS,...                     register and train cost by size

Needs the benchmarks module built (mvn -q -pl benchmarks -am package -DskipTests), for `score`
the CLI jar (mvn -q -pl cli -am package -DskipTests), and for `spark` the spark module
(mvn -q -pl spark -am package -DskipTests). Work files go to
benchmarks/target/scale/ (a 20M-row CSV is about 4.4 GB); reports to benchmarks/target/scale/*.md
unless --out is given.
"""
import argparse
import json
import re
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
WORK = BENCH / "target" / "scale"
PEERS = BENCH / "peers"


def classpath():
    cp_file = BENCH / "target" / "classpath.txt"
    if not cp_file.exists():
        sys.exit("benchmarks/target/classpath.txt is missing: build first with "
                 "mvn -q -pl benchmarks -am package -DskipTests")
    # Boostline's own modules from this work tree (-am built them), never a snapshot in ~/.m2.
    entries = []
    for e in cp_file.read_text().strip().split(":"):
        m = re.search(r"/dev/boostline/boostline-([a-z]+)/", e)
        entries.append(str(ROOT / m.group(1) / "target" / "classes") if m else e)
    return str(BENCH / "target" / "classes") + ":" + ":".join(entries)


def tree_rss_kib(pid):
    """Sum of VmRSS (KiB) over a process and its descendants."""
    total = 0
    pids = [pid]
    seen = set()
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as f:
                pids.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return total


def measure(cmd, env=None, label=""):
    """Runs cmd; returns (wall seconds, peak tree RSS in MiB, stdout)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kib(proc.pid))
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, err = proc.communicate()
    done.set()
    t.join()
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"{label} failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{err[-3000:]}")
    return wall, peak[0] / 1024, out


def java(heap, *args):
    return ["java", f"-Xmx{heap}", "-cp", classpath(), "dev.boostline.benchmarks.ScaleTask", *args]


def data(rows, seed=42):
    WORK.mkdir(parents=True, exist_ok=True)
    csv = WORK / f"higgs-{rows}.csv"
    if not csv.exists():
        subprocess.run(java("1g", "generate", str(csv), str(rows), str(seed)), check=True,
                       stdout=subprocess.DEVNULL)
    return csv


def rm(path):
    subprocess.run(["rm", "-rf", str(path)], check=True)


def machine():
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    mem = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.split("\n")[1].split()[1]
    jv = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.split("\n")[0]
    return f"{cpu} cores, {mem} GiB, {jv}"


def summarize(name, runs, size_mb=None):
    walls = [r[0] for r in runs]
    rss = [r[1] for r in runs]
    line = (f"| {name} | {statistics.median(walls):.2f} s ({min(walls):.2f}-{max(walls):.2f}) | "
            f"{statistics.median(rss):.0f} MiB ({min(rss):.0f}-{max(rss):.0f}) |")
    if size_mb:
        line += f" {size_mb / statistics.median(walls):.1f} MB/s |"
    return line, statistics.median(walls), statistics.median(rss)


def pairs(rounds, a, b):
    """Alternates a() and b() rounds times; returns the two lists of results."""
    ra, rb = [], []
    for i in range(rounds):
        if i % 2 == 0:
            ra.append(a()); rb.append(b())
        else:
            rb.append(b()); ra.append(a())
    return ra, rb


def report(path, title, lines):
    text = f"# {title}\n\nMachine: {machine()}. Run {time.strftime('%Y-%m-%d %H:%M')} UTC.\n\n" + "\n".join(lines) + "\n"
    Path(path).write_text(text)
    print(text)


def bench_register(args):
    csv = data(args.rows)
    size_mb = csv.stat().st_size / 1e6

    def ours():
        home = WORK / "register-home"
        rm(home)
        return measure(java(args.heap, "register", str(csv), str(home)), label="register")

    def duck():
        out = WORK / "duckdb.parquet"
        rm(out)
        return measure(java("1g", "duckdb", str(csv), str(out)), label="duckdb")

    ra, rb = pairs(args.rounds, ours, duck)
    la, ma, _ = summarize(f"Boostline register (-Xmx{args.heap}): CSV -> Parquet + profile + hashes", ra, size_mb)
    lb, mb, _ = summarize("DuckDB: read_csv -> ZSTD Parquet", rb, size_mb)
    report(args.out or WORK / f"register-{args.rows}.md", f"Registration, {args.rows} rows x 29 ({size_mb:.0f} MB CSV)", [
        "| side | wall median (min-max) | peak RSS median (min-max) | throughput |",
        "|---|---:|---:|---:|", la, lb, "",
        f"Boostline / DuckDB wall: {ma / mb:.2f}x (goal: at most 2x, i.e. half DuckDB's throughput);"
        f" {args.rounds} alternated pairs."])


def bench_score(args):
    csv = data(args.rows, seed=7)
    model = json.loads(measure(java("2g", "model", str(WORK / "model")), label="model")[2].strip().splitlines()[-1])

    jar = ROOT / "cli" / "target" / "boostline.jar"
    if not jar.exists():
        sys.exit(f"{jar} is missing: build it with mvn -q -pl cli -am package -DskipTests")

    def ours():
        # What users run: the boostline command's jar (bin/boostline runs exactly this). Streaming
        # scoring holds a few batches at a time: a 256 MB heap is all it needs (with a larger
        # ceiling G1 grows into it and RSS follows; see the report's note).
        return measure(["java", f"-Xmx{args.heap}", "-jar", str(jar), "score", "--home", model["home"],
                        "higgs@production", str(csv), "--out", str(WORK / "scores-boostline.csv")],
                       label="score")

    def python():
        return measure(["/usr/bin/python3", str(PEERS / "score_peer.py"), model["model_file"], str(csv),
                        str(WORK / "scores-python.csv")], label="python")

    ra, rb = pairs(args.rounds, ours, python)
    la, ma, _ = summarize("boostline score (CLI jar: BatchScoring, pure-Java evaluator, all cores)", ra)
    lb, mb, _ = summarize("Python: pandas read_csv + xgboost inplace_predict + to_csv", rb)
    same = compare_scores(WORK / "scores-boostline.csv", WORK / "scores-python.csv")
    report(args.out or WORK / f"score-{args.rows}.md", f"Batch scoring, {args.rows} rows x 28, 200 trees depth 6", [
        "| side | wall median (min-max) | peak RSS median (min-max) |", "|---|---:|---:|", la, lb, "",
        f"Python / Boostline wall: {mb / ma:.2f}x (goal: at least 2x); {args.rounds} alternated pairs."
        f" Boostline's JVM ran with -Xmx{args.heap}.",
        f"Largest |probability difference| between the two outputs: {same:.2e}."])


def compare_scores(a, b):
    import csv as csvmod
    worst = 0.0
    with open(a) as fa, open(b) as fb:
        ra, rb = csvmod.DictReader(fa), csvmod.DictReader(fb)
        for x, y in zip(ra, rb):
            worst = max(worst, abs(float(x["probability"]) - float(y["probability"])))
    return worst


def bench_train(args):
    csv = data(args.rows)
    home = WORK / f"train-home-{args.rows}"  # one home per size: a home holds one registered size
    if not (home / "datasets" / "higgs").exists():
        rm(home)
        measure(java("2g", "register", str(csv), str(home)), label="register")

    def ours():
        return measure(java("8g", "train", str(home), "higgs", str(args.trees)), label="train")

    def raw():
        return measure(java("8g", "raw-train", str(csv), str(args.trees)), label="raw")

    ra, rb = pairs(args.rounds, ours, raw)
    la, ma, _ = summarize("boostline train path (TrackedTraining: load, split, fit, DMatrix, rounds, metrics, record)", ra)
    lb, mb, _ = summarize("raw xgboost4j: parse CSV, 80/20 split, DMatrix, train with valid watch, bytes", rb)
    parts = [json.loads(r[2].strip().splitlines()[-1]) for r in ra]
    report(args.out or WORK / f"train-{args.rows}.md", f"Training as users run it, {args.rows} rows, {args.trees} rounds", [
        "| side | wall median (min-max) | peak RSS median (min-max) |", "|---|---:|---:|", la, lb, "",
        f"Boostline / raw wall: {ma / mb:.3f}x (goal: at most 1.10x); {args.rounds} alternated pairs.", "",
        "Parts, median over the runs (seconds; whole-process wall also counts JVM start and"
        " class loading):", "", "| Boostline part | seconds |", "|---|---:|",
        *[f"| {k} | {statistics.median(p['parts_s'][k] for p in parts):.3f} |"
          for k in parts[-1]["parts_s"]], "",
        "| raw xgboost4j part | seconds |", "|---|---:|",
        *[f"| {k} | {statistics.median(json.loads(r[2].strip().splitlines()[-1])[k] for r in rb):.3f} |"
          for k in ("load_s", "split_matrix_s", "train_s")]])


def bench_spark(args):
    csv = data(args.rows)
    home = WORK / f"spark-home-{args.rows}"  # one home per size: a home holds one registered size
    if not (home / "datasets" / "higgs").exists():
        rm(home)
        measure(java("2g", "register", str(csv), str(home)), label="register")
    launcher = str(ROOT / "bin" / "boostline")
    common = ["--home", str(home), "train", "--dataset", "higgs", "--target", "label",
              "--rounds", str(args.trees), "--param", "max_depth=6", "--param", "eta=0.1",
              "--param", "max_bin=256", "--seed", "1", "--json"]
    sides = {
        "single node (bin/boostline train, 2 threads)": [launcher, *common, "--param", "nthread=2"],
        "Spark local[2] (2 workers x 1 thread)": [launcher, *common, "--engine", "spark", "--master", "local[2]",
                                                  "--workers", "2", "--threads", "1"],
    }
    cluster = None
    if not args.no_cluster:
        cluster = subprocess.run([str(ROOT / "spark" / "bin" / "local-cluster"), "start", "2", "1", "4g"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        sides[f"standalone cluster, 2 workers x 1 core ({cluster})"] = [
            launcher, *common, "--engine", "spark", "--master", cluster, "--workers", "2", "--threads", "1"]
    results = {k: [] for k in sides}
    try:
        for i in range(args.rounds):
            order = list(sides) if i % 2 == 0 else list(reversed(sides))
            for k in order:
                wall, rss, out = measure(sides[k], label=k)
                run = json.loads(out[out.index("{"):]) if "{" in out else {}
                results[k].append((wall, rss, run.get("metrics", {}).get("valid", {}).get("auc", float("nan"))))
    finally:
        if cluster:
            subprocess.run([str(ROOT / "spark" / "bin" / "local-cluster"), "stop"], check=False)
    lines = ["| side | wall median (min-max) | peak RSS median (min-max), process tree | valid AUC |", "|---|---:|---:|---:|"]
    for k, runs in results.items():
        line, _, _ = summarize(k, runs)
        lines.append(line + f" {statistics.median([r[2] for r in runs]):.4f} |")
    lines += ["", "Peak RSS of the cluster side counts only the driver process tree: the master, workers and"
              " executors run outside it (see the workers' own logs for their memory)."]
    report(args.out or WORK / f"spark-{args.rows}.md", f"Training on Spark, {args.rows} rows, {args.trees} rounds", lines)


def bench_growth(args):
    lines = ["| rows | CSV MB | register wall | register peak RSS | train wall | train peak RSS |", "|---:|---:|---:|---:|---:|---:|"]
    for rows in [int(r) for r in args.rows_list.split(",")]:
        csv = data(rows)
        home = WORK / f"growth-{rows}"
        rm(home)
        rw, rr, _ = measure(java(args.heap, "register", str(csv), str(home)), label="register")
        if rows <= args.max_train_rows:
            tw, tr, _ = measure(java("16g", "train", str(home), "higgs", str(args.trees)), label="train")
            train = f"{tw:.1f} s | {tr:.0f} MiB"
        else:
            train = "- | -"
        lines.append(f"| {rows} | {csv.stat().st_size / 1e6:.0f} | {rw:.1f} s | {rr:.0f} MiB | {train} |")
        rm(home)
    report(args.out or WORK / "growth.md", "Cost growth of single-node registration and training", lines)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bench", choices=["register", "score", "train", "spark", "growth"])
    p.add_argument("rows")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--trees", type=int, default=200)
    p.add_argument("--heap", default="256m")
    p.add_argument("--max-train-rows", type=int, default=20_000_000)
    p.add_argument("--no-cluster", action="store_true")
    p.add_argument("--out")
    args = p.parse_args()
    if args.bench == "growth":
        args.rows_list = args.rows
    else:
        args.rows = int(args.rows)
    {"register": bench_register, "score": bench_score, "train": bench_train, "spark": bench_spark,
     "growth": bench_growth}[args.bench](args)


if __name__ == "__main__":
    main()
