"""Yes/no settings from the environment are strict: a word that is neither stops the start with a clear error
(django-environ alone reads `DEBUG=Ture` as False and carries on). A misspelt setting is tried in a fresh
Python process, as `manage.py` or gunicorn would start."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from smartcity.settings import env_bool

REPO = Path(__file__).resolve().parents[2]
SETTINGS = (REPO / "smartcity" / "settings.py").read_text()
BOOLEANS = sorted(set(re.findall(r'env_bool\("([A-Z_]+)"', SETTINGS)))


def settings_in_a_new_process(expression, **environment):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(environment)
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=120)


def test_every_yes_no_setting_is_read_strictly():
    assert "env.bool(" not in SETTINGS
    assert {"DEBUG", "AXES_ENABLED", "SECURE_SSL_REDIRECT", "BEHIND_PROXY", "DEBUG_TECHNICAL_PAGES"} <= set(BOOLEANS)


@pytest.mark.parametrize("name", BOOLEANS)
def test_a_misspelt_yes_no_setting_stops_the_start_with_a_clear_error(name):
    started = settings_in_a_new_process("settings.DEBUG", **{name: "Ture"})

    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert f"{name}='Ture' is not a yes/no value" in started.stderr
    assert "true, yes, on, 1" in started.stderr


@pytest.mark.parametrize("value", ["", "maybe", "2", "Fasle"])
def test_anything_but_a_yes_or_no_word_is_refused(monkeypatch, value):
    monkeypatch.setenv("DEBUG", value)

    with pytest.raises(ImproperlyConfigured, match=f"DEBUG={value!r} is not a yes/no value"):
        env_bool("DEBUG", default=True)


@pytest.mark.parametrize(("value", "expected"), [("True", True), ("on", True), ("1", True), ("YES", True),
                                                 ("False", False), ("off", False), ("0", False), (" no ", False)])
def test_the_usual_yes_and_no_words_are_understood(monkeypatch, value, expected):
    monkeypatch.setenv("DEBUG", value)

    assert env_bool("DEBUG", default=not expected) is expected


def test_an_unset_yes_no_setting_takes_its_default(monkeypatch):
    monkeypatch.delenv("DEBUG_TECHNICAL_PAGES", raising=False)

    assert env_bool("DEBUG_TECHNICAL_PAGES", default=False) is False
