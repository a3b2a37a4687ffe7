"""The load mix of a reporting deadline, for locust (run by bench/load.sh, headless, on loopback only).

- 75 % region staff (staf<code> users of the bench data set, Bantul as `bantul`), already signed in
  (a session made by load_support.py, as the login form leaves it; LOAD_LOGIN=form signs each
  simulated user in through the login form instead, a password hash each), read their home, region page, programme table, a programme page and the
  API list, and post yearly status updates through the API (POST /api/v1/programmes/{id}/updates/).
- 12 % ministry (`kementerian`): their home (national completeness by province), the national dashboard
  and its API when they exist, else the national lists (programme table, stalled programmes, region list,
  province overview).
- 5 % province officers (`diy`): their home (their kabupaten/kota's reports, what waits for verification)
  and the province's completeness table.
- 3 % assessors (`penilai`): their home (each assigned evaluation's stage, deadline and progress).
- 5 % report requests (POST /api/v1/reports/) when that endpoint exists (LOAD_REPORTS=1).
Every role's home is its to-do list (accounts/todo.py), requested as "home, <role>".

Every 201 answer to an update POST is counted; at the end the count goes to LOAD_RESULT (JSON) with
the figures, so load.sh can check it against the database.
"""
import json
import os
import random
import re
import string
import threading
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from locust.stats import StatsEntry

PASSWORD = "smartcity-demo"
STAFF = [u for u in os.environ.get("LOAD_STAFF", "bantul:34.02:").split(",") if u]
MINISTRY_SESSIONS = [s for s in os.environ.get("LOAD_MINISTRY_SESSIONS", "").split(",") if s]
PROVINCE_SESSIONS = [s for s in os.environ.get("LOAD_PROVINCE_SESSIONS", "").split(",") if s]
ASSESSOR_SESSIONS = [s for s in os.environ.get("LOAD_ASSESSOR_SESSIONS", "").split(",") if s]
DASHBOARD = os.environ.get("LOAD_DASHBOARD") == "1"
REGION_DASHBOARD = os.environ.get("LOAD_REGION_DASHBOARD") == "1"
REPORTS = os.environ.get("LOAD_REPORTS") == "1"
REPORT_PAYLOAD = json.loads(os.environ.get("LOAD_REPORT_PAYLOAD", "{}") or "{}")
UPDATE_YEAR = int(os.environ.get("LOAD_UPDATE_YEAR", "2025"))
# Think time between a user's requests, seconds: "1,3" is a rush (a person clicking on at once).
WAIT = between(*(float(x) for x in os.environ.get("LOAD_WAIT", "1,3").split(",")))

_lock = threading.Lock()
posted = {"created": 0, "other": {}}
_next_staff = iter(range(10**9))
_next_ministry = iter(range(10**9))
_next_other = iter(range(10**9))


def sign_in(user, username, session_key=""):
    """Resume the prepared session, or sign in through the form. The CSRF cookie is a fresh secret,
    as Django would set it; the API's session authentication then wants it back in X-CSRFToken."""
    secret = "".join(random.choices(string.ascii_letters + string.digits, k=32))
    # The server's own host and path, so that a cookie it sets later replaces ours instead of joining it.
    host = urlsplit(user.host).hostname
    user.client.cookies.set("csrftoken", secret, domain=host, path="/")
    if session_key:
        user.client.cookies.set("sessionid", session_key, domain=host, path="/")
    else:
        login(user, username)


def login(user, username):
    """The login form, as a person uses it: GET for the CSRF token, POST, follow to the home page."""
    page = user.client.get("/accounts/login/", name="login page")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    with user.client.post("/accounts/login/", name="login (once per user)", allow_redirects=False,
                          data={"username": username, "password": PASSWORD, "next": "/",
                                "csrfmiddlewaretoken": token.group(1) if token else ""},
                          headers={"Referer": f"{user.host}/accounts/login/"}, catch_response=True) as r:
        if r.status_code != 302:
            r.failure(f"login as {username} answered {r.status_code}")


def api_headers(user):
    return {"X-CSRFToken": user.client.cookies.get("csrftoken", ""), "Referer": f"{user.host}/"}


