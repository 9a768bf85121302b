"""A report saved from a government portal (.html): only the article, plus its publication date.

Portals wrap the report in navigation, a breadcrumb, an info line ("发布时间：… 来源：…"), share
buttons, related links and a footer. Checking those would produce findings about text the
office never wrote, so the reader keeps only the article body: boilerplate is dropped by tag
(script, nav, footer …) and by class/id (share, related, crumb …), and the body is the element
holding most of the page's Chinese text, readability-style (each text block scores for its
parent and half for its grandparent). The article's own title heading just before the body is
kept. The publication date comes from the info line or the usual meta tags and goes into
``SourceDocument.published``; the signing date a portal's 信息公开 table states ("成文日期：2024-02-26",
the label and the date in one cell or in two) goes into ``SourceDocument.signed``. Standard library only (``html.parser``).

Locations: each block's line is the line of the .html file where its text starts.

Hostile pages cost linear time: elements nested deeper than ``MAX_HTML_DEPTH`` are read as if they
stood at that depth, a page with more than ``MAX_HTML_ELEMENTS`` elements is refused, and the text
of every element is cut from one pass over the tree (``TextIndex``) instead of being gathered again
for each of its ancestors.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import regex

from validator.errors import InputError
from validator.lazyre import lazy_regex
from validator.limits import MAX_HTML_DEPTH, MAX_HTML_ELEMENTS
from validator.model import SourceDocument, SourceLine
from validator.readers.encoding import (
    Decoded,
    decode_text,
    decode_with_few_errors,
    is_han,
)
from validator.zh import NUMERIC_DATE

# Fewer Chinese characters than this in the best text block's parent: the page holds no article.
MIN_ARTICLE_HAN = 30

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr"}
_JUNK_TAGS = {"script", "style", "noscript", "template", "iframe", "svg", "nav", "aside", "form", "button",
              "select", "textarea", "object", "canvas", "video", "audio", "footer", "head", "title"}
_BLOCKS = {"p", "div", "section", "article", "main", "header", "li", "ul", "ol", "dl", "dt", "dd", "table",
           "tr", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "center",
           "body", "html", "figure", "figcaption", "address", "tbody", "thead", "tfoot"}
_CELLS = {"td", "th"}
_CLOSES_P = _BLOCKS - {"body", "html", "tr", "td", "th", "tbody", "thead", "tfoot", "li", "dt", "dd"}
_BOILERPLATE = lazy_regex(
    r"(?:^|[-_\s])(?:nav|navbar|menu|crumbs?|breadcrumbs?|bread|location|position|share|sharing|bdshare|"
    r"related|relate|recommend|footer|foot|copyright|sidebar|side|toolbar|tools?|print|comments?|login|"
    r"search|banner|logo|pager|pagination|ads?|qrcode|ewm|fenxiang|xgxx|xglj|xgwz|header|top)(?:$|[-_\s\d])",
    regex.IGNORECASE,
)
_BOILERPLATE_TEXT = lazy_regex(r"^\s*(?:当前位置|您当前的位置|您的位置|您现在的位置|位置：|分享到|【?\s*字[体号]\s*[:：])")
_INFO_WORDS = ("来源", "发布时间", "发布日期", "浏览次数", "点击量", "点击数", "阅读量", "访问量", "字号", "作者", "编辑")
_TITLE_CLASS = lazy_regex(r"title|biaoti|bt", regex.IGNORECASE)
_DATE = NUMERIC_DATE
_RELEASE_LINE = lazy_regex(rf"(?:发布|发稿|公开|上线)(?:时间|日期)\s*[:：]?\s*{_DATE}")
_PLAIN_DATE_LINE = lazy_regex(rf"(?<!成文|印发|发文|生效|施行|有效)(?:时间|日期)\s*[:：]\s*{_DATE}")
_META_DATE = lazy_regex(_DATE)
# the 信息公开 table: "成文日期：2024-02-26" in one cell, or the label in one cell and the date in the next
_SIGNED_LABEL = lazy_regex(r"^\s*成文(?:日期|时间)\s*[:：]?\s*$")
_SIGNED_LINE = lazy_regex(rf"成文(?:日期|时间)\s*[:：]\s*{_DATE}")
_DATE_CELL = lazy_regex(rf"^\s*{_DATE}\s*日?\s*$")
_META_NAMES = ("pubdate", "publishdate", "publish_date", "publishtime", "firstpublishedtime",
               "article:published_time", "og:article:published_time", "og:release_date", "dc.date.issued",
               "dcterms.issued", "dc.date", "date")
_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.IGNORECASE)
# A numeric character reference past U+10FFFF is U+FFFD, as html.unescape makes it — but unescape
# first converts the digits with int(), which raises for more than 4,300 of them.
_HUGE_CHARREF = regex.compile(r"&#(?:[xX]0*[1-9a-fA-F][0-9a-fA-F]{6,}|0*[1-9][0-9]{7,});?")
# An element's text is looked at up to this length for boilerplate and for the publication date.
_SHORT_TEXT = 200
_INFO_TEXT = 2000
_SPACES = regex.compile(r"\s+")


# --------------------------------------------------------------------------- tree


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | Text] = field(default_factory=list)
    depth: int = 0

    def classes(self) -> str:
        return f"{self.attrs.get('class', '')} {self.attrs.get('id', '')}"

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@dataclass
class Text:
    text: str
    line: int


class TooManyElements(Exception):
    """The page has more elements than MAX_HTML_ELEMENTS."""


class _TreeBuilder(HTMLParser):
    """A forgiving DOM: unclosed tags close at their parent's end tag, <p> closes at the next block.

    Elements nested deeper than MAX_HTML_DEPTH become children of the deepest open element without
    being entered, so looking for an open tag walks at most that many ancestors.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root
        self.metas: list[dict[str, str]] = []
        self.elements = 0
        self.open_depths: dict[str, list[int]] = {}  # depths of the open elements, by tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._start(tag, attrs) and tag not in _VOID:
            self._close(tag)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Add an element; True when it became the open element."""
        self.elements += 1
        if self.elements > MAX_HTML_ELEMENTS:
            raise TooManyElements
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            self.metas.append(values)
        if tag in _CLOSES_P and self._open("p"):
            self._close("p")
        if tag in ("li", "td", "th", "tr", "dt", "dd") and self._open(tag, stop={"ul", "ol", "table", "dl"}):
            self._close(tag)
        node = Node(tag, values, self.current, depth=self.current.depth + 1)
        self.current.children.append(node)
        if tag in _VOID or node.depth > MAX_HTML_DEPTH:
            return False
        self.current = node
        self.open_depths.setdefault(tag, []).append(node.depth)
        return True

    def handle_endtag(self, tag: str) -> None:
        if self._open(tag):
            self._close(tag)

    def handle_data(self, data: str) -> None:
        self.current.children.append(Text(data, self.getpos()[0]))

    def _open(self, tag: str, stop: set[str] | None = None) -> bool:
        """Is a ``tag`` element open (and nearer than any open ``stop`` element)? The open elements
        are the current one and its ancestors, so the deepest open one of a name is the nearest."""
        depths = self.open_depths.get(tag)
        if not depths:
            return False
        nearest_stop = max((self.open_depths[s][-1] for s in stop or () if self.open_depths.get(s)), default=-1)
        return depths[-1] > nearest_stop

    def _close(self, tag: str) -> None:
        """Close the nearest open ``tag`` element and every element opened inside it."""
        node = self.current
        while node.tag != tag and node.parent is not None:
            self.open_depths[node.tag].pop()
            node = node.parent
        if node is not self.root:
            self.open_depths[node.tag].pop()
        self.current = node.parent or self.root


def parse(text: str) -> _TreeBuilder:
    """The page's tree (raises TooManyElements)."""
    builder = _TreeBuilder()
    # "--!>" ends a comment as browsers read it, whatever html.parser's version does with it
    builder.feed(defuse(_HUGE_CHARREF.sub("\ufffd", text).replace("--!>", "-->")))
    builder.close()
    return builder


