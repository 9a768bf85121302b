"""Scanned PDF pages through OCR: the optional ``ocr`` extra (RapidOCR on ONNX Runtime).

A PDF without a text layer — a scanned, stamped copy, common on government portals — is read by
rendering each such page with PDFium (pypdfium2, already used for text PDFs) and recognising it
with ``rapidocr-onnxruntime``, whose Chinese detection, direction and recognition models (PP-OCRv4)
ship inside its wheel: nothing is downloaded, ever. Recognition gives lines of text with their
boxes; each line's glyphs are spread over its box in proportion to their width (a CJK character
one em, a Latin letter or digit half) and handed to the same layout logic as a text PDF's glyphs
(``pdf_layout``: lines, columns, page furniture, wrapped lines), so locations are page + line.

OCR takes seconds per page (README: 性能), so a progress bar shows on a terminal. A page that
renders blank is not recognised at all. The engine is loaded once per process, on the first page
that needs it.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import multiprocessing
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from validator.errors import InputError
from validator.limits import MAX_PDF_PAGE_CHARS
from validator.readers.pdf_layout import Glyph, Page, group_columns

OCR_HINT = "pip install 'fazhi-lint[ocr]'（或 pip install rapidocr-onnxruntime）"
# Pages are rendered at twice 72 dpi (a 10.5 pt character is about 30 pixels high, where the
# recognition model reads best), at most this many pixels on the longer side.
RENDER_SCALE = 2.0
MAX_PIXELS_SIDE = 2400
# A page whose darkest and lightest pixels differ by less than this (of 255) is blank.
BLANK_CONTRAST = 24
# Detected text boxes are widened by this factor before recognition (RapidOCR's default 1.6 crops
# some lines so tight that characters are misread: 征求意见 read as 征求慧见).
UNCLIP_RATIO = 2.0
_ENGINE_LOGGERS = ("RapidOCR", "OrtInferSession")


def available() -> bool:
    """Is the ``ocr`` extra installed?"""
    try:
        return importlib.util.find_spec("rapidocr_onnxruntime") is not None
    except (ImportError, ValueError):
        return False


def recognise(document: Any, numbers: list[int], name: str) -> list[Page]:
    """The given pages (1-based) of an open pypdfium2 document, read by OCR; blank ones stay empty."""
    pages = []
    with _progress(len(numbers), name) as advance:
        for number in numbers:
            pages.append(_recognise_page(document[number - 1], number, name))
            advance()
    return pages


def _recognise_page(page: Any, number: int, name: str) -> Page:
    try:
        width, height = (float(v) for v in page.get_size())
        if _blank(page):
            return Page(number, height, [])
        scale = min(RENDER_SCALE, MAX_PIXELS_SIDE / max(width, height, 1.0))
        bitmap = page.render(scale=scale)
        try:
            image = bitmap.to_numpy()
            # no direction classifier: scanned reports are upright, and on low-resolution scans it turns
            # whole lines upside down (a line of 40 characters read as "》")
            result, _ = _load(name)(image, use_cls=False, unclip_ratio=UNCLIP_RATIO)
        finally:
            bitmap.close()
    finally:
        page.close()
    glyphs = list(_glyphs(result or [], scale, height))
    if len(glyphs) > MAX_PDF_PAGE_CHARS:
        raise InputError(f"{name}: 第{number}页识别出的字符超过每页上限 {MAX_PDF_PAGE_CHARS}，不予读取")
    return Page(number, height, group_columns(glyphs, number))


def _blank(page: Any) -> bool:
    """Does the page render as one flat colour (an empty page, a one-colour background)?"""
    bitmap = page.render(scale=0.25, grayscale=True)
    try:
        pixels = bitmap.to_numpy()
        return bool(pixels.size == 0 or int(pixels.max()) - int(pixels.min()) < BLANK_CONTRAST)
    finally:
        bitmap.close()


def _load(name: str) -> Callable[..., Any]:
    try:
        return _engine()
    except (ImportError, OSError) as exc:  # installed, but a system library it needs is missing (libGL …)
        why = " ".join(str(exc).split())[:160]
        raise InputError(f"{name}: OCR 组件无法加载（{type(exc).__name__}：{why}）") from None


@functools.lru_cache(maxsize=1)
def _engine() -> Callable[..., Any]:
    from rapidocr_onnxruntime import RapidOCR

    for logger in _ENGINE_LOGGERS:  # the engine logs to stderr on its own; our stderr is for our messages
        logging.getLogger(logger).setLevel(logging.CRITICAL)
    engine: Callable[..., Any] = RapidOCR()
    return engine


def _glyphs(result: list[Any], scale: float, height: float) -> Iterator[Glyph]:
    """Glyphs spread over each recognised line's box, in PDF points with y upwards."""
    lines = []
    for box, text, *_ in result:
        text = str(text).strip()
        xs, ys = [float(p[0]) / scale for p in box], [float(p[1]) / scale for p in box]
        units = sum(_units(c) for c in text)
        if not text or units <= 0 or max(xs) <= min(xs):
            continue
        lines.append((min(xs), max(xs), max(ys), text, units))
    if not lines:
        return
    # one em for the page: the recognised boxes are padded in height, their width per character is not
    ems = sorted((right - left) / units for left, right, _, _, units in lines)
    em = ems[len(ems) // 2]
    for left, right, bottom, text, units in lines:
        step = (right - left) / units
        x = left
        for char in text:
            advance = step * _units(char)
            if not char.isspace():
                yield Glyph(char, x, x + advance, height - bottom, em)
            x += advance


def _units(char: str) -> float:
    if char.isspace():
        return 0.5
    return 0.5 if ord(char) < 0x2E80 else 1.0


@contextmanager
def _progress(total: int, name: str) -> Iterator[Callable[[], None]]:
    """A transient progress bar of pages on a terminal's stderr; nothing elsewhere, in a worker process,
    or under another live display (the batch's own bar)."""
    if not _show_progress(total):
        yield lambda: None
        return
    from validator.streams import console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.markup import escape

    columns = (TextColumn("OCR 识别"), BarColumn(), MofNCompleteColumn(), TextColumn("页"), TimeElapsedColumn(),
               TextColumn(escape(name.rsplit("/", 1)[-1])))
    with Progress(*columns, console=console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda: bar.update(task, advance=1)


def _show_progress(total: int) -> bool:
    if total == 0 or multiprocessing.parent_process() is not None:
        return False
    stream = sys.stderr
    if type(stream).__name__ == "FileProxy":  # rich redirects stderr while a live display runs
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
