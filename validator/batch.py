"""Checking a batch of inputs: expand paths, check each file, yield reports in input order.

``check`` and every command that works over many reports go through here, so batch behaviour
(stdin, directories, unreadable files that must not stop the rest, suppression, progress, and
pairing each report with last year's report by the same issuer) is defined once.
"""

from __future__ import annotations

import os
import pickle
import signal
import stat
import sys
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NamedTuple

from validator import pipeline, suppress
from validator.errors import InputError, UsageError
from validator.model import Document, Metadata
from validator.results import FileReport
from validator.ruleset import Rule, RuleSet
from validator.suppress import Policy

STDIN = "-"
# Documents read are kept for pairing, up to this many, and as many reports wait in memory for the
# batch's pairs (the rest wait on disk, see _Waiting): memory stays flat however long the batch.
_KEEP_DOCUMENTS = 64


class Inputs(NamedTuple):
    """What a command line names, expanded: files in order, and what could not be walked.

    ``problems`` maps a name in ``names`` that cannot be checked (a directory that cannot be read) to the
    reason; it becomes an unreadable report in its place (exit 3). ``notes`` are said on stderr and change
    nothing else (a directory that held no reports, a link that leads out of the directory).
    """

    names: list[str]
    problems: dict[str, str]
    notes: list[str]


def expand_inputs(paths: Sequence[str]) -> Inputs:
    """Files to check, in order: explicit files as given, directories walked for known types.

    A walk takes regular files with a known suffix, skips hidden files and directories, Office lock files
    (``~$报告.docx``, LibreOffice's ``.~lock.报告.docx#``) and other temporary copies (``~WRL0001.docx``),
    saying once how many report-like files it passed over, and never follows a symbolic link to a directory. A symbolic link to a file is followed only when the file it
    leads to lies inside the directory being walked: a link out of the tree (to /etc/passwd, to a
    colleague's home) is skipped with a note, so a walk never reads, and never quotes in its outputs,
    what the tree's owner did not put in it. A file named explicitly is read whatever it is.
    """
    from validator.readers import supported_suffixes

    suffixes = frozenset(supported_suffixes())
    names: list[str] = []
    problems: dict[str, str] = {}
    notes: list[str] = []
    empty: list[str] = []
    passed_over: list[str] = []
    for raw in paths:
        if raw == STDIN or not _is_directory(raw):
            names.append(raw)
            continue
        found, locked, skipped, hidden = _walk(raw, suffixes)
        notes += skipped
        passed_over += hidden
        for path, reason in locked.items():
            problems[path] = reason
        if not found and not locked:
            empty.append(f"{raw}: 目录中没有可检查的文件（支持：{'、'.join(sorted(suffixes))}）")
        names += sorted([*found, *locked])
    if not names:  # nothing at all to check is a mistake in the command line
        raise UsageError("；".join(empty) if empty else "没有要检查的文件")
    notes += [f"{message}，已跳过" for message in empty]
    if passed_over:
        example = os.path.basename(passed_over[0])
        notes.append(f"跳过了 {len(passed_over)} 个隐藏文件、Office 锁定文件或临时文件（如 {example}），它们不是报送的报告")
    return Inputs(names, problems, notes)


def _passed_over(name: str, suffixes: frozenset[str]) -> bool:
    """A hidden file, an Office lock file or a temporary copy that would otherwise look like a report."""
    if not name.startswith((".", "~")):
        return False
    bare = name.removeprefix(".~lock.").rstrip("#")  # LibreOffice's lock file: .~lock.报告.docx#
    return os.path.splitext(bare)[1].lower() in suffixes