# Markup html.parser would look for the end of again and again, and what ends it.
_OPENERS = regex.compile(r"<!--|<!\[(?P<name>[a-zA-Z][-_.a-zA-Z0-9]*)?")
_COMMENT_END = regex.compile(r"--\s*>")
_SECTION_END = regex.compile(r"\]\s*\]\s*>")
_MS_SECTION_END = regex.compile(r"\]\s*>")
_SECTIONS = frozenset({"temp", "cdata", "ignore", "include", "rcdata"})
_MS_SECTIONS = frozenset({"if", "else", "endif"})


def defuse(text: str) -> str:
    """The page with the markup html.parser cannot finish made harmless, in one linear pass.

    html.parser searches from each "<" to the end of the page for what closes it; when nothing does
    (a "<!--" with no "-->" after it, a "<" with no ">"), it takes the "<" as text and searches again
    from the next one: thousands of them cost minutes. Such a "<" is text anyway, so it is written as
    "&lt;" here (the page reads the same, line numbers too). A marked section ("<![CDATA[", "<![if …]>")
    that nothing closes, or whose keyword html.parser does not know (it raises AssertionError on
    "<![foo["), is read as browsers read it: a bogus comment up to the next ">".
    """
    last_gt = text.rfind(">")
    if last_gt < 0:
        return text.replace("<", "&lt;")
    ends = {kind: _last_start(pattern, text) for kind, pattern in
            (("comment", _COMMENT_END), ("section", _SECTION_END), ("ms", _MS_SECTION_END))}

    def harmless(m: regex.Match[str]) -> str:
        opener: str = m.group()
        if opener == "<!--":
            return opener if ends["comment"] >= m.end() else "&lt;!--"
        name = str(m["name"] or "").lower()
        end = ends["section"] if name in _SECTIONS else ends["ms"] if name in _MS_SECTIONS else -1
        return opener if end >= m.end() else "<!-[" + opener[3:]

    head: str = _OPENERS.sub(harmless, text[:last_gt + 1])
    return head + text[last_gt + 1:].replace("<", "&lt;")


