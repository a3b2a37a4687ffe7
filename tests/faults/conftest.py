"""Private services for fault tests, and the app served against them in a subprocess.

The machine's PostgreSQL (5432) and Redis (6379) are shared by everyone's tests: a fault test never
stops them. It starts its own PostgreSQL cluster (initdb/pg_ctl in a temporary directory, on a free
port, as the postgres user when run as root) and its own redis-server, points a gunicorn at them
with the environment, and stops or kills only those.

The private cluster is migrated once per session, and the fault tests' data is written through
the app's own ORM in a Python subprocess pointed at it.

The embedded default (the README's `./scripts/run.sh`: SQLite, DEBUG) is served the same way by `serve_sqlite`:
a SQLite file migrated once per session and copied for each test, under gunicorn with two processes of eight
threads each, so that requests meet on the one file both as threads (as under runserver) and as processes.
(runserver itself is not used: its listen queue of ten resets the eleventh simultaneous connection, which
says nothing about the database.)
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")
REPO = Path(__file__).resolve().parents[2]
PASSWORD = "smartcity-demo"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd):
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing answers on 127.0.0.1:{port}")


@dataclass
class PrivatePostgres:
    datadir: Path
    port: int
    log: Path

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/app"

    def pg_ctl(self, *args):
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "-l", str(self.log),
                                     "-o", f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1",
                                     *args]), check=True, capture_output=True, timeout=60)

    def psql(self, sql, db="app"):
        return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db,
                               "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
                              check=True, capture_output=True, text=True, timeout=60).stdout.strip()


@pytest.fixture(scope="session")
def private_postgres():
    """A PostgreSQL cluster of our own, with the test database's schema, in database `app`."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL server binaries not found in /usr/lib/postgresql/15/bin")
    # Not under pytest's tmp dir: that is private to root, and the cluster runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="smartcity-faults-pg-"))
    datadir = base / "data"
    datadir.mkdir()
    log = base / "postgres.log"
    log.touch()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(datadir, "postgres")
        shutil.chown(log, "postgres")
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(datadir), "-U", "postgres", "--auth=trust",
                                 "-E", "UTF8", "--no-sync"]), check=True, capture_output=True, timeout=120)
    pg = PrivatePostgres(datadir=datadir, port=free_port(), log=log)
    pg.pg_ctl("start", "-w")
    try:
        pg.psql("CREATE DATABASE app", db="postgres")
        # The schema through the project's own migrations (about half a minute, once per session).
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=REPO,
                       env=app_environ(pg.url), check=True, capture_output=True, timeout=600)
        yield pg
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(datadir), "stop", "-m", "immediate"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


@dataclass
class PrivateRedis:
    port: int
    proc: subprocess.Popen | None = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def private_redis():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server not installed")
    redis = PrivateRedis(port=free_port())
    redis.start()
    yield redis
    redis.kill()


def app_environ(database_url, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CACHE_URL", "CELERY_BROKER_URL"))}
    env.update({"DATABASE_URL": database_url, "DEBUG": "False", "SECRET_KEY": "fault-tests-not-a-secret-0123456789",
                "SECURE_SSL_REDIRECT": "False", "SESSION_COOKIE_SECURE": "False", "CSRF_COOKIE_SECURE": "False",
                "ALLOWED_HOSTS": "127.0.0.1,localhost", "CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "smartcity.settings"})
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_django(env, code):
    """Python with Django set up, against the environment's database (the app's own ORM)."""
    script = "import django; django.setup()\n" + code
    result = subprocess.run([sys.executable, "-c", script], env=env, cwd=REPO, capture_output=True, text=True,
                            timeout=120)
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout.strip()


SEED = """
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from programmes.models import Masterplan, Opd, Programme
from regions.models import Enrolment, Region, Role, RoleAssignment
import datetime as dt

PASSWORD = "smartcity-demo"
User = get_user_model()
if not User.objects.filter(username="bantul").exists():
    Region.objects.create(code="34", name="Daerah Istimewa Yogyakarta", kind="province")
    bantul = Region.objects.create(code="34.02", name="Kabupaten Bantul", kind="kabupaten", parent_id="34")
    Enrolment.objects.create(region=bantul, cohort_year=2018, mou_number="55/MoU. KP/KHM/2018",
                             mou_date=dt.date(2018, 5, 2))
    user = User.objects.create_user("bantul", password=PASSWORD, first_name="Sri", last_name="Wahyuni")
    RoleAssignment.objects.create(user=user, role=Role.REGION_STAFF, region=bantul)
    Token.objects.create(user=user, key="f" * 40)
    plan = Masterplan.objects.create(region=bantul, title="Masterplan Smart City Bantul 2019–2028",
                                     period_start=2019, period_end=2028)
    opd = Opd.objects.create(region=bantul, name="Dinas Komunikasi dan Informatika", acronym="Diskominfo")
    Programme.objects.create(masterplan=plan, code="GOV-001", name="Bantul Satu Data", dimension="governance",
                             term="short", opd=opd, start_year=2020, end_year=2022,
                             budget_planned=150_000_000, funding_source="apbd_kabkota")
print(Programme.objects.get(code="GOV-001").pk, Masterplan.objects.get(region_id="34.02").pk)
"""


@dataclass
class App:
    port: int
    env: dict
    log: Path
    proc: subprocess.Popen | None = None
    ids: dict = field(default_factory=dict)
    db: Path | None = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, workers=2, threads=1):
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "tests.faults.wsgi_app:application", "--bind",
             f"127.0.0.1:{self.port}", "--workers", str(workers), "--threads", str(threads), "--timeout", "60",
             "--graceful-timeout", "5"],
            env=self.env, cwd=REPO, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        import requests

        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-3000:]}")
            try:
                if requests.get(self.base + "/accounts/login/", timeout=30).status_code == 200:
                    return self
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.2)
        raise TimeoutError(self.log.read_text()[-3000:])

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def serve(private_postgres, tmp_path):
    """serve(**environment) → the app under gunicorn against the private PostgreSQL, seeded with Bantul."""
    apps = []

    def start(workers=2, **extra):
        env = app_environ(private_postgres.url, **extra)
        programme, masterplan = run_django(env, SEED).split()
        app = App(port=free_port(), env=env, log=tmp_path / f"gunicorn-{len(apps)}.log",
                  ids={"programme": int(programme), "masterplan": int(masterplan)})
        apps.append(app)
        return app.start(workers)

    yield start
    for app in apps:
        app.stop()


