#!/bin/sh
# Container entry point. With DJANGO_SETUP=1 (the web service) it prepares the release first:
# compiled catalogues, database schema and static files. Then it runs the given command.
set -eu

if [ "${DJANGO_SETUP:-0}" = "1" ]; then
    # Compile the message catalogues (.po -> .mo).
    python manage.py compilemessages --ignore=.venv -v 0
    # Bring the database schema up to date.
    python manage.py migrate --no-input
    # Gather static files for WhiteNoise's manifest storage.
    python manage.py collectstatic --no-input -v 0
fi

exec "$@"
