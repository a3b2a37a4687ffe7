"""Measure the key pages and API lists on the bench data set: latency over HTTP, SQL per request in-process.

    python bench/measure.py          # (bench/run.sh prepares the database and calls this)
    BENCH_N=50 BENCH_WARMUP=5 python bench/measure.py
    BENCH_ONLY=home python bench/measure.py   # only the cases whose label has "home", with the baselines

1. Latency: gunicorn (2 sync workers, production settings but plain HTTP) on a free port of
   127.0.0.1; each persona logs in once through the login form (CSRF token, session cookie); the
   client is stdlib http.client, one connection per request (gunicorn's sync workers close them
   anyway). All cases are requested in interleaved rounds (WARMUP rounds, then N timed rounds), so
   noise from the machine spreads over every case instead of landing on one. Time is from sending
   the request to the last byte of the body.
2. SQL per request: a second pass in this process with Django's test Client (force_login as the
   same persona) and CaptureQueriesContext, on a warmed request. "repeat" is the largest number of
   statements of the same shape (literals stripped): more than a handful means a query per row,
   i.e. a count that grows with the data.

Slow cases (p95 > 250 ms, or repeat > 3) get an EXPLAIN (ANALYZE, BUFFERS) of their slowest
statement. The table goes to stdout and bench/results/latest.md.

CASES below lists what is measured; pages still being built elsewhere are optional ("n/a" while
they answer 404). A case with `settings` runs on a second gunicorn started with those settings in its
environment (and in-process under override_settings): the dashboards are measured as served (from
their cache, which a write invalidates) and uncached (DASHBOARD_CACHE_SECONDS=0), the cost of the
first request after every write. `goal` is a case's target as a multiple of its baseline's p95. The
data stage "finalise a whole cycle" is timed in-process (measure_finalise_cycle).
"""
import datetime as dt
import http.client
import math
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import common

N = int(os.environ.get("BENCH_N", 30))
WARMUP = int(os.environ.get("BENCH_WARMUP", 3))
WORKERS = 2
SLOW_P95_MS = 250
SLOW_SQL_MS = 20  # a single statement above this is explained too
REPEAT_LIMIT = 3
PASSWORD = "smartcity-demo"  # regions.demo.DEMO_PASSWORD


@dataclass
class Case:
    label: str
    kind: str            # "page" (baseline: the login page) or "list" (baseline: the admin changelist)
    persona: str | None  # None: anonymous
    path: str
    optional: bool = False  # being written elsewhere: "n/a" when it answers 404
    settings: dict = field(default_factory=dict)  # Django settings of this case's gunicorn
    goal: float | None = None  # target p95 as a multiple of the baseline's p95
    budget_ms: float | None = None  # target p95 in milliseconds (an absolute promise, e.g. the search's 150 ms)
    # results
    times: list = field(default_factory=list)
    sizes: list = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    available: bool = True
    queries: int | None = None
    repeat: int | None = None
    repeat_shape: str = ""
    sql_ms: float | None = None
    slowest: tuple = ()
    statements: list = field(default_factory=list)  # (ms, sql) of the in-process request

    def p(self, q):
        if not self.times:
            return None
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]  # nearest-rank percentile


