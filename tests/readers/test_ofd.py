"""OFD (GB/T 33190): text objects placed on the page, read back through the PDF line logic."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, SEEDS
from tests.readers.helpers import check_data, finding_codes, verdicts
from tests.readers.ofdgen import Run, make_ofd, page_xml, text_object
from tests.readers.pdfgen import wrap
from validator import cli, readers
from validator.errors import InputError
from validator.ruleset import RuleSet

LEFT, TOP, BOTTOM, PITCH, SIZE = 25.0, 37.0, 255.0, 7.0, 4.2


def lay_out(text: str, *, width: int = 36, running_head: str | None = None, bottom: float = BOTTOM) -> bytes:
    """The report as an office's OFD export sets it: wrapped lines, page numbers, a running head."""
    pages: list[list[Run]] = [[]]
    y = TOP
    for paragraph in [p for p in text.split("\n") if p.strip()]:
        for number, chunk in enumerate(wrap(paragraph, width, 2)):
            if y > bottom:
                pages.append([])
                y = TOP
            pages[-1].append(Run(LEFT + (2 * SIZE if number == 0 else 0.0), y, chunk, SIZE))
            y += PITCH
        y += 2.5
    for number, page in enumerate(pages, 1):
        page.append(Run(98.0, 282.0, f"- {number} -", 3.5))
        if running_head and number > 1:
            page.append(Run(60.0, 20.0, running_head, 3.2))
    return make_ofd(pages)


def seed_text() -> tuple[str, bool]:
    """A real seed when ../shared is present (True), the deficient example otherwise."""
    found = sorted(SEEDS.glob("000_*.txt")) if SEEDS.is_dir() else []
    if found:
        return found[0].read_text(encoding="utf-8"), True
    return (EXAMPLES / "deficient.txt").read_text(encoding="utf-8"), False


@pytest.mark.parametrize("example", ["compliant.txt", "deficient.txt"])
def test_ofd_gives_the_verdicts_and_findings_of_the_plain_text(ruleset: RuleSet, example: str) -> None:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    data = lay_out(text, running_head="青山县人民政府关于2024年度法治政府建设情况的报告", bottom=150.0)
    source = readers.read_bytes(data, "r.ofd")
    assert source.format == "ofd" and (source.lines[-1].page or 0) >= 2
    assert not any(line.text.startswith("- ") or "青山县人民政府关于" == line.text[:9] for line in source.lines)
    ofd = check_data(data, "r.ofd", ruleset)
    plain = check_data(text.encode("utf-8"), "r.txt", ruleset)
    assert verdicts(ofd) == verdicts(plain)
    assert finding_codes(ofd) == finding_codes(plain)
    assert ofd.document is not None and plain.document is not None
    assert [p.text for p in ofd.document.paragraphs] == [p.text for p in plain.document.paragraphs]


def test_ofd_made_from_a_seed_gives_the_seed_verdicts(ruleset: RuleSet) -> None:
    text, real = seed_text()
    ofd = check_data(lay_out(text), "seed.ofd", ruleset)
    plain = check_data(text.encode("utf-8"), "seed.txt", ruleset)
    got, want = verdicts(ofd), verdicts(plain)
    if real:  # the seed's sentences broken by blank lines are page breaks the layout joins again
        got.pop("format.conversion-debris")
        want.pop("format.conversion-debris")
    assert got == want


def test_findings_point_at_page_and_line(ruleset: RuleSet) -> None:
    report = check_data(lay_out((EXAMPLES / "deficient.txt").read_text(encoding="utf-8")), "r.ofd", ruleset)
    located = [f for f in report.findings if f.location is not None]
    assert located and all(f.location.page is not None and f.location.describe().startswith("第")
                           for f in located if f.location is not None)
    term = next(f for f in located if f.rule == "terms.preferred")
    assert term.location is not None and term.location.page == 1
    assert "法制政府" in term.quote