def _last_start(pattern: regex.Pattern[str], text: str) -> int:
    """Where the last match of ``pattern`` in ``text`` starts (-1: none)."""
    last = -1
    for m in pattern.finditer(text):
        last = m.start()
    return last


class TextIndex:
    """The text of every element, from one walk: all text in document order, and each element's span of it.

    An element's text is then a slice, so asking for it costs its length, not a walk of its subtree,
    and asking for it of every element costs linear time instead of time times the depth.
    """

    def __init__(self, root: Node) -> None:
        parts: list[str] = []
        self.spans: dict[int, tuple[int, int]] = {}
        length = 0
        stack: list[tuple[Node, int]] = [(root, 0)]  # (element, index of the next child to visit)
        starts: list[int] = [0]
        while stack:
            node, i = stack.pop()
            if i == len(node.children):
                self.spans[id(node)] = (starts.pop(), length)
                continue
            stack.append((node, i + 1))
            c = node.children[i]
            if isinstance(c, Text):
                parts.append(c.text)
                length += len(c.text)
            else:
                stack.append((c, 0))
                starts.append(length)
        self.text = "".join(parts)

    def short(self, node: Node, limit: int) -> str | None:
        """The element's text when shorter than ``limit``, else None."""
        start, end = self.spans[id(node)]
        return self.text[start:end] if end - start < limit else None

    def head(self, node: Node, limit: int) -> str:
        """The first ``limit`` characters of the element's text."""
        start, end = self.spans[id(node)]
        return self.text[start:min(end, start + limit)]


# --------------------------------------------------------------------------- reading


def read_html(data: bytes, name: str) -> SourceDocument:
    text, encoding, note = decode_html(data, name)
    try:
        tree = parse(text)
    except TooManyElements:
        raise InputError(f"{name}: 网页元素超过 {MAX_HTML_ELEMENTS} 个，不像是一篇报告，不予读取") from None
    texts = TextIndex(tree.root)
    leaves = list(_leaf_texts(tree.root, texts))  # before boilerplate goes: the info line is boilerplate
    _drop_boilerplate(tree.root, texts)
    content = find_content(tree.root)
    if content is None:
        raise InputError(f"{name}: 网页中没有找到正文文字（正文可能由脚本或框架加载，请保存完整网页或复制正文为 .txt）")
    lines = [SourceLine(block.text, outline_level=block.level, ends_paragraph=True if block.cell else None,
                        line_number=block.line)
             for block in _with_title(content)]
    in_body = {id(node) for node in _all_nodes(content)}
    outside = [text for node, text in leaves if id(node) not in in_body]
    published = release_date(outside) or meta_date(tree.metas)
    return SourceDocument(path=name, format="html", lines=lines, encoding=encoding, published=published,
                          notes=[note] if note else [], signed=table_signing_date(outside))


