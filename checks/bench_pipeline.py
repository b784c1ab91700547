"""Benchmark: a draft saved → its claims stored, with a real Celery worker and Redis.

Run ``python -m checks.bench_pipeline [--saves 40] [--markdown PATH]`` with
``DATABASE_URL`` (PostgreSQL) and ``CELERY_BROKER_URL`` (Redis) set. It creates a
throw-away database (``test_<name>``, dropped at the end), starts its own
``celery worker --pool=solo`` on it, and measures:

1. Save → claims stored: ``draft_save`` of a ~1,000-word article (each save edits
   it: a figure changed, a sentence inserted) until the worker has marked the
   draft's extraction done, polled every ``POLL_SECONDS``. p50/p95 over the
   saves after a few warm-up saves.
2. Re-extracting a draft already extracted: queries run and rows written.
3. Queries per draft when extracting drafts with few and many claims (in this
   process, so the queries can be counted).
"""

import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

from newsroom.workers import celery_worker_start, database_url_of

POLL_SECONDS = 0.005
WARMUP_SAVES = 3
GOAL_P95_MS = 300
ROOT = Path(__file__).resolve().parent.parent


def _article_body(words: int = 1000) -> str:
    seed = (ROOT / "seeds" / "isis-convoy" / "body.txt").read_text(encoding="utf-8")
    parts = [seed.strip()]
    day = 1
    while len("\n".join(parts).split()) < words:
        parts.append(
            f"On day {day} of the operation, observers counted {day * 7 + 3} "
            f"vehicles and {day * 11 + 20} fighters moving east, officials said."
        )
        day += 1
    return "\n".join(parts) + "\n"


def _edit(body: str, n: int) -> str:
    """The n-th edit: alternately change a figure and insert a sentence."""
    if n % 2:
        return re.sub(
            r"(\d+) fighters", lambda m: f"{int(m[1]) + 1} fighters", body, count=1
        )
    return f"Update {n}: the convoy was seen again near the border.\n" + body


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _wait_done(draft_id: int, timeout: float = 60.0) -> None:
    from newsroom.models import Draft

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = (
            Draft.objects.filter(pk=draft_id)
            .values_list("extraction_status", flat=True)
            .get()
        )
        if status == "done":
            return
        if status == "failed":
            raise RuntimeError(f"extraction of draft {draft_id} failed")
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"draft {draft_id} not extracted within {timeout} s")


def _measure_saves(*, author, saves: int) -> dict:
    from checks.models import Claim
    from newsroom.models import Draft
    from newsroom.services import article_create, draft_save

    body = _article_body()
    words_at_start = len(body.split())
    article = article_create(title="Pipeline benchmark", body=body, author=author)
    _wait_done(article.drafts.get().pk)
    total, in_worker = [], []
    for n in range(1, saves + WARMUP_SAVES + 1):
        body = _edit(body, n)
        started = time.perf_counter()
        draft, _ = draft_save(
            article=article, title=article.title, body=body, author=author
        )
        _wait_done(draft.pk)
        elapsed = (time.perf_counter() - started) * 1000
        if n > WARMUP_SAVES:
            total.append(elapsed)
            draft = Draft.objects.get(pk=draft.pk)
            queued = (draft.extracted_at - draft.extraction_queued_at).total_seconds()
            in_worker.append(queued * 1000)
    return {
        "words": words_at_start,
        "words_at_end": len(body.split()),
        "claims": Claim.objects.filter(article=article, last_draft=draft).count(),
        "mentions": draft.claim_mentions.count(),
        "saves": len(total),
        "p50": statistics.median(total),
        "p95": _percentile(total, 95),
        "max": max(total),
        "queued_p50": statistics.median(in_worker),
        "queued_p95": _percentile(in_worker, 95),
        "draft_id": draft.pk,
    }


def _row_counts() -> dict:
    from checks.models import Claim, ClaimMention, ClaimOutcome, ClaimSuggestion

    return {
        m.__name__: m.objects.count()
        for m in (Claim, ClaimMention, ClaimOutcome, ClaimSuggestion)
    }


