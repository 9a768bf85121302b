"""Checking a batch of inputs: expand paths, check each file, yield reports in input order.

``check`` and every command that works over many reports go through here, so batch behaviour
(stdin, directories, unreadable files that must not stop the rest) is defined once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from validator import pipeline, suppress
from validator.errors import UsageError
from validator.pipeline import FileReport
from validator.ruleset import RuleSet
from validator.suppress import Policy

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


def run_batch(paths: Sequence[str], ruleset: RuleSet, stdin_filename: str = "stdin.txt", *,
              policy: Policy = suppress.NO_SUPPRESSION, progress: bool = False) -> Iterator[FileReport]:
    """Check every input; unreadable ones come back as reports carrying their error.

    ``policy`` says what may suppress findings; ``progress`` shows a bar on stderr when there is
    more than one file (the caller decides whether stderr is a terminal).
    """
    names = list(iter_inputs(paths))
    known = frozenset(r.id for r in ruleset.rules)
    with _progress_bar(len(names) if progress and len(names) > 1 else 0) as advance:
        for name in names:
            report = suppress.apply(check_one(name, ruleset, stdin_filename), policy, known)
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
