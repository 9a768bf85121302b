"""A report saved from a government portal: only the article is checked; the release date is metadata."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from tests.conftest import EXAMPLES
from tests.readers.helpers import check_data, finding_codes, verdicts
from validator import readers
from validator.errors import InputError
from validator.ruleset import RuleSet

CHROME_WORDS = ("首页", "政务公开", "当前位置", "发布时间", "浏览次数", "分享到", "相关链接", "主办单位", "网站标识码",
                "打印本页", "关闭窗口", "政府信息公开工作年度报告")


def portal_page(report: str, *, info: str = "发布时间：2025-03-20 09:30　来源：青山县人民政府　浏览次数：1024",
                head: str = "", charset: str = "utf-8", title_inside: bool = False) -> str:
    lines = [line for line in report.split("\n") if line.strip()]
    title, body = lines[0], lines[1:]
    paragraphs = "\n".join(f'<p style="text-indent:2em">{html.escape(p)}</p>' for p in body)
    h1 = f"<h1>{html.escape(title)}</h1>"
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{html.escape(title)}_青山县人民政府网</title>{head}
<script>var site = "首页 政务公开";</script><style>.nav{{color:red}}</style></head>
<body>
<div class="top-header"><div class="logo">青山县人民政府网</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
<div class="article">{h1 if not title_inside else ""}
<div class="info">{info}</div>
<div class="content" id="zoom">{h1 if title_inside else ""}
{paragraphs}
</div>
<div class="bdshare">分享到：微信 微博</div>
<div class="print-bar"><a href="#">打印本页</a> <a href="#">关闭窗口</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a">2024年政府信息公开工作年度报告</a></li>
<li><a href="/b">关于印发2025年政务公开工作要点的通知</a></li></ul></div>
<div id="footer">主办单位：青山县人民政府办公室　网站标识码：0000000000</div>
</body></html>"""


@pytest.mark.parametrize("example", ["compliant.txt", "deficient.txt"])
def test_portal_page_gives_the_verdicts_of_the_plain_text(ruleset: RuleSet, example: str) -> None:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    page = check_data(portal_page(text, info="来源：青山县人民政府　浏览次数：1024").encode("utf-8"), "r.html",
                      ruleset)
    plain = check_data(text.encode("utf-8"), "r.txt", ruleset)
    assert verdicts(page) == verdicts(plain)
    assert finding_codes(page) == finding_codes(plain)
    assert page.metadata is not None and plain.metadata is not None
    assert page.metadata.as_dict() == plain.metadata.as_dict()


def test_only_the_article_is_read() -> None:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    source = readers.read_bytes(portal_page(text).encode("utf-8"), "r.html")
    extracted = [line.text for line in source.lines]
    assert extracted == [line for line in text.split("\n") if line.strip()]
    assert not any(word in line for line in extracted for word in CHROME_WORDS)


def test_no_finding_or_evidence_quotes_page_chrome(ruleset: RuleSet) -> None:
    text = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")
    report = check_data(portal_page(text).encode("utf-8"), "r.html", ruleset)
    quotes = [f.quote for f in report.findings] + [e.quote for r in report.results for e in r.evidence]
    assert report.findings
    assert not any(word in quote for quote in quotes for word in CHROME_WORDS)


def test_release_date_from_the_info_line_feeds_the_deadline_rule(ruleset: RuleSet) -> None:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    late = check_data(portal_page(text, info="发布日期：2025年4月15日　来源：县政府办").encode("utf-8"), "r.html", ruleset)
    assert late.metadata is not None and late.metadata.published == dt.date(2025, 4, 15)
    deadline = next(r for r in late.results if r.rule.id == "report.deadline")
    assert deadline.status == "fail"
    on_time = check_data(portal_page(text).encode("utf-8"), "r.html", ruleset)
    assert on_time.metadata is not None and on_time.metadata.published == dt.date(2025, 3, 20)


@pytest.mark.parametrize(("head", "info", "expected"), [
    ('<meta name="PubDate" content="2025-03-18 10:00">', "来源：县政府办", dt.date(2025, 3, 18)),
    ('<meta property="article:published_time" content="2025-03-17T08:00:00+08:00">', "", dt.date(2025, 3, 17)),
    ('<meta name="PubDate" content="2025-03-18">', "发布时间：2025-03-20", dt.date(2025, 3, 20)),
    ("", "成文日期：2025-02-18　时间：2025-03-21", dt.date(2025, 3, 21)),
    ("", "成文日期：2025-02-18", None),
])
def test_release_date_sources(head: str, info: str, expected: dt.date | None) -> None:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    source = readers.read_bytes(portal_page(text, head=head, info=info).encode("utf-8"), "r.html")
    assert source.published == expected


def test_gbk_page_with_its_charset_declared() -> None:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    source = readers.read_bytes(portal_page(text, charset="gb2312").encode("gbk"), "r.htm")
    assert source.encoding == "gb18030"
    assert source.lines[0].text == "青山县人民政府"


def test_title_inside_the_content_is_not_doubled() -> None:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    source = readers.read_bytes(portal_page(text, title_inside=True).encode("utf-8"), "r.html")
    assert [line.text for line in source.lines[:2]] == ["青山县人民政府", "关于2024年度法治政府建设情况的报告"]


def test_findings_point_at_the_line_of_the_html_file(ruleset: RuleSet) -> None:
    text = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")
    page = portal_page(text)
    report = check_data(page.encode("utf-8"), "r.html", ruleset)
    lines = page.split("\n")
    located = [f for f in report.findings if f.location is not None]
    assert located
    for finding in located:
        assert finding.location is not None
        source_line = html.unescape(lines[finding.location.line - 1])
        assert finding.quote[:6] in source_line


def test_breaks_tables_and_inline_markup() -> None:
    page = ("<html><body><div id='zoom'><p>重大<b>行政</b>决策<br>第二行</p>"
            "<table><tr><td>征求意见</td><td>30日</td></tr></table><p>一是加强学习，提升能力。</p>"
            "<p>二是强化宣传，营造浓厚法治氛围。</p></div></body></html>")
    source = readers.read_bytes(page.encode("utf-8"), "r.html")
    assert [(line.text, line.ends_paragraph) for line in source.lines] == [
        ("重大行政决策", None), ("第二行", None), ("征求意见", True), ("30日", True),
        ("一是加强学习，提升能力。", None), ("二是强化宣传，营造浓厚法治氛围。", None)]


@pytest.mark.parametrize("page", [
    "<html><body><script>var a=1;</script></body></html>",
    # the article was loaded by a script and not saved: only chrome is left
    "<html><body><div class='nav'><a href='/'>首页</a></div><div id='zoom'></div>"
    "<div class='footer'>主办单位：青山县人民政府办公室</div><p>欢迎访问青山县人民政府网站</p></body></html>",
])
def test_a_page_without_an_article_is_an_input_error(page: str) -> None:
    with pytest.raises(InputError, match="没有找到正文"):
        readers.read_bytes(page.encode("utf-8"), "empty.html")
