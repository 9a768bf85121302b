"""Findings as Word comments (批注) in a copy of the report: ``fazhi-lint check 报告.docx --annotate 批注.docx``.

Reviewers mark up Word files, so the checker can answer in one. Each finding becomes a comment
anchored on its evidence — the quoted sentence, found again in the paragraph the finding's
location names; a finding without a location sits on the heading of the section its rule looks
at (a cause missing from 存在的不足 on that heading) or else on the title (a missing section),
or on the first paragraph. A summary comment on the title gives the score and the checklist.

What is written where:

- a .docx is copied, never changed: python-docx (≥ 1.2, which writes comments) opens the bytes
  read from disk and the copy is written atomically to the output path. Runs are split at the
  evidence's ends, each half keeping the run's properties, so formatting, numbering, tables,
  existing comments and tracked changes stay as they were;
- a .doc/.wps/.odt/.rtf is converted by LibreOffice as for checking, and the converted .docx is
  annotated;
- any other input (.txt, .md, .pdf, .html, .ofd) becomes a plain .docx of its text, one Word
  paragraph per paragraph of the source (lines of a text file; wrapped lines of a PDF joined).

Paragraphs are found by the reader's own count (``validator.readers.docx.paragraph_map``), so a
comment lands on the paragraph the finding's location names. A comment anchored in a text box
is put on the run that holds the text box: comments cannot live inside text boxes.
"""

from __future__ import annotations

import copy
import io
from typing import TYPE_CHECKING, Any, NamedTuple

import regex

from validator.errors import InputError, UsageError
from validator.model import SEVERITY_NAME, Finding, Location, SourceDocument

if TYPE_CHECKING:
    from validator.model import Document
    from validator.results import FileReport