def decode_html(data: bytes, name: str) -> Decoded:
    """BOM, then the page's own <meta charset> (a few damaged bytes tolerated), then the plain-text detection."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        declared = _CHARSET.search(data[:4096])
        codec = _codec(declared[1].decode("ascii", "replace")) if declared is not None else None
        if codec is not None:
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                damaged = decode_with_few_errors(data, codec)
                if damaged is not None:
                    return damaged  # otherwise the declaration lies: detect instead
    return decode_text(data, name)


# The codecs a page may declare, by the name codecs.lookup gives them, and the codec it is read with:
# the text encodings of the WHATWG Encoding Standard, which browsers accept. Python's lookup also knows
# codecs that are no text encoding (base64, hex, rot13, zlib, uu, quopri) or that turn the page into
# something else (idna, punycode, unicode_escape, utf-7): a page declaring one of those is read as if it
# declared nothing, and its encoding detected.
_PAGE_CODECS: dict[str, str] = {
    # GB2312 and GBK pages routinely hold characters only GB18030 has
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030",
    "utf-8": "utf-8", "utf-8-sig": "utf-8",
    # a declaration found as ASCII bytes is in no UTF-16/32 page: browsers read it as UTF-8
    **{name: "utf-8" for name in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")},
    **{name: name for name in (
        "big5", "big5hkscs", "cp950", "euc_jp", "shift_jis", "cp932", "iso2022_jp", "euc_kr", "cp949",
        "ascii", "koi8-r", "koi8-u", "cp866", "cp874", "tis-620", "mac-roman", "mac-cyrillic",
        *(f"cp{n}" for n in range(1250, 1259)), *(f"iso8859-{n}" for n in (*range(1, 12), *range(13, 17))),
    )},
}


def _codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _PAGE_CODECS.get(name)


def _drop_boilerplate(node: Node, texts: TextIndex) -> None:
    node.children = [c for c in node.children if isinstance(c, Text) or not _is_boilerplate(c, texts)]
    for c in node.children:
        if isinstance(c, Node):
            _drop_boilerplate(c, texts)


def _is_boilerplate(node: Node, texts: TextIndex) -> bool:
    if node.tag in _JUNK_TAGS:
        return True
    if node.tag == "header" and not any(a.tag in ("article", "main") for a in node.ancestors()):
        return True
    if _BOILERPLATE.search(node.classes()) and not _CONTENT_HINT.search(node.classes()):
        return True
    text = texts.short(node, _SHORT_TEXT)
    return text is not None and (bool(_BOILERPLATE_TEXT.match(text)) or _is_info_line(text))


_CONTENT_HINT = lazy_regex(r"content|article|zoom|TRS_Editor|detail|zhengwen|zwnr|main", regex.IGNORECASE)


def _is_info_line(text: str) -> bool:
    return sum(word in text for word in _INFO_WORDS) >= 2


def _link_free_han(node: Node) -> int:
    count = 0
    for c in node.children:
        if isinstance(c, Text):
            count += sum(1 for ch in c.text if is_han(ch))
        elif c.tag != "a" and c.tag not in _BLOCKS:
            count += _link_free_han(c)
    return count


def find_content(root: Node) -> Node | None:
    """The element holding the article: the best-scoring parent of text blocks."""
    scores: dict[int, float] = {}
    nodes: dict[int, Node] = {}
    for block in _all_nodes(root):
        if block.tag not in _BLOCKS:
            continue
        own = _link_free_han(block)
        if own == 0:
            continue
        for weight, target in zip((1.0, 0.5), (block.parent, block.parent.parent if block.parent else None)):
            if target is not None:
                scores[id(target)] = scores.get(id(target), 0.0) + weight * own
                nodes[id(target)] = target
    if not scores:
        return None
    best = max(scores, key=lambda key: scores[key])
    # a page whose article was not saved with it (loaded by a script, in a frame) has only chrome left
    return nodes[best] if scores[best] >= MIN_ARTICLE_HAN else None


def _all_nodes(node: Node) -> Iterator[Node]:
    """Every element below ``node`` in document order. Iterative: a chain of nested generators would
    make each element cost as much as its depth."""
    stack = [iter(node.children)]
    while stack:
        for c in stack[-1]:
            if isinstance(c, Node):
                yield c
                stack.append(iter(c.children))
                break
        else:
            stack.pop()


# --------------------------------------------------------------------------- blocks of text


@dataclass
class Block:
    text: str
    line: int
    level: int | None = None
    cell: bool = False


def _with_title(content: Node) -> list[Block]:
    blocks = list(text_blocks(content))
    title = _title_before(content)
    if title is not None and (not blocks or blocks[0].text.strip() != title.text.strip()):
        blocks.insert(0, title)
    return blocks


def _title_before(content: Node) -> Block | None:
    """The article's title heading, standing just before the body inside the same article wrapper."""
    for wrapper in [content.parent, content.parent.parent if content.parent else None]:
        if wrapper is None:
            continue
        found: Block | None = None
        # a heading inside a heading already looked at is not looked at again: two hundred nested
        # class="title" elements would each walk the same subtree for its first text
        inside: set[int] = set()
        for node in _all_nodes(wrapper):
            if node is content:
                return found
            if node.parent is not None and id(node.parent) in inside:
                inside.add(id(node))
                continue
            if node.tag in ("h1", "h2", "h3") or (_TITLE_CLASS.search(node.classes()) and node.tag in _BLOCKS):
                inside.add(id(node))
                first = _first_block(node)
                if first is not None and len(first.text) <= 80:
                    found = Block(first.text, first.line)
    return None


