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
from validator.ruleset import Rule, RuleSet
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
    """{name: last year's name} for the inputs of a batch (validator.pairing.pair_documents)."""
    from validator.pairing import pair_documents

    # A batch small enough to keep is read whole once and checked from memory; a larger one is only
    # probed (title block and signature) now and read whole when each report's turn comes.
    # Standard input can be read only once, so it is always kept whole.
    keep = len(names) <= _KEEP_DOCUMENTS
    metadata: dict[str, Metadata] = {}
    for name in names:
        try:
            metadata[name] = (documents.load(name).metadata if keep or name == STDIN
                              else pipeline.probe_path(name, documents.ruleset))
        except InputError:
            continue  # reported when the file's turn comes
    return pair_documents(metadata, documents.ruleset.vocabulary.issuers)


def _check(name: str, documents: _Documents, previous: Document | None) -> FileReport:
    try:
        document = documents.load(name)
    except InputError as exc:
        return FileReport(name, error=str(exc))
    return pipeline.check_document(document, documents.ruleset, previous)


def run_batch(paths: Sequence[str], ruleset: RuleSet, stdin_filename: str = "stdin.txt", *,
              policy: Policy = suppress.NO_SUPPRESSION, progress: bool = False,
              previous: Document | None = None, pair: bool = True, jobs: int = 1) -> Iterator[FileReport]:
    """Check every input; unreadable ones come back as reports carrying their error.

    ``policy`` says what may suppress findings; ``progress`` shows a bar on stderr when there is
    more than one file (the caller decides whether stderr is a terminal). ``previous`` is last
    year's report for a single input (``check --previous``); otherwise, with ``pair``, each report
    is checked against last year's report by the same issuer when the batch holds one. With
    ``jobs`` > 1 the files are checked by that many worker processes; reports still come back in
    input order.
    """
    names = list(iter_inputs(paths))
    pairing = previous is None and pair and len(names) > 1
    if jobs > 1 and len(names) > 1 and STDIN not in names:
        reports = _parallel(names, ruleset, policy, pairing, min(jobs, len(names)))
    else:
        reports = _serial(names, ruleset, stdin_filename, policy, previous, pairing)
    with _progress_bar(len(names) if progress and len(names) > 1 else 0) as advance:
        for report in reports:
            advance(report.path)
            yield report


def _serial(names: Sequence[str], ruleset: RuleSet, stdin_filename: str, policy: Policy,
            previous: Document | None, pairing: bool) -> Iterator[FileReport]:
    known = frozenset(r.id for r in ruleset.rules)
    documents = _Documents(ruleset, stdin_filename)
    pairs = _pairs(names, documents) if pairing else {}
    for name in names:
        last_year = previous
        if name in pairs:
            try:
                last_year = documents.load(pairs[name])
            except InputError:
                last_year = None
        yield suppress.apply(_check(name, documents, last_year), policy, known)


# --------------------------------------------------------------------------- worker processes

_WORKER: dict[str, object] = {}  # the rule set and policy of this worker process


def _worker_init(ruleset: RuleSet, policy: Policy) -> None:
    _WORKER.update(ruleset=ruleset, policy=policy, known=frozenset(r.id for r in ruleset.rules))


def _worker_metadata(name: str) -> Metadata | None:
    ruleset = _WORKER["ruleset"]
    assert isinstance(ruleset, RuleSet)
    try:
        return pipeline.probe_path(name, ruleset)
    except InputError:
        return None  # reported when the file's turn comes


def _worker_check(task: tuple[str, str | None]) -> tuple[FileReport, list[str]]:
    name, previous_name = task
    ruleset, policy, known = _WORKER["ruleset"], _WORKER["policy"], _WORKER["known"]
    assert isinstance(ruleset, RuleSet) and isinstance(policy, Policy) and isinstance(known, frozenset)
    documents = _Documents(ruleset, "stdin.txt")
    last_year = None
    if previous_name is not None:
        try:
            last_year = documents.load(previous_name)
        except InputError:
            last_year = None
    return _pack(suppress.apply(_check(name, documents, last_year), policy, known))


def _pack(report: FileReport) -> tuple[FileReport, list[str]]:
    """A report made light for the trip back to the parent: outputs need the metadata, the
    section outline and the results, not the text; each rule travels as its id."""
    ids = [r.rule.id for r in report.results]
    results = [r._replace(rule=None) for r in report.results]  # type: ignore[arg-type]
    document = report.document
    if document is not None:
        document = Document(document.source.with_lines([]), [], document.sections, document.metadata)
    return report._replace(document=document, results=results), ids


def _unpack(packed: tuple[FileReport, list[str]], rules: dict[str, Rule]) -> FileReport:
    report, ids = packed
    return report._replace(results=[r._replace(rule=rules[i]) for r, i in zip(report.results, ids)])


def _parallel(names: Sequence[str], ruleset: RuleSet, policy: Policy, pairing: bool,
              jobs: int) -> Iterator[FileReport]:
    import multiprocessing

    from validator.pairing import pair_documents

    # fork shares the loaded rule set at no cost; elsewhere workers receive it pickled
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, min(16, len(names) // (jobs * 8)))
    with context.Pool(jobs, initializer=_worker_init, initargs=(ruleset, policy)) as pool:
        pairs: dict[str, str] = {}
        if pairing:
            found = pool.imap(_worker_metadata, names, chunksize=chunk)
            pairs = pair_documents({n: m for n, m in zip(names, found) if m is not None}, ruleset.vocabulary.issuers)
        rules = {r.id: r for r in ruleset.rules}
        for packed in pool.imap(_worker_check, [(n, pairs.get(n)) for n in names], chunksize=chunk):
            yield _unpack(packed, rules)


@contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[str], None]]:
    """A transient rich progress bar on stderr for ``total`` files; a no-op when total is 0."""
    if total == 0:
        yield lambda name: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (TextColumn("检查"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda name: bar.update(task, advance=1, description=os.path.basename(name))
