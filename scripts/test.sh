#!/usr/bin/env bash
# The whole test suite: lint, format check, then every test (unit, API, CLI and browser).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
ruff check .
ruff format --check .
pytest -n 2 "$@"
