"""Checking a batch of inputs: expand paths, check each file, yield reports in input order.

``check`` and every command that works over many reports go through here, so batch behaviour
(stdin, directories, unreadable files that must not stop the rest) is defined once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from validator import pipeline
from validator.errors import UsageError
from validator.pipeline import FileReport
from validator.ruleset import RuleSet

STDIN = "-"


def iter_inputs(paths: Sequence[str]) -> Iterator[str]:
    """Files to check, in order: explicit files as given, directories walked for known types."""
    from validator.readers import supported_suffixes

    suffixes = set(supported_suffixes())
    for raw in paths:
        if raw == STDIN or not os.path.isdir(raw):
            yield raw
            continue
        found = sorted(
            str(p) for p in Path(raw).rglob("*")
            if p.is_file() and p.suffix.lower() in suffixes
            and not any(part.startswith(".") for part in p.relative_to(raw).parts)
        )
        if not found:
            raise UsageError(f"{raw}: 目录中没有可检查的文件（支持：{'、'.join(sorted(suffixes))}）")
        yield from found


def check_one(name: str, ruleset: RuleSet, stdin_filename: str = "stdin.txt") -> FileReport:
    if name == STDIN:
        return pipeline.check_bytes(sys.stdin.buffer.read(), stdin_filename, ruleset)
    return pipeline.check_path(name, ruleset)


def run_batch(paths: Sequence[str], ruleset: RuleSet, stdin_filename: str = "stdin.txt") -> Iterator[FileReport]:
    """Check every input; unreadable ones come back as reports carrying their error."""
    names = list(iter_inputs(paths))
    for name in names:
        yield check_one(name, ruleset, stdin_filename)
