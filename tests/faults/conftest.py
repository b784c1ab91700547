"""Real services that the fault tests break on purpose.

The shared Redis and PostgreSQL are never stopped: each test gets its own
throwaway ``redis-server`` on a free loopback port (stopped and started again
on that same port), and its own Celery worker processes, which it may kill.
"""

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection

from newsroom.workers import celery_broker_use, celery_worker_start, database_url_of
from tests.conftest import service_missing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float, interval: float = 0.05, what: str = ""):
    """Poll ``predicate`` until it returns something true; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what or predicate}")


class OwnRedis:
    """A redis-server of this test's own, which it may stop and start again."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, what=f"redis-server on {self.port}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        service_missing("needs the redis-server program")
    redis = OwnRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def celery_on_own_redis(own_redis):
    """Point this process's Celery app at the test's own Redis (not eager)."""
    from newsroom.celery import app

    with celery_broker_use(app, own_redis.url):
        yield app


@pytest.fixture
def start_worker(celery_on_own_redis, own_redis, transactional_db):
    """Start real Celery worker processes on the test database and the own Redis."""
    if connection.vendor != "postgresql":
        service_missing("a worker process shares the test database only on PostgreSQL")
    db = connection.settings_dict
    started: list[subprocess.Popen] = []

    def start(*, visibility_timeout: int = 3600, ping: bool = True):
        proc = celery_worker_start(
            database_url=database_url_of(db),
            broker_url=own_redis.url,
            result_backend=own_redis.url,
            name=f"fault{len(started)}@%h",
            extra_env={"CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout)},
        )
        started.append(proc)
        if ping:
            name = f"fault{len(started) - 1}@{socket.gethostname()}"

            def answers():
                if proc.poll() is not None:
                    pytest.fail(f"celery worker exited with {proc.returncode}")
                return celery_on_own_redis.control.ping(destination=[name], timeout=0.5)

            wait_for(answers, timeout=60, interval=0, what="a worker's ping")
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in started:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
