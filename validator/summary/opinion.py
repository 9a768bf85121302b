"""A draft 审查意见 (review opinion) per report, and the reviewer's own note beside it.

The letter is what a 司法局 sends back to the reporting office, so it holds nothing of the tool: no
file names, command lines or line:column positions — each problem quotes the report's text and says
where in words the office can find (第4段, 第2页, or the part of the report). What must be fixed (error
findings) comes first, then what should be improved; one paragraph per rule, listing every place the
rule found, with the rule's own legal basis and fix. ``draft`` decides the content once; the letter
is rendered as Markdown here and as a Word 公文 in ``opinion_docx``.

What only the reviewer needs goes into a separate ``Note``: the drafter's suppressions to verify, rules
that could not run, where the text came from (the reviewer's saved copy of a web page, OCR), the
automatic score, and every finding's exact position in the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from validator import __version__
from validator.model import SEVERITY_NAME, SEVERITY_RANK
from validator.numerals import int_to_cn
from validator.results import RULE_ERROR
from validator.summary.model import Issue, Row, score_text
from validator.summary.text import md

PLACEHOLDER_DATE = "　　年　　月　　日"
PLACEHOLDER_UNIT = "（审查单位）"
QUOTE_MAX = 150  # a quoted sentence longer than this is cut (the note keeps the position to find the rest)
MANY = 4  # more findings of one rule than this are listed by place only (13 half-width commas: one line)
# A clause of a rule's hint meant for the drafter at a keyboard ("可运行 fazhi-lint check --fix 自动修改"):
# left out of the letter, which names no tool and no command.
_TOOL_CLAUSE = regex.compile(r"fazhi-lint|--[a-z]")
_CLAUSE = regex.compile(r"[^；。]+[；。]?")
LETTER = "审查意见"
NOTE = "审查人备注"


@dataclass(frozen=True)
class Paragraph:
    kind: str  # "heading" (一、…, 黑体) or "body" (a paragraph, its lead sentence in 楷体 when given)
    text: str
    lead: str = ""


@dataclass(frozen=True)
class Letter:
    title: str
    addressee: str
    paragraphs: tuple[Paragraph, ...]
    signature: tuple[str, ...]  # 署名 and 成文日期


@dataclass(frozen=True)
class Note:
    title: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, items)


def draft(row: Row, unit: str = "") -> tuple[Letter, Note]:
    """The letter to the reporting office and the reviewer's note, for one report."""
    return _letter(row, unit), _note(row)


# --------------------------------------------------------------------------- the letter


def _report_name(row: Row) -> str:
    return f"《{row.title}》" if row.title else "法治政府建设年度报告"


def _letter(row: Row, unit: str) -> Letter:
    title = f"关于{_report_name(row)}的{LETTER}"
    addressee = f"{row.issuer or '（报送单位）'}："
    signature = (unit or PLACEHOLDER_UNIT, PLACEHOLDER_DATE)
    if row.error is not None:
        body = (Paragraph("body", f"你单位报送的{_report_name(row)}文件无法读取，未能审查。请重新报送可以复制文字的电子文本"
                                  "（.docx、.txt 或文字版 .pdf）。"),)
        return Letter(title, addressee, body, signature)
    issues = [i for i in row.issues if i.code != RULE_ERROR]  # a rule that could not run says nothing of the report
    groups = _by_rule(issues)
    must = [g for g in groups if _worst(g) == "error"]
    should = [g for g in groups if _worst(g) != "error"]
    year = f"（{row.year}年度）" if row.year else ""
    paragraphs = [Paragraph("body", f"你单位报送的{_report_name(row)}{year}收悉。经对照法治政府建设年度报告审查要点逐项审查，"
                                    f"{_conclusion(issues, row)}现将审查意见反馈如下：" if issues else
                                    f"你单位报送的{_report_name(row)}{year}收悉。经对照法治政府建设年度报告审查要点逐项审查，"
                                    "未发现需要修改的问题。")]
    part = 0
    for heading, chosen in (("需要修改的问题", must), ("建议完善的内容", should)):
        if chosen:
            part += 1
            paragraphs.append(Paragraph("heading", f"{int_to_cn(part)}、{heading}"))
            paragraphs += [_rule_paragraph(n, group) for n, group in enumerate(chosen, 1)]
    if must:
        paragraphs.append(Paragraph("body", f"请按上述意见修改完善后，于{PLACEHOLDER_DATE}前重新报送。"))
    elif should:
        paragraphs.append(Paragraph("body", "请按上述意见完善后按时公开。"))
    else:
        paragraphs.append(Paragraph("body", "请按规定时限公开。"))
    return Letter(title, addressee, tuple(paragraphs), signature)


