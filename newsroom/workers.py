"""Starting Celery worker processes for tests and benchmarks, in one way.

Production workers are started by the operator (see docs/operations.md); the
test suite and the benchmarks start their own, pointed at a given database and
broker, and reuse these helpers so every one of them serves the same queues.
"""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Every queue in CELERY_TASK_ROUTES plus the default one.
WORKER_QUEUES = ("celery", "extraction", "notifications", "webhooks")


def celery_worker_start(
    *,
    database_url: str,
    broker_url: str,
    result_backend: str | None = None,
    pool: str = "solo",
    concurrency: int = 1,
    queues: tuple[str, ...] = WORKER_QUEUES,
    name: str | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """Start ``celery worker`` on ``database_url`` and ``broker_url``."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        **({"CELERY_RESULT_BACKEND": result_backend} if result_backend else {}),
        **(extra_env or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "newsroom", "worker",
        f"--pool={pool}", f"--concurrency={concurrency}", "-Q", ",".join(queues),
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-l", "warning",
    ]  # fmt: skip
    if name:
        command += ["-n", name]
    return subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603


def celery_connections_reset(app) -> None:
    """Forget this process's broker connections after ``app.conf.broker_url`` changed.

    kombu keeps global connection pools keyed by broker; without this the next
    publish would still go to the broker configured before.
    """
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def celery_broker_use(app, url: str):
    """Send this process's tasks to the broker at ``url`` (not in-process) for a block.

    The result store moves with it, as Redis holds both in this project.
    """
    keys = ("task_always_eager", "broker_url", "result_backend")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(task_always_eager=False, broker_url=url, result_backend=url)
    celery_connections_reset(app)
    try:
        yield app
    finally:
        app.conf.update(saved)
        celery_connections_reset(app)


def database_url_of(settings_dict: dict) -> str:
    """A PostgreSQL ``DATABASE_URL`` for a Django connection's settings."""
    return (
        f"postgres://{settings_dict['USER'] or 'postgres'}@"
        f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/"
        f"{settings_dict['NAME']}"
    )
