"""Load benchmark: the API under gunicorn, driven over HTTP by locust.

``python -m newsroom.bench_load --markdown docs/benchmarks/load.md`` with
``DATABASE_URL`` (PostgreSQL) and ``CELERY_BROKER_URL`` (Redis) set: migrates,
generates the data set with ``manage.py generatedata`` (reused when there),
starts gunicorn (``DEBUG=false``, production settings but plain HTTP on
loopback) and a Celery worker, runs locust headless with token-authenticated
users doing a newsroom's mix of reads and a few draft saves, then reports
requests per second, latency percentiles and errors per endpoint, and the
resident memory of every web and worker process after the run.

``--users 5 --duration 10`` makes a short smoke run. Only loopback addresses;
every process it starts is stopped at the end.

This module is also the locustfile: locust imports it with
``NEWSROOM_LOCUST=1`` set, which defines the simulated user.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Grouped names in locust's statistics, in the order the report lists them.
ENDPOINTS = [
    "claims: review queue (status, checkworthiness)",
    "claims: one article's claims",
    "claims: detail",
    "articles: detail",
    "drafts: diff against the previous draft",
    "drafts: save a new draft (POST)",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redacted(url: str) -> str:
    if "@" in url and ":" in url.split("@")[0].split("//")[-1]:
        scheme, rest = url.split("//", 1)
        return f"{scheme}//***@{rest.split('@', 1)[1]}"
    return url


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        kids += [int(p) for p in task.read_text().split()]
    return kids


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _wait_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except urllib.error.HTTPError:
            return  # answering, even if 401
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def _stop(proc: subprocess.Popen, name: str) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            print(f"{name} ignored SIGTERM; killing it", file=sys.stderr)
            proc.kill()
            proc.wait()


def _prepare(args) -> dict:
    """Migrate, generate data, and return tokens and ids for the simulated users."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from checks.models import Claim, ClaimMention
    from newsroom.models import Article
    from newsroom.roles import EDITOR, REPORTER, REVIEWER

    if connection.vendor != "postgresql":
        raise SystemExit("bench_load needs PostgreSQL: set DATABASE_URL")
    call_command("migrate", verbosity=0)
    prefix = f"gen{args.seed}"
    if not Article.objects.filter(slug__startswith=f"{prefix}-").exists():
        started = time.perf_counter()
        call_command(
            "generatedata", articles=args.articles, drafts=args.drafts, seed=args.seed
        )
        print(f"generatedata took {time.perf_counter() - started:.1f} s", flush=True)
    # One account per simulated user, as in a newsroom: shared accounts would
    # trip the per-user API throttle, which is not what this measures.
    from django.contrib.auth.models import Group

    roles = (REPORTER, REVIEWER, EDITOR)
    for i in range(args.users):
        role = roles[i % len(roles)]
        user, created = get_user_model().objects.get_or_create(
            username=f"{prefix}-{role}-load{i}", defaults={"is_staff": True}
        )
        if created:
            user.groups.add(Group.objects.get(name=role))
    users = []
    for role in roles:
        for user in get_user_model().objects.filter(
            username__startswith=f"{prefix}-{role}-"
        ):
            token, _ = Token.objects.get_or_create(user=user)
            users.append({"token": token.key, "role": role, "id": user.pk})
    articles = list(
        Article.objects.filter(slug__startswith=f"{prefix}-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    data = {
        "users": users,
        "articles": articles,
        "claims": list(
            Claim.objects.filter(article_id__in=articles).values_list("pk", flat=True)
        ),
        "drafts": args.drafts,
        "counts": {
            "articles": Article.objects.count(),
            "claims": Claim.objects.count(),
            "mentions": ClaimMention.objects.count(),
        },
        "postgres": connection.pg_version // 10000,
    }
    connection.close()
    return data


def _drafts_extracted(*, since: datetime.datetime, wait: float) -> dict:
    """The drafts saved during the run, once the worker has extracted them all
    (or ``wait`` seconds have passed)."""
    from django.db import connection

    from newsroom.models import Draft

    saved = Draft.objects.filter(created_at__gte=since)
    started = time.monotonic()
    while True:
        waiting = saved.exclude(extraction_status=Draft.ExtractionStatus.DONE)
        if not waiting.exists() or time.monotonic() - started > wait:
            break
        time.sleep(0.5)
    result = {
        "saved": saved.count(),
        "done": saved.filter(extraction_status=Draft.ExtractionStatus.DONE).count(),
        "after_seconds": time.monotonic() - started,
    }
    connection.close()
    return result


def _stats(csv_path: Path) -> dict[str, dict]:
    with csv_path.open(encoding="utf-8") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--drafts", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis"):
        raise SystemExit("bench_load needs Redis: set CELERY_BROKER_URL=redis://...")
    # The parent process only prepares; it needs no production settings.
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    data = _prepare(args)

    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: there is no TLS terminator to redirect to.
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    # Texts differ from every earlier run's, or a save could be a no-op (200).
    data["run"] = time.strftime("%Y%m%d%H%M%S")
    (workdir / "data.json").write_text(json.dumps(data), encoding="utf-8")
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.web_workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    # Imported here: locust loads this file with newsroom/ on sys.path, where a
    # top-level newsroom import would shadow the celery package.
    from newsroom.workers import celery_worker_start

    worker = celery_worker_start(
        database_url=os.environ["DATABASE_URL"],
        broker_url=broker,
        pool="prefork",
        concurrency=2,
        extra_env=env,
    )
    try:
        _wait_http(f"{host}/api/v1/me/", timeout=60)
        print(
            f"locust: {args.users} users for {args.duration} s against {host}",
            flush=True,
        )
        started = time.monotonic()
        run_started = datetime.datetime.now(datetime.UTC)
        data["load_before"] = os.getloadavg()[0]
        locust = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(Path(__file__).resolve()),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration}s",
                "--stop-timeout",
                "10",
                "--host",
                host,
                "--csv",
                str(workdir / "run"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **env,
                "NEWSROOM_LOCUST": "1",
                "NEWSROOM_LOCUST_DATA": str(workdir / "data.json"),
            },
            timeout=args.duration + 120,
            check=False,
        )
        elapsed = time.monotonic() - started
        drafts = _drafts_extracted(since=run_started, wait=30)
        memory = {
            "web master": [(web.pid, _rss_kib(web.pid))],
            "web worker": [(p, _rss_kib(p)) for p in _children(web.pid)],
            "celery master": [(worker.pid, _rss_kib(worker.pid))],
            "celery pool process": [(p, _rss_kib(p)) for p in _children(worker.pid)],
        }
    finally:
        _stop(web, "gunicorn")
        _stop(worker, "celery worker")

    stats = _stats(workdir / "run_stats.csv")
    failures_csv = workdir / "run_failures.csv"
    failures = (
        list(csv.DictReader(failures_csv.open(encoding="utf-8")))
        if failures_csv.exists()
        else []
    )
    total = stats["Aggregated"]
    errors = int(total["Failure Count"])
    print(
        f"{int(total['Request Count']):,} requests, {float(total['Requests/s']):.1f}/s,"
        f" p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms, "
        f"{errors} errors (locust exit {locust.returncode}, {elapsed:.0f} s)",
        flush=True,
    )
    for failure in failures:
        print(f"  error: {str(failure)[:400]}", file=sys.stderr)
    if args.markdown:
        _markdown(args, argv, data, stats, failures, memory, drafts)
    return 0 if errors == 0 and int(total["Request Count"]) > 0 else 1


