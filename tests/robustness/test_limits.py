"""Huge and deep inputs finish (linear time, bounded memory) or are refused over a documented limit.

No timings are asserted: an input that used to take quadratic time is given at a size where that
would mean hours, so a regression shows as a run that never ends. The figures are printed by
``python -m tests.robustness.measure`` and recorded in README (限制与安全).
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRun
from tests.robustness import hostile
from tests.robustness.strategies import default_rules
from validator import limits, readers
from validator.errors import InputError
from validator.pipeline import FileReport, check_bytes, check_source
from validator.readers.text import markdown_lines


def check(data: bytes, name: str) -> FileReport:
    report = check_bytes(data, name, default_rules())
    assert report.error is None, report.error
    return report


# --------------------------------------------------------------------------- size limits


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path, cli_run: CliRun,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(50 * limits.MB)  # sparse: 50 MB on paper, nothing on disk
    def guarded_open(path: str, *args: Any, **kwargs: Any) -> Any:
        assert Path(path) != huge, "a file over the size limit was opened"
        return open(path, *args, **kwargs)

    monkeypatch.setattr(readers, "open", guarded_open, raising=False)
    code, out, err = cli_run("check", str(huge), str(hostile.EXAMPLES / "compliant.txt"), "--format", "json")
    assert code == 3
    assert err.strip() == f"fazhi-lint: {huge}: 文件过大（50.0 MB，上限 20 MB）"
    files = json.loads(out)["files"]
    assert files[0]["error"] is not None and files[1]["status"] == "pass"  # the rest of the batch is checked


class CountingStream(io.RawIOBase):
    """An endless standard input that remembers how much was asked of it."""

    def __init__(self) -> None:
        self.requested = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size >= 0, "standard input was read without a limit"
        self.requested += size
        return b"a" * size


def test_standard_input_is_read_up_to_the_limit_and_no_further(cli_run: CliRun,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    stream = CountingStream()
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": stream}))
    code, _, err = cli_run("check", "-", "--format", "json")
    assert code == 3
    assert "输入过大" in err and err.count("\n") == 1
    assert stream.requested == limits.MAX_INPUT_BYTES + 1


def test_a_device_named_like_a_report_is_not_read_for_ever(tmp_path: Path) -> None:
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(InputError, match="zero.txt: 不是普通文件（设备），不予读取"):  # refused before it is opened
        readers.read_path(str(zero))


def test_a_million_empty_lines_are_refused_before_a_line_object_is_made() -> None:
    with pytest.raises(InputError, match=f"超过上限 {limits.MAX_LINES} 行"):
        readers.read_bytes(b"\n" * 1_000_000, "empty.txt")


def test_text_just_under_the_extraction_limit_is_checked() -> None:
    text = hostile.report_text()
    copies = limits.MAX_TEXT_CHARS // (len(text) + 1)
    data = (text * copies).encode()
    assert len(data) > 10 * limits.MB
    report = check(data, "big.txt")
    assert report.document is not None
    assert sum(s.kind == "measures" for s in report.document.sections) == 2 * copies
    # every copy of the deficient example repeats its comment period of 15 days: the first ones are
    # listed, the rest counted in one more finding
    found = [f for f in report.findings if f.rule == "decision.comment-period"]
    assert len(found) == limits.MAX_FINDINGS_PER_RULE + 1
    assert f"另有 {copies - limits.MAX_FINDINGS_PER_RULE} 处问题未逐一列出" in found[-1].message


def test_text_over_the_extraction_limit_is_refused() -> None:
    with pytest.raises(InputError, match=f"超过上限 {limits.MAX_TEXT_CHARS} 字"):
        readers.read_bytes("字".encode() * (limits.MAX_TEXT_CHARS + 1), "long.txt")


# --------------------------------------------------------------------------- long, many, deep


def test_ten_thousand_numbered_headings() -> None:
    report = check(hostile.numbered_headings(100, 99), "headings.txt")
    assert report.document is not None
    (measures,) = [s for s in report.document.sections if s.kind == "measures"]
    assert len(measures.walk()) - 1 == 10_000
    assert [len(group.children) for group in measures.children] == [99] * 100
    # （一）…（一百）, each holding 1.…99., all in sequence
    assert not [f for f in report.findings if f.rule == "format.heading-sequence"]


def test_a_gap_in_headings_numbered_past_ninety_nine_is_named() -> None:
    text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n正文。\n一百二十、第二部分\n正文。\n"
    report = check(text.encode(), "gap.txt")
    (gap,) = [f for f in report.findings if f.code == "heading-numbering-gap"]
    assert "“二、”" in gap.message and "“一百一十九、”共118个" in gap.message


def test_thirty_thousand_markdown_headings() -> None:
    """30,000 rather than the 100,000 of the measurements (23 s): quadratic work would still take hours."""
    report = check(hostile.markdown_headings(30_000), "headings.md")
    assert report.document is not None
    assert sum(len(s.walk()) for s in report.document.sections) == 30_000
    assert max(s.depth for top in report.document.sections for s in top.walk()) == 5


def test_ten_thousand_levels_of_quotes() -> None:
    report = check(hostile.nested_quotes(10_000), "quotes.md")
    assert report.document is not None
    assert report.document.paragraphs[-1].text == "全年办理行政复议案件40件。"


def test_fifteen_hundred_levels_of_list_indentation() -> None:
    data = hostile.nested_list(1_500)
    assert len(data) > 2 * limits.MB  # of indentation, mostly
    report = check(data, "list.md")
    assert report.document is not None
    assert report.document.paragraphs[-1].text == "第1499层：推进依法行政。"


def test_deeper_indentation_is_refused_by_the_character_limit() -> None:
    report = check_bytes(hostile.nested_list(3_000), "list.md", default_rules())
    assert report.error == f"list.md: 提取出的文字有 9046913 字，超过上限 {limits.MAX_TEXT_CHARS} 字，不予检查"


def test_a_paragraph_of_megabytes_without_a_full_stop() -> None:
    data = hostile.one_paragraph(2 * limits.MB)
    report = check(data, "paragraph.txt")
    assert report.document is not None and len(report.document.paragraphs) == 1
    assert all(r.status != "error" for r in report.results)  # no sound rule runs out of time
    rates = [f for f in report.findings if f.rule == "data.percent-range"]
    assert len(rates) == limits.MAX_FINDINGS_PER_RULE + 1  # every rate over 100%: listed, then counted
    assert f"另有 {data.count('150%'.encode()) - limits.MAX_FINDINGS_PER_RULE} 处问题未逐一列出" in rates[-1].message


@pytest.mark.parametrize("line", [
    "# 标题" + " " * 200_000 + "x",  # a heading with a long run of spaces
    "正文" + " " * 200_000 + "结束",  # spaces that are neither leading, trailing nor between Chinese
    "<!-- fazhi-lint-disable report.problems" + " " * 200_000 + "x",  # an unfinished directive
    "[" * 200_000,  # link syntax never closed
    "![" * 100_000,
    "|" + " " * 200_000 + "-x",  # indentation before a table delimiter
    "。" + " " * 200_000 + "一是",  # an enumeration marker after a long run of spaces
    "*" * 200_000,
    "a" * 200_000 + "中文",  # a long word run next to e-mail detection
    "(" * 100_000 + "中" + ")" * 100_000,  # nested half-width parentheses
    "（" * 30_000 + "】" * 30_000,  # openers that nothing closes
    "2019年，" * 30_000,  # a stale year in every clause
    "征求意见15日，" * 10_000,  # a short comment period in every clause
])
def test_lines_that_made_a_pattern_backtrack_quadratically(line: str) -> None:
    for name in ("line.txt", "line.md"):
        report = check(("一、主要举措和成效\n" + line + "\n").encode(), name)
        assert report.document is not None and report.document.paragraphs


def test_markdown_blanks_markup_of_a_long_line_keeping_columns() -> None:
    line = "## 标题" + " " * 100_000 + "##"
    (heading,) = markdown_lines(line)
    assert heading.outline_level == 2 and heading.text.strip() == "标题" and len(heading.text) == len(line)


def test_a_huge_previous_report_is_compared_or_declined() -> None:
    ruleset = default_rules()
    this_year = readers.read_bytes(hostile.repeated_reports(limits.MB), "this.txt")
    last_year = readers.read_bytes(hostile.repeated_reports(limits.MB), "last.txt")
    from validator.pipeline import analyse

    report = check_source(this_year, ruleset, analyse(last_year, ruleset.classifier))
    results = {r.rule.id: r for r in report.results}
    for rule in ("report.plan-followthrough", "report.repeated-problems"):
        assert results[rule].status != "error"
        assert results[rule].credit is not None or "上限" in results[rule].note
