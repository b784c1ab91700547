"""Benchmark the extractor against quantulum3 on the same news texts.

Run ``python -m checks.extraction.bench [--markdown PATH]``. Measures, in one
process: warm throughput (KB/s, claims/s) of ``extract_claims`` and of
``quantulum3.parser.parse`` on the corpus texts, and our throughput on a ~1 MB
text; in fresh subprocesses: cold start (import plus first call) and peak memory
(peak resident set, VmHWM) for the 1 MB text; in process: the tracemalloc peak for 1 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from . import extract_claims
from .corpus import megabyte_text, texts

REPO_ROOT = Path(__file__).resolve().parents[2]
GOALS = {
    "ratio": 20.0,
    "mb_per_s": 1.0,
    "cold_start_s": 1.0,
    "peak_mb": 300.0,
}


def _throughput(func, docs: list[str], min_seconds: float) -> tuple[float, float]:
    """Return (bytes/s, items/s) of ``func`` over ``docs``, repeated warm."""
    func(docs[0])  # warm up
    size = sum(len(d.encode("utf-8")) for d in docs)
    rounds = []
    items = 0
    start = time.perf_counter()
    while True:
        t = time.perf_counter()
        n = 0
        for d in docs:
            n += len(func(d))
        rounds.append(time.perf_counter() - t)
        items = n
        if time.perf_counter() - start >= min_seconds and len(rounds) >= 3:
            break
    best = statistics.median(rounds)
    return size / best, items / best


def _subprocess(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    out = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return out.stdout.strip().splitlines()[-1]


COLD_CODE = (
    "import time; t=time.perf_counter(); "
    "from checks.extraction import extract_claims; "
    "extract_claims('Officials said 600 people, about 40% of them children, left on "
    "August 28, 2017.'); print(time.perf_counter()-t)"
)
RSS_CODE = """
import resource
from checks.extraction import extract_claims
from checks.extraction.corpus import megabyte_text

def peak_mb():
    # VmHWM restarts at exec; ru_maxrss is inherited from the forking parent.
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

