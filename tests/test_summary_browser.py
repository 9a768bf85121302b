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
SCORES = f"{ROWS}.map(g => g.querySelector('tr.main').children[5].dataset.sort)"


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
    browser.click("#reports thead th:nth-child(6)")
    browser.click("#reports thead th:nth-child(6)")
    after = [float(s) for s in browser.evaluate(SCORES)]
    assert after == sorted(numeric, reverse=True) and after != numeric
    assert browser.evaluate("document.querySelector('#reports thead th:nth-child(6)').getAttribute('aria-sort')") \
        == "descending"
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
