"""The ground every test stands on: real PostgreSQL, and the personas of STYLE.md with their regions.

Personas (password `smartcity-demo`), set up afresh for each test that asks for `world`:

- admin        national secretariat (role admin; not a superuser, not staff)
- kementerian  ministry official
- diy          province officer of 34 Daerah Istimewa Yogyakarta
- bantul       region staff of 34.02 Kabupaten Bantul
- sleman       region staff of 34.04 Kabupaten Sleman
- penilai      assessor (assigned to no region yet: the evaluations app does not exist)
- outsider     an account with no role

Regions: 34 DIY with 34.01 Kulon Progo, 34.02 Bantul, 34.03 Gunungkidul, 34.04 Sleman, 34.71 Kota
Yogyakarta; 35 Jawa Timur with 35.22 Bojonegoro, 35.71 Kota Kediri, 35.78 Kota Surabaya; 33 Jawa Tengah
with 33.18 Pati; 32 Jawa Barat with 32.76 Kota Depok. Every kabupaten/kota is enrolled in its intake
of FACTS.md (Sleman, Bojonegoro 2017; Bantul, Kulon Progo, Pati, Kota Yogyakarta, Kota Surabaya 2018;
Gunungkidul, Kota Kediri, Kota Depok 2019), and DIY as a smart province (2023); 32, 33 and 35 are not.
"""
import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

PASSWORD = "smartcity-demo"
PERSONAS = ["admin", "kementerian", "diy", "bantul", "sleman", "penilai", "outsider"]


def pytest_configure(config):
    from django.db import connections

    from tests import clock

    # One pinned clock for the whole run, this process and every process it starts (tests/clock.py).
    clock.start()

    # WhiteNoise looks for STATIC_ROOT, which only `collectstatic` creates; the tests do not need it.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")

    vendor = connections["default"].vendor
    if vendor != "postgresql":
        # The promise is "tests run on real PostgreSQL": a SQLite run proves nothing about it.
        pytest.exit(f"the test suite runs on PostgreSQL only (DATABASE_URL gives {vendor!r})", returncode=1)
    # A password hash per persona per test: the fast hasher keeps the suite quick, the checks stay real.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # With DEBUG off the manifest storage needs `collectstatic`; the live server and the test client
    # serve static files through the finders instead, so the tests need no build step.
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }


def pytest_collection_modifyitems(config, items):
    from tests import clock

    root = Path(str(config.rootpath))
    for item in items:
        where = Path(str(item.path)).relative_to(root).as_posix()
        if where.startswith(clock.DATE_SENSITIVE):
            item.add_marker(pytest.mark.dates)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """DRF throttles count in the cache: each test starts with no request counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Files a test stores (uploads, the demo's masterplan PDFs via load_demo) never land in the checkout."""
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")


# --- regions, users, enrolments ------------------------------------------------------------------

REGIONS = [
    # code, name, kind, parent
    ("32", "Jawa Barat", "province", None),
    ("33", "Jawa Tengah", "province", None),
    ("34", "Daerah Istimewa Yogyakarta", "province", None),
    ("35", "Jawa Timur", "province", None),
    ("32.76", "Kota Depok", "city", "32"),
    ("33.18", "Kabupaten Pati", "regency", "33"),
    ("34.01", "Kabupaten Kulon Progo", "regency", "34"),
    ("34.02", "Kabupaten Bantul", "regency", "34"),
    ("34.03", "Kabupaten Gunungkidul", "regency", "34"),
    ("34.04", "Kabupaten Sleman", "regency", "34"),
    ("34.71", "Kota Yogyakarta", "city", "34"),
    ("35.22", "Kabupaten Bojonegoro", "regency", "35"),
    ("35.71", "Kota Kediri", "city", "35"),
    ("35.78", "Kota Surabaya", "city", "35"),
]

# The intakes of FACTS.md: Tahap I (22 May 2017), Tahap II (8 May 2018), Tahap III (15 May 2019), and
# DIY's smart-province agreement of 28 February 2023. MoU numbers other than Kulon Progo's are invented.
ENROLMENTS = [
    # code, cohort, MoU number, MoU date
    ("34", 2023, "", dt.date(2023, 2, 28)),
    ("34.04", 2017, "14/MoU. KP/KHM/2017", dt.date(2017, 5, 22)),
    ("35.22", 2017, "24/MoU. KP/KHM/2017", dt.date(2017, 5, 22)),
    ("34.01", 2018, "54/MoU. KP/KHM/208", dt.date(2018, 5, 8)),
    ("34.02", 2018, "55/MoU. KP/KHM/2018", dt.date(2018, 5, 8)),
    ("33.18", 2018, "71/MoU. KP/KHM/2018", dt.date(2018, 5, 8)),
    ("34.71", 2018, "12/MoU. KP/KHM/2018", dt.date(2018, 5, 8)),
    ("35.78", 2018, "30/MoU. KP/KHM/2018", dt.date(2018, 5, 8)),
    ("34.03", 2019, "08/MoU. KP/KHM/2019", dt.date(2019, 5, 15)),
    ("35.71", 2019, "10/MoU. KP/KHM/2019", dt.date(2019, 5, 15)),
    ("32.76", 2019, "07/MoU. KP/KHM/2019", dt.date(2019, 5, 15)),
]

