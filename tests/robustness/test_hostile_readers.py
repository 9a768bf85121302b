"""Hostile inputs for the readers, round two (issue 13): crashes, amplifications and wrong decodings.

Each test fails on the code before the fix: with an internal error, a result that is wrong, or by
asking for a limit that did not exist. Times are never asserted; where the fix is about cost, the
test counts the work done (glyph lists built, styles resolved, paragraphs read before a refusal).
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tests.readers.docxgen import W, make_docx, para
from tests.robustness import hostile_readers as hostile
from tests.robustness.strategies import default_rules
from validator import cli, engine, limits, readers
from validator.errors import ConfigError, InputError
from validator.fix import fix_path
from validator.model import Problem, SourceEdit, Span, Verdict
from validator.pipeline import check_source
from validator.readers import docx, docx_numbering, html
from validator.regex_limits import MAX_RULESET_PATTERN_SIZE
from validator.ruleset import load_ruleset

REPORT_LINES = hostile.REPORT.splitlines()

# --------------------------------------------------------------------------- web pages: declared codecs

NOT_TEXT_ENCODINGS = ["base64", "hex", "rot13", "zlib", "bz2", "uu", "quopri", "idna", "punycode",
                      "unicode_escape", "raw_unicode_escape", "utf-7", "undefined"]


@pytest.mark.parametrize("label", NOT_TEXT_ENCODINGS)
def test_a_page_declaring_a_codec_that_is_no_text_encoding_is_read_as_detected(label: str) -> None:
    document = readers.read_bytes(hostile.charset_page(label), f"{label}.html")
    assert [line.text for line in document.lines] == REPORT_LINES
    assert document.encoding == "utf-8"


@pytest.mark.parametrize("label", ["utf-16", "UTF-16LE", "utf-32"])
def test_a_page_declaring_utf16_in_ascii_bytes_is_read_as_utf8(label: str) -> None:
    document = readers.read_bytes(hostile.charset_page(label), "page.html")
    assert [line.text for line in document.lines] == REPORT_LINES


def test_real_page_encodings_are_still_honoured() -> None:
    page = hostile.charset_page("gb2312").decode().encode("gb18030")
    assert [line.text for line in readers.read_bytes(page, "gbk.html").lines] == REPORT_LINES
    big5 = hostile.charset_page("big5", "關於法治政府建設情況的報告\n全年辦理行政複議案件四十件，糾錯六件，均依法辦理完畢。\n")
    document = readers.read_bytes(big5.decode().encode("big5"), "big5.html")
    assert document.lines[-1].text == "全年辦理行政複議案件四十件，糾錯六件，均依法辦理完畢。"


# --------------------------------------------------------------------------- web pages: html.parser


@pytest.mark.parametrize("name", sorted(hostile.QUADRATIC_TOKENS))
def test_markup_html_parser_cannot_finish_is_read_in_one_pass(name: str) -> None:
    document = readers.read_bytes(hostile.quadratic_page(hostile.QUADRATIC_TOKENS[name], 20_000), "q.html")
    assert [line.text for line in document.lines] == REPORT_LINES


@pytest.mark.parametrize(("page", "defused"), [
    ("<p>a</p><!--x", "<p>a</p>&lt;!--x"),  # no "-->" after it: text, as html.parser finally reads it
    ("<!--a-->b<!--c>d", "<!--a-->b&lt;!--c>d"),
    ("<!--a-->b<!--c-->", "<!--a-->b<!--c-->"),
    ("<p>x</p><a ", "<p>x</p>&lt;a "),  # no ">" after it
    ("a<b", "a&lt;b"),
    ("<![CDATA[x]]><![CDATA[y>", "<![CDATA[x]]><!-[CDATA[y>"),  # unclosed: a bogus comment to the ">"
    ("<![if IE]>x<![endif]>", "<![if IE]>x<![endif]>"),  # Office's conditional sections stay
    ("<![foo[x]]>", "<!-[foo[x]]>"),  # a keyword html.parser raises AssertionError for
    ("<![ x>", "<!-[ x>"),
])
def test_defuse(page: str, defused: str) -> None:
    assert html.defuse(page) == defused


@pytest.mark.parametrize("section", ["<![foo[x]]>", "<![ x", "<![", "<![CDATA[", "<![if x"])
def test_marked_sections_html_parser_does_not_know_are_no_internal_error(section: str) -> None:
    article = "<p>全年办理行政复议案件四十件，纠错六件。全年办理行政复议案件四十件，纠错六件。</p>"
    page = f"<html><body><div>{article}{section}<p>结束。</p></div></body></html>"
    document = readers.read_bytes(page.encode(), "section.html")
    assert document.lines[0].text == "全年办理行政复议案件四十件，纠错六件。全年办理行政复议案件四十件，纠错六件。"


def test_defused_pages_keep_their_line_numbers() -> None:
    text = "全年办理行政复议案件四十件，纠错六件，均依法办理完毕，群众满意，无一引起行政诉讼。"
    page = f"<html><body>\n<div>\n<p>{text}</p>\n</div>\n<!--x\n<a "
    document = readers.read_bytes(page.encode(), "lines.html")
    assert [(line.text, line.line_number) for line in document.lines] == [(text, 3)]


def test_nested_title_elements_are_looked_into_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    first_block = html._first_block

    def counting(node: html.Node) -> html.Block | None:
        calls.append(1)
        return first_block(node)

    monkeypatch.setattr(html, "_first_block", counting)
    article = "<p>" + "全年办理行政复议案件四十件，纠错六件。" * 3 + "</p>"
    page = ('<div><div>' + '<div class="title">' * 200 + "<span></span>" * 1_000 + "</div>" * 200
            + f"<div>{article}{article}</div></div></div>")
    document = readers.read_bytes(page.encode(), "titles.html")
    assert [line.text for line in document.lines] == ["全年办理行政复议案件四十件，纠错六件。" * 3] * 2
    assert len(calls) <= 2  # the outermost title, once for each of the two wrappers looked in


# --------------------------------------------------------------------------- .docx numbering


@pytest.mark.parametrize("fmt", ["ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand",
                                 "decimalFullWidth", "chineseCounting", "upperRoman", "decimalZero"])
def test_a_negative_start_counts_from_zero(fmt: str) -> None:
    document = readers.read_bytes(hostile.numbering_docx(fmt, -3), "negative.docx")
    headings = [line.text for line in document.lines if line.text.endswith("项工作")]
    zero, one = docx_numbering.format_number(0, fmt), docx_numbering.format_number(1, fmt)
    assert headings[:2] == [f"{zero}、第1项工作", f"{one}、第2项工作"]


def test_a_negative_start_override_counts_from_zero() -> None:
    document = readers.read_bytes(hostile.numbering_docx("taiwaneseDigital", 1, start_override=-5), "o.docx")
    assert [line.text for line in document.lines if line.text.endswith("项工作")] == [
        "〇、第1项工作", "一、第2项工作", "二、第3项工作"]


@pytest.mark.parametrize("fmt", ["ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand",
                                 "decimalFullWidth", "decimalZero", "upperLetter", "chineseLegalSimplified"])
@pytest.mark.parametrize("n", [-(2**31), -1])
def test_every_format_shows_a_negative_number_in_decimal(fmt: str, n: int) -> None:
    assert docx_numbering.format_number(n, fmt) == str(n)


def test_a_negative_start_in_last_years_report_is_no_internal_error(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    current, previous = tmp_path / "2024.docx", tmp_path / "2023.docx"
    current.write_bytes(hostile.numbering_docx("decimal", 1))
    previous.write_bytes(hostile.numbering_docx("ideographDigital", -3))
    code = cli.main(["check", str(current), "--previous", str(previous), "--format", "json"])
    assert code in (0, 1)
    assert "内部错误" not in capsys.readouterr().err


def test_a_level_text_of_thousands_of_placeholders_makes_a_label_of_at_most_the_limit() -> None:
    document = readers.read_bytes(hostile.lvl_text_bomb_docx(placeholders=5_000, paragraphs=3), "lvl.docx")
    headings = [line.text for line in document.lines if line.text.endswith("项工作")]
    limit = limits.MAX_NUMBER_LABEL_CHARS
    assert headings == ["Z" * limit + "第1项工作", ("781" * limit)[:limit] + "第2项工作",
                        ("782" * limit)[:limit] + "第3项工作"]


def test_placeholders_are_rendered_as_word_renders_them() -> None:
    document = readers.read_bytes(hostile.numbering_docx("decimal", 7, "%%1.%12%"), "p.docx")
    assert document.lines[1].text == "%7.72%第1项工作"


def test_docx_text_past_the_limit_is_refused_before_the_rest_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 1_000)
    read: list[int] = []
    paragraph = docx._paragraph_parts

    def counting(*args: object) -> object:
        read.append(1)
        return paragraph(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(docx, "_paragraph_parts", counting)
    body = "".join(para("全年制定规范性文件3件，均经合法性审查。") for _ in range(1_000))
    with pytest.raises(InputError, match="超过上限 1000 字"):
        readers.read_bytes(make_docx(body), "long.docx")
    assert len(read) < 100  # refused at the paragraph that passed the limit, not after all 1,000


# --------------------------------------------------------------------------- .docx styles


def test_each_style_of_a_long_chain_is_resolved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    resolved: list[str] = []
    inherit = docx_numbering._inherit

    def counting(style: docx_numbering.Style, parent: docx_numbering._Resolved) -> docx_numbering._Resolved:
        resolved.append(style.name)
        return inherit(style, parent)

    monkeypatch.setattr(docx_numbering, "_inherit", counting)
    document = readers.read_bytes(hostile.style_chain_docx(depth=300, paragraphs=200), "chain.docx")
    assert len(document.lines) == 201
    assert sorted(resolved) == sorted(f"s{i}" for i in range(300))


def test_a_style_chain_that_goes_round_in_a_circle_ends() -> None:
    """A circle is damage: it ends where it would repeat, walked from the first of its styles a paragraph
    uses (a → b → c here, so c, reached last, inherits nothing)."""
    styles = (f'<w:styles xmlns:w="{W}">'
              f'<w:style w:type="paragraph" w:styleId="a"><w:name w:val="a"/><w:basedOn w:val="b"/></w:style>'
              f'<w:style w:type="paragraph" w:styleId="b"><w:name w:val="heading 2"/><w:basedOn w:val="c"/></w:style>'
              f'<w:style w:type="paragraph" w:styleId="c"><w:name w:val="c"/><w:basedOn w:val="a"/></w:style>'
              f"</w:styles>")
    document = readers.read_bytes(make_docx(para("一、主要举措和成效", style="a") + para("正文。", style="c"),
                                            styles=styles), "circle.docx")
    assert [(line.text, line.outline_level) for line in document.lines] == [("一、主要举措和成效", 2), ("正文。", None)]


# --------------------------------------------------------------------------- PDF


def test_a_tounicode_map_to_a_lone_surrogate_becomes_a_replacement_character() -> None:
    pytest.importorskip("pypdfium2")
    for target in (0xD800, 0xDC00, 0xDFFF):
        document = readers.read_bytes(hostile.surrogate_pdf(target), "surrogate.pdf")
        assert [line.text for line in document.lines] == ["全年办理行政\ufffd复议案件四十件", "全年办理行政复议案件四十件"]


def test_a_lone_surrogate_in_a_pdf_can_be_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pypdfium2")
    path = tmp_path / "surrogate.pdf"
    path.write_bytes(hostile.surrogate_pdf(0xDC00))
    assert cli.main(["check", str(path), "--dump-text"]) == 0
    assert "全年办理行政\ufffd复议案件四十件" in capsys.readouterr().out


def test_pdf_characters_are_counted_per_page_before_glyphs_are_built(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pypdfium2")
    from validator.readers import pdf

    built: list[int] = []
    glyphs = pdf._glyphs

    def counting(handle: object, raw: object) -> list[object]:
        built.append(1)
        return glyphs(handle, raw)  # type: ignore[return-value]

    data = hostile.shared_xobject_pdf(pages=20, glyphs=1_000)
    per_page = len(readers.read_bytes(hostile.shared_xobject_pdf(pages=1, glyphs=1_000), "one.pdf").lines[0].text)
    assert per_page > 0
    monkeypatch.setattr(pdf, "_glyphs", counting)
    monkeypatch.setattr(pdf, "MAX_PDF_CHARS", 5_500)
    with pytest.raises(InputError, match="超过全文上限 5500"):
        readers.read_bytes(data, "shared.pdf")
    assert 1 <= len(built) < 10  # the pages within the budget, not all 20


# --------------------------------------------------------------------------- rule sets


def test_a_rule_set_whose_patterns_together_cost_too_much_is_refused(tmp_path: Path) -> None:
    per_pattern = 48_000
    count = MAX_RULESET_PATTERN_SIZE // per_pattern + 1
    path = tmp_path / "costly.yaml"
    path.write_text(hostile.costly_rules(count, per_pattern // 3), encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"At index {count - 1}: 正则表达式 .*合计超过 {MAX_RULESET_PATTERN_SIZE}"):
        load_ruleset([path])


def test_a_rule_set_within_the_total_budget_loads(tmp_path: Path) -> None:
    path = tmp_path / "within.yaml"
    path.write_text(hostile.costly_rules(2, 16_000), encoding="utf-8")
    assert load_ruleset([path]).get("local.costly") is not None


# --------------------------------------------------------------------------- findings per rule


def _rule() -> engine.Rule:
    return default_rules().rules[0]._replace(id="local.many", levels={"grave": "error"}, severity="warning")


def _document() -> engine.Document:
    source = readers.read_bytes(("全年办理行政复议案件四十件，纠错六件。\n" * 3).encode(), "d.txt")
    report = check_source(source, default_rules())
    assert report.document is not None
    return report.document


def test_findings_past_the_limit_are_counted_in_one_finding_at_their_highest_severity() -> None:
    limit = limits.MAX_FINDINGS_PER_RULE
    edit = SourceEdit((0, 0), (0, 1), "全")
    problems = [Problem("问题", Span(0, 0, 1), "minor") for _ in range(limit)]
    problems += [Problem("问题", Span(0, 0, 1), "minor", (edit,)), Problem("严重问题", Span(0, 0, 1), "grave")]
    result = engine.stamp(_rule(), Verdict(0.0, problems=problems), _document())
    assert len(result.findings) == limit + 1
    more = result.findings[-1]
    assert (more.code, more.severity, more.location, more.fix) == (engine.MORE_FINDINGS, "error", None, (edit,))
    assert "另有 2 处问题未逐一列出" in more.message
    assert {f.severity for f in result.findings[:-1]} == {"warning"}


def test_problems_a_check_only_counted_are_in_the_count() -> None:
    verdict = Verdict(0.0, problems=[Problem("问题", Span(0, 0, 1), "minor")], unlisted={"grave": 7})
    result = engine.stamp(_rule(), verdict, _document())
    assert [f.code for f in result.findings] == ["minor", engine.MORE_FINDINGS]
    assert result.findings[-1].severity == "error"
    assert "另有 7 处问题" in result.findings[-1].message


def test_thousands_of_unpaired_quotation_marks_list_the_limit_and_count_the_rest() -> None:
    text = "关于2024年度法治政府建设情况的报告\n" + "全年办理案件“四十件。\n" * 1_000
    report = check_source(readers.read_bytes(text.encode(), "quotes.txt"), default_rules())
    findings = [f for f in report.findings if f.rule == "format.paired-marks"]
    limit = limits.MAX_FINDINGS_PER_RULE
    assert len(findings) == limit + 1
    assert all(f.code == "unmatched-mark" for f in findings[:limit])
    assert findings[-1].code == engine.MORE_FINDINGS
    assert f"另有 {1_000 - limit} 处问题未逐一列出" in findings[-1].message


def test_fix_still_fixes_every_problem_past_the_listing_limit(tmp_path: Path) -> None:
    path = tmp_path / "commas.txt"
    count = limits.MAX_FINDINGS_PER_RULE + 150
    path.write_text("关于2024年度法治政府建设情况的报告\n\n" + "全年办理案件,纠错六件。\n\n" * count, encoding="utf-8")
    fix_path(str(path), default_rules())
    assert "," not in path.read_text(encoding="utf-8")


def test_a_hundred_thousand_edits_are_applied_in_one_pass() -> None:
    from validator.fix import apply_edits

    count = 100_000
    edits = [SourceEdit((0, 2 * i + 1), (0, 2 * i + 2), "，") for i in range(count)]
    assert apply_edits("全," * count, reversed(edits)) == ("全，" * count, count)


# --------------------------------------------------------------------------- text encodings


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_ascii_only_utf16_and_utf32_without_a_bom_are_decoded(codec: str) -> None:
    text = "Annual report on building rule-of-law government\nSection one: measures and results.\n"
    document = readers.read_bytes(text.encode(codec), "english.txt")
    assert (document.encoding, [line.text for line in document.lines]) == (codec, text.split("\n"))


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_chinese_utf32_without_a_bom_is_decoded(codec: str) -> None:
    document = readers.read_bytes(hostile.REPORT.encode(codec), "report.txt")
    assert [line.text for line in document.lines][:-1] == REPORT_LINES


@pytest.mark.parametrize("end", ["\u2028", "\u2029", "\x85", "\r\n", "\r"])
def test_unicode_line_ends_break_lines(end: str) -> None:
    document = readers.read_bytes(hostile.REPORT.replace("\n", end).encode(), "report.txt")
    assert [line.text for line in document.lines][:-1] == REPORT_LINES
    assert check_source(document, default_rules()).results  # and the report is checked


def test_unicode_line_ends_in_a_word_paragraph_break_lines() -> None:
    document = readers.read_bytes(make_docx(para("第一行\u2028第二行\u2029第三行")), "breaks.docx")
    assert [line.text for line in document.lines] == ["第一行", "第二行", "第三行"]


@pytest.mark.parametrize("damage", ["\x00", "\ue000\ue001\ue002", "\x00\x01\ue000\uf8ff\x7f"])
def test_a_few_control_or_private_use_characters_do_not_hide_utf8(damage: str) -> None:
    short = "全年办理行政复议案件四十件。"  # so the few characters are far more than 1% of the text
    document = readers.read_bytes((short + damage + short).encode(), "damaged.txt")
    assert (document.encoding, document.lines[0].text) == ("utf-8", short + damage + short)


def test_binary_data_that_is_valid_utf8_is_still_refused() -> None:
    with pytest.raises(InputError, match="无法识别文本编码"):
        readers.read_bytes(b"\x00\x01\x02\x03" * 200 + "报告".encode(), "binary.txt")


@pytest.mark.parametrize(("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                                            (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")])
def test_fix_keeps_a_utf16_or_utf32_byte_order_mark(tmp_path: Path, bom: bytes, codec: str) -> None:
    original = "关于2024年度法治政府建设情况的报告\r\n全年组织集中学法10次,强化法制政府学习。\r\n"
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + original.encode(codec))
    outcome = fix_path(str(path), default_rules())
    assert outcome.refused is None and outcome.applied >= 2
    data = path.read_bytes()
    assert data.startswith(bom)
    assert data[len(bom):].decode(codec) == original.replace(",", "，").replace("法制政府", "法治政府")
