"""The pipeline for one report: read → normalise → segment → metadata → check → score."""

from __future__ import annotations

from collections.abc import Callable

from validator import engine, hanzi, metadata, normalize, readers, segment, timeouts
from validator.errors import InputError
from validator.model import Document, Finding, Paragraph, Section, SourceDocument

# the report record and the pseudo-rule are declared in validator.results; still importable from here
from validator.results import RULE_ERROR, RULE_ERROR_SEVERITY
from validator.results import SECTIONS_RULE as SECTIONS_RULE
from validator.results import FileReport as FileReport
from validator.ruleset import RuleSet
from validator.scoring import score
from validator.segment import Classifier


def analyse(source: SourceDocument, classifier: Classifier) -> Document:
    """Normalise a source document, segment it into sections and extract its metadata."""
    # traditional characters are matched in simplified form; quotes still show the original
    text = "".join(line.text for line in source.lines)
    guard = segment.PatternGuard(wall=timeouts.rule_deadline(len(text)))
    paragraphs, sections = _structure(source, hanzi.char_map_for(text), classifier, guard)
    for top in sections:
        for section in top.walk():
            section.line = source.line_number(paragraphs[section.start].first_line)
    meta = metadata.extract(source, paragraphs, sections, _measures_or_plan(classifier, guard))
    segment.settle_by_year(sections, meta.report_year, classifier, guard)
    return Document(source, paragraphs, sections, meta, notices=classifier_notices(guard))


def _measures_or_plan(classifier: Classifier, guard: segment.PatternGuard) -> Callable[[str], bool]:
    """Whether a heading classed as the plan would be the measures but for that ("2025年度主要举措")."""
    return lambda title: segment.year_made_it_plan(title, classifier, guard)


def _structure(source: SourceDocument, char_map: normalize.CharMap | None, classifier: Classifier,
               guard: segment.PatternGuard) -> tuple[list[Paragraph], list[Section]]:
    """Paragraphs and the section tree; a heading pattern that runs out of time is noted on ``guard``."""
    def heading_line(line: str) -> bool:
        return segment.is_bare_heading(line, classifier, guard)

    paragraphs = normalize.build_paragraphs(source, char_map, heading_line)
    levels = [source.lines[p.first_line].outline_level for p in paragraphs]
    return paragraphs, segment.segment(paragraphs, levels, classifier, guard)


def classifier_notices(guard: segment.PatternGuard) -> list[Finding]:
    """A rule-error finding for each heading pattern that ran out of time while the report was segmented."""
    notices = [_sections_error(
        f"部分分类“{kind.name}”（{kind.kind}）的标题模式 {pattern!r} 在本报告上运行超时"
        f"（超过 {guard.seconds:.1f} 秒），已视为不匹配；依赖部分分类的规则结果可能不准",
        "修改规则文件 sections 中的该标题模式：避免嵌套重复（如 (a+)+），写得更具体",
    ) for kind, pattern in guard.failed.values()]
    if guard.out_of_time:
        notices.append(_sections_error(
            f"部分分类的标题模式在本报告上合计运行超过 {guard.wall:g} 秒，其余标题未作分类；依赖部分分类的规则结果可能不准",
            "减少规则文件 sections 中的标题模式，或写得更具体",
        ))
    return notices


def _sections_error(message: str, hint: str) -> Finding:
    return Finding(
        rule=SECTIONS_RULE, code=RULE_ERROR, severity=RULE_ERROR_SEVERITY, message=message,
        location=None, quote="", hint=hint, basis="fazhi-lint：规则文件中的正则表达式须在限定时间内运行完毕",
    )


def read_source(path: str) -> SourceDocument:
    """Read a report from disk (raises InputError): validator.readers.read_path."""
    return readers.read_path(path)


def no_text(name: str) -> str:
    """Why a file that was read holds nothing to check (an empty file, a scan without OCR)."""
    return f"{name}: 文件中没有可检查的文字"


def check_document(document: Document, ruleset: RuleSet, previous: Document | None = None) -> FileReport:
    if not document.paragraphs:
        return FileReport(document.source.path, document, error=no_text(document.source.path))
    from validator.nature import not_a_report, text_digest

    results = list(engine.run(document, ruleset, previous))
    return FileReport(document.source.path, document, results, score(results), notices=list(document.notices),
                      previous=previous.source.path if previous is not None else None,
                      not_report=not_a_report(document, ruleset.classifier), digest=text_digest(document))


def check_source(source: SourceDocument, ruleset: RuleSet, previous: Document | None = None) -> FileReport:
    return check_document(analyse(source, ruleset.classifier), ruleset, previous)


def load_document(path: str, ruleset: RuleSet) -> Document:
    """Read and analyse one file (raises InputError)."""
    return analyse(read_source(path), ruleset.classifier)


def check_path(path: str, ruleset: RuleSet, previous: Document | None = None) -> FileReport:
    """Check one file; an unreadable file becomes a report carrying its error, never an exception."""
    try:
        source = read_source(path)
    except InputError as exc:
        return FileReport(path, error=str(exc))
    return check_source(source, ruleset, previous)


def check_bytes(data: bytes, name: str, ruleset: RuleSet, previous: Document | None = None) -> FileReport:
    try:
        source = readers.read_bytes(data, name)
    except InputError as exc:
        return FileReport(name, error=str(exc))
    return check_source(source, ruleset, previous)
