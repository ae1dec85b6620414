#!/usr/bin/env bash
# The MariaDB tier: start a throw-away MariaDB (tools/mariadb.sh), run tests/concurrency (real races from
# threads, injected faults, migrations from scratch) and the integration suite on it, stop the server.
#
#   bash tools/run_mariadb_tier.sh                 # tests/concurrency + tests/integration
#   bash tools/run_mariadb_tier.sh tests/concurrency   # only the given paths
#
# Fails when pytest fails, and when it collects or runs no test (exit 5, or every concurrency test
# skipped): a tier that silently skips is a failure here.
set -uo pipefail
cd "$(dirname "$0")/.."

paths=("$@")
if [ "${#paths[@]}" -eq 0 ]; then
  paths=(tests/concurrency tests/integration)
fi

# A server of this run's own (another run at the same time gets another directory, socket and port).
CARBON_MARIADB_DIR="$(mktemp -d "${TMPDIR:-/tmp}/carbon-mariadb-run.XXXXXX")"
export CARBON_MARIADB_DIR
if ! env_lines="$(bash tools/mariadb.sh start)"; then
  echo "could not start MariaDB" >&2
  exit 1
fi
trap 'bash tools/mariadb.sh stop' EXIT
eval "$env_lines"
export CARBON_DB CARBON_DB_SOCKET CARBON_DB_HOST CARBON_DB_PORT CARBON_DB_USER
report="$(mktemp)"
.venv/bin/python -m pytest -q -p no:cacheprovider -rs "${paths[@]}" 2>&1 | tee "$report"
status=${PIPESTATUS[0]}
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose" >&2
  status=1
elif grep -q "MariaDB concurrency tier SKIPPED" "$report"; then
  echo "the MariaDB concurrency tier was skipped: failing on purpose" >&2
  status=1
fi
rm -f "$report"
exit "$status"
