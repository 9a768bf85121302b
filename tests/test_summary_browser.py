"""The HTML summary in a real headless Chromium: Chinese renders with a CJK font, a header click
re-sorts the rows, clicking a report opens its checklist, and the filter hides what does not match.

Skips cleanly where Chromium is absent; ``.ci/run`` installs Debian's ``chromium`` and ``fonts-noto-cjk``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import Chromium, find_chromium
from tests.conftest import EXAMPLES, SEEDS
from validator import cli

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

ROWS = "Array.from(document.querySelectorAll('#reports tbody.report'))"
SCORE_COLUMN = 8  # 序号 报告 发文机关 年度 类型 成文日期 发布日期 得分
SCORES = f"{ROWS}.map(g => g.querySelector('tr.main').children[{SCORE_COLUMN - 1}].dataset.sort)"


def has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return bool(out.strip())


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The summary of the seed reports when ../shared is there, else of our own examples (six reports)."""
    folder = tmp_path_factory.mktemp("summary")
    inputs = [str(SEEDS)] if SEEDS.is_dir() else []
    reports = folder / "in"
    reports.mkdir()
    deficient = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")
    compliant = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    (reports / "compliant.txt").write_text(compliant, encoding="utf-8")
    (reports / "deficient.txt").write_text(deficient, encoding="utf-8")
    (reports / "no-causes.txt").write_text(compliant.replace("究其原因，", "").replace("原因在于", "在于")
                                           .replace("存在的不足和原因", "存在的不足"), encoding="utf-8")
    target = folder / "summary.html"
    assert cli.main(["summary", *inputs, str(reports), "--output", str(target)]) == 0
    return target


@pytest.fixture
def browser(page: Path) -> Iterator[Chromium]:
    assert CHROMIUM is not None
    chromium = Chromium(CHROMIUM)
    try:
        chromium.open(page)
        yield chromium
    finally:
        chromium.close()


def test_chinese_text_renders_in_the_table(browser: Chromium) -> None:
    text = browser.evaluate("document.querySelector('#reports').innerText")
    assert "发文机关" in text and "青山县交通运输局" in text and "缺失或未通过的要素" in text
    if not has_cjk_font():
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    fonts = browser.fonts_for("#reports tbody.report td:nth-child(3)")
    assert fonts and all(f["glyphCount"] > 0 for f in fonts)
    # every glyph of the issuer's name was drawn by a font that has Chinese in it
    cjk = [f for f in fonts if any(k in f["familyName"] for k in ("CJK", "Han", "Hei", "Ming", "Song", "Kai"))]
    assert sum(f["glyphCount"] for f in cjk) == sum(f["glyphCount"] for f in fonts), fonts


def test_clicking_a_header_resorts_the_rows(browser: Chromium) -> None:
    initial = browser.evaluate(SCORES)
    numeric = [float(s) for s in initial]
    assert numeric == sorted(numeric)  # worst first when no report is unreadable
    browser.click(f"#reports thead th:nth-child({SCORE_COLUMN})")
    browser.click(f"#reports thead th:nth-child({SCORE_COLUMN})")
    after = [float(s) for s in browser.evaluate(SCORES)]
    assert after == sorted(numeric, reverse=True) and after != numeric
    assert browser.evaluate(f"document.querySelector('#reports thead th:nth-child({SCORE_COLUMN})')"
                            ".getAttribute('aria-sort')") == "descending"
    browser.click("#reports thead th:nth-child(3)")  # 发文机关, a text column: Chinese collation
    issuers = browser.evaluate(f"{ROWS}.map(g => g.querySelector('tr.main').children[2].dataset.sort)")
    collated = browser.evaluate(f"{json.dumps(issuers)}.slice().sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'))")
    assert issuers == collated and len(set(issuers)) > 1


def test_clicking_a_report_expands_its_checklist(browser: Chromium) -> None:
    detail = "document.querySelector('#reports tbody.report tr.detail')"
    assert browser.evaluate(f"{detail}.getBoundingClientRect().height") == 0
    browser.click("#reports tbody.report button.toggle")
    assert browser.evaluate(f"{detail}.getBoundingClientRect().height") > 100
    text = browser.evaluate(f"{detail}.innerText")
    assert "检查项" in text and "依据：" in text and "建议：" in text
    quote = browser.evaluate(f"{detail}.querySelector('blockquote').innerText")
    assert quote.strip()
    assert browser.evaluate("document.querySelector('#reports tbody.report button.toggle')"
                            ".getAttribute('aria-expanded')") == "true"


def test_filter_hides_reports_that_do_not_match(browser: Chromium) -> None:
    total = browser.evaluate(f"{ROWS}.length")
    browser.type_into("#filter", "青山县交通运输局")
    visible = browser.evaluate(f"{ROWS}.filter(g => g.getBoundingClientRect().height > 0).length")
    assert 1 <= visible < total
    assert browser.evaluate("document.getElementById('shown').textContent") == f"显示 {visible} 份"


