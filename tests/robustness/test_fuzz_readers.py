"""Random bytes and random text through every reader and the whole pipeline.

The only allowed outcomes: a SourceDocument (or a FileReport without error), or an InputError with a
one-line message naming the file. Anything else — a traceback — is a bug to fix at its root.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.robustness import strategies as gen
from validator import readers
from validator.errors import InputError
from validator.pipeline import FileReport, check_bytes
from validator.readers import READERS
from validator.ruleset import RuleSet

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")


def read_or_refuse(data: bytes, name: str) -> None:
    """Read ``data`` as ``name``: a document, or an InputError naming the file in one line."""
    try:
        document = readers.read_bytes(data, name)
    except InputError as exc:
        assert_clean_refusal(str(exc), name)
        return
    assert document.path == name
    assert all("\n" not in line.text and "\r" not in line.text for line in document.lines)


def check_or_refuse(data: bytes, name: str, ruleset: RuleSet) -> FileReport:
    report = check_bytes(data, name, ruleset)  # raises anything but an InputError
    if report.error is not None:
        assert_clean_refusal(report.error, name)
    else:
        assert report.score is not None and len(report.results) == sum(r.enabled for r in ruleset.rules)
    return report


def assert_clean_refusal(message: str, name: str) -> None:
    assert message.startswith(name), message
    assert "\n" not in message and "Traceback" not in message, message


@pytest.mark.parametrize("suffix", sorted(READERS))
@given(data=st.binary(max_size=2000))
def test_random_bytes_are_read_or_refused_by_every_reader(suffix: str, data: bytes) -> None:
    read_or_refuse(data, f"random{suffix}")


@pytest.mark.parametrize("suffix", sorted(READERS))
@given(data=st.sampled_from([b"PK\x03\x04", b"%PDF-1.7\n", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf1",
                             b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<?xml version='1.0'?><html>"]),
       rest=st.binary(max_size=500))
def test_magic_numbers_followed_by_garbage_are_read_or_refused(suffix: str, data: bytes, rest: bytes) -> None:
    read_or_refuse(data + rest, f"magic{suffix}")


@pytest.mark.parametrize("suffix", TEXT_SUFFIXES)
@given(data=gen.encoded_text())
def test_report_like_text_in_any_encoding_is_checked_or_refused(suffix: str, data: bytes) -> None:
    check_or_refuse(data, f"report{suffix}", gen.default_rules())


@pytest.mark.parametrize("suffix", TEXT_SUFFIXES)
@given(text=gen.any_text, encoding=st.sampled_from(gen.ENCODINGS))
def test_random_unicode_in_any_encoding_is_checked_or_refused(suffix: str, text: str, encoding: str) -> None:
    check_or_refuse(text.encode(encoding), f"unicode{suffix}", gen.default_rules())


@given(data=gen.docx_files())
def test_generated_docx_is_checked(data: bytes) -> None:
    check_or_refuse(data, "generated.docx", gen.default_rules())


@given(data=gen.random_xml_docx())
def test_zips_with_random_document_xml_are_refused_or_read(data: bytes) -> None:
    check_or_refuse(data, "random-xml.docx", gen.default_rules())


@given(data=gen.mutated(gen.docx_files()))
def test_mutated_docx_bytes_are_read_or_refused(data: bytes) -> None:
    check_or_refuse(data, "mutated.docx", gen.default_rules())


@given(data=gen.html_files)
def test_tag_soup_is_checked_or_refused(data: bytes) -> None:
    check_or_refuse(data, "soup.html", gen.default_rules())


@given(data=gen.pdf_files())
def test_generated_pdf_is_checked_or_refused(data: bytes) -> None:
    pytest.importorskip("pypdfium2")
    check_or_refuse(data, "generated.pdf", gen.default_rules())


@given(data=gen.mutated(gen.pdf_files()))
def test_mutated_pdf_bytes_are_read_or_refused(data: bytes) -> None:
    pytest.importorskip("pypdfium2")
    read_or_refuse(data, "mutated.pdf")


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".odt", ".rtf"])
@given(data=st.one_of(gen.docx_files(), gen.html_files, gen.mutated(gen.docx_files())))
def test_legacy_names_on_other_formats_are_read_or_refused(suffix: str, data: bytes) -> None:
    check_or_refuse(data, f"disguised{suffix}", gen.default_rules())
