# Sourced by bench/run.sh and bench/load.sh (after scripts/_setup.sh): venv, PostgreSQL bench
# database, the bench environment exported, catalogues, migrations, static files, the data set
# (built once; BUILD_ARGS=(--rebuild) flushes it first).
# Step 1: the project's virtual environment with the runtime packages (gunicorn among them).
ensure_venv
pip_install_locked requirements.lock requirements.txt

# Step 2: PostgreSQL on loopback (started if down) and the bench database (created if missing).
banner "Checking PostgreSQL (127.0.0.1:5432)"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "PostgreSQL is down; starting it"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL is not reachable at 127.0.0.1:5432"

# The bench environment (bench/common.py) exported for manage.py too: one source of truth.
bench_env="$(python - <<'EOF'
import shlex, sys
sys.path.insert(0, "bench")
import common
env = common.apply_environ()
common.ensure_database(env["DATABASE_URL"])
for k, v in env.items():
    print(f"export {k}={shlex.quote(v)}")
print("unset CELERY_BROKER_URL CACHE_URL")
EOF
)" || die "could not prepare the bench environment"
eval "$bench_env"
echo "database: ${DATABASE_URL}"

# Step 3: catalogues (only when missing: they are build artefacts), schema, static files.
if ! ls locale/*/LC_MESSAGES/django.mo >/dev/null 2>&1; then
    banner "Compiling message catalogues"
    python manage.py compilemessages --ignore=.venv -v 0
fi
banner "Migrating the bench database"
python manage.py migrate --no-input -v 0
# collectstatic compresses every file (over a minute here): redo it only when our static/ files or the
# installed packages (which bring Bootstrap, the admin, Swagger UI) changed since the last run.
static_stamp="$( (find static -type f -printf '%P %T@ %s\n' | sort; cat "$VENV"/.stamp-* 2>/dev/null; \
    "$VENV/bin/python" -m pip freeze -q 2>/dev/null) | sha256sum | cut -d' ' -f1)"
if [ -f "$STATIC_ROOT/staticfiles.json" ] && [ "$(cat "$STATIC_ROOT/.bench-stamp" 2>/dev/null)" = "$static_stamp" ]; then
    echo "static files unchanged since the last collectstatic; skipping"
else
    banner "Collecting static files (manifest storage, as in production)"
    python manage.py collectstatic --no-input -v 0
    echo "$static_stamp" > "$STATIC_ROOT/.bench-stamp"
fi

# Step 4: the national-scale data set (skipped when already there).
banner "Building the data set"
python bench/build.py "${BUILD_ARGS[@]+"${BUILD_ARGS[@]}"}"

