# Monev Smart City: one image for the migrate (one-off), web (gunicorn), worker and beat (celery) services.
# The image carries its compiled message catalogues and static files: starting a container builds nothing.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=smartcity.settings \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

# System libraries: gettext (compilemessages), fonts and Pango/HarfBuzz for WeasyPrint PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gettext fonts-dejavu-core \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

# Unprivileged user that owns the writable folders (static, media, compiled catalogues).
RUN useradd --create-home --uid 1000 --user-group app

WORKDIR /app

# Python dependencies first, so code changes do not invalidate this layer: exactly the versions and files
# of the lock (made from requirements.txt by scripts/lock.sh), hashes checked.
COPY requirements.lock .
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY --chown=app:app . .
# Catalogues (.po -> .mo) and static files (WhiteNoise's compressed, hashed manifest) are built here, once.
# Neither reads the database; collectstatic runs with production's storage (DEBUG off), and the secret key
# of this step is a throwaway that never reaches a running container.
RUN python manage.py compilemessages --ignore=.venv -v 0 \
    && DEBUG=False SECRET_KEY=image-build-only-not-a-secret python manage.py collectstatic --no-input -v 0 \
    && mkdir -p /app/media \
    && chown -R app:app /app

USER app
EXPOSE 8000

CMD ["gunicorn", "smartcity.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
