"""A draft 审查意见 (review opinion) per report, in Markdown, ready to paste into a return-for-revision letter.

What must be fixed (error findings) comes first, then what should be improved (warnings and notes),
each with the quoted text or the reason it is missing, the legal basis and the fix. Items the drafter
suppressed (the drafter's claim that a check does not apply) go into the reviewer's note at the top, with
the drafter's reason, for the reviewer to accept or refuse; they are not part of the letter.
"""

from __future__ import annotations

from collections.abc import Sequence

from validator import __version__
from validator.engine import RULE_ERROR
from validator.model import SEVERITY_RANK
from validator.numerals import int_to_cn
from validator.summary.model import Issue, Row, score_text
from validator.summary.text import md

PLACEHOLDER_DATE = "　　年　　月　　日"


def render_opinion(row: Row) -> str:
    title = f"《{md(row.title)}》" if row.title else f"报告 {md(row.name)}"
    lines = [
        f"# 关于{title}的审查意见（草稿）",
        "",
        f"> 本草稿由 fazhi-lint {__version__} 根据自动检查结果生成（文件：{md(row.name)}），"
        "发出前请审查人逐条核对、取舍和修改。",
        "",
        f"{md(row.issuer) if row.issuer else '（报送单位）'}：",
        "",
    ]
    if row.error is not None:
        lines += [f"　　你单位报送的报告文件无法读取（{md(row.error)}）。请重新报送可以复制文字的电子文本"
                  "（.docx、.txt 或文字版 .pdf）。", ""]
        return "\n".join(lines + _closing())
    # a rule that could not run says nothing about the report: the reviewer is told, the office is not
    broken = sorted({i.rule for i in row.issues if i.code == RULE_ERROR})
    if broken:
        lines[4:4] = [f"> 审查人注意（发出前删除本段）：规则 {'、'.join(broken)} 在本报告上运行超时，未能完成检查，"
                      "相关内容请人工审查。", ""]
    if row.reviewer_notes:
        lines[4:4] = _suppression_note(row)
    issues = [i for i in row.issues if i.code != RULE_ERROR]
    year = f"（{row.year}年度）" if row.year else ""
    lines += [f"　　你单位报送的{title}{year}收悉。经对照法治政府建设年度报告审查要点逐项审查，"
              f"报告得分 {score_text(row.score)}（满分 100），{_conclusion(issues, row)}现将审查意见反馈如下：", ""]
    must = [group for group in _by_rule(issues) if _worst(group) == "error"]
    should = [group for group in _by_rule(issues) if _worst(group) != "error"]
    part = 0
    for heading, groups in (("需要修改的问题", must), ("建议完善的内容", should)):
        if groups:
            part += 1
            lines += [f"## {int_to_cn(part)}、{heading}", ""]
            for i, group in enumerate(groups, 1):
                lines += _issue_block(i, group)
    if not must and not should:
        lines += ["　　经审查，未发现需要修改的问题。", ""]
    return "\n".join(lines + _closing(revise=bool(must)))


def _suppression_note(row: Row) -> list[str]:
    """The reviewer's note on the drafter's suppressions (deleted before the letter goes out)."""
    lines = ["> 审查人注意（发出前删除本段）：报送单位说明以下检查项不适用，请核实理由是否成立；"
             "未认可前，被抑制的错误级问题仍使报告“未通过”（认可后可用 --accept-suppressions 重新生成）。", ">"]
    for note in row.reviewer_notes:
        lines.append(f"> - {note.state}：{md(note.title)}（{note.rule}）：{md(note.message)}。"
                     f"报送单位理由：{md(note.reason)}")
    return [*lines, ""]


def _conclusion(issues: Sequence[Issue], row: Row) -> str:
    if any(i.severity == "error" for i in issues):
        return "存在需要修改后重新报送的问题。"
    if row.status == "fail":  # only suppressed errors no reviewer has accepted
        return "报送单位说明部分检查项不适用，待核实后确定是否符合要求。"
    if issues:
        return "基本符合要求，以下内容建议完善。"
    return "符合要求。"


def _by_rule(issues: Sequence[Issue]) -> list[list[Issue]]:
    """Issues by rule and basis: each block cites its own basis (the terms of one list come from different
    documents)."""
    groups: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        groups.setdefault((issue.rule, issue.basis), []).append(issue)
    return list(groups.values())


def _worst(group: Sequence[Issue]) -> str:
    return max(group, key=lambda i: SEVERITY_RANK.get(i.severity, 0)).severity


def _issue_block(number: int, group: Sequence[Issue]) -> list[str]:
    first = group[0]
    lines = [f"### （{int_to_cn(number)}）{md(first.title)}", ""]
    for issue in group:
        where = ""
        if issue.quote.text:
            place = f"，{issue.quote.where}" if issue.quote.where else ""
            where = f"（原文：“{md(issue.quote.text)}”{place}）"
        lines.append(f"{md(issue.message)}。{where}" if not issue.message.endswith("。") else
                     f"{md(issue.message)}{where}")
        lines.append("")
    lines += [f"**依据**：{md(first.basis)}", "", f"**修改建议**：{md(first.hint)}", ""]
    return lines


def _closing(revise: bool = True) -> list[str]:
    ask = f"　　请按上述意见修改完善后，于{PLACEHOLDER_DATE}前重新报送。" if revise else \
        "　　请按上述意见完善后按时公开。"
    return [ask, "", "（审查单位）", "", PLACEHOLDER_DATE, ""]
