"""PostgreSQL restarted and Redis gone under a running app (private instances; see conftest.py)."""
import requests

from .conftest import login

TOKEN = {"Authorization": "Token " + "f" * 40}


def test_the_next_request_after_a_postgresql_restart_works(serve, private_postgres):
    # Persistent connections (CONN_MAX_AGE=60, as in docker-compose.yml) are the ones a restart breaks.
    app = serve(workers=1)
    session = login(requests.Session(), app.base)
    assert session.get(app.base + "/regions/34.02/", timeout=30).status_code == 200
    assert requests.get(app.base + "/api/v1/programmes/", headers=TOKEN, timeout=30).status_code == 200

    private_postgres.pg_ctl("restart", "-m", "fast", "-w")

    page = session.get(app.base + "/regions/34.02/", timeout=30)
    api = requests.get(app.base + "/api/v1/programmes/", headers=TOKEN, timeout=30)
    assert page.status_code == 200
    assert "Kabupaten Bantul" in page.text
    assert api.status_code == 200
    assert api.json()["count"] == 1


def test_pages_and_the_api_still_serve_when_redis_goes_down(serve, private_redis):
    app = serve(workers=1, CACHE_URL=private_redis.url, CELERY_BROKER_URL=private_redis.url)
    session = login(requests.Session(), app.base)
    assert session.get(app.base + "/", timeout=30).status_code == 200

    private_redis.kill()

    for path in ["/", "/regions/34.02/", "/programmes/", f"/programmes/{app.ids['programme']}/",
                 f"/masterplans/{app.ids['masterplan']}/"]:
        answer = session.get(app.base + path, timeout=30)
        assert answer.status_code == 200, (path, answer.status_code)
    assert requests.get(app.base + "/api/v1/programmes/", headers=TOKEN, timeout=30).status_code == 200
    # A fresh sign-in (django-axes counts failures) and the throttled token endpoint (DRF counts in the cache).
    assert login(requests.Session(), app.base)
    token = requests.post(app.base + "/api/v1/auth/token/", data={"username": "bantul", "password": "smartcity-demo"},
                          timeout=30)
    assert token.status_code == 200, token.text[:300]


def test_a_status_update_posted_while_redis_is_down_is_saved(serve, private_redis):
    app = serve(workers=1, CACHE_URL=private_redis.url, CELERY_BROKER_URL=private_redis.url)
    private_redis.kill()

    answer = requests.post(app.base + f"/api/v1/programmes/{app.ids['programme']}/updates/", headers=TOKEN,
                           json={"year": 2021, "status": "running", "progress": 40}, timeout=30)

    assert answer.status_code == 201, answer.text[:300]
    listed = requests.get(app.base + f"/api/v1/programmes/{app.ids['programme']}/updates/", headers=TOKEN, timeout=30)
    assert [u["id"] for u in listed.json()["results"]] == [answer.json()["id"]] or \
        answer.json()["id"] in [u["id"] for u in listed.json()["results"]]
