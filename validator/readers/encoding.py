"""Decoding report text without flags: BOM, strict UTF-8, UTF-16 without BOM, then GB18030.

Chinese Windows editors save GB18030/GBK by default; Notepad's "Unicode" is UTF-16; everything
newer is UTF-8. GB18030 decodes almost any byte sequence, so a guessed decoding must also look
like Chinese text (or be plain ASCII, for UTF-16 whose every other byte is NUL), and every decoding
is rejected when too much of it is control, replacement or private-use characters: a garbage
decoding would only produce nonsense findings. Bytes that are valid UTF-8 tolerate a few such
characters — one NUL, a private-use icon from a Word bullet — where other decodings tolerate
almost none.
"""

from __future__ import annotations

import codecs
from typing import NamedTuple

import regex

from validator.errors import InputError
from validator.hanzi import count
from validator.lazyre import lazy_regex
from validator.zh import CJK_PUNCTUATION, FULLWIDTH_FORMS, MARKS_OUTSIDE_BLOCKS

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Files users rename by mistake: say what the file really is instead of "cannot decode".
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF 文件"),
    (b"PK\x03\x04", "压缩包或 Word（.docx）文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Word/WPS（.doc/.wps）文件"),
    (b"{\\rtf", "RTF 文件"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
)

# Control, replacement, private-use characters: the share of a decoding they may make up. Valid UTF-8 may
# also hold a few whatever its length, and is refused only when it is largely garbage (binary data,
# UTF-16/32 read as UTF-8); any other decoding must be clean.
_MAX_BAD_SHARE = 0.01
_MAX_BAD_SHARE_CERTAIN = 0.1
_FEW_BAD = 8
_MIN_GUESSED_HAN_SHARE = 0.8  # of the non-ASCII characters, when the encoding was guessed
_ALLOWED_CONTROLS = "\t\n\r\f\v"


def sniff_binary(data: bytes) -> str | None:
    """What kind of non-text file ``data`` is, if a magic number says so."""
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    return None


class Decoded(NamedTuple):
    text: str
    encoding: str
    note: str | None = None  # something the user should know about the decoding


def decode_text(data: bytes, name: str) -> Decoded:
    """Decode report text and name its encoding. Raises InputError for garbage."""
    kind = sniff_binary(data)
    if kind is not None:
        raise InputError(f"{name}: 这是{kind}，不是文本文件（请使用正确的扩展名）")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec)
            if text is None:
                raise InputError(f"{name}: 文件以 {label} 字节顺序标记开头，但内容无法按 {label} 解码")
            _reject_garbage(text, name, utf8=codec == "utf-8")
            return Decoded(text, "utf-8-sig" if label == "utf-8-sig" else codec)
    for codec, guessed in _candidates(data):
        if codec == _LENIENT_UTF8:
            decoded = decode_with_few_errors(data, "utf-8")
            if decoded is not None:
                return decoded
            continue
        text = _strict(data, codec)
        if text is not None and _plausible(text, guessed, ascii_ok=codec.startswith("utf-"), utf8=codec == "utf-8"):
            if codec == "gb18030" and _japanese(data):
                raise InputError(f"{name}: 看起来是日文（Shift-JIS）编码的文本，不是中文报告")
            return Decoded(text, codec)
    raise InputError(f"{name}: 无法识别文本编码（已尝试 UTF-8、UTF-16、UTF-32、GB18030），或不是文本文件")


_LENIENT_UTF8 = "utf-8, a few bad bytes"


