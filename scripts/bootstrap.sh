#!/usr/bin/env bash
# Install everything Paramount needs, from the lock files, on a fresh machine. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v uv >/dev/null 2>&1; then
  echo "==> Installing uv (the Python package manager that reads uv.lock)"
  python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi
echo "==> Installing Python dependencies from uv.lock"
uv sync --frozen --quiet --compile-bytecode  # compiled once here: every later command starts faster
echo "==> Building front-end assets (GOV.UK Frontend, MoJ Frontend) from package-lock.json"
bash scripts/build_assets.sh
