"""What build.py and measure.py share: the bench environment, the safety check on the database, setup.

The bench never touches a database whose name lacks "bench": it flushes and rebuilds its data
freely, so DATABASE_URL from the shell is deliberately ignored; only BENCH_DATABASE_URL counts.
"""
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/smartcity_bench"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def bench_environ():
    """The production shape (DEBUG off, PostgreSQL, manifest static files) minus TLS, on loopback."""
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", "bench-only-not-a-secret-0123456789abcdefghijklmnop"),
        "DEBUG": "False",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_HSTS_PRELOAD": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "STATIC_ROOT": str(RESULTS / "staticfiles"),
        "MEDIA_ROOT": str(RESULTS / "media"),
        # The demo's digest mails (bench/public.sh loads the demo) go to a folder, not to an SMTP server.
        "EMAIL_URL": f"filemail:///{RESULTS / 'mail'}",
        "DJANGO_SETTINGS_MODULE": "smartcity.settings",
        "LOG_LEVEL": "WARNING",
        # Production (docker-compose.yml) leaves CONN_MAX_AGE at the settings default, 0: a new
        # PostgreSQL connection per request. BENCH_CONN_MAX_AGE=60 measures persistent connections.
        "CONN_MAX_AGE": os.environ.get("BENCH_CONN_MAX_AGE", "0"),
    }


def apply_environ():
    env = bench_environ()
    os.environ.update(env)
    # Eager Celery and the local-memory cache: nothing the measured GETs depend on.
    for name in ("CELERY_BROKER_URL", "CACHE_URL"):
        os.environ.pop(name, None)
    check_database_name(env["DATABASE_URL"])
    return env


def check_database_name(url):
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to use database {name!r}: the bench flushes its database; use a name with 'bench'")
    return name


def ensure_database(url):
    """CREATE DATABASE if missing, through the server's maintenance database."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
                            user=parts.username or "postgres", password=parts.password, dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"created database {name}", file=sys.stderr)
    finally:
        conn.close()


def setup_django():
    apply_environ()
    import django

    django.setup()
