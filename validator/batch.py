"""Checking a batch of inputs: expand paths, check each file, yield reports in input order.

``check`` and every command that works over many reports go through here, so batch behaviour
(stdin, directories, unreadable files that must not stop the rest, pairing each report with
last year's report by the same issuer) is defined once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from validator import pipeline
from validator.errors import InputError, UsageError
from validator.model import Document
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


def load_one(name: str, ruleset: RuleSet, stdin_filename: str = "stdin.txt") -> Document:
    """Read and analyse one input (raises InputError)."""
    if name == STDIN:
        from validator import readers

        return pipeline.analyse(readers.read_bytes(sys.stdin.buffer.read(), stdin_filename), ruleset.classifier)
    return pipeline.load_document(name, ruleset)


def check_one(name: str, ruleset: RuleSet, stdin_filename: str = "stdin.txt",
              previous: Document | None = None) -> FileReport:
    if name == STDIN:
        return pipeline.check_bytes(sys.stdin.buffer.read(), stdin_filename, ruleset, previous)
    return pipeline.check_path(name, ruleset, previous)


def run_batch(paths: Sequence[str], ruleset: RuleSet, stdin_filename: str = "stdin.txt",
              previous: Document | None = None, pair: bool = True) -> Iterator[FileReport]:
    """Check every input; unreadable ones come back as reports carrying their error.

    ``previous`` is last year's report for a single input (``check --previous``). Otherwise, with
    ``pair``, every input is read first and each report is checked against last year's report
    by the same issuer when the batch holds one (validator.yoy.pair_documents).
    """
    names = list(iter_inputs(paths))
    if previous is not None or not pair or len(names) < 2:
        for name in names:
            yield check_one(name, ruleset, stdin_filename, previous)
        return
    loaded: dict[str, Document | FileReport] = {}
    for name in names:
        try:
            loaded[name] = load_one(name, ruleset, stdin_filename)
        except InputError as exc:
            loaded[name] = FileReport(name, error=str(exc))
    from validator.yoy import pair_documents

    documents = {name: doc for name, doc in loaded.items() if isinstance(doc, Document)}
    pairs = pair_documents(documents)
    for name in names:
        entry = loaded[name]
        if isinstance(entry, FileReport):
            yield entry
        else:
            last_year = documents.get(pairs.get(name, ""))
            yield pipeline.check_document(entry, ruleset, last_year)

