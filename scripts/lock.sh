#!/usr/bin/env bash
# Make the lock files from requirements*.txt (the human input) with pip-tools: requirements.lock for the
# runtime (scripts/run.sh, the Dockerfile) and requirements-dev.lock for the tests (scripts/test.sh, CI),
# every package pinned with its hashes; the dev lock keeps the runtime lock's versions. Run it after
# editing requirements*.txt and commit the three files together. Extra arguments go to pip-compile, e.g.
#   ./scripts/lock.sh --upgrade-package django     (newer Django within requirements.txt's range)
#   ./scripts/lock.sh --upgrade                    (newest of everything within the ranges)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
cd "$REPO_ROOT"

ensure_venv
python -m pip install -q "pip-tools>=7.4"

# Resolved for this machine's Python (the Dockerfile's base image is the same minor version); no index URL,
# find-links or trusted host of this machine goes into the files.
compile=(python -m piptools compile -q --generate-hashes --allow-unsafe --strip-extras
         --no-emit-index-url --no-emit-find-links --no-emit-trusted-host "$@")

banner "requirements.txt -> requirements.lock"
"${compile[@]}" --output-file requirements.lock requirements.txt
echo "$LOCK_INPUTS_PREFIX $(lock_inputs_sum requirements.txt)" >> requirements.lock

banner "requirements-dev.txt -> requirements-dev.lock (within requirements.lock)"
"${compile[@]}" --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt
echo "$LOCK_INPUTS_PREFIX $(lock_inputs_sum requirements.txt requirements-dev.txt)" >> requirements-dev.lock

banner "Locked: $(grep -c '==' requirements.lock) runtime, $(grep -c '==' requirements-dev.lock) with the tests"