LOGIN = "/accounts/login/"
UNCACHED = {"DASHBOARD_CACHE_SECONDS": 0}
ADMIN_LIST = "/admin/programmes/programme/"
CASES = [
    Case("login page (floor)", "page", None, LOGIN),
    Case("region list", "page", "kementerian", "/regions/"),
    Case("region page 34.02", "page", "bantul", "/regions/34.02/"),
    Case("programme table ?region=34.02", "page", "bantul", "/programmes/?region=34.02", optional=True),
    Case("programme table, national (extra)", "page", "kementerian", "/programmes/", optional=True),
    Case("province overview 34", "page", "diy", "/provinces/34/overview/", optional=True),
    Case("admin changelist programmes (floor)", "list", "admin", ADMIN_LIST),
    Case("API regions ?province=34", "list", "kementerian", "/api/v1/regions/?province=34"),
    Case("API programmes ?province=34&dimension=governance", "list", "kementerian",
         "/api/v1/programmes/?province=34&dimension=governance"),
    Case("API programmes ?status=stalled", "list", "kementerian", "/api/v1/programmes/?status=stalled"),
    Case("API programmes ?region=34.02", "list", "bantul", "/api/v1/programmes/?region=34.02"),
    Case("API evaluations ?cycle=<2025>", "list", "kementerian", "/api/v1/evaluations/?cycle={cycle_2025}"),
    # Pages being built by others: measured once they are in main, "n/a" until then.
    Case("national dashboard", "page", "kementerian", "/dashboard/", optional=True, goal=5),
    Case("API national dashboard", "page", "kementerian", "/api/v1/dashboard/", optional=True, goal=5),
    Case("province dashboard 34", "page", "diy", "/dashboard/provinces/34/", optional=True),
    Case("region dashboard 34.02", "page", "bantul", "/dashboard/regions/34.02/", optional=True),
    Case("national dashboard, uncached", "page", "kementerian", "/dashboard/", optional=True, settings=UNCACHED),
    Case("API national dashboard, uncached", "page", "kementerian", "/api/v1/dashboard/", optional=True,
         settings=UNCACHED),
    Case("province dashboard 34, uncached", "page", "diy", "/dashboard/provinces/34/", optional=True,
         settings=UNCACHED),
    Case("region dashboard 34.02, uncached", "page", "bantul", "/dashboard/regions/34.02/", optional=True,
         settings=UNCACHED),
    # Verified data (issue 17): each programme's status as its region's verified report saw it, a lookup per
    # programme of the verified regions; the completeness section is on every national dashboard row above.
    Case("national dashboard, verified data, uncached", "page", "kementerian", "/dashboard/?data=verified",
         optional=True, settings=UNCACHED),
    Case("scoring page, Bantul 2026", "page", "penilai", "/evaluations/{scoring_pk}/scoring/", optional=True),
    # The yearly monitoring report (2025, every expected region reporting).
    Case("completeness table, national 2025", "page", "kementerian", "/completeness/?year=2025"),
    Case("completeness table, province 34", "page", "diy", "/completeness/?year=2025&province=34"),
    Case("API completeness 2025", "list", "kementerian", "/api/v1/completeness/?year=2025"),
    Case("yearly report list, national 2025", "page", "kementerian", "/yearly-reports/?year=2025"),
    Case("yearly report page, Bantul 2025", "page", "bantul", "/yearly-reports/{report_pk}/"),
    Case("API yearly reports 2025", "list", "kementerian", "/api/v1/yearly-reports/?year=2025"),
    # The header's search (issue 20: < 150 ms at national scale): every kind, nationally and for one region.
    Case("search page ?q=kota, national", "page", "kementerian", "/cari/?q=kota", budget_ms=150),
    Case("search suggestions ?q=kota, national", "page", "kementerian", "/cari/saran/?q=kota", budget_ms=150),
    Case("search suggestions ?q=dinas, national", "page", "kementerian", "/cari/saran/?q=dinas", budget_ms=150),
    Case("search suggestions ?q=bantul, region staff", "page", "bantul", "/cari/saran/?q=bantul", budget_ms=150),
    # The to-do home of each role (accounts/todo.py), at national scale; the ministry's and the secretariat's
    # read national completeness by province. goal: as the issue asks of pages (≤ 5× the login page, ≤ 250 ms).
    Case("home, region staff (Bantul)", "page", "bantul", "/", goal=5),
    Case("home, province officer (DIY)", "page", "diy", "/", goal=5),
    Case("home, assessor", "page", "penilai", "/", goal=5),
    Case("home, ministry", "page", "kementerian", "/", goal=5),
    Case("home, secretariat", "page", "admin", "/", goal=5),
]
BASELINE = {"page": LOGIN, "list": ADMIN_LIST}
# BENCH_ONLY=home (or search, …) measures only the cases whose label holds that word (and the baselines,
# always): one group re-checked without the whole table on a busy machine.
if os.environ.get("BENCH_ONLY"):
    CASES[:] = [c for c in CASES if os.environ["BENCH_ONLY"] in c.label or c.path in BASELINE.values()]