def _is_directory(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _walk(root: str, suffixes: frozenset[str]) -> tuple[list[str], dict[str, str], list[str], list[str]]:
    """(report files, {directory that cannot be read: why}, notes, report-like files passed over) under
    ``root``, iteratively."""
    found: list[str] = []
    locked: dict[str, str] = {}
    notes: list[str] = []
    hidden: list[str] = []
    top = os.path.realpath(root)
    pending = [str(Path(root))]  # "./reports/" walks as "reports", as pathlib spells it
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError as exc:
            locked[directory] = _unreadable_directory(directory, exc)
            continue
        for entry in entries:
            # hidden, Word's owner file (~$报告.docx: 162 bytes, not a document) and other temporary copies
            if entry.name.startswith((".", "~")):
                if _passed_over(entry.name, suffixes):
                    hidden.append(entry.path)
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif os.path.splitext(entry.name)[1].lower() in suffixes:
                    kind = _report_entry(entry, top)
                    if kind == "file":
                        found.append(entry.path)
                    elif kind == "outside":
                        notes.append(f"{entry.path}: 是指向检查目录之外的符号链接，已跳过")
            except OSError as exc:  # its type cannot even be looked up (a directory without the x bit)
                why = "没有权限" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
                locked[entry.path] = f"{entry.path}: 无法读取（{why}），未检查"
    return found, locked, notes, sorted(hidden)


def _report_entry(entry: os.DirEntry[str], top: str) -> str:
    """"file" for a regular file to check, "outside" for a link leading out of the tree, "" to pass over."""
    if not entry.is_symlink():
        return "file" if entry.is_file(follow_symlinks=False) else ""
    if not entry.is_file(follow_symlinks=True):
        return ""  # a dangling link, or one to a directory, FIFO or device
    target = os.path.realpath(entry.path)
    return "file" if os.path.commonpath([top, target]) == top else "outside"


def _unreadable_directory(path: str, exc: OSError) -> str:
    why = "没有权限" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
    return f"{path}: 无法读取目录（{why}），其中的报告未检查"


def load_one(name: str, ruleset: RuleSet, stdin_filename: str = "stdin.txt") -> Document:
    """Read and analyse one input (raises InputError)."""
    if name == STDIN:
        from validator import readers

        return pipeline.analyse(readers.read_stream(sys.stdin.buffer, stdin_filename), ruleset.classifier)
    return pipeline.load_document(name, ruleset)


class _Documents:
    """Documents by input name: a bounded memory of what was already read, reading again on a miss."""

    def __init__(self, ruleset: RuleSet, stdin_filename: str, problems: Mapping[str, str] | None = None) -> None:
        self.ruleset = ruleset
        self.stdin_filename = stdin_filename
        self.problems = problems or {}
        self.kept: OrderedDict[str, Document] = OrderedDict()

    def load(self, name: str) -> Document:
        """Read one input (raises InputError); stdin is read once and always kept."""
        if name in self.problems:
            raise InputError(self.problems[name])
        if name in self.kept:
            self.kept.move_to_end(name)
            return self.kept[name]
        document = load_one(name, self.ruleset, self.stdin_filename)
        self.kept[name] = document
        while len(self.kept) > _KEEP_DOCUMENTS and next(iter(self.kept)) != STDIN:
            self.kept.popitem(last=False)
        return document


# A report waiting for the batch's pairs as a light record pickled by this process (see _Waiting).
_Packed = tuple[FileReport, list[str]]


class _Waiting:
    """Reports checked on their own, waiting in input order until the batch's pairs are known.

    The first ``_KEEP_DOCUMENTS`` wait in memory as they are; the rest are made light (as for the trip back
    from a worker) and pickled into an anonymous temporary file, so memory stays flat however long the
    batch. Only this process writes that file (it has no name anyone else could open), so unpickling it
    trusts nothing from outside.
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = {r.id: r for r in rules}
        self.metadata: dict[str, Metadata] = {}  # what pairing needs, of every report read
        self.memory: dict[int, FileReport] = {}
        self.spill: IO[bytes] | None = None
        self.places: dict[int, tuple[int, int]] = {}

    def note(self, name: str, metadata: Metadata | None) -> None:
        if metadata is not None:
            self.metadata[name] = metadata

    def put(self, index: int, report: FileReport) -> None:
        if self._in_memory():
            self.memory[index] = report
        else:
            self.put_pickled(index, pickle.dumps(_pack(report), pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, index: int, data: bytes) -> None:
        """A light report pickled by a worker of this run: written to disk as it came."""
        if self._in_memory():
            self.memory[index] = _unpack(pickle.loads(data), self.rules)  # noqa: S301 - our own worker's
            return
        if self.spill is None:
            self.spill = tempfile.TemporaryFile(prefix="fazhi-lint-")
        self.places[index] = (self.spill.seek(0, os.SEEK_END), len(data))
        self.spill.write(data)

    def take(self, index: int) -> FileReport:
        if index in self.memory:
            return self.memory.pop(index)
        assert self.spill is not None
        offset, size = self.places.pop(index)
        self.spill.seek(offset)
        packed: _Packed = pickle.loads(self.spill.read(size))  # noqa: S301 - written by this process
        return _unpack(packed, self.rules)

    def close(self) -> None:
        if self.spill is not None:
            self.spill.close()

    def _in_memory(self) -> bool:
        return self.spill is None and len(self.memory) < _KEEP_DOCUMENTS


def _alone(name: str, documents: _Documents, policy: Policy, known: frozenset[str]) -> tuple[FileReport,
                                                                                            Metadata | None]:
    """A report checked on its own (no last year's report), and the metadata pairing needs from it."""
    report = suppress.apply(_check(name, documents, None), policy, known)
    return report, report.document.metadata if report.document is not None else None


def _check(name: str, documents: _Documents, previous: Document | None) -> FileReport:
    try:
        document = documents.load(name)
    except InputError as exc:
        return FileReport(name, error=str(exc))
    return pipeline.check_document(document, documents.ruleset, previous)


def _with_last_year(name: str, last_year: str | None, documents: _Documents, policy: Policy,
                    known: frozenset[str]) -> FileReport:
    """A report checked with last year's report by name (without it when there is none or it is unreadable)."""
    previous: Document | None = None
    if last_year is not None:
        try:
            previous = documents.load(last_year)
        except InputError:
            previous = None
    return suppress.apply(_check(name, documents, previous), policy, known)


def run_batch(paths: Sequence[str] | Inputs, ruleset: RuleSet, stdin_filename: str = "stdin.txt", *,
              policy: Policy = suppress.NO_SUPPRESSION, progress: bool = False,
              previous: Document | None = None, pair: bool = True, jobs: int = 1) -> Iterator[FileReport]:
    """Check every input; unreadable ones come back as reports carrying their error.

    ``paths`` are expanded by ``expand_inputs`` unless they already are. ``policy`` says what may suppress
    findings; ``progress`` shows a bar on stderr when there is more than one file (the caller decides
    whether stderr is a terminal). ``previous`` is last year's report for a single input (``check
    --previous``); otherwise, with ``pair``, each report is checked against last year's report by the same
    issuer when the batch holds one. With ``jobs`` > 1 the files are checked by up to that many worker
    processes (fewer when the batch, the cores or the open-file limit allow fewer); reports still come back
    in input order.

    Each file is read and analysed once. When pairing, every report is first checked on its own; once all
    are, the pairs are known from their full metadata, and only a report that has last year's report in the
    batch is checked again, with it. So no report can be shown before the whole batch is checked.
    """
    from validator.streams import check_signals

    inputs = paths if isinstance(paths, Inputs) else expand_inputs(paths)
    names = inputs.names
    pairing = previous is None and pair and len(names) > 1
    documents = _Documents(ruleset, stdin_filename, inputs.problems)
    workers = worker_count(jobs, len(names)) if STDIN not in names else 1
    with _progress_bar(len(names) if progress and len(names) > 1 else 0) as advance:
        if workers > 1:
            reports = _parallel(names, documents, policy, pairing, workers, advance)
        else:
            reports = _serial(names, documents, policy, previous, pairing, advance)
        for report in reports:
            check_signals()
            yield report


def _serial(names: Sequence[str], documents: _Documents, policy: Policy, previous: Document | None,
            pairing: bool, advance: Callable[[str], None]) -> Iterator[FileReport]:
    from validator.streams import check_signals

    known = frozenset(r.id for r in documents.ruleset.rules)
    if not pairing:
        for name in names:
            report = suppress.apply(_check(name, documents, previous), policy, known)
            advance(name)
            yield report
        return
    waiting = _Waiting(documents.ruleset.rules)
    try:
        for index, name in enumerate(names):
            report, found = _alone(name, documents, policy, known)
            waiting.note(name, found)
            waiting.put(index, report)
            advance(name)
            check_signals()
        pairs = _pairs(waiting.metadata, documents.ruleset)
        for index, name in enumerate(names):
            report = waiting.take(index)
            if name in pairs:
                report = _with_last_year(name, pairs[name], documents, policy, known)
            yield report
    finally:
        waiting.close()


def _pairs(metadata: Mapping[str, Metadata], ruleset: RuleSet) -> dict[str, str]:
    """{name: last year's name} for the reports of a batch (validator.pairing.pair_documents)."""
    from validator.pairing import pair_documents

    return pair_documents(metadata, ruleset.vocabulary.issuers)


# --------------------------------------------------------------------------- worker processes

# Worker processes per core at most: the checks are CPU-bound, and each worker holds its own copy of the
# rule set and a report, so `-j 1000` on two cores would only cost memory and file descriptors.
MAX_JOBS_PER_CPU = 2
MIN_JOBS_CAP = 4  # ... but never fewer than this, so parallel checking works on one or two cores
# File descriptors the parent keeps per worker (its process sentinel and pipe ends), and those kept for
# everything else (the standard streams, the pool's queues, an output file, the reports being read).
FDS_PER_WORKER = 4
FDS_RESERVED = 32

_WORKER: dict[str, object] = {}  # the rule set and policy of this worker process
# what the parent handles for its workers
_SIGNALS = {signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])}


