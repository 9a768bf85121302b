"""Random Unicode straight to the engine: every line attribute a reader can set, with and without last year's report.

Every check type must return a verdict for any text; the results must serialise to JSON that matches
the output schema, and every formatter must render them.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from tests.robustness import strategies as gen
from validator.formatters import FORMATTERS, get_formatter
from validator.model import SourceDocument, SourceLine
from validator.pipeline import analyse, check_source
from validator.results import RunStats

OUTPUT_SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "validator" / "schemas" / "output.schema.json")
                           .read_text(encoding="utf-8"))

line_text = st.one_of(gen.report_text, gen.any_text).map(lambda t: t.replace("\n", "").replace("\r", ""))


@st.composite
def source_lines(draw: st.DrawFn) -> list[SourceLine]:
    # the values readers give: 1-based numbers, outline levels 1-9 (Word), 1-6 (Markdown), 2-6 (<h2>)
    number = st.one_of(st.none(), st.integers(1, 12))
    level = st.one_of(st.none(), st.integers(1, 9))
    return [SourceLine(draw(line_text), paragraph=draw(number), page=draw(number), outline_level=draw(level),
                       ends_paragraph=draw(st.sampled_from([None, True, False])), line_number=draw(number))
            for _ in range(draw(st.integers(0, 30)))]


@st.composite
def source_documents(draw: st.DrawFn, name: str = "random") -> SourceDocument:
    fmt = draw(st.sampled_from(["txt", "md", "docx", "pdf", "html"]))
    return SourceDocument(path=f"{name}.{fmt}", format=fmt, lines=draw(source_lines()))


@given(source=source_documents(), previous=st.one_of(st.none(), source_documents("previous")))
def test_random_documents_give_a_report_for_every_rule(source: SourceDocument, previous: SourceDocument | None) -> None:
    ruleset = gen.default_rules()
    last_year = analyse(previous, ruleset.classifier) if previous is not None else None
    report = check_source(source, ruleset, last_year)
    if report.error is not None:
        assert not report.document or not report.document.paragraphs
        return
    assert [r.rule.id for r in report.results] == [r.id for r in ruleset.rules if r.enabled]
    assert all(r.status != "error" for r in report.results)  # no rule ran out of time on a small text
    assert report.score is not None and (report.score.value is None or 0 <= report.score.value <= 100)
    out = io.StringIO()
    formatter = get_formatter("json")(out, ruleset, color=False)
    formatter.add(report)
    formatter.finish(RunStats())
    jsonschema.validate(json.loads(out.getvalue()), OUTPUT_SCHEMA)


@given(source=source_documents(), name=st.sampled_from(sorted(FORMATTERS)))
def test_every_formatter_renders_random_reports(source: SourceDocument, name: str) -> None:
    ruleset = gen.default_rules()
    report = check_source(source, ruleset)
    out = io.StringIO()
    formatter = get_formatter(name)(out, ruleset, color=False)
    formatter.add(report)
    formatter.finish(RunStats())
    if name in ("json", "sarif"):
        json.loads(out.getvalue())
