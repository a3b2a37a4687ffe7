# Shared setup functions for scripts/run.sh and scripts/test.sh. Source it; do not run it.
# Everything here is idempotent: a second run on the same machine does (almost) nothing.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO_ROOT/.venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 DEBIAN_FRONTEND=noninteractive

# banner "text": print a clearly visible step header.
banner() {
    printf '\n==== %s ====\n' "$*"
}

# die "text": print an error and stop with exit code 1.
die() {
    printf '\nERROR: %s\n' "$*" >&2
    exit 1
}

# as_root cmd...: run a command as root (directly, or through sudo when we are not root).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run: $*"
    fi
}

# ensure_venv: create .venv with the machine's python3 if missing or broken, and put it first on PATH.
ensure_venv() {
    if ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        banner "Creating virtual environment $VENV"
        rm -rf "$VENV"
        python3 -m venv "$VENV"
    fi
    export VIRTUAL_ENV="$VENV"
    export PATH="$VENV/bin:$PATH"
}

# Python packages come from the lock files, never straight from requirements*.txt: requirements.lock
# (runtime) and requirements-dev.lock (runtime + tests) pin every package, dependencies included, with
# their hashes. requirements*.txt stay the human input; ./scripts/lock.sh makes the locks from them and
# records the inputs' sha256 in the lock's last line, so an edit without a new lock is caught here.
LOCK_INPUTS_PREFIX="# inputs-sha256:"

# lock_inputs_sum FILE...: the sha256 of the requirements files a lock is made from.
lock_inputs_sum() {
    (cd "$REPO_ROOT" && cat "$@") | sha256sum | cut -d' ' -f1
}

# check_lock LOCK INPUT...: stop unless LOCK was made from the INPUT files as they are now.
check_lock() {
    local lock="$1"
    shift
    [ -f "$REPO_ROOT/$lock" ] || die "$lock is missing: run ./scripts/lock.sh to make it from $*"
    if [ "$(tail -n 1 "$REPO_ROOT/$lock")" != "$LOCK_INPUTS_PREFIX $(lock_inputs_sum "$@")" ]; then
        die "$* changed since $lock was made: run ./scripts/lock.sh (and commit the lock files)"
    fi
}

# pip_install_locked LOCK INPUT...: pip install exactly what LOCK pins (hashes checked), unless LOCK is
# unchanged since the last successful install; the lock's sha256 is kept in .venv/.stamp-<LOCK>.
pip_install_locked() {
    local lock="$1" stamp sum
    check_lock "$@"
    stamp="$VENV/.stamp-$(basename "$lock")"
    sum="$(sha256sum "$REPO_ROOT/$lock" | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
        echo "$lock unchanged since last install; skipping pip"
        return 0
    fi
    banner "Installing Python packages from $lock"
    "$VENV/bin/python" -m pip install -q --require-hashes --no-deps -r "$REPO_ROOT/$lock"
    echo "$sum" > "$stamp"
}

# ensure_apt "check-command:package" ...: apt-get install each package whose check fails;
# apt-get update runs once, and only when something is missing.
# A check is a shell test, e.g. "command -v msgfmt" or "test -f /usr/share/fonts/...".
ensure_apt() {
    local missing=() spec check pkg
    for spec in "$@"; do
        check="${spec%%:*}"
        pkg="${spec##*:}"
        if ! eval "$check" >/dev/null 2>&1; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        banner "Installing Debian packages: ${missing[*]}"
        as_root apt-get update -q
        as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
}
