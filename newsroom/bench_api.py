"""API latency benchmark: claim list, claim detail and article detail.

Run against PostgreSQL::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \\
        python -m newsroom.bench_api --markdown docs/benchmarks/api.md

Migrates the database and, when it holds fewer than ``--articles`` articles,
runs ``generatedata`` first. Requests go through the whole Django stack
in-process (``django.test.Client``: middleware, token authentication,
throttling, serialization), so the figures are server-side latency without
the network. Each endpoint is called ``--requests`` times after a warm-up.
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path


def _redacted(url: str) -> str:
    """Drop a password from a database URL before it is written to a report."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def _percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--drafts", type=int, default=5)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        print("bench_api needs PostgreSQL: set DATABASE_URL", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    from rest_framework.authtoken.models import Token

    from checks.models import Claim, ClaimMention
    from newsroom.models import Article

    if Article.objects.count() < args.articles:
        started = time.perf_counter()
        call_command(
            "generatedata",
            articles=args.articles,
            drafts=args.drafts,
            seed=args.seed,
        )
        print(f"generatedata took {time.perf_counter() - started:.1f} s")
    editor, _ = Token.objects.get_or_create(
        user=get_user_model().objects.get(username=f"gen{args.seed}-editor-0")
    )
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SECURE_SSL_REDIRECT = False
    # Throttling stays on, with a rate the benchmark cannot reach.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "user": "100000000/min",
        },
    }
    from rest_framework.settings import api_settings

    api_settings.reload()
    client = Client(HTTP_AUTHORIZATION=f"Token {editor.key}")
    rng = random.Random(args.seed)  # noqa: S311
    article_ids = list(Article.objects.values_list("pk", flat=True))
    claim_ids = list(Claim.objects.values_list("pk", flat=True))
    reviewer_id = Claim.objects.exclude(assignee=None).values_list(
        "assignee_id", flat=True
    )[0]

    endpoints = [
        ("claim list, 50 per page", lambda: "/api/v1/claims/?page_size=50"),
        (
            "claim list of one article",
            lambda: f"/api/v1/claims/?article={rng.choice(article_ids)}",
        ),
        (
            "claim queue: assigned to a reviewer, check-worthy",
            lambda: (
                f"/api/v1/claims/?assignee={reviewer_id}&status=assigned"
                "&min_checkworthiness=0.5"
            ),
        ),
        ("claim detail", lambda: f"/api/v1/claims/{rng.choice(claim_ids)}/"),
        ("article detail", lambda: f"/api/v1/articles/{rng.choice(article_ids)}/"),
        ("article list", lambda: "/api/v1/articles/?status=published"),
    ]
    rows = []
    for name, make_url in endpoints:
        for _ in range(20):
            client.get(make_url())
        timings, queries = [], []
        for _ in range(args.requests):
            url = make_url()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                print(f"{url} answered {response.status_code}", file=sys.stderr)
                return 1
            queries.append(len(captured))
        rows.append(
            (
                name,
                statistics.median(timings),
                _percentile(timings, 95),
                max(timings),
                min(queries),
                max(queries),
            )
        )
        print(
            f"{name:52} p50 {rows[-1][1]:6.1f} ms  p95 {rows[-1][2]:6.1f} ms  "
            f"queries {rows[-1][4]}–{rows[-1][5]}",
            flush=True,
        )

    counts = {
        "articles": Article.objects.count(),
        "claims": len(claim_ids),
        "mentions": ClaimMention.objects.count(),
    }
    goal = all(row[2] <= 50 for row in rows)
    print(f"Goal ≤ 50 ms p95: {'met' if goal else 'NOT met'}")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        lines = [
            "## API",
            "",
            f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on "
            f"{platform.platform()}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, PostgreSQL "
            f"{connection.pg_version // 10000}, cache "
            f"`{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}`.",
            "",
            f"Data: {counts['articles']:,} articles, {counts['claims']:,} claims, "
            f"{counts['mentions']:,} claim mentions "
            f"(`python manage.py generatedata --articles {args.articles} "
            f"--drafts {args.drafts} --seed {args.seed}`).",
            "",
            "Server-side latency through the whole Django stack in-process "
            "(`django.test.Client`, token auth, throttling, serialization; no "
            f"network), {args.requests} requests per endpoint after 20 warm-up "
            "requests, on a machine shared with other work. Command: "
            f"`DATABASE_URL={_redacted(os.environ.get('DATABASE_URL', ''))} "
            f"CELERY_BROKER_URL={os.environ.get('CELERY_BROKER_URL', '')} "
            f"python -m newsroom.bench_api {' '.join(argv or sys.argv[1:])}`.",
            "",
            "| Endpoint | p50 ms | p95 ms | max ms | queries |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, p50, p95, worst, qmin, qmax in rows:
            q = f"{qmin}" if qmin == qmax else f"{qmin}–{qmax}"
            lines.append(f"| {name} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {q} |")
        lines += [
            "",
            f"Goal ≤ 50 ms p95 server-side: **{'met' if goal else 'not met'}**.",
            "",
        ]
        args.markdown.write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
