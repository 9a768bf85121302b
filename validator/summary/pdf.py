"""``summary --format pdf``: the Word summary (``docx_format``) converted to PDF by LibreOffice.

LibreOffice is not a Python package: without it a PDF is refused before any report is checked
(``available``), with a message saying how to install it or which format to print from instead.
The conversion runs sandboxed as for reading .doc files (validator.readers.legacy).
"""

from __future__ import annotations

from validator.errors import InputError, UsageError
from validator.summary.model import Summary

MISSING = ("写 PDF 需要 LibreOffice（把汇总的 Word 文档转换为 PDF），本机未安装："
           "请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），"
           "或改写 .docx、.html 后用 Word 或浏览器打印为 PDF")


def available() -> bool:
    from validator.readers.legacy import soffice

    return soffice() is not None


def render_pdf(summary: Summary) -> bytes:
    from validator.readers.legacy import convert, soffice
    from validator.summary.docx_format import render_docx

    office = soffice()
    if office is None:
        raise UsageError(MISSING)
    try:
        pdf = convert(office, render_docx(summary), ".docx", "pdf:writer_pdf_Export", ".pdf", "汇总")
    except InputError as exc:
        raise UsageError(f"无法生成 PDF：{exc}") from None
    if pdf is None:
        raise UsageError("无法生成 PDF：LibreOffice 没有写出 PDF 文件")
    return pdf
