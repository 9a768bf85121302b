"""What the worker processes do: read, pair, check, summarise, render and annotate the reports of a batch.

Each function runs in a worker process (validator.serve.workers) and takes only plain, picklable values:
paths inside the batch's private directory and the names the reviewer's files were uploaded under. A
report is read once ("read" stores its analysed document next to the upload); "check" loads it, with
last year's report when the batch paired one; "summarize" builds the summary from the stored results. The
server process itself never parses a report, loads a rule set or imports a reader.

Reports are read from their bytes under their uploaded names (``readers.read_bytes``), so every message and
every output names the file as the reviewer knows it, never the temporary file it is stored in.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from validator.model import Document, Metadata
    from validator.results import FileReport
    from validator.ruleset import RuleSet
    from validator.suppress import Policy
    from validator.summary.model import Summary

    from validator.serve.outputs import BatchInfo, Download

# what the reviewer may choose as the rule set: a profile by name, or one chosen by the issuer's kind
AUTO = "auto"
AUTO_PORTAL = "auto-portal"
AUTO_PROFILES = {AUTO: {"government": "government", "department": "department"},
                 AUTO_PORTAL: {"government": "portal", "department": "department-portal"}}
KINDS = ("government", "department")


@dataclass(frozen=True)
class ServerConfig:
    """What every worker needs from the command line: the configuration file and extra rule files."""

    config: str | None = None
    rules: tuple[str, ...] = ()


class Read(NamedTuple):
    """The outcome of reading one upload: its metadata, or why it cannot be read."""

    metadata: Metadata | None
    error: str | None


class Checked(NamedTuple):
    status: str
    profile: str


class Entry(NamedTuple):
    """One report of the batch for the summary: its name, and its stored result or why it was not checked."""

    name: str
    result: str | None  # path of the stored, packed report
    profile: str
    error: str | None


_CONFIG = ServerConfig()
_RULESETS: dict[str, tuple[RuleSet, Policy]] = {}


def configure(config: ServerConfig) -> None:
    """Start of a worker: remember the configuration; rule sets are loaded on first use and kept."""
    global _CONFIG
    _CONFIG = config
    _RULESETS.clear()


def ruleset_for(profile: str) -> tuple[RuleSet, Policy]:
    """The rule set and suppression policy for a profile ("" for the configuration's own)."""
    if profile not in _RULESETS:
        from validator.config import CommandLine, resolve

        settings = resolve(CommandLine(config=_CONFIG.config, rules=_CONFIG.rules, profile=profile or None))
        _RULESETS[profile] = (settings.build_ruleset(), settings.policy(no_suppress=False))
    return _RULESETS[profile]


def profile_for(choice: str, kind: str | None, fallback: str) -> str:
    """The profile a report is checked with: the reviewer's choice, or by the issuer's kind for "auto"."""
    table = AUTO_PROFILES.get(choice)
    if table is None:
        return choice
    return table[kind if kind in table else fallback]


# --------------------------------------------------------------------------- tasks


def warm(profile: str) -> tuple[dict[str, str], str | None]:
    """Load a rule set now (a bad --rules, --config or --profile is said at start-up): the profiles (name:
    description) and the profile the configuration file names, if any."""
    from validator.config import CommandLine, load_profiles, resolve

    ruleset_for(profile)
    configured = resolve(CommandLine(config=_CONFIG.config, rules=_CONFIG.rules)).profile[0]
    return {name: str(p.get("description", "")) for name, p in load_profiles().items()}, configured


def read(stored: str, name: str, out: str) -> Read:
    """Read and analyse an upload under its uploaded name; the document is stored at ``out``."""
    from validator import pipeline, readers
    from validator.errors import InputError
    from validator.fileio import read_input
    from validator.limits import MAX_INPUT_BYTES, too_large

    ruleset, _ = ruleset_for("")
    try:
        data = read_input(stored, MAX_INPUT_BYTES)
        if len(data) > MAX_INPUT_BYTES:
            raise too_large(name, len(data))
        document = pipeline.analyse(readers.read_bytes(data, name), ruleset.classifier)
    except InputError as exc:
        return Read(None, str(exc).replace(stored, name))
    if not document.paragraphs:
        return Read(None, pipeline.no_text(name))
    _dump(document, out)
    return Read(document.metadata, None)


def pair(metadata: Mapping[str, Metadata], current: Sequence[str]) -> dict[str, str]:
    """{this year's name: last year's name} for the reports of a batch (as ``summary`` pairs them)."""
    from validator.pairing import pair_documents

    ruleset, _ = ruleset_for("")
    wanted = set(current)
    return {k: v for k, v in pair_documents(metadata, ruleset.vocabulary.issuers).items() if k in wanted}


def check(document_path: str, previous_path: str | None, choice: str, fallback: str, out: str) -> Checked:
    """Check a stored document (against last year's when given); the packed report is stored at ``out``."""
    report, profile = _check(document_path, previous_path, choice, fallback)
    _dump(_pack(report), out)
    return Checked(report.status, profile)


def _check(document_path: str, previous_path: str | None, choice: str, fallback: str) -> tuple[FileReport, str]:
    from validator import pipeline, suppress

    document: Document = _load(document_path)
    previous: Document | None = _load(previous_path) if previous_path else None
    profile = profile_for(choice, document.metadata.issuer_kind, fallback)
    ruleset, policy = ruleset_for(profile)
    report = pipeline.check_document(document, ruleset, previous)
    return suppress.apply(report, policy, frozenset(r.id for r in ruleset.rules)), profile


def summarize(entries: Sequence[Entry], choice: str) -> Summary:
    """The batch's summary, from the stored reports (and those that could not be read)."""
    from validator.results import FileReport
    from validator.serve.outputs import build

    reports = []
    for entry in entries:
        if entry.result is None:
            reports.append(FileReport(entry.name, error=entry.error or f"{entry.name}: 未检查"))
            continue
        ruleset, _ = ruleset_for(entry.profile)
        reports.append(_unpack(_load(entry.result), ruleset))
    # rates over every rule any report was checked with: by-kind choices use the government rules (a superset)
    base = AUTO_PROFILES[choice]["government"] if choice in AUTO_PROFILES else choice
    ruleset, _ = ruleset_for(base)
    return build(reports, ruleset)


def render(kind: str, summary: Summary, info: BatchInfo, index: int) -> Download:
    """One download made from the summary: "xlsx", "html", "opinion" (of row ``index``) or "opinions"."""
    from validator.serve import outputs

    if kind == "xlsx":
        return outputs.xlsx(summary, info)
    if kind == "html":
        return outputs.html(summary, info)
    if kind == "opinion":
        return outputs.opinion(summary.rows[index], info)
    return outputs.opinions_zip(summary, info)


def annotate(stored: str, name: str, document_path: str, previous_path: str | None, profile: str,
             out: str, author: str) -> int:
    """Write the report with its findings as Word comments to ``out`` (the number of finding comments)."""
    from validator.errors import InputError
    from validator.fileio import read_input
    from validator.limits import MAX_INPUT_BYTES
    from validator.serve import outputs

    report, _ = _check(document_path, previous_path, profile, "government")
    try:
        original = read_input(stored, MAX_INPUT_BYTES)
    except InputError:
        raise InputError(f"{name}: 无法再次读取，未写批注文件") from None
    return outputs.annotated(report, original, out, author)


TASKS: dict[str, Any] = {"warm": warm, "read": read, "pair": pair, "check": check, "summarize": summarize,
                         "render": render, "annotate": annotate}


# --------------------------------------------------------------------------- storing between tasks


def _dump(value: object, path: str) -> None:
    """Pickle into the batch's private directory (only this user can write there, so only we can have
    written what is loaded back)."""
    with open(path, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _load(path: str) -> Any:
    with open(path, "rb") as fh:
        return pickle.load(fh)  # noqa: S301 - our own file in a 0700 directory


def _pack(report: FileReport) -> tuple[FileReport, list[str]]:
    """A report without its text (the summary needs the metadata and the results) and each rule as its id."""
    from validator.model import Document

    ids = [r.rule.id for r in report.results]
    results = [r._replace(rule=None) for r in report.results]  # type: ignore[arg-type]
    document = report.document
    if document is not None:
        document = Document(document.source.with_lines([]), [], [], document.metadata)
    return report._replace(document=document, results=results), ids


def _unpack(packed: tuple[FileReport, list[str]], ruleset: RuleSet) -> FileReport:
    report, ids = packed
    rules = {r.id: r for r in ruleset.rules}
    return report._replace(results=[r._replace(rule=rules[i]) for r, i in zip(report.results, ids)])
