#!/usr/bin/env bash
# Run the whole test suite against real PostgreSQL and Redis on this machine, installing whatever
# is missing first. Exits non-zero on the first failing step. Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
cd "$REPO_ROOT"

# Step 1: Debian packages for browser tests, PDF text checks, catalogues and PDF fonts.
ensure_apt \
    "test -x /usr/bin/chromium:chromium" \
    "command -v pdftotext:poppler-utils" \
    "command -v msgfmt:gettext" \
    "test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core" \
    "command -v npm:npm"

# Step 1b: axe-core for the accessibility check, exactly as package-lock.json pins it (npm registry,
# no install scripts); node_modules/ is git-ignored and kept between runs.
if [ ! -f node_modules/axe-core/axe.min.js ]; then
    banner "Installing axe-core from package-lock.json (npm ci)"
    npm ci --ignore-scripts --no-audit --no-fund
fi

# Step 2: virtual environment with runtime and test packages (no `playwright install`, ever:
# the wheel carries its driver and the browser is Debian's /usr/bin/chromium).
ensure_venv
pip_install_locked requirements-dev.lock requirements.txt requirements-dev.txt

# Step 3: PostgreSQL and Redis must answer on loopback; start them if they do not; never skip.
banner "Checking PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379)"
command -v pg_isready >/dev/null || die "pg_isready not found: PostgreSQL is not installed on this machine"
command -v redis-cli >/dev/null || die "redis-cli not found: Redis is not installed on this machine"
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }
if ! pg_up; then
    echo "PostgreSQL is down; starting it"
    as_root pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start || true
fi
if ! redis_up; then
    echo "Redis is down; starting it"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
for _ in $(seq 30); do
    if pg_up && redis_up; then break; fi
    sleep 1
done
pg_up || die "PostgreSQL is not reachable at 127.0.0.1:5432 after 30 s; the tests need it"
redis_up || die "Redis is not reachable at 127.0.0.1:6379 after 30 s; the tests need it"
echo "PostgreSQL and Redis are up"

# Step 4: the test environment (production-shaped: PostgreSQL, Redis broker, DEBUG off, plain HTTP).
# TEST_DB_NAME / TEST_REDIS_DB let two checkouts on one machine run the suite at the same time.
TEST_DB_NAME="${TEST_DB_NAME:-smartcity}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$TEST_DB_NAME"
export SECRET_KEY="test-secret-key-not-for-production-monev-smart-city-ci"
export DEBUG=False
export SECURE_SSL_REDIRECT=False SESSION_COOKIE_SECURE=False CSRF_COOKIE_SECURE=False
export CELERY_BROKER_URL="redis://127.0.0.1:6379/${TEST_REDIS_DB:-15}"
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export ALLOWED_HOSTS="127.0.0.1,localhost,testserver"
unset CACHE_URL

# Step 5: the database named in DATABASE_URL exists (pytest makes its own test_* copies).
if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$TEST_DB_NAME'")" != "1" ]; then
    createdb -h 127.0.0.1 -U postgres "$TEST_DB_NAME"
fi

# Step 6: lint.
banner "ruff check"
ruff check .

# Step 7: every model change has its migration.
banner "makemigrations --check"
python manage.py makemigrations --check --dry-run

# Step 8: the message catalogues compile.
banner "compilemessages"
python manage.py compilemessages --ignore=.venv -v 0

# Step 9: Django's system checks.
banner "manage.py check"
python manage.py check

# Step 10: the deployment checklist with production settings (and without the test-only
# DJANGO_ALLOW_ASYNC_UNSAFE, which the checklist rightly rejects); any warning fails.
banner "manage.py check --deploy (production settings)"
env -u DJANGO_ALLOW_ASYNC_UNSAFE \
DEBUG=False \
SECRET_KEY="Yk3r9Qm2Vw7Lp4Xz8Nc1Tb6Hd5Gs0Fa-Ju2Ei7Ro3Wq9Ty4Uz8Pm1Kx6Lv5Bn0Cj" \
ALLOWED_HOSTS=monev.example.go.id \
SECURE_SSL_REDIRECT=True SESSION_COOKIE_SECURE=True CSRF_COOKIE_SECURE=True \
    python manage.py check --deploy --fail-level WARNING

# Step 11: the test suite on two workers; "no tests collected" (exit 5) is a failure too.
banner "pytest"
status=0
python -m pytest -n 2 -p no:cacheprovider "$@" || status=$?
if [ "$status" -eq 5 ]; then
    die "pytest collected no tests (exit 5)"
elif [ "$status" -ne 0 ]; then
    die "pytest failed (exit $status)"
fi

# Step 12: the date-sensitive tests once more at a second pinned date (the suite's clock is tests/clock.py:
# TEST_CLOCK moves it; by default it is pinned to one working morning). Only on a whole run.
if [ "$#" -eq 0 ]; then
    second="$(python -c 'from tests.clock import SECOND_DATE; print(SECOND_DATE)')"
    banner "pytest -m dates at a second pinned date ($second)"
    status=0
    TEST_CLOCK="$second" python -m pytest -n 2 -p no:cacheprovider -m dates || status=$?
    [ "$status" -eq 0 ] || die "the date-sensitive tests failed at $second (exit $status)"
fi
banner "All checks and tests passed"
