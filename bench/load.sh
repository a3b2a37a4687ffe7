#!/usr/bin/env bash
# The load test in one command: the bench data set (bench/_prepare.sh, built once), gunicorn with
# PostgreSQL (smartcity_bench) and Redis (cache DB 10; Celery worker too when reports exist), then
# locust headless on loopback: LOAD_USERS users (default 50) for LOAD_TIME (default 60s), the
# deadline mix of bench/locustfile.py. Prints throughput, p95 and errors, then checks that every
# update answered 201 is in the database. Exit status 0 only with zero errors and a matching count.
#   ./bench/load.sh
#   LOAD_USERS=80 LOAD_TIME=120s LOAD_WORKERS=4 ./bench/load.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_setup.sh"
cd "$REPO_ROOT"
BUILD_ARGS=()
started=$SECONDS
source "$REPO_ROOT/bench/_prepare.sh"
pip_install_locked requirements-dev.lock requirements.txt requirements-dev.txt  # locust

USERS="${LOAD_USERS:-50}"; RUN_TIME="${LOAD_TIME:-60s}"; WORKERS="${LOAD_WORKERS:-3}"
PORT="${LOAD_PORT:-8021}"; REDIS_DB="${LOAD_REDIS_DB:-10}"
HOST="http://127.0.0.1:$PORT"
RESULTS="$REPO_ROOT/bench/results"; mkdir -p "$RESULTS"
# Production shape (docker-compose.yml): persistent connections, Redis cache for throttles and axes.
export CONN_MAX_AGE="${BENCH_CONN_MAX_AGE:-60}"
export CACHE_URL="redis://127.0.0.1:6379/$REDIS_DB"
redis-cli -n "$REDIS_DB" ping >/dev/null || die "Redis is not reachable at 127.0.0.1:6379"

eval "$(python bench/load_support.py setup)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
if [ "$LOAD_REPORTS" = 1 ]; then
    export CELERY_BROKER_URL="redis://127.0.0.1:6379/$REDIS_DB"
    # The ministry asks for the national summary of the last closed cycle (reused once built).
    export LOAD_REPORT_PAYLOAD="${LOAD_REPORT_PAYLOAD:-{\"kind\": \"national\", \"year\": 2025\}}"
    # As in docker-compose.yml: report builds at the lowest CPU priority (nice 19), below the web.
    nice -n 19 celery -A smartcity worker --concurrency 1 --loglevel WARNING > "$RESULTS/load-celery.log" 2>&1 &
    pids+=($!); celery_pid=$!
else
    echo "no /api/v1/reports/ in this code: the 5 % report requests are not sent"
fi
[ "$LOAD_DASHBOARD" = 1 ] || echo "no /dashboard/ in this code: the ministry reads the national lists instead"

banner "Starting gunicorn ($WORKERS workers) on $HOST"
gunicorn smartcity.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 60 \
    --log-level warning > "$RESULTS/load-gunicorn.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do curl -fs -o /dev/null "$HOST/accounts/login/" && break; sleep 0.5; done
curl -fs -o /dev/null "$HOST/accounts/login/" || die "gunicorn did not come up; see $RESULTS/load-gunicorn.log"

banner "Machine before the run"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
ps -eo pcpu,comm --sort=-pcpu | sed -n 2,6p | awk '{printf "  %s%% %s\n", $1, $2}'
cpu_before="$(head -1 /proc/stat)"
ours() { pgrep -f "127.0.0.1:$PORT" | xargs -r ps -o times= -p | awk '{s += $1} END {print s + 0}'; }
celery_cpu() { [ -n "${celery_pid:-}" ] && ps -o times= --ppid "$celery_pid" -p "$celery_pid" | awk '{s += $1} END {print s + 0}' || echo 0; }
pg_cpu() { ps -C postgres -o times= | awk '{s += $1} END {print s + 0}'; }
gunicorn_before="$(ours)"; celery_before="$(celery_cpu)"; pg_before="$(pg_cpu)"

banner "locust: $USERS users for $RUN_TIME"
export LOAD_RESULT="$RESULTS/load.json"
rm -f "$LOAD_RESULT"
/usr/bin/time -f "%U %S" -o "$RESULTS/load-locust.cpu" locust -f bench/locustfile.py --headless --host "$HOST" -u "$USERS" -r 10 -t "$RUN_TIME" --stop-timeout 10 \
    --only-summary --exit-code-on-error 0 --csv "$RESULTS/load" 2>&1 | tail -n 40
cpu_after="$(head -1 /proc/stat)"
gunicorn_cpu="$(( $(ours) - gunicorn_before ))"; celery_used="$(( $(celery_cpu) - celery_before ))"
pg_used="$(( $(pg_cpu) - pg_before ))"
locust_cpu="$(awk '{printf "%d", $1 + $2}' "$RESULTS/load-locust.cpu" 2>/dev/null || echo 0)"

banner "Result"
python - "$LOAD_RESULT" "$cpu_before" "$cpu_after" "$gunicorn_cpu" "$locust_cpu" "$celery_used" "$pg_used" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
a, b = ([int(x) for x in line.split()[1:]] for line in sys.argv[2:4])
busy = [y - x for x, y in zip(a, b)]
idle = busy[3] + busy[4]
tick = os.sysconf("SC_CLK_TCK")
total_s, busy_s = sum(busy) / tick, (sum(busy) - idle) / tick
print(f"requests {r['requests']}, failures {r['failures']}, throughput {r['rps']} req/s")
print(f"all requests: p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms, max {r['max_ms']} ms")
print(f"steady mix (without the one-off logins): {r['steady_requests']} requests, p50 {r['steady_p50_ms']} ms, "
      f"p95 {r['steady_p95_ms']} ms")
gunicorn_s, locust_s, celery_s = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
rest = busy_s - gunicorn_s - locust_s - celery_s
print(f"machine CPU busy during the run: {100 * busy_s / total_s:.0f} % of {os.cpu_count()} cores: {busy_s:.0f} CPU-s "
      f"of {total_s:.0f}; gunicorn {gunicorn_s} s, Celery worker {celery_s} s, locust {locust_s} s, the rest {rest:.0f} s "
      f"(PostgreSQL, and everything else on the machine: other people's work)")
print(f"gunicorn CPU per request: {1000 * gunicorn_s / max(r['requests'], 1):.0f} ms")
# Steal: time the hypervisor gave this machine's vCPUs to other guests (a noisy host shows here).
print(f"CPU stolen by the host during the run: {busy[7] / tick:.1f} CPU-s; PostgreSQL's own processes: {sys.argv[7]} CPU-s")
for name, e in sorted(r["per_name"].items()):
    print(f"  {name:<40} n={e['n']:<6} fail={e['fail']:<4} p50={e['p50']:<5} p95={e['p95']}")
for error, n in r["errors"].items():
    print(f"  ERROR {n}x {error}")
for error, n in r["exceptions"].items():
    print(f"  EXCEPTION in the locustfile {n}x {error}")
PY
python bench/load_support.py check "$LOAD_UPDATES_BEFORE" "$LOAD_RESULT"; count_ok=$?
failures="$(python -c "import json,sys; r = json.load(open(sys.argv[1])); print(r['failures'] + sum(r['exceptions'].values()))" "$LOAD_RESULT")"
[ -s "$RESULTS/load-gunicorn.log" ] && { echo "gunicorn log:"; tail -n 20 "$RESULTS/load-gunicorn.log"; }
echo "load finished in $((SECONDS - started)) s"
[ "$failures" = 0 ] && [ "$count_ok" = 0 ]
