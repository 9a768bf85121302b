"""The documented limits on what fazhi-lint reads, in one place (README: 限制与安全).

A real annual report is 10–50 KB of text, 20–60 pages, a few hundred paragraphs and a few dozen
headings. Everything here is set one to two orders of magnitude above that, so no real report
comes near a limit, while a hostile or broken file (a zip bomb, a 20 MB page of one repeated
character, a million empty lines, XML nested ten thousand deep) is refused with a one-line
message before it can cost minutes or gigabytes. Below the limits every stage is linear in the
size of its input, so the worst accepted file still finishes in bounded time and memory.
"""

from __future__ import annotations

from validator.errors import InputError

MB = 1024 * 1024

# Any input file, as stored (the .docx zip, the PDF, the page …), checked before it is read.
MAX_INPUT_BYTES = 20 * MB

# Text the reader extracted: lines (source lines of a text file, paragraphs of a .docx, blocks of
# a web page, lines of a PDF) and characters. The line limit bounds the per-line objects a
# million empty lines would otherwise cost; the character limit bounds every later stage. Four
# million characters are about 12 MB of Chinese in UTF-8, eighty times the longest real report;
# checking that much takes about 20 seconds and 200 MB (python -m tests.robustness.measure).
MAX_LINES = 250_000
MAX_TEXT_CHARS = 4_000_000

# .docx (a zip of XML parts): how many entries the zip may list, how much one part and all parts
# read together may unpack to, and the highest compression ratio a large part may show. Word's
# own XML compresses 5–30:1; a zip bomb compresses 1000:1 and more.
MAX_ZIP_ENTRIES = 5_000
MAX_PART_BYTES = 32 * MB
MAX_UNPACKED_BYTES = 64 * MB
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM = 1 * MB  # small parts may compress as well as they like
# XML parsed from a package: nesting depth and element count (a Word body is under 20 deep).
MAX_XML_DEPTH = 256
MAX_XML_ELEMENTS = 1_000_000

# .docx automatic numbering: a label Word draws ("一、", "（二）", "1.1.1.") is cut to this length, and so
# is the level text it is rendered from, however many placeholders a hostile numbering part packs in.
MAX_NUMBER_LABEL_CHARS = 100

# Web pages: elements nested deeper than this are read as if they stood at this depth; a page with more
# elements than this is refused (a portal page has a few thousand).
MAX_HTML_DEPTH = 256
MAX_HTML_ELEMENTS = 200_000

# PDF: pages read, characters on one page (a dense A4 page of Chinese holds about 1,500) and in the
# whole file (660 dense pages, ten times the longest real report). Characters are counted on each page
# as PDFium lays it out, before its glyphs are built, so a small file whose pages all draw one shared
# drawing of a hundred thousand glyphs is refused after a few pages instead of building millions.
MAX_PDF_PAGES = 2_000
MAX_PDF_PAGE_CHARS = 100_000
MAX_PDF_CHARS = 1_000_000

# Findings one rule reports on one report: the first this many are listed, with their locations and
# quotes; the rest are counted in one more finding that says how many were not listed. A real report
# gets a few dozen findings in all; a hostile one (three million unpaired quotation marks) would
# otherwise list millions, each with its own quote, and cost gigabytes.
MAX_FINDINGS_PER_RULE = 200


def size_text(size: int) -> str:
    """A byte count for a message: MB with one decimal, KB below that."""
    return f"{size / MB:.1f} MB" if size >= MB else f"{max(1, size // 1024)} KB"


def too_large(name: str, size: int) -> InputError:
    return InputError(f"{name}: 文件过大（{size_text(size)}，上限 {MAX_INPUT_BYTES // MB} MB）")


def check_extracted(name: str, lines: int, chars: int) -> None:
    """Refuse text past the extraction limits (one line naming the file and the limit)."""
    if lines > MAX_LINES:
        raise InputError(f"{name}: 提取出的文字有 {lines} 行/段，超过上限 {MAX_LINES} 行，不像是一份报告，不予检查")
    if chars > MAX_TEXT_CHARS:
        raise InputError(f"{name}: 提取出的文字有 {chars} 字，超过上限 {MAX_TEXT_CHARS} 字，不予检查")
