#!/usr/bin/env bash
# Idempotent set-up on a fresh Debian machine with Python 3.11: Debian packages (chromium for the
# browser tests, pango for PDFs, tesseract for label photos), a virtual environment in .venv,
# TreatSafe and its pinned dependencies, then the compiled label check. Safe to run any number
# of times.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v tesseract >/dev/null || need_apt+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -x eng >/dev/null || need_apt+=(tesseract-ocr-eng)  # label photos
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)  # photo tests
command -v wrk >/dev/null || need_apt+=(wrk)  # bench/http.py
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e '.[dev]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# The label check's modules compiled with Cython (treatsafe/native.py); without a C compiler
# the Python sources run, only slower.
.venv/bin/python scripts/build_native.py || true
