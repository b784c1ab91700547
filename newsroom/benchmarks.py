"""Run every benchmark and rewrite ``docs/benchmarks.md``.

``make bench`` calls this. Each benchmark is its own module that writes one
markdown section to ``docs/benchmarks/<name>.md``; this runner runs them one
after another (so they do not compete for the two cores) and joins the
sections. Benchmarks that need PostgreSQL and Redis get them from
``BENCH_DATABASE_URL`` / ``BENCH_REDIS_URL`` (defaults: the local services).
"""

import datetime
import os
import platform
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ROOT / "docs" / "benchmarks"
REPORT = ROOT / "docs" / "benchmarks.md"

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")

# (section file, module, needs PostgreSQL and Redis)
BENCHMARKS = [
    ("extraction", "checks.extraction.bench", False),
    ("pipeline", "checks.bench_pipeline", True),
    ("api", "newsroom.bench_api", True),
    ("load", "newsroom.bench_load", True),
]


def _reachable(url: str, port: int) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or port), timeout=1):
            return True
    except OSError:
        return False


def _database_ensure(url: str) -> None:
    """Create the benchmark database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"-- created database {name}", flush=True)


def _module_exists(module: str) -> bool:
    return (ROOT / (module.replace(".", "/") + ".py")).exists()


def run() -> int:
    SECTIONS.mkdir(parents=True, exist_ok=True)
    services = _reachable(DATABASE_URL, 5432) and _reachable(REDIS_URL, 6379)
    if services:
        _database_ensure(DATABASE_URL)
    failures = 0
    for name, module, needs_services in BENCHMARKS:
        if not _module_exists(module):
            continue
        if needs_services and not services:
            print(f"-- {name}: skipped (needs PostgreSQL and Redis)", flush=True)
            continue
        env = dict(os.environ)
        if needs_services:
            env.update(DATABASE_URL=DATABASE_URL, CELERY_BROKER_URL=REDIS_URL)
        print(f"-- {name}: python -m {module}", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", module, "--markdown", str(SECTIONS / f"{name}.md")],
            cwd=ROOT,
            env=env,
            check=False,
        )
        if result.returncode:
            print(f"-- {name}: FAILED with exit code {result.returncode}", flush=True)
            failures += 1

    parts = [
        "# Benchmarks\n",
        "Written by `make bench` (`python -m newsroom.benchmarks`), which runs each "
        "benchmark below in turn on one machine so the figures compare side by side. "
        "Each section names the command that produced it.\n",
        f"Last assembled {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on "
        f"{platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}.\n",
    ]
    for name, _module, _ in BENCHMARKS:
        section = SECTIONS / f"{name}.md"
        if section.exists():
            parts.append(section.read_text(encoding="utf-8").strip() + "\n")
    REPORT.write_text("\n".join(parts), encoding="utf-8")
    print(f"Wrote {REPORT.relative_to(ROOT)}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(run())
