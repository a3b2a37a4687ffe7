"""Two people save one record at the same moment: one wins, the other is told (409 / form error), and
nothing is lost. Real concurrency: two threads released together against gunicorn with two worker
processes, on the private PostgreSQL (conftest.py)."""
import threading
from html.parser import HTMLParser

import pytest
import requests

from .conftest import login

TOKEN = {"Authorization": "Token " + "f" * 40}


def at_once(*calls):
    """Run the calls in threads released by one barrier; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


class FormFields(HTMLParser):
    """The values a browser would submit from the page's main form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post" and "logout" not in a.get("action", ""):
            self._in_form = True
        if not self._in_form or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "checkbox", "radio"):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.fields[a["name"]] = a.get("value", "on")
        elif tag == "select":
            self._select = a["name"]
            self.fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_of(session, url):
    page = session.get(url, timeout=30)
    assert page.status_code == 200, page.status_code
    parser = FormFields()
    parser.feed(page.text)
    return parser.fields


RECORDS = {
    # kind: (API path, page path, field both change, field the loser changes on retry)
    "programme": ("/api/v1/programmes/{id}/", "/programmes/{id}/edit/", "name", "description"),
    "masterplan": ("/api/v1/masterplans/{id}/", "/masterplans/{id}/edit/", "title", "legal_basis_number"),
}


@pytest.mark.parametrize("kind", list(RECORDS))
def test_two_api_saves_of_one_record_one_wins_the_other_gets_409_and_nothing_is_lost(serve, kind):
    app = serve(workers=2)
    api_path, _page, field, other = RECORDS[kind]
    url = app.base + api_path.format(id=app.ids[kind])
    version = requests.get(url, headers=TOKEN, timeout=30).json()["version"]

    def save(value):
        return lambda: requests.patch(url, headers=TOKEN, json={field: value, "version": version}, timeout=60)

    first, second = at_once(save("Disimpan oleh A"), save("Disimpan oleh B"))

    assert sorted([first.status_code, second.status_code]) == [200, 409], (first.text[:300], second.text[:300])
    winner, loser = (first, second) if first.status_code == 200 else (second, first)
    stored = requests.get(url, headers=TOKEN, timeout=30).json()
    assert stored[field] == winner.json()[field]
    assert stored["version"] == version + 1
    # The loser reads again and saves their other change: both land.
    retry = requests.patch(url, headers=TOKEN, json={other: "Perubahan kedua", "version": stored["version"]},
                           timeout=30)
    assert retry.status_code == 200, retry.text[:300]
    final = requests.get(url, headers=TOKEN, timeout=30).json()
    assert final[field] == winner.json()[field]
    assert final[other] == "Perubahan kedua"
    assert final["version"] == version + 2
    assert loser.json()["code"] if "code" in loser.json() else loser.json()


@pytest.mark.parametrize("kind", list(RECORDS))
def test_two_form_saves_of_one_record_one_wins_the_other_sees_a_form_error(serve, kind):
    app = serve(workers=2)
    api_path, page_path, field, _other = RECORDS[kind]
    page = app.base + page_path.format(id=app.ids[kind])
    people = [login(requests.Session(), app.base), login(requests.Session(), app.base)]
    forms = [form_of(person, page) for person in people]
    assert forms[0]["version"] == forms[1]["version"]
    for i, form in enumerate(forms):
        form[field] = f"Disimpan lewat formulir {'AB'[i]}"

    def save(person, form):
        return lambda: person.post(page, data=form, headers={"Referer": page}, allow_redirects=False, timeout=60)

    answers = at_once(*(save(p, f) for p, f in zip(people, forms, strict=True)))

    assert sorted(a.status_code for a in answers) == [200, 302], [a.status_code for a in answers]
    winner = forms[[a.status_code for a in answers].index(302)]
    refused = answers[[a.status_code for a in answers].index(200)]
    assert "Pengguna lain telah menyimpan data ini setelah Anda membukanya" in " ".join(refused.text.split())
    stored = requests.get(app.base + api_path.format(id=app.ids[kind]), headers=TOKEN, timeout=30).json()
    assert stored[field] == winner[field]
    assert stored["version"] == int(winner["version"]) + 1
