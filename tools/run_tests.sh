#!/usr/bin/env bash
# Every test tier. The platform tier (the real Open edX, in its own virtualenv) runs in the background
# while the local suite runs under coverage and then the MariaDB tier (a server of its own); then every
# result is shown. Any tier failing, or any pytest collecting no tests (exit 5), fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
npx --no-install eslint . && node --test tests/js/
js_status=$?
PLATFORM_LOG="$(mktemp)"
bash tools/platform/run.sh > "$PLATFORM_LOG" 2>&1 &
platform_pid=$!

.venv/bin/python -m pytest --cov --cov-report=term:skip-covered -q "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose" >&2
  status=1
fi
local_status=$status
[ "$js_status" -ne 0 ] && status=1

bash tools/run_mariadb_tier.sh
mariadb_status=$?
[ "$mariadb_status" -ne 0 ] && status=1

wait "$platform_pid"
platform_status=$?
cat "$PLATFORM_LOG"
[ "$platform_status" -ne 0 ] && status=1
echo "all tiers: ESLint + JS unit tests (exit $js_status), local suite (exit $local_status), MariaDB tier (exit $mariadb_status), platform tier (exit $platform_status) finished in $(( $(date +%s) - start )) s, exit $status"
exit "$status"
