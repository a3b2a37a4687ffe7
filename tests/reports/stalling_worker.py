"""A Celery worker whose report storage stalls halfway through writing the PDF (for the kill test).

It writes the first half of the PDF into the storage under a report file name, as a worker being
killed mid-write would leave it, creates $REPORTS_TEST_MARKER (holding that name), and then waits to
be killed. Run as `python stalling_worker.py worker -Q … ` from the repository root.
"""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")

import django  # noqa: E402

django.setup()

from django.core.files.storage import default_storage  # noqa: E402

from reports import services  # noqa: E402
from reports.models import report_file_path  # noqa: E402


def stalling_store(pdf):
    name = report_file_path(None, "report.pdf")
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(pdf[: len(pdf) // 2])
        handle.flush()
        Path(os.environ["REPORTS_TEST_MARKER"]).write_text(name)
        time.sleep(600)
    raise AssertionError("the stalling worker was not killed")


services.store_pdf = stalling_store

if __name__ == "__main__":
    from smartcity.celery import app

    app.worker_main(sys.argv[1:])
