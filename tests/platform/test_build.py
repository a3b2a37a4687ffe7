"""Build hygiene: what is installed comes from lock files made from requirements*.txt (every package pinned,
with hashes), by the README's commands, CI and the image alike; the image carries its catalogues and static
files; docker-compose migrates once, in a one-off service the app's processes wait for, and runs one beat.
Docker does not run here: the files are read and checked for consistency."""
import hashlib
import re
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
LOCKS = {
    # lock: the requirements files it is made from (scripts/lock.sh)
    "requirements.lock": ["requirements.txt"],
    "requirements-dev.lock": ["requirements.txt", "requirements-dev.txt"],
}


def read(name):
    return (REPO / name).read_text()


def requirements(name):
    """The requirements a human wrote in a requirements file (following -r)."""
    found = []
    for line in read(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found += requirements(line[3:].strip())
        elif line:
            found.append(Requirement(line))
    return found


def pins(lock):
    """{package: (version, number of hashes)} of a lock file."""
    text = read(lock)
    found = {}
    for match in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})*)", text,
                             re.MULTILINE):
        found[canonicalize_name(match.group(1))] = (match.group(2), match.group(3).count("--hash="))
    return found


@pytest.mark.parametrize("lock", list(LOCKS))
def test_every_requirement_is_pinned_in_its_lock_with_hashes(lock):
    locked = pins(lock)
    assert len(locked) > 40
    for requirement in (r for name in LOCKS[lock] for r in requirements(name)):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is not in {lock}: run ./scripts/lock.sh"
        version, hashes = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), f"{lock} pins {name}=={version}, " \
            f"outside {requirement}: run ./scripts/lock.sh"
    assert all(hashes for _version, hashes in locked.values()), f"a pin without a hash in {lock}"


@pytest.mark.parametrize("lock", list(LOCKS))
def test_each_lock_records_the_requirements_it_was_made_from_as_they_are_now(lock):
    inputs = hashlib.sha256(b"".join((REPO / name).read_bytes() for name in LOCKS[lock])).hexdigest()

    assert read(lock).splitlines()[-1] == f"# inputs-sha256: {inputs}", \
        f"{', '.join(LOCKS[lock])} changed since {lock} was made: run ./scripts/lock.sh"


def test_the_tests_run_on_the_runtimes_very_versions():
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")

    assert {name: version for name, (version, _h) in runtime.items()} == \
        {name: dev[name][0] for name in runtime}


def test_no_lock_names_this_machines_package_sources():
    for lock in LOCKS:
        assert not re.search(r"^\s*--(index-url|extra-index-url|find-links|trusted-host)", read(lock), re.MULTILINE)


def test_the_readme_commands_ci_and_the_image_install_from_the_locks():
    assert "pip_install_locked requirements.lock requirements.txt" in read("scripts/run.sh")
    assert "pip_install_locked requirements-dev.lock requirements.txt requirements-dev.txt" in read("scripts/test.sh")
    assert "./scripts/test.sh" in read(".ci/run")
    assert "--require-hashes" in read("scripts/_setup.sh")
    dockerfile = read("Dockerfile")
    assert "COPY requirements.lock ." in dockerfile
    assert "pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
    for path in ["scripts/_setup.sh", "scripts/run.sh", "scripts/test.sh", "Dockerfile", "bench/_prepare.sh",
                 "bench/load.sh"]:
        assert not re.search(r"pip install[^\n]*-r[^\n]*requirements(-dev)?\.txt", read(path)), path


def test_the_image_carries_its_catalogues_and_static_files():
    build_steps = " ".join(line for line in read("Dockerfile").splitlines() if not line.lstrip().startswith("#"))

    assert "manage.py compilemessages" in build_steps
    assert re.search(r"DEBUG=False SECRET_KEY=\S+ python manage.py collectstatic --no-input", build_steps)
    assert "ENTRYPOINT" not in build_steps
    assert not (REPO / "docker" / "entrypoint.sh").exists()


@pytest.fixture
def compose():
    return yaml.safe_load(read("docker-compose.yml"))["services"]


def test_compose_migrates_once_before_the_app_starts(compose):
    migrate = compose["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--no-input"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("web", "worker", "beat"):
        assert compose[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name
        assert "migrate" not in " ".join(compose[name]["command"]), name
        assert "DJANGO_SETUP" not in compose[name]["environment"], name


def test_compose_runs_one_celery_beat_with_the_workers_image_and_environment(compose):
    beat, worker = compose["beat"], compose["worker"]

    assert beat["command"][:4] == ["celery", "-A", "smartcity", "beat"]
    assert (beat["image"], beat["build"], beat["environment"], beat["volumes"]) == \
        (worker["image"], worker["build"], worker["environment"], worker["volumes"])
    assert "deploy" not in beat or beat["deploy"].get("replicas", 1) == 1
    assert [name for name, service in compose.items() if " beat" in " ".join(service.get("command") or [])] == \
        ["beat"]
