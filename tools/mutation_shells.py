"""The handler shells' mutation run (`make mutation-shells`): prepare its work dir, name its mutants, score it.

Config: tools/mutation_shells.toml ([tool.mutmut] for mutmut, [guards] the functions whose mutants run).
    python tools/mutation_shells.py prepare WORK   # WORK/pyproject.toml gets the shells' [tool.mutmut]; the
                                                   # guards' decorators become assignments after the def
    python tools/mutation_shells.py patterns       # mutmut mutant-name patterns of the guards
    python tools/mutation_shells.py score          # from `mutmut results --all true` on stdin
    python tools/mutation_shells.py recheck WORK TEST...  # survivors (names on stdin) against tests added since
                                                   # the run: copied into WORK/mutants/, one forked pytest each
mutmut leaves decorated functions alone (a decorator runs at definition time), and every handler is decorated
(``@json_api()``), so in the work dir's copy ``@d1 @d2 def f`` becomes ``def f`` then ``f = d1(d2(f))``: the same
class attribute, now with a body mutmut can mutate.
"""
import ast
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "tools" / "mutation_shells.toml"
SEPARATOR = "ǁ"  # mutmut's class separator in mangled names


#: A pytest plugin for the work dir: mutmut forks each mutant's test run from one process, and devsite names its
#: test database after the process id (read once, in that process), so without it concurrent runs share one file.
#: A forked run starts from a copy of the migrated database mutmut's own runs kept (``--reuse-db``), and removes it.
DB_PLUGIN = '''"""Written by tools/mutation_shells.py: each mutant's test run gets a test database of its own."""
import os
import re
import shutil

_OWN = []


def pytest_sessionstart(session):
    from django.db import connections

    connections.close_all()
    for alias in connections:
        test = connections[alias].settings_dict.setdefault("TEST", {})
        template = test.get("NAME") or ""
        own = re.sub(r"test-\\d+", f"test-{os.getpid()}", template)
        if own != template:
            if os.path.exists(template):
                shutil.copyfile(template, own)
            _OWN.append(own)
        test["NAME"] = own


def pytest_sessionfinish(session):
    for path in _OWN:
        if os.path.exists(path):
            os.remove(path)
'''
PLUGIN_MODULE = "tests.mutation_db"


def guards():
    return tomllib.loads(CONFIG.read_text("utf-8"))["guards"]


def mangled(qualified):
    cls, _, name = qualified.rpartition(".")
    return f"x{SEPARATOR}{cls}{SEPARATOR}{name}" if cls else f"x_{name}"


def patterns():
    return [f"{module}.{mangled(q)}__mutmut_*" for module, names in guards().items() for q in names]


def undecorate(source, wanted):
    """``source`` with each function of ``wanted`` (qualified names) decorated by assignment after its body."""
    lines = source.splitlines(keepends=True)
    edits, found = [], set()  # edits: (first decorator line, def line, end line, indent, name, decorators)
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        for child in body if isinstance(body, list) else []:
            if isinstance(child, ast.FunctionDef):
                owner = node.name + "." if isinstance(node, ast.ClassDef) else ""
                found.add(owner + child.name)
                if owner + child.name in wanted and child.decorator_list:
                    first = min(d.lineno for d in child.decorator_list)
                    indent = " " * child.col_offset
                    applied = child.name
                    for decorator in reversed(child.decorator_list):
                        applied = f"{ast.unparse(decorator)}({applied})"
                    edits.append((first, child.lineno, child.end_lineno, indent, child.name, applied))
    for first, def_line, end, indent, name, applied in sorted(edits, reverse=True):
        lines.insert(end, f"{indent}{name} = {applied}\n")
        del lines[first - 1:def_line - 1]
    return "".join(lines), set(wanted) - found


def prepare(work):
    work = Path(work)
    section = re.compile(r"^\[[^\]]+\]$", re.M)  # a table header line

    def table(text, name):
        start = text.index(f"\n[{name}]\n") + 1
        following = section.search(text, start + len(name) + 3)
        return start, following.start() if following else len(text)

    shells = CONFIG.read_text("utf-8")
    start, end = table(shells, "tool.mutmut")
    main = (work / "pyproject.toml").read_text("utf-8")
    main_start, main_end = table(main, "tool.mutmut")
    (work / "pyproject.toml").write_text(main[:main_start] + shells[start:end] + main[main_end:], "utf-8")
    (work / (PLUGIN_MODULE.replace(".", "/") + ".py")).write_text(DB_PLUGIN, "utf-8")
    for module, names in guards().items():
        path = work / (module.replace(".", "/") + ".py")
        text, missing = undecorate(path.read_text("utf-8"), set(names))
        if missing:  # renamed since: its mutants are simply not run, so say so
            print(f"warning: {CONFIG.name}: no function {', '.join(sorted(missing))} in {module}", file=sys.stderr)
        path.write_text(text, "utf-8")


def score(results):
    """``(killed, total, per module counts, survivors)`` of the guards' mutants in mutmut's results listing."""
    wanted = [re.compile(p.replace(".", r"\.").replace("*", ".*") + "$") for p in patterns()]
    statuses, survivors = Counter(), []
    per_module = {}
    for line in results.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if not name or not any(w.match(name) for w in wanted):
            continue
        statuses[status] += 1
        module = name.split(f".x{SEPARATOR}")[0].split(".x_")[0]
        killed, total = per_module.get(module, (0, 0))
        per_module[module] = (killed + (status == "killed"), total + 1)
        if status != "killed":
            survivors.append(f"{name}: {status}")
    return statuses, per_module, survivors


def recheck(work, tests, names):
    """Run each mutant of ``names`` against ``tests`` (paths from the repository root) the way mutmut does: a child
    forked from a process that ran them once clean calls pytest.main with the mutant active. Prints each verdict."""
    import os
    import shutil

    mutants = Path(work).resolve() / "mutants"
    for test in tests:
        shutil.copyfile(ROOT / test, mutants / test)
    os.chdir(mutants)
    sys.path.insert(0, str(mutants))
    os.environ["MUTANT_UNDER_TEST"] = ""
    import pytest

    args = ["--rootdir=.", "-x", "-q", "--tb=no", "-p", "no:cacheprovider", "-p", "no:randomly", "--reuse-db", *tests]
    if pytest.main(args) != 0:
        sys.exit("the tests fail without a mutant")
    killed = 0
    for name in names:
        pid = os.fork()
        if pid == 0:
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            os.environ["MUTANT_UNDER_TEST"] = name
            os._exit(int(pytest.main(args)))
        status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        killed += status != 0
        print(f"{name}: {'killed' if status != 0 else 'survived'}", flush=True)
    print(f"rechecked: {killed}/{len(names)} killed")


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "prepare":
        prepare(argv[2])
    elif command == "patterns":
        print("\n".join(patterns()))
    elif command == "score":
        statuses, per_module, survivors = score(sys.stdin.read())
        total, killed = sum(statuses.values()), statuses["killed"]
        print(f"mutation score (handler shells' guards): {killed}/{total} killed ({100 * killed / max(total, 1):.1f}%); "
              + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()) if s != "killed"))
        for module, (k, t) in sorted(per_module.items()):
            print(f"  {module}: {k}/{t}")
        print("\n".join(survivors))
    elif command == "recheck":
        names = [line.split(": ")[0].strip() for line in sys.stdin if line.strip()]
        recheck(argv[2], argv[3:], names)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
