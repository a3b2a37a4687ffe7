"""The app as gunicorn serves it in production, except static files: the fault tests run without
`collectstatic`, so they are served through the finders (as tests/conftest.py does in-process)."""
from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
settings.STORAGES = {**settings.STORAGES,
                     "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