def _conclusion(issues: Sequence[Issue], row: Row) -> str:
    if any(i.severity == "error" for i in issues):
        return "存在需要修改后重新报送的问题。"
    if row.status == "fail":  # only errors the office says do not apply, which no reviewer has accepted yet
        return "报送单位说明部分检查项不适用，待核实后确定是否符合要求。"
    return "基本符合要求，以下内容建议完善。"


def _by_rule(issues: Sequence[Issue]) -> list[list[Issue]]:
    groups: dict[str, list[Issue]] = {}
    for issue in issues:
        groups.setdefault(issue.rule, []).append(issue)
    return list(groups.values())


def _worst(group: Sequence[Issue]) -> str:
    return max(group, key=lambda i: SEVERITY_RANK.get(i.severity, 0)).severity


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？")) else text.rstrip("；;，,") + "。"


def _distinct(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(v.strip().rstrip("。") for v in values if v.strip()))


def quoted(issue: Issue) -> str:
    """“……”（第4段） — the quote, shortened, and the place in words; "" when the finding quotes nothing."""
    text = " ".join(issue.quote.text.split())
    if not text:
        return ""
    if len(text) > QUOTE_MAX:
        text = text[:QUOTE_MAX] + "……"
    place = f"（{issue.quote.place}）" if issue.quote.place else ""
    return f"“{text}”{place}"


def _rule_paragraph(number: int, group: Sequence[Issue]) -> Paragraph:
    """One paragraph for one rule: what is wrong, every place it was found, the basis and the fix."""
    lead = f"（{int_to_cn(number)}）{group[0].title}。"
    messages = _distinct([i.message for i in group])
    places = [quoted(i) for i in group]
    if len(group) > MANY:
        found = _many(group, messages)
    elif len(group) == 1:
        found = _sentence(messages[0]) if messages else ""
        if places[0]:
            found += f"原文：{places[0]}。"
    elif len(messages) == 1:
        listed = "；".join(p for p in places if p)
        found = f"{messages[0]}，共{len(group)}处" + (f"：{listed}。" if listed else "。")
    else:
        listed = "；".join(f"{p}（{_plain(i.message)}）" if p else _plain(i.message) for p, i in zip(places, group))
        found = f"共{len(group)}处：{listed}。"
    bases = _distinct([i.basis for i in group])
    hints = _distinct([_for_the_office(i.hint) for i in group])
    basis = f"依据：{'；'.join(bases)}。" if bases else ""
    hint = f"修改建议：{'；'.join(hints)}。" if hints else ""
    return Paragraph("body", found + basis + hint, lead)


def _many(group: Sequence[Issue], messages: Sequence[str]) -> str:
    """Many findings of one rule in one sentence: what is wrong, how often, and where (places, not quotes)."""
    what = messages[0] if len(messages) == 1 else (group[0].summary or group[0].title)
    places = list(dict.fromkeys(i.quote.place for i in group if i.quote.place))
    if not places:
        places = list(dict.fromkeys(f"“{i.quote.text[:15]}……”" for i in group if i.quote.text))
    where = f"，见{'、'.join(places)}" if places else ""
    return f"{_plain(what)}，共{len(group)}处{where}。"


def _for_the_office(hint: str) -> str:
    """The hint without the clauses that speak of the tool (a command line means nothing to the office)."""
    kept = [c for c in _CLAUSE.findall(hint) if not _TOOL_CLAUSE.search(c)]
    return "".join(kept).rstrip("；")


