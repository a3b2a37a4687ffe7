#!/usr/bin/env bash
# The benchmark in one command: venv, PostgreSQL bench database, migrations, static files,
# national-scale data (built once), then gunicorn on loopback and the measurements.
#   ./bench/run.sh              build if missing, then measure
#   ./bench/run.sh --rebuild    flush and rebuild the data set first
#   BENCH_N=50 ./bench/run.sh   more timed requests per URL (default 30, after 3 warm-ups)
#   BENCH_ONLY=home ./bench/run.sh   only the cases whose label contains "home" (and the two baselines)
# The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/smartcity_bench);
# DATABASE_URL from the shell is ignored on purpose: the bench flushes the database it uses.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_setup.sh"
cd "$REPO_ROOT"

BUILD_ARGS=()
for arg in "$@"; do
    case "$arg" in
        --rebuild) BUILD_ARGS+=(--rebuild) ;;
        *) die "unknown argument: $arg (only --rebuild)" ;;
    esac
done

started=$SECONDS
source "$REPO_ROOT/bench/_prepare.sh"

# Step 5: gunicorn on 127.0.0.1 and the measurements.
banner "Measuring"
python bench/measure.py

# Step 6: the report build, measured by the reports' own script when it is there (reports engineer's).
if [ -f bench/report_build.py ]; then
    banner "Measuring the report build"
    python bench/report_build.py
else
    echo "bench/report_build.py not there yet: the report build is not measured"
fi

echo "bench finished in $((SECONDS - started)) s"
