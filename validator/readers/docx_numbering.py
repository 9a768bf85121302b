"""Word styles and automatic numbering: the labels ("一、", "（一）", "1.") Word draws but never stores.

Offices number headings with Word's list numbering (numbering.xml, formats such as
``chineseCounting``), so the paragraph text holds no label. This module replays Word's counters
in document order and renders each numbered paragraph's label from its level's ``lvlText``.
Counters belong to the abstract list, so paragraphs of two list instances that share one
abstract definition count on together unless an instance overrides its start (Word's
"restart numbering"); a paragraph at one level restarts the levels below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple
from xml.etree.ElementTree import Element

import regex

from validator.lazyre import lazy_regex
from validator.limits import MAX_NUMBER_LABEL_CHARS
from validator.numerals import int_to_cn

W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 Strict
)
_LEVELS = 9


def local(tag: str) -> str:
    """An element's name without its namespace, when the namespace is Word's."""
    namespace, _, name = tag[1:].partition("}")
    return name if namespace in W_NAMESPACES else ""


def child(element: Element, name: str) -> Element | None:
    for c in element:
        if local(c.tag) == name:
            return c
    return None


def attr(element: Element | None, name: str) -> str | None:
    if element is None:
        return None
    for key, value in element.attrib.items():
        if key.rpartition("}")[2] == name:
            return value
    return None


def child_val(element: Element | None, name: str) -> str | None:
    return attr(child(element, name), "val") if element is not None else None


# Word's numbers (ST_DecimalNumber) are 32-bit; anything else in a file is damage or mischief.
_INT_RANGE = range(-(2**31), 2**31)


def parse_int(value: str | None, default: int | None = None) -> int | None:
    """An integer attribute; ``default`` when absent, not a plain ASCII number, or out of 32-bit range
    ("²" passes str.isdigit but not int(); a thousand-digit number would make counters absurd)."""
    if value is None or len(value) > 12 or not value.strip().lstrip("+-").isascii():
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    return number if number in _INT_RANGE else default


def level_index(value: str | None) -> int | None:
    """A list level (ilvl) 0–8, None when absent or out of range."""
    index = parse_int(value)
    return index if index is not None and 0 <= index < _LEVELS else None


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Style:
    name: str
    based_on: str | None
    outline_level: int | None  # 1-based; None for body text
    num_id: str | None
    num_level: int | None


_HEADING_NAME = lazy_regex(r"^(?:heading|标题)\s*(?P<n>[1-9])$", regex.IGNORECASE)
_TOC_NAME = lazy_regex(r"^(?:toc|目录)\s*[1-9]$", regex.IGNORECASE)


class _Resolved(NamedTuple):
    """What a paragraph style amounts to once the styles it is based on are taken into account."""

    outline_level: int | None
    toc: bool
    num_id: str | None
    num_level: int | None


_PLAIN = _Resolved(None, False, None, None)


class Styles:
    """Paragraph styles, each resolved through its ``basedOn`` chain once.

    A chain is walked once per style, not once per paragraph and question: a styles part of
    thousands of styles each based on the next (or going round in a circle) would otherwise cost
    the length of the chain for every paragraph that uses one of them.
    """

    def __init__(self, root: Element | None) -> None:
        self.styles: dict[str, Style] = {}
        self._resolved: dict[str, _Resolved] = {}
        if root is None:
            return
        for element in root:
            if local(element.tag) != "style" or attr(element, "type") not in (None, "paragraph"):
                continue
            style_id = attr(element, "styleId") or ""
            ppr = child(element, "pPr")
            num = child(ppr, "numPr") if ppr is not None else None
            self.styles[style_id] = Style(
                name=child_val(element, "name") or style_id,
                based_on=child_val(element, "basedOn"),
                outline_level=_outline(child_val(ppr, "outlineLvl")),
                num_id=child_val(num, "numId"),
                num_level=parse_int(child_val(num, "ilvl")),
            )

    def resolve(self, style_id: str | None) -> _Resolved:
        """The style with what it inherits: the nearest style in its chain that says something wins."""
        if not style_id or style_id not in self.styles:
            return _PLAIN
        known = self._resolved.get(style_id)
        if known is not None:
            return known
        path: list[str] = []  # unresolved styles from this one up its chain
        on_path: set[str] = set()
        current: str | None = style_id
        while current and current in self.styles and current not in self._resolved and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = self.styles[current].based_on
        # a chain that comes back to itself ends where it would repeat
        inherited = self._resolved.get(current, _PLAIN) if current and current not in on_path else _PLAIN
        for key in reversed(path):
            inherited = _inherit(self.styles[key], inherited)
            self._resolved[key] = inherited
        return inherited

    def outline_level(self, style_id: str | None) -> int | None:
        return self.resolve(style_id).outline_level

    def is_toc(self, style_id: str | None) -> bool:
        return self.resolve(style_id).toc

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        resolved = self.resolve(style_id)
        return resolved.num_id, resolved.num_level


def _inherit(style: Style, parent: _Resolved) -> _Resolved:
    level = style.outline_level
    if level is None:
        m = _HEADING_NAME.match(style.name)
        level = int(m["n"]) if m else parent.outline_level
    numbered = style.num_id is not None
    return _Resolved(
        outline_level=level,
        toc=parent.toc or bool(_TOC_NAME.match(style.name)),
        num_id=style.num_id if numbered else parent.num_id,
        num_level=style.num_level if numbered else parent.num_level,
    )


def _outline(value: str | None) -> int | None:
    level = parse_int(value)
    return level + 1 if level is not None and 0 <= level < _LEVELS else None


# --------------------------------------------------------------------------- numbering


@dataclass(frozen=True)
class Level:
    fmt: str
    text: str  # lvlText, with %1…%9 for the counters
    start: int
    restart: int | None  # lvlRestart: restart after this (1-based) level; 0 never; None: any higher level
    legal: bool  # isLgl: show every counter as a decimal
    suffix: str
    style: str | None  # the paragraph style bound to this level


@dataclass
class Instance:
    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


def _level(element: Element) -> Level:
    suffix = {"tab": "\t", "space": " ", "nothing": ""}.get(child_val(element, "suff") or "tab", "\t")
    legal = child(element, "isLgl")
    return Level(
        fmt=child_val(element, "numFmt") or "decimal",
        # a label is a few characters ("一、", "1.1.1."): a longer lvlText is cut before it is rendered
        # for every paragraph, so one level cannot multiply into millions of characters
        text=(child_val(element, "lvlText") or "")[:MAX_NUMBER_LABEL_CHARS],
        start=_count(parse_int(child_val(element, "start"), 1)),
        restart=parse_int(child_val(element, "lvlRestart")),
        legal=legal is not None and attr(legal, "val") not in ("0", "false"),
        suffix=suffix,
        style=child_val(element, "pStyle"),
    )


def _count(start: int | None) -> int:
    """A list's first number: Word counts from 0 at the lowest, so a negative start is damage."""
    return max(0, start or 0)