def _plain(message: str) -> str:
    return message.strip().rstrip("。")


# --------------------------------------------------------------------------- the reviewer's note


def _note(row: Row) -> Note:
    sections: list[tuple[str, tuple[str, ...]]] = [("说明", (
        f"本备注仅供审查人使用，不随{LETTER}发出。{LETTER}草稿由 fazhi-lint {__version__} 根据自动检查结果生成，"
        "发出前请逐条核对、取舍和修改。",
    ))]
    facts = [f"文件：{row.name}"]
    if row.error is not None:
        facts.append(f"无法读取：{row.error}")
    else:
        facts.append(f"自动检查：得分 {score_text(row.score)}（满分 100），{row.status_name}")
    if row.previous:
        facts.append(f"已与上年报告对照：{row.previous}")
    facts += list(row.notes)
    sections.append(("报告", tuple(facts)))
    if row.reviewer_notes:
        sections.append(("报送单位说明不适用的事项（请核实）", tuple(
            f"{n.state} {n.title}（{n.rule}，{SEVERITY_NAME.get(n.severity, n.severity)}）：{_plain(n.message)}。"
            f"报送单位理由：{n.reason}（{n.source}）。"
            + ("未认可前报告不能通过；" if n.blocks else "")
            + f"理由不成立的，请把该项写入{LETTER}；成立的，可用 --accept-suppressions 认可。"
            for n in row.reviewer_notes)))
    broken = [i for i in row.issues if i.code == RULE_ERROR]
    if broken:
        sections.append(("未能完成的检查（请人工审查相关内容）", tuple(
            f"{i.title}（{i.rule}）：{_plain(i.message)}。" for i in broken)))
    source = _source_notes(row)
    if source:
        sections.append(("报告文字的来源", source))
    located = [_position(i) for i in row.issues if i.code != RULE_ERROR]
    if located:
        sections.append(("各问题在文件中的位置（供核对）", tuple(located)))
    return Note(f"{NOTE}：{_report_name(row)}", tuple(sections))


def _source_notes(row: Row) -> tuple[str, ...]:
    notes = []
    if row.source_format in ("html", "htm"):
        notes.append(f"报告文字取自审查人保存的网页（{row.name}），只检查了网页正文；{LETTER}中的引文出自该网页，"
                     "位置按报告的部分标题给出。请核对网页与报送单位的正式文本是否一致。")
    if row.source_format == "pdf-ocr":
        notes.append(f"报告是扫描件，文字由 OCR 识别，引文可能有识别错误，请对照原件核对后再写入{LETTER}。")
    notes += row.source_notes
    return tuple(dict.fromkeys(notes))


def _position(issue: Issue) -> str:
    where = issue.quote.where or "全文"
    text = " ".join(issue.quote.text.split())
    quote = f"：“{text[:QUOTE_MAX]}{'……' if len(text) > QUOTE_MAX else ''}”" if text else ""
    return f"{issue.title}（{issue.rule}）{where}{quote}"


# --------------------------------------------------------------------------- Markdown


def render_opinion(row: Row, unit: str = "") -> str:
    """The letter in Markdown (``summary --opinion-format markdown``)."""
    return letter_markdown(draft(row, unit)[0])


def letter_markdown(letter: Letter) -> str:
    lines = [f"# {md(letter.title)}", "", md(letter.addressee), ""]
    for p in letter.paragraphs:
        if p.kind == "heading":
            lines += [f"## {md(p.text)}", ""]
        else:
            lead = f"**{md(p.lead)}**" if p.lead else ""
            lines += [f"　　{lead}{md(p.text)}", ""]
    lines += [*(md(line) + "  " for line in letter.signature), ""]
    return "\n".join(lines)


def note_markdown(note: Note) -> str:
    lines = [f"# {md(note.title)}", ""]
    for heading, items in note.sections:
        lines += [f"## {md(heading)}", "", *(f"- {md(item)}" for item in items), ""]
    return "\n".join(lines)
