"""``check --annotate``: findings as Word comments on their evidence, in a copy of the report."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, SEEDS
from validator import cli, readers
from validator.readers.docx import paragraph_map

docx = pytest.importorskip("docx", reason="python-docx is not installed")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import RGBColor  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def seed_texts() -> list[Any]:
    """The real seeds when ../shared is present, the examples otherwise (never skipped)."""
    if SEEDS.is_dir():
        return [pytest.param(p, id=p.name.split("_")[0]) for p in sorted(SEEDS.glob("*.txt"))]
    return [pytest.param(EXAMPLES / n, id=n) for n in ("deficient.txt", "compliant.txt")]


def word_report(text: str) -> bytes:
    """The report as an office writes it: runs split mid-phrase in changing formats, bold headings,
    a table, an existing reviewer's comment, a tracked insertion and a tracked deletion."""
    document = docx.Document()
    lines = [line for line in text.split("\n") if line.strip()]
    for number, line in enumerate(lines):
        paragraph = document.add_paragraph()
        heading = line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")
        for i in range(0, len(line), 7):
            run = paragraph.add_run(line[i:i + 7])
            run.bold = heading or i % 21 == 7
            run.italic = i % 21 == 14
            if i % 28 == 21:
                run.font.color.rgb = RGBColor(0xC0, 0, 0)
        if number == 1:
            document.add_comment(paragraph.runs[0], text="请核对标题", author="张审核", initials="ZS")
            table = document.add_table(rows=2, cols=2)
            for cell, value in zip(table._cells, ["事项", "完成情况", "普法讲座", "完成12场"]):
                cell.paragraphs[0].add_run(value)
    body = document.element.body
    tracked = (f'<w:p xmlns:w="{W_NS}"><w:ins w:id="901" w:author="李" w:date="2025-01-02T00:00:00Z">'
               f'<w:r><w:t>插入的文字照读。</w:t></w:r></w:ins><w:del w:id="902" w:author="李" '
               f'w:date="2025-01-02T00:00:00Z"><w:r><w:delText>删除的文字不读。</w:delText></w:r></w:del></w:p>')
    from docx.oxml import parse_xml

    body.insert(len(body) - 1, parse_xml(tracked))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class Anchored:
    """A comment as re-read from the annotated file: its text, author, paragraph and anchored text."""

    def __init__(self, text: str, author: str, paragraph: int | None, anchored: str) -> None:
        self.text, self.author, self.paragraph, self.anchored = text, author, paragraph, anchored


