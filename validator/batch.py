"""Checking a batch of inputs: expand paths, check each file, yield reports in input order.

``check`` and every command that works over many reports go through here, so batch behaviour
(stdin, directories, unreadable files that must not stop the rest, suppression, progress, and
pairing each report with last year's report by the same issuer) is defined once.
"""

from __future__ import annotations

import os
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from validator import pipeline, suppress
from validator.errors import InputError, UsageError
from validator.model import Document, Metadata
from validator.pipeline import FileReport
from validator.ruleset import RuleSet
from validator.suppress import Policy

STDIN = "-"
# Documents read while pairing are kept for the checking pass, up to this many; a larger batch
# reads the rest again rather than holding every report in memory.
_KEEP_DOCUMENTS = 64


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

        return pipeline.analyse(readers.read_stream(sys.stdin.buffer, stdin_filename), ruleset.classifier)
    return pipeline.load_document(name, ruleset)


class _Documents:
    """Documents by input name: a bounded memory of what was already read, reading again on a miss."""

    def __init__(self, ruleset: RuleSet, stdin_filename: str) -> None:
        self.ruleset = ruleset
        self.stdin_filename = stdin_filename
        self.kept: OrderedDict[str, Document] = OrderedDict()

    def load(self, name: str) -> Document:
        """Read one input (raises InputError); stdin is read once and always kept."""
        if name in self.kept:
            self.kept.move_to_end(name)
            return self.kept[name]
        document = load_one(name, self.ruleset, self.stdin_filename)
        self.kept[name] = document
        while len(self.kept) > _KEEP_DOCUMENTS and next(iter(self.kept)) != STDIN:
            self.kept.popitem(last=False)
        return document


def _pairs(names: Sequence[str], documents: _Documents) -> dict[str, str]:
    """{name: last year's name} for the inputs of a batch (validator.yoy.pair_documents)."""
    from validator.yoy import pair_documents

    metadata: dict[str, Metadata] = {}
    for name in names:
        try:
            metadata[name] = documents.load(name).metadata
        except InputError:
            continue  # reported when the file's turn comes
    return pair_documents(metadata)


def _check(name: str, documents: _Documents, previous: Document | None) -> FileReport:
    try:
        document = documents.load(name)
    except InputError as exc:
        return FileReport(name, error=str(exc))
    return pipeline.check_document(document, documents.ruleset, previous)


def run_batch(paths: Sequence[str], ruleset: RuleSet, stdin_filename: str = "stdin.txt", *,
              policy: Policy = suppress.NO_SUPPRESSION, progress: bool = False,
              previous: Document | None = None, pair: bool = True) -> Iterator[FileReport]:
    """Check every input; unreadable ones come back as reports carrying their error.

    ``policy`` says what may suppress findings; ``progress`` shows a bar on stderr when there is
    more than one file (the caller decides whether stderr is a terminal). ``previous`` is last
    year's report for a single input (``check --previous``); otherwise, with ``pair``, each report
    is checked against last year's report by the same issuer when the batch holds one.
    """
    names = list(iter_inputs(paths))
    known = frozenset(r.id for r in ruleset.rules)
    documents = _Documents(ruleset, stdin_filename)
    pairs = _pairs(names, documents) if previous is None and pair and len(names) > 1 else {}
    with _progress_bar(len(names) if progress and len(names) > 1 else 0) as advance:
        for name in names:
            last_year = previous
            if name in pairs:
                try:
                    last_year = documents.load(pairs[name])
                except InputError:
                    last_year = None
            report = suppress.apply(_check(name, documents, last_year), policy, known)
            advance(name)
            yield report


@contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[str], None]]:
    """A transient rich progress bar on stderr for ``total`` files; a no-op when total is 0."""
    if total == 0:
        yield lambda name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("检查"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda name: bar.update(task, advance=1, description=os.path.basename(name))
