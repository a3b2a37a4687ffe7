"""The embedded default (the README's run command: SQLite, DEBUG) under people saving at the same moment: no
"database is locked" 500, reads never wait on writers' transactions, and of saves of one record carrying the
same version one wins and the others get 409.

Real concurrency: 10 writers and 20 readers released together by one barrier against a server subprocess
(gunicorn, two processes of eight threads) on a temporary SQLite file (conftest.py's serve_sqlite)."""
import sqlite3
import threading
import time

import requests

from .conftest import login
from .test_concurrent_saves import TOKEN, at_once

WRITERS, READERS, ROUNDS = 10, 20, 2


def readers(app):
    """Twenty reads of what the writers write: API list and detail, and the pages."""
    first = app.ids["programmes"][0]
    paths = ["/api/v1/programmes/", f"/api/v1/programmes/{first}/", "/api/v1/masterplans/", "/api/v1/opds/"]
    return [lambda p=path: requests.get(app.base + p, headers=TOKEN, timeout=120)
            for path in (paths * READERS)[:READERS]]


def versions(app, ids):
    return {pk: requests.get(f"{app.base}/api/v1/programmes/{pk}/", headers=TOKEN, timeout=30).json()["version"]
            for pk in ids}


def describe(answers):
    return [(a.request.method, a.url, a.status_code, a.text[:200]) for a in answers if a.status_code >= 500]


def test_the_database_runs_with_a_write_ahead_log(serve_sqlite):
    app = serve_sqlite()
    requests.get(app.base + "/api/v1/programmes/", headers=TOKEN, timeout=30)

    with sqlite3.connect(app.db) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_ten_people_saving_different_records_while_twenty_read_all_succeed(serve_sqlite):
    app = serve_sqlite()
    ids = app.ids["programmes"]
    assert len(ids) == WRITERS

    for round_ in range(ROUNDS):
        before = versions(app, ids)
        writes = [lambda pk=pk, body={"name": f"Disimpan {round_}-{pk}", "version": before[pk]}: requests.patch(
            f"{app.base}/api/v1/programmes/{pk}/", headers=TOKEN, json=body, timeout=120) for pk in ids]

        answers = at_once(*writes, *readers(app))

        assert describe(answers) == []
        assert [a.status_code for a in answers] == [200] * (WRITERS + READERS), [a.text[:200] for a in answers]
        assert versions(app, ids) == {pk: v + 1 for pk, v in before.items()}
        stored = requests.get(f"{app.base}/api/v1/programmes/{ids[0]}/", headers=TOKEN, timeout=30).json()
        assert stored["name"] == f"Disimpan {round_}-{ids[0]}"


def test_ten_people_saving_one_record_with_the_same_version_one_wins_the_others_get_409(serve_sqlite):
    app = serve_sqlite()
    pk = app.ids["programme"]
    url = f"{app.base}/api/v1/programmes/{pk}/"

    for round_ in range(ROUNDS):
        version = versions(app, [pk])[pk]
        writes = [lambda body={"name": f"Penyimpan {round_}-{i}", "version": version}: requests.patch(
            url, headers=TOKEN, json=body, timeout=120) for i in range(WRITERS)]

        answers = at_once(*writes, *readers(app))

        assert describe(answers) == []
        saves = [a.status_code for a in answers[:WRITERS]]
        assert sorted(saves) == [200] + [409] * (WRITERS - 1), [a.text[:200] for a in answers[:WRITERS]]
        assert [a.status_code for a in answers[WRITERS:]] == [200] * READERS
        winner = answers[saves.index(200)].json()
        stored = requests.get(url, headers=TOKEN, timeout=30).json()
        assert stored["version"] == version + 1
        assert stored["name"] == winner["name"]


def test_a_refused_write_leaves_nothing_behind(serve_sqlite):
    """A write that DRF refuses runs in a transaction that is rolled back, as with ATOMIC_REQUESTS."""
    app = serve_sqlite()
    pk = app.ids["programme"]
    url = f"{app.base}/api/v1/programmes/{pk}/"
    version = versions(app, [pk])[pk]

    stale = requests.patch(url, headers=TOKEN, json={"name": "Basi", "version": version - 1}, timeout=30)
    fresh = requests.patch(url, headers=TOKEN, json={"name": "Segar", "version": version}, timeout=30)

    assert stale.status_code == 409
    assert fresh.status_code == 200
    assert requests.get(url, headers=TOKEN, timeout=30).json()["version"] == version + 1


def test_reads_do_not_wait_for_a_writer_and_a_write_waits_its_turn_instead_of_failing(serve_sqlite):
    app = serve_sqlite()
    pk = app.ids["programme"]
    url = f"{app.base}/api/v1/programmes/{pk}/"
    version = versions(app, [pk])[pk]
    browser = login(requests.Session(), app.base)
    held = 3.0
    writer = sqlite3.connect(app.db, isolation_level=None, timeout=30)
    writer.execute("BEGIN IMMEDIATE")  # someone else holds the write lock for a while
    try:
        # The lock is held until after these answer: a read that needed it would wait out the busy timeout
        # and fail ("database is locked"), so three 200s prove reads do not queue behind a writer (no stopwatch).
        reads = [requests.get(url, headers=TOKEN, timeout=30), requests.get(app.base + "/api/v1/programmes/",
                 headers=TOKEN, timeout=30), browser.get(app.base + f"/programmes/{pk}/", timeout=30)]
        saved = {}
        save = threading.Thread(target=lambda: saved.setdefault("answer", requests.patch(
            url, headers=TOKEN, json={"name": "Menunggu giliran", "version": version}, timeout=60)))
        save.start()
        time.sleep(held)
        assert "answer" not in saved  # the write waits for the lock …
    finally:
        writer.execute("COMMIT")
        writer.close()
    save.join(timeout=60)

    assert [r.status_code for r in reads] == [200, 200, 200]
    assert saved["answer"].status_code == 200, saved["answer"].text[:300]  # … and then succeeds
    assert requests.get(url, headers=TOKEN, timeout=30).json()["name"] == "Menunggu giliran"
