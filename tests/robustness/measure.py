"""Time and peak memory of hostile and huge inputs through the command line, one process each.

    python -m tests.robustness.measure [--quick] [CASE ...]

Prints one line per case: the input's size, the exit code, wall time, peak RSS and the first line of
stderr. The tests assert outcomes (finished, right result, clean refusal) and never times; these are
the figures behind the limits in README (限制与安全).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from tests.robustness import hostile, hostile_readers
from validator import limits

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024

Case = tuple[str, Callable[[], bytes], list[str]]  # file suffix, content, extra arguments


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with open(path, "wb") as fh:
            fh.truncate(size)
    return make


def _under_limit(text: str) -> bytes:
    """``text`` repeated up to just under the character limit."""
    return (text * (limits.MAX_TEXT_CHARS // (len(text) + 1))).encode()


def cases(quick: bool) -> dict[str, Case]:
    scale = 5 if quick else 1
    one_clause = hostile.one_paragraph(1).decode()
    return {
        "text-reports-at-char-limit": (".txt", lambda: _under_limit(hostile.report_text())[: 12 * MB // scale], []),
        "text-one-paragraph-at-limit": (".txt", lambda: _under_limit(one_clause)[: 9 * MB // scale], []),
        "headings-10000": (".txt", hostile.numbered_headings, []),
        "markdown-100000-headings": (".md", lambda: hostile.markdown_headings(100_000 if not quick else 20_000), []),
        "markdown-10000-quote-levels": (".md", lambda: hostile.nested_quotes(10_000), []),
        "markdown-1500-list-levels": (".md", lambda: hostile.nested_list(1_500), []),
        "text-too-many-lines": (".txt", lambda: b"\n" * 300_000, []),
        "docx-zip-bomb-400MB": (".docx", lambda: hostile.zip_bomb_docx(400), []),
        "docx-xxe": (".docx", hostile.xxe_docx, []),
        "docx-billion-laughs": (".docx", hostile.billion_laughs_docx, []),
        "docx-deep-xml": (".docx", hostile.deep_docx, []),
        "docx-6000-entries": (".docx", hostile.many_entries_docx, []),
        "html-nested-100000": (".html", lambda: (b"<div>" * 100_000) + "正文内容，全年办理案件。".encode() * 20, []),
        # issue 13: readers, round two
        **{f"html-250000-{name}": (".html", partial(hostile_readers.quadratic_page, token, 250_000 // scale), [])
           for name, token in hostile_readers.QUADRATIC_TOKENS.items()},
        "pdf-200-pages-shared-95k-glyphs": (".pdf", lambda: hostile_readers.shared_xobject_pdf(200, 95_000), []),
        "docx-lvltext-30000-placeholders": (".docx", hostile_readers.lvl_text_bomb_docx, []),
        "docx-style-chain-20000": (".docx", hostile_readers.style_chain_docx, []),
        "text-3000000-unpaired-quotes": (".txt", lambda: ("“" * (3_000_000 // scale)).encode(), []),
        "text-1000000-preferred-terms": (".txt", lambda: ("法制政府" * (1_000_000 // scale)).encode(), []),
        "rules-120-patterns-48000": (".txt", hostile.report_text().encode, ["--rules", _rules_file()]),
        "text-fix-200000-half-width-commas": (".txt", lambda: ("全,全" * (200_000 // scale)).encode(), ["--fix"]),
    }


def _rules_file() -> str:
    """The costly rule file of 120 patterns, written once next to the temporary inputs."""
    path = Path(tempfile.gettempdir()) / "fazhi-lint-measure-costly-rules.yaml"
    path.write_text(hostile_readers.costly_rules(), encoding="utf-8")
    return str(path)


def run(name: str, case: Case, directory: Path) -> str:
    suffix, make, extra = case
    path = directory / f"{name}{suffix}"
    path.write_bytes(make())
    size = path.stat().st_size
    return _run_cli([str(path), *extra], name, size, directory)


def run_sparse(name: str, size: int, directory: Path) -> str:
    path = directory / f"{name}.txt"
    _sparse(size)(path)
    return _run_cli([str(path)], name, size, directory)


# The child reports its own peak RSS: the rusage of a forked child also counts pages of this process.
_CHILD = """
import resource, sys
from validator.cli import main
code = main(sys.argv[1:])
print(f"RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""


def _run_cli(args: list[str], name: str, size: int, directory: Path) -> str:
    command = [sys.executable, "-c", _CHILD, "check", *args, "--format", "json", "--output", str(directory / "out.json")]
    started = time.perf_counter()
    # a case with its own rule file runs without the rule-set cache: the file is then parsed, checked
    # and compiled, as on first use
    environment = {**os.environ, "FAZHI_LINT_NO_CACHE": "1"} if "--rules" in args else None
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, check=False,
                          env=environment)
    elapsed = time.perf_counter() - started
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    rss = int(lines.pop().split()[1]) / 1024 if lines and lines[-1].startswith("RSS ") else float("nan")
    first = lines[0][:90] if lines else ""
    return f"{name:30} {size / MB:8.1f} MB  exit {done.returncode}  {elapsed:6.1f} s  {rss:7.0f} MB RSS  {first}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args(argv)
    chosen = cases(args.quick)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        if not args.names or "text-50MB" in args.names:
            print(run_sparse("text-50MB", 50 * MB, directory), flush=True)
        for name, case in chosen.items():
            if not args.names or name in args.names:
                print(run(name, case, directory), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