def _levels(element: Element) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in element:
        if local(lvl.tag) == "lvl":
            index = level_index(attr(lvl, "ilvl"))
            if index is not None:
                out[index] = _level(lvl)
    return out


class Numbering:
    """List definitions plus the running counters; call ``label`` for paragraphs in document order."""

    def __init__(self, root: Element | None, styles: Styles) -> None:
        self.styles = styles
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstract id -> style whose numbering it uses
        self.instances: dict[str, Instance] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        if root is not None:
            self._load(root)

    def _load(self, root: Element) -> None:
        for element in root:
            name = local(element.tag)
            if name == "abstractNum":
                key = attr(element, "abstractNumId") or ""
                self.abstracts[key] = _levels(element)
                link = child_val(element, "numStyleLink")
                if link:
                    self.style_links[key] = link
            elif name == "num":
                self.instances[attr(element, "numId") or ""] = self._instance(element)

    def _instance(self, element: Element) -> Instance:
        instance = Instance(child_val(element, "abstractNumId") or "")
        for override in element:
            if local(override.tag) != "lvlOverride":
                continue
            index = level_index(attr(override, "ilvl") or "0")
            if index is None:
                continue  # a level Word does not have
            start = parse_int(child_val(override, "startOverride"))
            if start is not None:
                instance.start_overrides[index] = _count(start)
            lvl = child(override, "lvl")
            if lvl is not None:
                instance.level_overrides[index] = _level(lvl)
        return instance

    def _definition(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        instance = self.instances.get(num_id)
        if instance is None:
            return None
        abstract = instance.abstract
        link = self.style_links.get(abstract)
        if link is not None:
            # a list style: the abstract just points at a style whose numbering holds the levels
            linked_num, _ = self.styles.numbering(link)
            linked = self.instances.get(linked_num or "")
            if linked is not None and linked.abstract in self.abstracts:
                abstract = linked.abstract
        levels = dict(self.abstracts.get(abstract, {}))
        levels.update(instance.level_overrides)
        return abstract, levels

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        definition = self._definition(num_id)
        if definition is not None and style_id is not None:
            for index, level in definition[1].items():
                if level.style == style_id:
                    return index
        return 0

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counters for a paragraph numbered (num_id, ilvl) and return its label."""
        definition = self._definition(num_id)
        if definition is None or num_id == "0" or not 0 <= ilvl < _LEVELS:
            return ""
        abstract, levels = definition
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract, [None] * _LEVELS)
        instance = self.instances[num_id]
        if num_id not in self.started:
            self.started.add(num_id)
            for index, start in instance.start_overrides.items():
                counters[index] = start - 1
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for lower in range(ilvl + 1, _LEVELS):
            restart = levels[lower].restart if lower in levels else None
            if restart is None or (restart != 0 and restart - 1 >= ilvl):
                counters[lower] = None
        if level.fmt == "bullet":
            return ""  # a bullet glyph is no label
        label = _render(level, levels, counters)
        return label + level.suffix if label.strip() else ""


def _render(level: Level, levels: dict[int, Level], counters: list[int | None]) -> str:
    """The level text with each placeholder "%1"…"%9" replaced by its counter, each counter rendered once."""
    rendered: dict[str, str] = {}

    def counter(digit: str) -> str:
        if digit not in rendered:
            index = int(digit) - 1
            shown = levels.get(index)
            value = counters[index]
            if value is None:
                value = shown.start if shown is not None else 1
            fmt = "decimal" if level.legal or shown is None else shown.fmt
            rendered[digit] = format_number(value, fmt)
        return rendered[digit]

    first, *rest = level.text.split("%")
    parts = [first]
    for part in rest:
        parts.append(counter(part[0]) + part[1:] if part[:1] in _DIGITS else "%" + part)
    return "".join(parts)[:MAX_NUMBER_LABEL_CHARS]


_DIGITS = frozenset("123456789")


# --------------------------------------------------------------------------- number formats

_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → AA, 28 → BB (up to 780, ZZZ…Z thirty times; past that, the number)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if 0 < n <= 780 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """A counter in one of Word's number formats (ST_NumberFormat); unknown formats fall back to decimal.

    Counters are never negative (``_count``); one that is anyway is shown in decimal."""
    if fmt == "none":
        return ""
    if n < 0:
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting"):
        return int_to_cn(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return int_to_cn(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("ideographTraditional",) and 0 < n <= 10:
        return _TIANGAN[n - 1]
    if fmt in ("ideographZodiac",) and 0 < n <= 12:
        return _DIZHI[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle") and 0 < n <= 20:
        return _CIRCLED[n - 1]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt in ("upperLetter", "lowerLetter"):
        letters = _letters(n)
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)