# --------------------------------------------------------------------------- printing: A4 landscape

A4_LANDSCAPE = (841.9, 595.3)  # points
FIVE = ["compliant.txt", "deficient.txt", "yoy/baisha-town-2024.txt", "yoy/linxi-transport-2025.txt",
        "heldout/H02_zhuyang_shizhengfu_2024.txt"]


@pytest.fixture(scope="module")
def five(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The summary of five reports — the five seeds when ../shared is there (the issue's case: 29 US-Letter
    pages before), else five of our examples — with a title and a reviewing office."""
    folder = tmp_path_factory.mktemp("five")
    inputs = [str(SEEDS)] if SEEDS.is_dir() else [str(EXAMPLES / name) for name in FIVE]
    target = folder / "summary.html"
    assert cli.main(["summary", *inputs, "--no-pair", "--output", str(target), "--title", "2024年度报告审查汇总",
                     "--unit", "某市司法局"]) == 0
    return target


def print_to_pdf(page: Path, pdf: Path) -> None:
    """Headless Chromium's own --print-to-pdf, as a reviewer's "print to PDF" would lay the page out."""
    assert CHROMIUM is not None
    profile = pdf.parent / "chromium-profile"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--no-pdf-header-footer", "--print-to-pdf-no-header", f"--user-data-dir={profile}",
                    f"--print-to-pdf={pdf}", page.resolve().as_uri()],
                   stdin=subprocess.DEVNULL, capture_output=True, timeout=120, check=False)
    assert pdf.is_file() and pdf.stat().st_size > 0


def pdf_pages(pdf: Path) -> list[tuple[tuple[float, float], str]]:
    """(size in points, text) of each page."""
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(pdf))
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage().get_text_range()
            pages.append((tuple(round(v, 1) for v in page.get_size()), "".join(text.split())))
        return pages
    finally:
        document.close()


def is_a4_landscape(size: tuple[float, float]) -> bool:
    return all(abs(got - want) < 2 for got, want in zip(size, A4_LANDSCAPE))  # within a millimetre


def test_the_summary_prints_on_a4_landscape_in_few_pages(five: Path, tmp_path: Path) -> None:
    data = cli_summary_json(five)
    pdf = tmp_path / "summary.pdf"
    print_to_pdf(five, pdf)
    pages = pdf_pages(pdf)
    assert all(is_a4_landscape(size) for size, _ in pages), [size for size, _ in pages]
    # the whole table on the first page, the pass rates after it: two pages, three at most with other fonts
    assert len(pages) <= 3, len(pages)
    first = pages[0][1]
    assert "2024年度报告审查汇总" in first and "审查单位：某市司法局" in first and "成文日期" in first
    reports = data["reports"]
    assert isinstance(reports, list) and len(reports) == 5
    for report in reports:
        # the title and the last column (the missing items) of every row: nothing cut off at the right edge
        assert "".join(report["title"].split()) in first, report["title"]
        assert report["missing"] == [] or "".join(report["missing"][-1]["title"].split()) in first
    assert "各规则通过率" in "".join(text for _, text in pages)


def cli_summary_json(page: Path) -> dict[str, object]:
    """The same batch as JSON, to know what the printed page must show."""
    import json as _json

    target = page.with_suffix(".json")
    if not target.exists():
        inputs = [str(SEEDS)] if SEEDS.is_dir() else [str(EXAMPLES / name) for name in FIVE]
        assert cli.main(["summary", *inputs, "--no-pair", "--output", str(target)]) == 0
    loaded: dict[str, object] = _json.loads(target.read_text(encoding="utf-8"))
    return loaded


def test_print_type_is_readable_and_open_checklists_print(five: Path) -> None:
    import base64

    assert CHROMIUM is not None
    chromium = Chromium(CHROMIUM)
    try:
        chromium.open(five)
        chromium.send("Emulation.setEmulatedMedia", {"media": "print"})
        sizes = chromium.evaluate("Array.from(document.querySelectorAll('#reports td, table.rates td'))"
                                  ".map(td => parseFloat(getComputedStyle(td).fontSize))")
        assert sizes and min(sizes) >= 11  # px: 8.5 pt and up (9.5 pt in the table)
        assert chromium.evaluate("getComputedStyle(document.querySelector('.toolbar')).display") == "none"
        closed = chromium.send("Page.printToPDF", {"preferCSSPageSize": True})["data"]
        chromium.send("Emulation.setEmulatedMedia", {"media": ""})
        chromium.click("#expand-all")
        opened = chromium.send("Page.printToPDF", {"preferCSSPageSize": True})["data"]
    finally:
        chromium.close()
    pdfium = pytest.importorskip("pypdfium2")
    counts = [len(pdfium.PdfDocument(base64.b64decode(data))) for data in (closed, opened)]
    assert counts[0] <= 3 < counts[1]  # a checklist prints when it is open on screen
