#!/usr/bin/env bash
# Set up (idempotent), migrate the database, import the reference data, load the demo register
# and serve TreatSafe on http://127.0.0.1:${PORT:-8000} (every core; see `treatsafe serve --help`).
# Every step is unconditional and idempotent: `demo-data` loads the register on a first run and
# does nothing when it already holds that many practitioners.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
port="${PORT:-8000}"
url="http://127.0.0.1:$port/"
treatsafe migrate --noinput
treatsafe import-data
treatsafe demo-data --practitioners "${TREATSAFE_DEMO_PRACTITIONERS:-3000}"
# Say where to go once the site answers (the server replaces this shell; Ctrl+C stops both).
(
  for _ in $(seq 1 600); do
    if python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' \
      "$url" 2>/dev/null; then
      echo "TreatSafe is ready: open $url"
      exit 0
    fi
    sleep 0.5
  done
  echo "TreatSafe did not answer on $url within 5 minutes" >&2
) &
exec treatsafe serve --host 127.0.0.1 --port "$port"