t = megabyte_text()
base = peak_mb()
n = len(extract_claims(t))
print(peak_mb(), base, n)
"""


def run(quick: bool = False) -> dict:
    docs = list(texts().values())
    min_s = 1.0 if quick else 3.0
    results: dict = {
        "texts": len(docs),
        "corpus_bytes": sum(len(d.encode("utf-8")) for d in docs),
    }
    ours_bps, ours_cps = _throughput(extract_claims, docs, min_s)
    results["ours_kb_s"] = ours_bps / 1000
    results["ours_claims_s"] = ours_cps
    try:
        from quantulum3 import parser as qparser

        t = time.perf_counter()
        qparser.parse(docs[0])
        results["quantulum_first_call_s"] = time.perf_counter() - t
        q_bps, q_cps = _throughput(qparser.parse, docs, min_s)
        results["quantulum_kb_s"] = q_bps / 1000
        results["quantulum_items_s"] = q_cps
        results["ratio"] = ours_bps / q_bps
    except ImportError:
        results["quantulum_kb_s"] = None
        results["ratio"] = None
    big = megabyte_text()
    results["big_bytes"] = len(big.encode("utf-8"))
    times = []
    for _ in range(1 if quick else 3):
        gc.collect()
        t = time.perf_counter()
        n = len(extract_claims(big))
        times.append(time.perf_counter() - t)
    results["big_seconds"] = min(times)
    results["big_claims"] = n
    results["mb_per_s"] = results["big_bytes"] / 1e6 / results["big_seconds"]
    gc.collect()
    tracemalloc.start()
    extract_claims(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results["tracemalloc_peak_mb"] = peak / 1e6
    colds = [float(_subprocess(COLD_CODE)) for _ in range(1 if quick else 3)]
    results["cold_start_s"] = statistics.median(colds)
    peak_rss, base_rss, _ = _subprocess(RSS_CODE).split()
    results["maxrss_mb"] = float(peak_rss)
    results["maxrss_before_mb"] = float(base_rss)
    return results


def _rows(r: dict) -> list[tuple[str, str, str, str]]:
    def ok(flag: bool) -> str:
        return "met" if flag else "NOT met"

    rows = [
        (
            "extract_claims warm throughput (corpus)",
            f"{r['ours_kb_s']:,.0f} KB/s, {r['ours_claims_s']:,.0f} claims/s",
            "",
            "",
        ),
    ]
    if r.get("quantulum_kb_s"):
        rows.append(
            (
                "quantulum3 parser.parse warm throughput (corpus)",
                f"{r['quantulum_kb_s']:,.1f} KB/s, {r['quantulum_items_s']:,.0f} "
                "quantities/s",
                "",
                "",
            )
        )
        rows.append(
            (
                "quantulum3 first call (in process, after import)",
                f"{r['quantulum_first_call_s']:.2f} s",
                "",
                "",
            )
        )
        rows.append(
            (
                "speed ratio (ours / quantulum3)",
                f"{r['ratio']:,.0f}x",
                f">= {GOALS['ratio']:.0f}x",
                ok(r["ratio"] >= GOALS["ratio"]),
            )
        )
    rows += [
        (
            f"extract_claims on {r['big_bytes'] / 1e6:.2f} MB text (one core)",
            f"{r['mb_per_s']:.2f} MB/s ({r['big_seconds']:.2f} s, "
            f"{r['big_claims']:,} claims)",
            f">= {GOALS['mb_per_s']:.0f} MB/s",
            ok(r["mb_per_s"] >= GOALS["mb_per_s"]),
        ),
        (
            "cold start: import + first call (fresh process, median)",
            f"{r['cold_start_s']:.3f} s",
            f"<= {GOALS['cold_start_s']:.0f} s",
            ok(r["cold_start_s"] <= GOALS["cold_start_s"]),
        ),
        (
            "peak memory, 1 MB text: tracemalloc peak",
            f"{r['tracemalloc_peak_mb']:.0f} MB",
            f"<= {GOALS['peak_mb']:.0f} MB",
            ok(r["tracemalloc_peak_mb"] <= GOALS["peak_mb"]),
        ),
        (
            "peak memory, 1 MB text: peak RSS (VmHWM) of a fresh process",
            f"{r['maxrss_mb']:.0f} MB (before: {r['maxrss_before_mb']:.0f} MB)",
            f"<= {GOALS['peak_mb']:.0f} MB",
            ok(r["maxrss_mb"] <= GOALS["peak_mb"]),
        ),
    ]
    return rows


def machine() -> str:
    return (
        f"{platform.platform()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs visible, Python {platform.python_version()} "
        f"({platform.python_implementation()})"
    )


def format_table(r: dict) -> str:
    rows = _rows(r)
    w = max(len(x[0]) for x in rows)
    lines = [f"Corpus: {r['texts']} texts, {r['corpus_bytes']:,} bytes", ""]
    for name, value, goal, status in rows:
        tail = f"  [goal {goal}: {status}]" if goal else ""
        lines.append(f"{name:<{w}}  {value}{tail}")
    return "\n".join(lines)


def format_markdown(r: dict, command: str) -> str:
    lines = [
        "## Claim extraction",
        "",
        f"Machine: {machine()}.",
        "",
        f"Corpus: the seed article and {r['texts'] - 1} invented news stories "
        f"({r['corpus_bytes']:,} bytes, `checks/extraction/corpus.py`); the 1 MB text "
        "is the corpus repeated. Throughput is the median of repeated warm runs in "
        "one process; cold start and peak RSS come from fresh subprocesses.",
        "",
        "| measure | result | goal | status |",
        "|---|---|---|---|",
    ]
    for name, value, goal, status in _rows(r):
        lines.append(f"| {name} | {value} | {goal} | {status} |")
    lines += [
        "",
        f"Command: `{command}`",
        "",
        f"Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", metavar="PATH", help="write a markdown section")
    parser.add_argument("--json", action="store_true", help="print raw figures")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args(argv)
    results = run(quick=args.quick)
    print(format_table(results))
    if args.json:
        print(json.dumps(results, indent=2))
    if args.markdown:
        command = "python -m checks.extraction.bench " + " ".join(
            argv if argv is not None else sys.argv[1:]
        )
        path = Path(args.markdown)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(format_markdown(results, command.strip()), encoding="utf-8")
        print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
