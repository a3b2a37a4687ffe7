#!/usr/bin/env bash
# Throughput of the public pages against the sign-in page, in one run (issue 19): gunicorn on PostgreSQL
# (PUBLIC_BENCH_DB, default smartcity_public_bench: the 552 regions, the participants and the demo) with the
# Redis cache (PUBLIC_BENCH_REDIS_DB, default 10), then locust headless, PUBLIC_BENCH_USERS users (default 20)
# for PUBLIC_BENCH_TIME (default 20s) on each of /accounts/login/, /publik/ and /publik/daerah/34/ in turn.
# Prints requests per second and failures per page; exit 0 only when both public pages reach at least
# 0.8 x the sign-in page's throughput with zero failures.
#   ./bench/public.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_setup.sh"
cd "$REPO_ROOT"
ensure_venv
pip_install_locked requirements-dev.lock requirements.txt requirements-dev.txt  # locust

DB="${PUBLIC_BENCH_DB:-smartcity_public_bench}"; REDIS_DB="${PUBLIC_BENCH_REDIS_DB:-10}"
USERS="${PUBLIC_BENCH_USERS:-20}"; RUN_TIME="${PUBLIC_BENCH_TIME:-20s}"; PORT="${PUBLIC_BENCH_PORT:-8031}"
WORKERS="${PUBLIC_BENCH_WORKERS:-2}"
RESULTS="$REPO_ROOT/bench/results"; mkdir -p "$RESULTS"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" CACHE_URL="redis://127.0.0.1:6379/$REDIS_DB"
export SECRET_KEY="bench-secret-key-not-for-production-public-pages-throughput" DEBUG=False
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=False SESSION_COOKIE_SECURE=False CSRF_COOKIE_SECURE=False
export CONN_MAX_AGE=60
# The demo's digest mails go to a folder, as in the other benches (production sends through EMAIL_URL's server).
export EMAIL_URL="filemail:///$RESULTS/mail"
# Static files collected outside the repository: a staticfiles/ manifest there would change how the tests serve them.
export STATIC_ROOT="$RESULTS/static"

if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    createdb -h 127.0.0.1 -U postgres "$DB"
fi
banner "Data: migrate, regions, participants, demo (each is a no-op when done)"
python manage.py migrate --no-input -v 0
python manage.py load_regions -v 0
python manage.py load_participants -v 0
python manage.py load_demo -v 0
python manage.py collectstatic --no-input -v 0

gunicorn smartcity.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --log-level warning \
    > "$RESULTS/public-gunicorn.log" 2>&1 &
gunicorn_pid=$!
trap 'kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true' EXIT
for _ in $(seq 30); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 1; done

for path in /accounts/login/ /publik/ /publik/daerah/34/; do
    name="$(echo "$path" | tr -c 'a-z0-9\n' '_')"
    banner "locust: $USERS users for $RUN_TIME on $path"
    BENCH_PATH="$path" locust -f bench/locustfile_public.py --headless --host "http://127.0.0.1:$PORT" -u "$USERS" \
        -r "$USERS" -t "$RUN_TIME" --stop-timeout 5 --only-summary --csv "$RESULTS/public$name" \
        > "$RESULTS/public$name.log" 2>&1 || true
done

python - "$RESULTS" <<'PY'
import csv, sys
from pathlib import Path

results = Path(sys.argv[1])
rows = {}
for path in ("/accounts/login/", "/publik/", "/publik/daerah/34/"):
    name = "".join(c if c in "abcdefghijklmnopqrstuvwxyz0123456789" else "_" for c in path)
    with open(results / f"public{name}_stats.csv") as f:
        total = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    rows[path] = (float(total["Requests/s"]), int(total["Failure Count"]), int(total["Request Count"]),
                  float(total["95%"]))
login = rows["/accounts/login/"][0]
ok = True
print(f"{'page':24} {'req/s':>8} {'x login':>8} {'p95 ms':>7} {'requests':>9} {'failures':>9}")
for path, (rps, failures, count, p95) in rows.items():
    ratio = rps / login if login else 0
    print(f"{path:24} {rps:8.1f} {ratio:8.2f} {p95:7.0f} {count:9d} {failures:9d}")
    ok &= failures == 0 and count > 0 and (path == "/accounts/login/" or ratio >= 0.8)
print("PASS: public pages >= 0.8 x the sign-in page, zero failures" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
