"""Two-column PDF pages are read column by column; the columns are found from the glyph positions."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES
from tests.readers.helpers import check_data, finding_codes, verdicts
from tests.readers.pdfgen import Run, make_pdf, wrap
from validator import readers
from validator.readers.pdf_layout import Glyph, find_gutter, group_columns
from validator.ruleset import RuleSet

pytest.importorskip("pypdfium2", reason="the formats extra (pypdfium2) is not installed")

COLUMNS = (60.0, 320.0)  # left edges; each column 17 ems of 12 pt wide, a gutter of 56 pt
TOP, BOTTOM, PITCH = 740.0, 90.0, 18.0


def two_columns(text: str, *, title_lines: int = 2, width: int = 17, bottom: float = BOTTOM) -> bytes:
    """The report set in two columns under a title that spans both, as a bulletin prints it."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    pages: list[list[Run]] = [[]]
    y = 790.0
    for line in paragraphs[:title_lines]:  # the issuer and title across the page
        pages[0].append(Run(200.0, y, line))
        y -= 22.0
    column, top = 0, y - 10.0
    y = top
    for paragraph in paragraphs[title_lines:]:
        for number, chunk in enumerate(wrap(paragraph, width, 2)):
            if y < bottom:
                column, y = column + 1, top
                if column == 2:
                    pages.append([])
                    column, y, top = 0, TOP, TOP
            x = COLUMNS[column] + (24.0 if number == 0 else 0.0)
            pages[-1].append(Run(x, y, chunk))
            y -= PITCH
        y -= 6.0
    for number, page in enumerate(pages, 1):
        page.append(Run(285.0, 40.0, f"- {number} -", 10.0))
    return make_pdf([list(p) for p in pages])


@pytest.mark.parametrize("example", ["compliant.txt", "deficient.txt"])
def test_two_column_pdf_gives_the_verdicts_of_the_plain_text(ruleset: RuleSet, example: str) -> None:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    data = two_columns(text, bottom=480.0)
    source = readers.read_bytes(data, "r.pdf")
    assert len({line.page for line in source.lines}) >= 2  # it did run over both columns and pages
    pdf = check_data(data, "r.pdf", ruleset)
    plain = check_data(text.encode("utf-8"), "r.txt", ruleset)
    assert pdf.document is not None and plain.document is not None
    assert [p.text for p in pdf.document.paragraphs] == [p.text for p in plain.document.paragraphs]
    assert verdicts(pdf) == verdicts(plain)
    assert finding_codes(pdf) == finding_codes(plain)
    assert pdf.score is not None and plain.score is not None and pdf.score.value == plain.score.value


def glyphs_of(lines: list[tuple[float, float, str]], size: float = 12.0) -> list[Glyph]:
    return [Glyph(c, x + i * size, x + (i + 1) * size, y, size) for x, y, text in lines for i, c in enumerate(text)]


def test_one_column_pages_and_tables_are_not_split() -> None:
    body = [(60.0, 700.0 - 18 * i, "这是一行很长的正文文字，从左边一直写到右边的版心边缘为止。") for i in range(10)]
    assert find_gutter(group_columns(glyphs_of(body), 1)) is None
    short_label = [(60.0, 700.0 - 18 * i, "事项") for i in range(10)]
    values = [(320.0, 700.0 - 18 * i, "向社会公开征求意见期限三十日") for i in range(10)]
    lines = group_columns(glyphs_of(short_label + values), 1)
    assert [line.text for line in lines][:2] == ["事项 向社会公开征求意见期限三十日"] * 2  # a table reads by rows


def test_a_heading_across_the_gutter_separates_two_column_blocks() -> None:
    left = [(60.0, 700.0 - 18 * i, f"左栏第{i}行文字文字一直写到本栏右边") for i in range(4)]
    right = [(320.0, 700.0 - 18 * i, f"右栏第{i}行文字文字一直写到本栏右边") for i in range(4)]
    heading = [(150.0, 610.0, "横跨两栏的小标题文字横跨两栏的小标题横跨两栏")]
    below_left = [(60.0, 580.0 - 18 * i, f"下左第{i}行文字文字一直写到本栏右边") for i in range(3)]
    below_right = [(320.0, 580.0 - 18 * i, f"下右第{i}行文字文字一直写到本栏右边") for i in range(3)]
    lines = group_columns(glyphs_of(left + right + heading + below_left + below_right), 1)
    texts = [line.text for line in lines]
    assert texts == ([t for _, _, t in left] + [t for _, _, t in right] + [heading[0][2]]
                     + [t for _, _, t in below_left] + [t for _, _, t in below_right])
    assert [line.number for line in lines] == list(range(1, 16))
    assert [line.column for line in lines] == [1] * 4 + [2] * 4 + [0] + [1] * 3 + [2] * 3
