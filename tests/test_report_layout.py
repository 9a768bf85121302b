"""The report for the clerk (terminal and --format text): the status and why beside the score, findings
grouped by rule with 依据 and 建议 once, errors first, a few occurrences in full and the rest by position,
positions that mean something in the file's own program, lines broken by display width and never inside
"GB/T 9704-2012", and the score visible in a 40-column terminal."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.conftest import SEEDS, CliRun, needs_shared
from validator.formatters import content
from validator.formatters.terminal import TerminalFormatter
from validator.pipeline import FileReport, check_path
from validator.results import RunStats
from validator.readers import read_bytes
from validator.ruleset import RuleSet
from validator.wrap import breaks, width, wrap

# Six paragraphs with a half-width comma, two preferred-form mistakes from two different sources, and the
# 第一责任人 duty only mentioned inside the measures (an error).
CRAFTED = """\
某某区司法局关于2024年度法治政府建设情况的报告
一、主要举措和成效
全年组织集体学法12次,制定并公开重大行政决策事项目录。
强化法制政府建设,主要负责人对法治建设重要工作亲自部署、重大问题亲自过问、重要案件亲自督办。
全年办理复议案件20件,办结率100%。
全年开展执法检查86次,群众满意度持续提升。
二、存在的不足和原因
学法不够,原因是制度执行不严。
三、2025年主要工作安排
继续学法,完善制度。
某某区司法局
2025年2月1日
"""
TERMS_BASES = ("《法治政府建设实施纲要（2021—2025年）》", "《党政主要负责人履行推进法治建设第一责任人职责规定》第四条")


def crafted(tmp_path: Path) -> Path:
    path = tmp_path / "草稿.txt"
    path.write_text(CRAFTED, encoding="utf-8")
    return path


def heads(out: str) -> list[str]:
    """The group headings, in order: "[错误] ◐ 第一责任人职责履行情况  7.5/15  report.first-responsible"."""
    return [line.strip() for line in out.splitlines() if re.match(r"\s*\[(错误|警告|提示)\] ", line)]


def terminal(report: FileReport, ruleset: RuleSet, columns: int, verbose: bool = False) -> str:
    out = io.StringIO()
    formatter = TerminalFormatter(out, ruleset, verbose=verbose)
    formatter.console.width = columns
    formatter.add(report)
    formatter.finish(RunStats())
    return out.getvalue()


# --------------------------------------------------------------------------- grouping


def test_text_groups_findings_by_rule_errors_first(tmp_path: Path, cli_run: CliRun) -> None:
    code, out, _ = cli_run("check", str(crafted(tmp_path)), "--format", "text")
    assert code == 1
    lines = out.splitlines()
    assert lines[1] == "   ✗ 未通过  得分 77.3/100"
    assert lines[2] == "   未通过的原因：错误：第一责任人职责履行情况"
    assert "   检查清单 40 项：通过 24，部分通过 2，未通过 4，不适用 10（--verbose 逐项列出）" in lines
    assert heads(out) == [
        "[错误] ◐ 第一责任人职责履行情况  7.5/15  report.first-responsible",
        "[警告] ✗ 公开征求意见期限  0/5  decision.comment-period",
        "[警告] ✗ 合法性审查期限  0/5  decision.legality-review",
        "[警告] ✗ 重大行政决策法定程序  0/10  decision.procedures",
        "[警告] ◐ 规范表述  1/2  terms.preferred",  # 法制政府: its own source
        "[警告] ◐ 规范表述  1/2  terms.preferred",  # 重要案件亲自督办: its own source
        "[提示] ✗ 中文使用全角标点  0/1  format.punctuation-width  共 6 处",
    ]
    # 依据 and 建议 once per group, never per occurrence
    assert sum(line.startswith("     依据：") for line in lines) == 7
    assert sum(line.startswith("     建议：") for line in lines) == 7
    # six commas: two listed with their quotes, the other four by line:column
    punctuation = out.split("format.punctuation-width  共 6 处\n", 1)[1]
    assert punctuation.count("中文里用了半角标点") == 2
    assert "         3:12  “全年组织集体学法12次,制定并公开重大行政决策事项目录。”" in punctuation
    assert "     另 4 处：5:12、6:12、8:5、10:5（--verbose 逐处列出）" in punctuation
    assert "     依据：GB/T 15834-2011《标点符号用法》" in punctuation


def test_each_finding_cites_its_own_basis(tmp_path: Path, cli_run: CliRun) -> None:
    """法制政府→法治政府 cites the source of the term, not the 四个亲自 article that stands first in the rule."""
    _, out, _ = cli_run("check", str(crafted(tmp_path)), "--format", "json")
    import json

    findings = [f for f in json.loads(out)["files"][0]["findings"] if f["rule"] == "terms.preferred"]
    (wrong_name,) = [f["basis"] for f in findings if f["message"].startswith("“法制政府”")]
    (four,) = [f["basis"] for f in findings if f["message"].startswith("“重要案件亲自督办”")]
    assert wrong_name.startswith(TERMS_BASES[0]) and "四个亲自" not in wrong_name
    assert four.startswith(TERMS_BASES[1])
    _, text, _ = cli_run("check", str(crafted(tmp_path)), "--format", "text")
    terms = text.split("terms.preferred\n")
    assert TERMS_BASES[0] in terms[1].split("[警告]")[0] and TERMS_BASES[1] not in terms[1].split("[警告]")[0]
    assert TERMS_BASES[1] in terms[2].split("[提示]")[0]


def test_verbose_lists_every_occurrence_and_the_whole_checklist(tmp_path: Path,
                                                                 cli_run: CliRun) -> None:
    _, short, _ = cli_run("check", str(crafted(tmp_path)), "--format", "text")
    _, out, _ = cli_run("check", str(crafted(tmp_path)), "--format", "text", "--verbose")
    assert out.count("中文里用了半角标点") == 6 and "另 4 处" not in out
    assert " ✓ 主要举措和成效（report.measures）15/15" in out and "检查清单 40 项" not in out
    # quotes and bases in full
    assert "“强化法制政府建设,主要负责人对法治建设重要工作亲自部署、重大问题亲自过问、重要案件亲自督办。”" in out
    assert "依据：《重大行政决策程序暂行条例》第十五条：征求意见期限一般不少于30日" in out
    assert "依据：《重大行政决策程序暂行条例》第十五条\n" in short
    assert len(out.splitlines()) > len(short.splitlines())


def test_a_cut_quote_keeps_the_words_the_finding_is_about(tmp_path: Path, cli_run: CliRun) -> None:
    _, out, _ = cli_run("check", str(crafted(tmp_path)), "--format", "text")
    assert "         4:38  “…问题亲自过问、重要案件亲自督办。”" in out


def test_terminal_uses_the_same_groups(tmp_path: Path, ruleset: RuleSet, cli_run: CliRun) -> None:
    report = check_path(str(crafted(tmp_path)), ruleset)
    out = terminal(report, ruleset, 100)
    assert heads(out) == heads(cli_run("check", str(crafted(tmp_path)), "--format", "text")[1])
    lines = out.splitlines()
    assert lines[1] == "✗ 未通过  得分 77.3/100" and lines[2] == "未通过的原因：错误：第一责任人职责履行情况"
    # quotes indented under their finding
    message = next(i for i, line in enumerate(lines) if line.startswith("  “法制政府”应为“法治政府”"))
    assert lines[message + 1].startswith("      4:3  “强化法制政府建设")


@pytest.mark.parametrize("columns", [40, 48, 60, 100])
@pytest.mark.parametrize("verbose", [False, True])
def test_narrow_terminal_keeps_the_score_and_never_splits_a_standard(tmp_path: Path, ruleset: RuleSet,
                                                                      columns: int, verbose: bool) -> None:
    path = tmp_path / "r.txt"
    path.write_text(CRAFTED.replace("三、2025年", "四、2025年"), encoding="utf-8")  # a numbering gap: GB/T 9704
    out = terminal(check_path(str(path), ruleset), ruleset, columns, verbose=verbose)
    lines = out.splitlines()
    assert lines[1] == "✗ 未通过  得分 76.9/100"  # on a line of its own, whatever the width
    joined = re.sub(r"\n *", "", out)
    for atom in ("GB/T 9704-2012", "GB/T 15834-2011", "report.first-responsible", "format.heading-sequence"):
        assert joined.count(atom) == out.count(atom) >= 1, atom  # every occurrence stands on one line
    if not verbose:  # (the verbose checklist is a table, which rich lays out itself)
        assert all(width(line) <= columns for line in lines), max(lines, key=width)


# --------------------------------------------------------------------------- positions


def test_positions_in_the_files_own_terms(ruleset: RuleSet) -> None:
    from tests.readers.docxgen import make_docx, para
    from tests.readers.pdfgen import Run, make_pdf

    body = "".join(para(t) for t in ("关于2024年度法治政府建设情况的报告", "一、主要举措和成效", "强化法制政府建设。"))
    docx = FileReport(**check_path_bytes(make_docx(body), "r.docx", ruleset))
    assert ("第3段", "“法制政府”应为“法治政府”（中央文件的规范表述是“法治政府”）", "强化法制政府建设。") in \
        [(o.where, o.message, o.quote) for g in content.groups(docx) for o in g.occurrences]
    pdf = FileReport(**check_path_bytes(make_pdf([[Run(72, 760, "关于2024年度法治政府建设情况的报告")],
                                                 [Run(72, 760, "一、主要举措和成效"), Run(72, 730, "强化法制政府建设。")]]),
                                        "r.pdf", ruleset))
    assert "第2页第2行" in [o.where for g in content.groups(pdf) for o in g.occurrences]


def check_path_bytes(data: bytes, name: str, ruleset: RuleSet) -> dict[str, object]:
    from validator.pipeline import check_source

    return check_source(read_bytes(data, name), ruleset)._asdict()


def test_position_formats() -> None:
    from validator.model import Location

    assert content.position(Location(15, 237), "txt") == "15:237"
    assert content.position(Location(15, 237), "md") == "15:237"
    assert content.position(Location(30, 4), "html") == "第30行"
    assert content.position(Location(3, 1, paragraph=12), "docx") == "第12段"
    assert content.position(Location(7, 1, page=2), "pdf") == "第2页第7行"
    assert content.position(None, "txt") == ""


# --------------------------------------------------------------------------- real reports


@needs_shared
def test_seed_002_fits_about_a_screen_and_verbose_lists_everything(ruleset: RuleSet) -> None:
    """Seed 002 printed 181 lines (13 entries for half-width commas, each with its basis and hint)."""
    report = check_path(str(SEEDS / "002_f660ad6afd465363.txt"), ruleset)
    short = terminal(report, ruleset, 100)
    full = terminal(report, ruleset, 100, verbose=True)
    assert len(short.splitlines()) <= 90, len(short.splitlines())
    assert short.count("依据：") == len(heads(short)) == 12
    assert short.count("format.punctuation-width") == 1 and "共 13 处" in short
    assert re.sub(r"\n *", "", full).count("中文里用了半角标点") == 13
    assert len(full.splitlines()) > len(short.splitlines())


# --------------------------------------------------------------------------- line breaking


@pytest.mark.parametrize("columns", range(19, 41))  # the longest unbreakable piece is 19 wide
def test_wrap_never_splits_a_standard_or_an_identifier(columns: int) -> None:
    text = ("依据：GB/T 9704-2012《党政机关公文格式》：成文日期用阿拉伯数字将年、月、日标全，"
            "规则 report.signing-date 得分 67.3/100，见第15:237处。")
    lines = wrap(text, columns)
    assert all(width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for atom in ("GB/T 9704-2012", "report.signing-date", "67.3/100", "15:237"):
        assert any(atom in line for line in lines), (atom, lines)
    assert not any(line.startswith(("，", "。", "》", "、", "：")) for line in lines)
    assert not any(line.endswith(("《", "（", "“")) for line in lines)


def test_wrap_cuts_what_is_wider_than_a_line_and_hangs_the_rest() -> None:
    assert wrap("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]
    assert wrap("中" * 7, 5) == ["中中", "中中", "中中", "中"]
    assert wrap("", 10) == [""]
    assert breaks("甲乙丙丁戊己", 4, 6) == [(0, 2), (2, 5), (5, 6)]
