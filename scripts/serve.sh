#!/usr/bin/env bash
# Set up (idempotent), migrate the SQLite database, import the reference data, load the demo
# register and serve TreatSafe on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
treatsafe migrate --noinput
treatsafe import-data
if treatsafe --help | grep -q "demo-data"; then
  treatsafe demo-data --practitioners "${TREATSAFE_DEMO_PRACTITIONERS:-3000}"
fi
exec treatsafe serve --host 127.0.0.1 --port "${PORT:-8000}"
