#!/usr/bin/env bash
# Run the portal locally on the embedded default (SQLite, eager Celery, local-memory cache)
# with demo data, at http://127.0.0.1:${PORT:-8000}/. Safe to run again and again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
cd "$REPO_ROOT"

# The embedded default: no external database, broker or cache, whatever the shell has set.
unset DATABASE_URL CELERY_BROKER_URL CACHE_URL
PORT="${PORT:-8000}"

# Step 1: system tools (msgfmt from GNU gettext, for compilemessages).
ensure_apt "command -v msgfmt:gettext"

# Step 2: virtual environment and runtime packages, exactly as locked (skipped when the lock is unchanged).
ensure_venv
pip_install_locked requirements.lock requirements.txt

# Step 3: compile the message catalogues (.po -> .mo).
banner "Compiling message catalogues"
python manage.py compilemessages --ignore=.venv -v 0

# Step 4: create or update the SQLite schema.
banner "Migrating the database"
python manage.py migrate --no-input

# Step 5: load the reference data (idempotent): the Kemendagri regions, then the movement's
# known participants of every intake (a user's later edits are kept).
banner "Loading regions and participants"
python manage.py load_regions
python manage.py load_participants

# Step 6: load the demo data (idempotent).
banner "Loading demo data"
python manage.py load_demo

# Step 7: serve (replaces this shell, so Ctrl-C or a kill stops the server itself).
banner "Starting the development server on http://127.0.0.1:$PORT/"
exec python manage.py runserver "127.0.0.1:$PORT"