ROLES = {
    # username: (first name, last name, role, region)
    "admin": ("Sekretariat", "Nasional", "admin", None),
    "kementerian": ("Rina", "Kusumawati", "ministry", None),
    "diy": ("Bambang", "Prasetyo", "province_officer", "34"),
    "bantul": ("Sri", "Wahyuni", "region_staff", "34.02"),
    "sleman": ("Agus", "Santoso", "region_staff", "34.04"),
    "penilai": ("Hendra", "Wijaya", "assessor", None),
    "outsider": ("Tamu", "Luar", None, None),
}


def make_region(code, name, kind, parent=None):
    from regions.models import Region

    return Region.objects.create(code=code, name=name, kind=kind, parent_id=parent)


def make_enrolment(region, cohort_year, mou_number="", mou_date=None, **fields):
    from regions.models import Enrolment

    return Enrolment.objects.create(region=region, cohort_year=cohort_year, mou_number=mou_number,
                                    mou_date=mou_date, **fields)


def make_user(username, role=None, region=None, first_name="", last_name="", password=PASSWORD):
    from django.contrib.auth import get_user_model

    from regions.models import RoleAssignment

    user = get_user_model().objects.create_user(username=username, password=password, first_name=first_name,
                                                last_name=last_name, email=f"{username}@test.smartcity.go.id")
    if role:
        RoleAssignment.objects.create(user=user, role=role, region_id=region)
    return user


@dataclass
class World:
    regions: dict
    users: dict

    def enrolment(self, code):
        """The region's first enrolment (each persona's region has one)."""
        from regions.models import Enrolment

        return Enrolment.objects.filter(region_id=code).earliest("cohort_year")


@pytest.fixture
def world(db):
    regions = {code: make_region(code, name, kind, parent) for code, name, kind, parent in REGIONS}
    for code, cohort, number, date in ENROLMENTS:
        first_bimtek = date + dt.timedelta(days=30)
        make_enrolment(regions[code], cohort, number, date, bimtek_1_date=first_bimtek,
                       bimtek_2_date=first_bimtek + dt.timedelta(weeks=5))
    users = {name: make_user(name, role, region, first, last) for name, (first, last, role, region) in ROLES.items()}
    return World(regions=regions, users=users)


# --- clients ---------------------------------------------------------------------------------------

@pytest.fixture
def client_as(world):
    """A browser-like client signed in as the persona (None: anonymous)."""
    from django.test import Client

    def make(persona):
        client = Client()
        if persona not in (None, "anonymous"):
            client.force_login(world.users[persona])
        return client

    return make


@pytest.fixture
def api_as(world):
    """An API client carrying the persona's token (None: anonymous)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(persona):
        client = APIClient()
        if persona not in (None, "anonymous"):
            token, _ = Token.objects.get_or_create(user=world.users[persona])
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


# --- "nothing was written" ---------------------------------------------------------------------------

def db_state():
    """Everything a refused request might have written: regional records, roles, users, the audit trail."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from regions.models import Enrolment, Region, RoleAssignment

    User = get_user_model()
    return {
        "regions": list(Region.objects.order_by("code").values()),
        "enrolments": list(Enrolment.objects.order_by("pk").values()),
        "roles": list(RoleAssignment.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values("pk", "username", "password", "is_active", "is_staff",
                                                           "is_superuser", "first_name", "last_name")),
        "tokens": list(Token.objects.order_by("user_id").values("user_id", "key")),
        "history": {
            "regions": Region.history.count(),
            "enrolments": Enrolment.history.count(),
            "roles": RoleAssignment.history.count(),
            "users": User.history.count(),
        },
    }


@pytest.fixture
def unchanged():
    """`with unchanged(): …` fails when anything in db_state() differs afterwards."""

    @contextmanager
    def check():
        before = db_state()
        yield
        after = db_state()
        for key in before:
            assert after[key] == before[key], f"{key} changed on a refused request"

    return check


def enrolment_form_data(enrolment, **changes):
    """The enrolment edit form as the browser posts it: every field with its current value, then changes."""
    from regions.forms import EnrolmentForm

    data = {"version": enrolment.version}
    for name in EnrolmentForm._meta.fields:
        value = getattr(enrolment, name)
        data[name] = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else value)
    data.update(changes)
    return data