class RegionStaff(HttpUser):
    weight = 75
    wait_time = WAIT

    def on_start(self):
        with _lock:
            n = next(_next_staff)
        self.username, self.region, session_key = STAFF[n % len(STAFF)].split(":")
        sign_in(self, self.username, session_key)
        page = self.client.get(f"/api/v1/programmes/?region={self.region}", name="API programmes ?region=own").json()
        self.programmes = [p["id"] for p in page.get("results", [])]

    @task(3)
    def home(self):
        self.client.get("/", name="home, region staff")

    @task(2)
    def region_page(self):
        self.client.get(f"/regions/{self.region}/", name="region page")

    @task(3)
    def programme_table(self):
        self.client.get(f"/programmes/?region={self.region}", name="programme table ?region=own")

    @task(3)
    def programme_page(self):
        if self.programmes:
            self.client.get(f"/programmes/{random.choice(self.programmes)}/", name="programme page")

    @task(1)
    def api_list(self):
        self.client.get(f"/api/v1/programmes/?region={self.region}", name="API programmes ?region=own")

    @task(1)
    def region_dashboard(self):
        if REGION_DASHBOARD:
            self.client.get(f"/dashboard/regions/{self.region}/", name="region dashboard")

    @task(3)
    def post_update(self):
        if not self.programmes:
            return
        pk = random.choice(self.programmes)
        body = {"year": UPDATE_YEAR, "status": "running", "progress": random.randint(40, 95),
                "budget_realised": str(random.randint(50, 900) * 1_000_000),
                "next_steps": "Perluasan cakupan layanan ke kecamatan berikutnya.",
                "evidence_url": f"https://bench.smartcity.go.id/bukti/{pk}-{UPDATE_YEAR}"}
        with self.client.post(f"/api/v1/programmes/{pk}/updates/", json=body, headers=api_headers(self),
                              name="POST programme update", catch_response=True) as r:
            with _lock:
                if r.status_code == 201:
                    posted["created"] += 1
                else:
                    posted["other"][str(r.status_code)] = posted["other"].get(str(r.status_code), 0) + 1
            if r.status_code != 201:
                r.failure(f"{r.status_code}: {r.text[:200]}")


class Ministry(HttpUser):
    weight = 12
    wait_time = WAIT

    def on_start(self):
        with _lock:
            n = next(_next_ministry)
        sign_in(self, "kementerian", MINISTRY_SESSIONS[n % len(MINISTRY_SESSIONS)] if MINISTRY_SESSIONS else "")

    @task(2)
    def home(self):
        self.client.get("/", name="home, ministry")

    @task(3)
    def national(self):
        if DASHBOARD:
            self.client.get("/dashboard/", name="national dashboard")
            self.client.get("/api/v1/dashboard/", name="API national dashboard")
        else:
            self.client.get("/programmes/", name="programme table, national")

    @task(1)
    def province(self):
        if DASHBOARD:
            self.client.get("/dashboard/provinces/34/", name="province dashboard 34")
        else:
            self.client.get("/provinces/34/overview/", name="province overview 34")

    @task(2)
    def stalled(self):
        self.client.get("/api/v1/programmes/?status=stalled", name="API programmes ?status=stalled")

    @task(1)
    def regions(self):
        self.client.get("/regions/", name="region list")


def session_of(sessions):
    with _lock:
        n = next(_next_other)
    return sessions[n % len(sessions)] if sessions else ""


class ProvinceOfficer(HttpUser):
    weight = 5
    wait_time = WAIT

    def on_start(self):
        sign_in(self, "diy", session_of(PROVINCE_SESSIONS))

    @task(3)
    def home(self):
        self.client.get("/", name="home, province officer")

    @task(1)
    def completeness(self):
        self.client.get("/completeness/?province=34", name="completeness table, province 34")


class Assessor(HttpUser):
    weight = 3
    wait_time = WAIT

    def on_start(self):
        sign_in(self, "penilai", session_of(ASSESSOR_SESSIONS))

    @task
    def home(self):
        self.client.get("/", name="home, assessor")


class ReportRequester(HttpUser):
    weight = 5
    wait_time = WAIT

    def on_start(self):
        with _lock:
            n = next(_next_ministry)
        sign_in(self, "kementerian", MINISTRY_SESSIONS[n % len(MINISTRY_SESSIONS)] if MINISTRY_SESSIONS else "")

    @task
    def request_report(self):
        if not REPORTS:
            return
        with self.client.post("/api/v1/reports/", json=REPORT_PAYLOAD, headers=api_headers(self),
                              name="POST report request", catch_response=True) as r:
            if r.status_code not in (201, 202):
                r.failure(f"{r.status_code}: {r.text[:200]}")


@events.quitting.add_listener
def write_result(environment, **_kwargs):
    stats = environment.stats
    total = stats.total
    # The one-off logins (a password hash each) are reported apart from the steady mix.
    steady = StatsEntry(stats, "steady mix (no logins)", "", use_response_times_cache=False)
    for entry in stats.entries.values():
        if not entry.name.startswith("login"):
            steady.extend(entry)
    result = {
        "requests": total.num_requests, "failures": total.num_failures,
        "rps": round(total.total_rps, 1), "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95), "p99_ms": total.get_response_time_percentile(0.99),
        "max_ms": round(total.max_response_time or 0),
        "steady_requests": steady.num_requests, "steady_failures": steady.num_failures,
        "steady_p50_ms": steady.get_response_time_percentile(0.5),
        "steady_p95_ms": steady.get_response_time_percentile(0.95),
        "per_name": {e.name: {"n": e.num_requests, "fail": e.num_failures,
                              "p50": e.get_response_time_percentile(0.5), "p95": e.get_response_time_percentile(0.95)}
                     for e in stats.entries.values()},
        "errors": {f"{e.method} {e.name}: {e.error}": e.occurrences for e in stats.errors.values()},
        # An exception inside a task (a bug of this file, not an answer of the server) fails the run too.
        "exceptions": {f"{e['msg']}": e["count"] for e in environment.runner.exceptions.values()},
        "updates_created": posted["created"], "update_answers_other": posted["other"],
    }
    path = os.environ.get("LOAD_RESULT")
    if path:
        with open(path, "w") as f:
            json.dump(result, f, indent=1)
