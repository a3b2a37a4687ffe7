# Monev Smart City: one image for the web (gunicorn) and worker (celery) services.
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

# Python dependencies first, so code changes do not invalidate this layer.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=app:app . .
RUN chmod +x docker/entrypoint.sh \
    && mkdir -p /app/staticfiles /app/media \
    && chown -R app:app /app

USER app
EXPOSE 8000

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "smartcity.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