def _markdown(args, argv, data, stats, failures, memory, drafts) -> None:
    counts = data["counts"]
    command = (
        f"DATABASE_URL={_redacted(os.environ.get('DATABASE_URL', ''))} "
        f"CELERY_BROKER_URL={os.environ.get('CELERY_BROKER_URL', '')} "
        f"python -m newsroom.bench_load {' '.join(argv or sys.argv[1:])}"
    )
    lines = [
        "## Load",
        "",
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on "
        f"{platform.platform()}, {os.cpu_count()} CPUs (shared with the load "
        f"generator, PostgreSQL and Redis), Python {platform.python_version()}, "
        f"PostgreSQL {data['postgres']}; 1-minute load average "
        f"{data['load_before']:.1f} when the run started. Command: `{command}`.",
        "",
        f"Data: {counts['articles']:,} articles, {counts['claims']:,} claims, "
        f"{counts['mentions']:,} claim mentions (`python manage.py generatedata "
        f"--articles {args.articles} --drafts {args.drafts} --seed {args.seed}`).",
        "",
        f"gunicorn with {args.web_workers} sync workers on 127.0.0.1 (`DEBUG=false`, "
        "production settings, cache and throttling in Redis) and one Celery worker "
        f"(prefork, 2 processes) extracting the saved drafts. locust, headless: "
        f"{args.users} users (spawn rate {args.spawn_rate:g}/s) for "
        f"{args.duration} s, each with its own API token of a generated reporter, "
        "reviewer or editor, waiting 0.5–1.5 s between requests.",
        "",
        "| Endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in [*ENDPOINTS, "Aggregated"]:
        row = stats.get(name)
        if row is None:
            continue
        label = "**all**" if name == "Aggregated" else name
        lines.append(
            f"| {label} | {int(row['Request Count']):,} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | "
            f"{row['99%']} | {float(row['Max Response Time']):.0f} | "
            f"{row['Failure Count']} |"
        )
    errors = int(stats["Aggregated"]["Failure Count"])
    lines += [
        "",
        f"Errors: **{errors}** (goal: zero).",
        "",
        f"The request rate is what the users ask for ({args.users} users, one "
        "request every 0.5–1.5 s each), not the server's ceiling; the latencies "
        "are the figures under that load. "
        f"Drafts saved during the run: {drafts['saved']}, "
        f"{drafts['done']} of them extracted by the worker "
        f"{drafts['after_seconds']:.0f} s after the run ended.",
    ]
    for failure in failures:
        lines.append(
            f"- {failure.get('Method')} {failure.get('Name')}: "
            f"{failure.get('Error', '')[:300]} ×{failure.get('Occurrences')}"
        )
    lines += [
        "",
        "Resident memory (VmRSS) right after the run:",
        "",
        "| Process | count | RSS each (MiB) |",
        "|---|---:|---|",
    ]
    for name, rows in memory.items():
        sizes = ", ".join(f"{rss / 1024:.0f}" for _, rss in rows) or "—"
        lines.append(f"| {name} | {len(rows)} | {sizes} |")
    lines.append("")
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text("\n".join(lines), encoding="utf-8")
    print(f"Wrote {args.markdown}", flush=True)


if os.environ.get("NEWSROOM_LOCUST") == "1":
    import itertools

    from locust import HttpUser, between, task

    _DATA = json.loads(Path(os.environ["NEWSROOM_LOCUST_DATA"]).read_text())
    _ACCOUNTS = itertools.cycle(_DATA["users"])
    # Simulated users outnumber the accounts; each still writes its own text.
    _INSTANCES = itertools.count(1)
    _PARAGRAPH = (
        "Officials said the convoy of {n} trucks reached the city on Monday. "
        "The ministry counted {m} damaged homes and said repairs would cost "
        "$4.5 million. “We have never seen damage like this,” said the mayor."
    )

    class NewsroomUser(HttpUser):
        """One newsroom member working through the desk."""

        wait_time = between(0.5, 1.5)

        def on_start(self):
            account = next(_ACCOUNTS)
            self.role = account["role"]
            self.user_id = account["id"]
            self.client.headers["Authorization"] = f"Token {account['token']}"
            self.instance = next(_INSTANCES)
            self.rng = random.Random(self.instance)  # noqa: S311 - load mix
            # Reporters and editors save drafts of an article of their own.
            self.article = self.rng.choice(_DATA["articles"])
            self.saves = 0

        def _get(self, url, name):
            self.client.get(url, name=name)

        @task(4)
        def review_queue(self):
            assignee = f"&assignee={self.user_id}" if self.role == "reviewer" else ""
            self._get(
                f"/api/v1/claims/?status=assigned&min_checkworthiness=0.5{assignee}",
                ENDPOINTS[0],
            )

        @task(3)
        def article_claims(self):
            article = self.rng.choice(_DATA["articles"])
            self._get(f"/api/v1/claims/?article={article}", ENDPOINTS[1])

        @task(4)
        def claim_detail(self):
            self._get(
                f"/api/v1/claims/{self.rng.choice(_DATA['claims'])}/", ENDPOINTS[2]
            )

        @task(3)
        def article_detail(self):
            article = self.rng.choice(_DATA["articles"])
            self._get(f"/api/v1/articles/{article}/", ENDPOINTS[3])

        @task(2)
        def draft_diff(self):
            article = self.rng.choice(_DATA["articles"])
            number = self.rng.randint(2, max(2, _DATA["drafts"]))
            self._get(f"/api/v1/articles/{article}/drafts/{number}/diff/", ENDPOINTS[4])

        @task(1)
        def draft_save(self):
            if self.role == "reviewer":
                return self.review_queue()
            self.saves += 1
            body = f"Update {self.saves} of run {_DATA['run']}.\n\n" + "\n\n".join(
                _PARAGRAPH.format(n=self.instance * 100 + i, m=self.saves * 10 + i)
                for i in range(8)
            )
            with self.client.post(
                f"/api/v1/articles/{self.article}/drafts/",
                json={"title": f"Convoy update {self.instance}", "body": body},
                name=ENDPOINTS[5],
                catch_response=True,
            ) as response:
                # The text is new every time: anything but a new draft is wrong.
                if response.status_code != 201:
                    response.failure(
                        f"HTTP {response.status_code}: {response.text[:200]}"
                    )


if __name__ == "__main__":
    sys.exit(main())