def test_delta_repeats_ctm_page_blocks_and_absolute_locations() -> None:
    # "g 3 4" is three advances of 4 mm; a CTM halves the object's space; a PageBlock nests objects
    scaled = ('<ofd:TextObject ID="5" Boundary="20 40 100 10" Size="8" CTM="0.5 0 0 0.5 0 0">'
              '<ofd:TextCode X="0" Y="8" DeltaX="g 3 8">法治政府</ofd:TextCode></ofd:TextObject>')
    spaced = ('<ofd:TextObject ID="6" Boundary="20 60 150 10" Size="4">'
              '<ofd:TextCode X="0" Y="4" DeltaX="g 3 4 12 g 2 4">主要举措和成效</ofd:TextCode></ofd:TextObject>')
    two_codes = ('<ofd:TextObject ID="7" Boundary="20 80 150 10" Size="4">'
                 '<ofd:TextCode X="0" Y="4" DeltaX="4">第一</ofd:TextCode>'
                 '<ofd:TextCode X="8" Y="4">责任人</ofd:TextCode></ofd:TextObject>')
    content = page_xml(f"<ofd:PageBlock ID='9'>{scaled}</ofd:PageBlock>{spaced}{two_codes}")
    source = readers.read_bytes(make_ofd([], raw_pages=[content], absolute=True), "r.ofd")
    assert [line.text for line in source.lines] == ["法治政府", "主要举措 和成效", "第一责任人"]


def test_a_page_of_its_own_size_and_lines_in_reading_order() -> None:
    runs = [text_object(1, Run(20, 30, "第二行")), text_object(2, Run(20, 20, "第一行")),
            text_object(3, Run(60, 20, "同一行"))]
    source = readers.read_bytes(make_ofd([], raw_pages=[page_xml("".join(runs), box=(148.0, 210.0))]), "a5.ofd")
    assert [(line.text, line.page, line.line_number) for line in source.lines] == [
        ("第一行 同一行", 1, 1), ("第二行", 1, 2)]


def package(files: dict[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (b"not a zip", "不是有效的OFD 文件"),
    (package({"Doc_0/Document.xml": "<x/>"}), "缺少 OFD.xml"),
    (package({"OFD.xml": "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>"}), "没有 DocRoot"),
    (make_ofd([[]]), "没有文字"),
    (package({"OFD.xml": '<!DOCTYPE x [<!ENTITY a "b">]><x/>'}), "DOCTYPE"),
    (package({"OFD.xml": "<OFD><DocBody><DocRoot>D/Document.xml</DocRoot></DocBody></OFD>",
              "D/Document.xml": "<Document><Pages><Page BaseLoc='P/Content.xml'/></Pages></Document>"}), "缺少第1页"),
])
def test_broken_ofd_is_a_one_line_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        readers.read_bytes(data, "报告.ofd")
    assert str(caught.value).startswith("报告.ofd: ") and "\n" not in str(caught.value)


def test_an_ofd_zip_bomb_is_refused_like_a_docx_one() -> None:
    bomb = package({"OFD.xml": "<OFD>" + " " * (300 * 1024 * 1024 // 100) + "</OFD>"})
    with pytest.raises(InputError, match="压缩比异常|解压后过大"):
        readers.read_bytes(bomb, "bomb.ofd")


def test_check_reads_an_ofd_file_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "报告.ofd"
    path.write_bytes(lay_out((EXAMPLES / "compliant.txt").read_text(encoding="utf-8")))
    assert cli.main(["check", str(path), "--format", "parsable"]) == 0
    assert capsys.readouterr().err == ""


numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**9, 10**9),
                    st.sampled_from(["g", "abc", "", "1e308", "-0"]))


def attribute(count: int) -> st.SearchStrategy[str]:
    return st.lists(numbers, min_size=0, max_size=count).map(lambda v: " ".join(str(x) for x in v))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(boundary=attribute(5), size=attribute(2), ctm=attribute(7), x=attribute(2), y=attribute(2),
       delta=attribute(12), text=st.text(max_size=30))
def test_any_text_object_is_read_or_refused_in_one_line(boundary: str, size: str, ctm: str, x: str, y: str,
                                                        delta: str, text: str) -> None:
    from xml.sax.saxutils import escape, quoteattr

    clean = "".join(c for c in text if c.isprintable())
    obj = (f"<ofd:TextObject ID='1' Boundary={quoteattr(boundary)} Size={quoteattr(size)} CTM={quoteattr(ctm)}>"
           f"<ofd:TextCode X={quoteattr(x)} Y={quoteattr(y)} DeltaX={quoteattr(delta)}>{escape(clean)}</ofd:TextCode>"
           f"</ofd:TextObject>")
    body = obj + text_object(2, Run(25, 40, "关于2024年度法治政府建设情况的报告"))
    try:
        readers.read_bytes(make_ofd([], raw_pages=[page_xml(body)]), "f.ofd")
    except InputError as exc:
        assert str(exc).startswith("f.ofd: ") and "\n" not in str(exc)
