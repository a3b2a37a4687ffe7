"""Real Celery workers for the report tests: a `celery worker` process on the real Redis broker (the
test's own queue) and the test's own PostgreSQL database, and a private redis-server that a test
may kill. Never the machine's Redis or PostgreSQL themselves."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
STALLING_WORKER = Path(__file__).with_name("stalling_worker.py")


def database_url():
    """The URL of the test database (pytest-django's test_… copy), for a process of our own."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@contextmanager
def celery_worker(queue, media_root, *, script=None, visibility_timeout=3600, extra_env=None):
    """A worker consuming `queue`, started in its own process group; stopped (TERM, then KILL) on exit.
    Yields the process; `.log` is the path of its output."""
    log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False)
    env = {**os.environ, "DATABASE_URL": database_url(), "MEDIA_ROOT": str(media_root),
           "CELERY_TASK_DEFAULT_QUEUE": queue, "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
           "CELERY_UNACKED_RESTORE_INTERVAL": "1", "CELERY_UNACKED_RESTORE_THROTTLE": "1",
           "CELERY_BROKER_URL": settings.CELERY_BROKER_URL, "LOG_LEVEL": "INFO", **(extra_env or {})}
    args = ["worker", "-Q", queue, "-c", "1", "-P", "prefork", "-l", "INFO", "-n", f"{queue}-{time.time_ns()}@%h",
            "--without-mingle", "--without-gossip", "--without-heartbeat"]
    command = [sys.executable, str(script), *args] if script else [sys.executable, "-m", "celery", "-A", "smartcity",
                                                                 *args]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    process.log = log.name
    try:
        wait_for(lambda: "ready." in Path(log.name).read_text(errors="replace") or process.poll() is not None,
                 60, what="the Celery worker to be ready")
        if process.poll() is not None:
            raise AssertionError("the Celery worker exited:\n" + Path(log.name).read_text(errors="replace")[-3000:])
        yield process
    finally:
        stop(process)
        log.close()


def stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(15)
        except ProcessLookupError:
            pass


def kill(process):
    """SIGKILL to the whole worker (parent and pool children): nothing is acknowledged or cleaned up."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(15)


@contextmanager
def private_redis():
    """A redis-server of our own on a free port (no persistence); yields (process, url)."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed"
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="redis-")
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", workdir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def answers():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    try:
        wait_for(answers, 15, what="the private redis-server")
        yield process, f"redis://127.0.0.1:{port}/0"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def broker(url):
    """Point the Celery app of this process at another broker for the duration (and back)."""
    from smartcity.celery import app

    def reset():
        from kombu import pools

        pools.reset()  # every cached connection and producer pool, so the next publish connects afresh
        app._pool = None
        app.amqp._producer_pool = None

    before = app.conf.broker_url, app.conf.broker_write_url
    app.conf.broker_url = app.conf.broker_write_url = url
    reset()
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.broker_write_url = before
        reset()