def comments_of(data: bytes) -> list[Anchored]:
    """Every comment of an annotated .docx with the reader's number of the paragraph it is anchored in."""
    document = docx.Document(io.BytesIO(data))
    numbers = {m.element: m.number for m in paragraph_map(data, "annotated.docx")}
    where: dict[str, tuple[int | None, str]] = {}
    ordinal = -1
    open_ids: dict[str, tuple[int, list[str]]] = {}
    for element in document.element.iter(qn("w:p"), qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:t")):
        if element.tag == qn("w:p"):
            ordinal += 1
        elif element.tag == qn("w:commentRangeStart"):
            open_ids[element.get(qn("w:id"))] = (ordinal, [])
        elif element.tag == qn("w:commentRangeEnd"):
            start, parts = open_ids.pop(element.get(qn("w:id")))
            where[element.get(qn("w:id"))] = (numbers.get(start), "".join(parts))
        else:
            for _, parts in open_ids.values():
                parts.append(element.text or "")
    return [Anchored(c.text, c.author, *where[str(c.comment_id)]) for c in document.comments
            if str(c.comment_id) in where]


def formatted_text(data: bytes) -> list[tuple[str, bytes]]:
    """Each character of the body with its run's properties: what must survive the splitting of runs."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out = []
    for t in root.iter(qn("w:t")):
        run = t.getparent()
        rpr = run.find(qn("w:rPr"))
        props = etree.tostring(rpr) if rpr is not None else b""
        out.extend((char, props) for char in t.text or "")
    return out


def annotate(source: Path, out: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    stdout = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(stdout):
        code = cli.main(["check", str(source), "--annotate", str(out), "--format", "json", *extra])
    return code, json.loads(stdout.getvalue())


def collapse(text: str) -> str:
    return " ".join(text.split())


def assert_every_finding_is_a_comment_at_its_paragraph(findings: list[dict[str, Any]], comments: list[Anchored],
                                                       by_paragraph: bool, author: str = "fazhi-lint") -> None:
    for finding in findings:
        lead = f"【{ {'error': '错误', 'warning': '警告', 'info': '提示'}[finding['severity']] }】{finding['message']}"
        mine = [c for c in comments if c.text.startswith(lead) and f"（{finding['rule']}）" in c.text]
        assert mine, finding
        if finding["line"] is None:
            continue
        where = finding["paragraph"] if by_paragraph else finding["line"]
        at = [c for c in mine if c.paragraph == where]
        assert at, (finding, [(c.paragraph, c.anchored) for c in mine])
        quote = collapse(finding["quote"]).strip("…")
        assert any(collapse(c.anchored) == quote for c in at), (quote, [c.anchored for c in at])
        assert all(c.author == author for c in at)
        assert "依据：" in at[0].text and "建议：" in at[0].text


@pytest.mark.parametrize("seed", seed_texts())
def test_annotated_word_report_has_every_finding_at_its_paragraph(tmp_path: Path, seed: Path) -> None:
    source = tmp_path / "报告.docx"
    source.write_bytes(word_report(seed.read_text(encoding="utf-8")))
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "报告.批注.docx"
    _, result = annotate(source, out)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # the original is never touched
    (report,) = result["files"]
    data = out.read_bytes()
    comments = comments_of(data)
    assert_every_finding_is_a_comment_at_its_paragraph(report["findings"], comments, by_paragraph=True)
    # the summary sits on the title and gives the score and every checklist item
    summary = [c for c in comments if c.text.startswith("fazhi-lint 检查结果")]
    assert len(summary) == 1 and f"得分 {report['score']:.1f}/100" in summary[0].text
    assert all(f"（{item['rule']}）" in summary[0].text for item in report["checklist"])
    assert "法治政府建设" in summary[0].anchored and "报告" in summary[0].anchored
    # the reviewer's own comment is still there, as are the text, formatting and tracked changes
    assert [c.author for c in docx.Document(io.BytesIO(data)).comments].count("张审核") == 1
    assert [line for line in readers.read_bytes(data, "a.docx").lines] == \
        [line for line in readers.read_bytes(source.read_bytes(), "o.docx").lines]
    assert formatted_text(data) == formatted_text(source.read_bytes())
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert xml.count("<w:ins ") == 1 and xml.count("<w:del ") == 1 and "删除的文字不读。" in xml


def test_plain_text_becomes_a_docx_of_its_lines_with_the_comments(tmp_path: Path) -> None:
    source = tmp_path / "报告.txt"
    shutil.copy(EXAMPLES / "deficient.txt", source)
    out = tmp_path / "批注.docx"
    code, result = annotate(source, out, "--annotate-author", "县司法局审核")
    assert code == 1
    (report,) = result["files"]
    assert len(report["findings"]) >= 10
    data = out.read_bytes()
    lines = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8").split("\n")
    assert [p.text for p in docx.Document(io.BytesIO(data)).paragraphs] == lines
    comments = comments_of(data)
    assert {c.author for c in comments} == {"县司法局审核"}
    # plain text: one Word paragraph per line, so the reader's paragraph N is the file's non-empty line N
    numbered = [i + 1 for i, line in enumerate(lines) if line.strip()]
    for c in comments:
        c.paragraph = numbered[c.paragraph - 1] if c.paragraph else None
    assert_every_finding_is_a_comment_at_its_paragraph(report["findings"], comments, by_paragraph=False,
                                                       author="县司法局审核")


def test_missing_causes_sit_on_their_heading_and_the_summary_on_the_title(tmp_path: Path) -> None:
    source = tmp_path / "r.txt"
    shutil.copy(EXAMPLES / "deficient.txt", source)
    out = tmp_path / "r.docx"
    _, result = annotate(source, out)
    comments = comments_of(out.read_bytes())
    (report,) = result["files"]
    unlocated = {f["rule"] for f in report["findings"] if f["line"] is None}
    assert "report.problem-causes" in unlocated
    findings = [c for c in comments if c.text.startswith("【")]
    (causes,) = [c for c in findings if "（report.problem-causes）" in c.text]
    assert causes.anchored == "二、存在的问题和不足"  # the heading of the section the rule reads
    (summary,) = [c for c in comments if c.text.startswith("fazhi-lint 检查结果")]
    assert summary.anchored == "关于2024年度法治政府建设情况的报告"


@pytest.mark.parametrize(("argv", "message"), [
    (["--annotate", "out.pdf"], "须以 .docx"),
    (["--annotate", "out.docx", "--fix"], "不能与"),
])
def test_annotate_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                               message: str) -> None:
    source = tmp_path / "r.txt"
    shutil.copy(EXAMPLES / "compliant.txt", source)
    assert cli.main(["check", str(source), *[str(tmp_path / a) if a.startswith("out") else a for a in argv]]) == 2
    assert message in capsys.readouterr().err


def test_annotate_takes_one_report_and_never_overwrites_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.docx", tmp_path / "b.txt"
    a.write_bytes(word_report((EXAMPLES / "compliant.txt").read_text(encoding="utf-8")))
    shutil.copy(EXAMPLES / "compliant.txt", b)
    assert cli.main(["check", str(a), str(b), "--annotate", str(tmp_path / "o.docx")]) == 2
    assert "只能用于一份报告" in capsys.readouterr().err
    before = a.read_bytes()
    assert cli.main(["check", str(a), "--annotate", str(a)]) == 2
    assert a.read_bytes() == before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_annotated_file_with_every_comment(tmp_path: Path) -> None:
    source = tmp_path / "报告.docx"
    source.write_bytes(word_report((EXAMPLES / "deficient.txt").read_text(encoding="utf-8")))
    out = tmp_path / "annotated.docx"
    annotate(source, out)
    count = len(docx.Document(str(out)).comments)
    converted = tmp_path / "converted"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "odt", "--outdir", str(converted), str(out)],
                   check=True, capture_output=True, timeout=180)
    content = zipfile.ZipFile(converted / "annotated.odt").read("content.xml").decode("utf-8")
    assert content.count("<office:annotation ") == count
    assert "fazhi-lint 检查结果" in content and "张审核" in content
    assert "未写明重大行政决策合法性审查的时间（一般不少于7个工作日）" in content


def test_a_missing_section_is_commented_on_the_title(tmp_path: Path) -> None:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    source = tmp_path / "r.docx"
    source.write_bytes(word_report(text.split("四、2025年")[0]))  # no 下一年度安排
    out = tmp_path / "a.docx"
    _, result = annotate(source, out)
    (report,) = result["files"]
    assert ("report.next-year-plan", None) in [(f["rule"], f["line"]) for f in report["findings"]]
    (plan,) = [c for c in comments_of(out.read_bytes()) if c.text.startswith("【") and "（report.next-year-plan）" in c.text]
    assert plan.anchored == "关于2024年度法治政府建设情况的报告" and plan.paragraph == 2


def test_a_finding_in_a_text_box_is_commented_on_the_run_holding_the_box(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    from tests.readers.test_docx_containers import alternate, drawing_box, vml_box

    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    document = docx.Document(io.BytesIO(word_report(text)))
    box = f'<w:p xmlns:w="{W_NS}"><w:r><w:t>全年开展法制政府宣传6次。</w:t></w:r></w:p>'
    anchor = parse_xml(f'<w:p xmlns:w="{W_NS}"><w:r><w:t>附：</w:t></w:r><w:r>'
                       f'{alternate(drawing_box(box), vml_box(box))}</w:r></w:p>')
    body = document.element.body
    body.insert(5, anchor)
    source, out = tmp_path / "r.docx", tmp_path / "a.docx"
    document.save(str(source))
    _, result = annotate(source, out)
    (report,) = result["files"]
    (term,) = [f for f in report["findings"] if f["rule"] == "terms.preferred"]
    annotated = docx.Document(str(out))
    (comment,) = [c for c in annotated.comments if c.text.startswith("【") and "（terms.preferred）" in c.text]
    start = annotated.element.body.find(f".//{qn('w:commentRangeStart')}[@{qn('w:id')}='{comment.comment_id}']")
    holder = start.getnext()
    assert holder.tag == qn("w:r") and holder.find(".//" + qn("w:txbxContent")) is not None
    assert start.getparent().tag == qn("w:p") and term["paragraph"] is not None


def test_a_pdf_becomes_a_docx_of_its_paragraphs_with_each_quote_commented(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    from tests.readers.test_pdf import lay_out

    source = tmp_path / "r.pdf"
    source.write_bytes(lay_out((EXAMPLES / "deficient.txt").read_text(encoding="utf-8")))
    out = tmp_path / "r.docx"
    _, result = annotate(source, out)
    (report,) = result["files"]
    comments = [c for c in comments_of(out.read_bytes()) if c.text.startswith("【")]
    assert len(comments) == len(report["findings"])
    for finding in report["findings"]:
        if finding["line"] is not None:
            quote = collapse(finding["quote"]).strip("…")
            assert any(collapse(c.anchored) == quote and f"（{finding['rule']}）" in c.text for c in comments), quote
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "全年受理行政复议案件20件，直接纠错3件，纠错率20%。" in paragraphs  # wrapped lines joined again


def test_a_package_python_docx_cannot_open_is_a_clean_input_error(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from tests.readers.docxgen import make_docx, para

    source = tmp_path / "bare.docx"  # no [Content_Types] entries: Word's reader copes, python-docx does not
    source.write_bytes(make_docx("".join(para(line) for line in
                                         (EXAMPLES / "deficient.txt").read_text(encoding="utf-8").split("\n") if line)))
    out = tmp_path / "a.docx"
    assert cli.main(["check", str(source), "--annotate", str(out), "--format", "json"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "无法在该文件上写批注" in err[0] and str(source) in err[0]
    assert not out.exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_an_odt_is_annotated_in_its_conversion(tmp_path: Path) -> None:
    text = tmp_path / "r.txt"
    shutil.copy(EXAMPLES / "deficient.txt", text)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--infilter=Text (encoded):UTF8,LF,,,", "--convert-to", "odt", "--outdir", str(tmp_path),
                    str(text)], check=True, capture_output=True, timeout=300)
    out = tmp_path / "r.批注.docx"
    _, result = annotate(tmp_path / "r.odt", out)
    (report,) = result["files"]
    assert report["format"] == "odt" and len(report["findings"]) >= 10
    assert_every_finding_is_a_comment_at_its_paragraph(report["findings"], comments_of(out.read_bytes()),
                                                       by_paragraph=True)
