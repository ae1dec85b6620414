#!/usr/bin/env bash
# Mutation run (mutmut). Slow: not part of `make test`.
#   bash tools/mutation.sh            # the pure cores with their unit tests; config in pyproject.toml [tool.mutmut]
#   bash tools/mutation.sh shells     # the handler shells' guards with their integration tests; config in
#                                     # tools/mutation_shells.toml (prepared by tools/mutation_shells.py)
# mutmut reads module paths from file paths, so the packages are copied to var/mutation[-shells]/ at the top level.
# The copy is the last commit (git archive HEAD), not the working tree, which others may be half-way through
# editing. Each run prints its score and where the survivors are.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PY=$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")
RUN=${1:-cores}
WORK=var/mutation
[ "$RUN" = shells ] && WORK=var/mutation-shells
rm -rf "$WORK" && mkdir -p "$WORK"
git archive HEAD xblocks/carbon_common xblocks/carbon_exam xblocks/hours_gate xblocks/eligibility_form \
    tests devsite course_content pyproject.toml | tar -x -C "$WORK"
mv "$WORK"/xblocks/* "$WORK"/ && rmdir "$WORK"/xblocks
if [ "$RUN" = shells ]; then
    "$PY" tools/mutation_shells.py prepare "$WORK"
    mapfile -t SELECTED < <("$PY" tools/mutation_shells.py patterns)
    cd "$WORK"
    "$PY" -m mutmut run "${SELECTED[@]}" || true
    "$PY" -m mutmut results --all true > results.txt || true
    "$PY" ../../tools/mutation_shells.py score < results.txt | tee survivors.txt
    echo "took ${SECONDS} s"
    echo "survivors: $(pwd)/survivors.txt (mutmut show <name> in $(pwd))"
    exit 0
fi
cd "$WORK"
"$PY" -m mutmut run || true
"$PY" -m mutmut results > survivors.txt || true
"$PY" -m mutmut export-cicd-stats >/dev/null
"$PY" - <<'PY'
import json
stats = json.load(open("mutants/mutmut-cicd-stats.json"))
killed, total = stats["killed"], stats["total"]
print(f"mutation score: {killed}/{total} killed ({100 * killed / max(total, 1):.1f}%); {stats['survived']} survived, "
      f"{stats.get('no_tests', 0)} without tests, {stats.get('timeout', 0)} timed out")
print(json.dumps(stats))
PY
echo "survivors: $(pwd)/survivors.txt (mutmut show <name> in $(pwd))"
