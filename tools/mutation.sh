#!/usr/bin/env bash
# Mutation run (mutmut) over the pure cores; config in pyproject.toml [tool.mutmut]. Slow: not part of `make test`.
# mutmut reads module paths from file paths, so the packages are copied to var/mutation/ at the top level.
#   bash tools/mutation.sh            # run, then print the score and the survivors
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
WORK=var/mutation
rm -rf "$WORK" && mkdir -p "$WORK"
cp -r xblocks/carbon_common xblocks/carbon_exam xblocks/hours_gate xblocks/eligibility_form \
      tests devsite course_content pyproject.toml "$WORK"/
cd "$WORK"
"../../$PY" -m mutmut run || true
"../../$PY" -m mutmut results > survivors.txt || true
"../../$PY" -m mutmut export-cicd-stats >/dev/null
"../../$PY" - <<'PY'
import json
stats = json.load(open("mutants/mutmut-cicd-stats.json"))
killed, total = stats["killed"], stats["total"]
print(f"mutation score: {killed}/{total} killed ({100 * killed / max(total, 1):.1f}%); {stats['survived']} survived, "
      f"{stats.get('no_tests', 0)} without tests, {stats.get('timeout', 0)} timed out")
print(json.dumps(stats))
PY
echo "survivors: $(pwd)/survivors.txt (mutmut show <name> in $(pwd))"