def text_blocks(node: Node) -> Iterator[Block]:
    """Blocks of text in reading order: one per paragraph, heading, list item, table cell or <br> line."""
    builder = _BlockBuilder()
    builder.walk(node, level=None, cell=False)
    builder.flush()
    yield from builder.blocks


def _first_block(node: Node) -> Block | None:
    """The first block of text under ``node``, without walking the rest (nested headings would make
    every one of them walk all the others)."""
    builder = _BlockBuilder(limit=1)
    try:
        builder.walk(node, level=None, cell=False)
        builder.flush()
    except _EnoughBlocks:
        pass
    return builder.blocks[0] if builder.blocks else None


class _EnoughBlocks(Exception):
    pass


class _BlockBuilder:
    def __init__(self, limit: int | None = None) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.line = 0
        self.level: int | None = None
        self.cell = False
        self.limit = limit

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.parts)).strip()
        if text:
            self.blocks.append(Block(text, self.line, self.level, self.cell))
            if self.limit is not None and len(self.blocks) >= self.limit:
                raise _EnoughBlocks
        self.parts, self.line = [], 0

    def walk(self, node: Node, level: int | None, cell: bool, pre: bool = False) -> None:
        for c in node.children:
            if isinstance(c, Text):
                self._text(c, level, cell, pre)
            elif c.tag == "br":
                self.flush()
            elif c.tag in _BLOCKS:
                self.flush()
                heading = int(c.tag[1]) if c.tag in ("h2", "h3", "h4", "h5", "h6") else None
                self.walk(c, heading or level, cell or c.tag in _CELLS, pre or c.tag == "pre")
                self.flush()
            else:
                self.walk(c, level, cell, pre)

    def _text(self, c: Text, level: int | None, cell: bool, pre: bool) -> None:
        """Text joins the block being built; inside <pre> each line break ends it, as the browser shows it
        (a report pasted into <pre> keeps its paragraphs)."""
        lines = c.text.split("\n") if pre else [c.text]
        for i, part in enumerate(lines):
            if i:
                self.flush()
            if not self.parts or not self.line:
                self.line = c.line + i if part.strip() else self.line
            self.parts.append(part)
            self.level, self.cell = level, cell


# --------------------------------------------------------------------------- publication date


def release_date(texts: Iterable[str]) -> dt.date | None:
    """The date on the page's info line ("发布时间：2025-03-20"); a bare "时间：" line only failing that."""
    fallback: dt.date | None = None
    for text in texts:
        m = _RELEASE_LINE.search(text)
        if m:
            return _date(m)
        m = _PLAIN_DATE_LINE.search(text)
        if m and fallback is None:
            fallback = _date(m)
    return fallback


def table_signing_date(texts: Iterable[str]) -> dt.date | None:
    """The 成文日期 of a portal's 信息公开 table, outside the article: in the label's cell or the next one."""
    labelled = False
    for text in texts:
        m = _SIGNED_LINE.search(text)
        if m:
            return _date(m)
        if labelled:
            m = _DATE_CELL.match(text)
            return _date(m) if m else None
        labelled = bool(_SIGNED_LABEL.match(text))
    return None


def _leaf_texts(node: Node, texts: TextIndex) -> Iterator[tuple[Node, str]]:
    """(element, the start of its text) for every element with text of its own, in document order,
    scripts and styles (and what they hold) aside."""
    skipped: set[int] = set()
    for c in _all_nodes(node):
        if c.tag in ("script", "style", "head", "title") or (c.parent is not None and id(c.parent) in skipped):
            skipped.add(id(c))
        elif any(isinstance(t, Text) and t.text.strip() for t in c.children):
            yield c, texts.head(c, _INFO_TEXT)


def meta_date(metas: list[dict[str, str]]) -> dt.date | None:
    by_name = {(m.get("name") or m.get("property") or m.get("itemprop") or "").lower(): m.get("content", "")
               for m in metas}
    for name in _META_NAMES:
        m = _META_DATE.search(by_name.get(name, ""))
        if m:
            return _date(m)
    return None


def _date(m: regex.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
