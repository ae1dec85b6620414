#!/usr/bin/env bash
# The handler medians of bench/platform_handlers.py in the real Open edX LMS (the platform tier's python,
# settings and imported course; installs the platform first, cached). Rewrites its section of docs/benchmarks.md
# (CARBON_BENCH_DOC= to leave it) and writes the table to $1 if given.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="$(bash "$ROOT/tools/platform/install.sh" | tail -1)"
SRC="$(cat "$(dirname "$PY")/../platform-src")"
MEDIA="$(mktemp -d)"
cd "$SRC"
CARBON_BENCH_DOC="${CARBON_BENCH_DOC-$ROOT/docs/benchmarks.md}" CARBON_BENCH_OUT="${1:-}" PYTHONPATH="$ROOT" CARBON_PRIVATE_MEDIA="$MEDIA" "$PY" -m pytest \
  -c "$ROOT/tests_platform/pytest.ini" --rootdir "$ROOT/tests_platform" --ds tests_platform.settings.lms -q -s \
  "$ROOT/bench/platform_handlers.py"
