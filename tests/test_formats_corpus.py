"""The real reports in ../shared/corpus/formats/ give the verdicts of their plain-text seeds.

(The article itself says 政府信息公开 and 政务服务, so only words unique to the page chrome are looked for.)
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FORMATS, LABELS, ROOT, SEEDS, SHARED, needs_shared
from tests.test_corpus import ELEMENT_RULE, expected_status, labels
from validator import cli, readers
from validator.pipeline import FileReport, analyse, check_path
from validator.ruleset import RuleSet

SCANNED = "000_8b4115d30d65c2bd.scanned.pdf"
WEB_PAGE = "004_c58d531426816b9d.govsite.html"
CHROME = ("首页", "互动交流", "当前位置", "发布时间", "浏览次数", "分享到", "相关链接",
          "主办单位", "网站标识码", "ICP", "公网安备", "政务公开工作要点")


def renderings() -> list[Any]:
    if not LABELS.is_file():
        return [pytest.param(None, marks=needs_shared)]
    return [pytest.param(p.name, id=p.name.split("_")[0] + "." + ".".join(p.name.split(".")[1:]))
            for p in sorted(FORMATS.iterdir()) if p.name != "README.md" and p.name != SCANNED]


def seed_of(name: str) -> Path:
    (seed,) = [p for p in SEEDS.iterdir() if p.name.split("_")[0] == name.split("_")[0]]
    return seed


def checklist(report: FileReport) -> dict[str, tuple[str, float | None]]:
    assert report.error is None, report.error
    return {r.rule.id: (str(r.status), r.credit) for r in report.results}


@needs_shared
@pytest.mark.parametrize("name", renderings())
def test_rendering_gives_the_checklist_of_its_seed(ruleset: RuleSet, name: str) -> None:
    rendering = check_path(str(FORMATS / name), ruleset)
    seed = check_path(str(seed_of(name)), ruleset)
    got, want = checklist(rendering), checklist(seed)
    if name == WEB_PAGE:
        # the page's release date is a fact the plain text does not carry: the deadline rule applies
        assert got.pop("report.deadline") == ("pass", 1.0)
        want.pop("report.deadline")
    # conversion debris belongs to the container: the .txt seed's sentences split by blank lines are
    # page breaks that a PDF reader joins, so only this rule may differ between renderings
    got.pop("format.conversion-debris")
    want.pop("format.conversion-debris")
    # so is the layout of a .docx (page, fonts, footers): a plain-text seed has none
    for rule in [r for r in got if r.startswith("layout.")]:
        got.pop(rule)
        assert want.pop(rule) == ("not_applicable", None)
    assert got == want


@needs_shared
@pytest.mark.parametrize("name", renderings())
def test_rendering_agrees_with_the_hand_labels(ruleset: RuleSet, name: str) -> None:
    label = labels()[seed_of(name).name]
    verdicts = {r.rule.id: r.status for r in check_path(str(FORMATS / name), ruleset).results}
    for element, rule in [*ELEMENT_RULE.items(), ("plan_year", "report.plan-year")]:
        assert verdicts[rule] in expected_status(element, label), (element, verdicts[rule])


@needs_shared
@pytest.mark.parametrize("name", renderings())
def test_rendering_has_the_metadata_and_sections_of_its_seed(ruleset: RuleSet, name: str) -> None:
    rendering = analyse(readers.read_path(str(FORMATS / name)), ruleset.classifier)
    seed = analyse(readers.read_path(str(seed_of(name))), ruleset.classifier)
    got, want = rendering.metadata.as_dict(), seed.metadata.as_dict()
    if name == WEB_PAGE:
        assert got.pop("published") == "2025-03-20"
        want.pop("published")
    assert got == want
    assert [(s.kind, s.title) for s in rendering.sections] == [(s.kind, s.title) for s in seed.sections]


@needs_shared
def test_autonumbered_docx_finds_every_section_with_its_label(ruleset: RuleSet) -> None:
    (docx,) = FORMATS.glob("*.autonumbered.docx")
    document = analyse(readers.read_path(str(docx)), ruleset.classifier)
    tops = [(s.kind, s.title) for s in document.sections if s.heading is not None]
    assert [kind for kind, _ in tops] == ["measures", "problems", "first-responsible", "plan"]
    assert [title[:2] for _, title in tops] == ["一、", "二、", "三、", "四、"]
    assert [c.title[:3] for c in document.sections[1].children] == [f"（{n}）" for n in "一二三四五六七"]


@needs_shared
def test_pdf_survives_its_line_wraps(ruleset: RuleSet) -> None:
    (pdf,) = [p for p in FORMATS.glob("*.pdf") if p.name != SCANNED]
    document = analyse(readers.read_path(str(pdf)), ruleset.classifier)
    seed = analyse(readers.read_path(str(seed_of(pdf.name))), ruleset.classifier)
    assert [p.text for p in document.paragraphs] == [p.text for p in seed.paragraphs]


@needs_shared
def test_scanned_pdf_exits_3_with_the_ocr_message_and_the_batch_goes_on(capsys: pytest.CaptureFixture[str],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from validator.readers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)  # without the ocr extra (tests/readers/test_ocr.py: with)
    files = [str(FORMATS / SCANNED), *(str(FORMATS / n) for n in sorted(p.name for p in FORMATS.iterdir())
                                       if n not in (SCANNED, "README.md"))]
    code = cli.main(["check", *files, "--format", "json"])
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert code == 3
    statuses = {Path(f["path"]).name: f["status"] for f in data["files"]}
    assert statuses.pop(SCANNED) == "error"
    assert set(statuses.values()) == {"pass"}
    (line,) = err.strip().splitlines()
    assert SCANNED in line and "没有文字层" in line and "OCR" in line


@needs_shared
def test_web_page_has_its_release_date_and_no_chrome_in_findings(ruleset: RuleSet) -> None:
    report = check_path(str(FORMATS / WEB_PAGE), ruleset)
    assert report.metadata is not None and report.metadata.published == dt.date(2025, 3, 20)
    quotes = [f.quote for f in report.findings] + [e.quote for r in report.results for e in r.evidence]
    assert quotes and not any(word in q for q in quotes for word in CHROME)
    assert report.document is not None
    text = "\n".join(p.text for p in report.document.paragraphs)
    assert not any(word in text for word in CHROME)


@needs_shared
def test_gb18030_file_needs_no_flag(ruleset: RuleSet) -> None:
    (path,) = FORMATS.glob("*.gb18030.txt")
    source = readers.read_path(str(path))
    assert source.encoding == "gb18030"
    assert [line.text for line in source.lines] == seed_of(path.name).read_text(encoding="utf-8").split("\n")


@needs_shared
def test_shared_agreement_tool_reports_100_percent_on_the_renderings(tmp_path: Path) -> None:
    for path in FORMATS.iterdir():
        if path.name not in (SCANNED, "README.md"):
            shutil.copy(path, tmp_path / path.name)
    tool = SHARED / "tools" / "corpus_agreement.py"
    cli_command = f"{sys.executable} -m validator"
    proc = subprocess.run([sys.executable, str(tool), str(LABELS), str(tmp_path), "--cli", cli_command, "--verbose"],
                          capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "= 100.0%" in proc.stdout and "over 4 files" in proc.stdout