def resolve_paths():
    """Fill the ids that only the data set knows into the case paths."""
    from evaluations.models import Evaluation
    from monitoring.models import YearlyReport

    report = YearlyReport.objects.filter(region_id="34.02", window__year=2025).values_list("pk", flat=True).first()
    bantul = Evaluation.objects.filter(region_id="34.02").order_by("-cycle__year").values("pk", "cycle__year").first()
    closed = Evaluation.objects.filter(cycle__year=2025).values_list("cycle_id", flat=True).first()
    ids = {"scoring_pk": bantul["pk"] if bantul else 0, "cycle_2025": closed or 0, "report_pk": report or 0}
    for case in CASES:
        case.path = case.path.format(**ids)


# --- HTTP ------------------------------------------------------------------------------------------

class Browser:
    """Just enough of a browser: cookies kept per persona, one connection per request."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        t = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - t) * 1000
        for raw in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(raw).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        conn.close()
        return response.status, response.headers, data, elapsed

    def login(self, username):
        status, _, html, _ = self.request("GET", LOGIN)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or not token:
            raise RuntimeError(f"login page answered {status} without a CSRF token")
        body = urlencode({"username": username, "password": PASSWORD,
                          "csrfmiddlewaretoken": token.group(1).decode(), "next": "/"})
        status, headers, _, _ = self.request("POST", LOGIN, body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{self.port}{LOGIN}"})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} failed: {status}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port, log, settings=None):
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    env = {**os.environ, **{k: str(v) for k, v in (settings or {}).items()}}
    proc = subprocess.Popen(
        [gunicorn, "smartcity.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
         "--timeout", "120", "--chdir", str(common.REPO), "--log-level", "warning"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=common.REPO)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {log.name}")
        try:
            status, *_ = Browser(port).request("GET", LOGIN)
            if status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    stop(proc)
    raise RuntimeError(f"gunicorn did not answer within 60 s; see {log.name}")


def stop(proc):
    proc.terminate()  # the master stops its own workers
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def measure_http():
    """Each group of cases with the same settings on its own gunicorn, the default group first."""
    common.RESULTS.mkdir(parents=True, exist_ok=True)
    groups = {}
    for case in CASES:
        groups.setdefault(tuple(sorted(case.settings.items())), []).append(case)
    for number, (settings, cases) in enumerate(groups.items()):
        measure_group(cases, dict(settings), f"gunicorn{number or ''}.log")


def measure_group(cases, settings, log_name):
    port = int(os.environ.get("BENCH_PORT", 0)) or free_port()
    with open(common.RESULTS / log_name, "w") as log:
        proc = start_gunicorn(port, log, settings)
        try:
            browsers = {None: Browser(port)}
            for persona in {c.persona for c in cases if c.persona}:
                browsers[persona] = Browser(port)
                browsers[persona].login(persona)
            for case in cases:
                if case.optional:
                    status, *_ = browsers[case.persona].request("GET", case.path)
                    case.available = status != 404
            live = [c for c in cases if c.available]
            extra = f", settings {settings}" if settings else ""
            print(f"gunicorn on 127.0.0.1:{port}, {WORKERS} workers{extra}; {WARMUP} warm-up + {N} timed rounds "
                  f"over {len(live)} cases", flush=True)
            for round_no in range(WARMUP + N):
                for case in live:
                    # The anonymous floor must stay anonymous: no cookie from an earlier answer.
                    if case.persona is None:
                        browsers[None].cookies.clear()
                    status, _, body, ms = browsers[case.persona].request("GET", case.path)
                    if round_no < WARMUP:
                        continue
                    if status != 200:
                        case.errors[status] += 1
                    case.times.append(ms)
                    case.sizes.append(len(body))
                if round_no and round_no % 10 == 0:
                    print(f"  round {round_no}/{WARMUP + N}", flush=True)
        finally:
            stop(proc)


# --- SQL in-process --------------------------------------------------------------------------------

def shape(sql):
    s = re.sub(r"'(?:[^']|'')*'", "?", sql)
    s = re.sub(r"\b\d+(?:\.\d+)?\b", "?", s)
    return re.sub(r"\((?:\?, )*\?\)", "(…)", s)


TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.I)


def measure_sql():
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    users = {u.username: u for u in get_user_model().objects.filter(username__in={c.persona for c in CASES})}
    clients = {None: Client(SERVER_NAME="127.0.0.1")}
    for persona, user in users.items():
        clients[persona] = Client(SERVER_NAME="127.0.0.1")
        clients[persona].force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    timings = []

    def timed(execute, sql, params, many, context):
        # CaptureQueriesContext keeps milliseconds only; this keeps microseconds, in the same order.
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if not TRANSACTION_CONTROL.match(sql):
                timings.append((time.perf_counter() - t) * 1000)

    for case in CASES:
        if not case.available:
            continue
        client = clients[case.persona]
        with override_settings(**case.settings):
            client.get(case.path)  # warm: per-process caches (content types, URL resolver) filled
            timings.clear()
            with connection.execute_wrapper(timed), CaptureQueriesContext(connection) as captured:
                response = client.get(case.path)
        if response.status_code != 200:
            case.errors[f"in-process {response.status_code}"] += 1
        # Django logs BEGIN/COMMIT too (ATOMIC_REQUESTS); they are not counted as queries.
        queries = [q["sql"] for q in captured.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])]
        if len(queries) != len(timings):  # should not happen; fall back to no per-statement times
            timings[:] = [0.0] * len(queries)
        case.statements = list(zip(timings, queries, strict=True))
        case.queries = len(queries)
        shapes = Counter(shape(q) for q in queries)
        if shapes:
            case.repeat_shape, case.repeat = shapes.most_common(1)[0]
        case.sql_ms = sum(timings)
        if queries:
            case.slowest = max(case.statements)


@dataclass
class Stage:
    label: str
    times: list = field(default_factory=list)
    queries: int | None = None
    rows: int = 0

    def p(self, q):
        return Case.p(self, q)


STAGE_RUNS = int(os.environ.get("BENCH_STAGE_RUNS", 7))


def measure_finalise_cycle():
    """Finalising a whole closed cycle, in two stages: (1) every final evaluation's figures computed
    through evaluations.results (criterion_scores: three queries for the cycle; results_of per
    evaluation), (2) stored in one statement and the cycle ranked by results.rank_cycle. Each run is
    rolled back; the first run warms and is not timed."""
    import build
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from evaluations import results
    from evaluations.models import Cycle, Evaluation

    cycle = Cycle.objects.select_related("instrument").get(year=2025)
    compute = Stage("finalise cycle 2025 (1): read scores + compute indexes, results.criterion_scores/results_of")
    store = Stage("finalise cycle 2025 (2): store figures + results.rank_cycle")

    class Rollback(Exception):
        pass

    def queries(captured):
        return len([q for q in captured.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])])

    for run in range(STAGE_RUNS + 1):
        try:
            with transaction.atomic():
                with CaptureQueriesContext(connection) as first:
                    t = time.perf_counter()
                    final = list(Evaluation.objects.filter(cycle=cycle, status=Evaluation.Status.FINAL)
                                 .select_related("cycle__instrument"))
                    figures = build.compute_figures(final)
                    t1 = time.perf_counter()
                with CaptureQueriesContext(connection) as second:
                    build.store_figures(figures)
                    results.rank_cycle(cycle)
                    t2 = time.perf_counter()
                raise Rollback
        except Rollback:
            pass
        if run:
            compute.times.append((t1 - t) * 1000)
            store.times.append((t2 - t1) * 1000)
        compute.queries, store.queries = queries(first), queries(second)
    for stage in (compute, store):
        stage.rows = len(final)
        stage.label += f" — {len(final)} evaluations, {STAGE_RUNS} runs in-process"
    return [compute, store]


def explain(sql):
    from django.db import connection, transaction

    if not sql.lstrip().upper().startswith("SELECT"):
        return "(not a SELECT; not explained)"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


# --- report ----------------------------------------------------------------------------------------

def machine_facts():
    import django
    import gunicorn
    from django.db import connection

    from evaluations.models import Cycle, Evaluation, Score
    from programmes.models import Masterplan, Opd, Programme, ProgrammeUpdate
    from regions.models import Enrolment, Region

    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1))
    cpu = re.search(r"model name\s*:\s*(.+)", open("/proc/cpuinfo").read())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=common.REPO)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True,
                           cwd=common.REPO)
    untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], capture_output=True, text=True,
                               cwd=common.REPO)
    tree = head.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() or untracked.stdout.strip() else "")
    return [
        f"date {dt.datetime.now().astimezone().isoformat(timespec='minutes')}, code {tree}",
        f"{os.cpu_count()} CPUs ({cpu.group(1).strip() if cpu else platform.processor()}), "
        f"RAM {mem_kb / 1024 / 1024:.1f} GiB, PostgreSQL {pg} on 127.0.0.1, Python {platform.python_version()}, "
        f"Django {django.get_version()}, gunicorn {gunicorn.__version__} ({WORKERS} sync workers)",
        f"data: {Region.objects.count()} regions, {Enrolment.objects.count()} enrolments, "
        f"{Masterplan.objects.count()} masterplans, {Opd.objects.count()} OPDs, {Programme.objects.count()} programmes, "
        f"{ProgrammeUpdate.objects.count()} updates; {Cycle.objects.count()} evaluation cycles, "
        f"{Evaluation.objects.count()} evaluations, {Score.objects.count()} scores",
        f"{N} timed requests per case after {WARMUP} warm-ups, interleaved; DEBUG off, manifest static files, "
        f"CONN_MAX_AGE={connection.settings_dict.get('CONN_MAX_AGE')}, ATOMIC_REQUESTS on",
    ]


def ratio(x, y):
    return f"{x / y:.1f}×" if x and y else "—"


def fmt(x, digits=0):
    return "—" if x is None else f"{x:,.{digits}f}"


def report():
    base = {c.path: c for c in CASES}
    head = ("| case | user | p50 ms | p95 ms | p50 × base | p95 × base | queries | repeat | SQL ms | bytes | note |\n"
            "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|")
    rows, slow = [], []
    for c in CASES:
        who = c.persona or "anonymous"
        if not c.available:
            rows.append(f"| {c.label} `{c.path}` | {who} | n/a — not available (404) |||||||||")
            continue
        b = base[BASELINE[c.kind]]
        p50, p95 = c.p(50), c.p(95)
        notes = []
        if c.path == BASELINE[c.kind]:
            notes.append(f"baseline ({c.kind}s)")
        if p95 is not None and p95 > SLOW_P95_MS:
            notes.append(f"SLOW p95 > {SLOW_P95_MS} ms")
        if c.goal and p95 is not None and b.p(95):
            met = p95 <= c.goal * b.p(95) and p95 <= SLOW_P95_MS
            notes.append(f"goal p95 ≤ {c.goal:g}× base and ≤ {SLOW_P95_MS} ms: {'met' if met else 'MISSED'}")
        if c.budget_ms and p95 is not None:
            notes.append(f"p95 ≤ {c.budget_ms:g} ms: {'met' if p95 <= c.budget_ms else 'MISSED'}")
        if c.repeat is not None and c.repeat > REPEAT_LIMIT:
            notes.append(f"N+1? {c.repeat}× one statement")
        if c.errors:
            notes.append("ERRORS " + ", ".join(f"{k}×{v}" for k, v in c.errors.items()))
        if any(n.startswith(("SLOW", "N+1")) for n in notes):
            slow.append(c)
        size = statistics.median(c.sizes) if c.sizes else None
        rows.append(f"| {c.label} `{c.path}` | {who} | {fmt(p50, 1)} | {fmt(p95, 1)} | {ratio(p50, b.p(50))} | "
                    f"{ratio(p95, b.p(95))} | {fmt(c.queries)} | {fmt(c.repeat)} | {fmt(c.sql_ms, 1)} | "
                    f"{fmt(size)} | {'; '.join(notes)} |")
    for st in STAGES:
        rows.append(f"| {st.label} | — | {fmt(st.p(50), 1)} | {fmt(st.p(95), 1)} | — | — | {fmt(st.queries)} "
                    f"| — | — | — | data stage, no baseline |")
    table = "\n".join([head, *rows])
    legend = ("p50/p95: over HTTP (gunicorn). × base: against the login page for pages (the dashboards' API "
              "too: the issue's floor for it), the admin changelist for lists. \"uncached\": the dashboards with "
              "DASHBOARD_CACHE_SECONDS=0, i.e. the first request after any write. "
              "queries, repeat (most frequent statement shape), SQL ms (sum of statement times): "
              "one warmed in-process request with the test Client (BEGIN/COMMIT not counted). bytes: response body, uncompressed.")
    details = []
    for c in slow:
        ms, sql = c.slowest or (0, "")
        details.append(f"### {c.label} `{c.path}` as {c.persona or 'anonymous'}\n\n"
                       f"p50 {fmt(c.p(50), 1)} ms, p95 {fmt(c.p(95), 1)} ms; {c.queries} queries, "
                       f"{fmt(c.sql_ms, 1)} ms of SQL; slowest statement {ms:.1f} ms.\n")
        if c.repeat and c.repeat > REPEAT_LIMIT:
            details.append(f"Repeated {c.repeat}×:\n\n```sql\n{c.repeat_shape}\n```\n")
    explained = set()
    for c in CASES:
        for ms, sql in c.statements:
            if (ms > SLOW_SQL_MS or (c in slow and (ms, sql) == c.slowest)) and shape(sql) not in explained:
                explained.add(shape(sql))
                details.append(f"### {ms:.1f} ms in {c.label} `{c.path}`\n\n```sql\n{sql}\n```\n\n"
                               f"```\n{explain(sql)}\n```\n")
    statements = []
    for c in CASES:
        if c.statements:
            statements.append(f"### {c.label} `{c.path}` as {c.persona or 'anonymous'}\n")
            statements.extend(f"- {ms:6.1f} ms `{sql[:200]}{'…' if len(sql) > 200 else ''}`" for ms, sql in c.statements)
            statements.append("")
    return table, legend, details, statements


STAGES = []


def main():
    common.setup_django()
    started = time.perf_counter()
    resolve_paths()
    measure_http()
    measure_sql()
    if not os.environ.get("BENCH_ONLY"):
        STAGES.extend(measure_finalise_cycle())
    facts = machine_facts()
    table, legend, details, statements = report()
    md = "\n".join(["# Bench results", "", *[f"- {f}" for f in facts], "", table, "", legend, ""]
                    + (["## Slow cases and slow statements (EXPLAIN ANALYZE)", "", *details] if details else [])
                    + ["## Statements per request (in-process, warmed)", "", *statements])
    (common.RESULTS / "latest.md").write_text(md)
    print("\n" + "\n".join(facts) + "\n\n" + table + "\n\n" + legend)
    if details:
        print(f"\nSlow cases and statements over {SLOW_SQL_MS} ms, with EXPLAIN ANALYZE, are in bench/results/latest.md")
    print(f"\nmeasured in {time.perf_counter() - started:.0f} s; written to "
          f"{(common.RESULTS / 'latest.md').relative_to(common.REPO)}")
    return 1 if any(c.errors for c in CASES) else 0


if __name__ == "__main__":
    sys.exit(main())
