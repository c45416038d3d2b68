#!/usr/bin/env bash
# Installs whatever is missing (the kiosk's needs plus test tools), then runs the whole
# suite: lint, unit tests headless, end-to-end tests on a virtual X screen.
# Extra arguments go to pytest (for example -k loader).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$repo/scripts/setup.sh" test
cd "$repo"
.venv/bin/ruff check kiosk tests scripts
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
exec .venv/bin/python -m pytest -q -p no:cacheprovider tests "$@"