def worker_count(requested: int, files: int) -> int:
    """How many worker processes to start for ``requested`` jobs over ``files`` files (1: check in-process)."""
    cap = max(MIN_JOBS_CAP, MAX_JOBS_PER_CPU * _cores())
    return max(1, min(requested, files, cap, _descriptor_budget()))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _descriptor_budget() -> int:
    """Workers the open-file limit leaves room for (unlimited where there is no such limit)."""
    try:
        import resource
    except ImportError:
        return 1 << 30
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return 1 << 30
    return max(1, (soft - FDS_RESERVED) // FDS_PER_WORKER)


def _worker_init(ruleset: RuleSet, policy: Policy, problems: Mapping[str, str]) -> None:
    """Start of a worker: the parent alone handles Ctrl-C and SIGTERM, and stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # ... and so does a closed terminal's SIGHUP
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool stops its workers with SIGTERM
    _die_with_parent()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    _WORKER.update(ruleset=ruleset, policy=policy, known=frozenset(r.id for r in ruleset.rules),
                   problems=problems)


def _die_with_parent() -> None:
    """Linux: be sent SIGTERM when the parent dies, even by SIGKILL, so no worker is ever orphaned."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _worker_documents() -> _Documents:
    ruleset, problems = _WORKER["ruleset"], _WORKER["problems"]
    assert isinstance(ruleset, RuleSet) and isinstance(problems, dict)
    return _Documents(ruleset, "stdin.txt", problems)


def _worker_known() -> tuple[Policy, frozenset[str]]:
    policy, known = _WORKER["policy"], _WORKER["known"]
    assert isinstance(policy, Policy) and isinstance(known, frozenset)
    return policy, known


def _worker_alone(name: str) -> tuple[bytes, Metadata | None]:
    """A report checked on its own, pickled here: the parent keeps it as bytes until the pairs are known."""
    report, metadata = _alone(name, _worker_documents(), *_worker_known())
    return pickle.dumps(_pack(report), pickle.HIGHEST_PROTOCOL), metadata


def _worker_check(task: tuple[str, str | None]) -> _Packed:
    name, previous_name = task
    return _pack(_with_last_year(name, previous_name, _worker_documents(), *_worker_known()))


def _pack(report: FileReport) -> _Packed:
    """A report made light for the trip back to the parent: outputs need the metadata, the
    section outline and the results, not the text; each rule travels as its id."""
    ids = [r.rule.id for r in report.results]
    results = [r._replace(rule=None) for r in report.results]  # type: ignore[arg-type]
    document = report.document
    if document is not None:
        document = Document(document.source.with_lines([]), [], document.sections, document.metadata)
    return report._replace(document=document, results=results), ids


def _unpack(packed: _Packed, rules: dict[str, Rule]) -> FileReport:
    report, ids = packed
    return report._replace(results=[r._replace(rule=rules[i]) for r, i in zip(report.results, ids)])


def _parallel(names: Sequence[str], documents: _Documents, policy: Policy, pairing: bool,
              jobs: int, advance: Callable[[str], None]) -> Iterator[FileReport]:
    """Check in worker processes; when they cannot be started (no processes or descriptors left), in this one."""
    pool = _start_pool(documents, policy, jobs)
    if pool is None:
        yield from _serial(names, documents, policy, None, pairing, advance)
        return
    from validator.streams import check_signals

    chunk = max(1, min(16, len(names) // (jobs * 8)))
    rules = {r.id: r for r in documents.ruleset.rules}
    with pool:
        if not pairing:
            for name, packed in zip(names, pool.imap(_worker_check, [(n, None) for n in names], chunksize=chunk)):
                advance(name)
                yield _unpack(packed, rules)
            return
        waiting = _Waiting(documents.ruleset.rules)
        try:
            alone = pool.imap(_worker_alone, names, chunksize=chunk)
            for index, (name, (pickled, found)) in enumerate(zip(names, alone)):
                waiting.note(name, found)
                waiting.put_pickled(index, pickled)
                advance(name)
                check_signals()
            pairs = _pairs(waiting.metadata, documents.ruleset)
            paired = [(index, name) for index, name in enumerate(names) if name in pairs]
            again = pool.imap(_worker_check, [(name, pairs[name]) for _, name in paired])
            redone = dict(zip((index for index, _ in paired), again))
            for index in range(len(names)):
                report = waiting.take(index)
                yield _unpack(redone.pop(index), rules) if index in redone else report
        finally:
            waiting.close()


def _start_pool(documents: _Documents, policy: Policy, jobs: int) -> Any:
    """A pool of ``jobs`` workers, or None when the system refuses to start them.

    Ctrl-C and SIGTERM are blocked while the workers are forked, so none of them can be interrupted
    before it has set its own handlers (a KeyboardInterrupt traceback from each worker); a signal that
    arrives meanwhile is delivered to the parent once they are blocked no more.
    """
    import multiprocessing

    # fork shares the loaded rule set at no cost; elsewhere workers receive it pickled
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    masking = hasattr(signal, "pthread_sigmask")
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS) if masking else set()
    try:
        return context.Pool(jobs, initializer=_worker_init,
                            initargs=(documents.ruleset, policy, dict(documents.problems)))
    except OSError as exc:  # EAGAIN: no more processes; EMFILE: no more file descriptors
        print(f"fazhi-lint: 注意：无法启动 {jobs} 个检查进程（{exc.strerror or exc}），改为在本进程中检查",
              file=sys.stderr)
        return None
    finally:
        if masking:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


@contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[str], None]]:
    """A transient rich progress bar on stderr for ``total`` files; a no-op when total is 0."""
    if total == 0:
        yield lambda name: None
        return
    from validator.streams import console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from validator.escape import visible

    # the file name is shown as text, never read as rich markup ("[/x].txt" would stop the run)
    columns = (TextColumn("检查"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}", markup=False))
    with Progress(*columns, console=console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda name: bar.update(task, advance=1, description=visible(os.path.basename(name)))