def _measure_reextract(draft_id: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from checks.services import draft_claims_extract

    before = _row_counts()
    with CaptureQueriesContext(connection) as ctx:
        draft_claims_extract(draft_id=draft_id)
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    return {
        "queries": len(ctx.captured_queries),
        "writes": len(writes),
        "rows_changed": before != _row_counts(),
    }


def _measure_queries_per_draft(*, author) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from checks import services
    from checks.models import ClaimMention
    from newsroom.services import article_create, draft_save

    rows = []
    # Saved without queueing so that this process extracts them and counts.
    with mock.patch.object(services, "_extraction_publish"):
        for figures in (5, 50, 200):
            lines = [f"Observers counted {i + 10} vehicles." for i in range(figures)]
            article = article_create(
                title=f"Queries {figures}", body="\n".join(lines), author=author
            )
            drafts = [article.drafts.get()]
            lines[0] = "Observers counted 999 vehicles."
            drafts.append(
                draft_save(
                    article=article,
                    title=article.title,
                    body="Intro.\n" + "\n".join(lines),
                    author=author,
                )[0]
            )
            for draft in drafts:
                with CaptureQueriesContext(connection) as ctx:
                    services.draft_claims_extract(draft_id=draft.pk)
                rows.append(
                    {
                        "draft": f"{figures} figures, draft {draft.number}",
                        "mentions": ClaimMention.objects.filter(draft=draft).count(),
                        "queries": len(ctx.captured_queries),
                    }
                )
    return rows


def _markdown(result: dict, command: str) -> str:
    saves = result["saves"]
    reextract = result["reextract"]
    lines = [
        "## Save → claims pipeline",
        "",
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on "
        f"{platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; PostgreSQL and Redis on loopback, one "
        "`celery worker --pool=solo` started by the benchmark (the machine was "
        "shared with other work, so figures are indicative).",
        "",
        f"Command: `{command}`",
        "",
        f"A {saves['words']:,}-word article ({saves['words_at_end']:,} words and "
        f"{saves['claims']} claims, {saves['mentions']} mentions in the last "
        f"draft), saved {saves['saves']} times "
        f"after {WARMUP_SAVES} warm-up saves; each save changes a figure or "
        "inserts a sentence. Time from calling `draft_save` until the worker has "
        f"stored the claims (polled every {POLL_SECONDS * 1000:.0f} ms):",
        "",
        "| | p50 | p95 | max |",
        "|---|---:|---:|---:|",
        f"| save → claims stored | {saves['p50']:.0f} ms | {saves['p95']:.0f} ms "
        f"| {saves['max']:.0f} ms |",
        f"| queued → extracted (database timestamps) | {saves['queued_p50']:.0f} ms "
        f"| {saves['queued_p95']:.0f} ms | |",
        "",
        f"Goal: p95 ≤ {GOAL_P95_MS} ms — "
        f"{'met' if saves['p95'] <= GOAL_P95_MS else 'NOT met'}.",
        "",
        "Re-extracting a draft already extracted: "
        f"{reextract['queries']} query, {reextract['writes']} writes, rows "
        f"{'changed' if reextract['rows_changed'] else 'unchanged'}.",
        "",
        "Queries to extract one draft (constant whatever the number of claims):",
        "",
        "| draft | mentions | queries |",
        "|---|---:|---:|",
        *(
            f"| {row['draft']} | {row['mentions']} | {row['queries']} |"
            for row in result["queries"]
        ),
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    if args.saves < 30:
        parser.error("--saves must be at least 30 for a meaningful p95")

    database_url = os.environ.get("DATABASE_URL", "")
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if not database_url.startswith("postgres") or not broker_url.startswith("redis"):
        print(
            "Set DATABASE_URL=postgres://... and CELERY_BROKER_URL=redis://...",
            file=sys.stderr,
        )
        return 2

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    from newsroom.celery import app
    from newsroom.roles import REPORTER

    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=False
    )
    test_url = database_url_of({**connection.settings_dict, "NAME": test_name})
    app.control.purge()
    worker = celery_worker_start(
        database_url=test_url,
        broker_url=broker_url,
        queues=("celery", "extraction"),
        extra_env={"LOG_LEVEL": "WARNING"},
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the celery worker did not start")
        author = get_user_model().objects.create_user("bench-reporter")
        author.groups.add(Group.objects.get(name=REPORTER))
        result = {"saves": _measure_saves(author=author, saves=args.saves)}
        result["reextract"] = _measure_reextract(result["saves"]["draft_id"])
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    try:
        result["queries"] = _measure_queries_per_draft(author=author)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    command = " ".join(
        [
            f"DATABASE_URL={_without_password(database_url)}",
            f"CELERY_BROKER_URL={_without_password(broker_url)}",
            "python -m checks.bench_pipeline",
            *(argv if argv is not None else sys.argv[1:]),
        ]
    )
    report = _markdown(result, command.strip())
    print(report)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(report, encoding="utf-8")
    return 0 if result["saves"]["p95"] <= GOAL_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