DEFAULT_AUTHOR = "fazhi-lint"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONVERTED = frozenset({"doc", "dot", "wps", "wpt", "odt", "rtf"})
# characters XML 1.0 cannot hold; python-docx refuses them, so they are shown as U+FFFD (one for one)
_NOT_XML = regex.compile(r"[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


class Target(NamedTuple):
    """A Word paragraph comments can be put on: its element, numbering label and runs with their text."""

    element: Any  # lxml w:p
    label: str
    runs: list[tuple[Any, str]]  # (lxml w:r, the text the reader read from it)

    @property
    def text(self) -> str:
        return self.label + "".join(text for _, text in self.runs)


class Anchor(NamedTuple):
    target: int  # index into the targets
    start: int  # offset in the target's text; start == end on one target: the whole paragraph
    end: int  # offset in the text of the last target
    last: int | None = None  # the last target when the evidence runs on into following paragraphs

    @property
    def whole(self) -> bool:
        return self.last is None and self.start >= self.end


# A quote runs on into at most this many following paragraphs (a sentence broken by a blank line).
_FOLLOWING = 4


def check_request(output: str, inputs: list[str]) -> None:
    """Refuse what cannot be annotated before anything is checked: one file in, a .docx out."""
    if not output.lower().endswith(".docx"):
        raise UsageError(f"--annotate {output}: 批注文件须以 .docx 为扩展名")
    if len(inputs) != 1:
        raise UsageError(f"--annotate 只能用于一份报告（收到 {len(inputs)} 份）")
    if inputs[0] == "-":
        raise UsageError("--annotate 需要文件路径，不能从标准输入读取")


def annotate_path(report: FileReport, output: str, author: str | None) -> int:
    """Annotate the file the report was read from (read again from disk, never written)."""
    from validator.limits import MAX_INPUT_BYTES

    try:
        with open(report.path, "rb") as fh:
            original = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{report.path}: 无法读取（{exc.strerror or exc}），未写批注文件") from None
    if len(original) > MAX_INPUT_BYTES:
        raise InputError(f"{report.path}: 文件在检查后变得过大，未写批注文件")
    return write_annotated(report, original, output, DEFAULT_AUTHOR if author is None else author)


def write_annotated(report: FileReport, original: bytes, out_path: str, author: str = DEFAULT_AUTHOR) -> int:
    """Write the annotated copy; returns the number of finding comments (the summary not counted).

    Raises InputError when the report could not be checked or the copy cannot be made from it.
    """
    document = report.document
    if report.error is not None or document is None or not document.source.lines:
        raise InputError(f"{report.path}: 无法检查，未写批注文件")
    source = document.source
    word, targets, placed = _targets(source, original, report.path)
    lines: dict[tuple[int | None, int], int] = {}  # (page, line number users see) -> source line index
    for i, line in enumerate(source.lines):
        lines.setdefault((line.page, source.line_number(i)), i)
    anchors = [(_anchor(f, document, targets, placed, lines, report), _comment_text(f)) for f in report.findings]
    title = _title_target(document, placed) if targets else 0
    # the author comes from the command line: a control character or a byte that was not UTF-8 there is
    # no more allowed in the XML than in the report's text
    author = _NOT_XML.sub("\ufffd", author.encode("utf-8", "replace").decode("utf-8"))
    _add_comment(word, targets, Anchor(title, 0, 0), _summary_text(report), author)
    for anchor, text in sorted(anchors, key=lambda a: (a[0].target, a[0].start)):
        _add_comment(word, targets, anchor, text, author)
    buffer = io.BytesIO()
    word.save(buffer)
    from validator.fileio import write_atomically

    try:
        write_atomically(out_path, buffer.getvalue())
    except OSError as exc:
        raise UsageError(f"{out_path}: 无法写入批注文件（{exc.strerror or exc}）") from None
    return len(anchors)


# --------------------------------------------------------------------------- the Word document


def _targets(source: SourceDocument, original: bytes, name: str) -> tuple[Any, list[Target], list[tuple[int, int]]]:
    """The python-docx document, its paragraphs to comment on, and for each source line the
    (target, offset of the line in the target's text) it was read from."""
    if source.format == "docx":
        return _word_targets(original, name, source)
    if source.format in _CONVERTED:
        from validator.readers.legacy import convert_to_docx, real_type

        kind = real_type(original)
        if kind is None:
            raise InputError(f"{name}: 无法识别文件类型，未写批注文件")
        return _word_targets(convert_to_docx(original, name, kind), name, source)
    return _plain_targets(source)


def _open(data: bytes, name: str) -> Any:
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a package it cannot take
        why = " ".join(str(exc).split())[:200]
        raise InputError(f"{name}: 无法在该文件上写批注（{type(exc).__name__}：{why}）；"
                         f"启用宏的 .docm 请先另存为 .docx") from None


def _word_targets(data: bytes, name: str, source: SourceDocument) -> tuple[Any, list[Target], list[tuple[int, int]]]:
    from docx.oxml.ns import qn

    from validator.readers.docx import paragraph_map

    word = _open(data, name)
    mapped = paragraph_map(data, name)
    root = word.element
    paragraphs = list(root.iter(qn("w:p")))
    runs = list(root.iter(qn("w:r")))
    targets = []
    for m in mapped:
        if m.element >= len(paragraphs) or any(i >= len(runs) for i, _ in m.runs):
            raise InputError(f"{name}: 文件结构无法对应（非常规的 Word 命名空间？），未写批注文件")
        targets.append(Target(paragraphs[m.element], m.label, [(runs[i], text) for i, text in m.runs]))
    placed: list[tuple[int, int]] = []
    offset, current = 0, 0
    for line in source.lines:
        number = (line.paragraph or 1) - 1
        if number != current or not placed:
            current, offset = number, 0
        placed.append((min(number, len(targets) - 1), offset))
        offset += len(line.text) + 1  # the line break between lines of one paragraph
    return word, targets, placed


def _plain_targets(source: SourceDocument) -> tuple[Any, list[Target], list[tuple[int, int]]]:
    """A new document of the text: one paragraph per source paragraph, wrapped lines joined."""
    import docx

    word = docx.Document()
    targets: list[Target] = []
    placed: list[tuple[int, int]] = []
    pending: list[str] = []
    for i, line in enumerate(source.lines):
        placed.append((len(targets), sum(len(t) for t in pending)))
        pending.append(line.text)
        continues = line.ends_paragraph is False and i + 1 < len(source.lines)
        if not continues:
            targets.append(_plain_paragraph(word, "".join(pending), line.outline_level))
            pending = []
    return word, targets, placed


def _plain_paragraph(word: Any, text: str, level: int | None) -> Target:
    paragraph = word.add_paragraph(style=f"Heading {level}" if level and 1 <= level <= 9 else None)
    shown = _NOT_XML.sub("\ufffd", text)
    if not shown:
        return Target(paragraph._p, "", [])
    run = paragraph.add_run(shown)
    return Target(paragraph._p, "", [(run._r, _run_text(run._r))])


# --------------------------------------------------------------------------- where each comment goes


def _anchor(finding: Finding, document: Document, targets: list[Target], placed: list[tuple[int, int]],
            lines: dict[tuple[int | None, int], int], report: FileReport) -> Anchor:
    if finding.location is not None and targets:
        found = _located(finding.location, finding.quote, targets, placed, lines)
        if found is not None:
            return found
    return Anchor(_heading_target(finding, document, placed, report), 0, 0)


def _located(location: Location, quote: str, targets: list[Target], placed: list[tuple[int, int]],
             lines: dict[tuple[int | None, int], int]) -> Anchor | None:
    index = lines.get((location.page, location.line))
    if index is None:
        return None
    target, line_offset = placed[index]
    text = targets[target].text
    at = min(len(text), line_offset + location.column - 1)
    # the quote may run on into the next paragraphs (a sentence the text joined across a blank line)
    following = targets[target:target + 1 + _FOLLOWING]
    starts = [0]
    for t in following:
        starts.append(starts[-1] + len(t.text))
    span = _find_quote("".join(t.text for t in following), quote, at)
    if span is None:
        if at >= len(text):
            return Anchor(target, 0, 0)
        return Anchor(target, at, min(len(text), at + max(1, len(quote.strip("…")))))
    start, end = span
    last = max(i for i, offset in enumerate(starts[:-1]) if offset < end)
    if last == 0:
        return Anchor(target, start, end)
    return Anchor(target, start, end - starts[last], target + last)


def _find_quote(text: str, quote: str, at: int) -> tuple[int, int] | None:
    """Where the quote (whitespace collapsed, maybe cut short with "…") stands in ``text``, the
    occurrence at or nearest to offset ``at``."""
    wanted = quote.removeprefix("…").removesuffix("…").strip()
    if not wanted:
        return None
    collapsed: list[str] = []
    where: list[int] = []  # offset in text of each character of the collapsed text
    for i, char in enumerate(text):
        if char.isspace():
            if collapsed and collapsed[-1] == " ":
                continue
            char = " "
        collapsed.append(char)
        where.append(i)
    flat = "".join(collapsed)
    best: tuple[int, int] | None = None
    start = flat.find(wanted)
    while start >= 0:
        span = (where[start], where[start + len(wanted) - 1] + 1)
        distance = 0 if span[0] <= at < span[1] else min(abs(at - span[0]), abs(at - span[1]))
        if best is None or distance < best[0]:
            best = (distance, start)
        start = flat.find(wanted, start + 1)
    if best is None:
        return None
    start = best[1]
    return where[start], where[start + len(wanted) - 1] + 1


def _heading_target(finding: Finding, document: Document, placed: list[tuple[int, int]], report: FileReport) -> int:
    """A finding without a location: the heading of the section its rule looks at, else the title,
    else the first paragraph."""
    scope = next((r.rule.scope for r in report.results if r.rule is not None and r.rule.id == finding.rule), None)
    for section in document.sections:
        if scope is not None and section.kind in scope and section.heading is not None:
            return placed[section.heading.first_line][0]
    return _title_target(document, placed) if finding.code == "missing" else 0


def _title_target(document: Document, placed: list[tuple[int, int]]) -> int:
    from validator.metadata import find_title

    title = find_title(document.paragraphs[:12])
    return placed[title.first_line][0] if title is not None else 0


# --------------------------------------------------------------------------- comment text


def _comment_text(finding: Finding) -> str:
    severity = SEVERITY_NAME.get(finding.severity, finding.severity)
    parts = [f"【{severity}】{finding.message}（{finding.rule}）"]
    if finding.basis:
        parts.append(f"依据：{finding.basis}")
    if finding.hint:
        parts.append(f"建议：{finding.hint}")
    return "\n".join(parts)


def _summary_text(report: FileReport) -> str:
    from validator.formatters import content

    lines = [f"fazhi-lint 检查结果：{content.verdict(report)[1]}"]
    why = content.reason(report)
    if why:
        lines.append(why)
    lines.extend(f"{row.mark} {row.title}（{row.rule}）{row.credit}" + (f"  {row.detail}" if row.detail else "")
                 for row in content.checklist(report.results))
    count = len(report.findings)
    lines.append(f"共 {count} 个问题，已在正文中逐条批注。" if count else "未发现问题。")
    return "\n".join(lines)


# --------------------------------------------------------------------------- writing a comment


def _add_comment(word: Any, targets: list[Target], anchor: Anchor, text: str, author: str) -> None:
    from docx.text.run import Run

    if not targets:
        return
    runs = _anchor_runs(targets, anchor)
    if not runs:
        return
    first, last = (Run(r, word) for r in (runs[0], runs[-1]))
    word.add_comment([first, last], text=_NOT_XML.sub("\ufffd", text), author=author,
                     initials=_initials(author))


def _initials(author: str) -> str:
    """What Word shows in a comment's marker: "FL" for fazhi-lint, the first two characters of a Chinese name."""
    words = regex.findall(r"[A-Za-z]+", author)
    return "".join(w[0] for w in words).upper()[:3] if words else author[:2]


def _anchor_runs(targets: list[Target], anchor: Anchor) -> list[Any]:
    """The first and last runs that exactly cover the anchor's text, split at its ends when these
    fall inside runs."""
    first = targets[anchor.target]
    box = _text_box_run(first.element)
    if box is not None:
        return [box]
    if anchor.whole:
        return [r for r, _ in first.runs[:1] + first.runs[-1:]]
    if anchor.last is None:
        covered = _covered(first, anchor.start, anchor.end)
        return covered or [r for r, _ in first.runs[:1] + first.runs[-1:]]
    final = targets[anchor.last]
    if _text_box_run(final.element) is not None:
        return _covered(first, anchor.start, len(first.text)) or [r for r, _ in first.runs[:1]]
    head = _covered(first, anchor.start, len(first.text))
    tail = _covered(final, 0, anchor.end)
    return [*head[:1], *tail[-1:]] if head and tail else head or tail


def _covered(target: Target, start: int, end: int) -> list[Any]:
    """The runs of one paragraph covering text offsets ``start``–``end`` (numbering label excluded)."""
    if not target.runs:
        return []
    label = len(target.label)
    start, end = max(0, start - label), max(0, end - label)
    total = sum(len(text) for _, text in target.runs)
    if end <= start or start >= total:
        return []
    end = min(end, total)
    _split_at(target, start)
    _split_at(target, end)
    covered = []
    position = 0
    for run, text in target.runs:
        if position < end and position + len(text) > start:
            covered.append(run)
        position += len(text)
    return covered


def _text_box_run(paragraph: Any) -> Any | None:
    """The outermost run holding the text box a paragraph is in, or None outside text boxes."""
    from docx.oxml.ns import qn

    boxes = [a for a in paragraph.iterancestors(qn("w:txbxContent"))]
    if not boxes:
        return None
    runs = list(boxes[-1].iterancestors(qn("w:r")))
    return runs[-1] if runs else None


def _split_at(target: Target, offset: int) -> None:
    """Split the run in which ``offset`` falls (strictly inside it) into two runs at that offset."""
    position = 0
    for i, (run, text) in enumerate(target.runs):
        if position < offset < position + len(text):
            if _run_text(run) != text:
                return  # the run holds what the reader did not read as text: anchor on it whole
            left, right = _split_run(run, offset - position)
            target.runs[i:i + 1] = [(left, text[:offset - position]), (right, text[offset - position:])]
            return
        position += len(text)


def _split_run(run: Any, at: int) -> tuple[Any, Any]:
    right = copy.deepcopy(run)
    _keep(run, 0, at)
    _keep(right, at, None)
    run.addnext(right)
    return run, right


def _keep(run: Any, start: int, end: int | None) -> None:
    """Keep the run's content from text offset ``start`` to ``end`` (its properties always)."""
    position = 0
    for element in list(run):
        name = _local(element)
        if name == "rPr":
            continue
        length = len(_element_text(element))
        inside_end = end is None or position < end
        if length == 0:
            keep = position >= start and inside_end
        else:
            first, last = max(start, position), min(end if end is not None else position + length, position + length)
            keep = first < last
            if keep and name == "t":
                element.text = (element.text or "")[first - position:last - position]
                element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if not keep:
            run.remove(element)
        position += length


def _local(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith(f"{{{_W}}}"):
        return ""
    return tag[len(_W) + 2:]


def _element_text(element: Any) -> str:
    """The text a run's child contributes, as the reader reads it (validator.readers.docx._run_text)."""
    name = _local(element)
    if name == "t":
        return str(element.text or "")
    if name == "tab":
        return "\t"
    if name in ("br", "cr"):
        return "\n"
    if name == "noBreakHyphen":
        return "-"
    return ""


def _run_text(run: Any) -> str:
    for element in run:
        if _local(element) == "rPr":
            for flag in element:
                if _local(flag) == "vanish" and flag.get(f"{{{_W}}}val") not in ("0", "false", "off"):
                    return ""
    return "".join(_element_text(e) for e in run)

