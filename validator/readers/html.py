"""A report saved from a government portal (.html): only the article, plus its publication date.

Portals wrap the report in navigation, a breadcrumb, an info line ("发布时间：… 来源：…"), share
buttons, related links and a footer. Checking those would produce findings about text the
office never wrote, so the reader keeps only the article body: boilerplate is dropped by tag
(script, nav, footer …) and by class/id (share, related, crumb …), and the body is the element
holding most of the page's Chinese text, readability-style (each text block scores for its
parent and half for its grandparent). The article's own title heading just before the body is
kept. The publication date comes from the info line or the usual meta tags and goes into
``SourceDocument.published``. Standard library only (``html.parser``).

Locations: each block's line is the line of the .html file where its text starts.
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
from validator.model import SourceDocument, SourceLine
from validator.readers.encoding import (
    Decoded,
    decode_text,
    decode_with_few_errors,
    is_han,
)

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
_DATE = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
_RELEASE_LINE = lazy_regex(rf"(?:发布|发稿|公开|上线)(?:时间|日期)\s*[:：]?\s*{_DATE}")
_PLAIN_DATE_LINE = lazy_regex(rf"(?<!成文|印发|发文|生效|施行|有效)(?:时间|日期)\s*[:：]\s*{_DATE}")
_META_DATE = lazy_regex(_DATE)
_META_NAMES = ("pubdate", "publishdate", "publish_date", "publishtime", "firstpublishedtime",
               "article:published_time", "og:article:published_time", "og:release_date", "dc.date.issued",
               "dcterms.issued", "dc.date", "date")
_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.IGNORECASE)


# --------------------------------------------------------------------------- tree


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | Text] = field(default_factory=list)

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


class _TreeBuilder(HTMLParser):
    """A forgiving DOM: unclosed tags close at their parent's end tag, <p> closes at the next block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root
        self.metas: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            self.metas.append(values)
        if tag in _CLOSES_P and self._open("p"):
            self._close("p")
        if tag in ("li", "td", "th", "tr", "dt", "dd") and self._open(tag, stop={"ul", "ol", "table", "dl"}):
            self._close(tag)
        node = Node(tag, values, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self._close(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open(tag):
            self._close(tag)

    def handle_data(self, data: str) -> None:
        self.current.children.append(Text(data, self.getpos()[0]))

    def _open(self, tag: str, stop: set[str] | None = None) -> bool:
        node: Node | None = self.current
        while node is not None and node is not self.root:
            if node.tag == tag:
                return True
            if stop and node.tag in stop:
                return False
            node = node.parent
        return False

    def _close(self, tag: str) -> None:
        node = self.current
        while node.tag != tag and node.parent is not None:
            node = node.parent
        self.current = node.parent or self.root


def parse(text: str) -> _TreeBuilder:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder


# --------------------------------------------------------------------------- reading


def read_html(data: bytes, name: str) -> SourceDocument:
    text, encoding, note = decode_html(data, name)
    tree = parse(text)
    leaves = list(_leaf_texts(tree.root))  # before boilerplate goes: the info line is boilerplate
    _drop_boilerplate(tree.root)
    content = find_content(tree.root)
    if content is None:
        raise InputError(f"{name}: 网页中没有找到正文文字（正文可能由脚本或框架加载，请保存完整网页或复制正文为 .txt）")
    lines = [SourceLine(block.text, outline_level=block.level, ends_paragraph=True if block.cell else None,
                        line_number=block.line)
             for block in _with_title(content)]
    in_body = {id(node) for node in _all_nodes(content)}
    published = release_date(text for node, text in leaves if id(node) not in in_body) or meta_date(tree.metas)
    return SourceDocument(path=name, format="html", lines=lines, encoding=encoding, published=published,
                          notes=[note] if note else [])


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


def _codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # GB2312 and GBK pages routinely hold characters only GB18030 has
    return "gb18030" if name in ("gb2312", "gbk", "gb18030") else name


def _drop_boilerplate(node: Node) -> None:
    node.children = [c for c in node.children if isinstance(c, Text) or not _is_boilerplate(c)]
    for c in node.children:
        if isinstance(c, Node):
            _drop_boilerplate(c)


def _is_boilerplate(node: Node) -> bool:
    if node.tag in _JUNK_TAGS:
        return True
    if node.tag == "header" and not any(a.tag in ("article", "main") for a in node.ancestors()):
        return True
    if _BOILERPLATE.search(node.classes()) and not _CONTENT_HINT.search(node.classes()):
        return True
    text = _text_of(node)
    return len(text) < 200 and (bool(_BOILERPLATE_TEXT.match(text)) or _is_info_line(text))


_CONTENT_HINT = lazy_regex(r"content|article|zoom|TRS_Editor|detail|zhengwen|zwnr|main", regex.IGNORECASE)


def _is_info_line(text: str) -> bool:
    return sum(word in text for word in _INFO_WORDS) >= 2


def _text_of(node: Node) -> str:
    return "".join(c.text if isinstance(c, Text) else _text_of(c) for c in node.children)


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
    for c in node.children:
        if isinstance(c, Node):
            yield c
            yield from _all_nodes(c)


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
        for node in _all_nodes(wrapper):
            if node is content:
                return found
            if node.tag in ("h1", "h2", "h3") or (_TITLE_CLASS.search(node.classes()) and node.tag in _BLOCKS):
                blocks = list(text_blocks(node))
                if blocks and len(blocks[0].text) <= 80:
                    found = Block(blocks[0].text, blocks[0].line)
    return None


def text_blocks(node: Node) -> Iterator[Block]:
    """Blocks of text in reading order: one per paragraph, heading, list item, table cell or <br> line."""
    builder = _BlockBuilder()
    builder.walk(node, level=None, cell=False)
    builder.flush()
    yield from builder.blocks


class _BlockBuilder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.line = 0
        self.level: int | None = None
        self.cell = False

    def flush(self) -> None:
        text = regex.sub(r"\s+", " ", "".join(self.parts)).strip()
        if text:
            self.blocks.append(Block(text, self.line, self.level, self.cell))
        self.parts, self.line = [], 0

    def walk(self, node: Node, level: int | None, cell: bool) -> None:
        for c in node.children:
            if isinstance(c, Text):
                if not self.parts or not self.line:
                    self.line = c.line if c.text.strip() else self.line
                self.parts.append(c.text)
                self.level, self.cell = level, cell
            elif c.tag == "br":
                self.flush()
            elif c.tag in _BLOCKS:
                self.flush()
                heading = int(c.tag[1]) if c.tag in ("h2", "h3", "h4", "h5", "h6") else None
                self.walk(c, heading or level, cell or c.tag in _CELLS)
                self.flush()
            else:
                self.walk(c, level, cell)


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


def _leaf_texts(node: Node) -> Iterator[tuple[Node, str]]:
    """(element, text) for every element with text of its own, in document order, scripts and styles aside."""
    for c in node.children:
        if isinstance(c, Node) and c.tag not in ("script", "style", "head", "title"):
            own = "".join(t.text for t in c.children if isinstance(t, Text)).strip()
            if own:
                yield c, _text_of(c)
            yield from _leaf_texts(c)


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
