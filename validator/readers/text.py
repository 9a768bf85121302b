"""Plain text and Markdown."""

from __future__ import annotations

from validator.errors import InputError
from validator.model import SourceDocument, SourceLine


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode report text; returns (text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: 不是有效的 UTF-8 文本（第 {exc.start} 字节处无法解码）") from None
    return text, encoding


def split_lines(text: str) -> list[SourceLine]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [SourceLine(line) for line in text.split("\n")]


def read_plain_text(data: bytes, name: str) -> SourceDocument:
    text, encoding = decode_text(data, name)
    return SourceDocument(path=name, format="txt", lines=split_lines(text), encoding=encoding)


def read_markdown(data: bytes, name: str) -> SourceDocument:
    text, encoding = decode_text(data, name)
    return SourceDocument(path=name, format="md", lines=split_lines(text), encoding=encoding)