def _candidates(data: bytes) -> list[tuple[str, bool]]:
    """Encodings to try, in order, each with whether it is a guess that must look Chinese.

    UTF-8 comes first even when the data holds a NUL: valid UTF-8 with one stray NUL is still UTF-8,
    while UTF-16 or UTF-32 read as UTF-8 is half NULs and refused as garbage, so the next candidates
    get their turn.
    """
    out: list[tuple[str, bool]] = [("utf-8", False)]
    if len(data) % 4 == 0 and data:
        # a code point is at most 0x10FFFF: in UTF-32 its highest byte is always NUL
        if not any(data[3::4]):
            out.append(("utf-32-le", True))
        elif not any(data[0::4]):
            out.append(("utf-32-be", True))
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    # ASCII in UTF-16 puts a NUL in every other byte; the side the NULs fall on gives the order. A report has
    # line breaks at least, so UTF-16 without a single NUL is some other encoding that happens to decode
    # (Shift-JIS reads as UTF-16BE "Chinese")
    if len(data) % 2 == 0 and (even_nuls or odd_nuls):
        first, second = ("utf-16-be", "utf-16-le") if even_nuls > odd_nuls else ("utf-16-le", "utf-16-be")
        out += [(first, True), (second, True)]
    # before GB18030, which would turn a UTF-8 file with one damaged byte into mojibake that looks Chinese
    out.append((_LENIENT_UTF8, True))
    out.append(("gb18030", True))
    return out


def _japanese(data: bytes) -> bool:
    """Shift-JIS Japanese: GB18030 decodes almost any bytes, and Japanese kana and kanji come out as rare
    Chinese characters; read as Shift-JIS instead, the same bytes are clean text with kana in it."""
    text = _strict(data, "cp932")
    if text is None:
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    kana = sum("\u3040" <= c <= "\u30ff" for c in wide)
    return bool(wide) and kana >= 0.2 * len(wide)


def decode_with_few_errors(data: bytes, codec: str) -> Decoded | None:
    """Text in ``codec`` with a few undecodable bytes (a damaged file), replaced by U+FFFD and noted."""
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    rest = text.replace("\ufffd", "")
    if bad == 0 or bad > max(3, len(text) // 200) or not _plausible(rest, guessed=True):
        return None
    first = text[: text.index("\ufffd")].count("\n") + 1
    note = f"有 {bad} 处字节无法按 {codec.upper()} 解码（第{first}行起），已显示为 �；文件可能已损坏或混用了编码"
    return Decoded(text, codec, note)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _plausible(text: str, guessed: bool, ascii_ok: bool = False, utf8: bool = False) -> bool:
    """Clean enough for its kind of decoding, and (when guessed) Chinese — or, with ``ascii_ok``, plain
    ASCII: UTF-16/32 decode to ASCII words only in the right byte order, so that is no accident.

    Valid UTF-8 (``utf8``) is strong evidence of text by itself, so it may hold a few control or
    private-use characters more than any other decoding, where a BOM is only two bytes of evidence.
    """
    bad = count(_BAD, text)
    if utf8:
        return bad <= max(_FEW_BAD, _MAX_BAD_SHARE_CERTAIN * len(text)) and bad <= len(text) / 4
    if bad > _MAX_BAD_SHARE * len(text):
        return False
    return not guessed or _looks_chinese(text) or (ascii_ok and text.isascii() and _has_words(text))


def _reject_garbage(text: str, name: str, utf8: bool) -> None:
    if not _plausible(text, guessed=False, utf8=utf8):
        raise InputError(f"{name}: 解码后大部分是控制字符或乱码，不像是报告文本")


def _has_words(text: str) -> bool:
    return any(c.isalpha() for c in text)


# Cc control (NUL among them, but not tab and line ends), Co private use, Cs lone surrogate,
# Cn unassigned; U+FFFD replacement. Counted by the regex engine: a Python loop per character
# would cost more than the rest of reading a report.
_BAD = lazy_regex(r"[\p{Cc}\p{Co}\p{Cs}\p{Cn}\ufffd--[" + regex.escape(_ALLOWED_CONTROLS) + "]]+", regex.V1)
_WIDE = lazy_regex(r"[^\x00-\x7f\s]+")
# the ideographs as is_han counts them (the basic and extension A blocks, not all of zh.HAN), with the
# punctuation normalisation keeps tight
_GOOD_WIDE = lazy_regex(rf"[\u4e00-\u9fff\u3400-\u4dbf{CJK_PUNCTUATION}{FULLWIDTH_FORMS}{MARKS_OUTSIDE_BLOCKS}]+")


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _looks_chinese(text: str) -> bool:
    """A guessed decoding is right when its non-ASCII characters are mostly common Han and CJK punctuation."""
    wide = count(_WIDE, text)
    if not wide:
        return False
    return count(_GOOD_WIDE, text) / wide >= _MIN_GUESSED_HAN_SHARE
