"""The pipeline for one report: read → normalise → segment → metadata → check → score."""

from __future__ import annotations

from dataclasses import dataclass, field

from validator import engine, metadata, normalize, readers, segment
from validator.engine import RuleResult
from validator.errors import InputError
from validator.model import Document, Finding, Metadata, SourceDocument
from validator.ruleset import RuleSet
from validator.scoring import Score, score
from validator.segment import Classifier


@dataclass
class FileReport:
    path: str
    document: Document | None = None
    results: list[RuleResult] = field(default_factory=list)
    score: Score | None = None
    error: str | None = None  # why the file could not be read

    @property
    def status(self) -> str:
        if self.error is not None or self.score is None:
            return "error"
        return self.score.status

    @property
    def metadata(self) -> Metadata | None:
        return self.document.metadata if self.document else None

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]


def analyse(source: SourceDocument, classifier: Classifier) -> Document:
    """Normalise a source document, segment it into sections and extract its metadata."""
    paragraphs = normalize.build_paragraphs(source)
    levels = [source.lines[p.first_line].outline_level for p in paragraphs]
    sections = segment.segment(paragraphs, levels, classifier)
    meta = metadata.extract(source, paragraphs, sections)
    return Document(source, paragraphs, sections, meta)


def check_source(source: SourceDocument, ruleset: RuleSet) -> FileReport:
    document = analyse(source, ruleset.classifier)
    if not document.paragraphs:
        return FileReport(source.path, document, error=f"{source.path}: 文件中没有可检查的文字")
    results = list(engine.run(document, ruleset))
    return FileReport(source.path, document, results, score(results))


def check_path(path: str, ruleset: RuleSet) -> FileReport:
    """Check one file; an unreadable file becomes a report carrying its error, never an exception."""
    try:
        source = readers.read_path(path)
    except InputError as exc:
        return FileReport(path, error=str(exc))
    return check_source(source, ruleset)


def check_bytes(data: bytes, name: str, ruleset: RuleSet) -> FileReport:
    try:
        source = readers.read_bytes(data, name)
    except InputError as exc:
        return FileReport(name, error=str(exc))
    return check_source(source, ruleset)
