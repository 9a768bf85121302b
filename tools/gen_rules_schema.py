"""Write the generated parts of validator/schemas/rules.schema.json from the check types' declarations.

    python tools/gen_rules_schema.py          # rewrite the file
    python tools/gen_rules_schema.py --check  # exit 1 if the file is not what the declarations make

Run it after changing a check type's parameters (validator/checks/*.py) or RULE_DEFAULTS; the rest of the
schema is edited by hand in the file itself. tests/test_rule_schema.py runs the check.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from validator.rule_schema import dumped, generated  # noqa: E402
from validator.ruleset import SCHEMA_PATH  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 on a difference")
    args = parser.parse_args()
    current = SCHEMA_PATH.read_text(encoding="utf-8")
    wanted = dumped(generated(json.loads(current)))
    if args.check:
        if current != wanted:
            print(f"{SCHEMA_PATH} is not what the declarations make: run python tools/gen_rules_schema.py",
                  file=sys.stderr)
            return 1
        return 0
    SCHEMA_PATH.write_text(wanted, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