@pytest.fixture(scope="session")
def sqlite_template():
    """A SQLite file with the schema, migrated once per session (each test serves a copy of it)."""
    base = Path(tempfile.mkdtemp(prefix="smartcity-faults-sqlite-"))
    template = base / "template.sqlite3"
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=REPO,
                       env=sqlite_environ(template), check=True, capture_output=True, timeout=600)
        yield template
    finally:
        shutil.rmtree(base, ignore_errors=True)


def sqlite_environ(path, **extra):
    """The embedded default's settings (SQLite, DEBUG on, eager Celery, local-memory cache) on the given file."""
    return app_environ(f"sqlite:///{path}", DEBUG="True", **extra)


SEED_SQLITE_MORE = """
from programmes.models import Masterplan, Opd, Programme

plan = Masterplan.objects.get(region_id="34.02")
opd = Opd.objects.get(region_id="34.02")
for i in range(2, {programmes} + 1):
    Programme.objects.get_or_create(masterplan=plan, code=f"GOV-{{i:03d}}", defaults=dict(
        name=f"Program {{i}}", dimension="governance", term="short", opd=opd, start_year=2020, end_year=2022,
        budget_planned=150_000_000, funding_source="apbd_kabkota"))
print(*Programme.objects.filter(masterplan=plan).order_by("code").values_list("pk", flat=True))
"""


@pytest.fixture
def serve_sqlite(sqlite_template, tmp_path):
    """serve_sqlite(seed=…, **environment) → the embedded default's settings under gunicorn (2 × 8 threads) on a
    fresh copy of the SQLite template; `seed` is Python run first against it (default: Bantul with ten
    programmes)."""
    apps = []

    def start(seed=None, **extra):
        db = tmp_path / f"db-{len(apps)}.sqlite3"
        shutil.copyfile(sqlite_template, db)
        env = sqlite_environ(db, **extra)
        app = App(port=free_port(), env=env, log=tmp_path / f"gunicorn-sqlite-{len(apps)}.log", db=db)
        if seed is None:
            programme, masterplan = run_django(env, SEED).split()
            app.ids = {"programme": int(programme), "masterplan": int(masterplan),
                       "programmes": [int(pk) for pk in run_django(env, SEED_SQLITE_MORE.format(programmes=10))
                                      .split()]}
        else:
            app.ids = {"seed": run_django(env, seed)}
        apps.append(app)
        return app.start(workers=2, threads=8)

    yield start
    for app in apps:
        app.stop()


def login(session, base, username="bantul"):
    """The login form as a browser uses it: CSRF cookie and token, then the session cookie."""
    import re

    page = session.get(base + "/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(base + "/accounts/login/", data={"username": username, "password": PASSWORD,
                                                           "csrfmiddlewaretoken": token, "next": "/"},
                          headers={"Referer": base + "/accounts/login/"}, allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text[:500]
    return session
