"""Record, or compare against a recording, the full JSON output of ``check`` on the sample corpora.

    python tools/behaviour_snapshot.py record SNAPSHOT.json   # before a refactoring
    python tools/behaviour_snapshot.py compare SNAPSHOT.json  # after it: exit 1 on any difference

Each directory (examples/, examples/heldout/, examples/yoy/, and ../shared/corpus/seeds and dev where
present) is checked in one run, ``check DIR --format json --fail-on never -j 1``; the snapshot holds each
run's exit code, stdout and stderr (with the rule-set cache off). A refactoring that is meant to change no behaviour must compare equal.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
DIRECTORIES = [ROOT / "examples", ROOT / "examples" / "heldout", ROOT / "examples" / "yoy",
               SHARED / "seeds", SHARED / "dev"]


def run(directory: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "validator", "check", str(directory), "--format", "json", "--fail-on", "never",
         "-j", "1"],
        capture_output=True, text=True, cwd=ROOT, check=False,
        # the rule set as the code builds it now; a fixed hash seed, since plan-followthrough picks among
        # equally good evidence in set order (a known nondeterminism this script is not about)
        env={**os.environ, "FAZHI_LINT_NO_CACHE": "1", "PYTHONHASHSEED": "0"},
    )
    return {"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


# every rule of the shipped rule set as the loader compiles it: its parameters (defaults filled in) and the
# fields the reports show
RULESET_DUMP = """
from validator.ruleset import load_ruleset
for r in load_ruleset().rules:
    print(r.id, r.check, r.severity, r.weight, sorted(r.scope or ()), r.enabled, r.message, r.levels, repr(r.params))
"""


def dump_ruleset() -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", RULESET_DUMP], capture_output=True, text=True, cwd=ROOT,
                          check=False, env={**os.environ, "FAZHI_LINT_NO_CACHE": "1", "PYTHONHASHSEED": "0"})
    return {"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


def snapshot() -> dict[str, dict[str, object]]:
    runs = {str(d.relative_to(ROOT.parent)): run(d) for d in DIRECTORIES if d.is_dir()}
    runs["compiled rule set"] = dump_ruleset()
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("record", "compare"))
    parser.add_argument("snapshot", type=Path)
    args = parser.parse_args()
    now = snapshot()
    if args.mode == "record":
        args.snapshot.write_text(json.dumps(now, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"recorded {len(now)} runs in {args.snapshot}")
        return 0
    before = json.loads(args.snapshot.read_text(encoding="utf-8"))
    differing = 0
    for name in sorted(set(before) | set(now)):
        old, new = before.get(name), now.get(name)
        if old == new:
            print(f"same      {name}")
            continue
        differing += 1
        print(f"DIFFERENT {name}")
        for field in ("code", "stderr", "stdout"):
            a = str((old or {}).get(field, "")).splitlines()
            b = str((new or {}).get(field, "")).splitlines()
            for line in list(difflib.unified_diff(a, b, f"before {field}", f"after {field}", lineterm=""))[:40]:
                print("   ", line)
    print(f"{len(now)} runs, {differing} different")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
