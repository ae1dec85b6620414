#!/usr/bin/env bash
# The platform tier: our blocks inside the real Open edX (Teak) LMS and CMS, with the platform's own test
# settings (mongomock for MongoDB, SQLite for MySQL). Installs the platform first (cached), then runs the LMS
# and CMS tiers in parallel. Never skips: no platform source is a failure. Extra args go to both pytests.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
start=$(date +%s)
PY="$(bash "$ROOT/tools/platform/install.sh" | tail -1)" || { echo "platform tier: install failed" >&2; exit 1; }
[ -x "$PY" ] || { echo "platform tier: no platform python ($PY)" >&2; exit 1; }
SRC="$(cat "$(dirname "$PY")/../platform-src")"
LOGDIR="$(mktemp -d)"
run_tier() {  # name settings
  (cd "$SRC" && PYTHONPATH="$ROOT" CARBON_PRIVATE_MEDIA="$LOGDIR/media-$1" "$PY" -m pytest -c "$ROOT/tests_platform/pytest.ini" \
     --rootdir "$ROOT/tests_platform" --ds "tests_platform.settings.$2" -q "$ROOT/tests_platform/$1" "${@:3}") \
     > "$LOGDIR/$1.log" 2>&1
  echo $? > "$LOGDIR/$1.rc"
}
TIERS="${PLATFORM_TIERS:-lms cms}"
for tier in $TIERS; do run_tier "$tier" "$tier" "$@" & done
wait
status=0
for tier in $TIERS; do
  rc=$(cat "$LOGDIR/$tier.rc")
  echo "================ platform tier: $tier (exit $rc) ================"
  cat "$LOGDIR/$tier.log"
  if [ "$rc" -eq 5 ]; then echo "platform tier $tier collected no tests: failing on purpose" >&2; status=1;
  elif [ "$rc" -ne 0 ]; then status=1; fi
done
echo "platform tier: $TIERS finished in $(( $(date +%s) - start )) s, exit $status"
exit $status
