"""Plain text in every encoding a Chinese office saves, and files that are not text at all."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.readers.helpers import check_data, finding_codes, verdicts
from validator import readers
from validator.errors import InputError
from validator.readers.encoding import decode_text
from validator.ruleset import RuleSet

COMPLIANT = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
DEFICIENT = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("encoded", "encoding"), [
    (COMPLIANT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + COMPLIANT.encode("utf-8"), "utf-8-sig"),
    (COMPLIANT.encode("gb18030"), "gb18030"),
    (COMPLIANT.replace("\n", "\r\n").encode("gbk"), "gb18030"),
    (COMPLIANT.encode("utf-16"), "utf-16-le"),  # Notepad's "Unicode": a BOM, then little-endian
    (codecs.BOM_UTF16_BE + COMPLIANT.encode("utf-16-be"), "utf-16-be"),
    (COMPLIANT.encode("utf-16-le"), "utf-16-le"),  # no BOM
    (COMPLIANT.encode("utf-16-be"), "utf-16-be"),
])
def test_every_encoding_is_detected_without_flags(encoded: bytes, encoding: str) -> None:
    text, detected, _ = decode_text(encoded, "r.txt")
    assert detected == encoding
    assert text.replace("\r\n", "\n") == COMPLIANT


@pytest.mark.parametrize("codec", ["gb18030", "utf-16", "utf-16-be"])
@pytest.mark.parametrize("text", [COMPLIANT, DEFICIENT], ids=["compliant", "deficient"])
def test_verdicts_do_not_depend_on_the_encoding(ruleset: RuleSet, codec: str, text: str) -> None:
    plain = check_data(text.encode("utf-8"), "r.txt", ruleset)
    other = check_data(text.encode(codec), "r.txt", ruleset)
    assert verdicts(other) == verdicts(plain)
    assert finding_codes(other) == finding_codes(plain)


def test_findings_point_at_line_and_column_of_the_original(ruleset: RuleSet) -> None:
    report = check_data(DEFICIENT.encode("gb18030"), "r.txt", ruleset)
    located = [f for f in report.findings if f.location is not None]
    assert located
    lines = DEFICIENT.split("\n")
    for finding in located:
        assert finding.location is not None
        line = lines[finding.location.line - 1]
        assert finding.location.column <= len(line)
        assert finding.location.paragraph is None and finding.location.page is None


@pytest.mark.parametrize(("data", "message"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "PNG"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".doc"),
])
def test_a_binary_file_renamed_txt_says_what_it_is(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        readers.read_bytes(data, "报告.txt")
    assert "报告.txt" in str(caught.value) and "\n" not in str(caught.value)


def test_random_bytes_are_rejected_not_decoded_into_nonsense() -> None:
    noise = bytes((i * 7919 + 13) % 256 for i in range(4000))
    with pytest.raises(InputError, match="无法识别文本编码"):
        readers.read_bytes(noise, "noise.txt")


def test_garbage_that_happens_to_decode_is_rejected() -> None:
    # valid UTF-16 with a BOM, but the characters are control and private-use ones
    garbage = codecs.BOM_UTF16_LE + "".join(chr(0xE000 + i % 500) + "\x01" for i in range(300)).encode("utf-16-le")
    with pytest.raises(InputError, match="乱码"):
        readers.read_bytes(garbage, "g.txt")


def test_latin1_text_is_not_taken_for_chinese() -> None:
    with pytest.raises(InputError):
        readers.read_bytes("Rapport annuel - café, élève, déjà vu, où êtes-vous ?\n".encode("latin-1") * 20, "f.txt")


def test_nul_bytes_in_a_text_file_are_rejected() -> None:
    with pytest.raises(InputError):
        readers.read_bytes("报告".encode() + b"\x00\x00\x00\x00\x00" * 50 + "正文".encode(), "n.txt")


def test_empty_file_has_nothing_to_check(ruleset: RuleSet) -> None:
    report = check_data(b"", "empty.txt", ruleset)
    assert report.error is not None and "没有可检查的文字" in report.error


def test_gb18030_file_on_disk_needs_no_flag(ruleset: RuleSet, tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_bytes(COMPLIANT.encode("gb18030"))
    source = readers.read_path(str(path))
    assert source.encoding == "gb18030"
    assert source.lines[0].text == "青山县人民政府"


def test_a_utf8_file_with_a_damaged_byte_is_read_as_utf8_with_a_note(ruleset: RuleSet) -> None:
    data = COMPLIANT.encode("utf-8")
    at = data.index("严格规范".encode("utf-8"))
    damaged = data[:at] + b"\xff" + data[at + 1:]  # one byte of 严 overwritten
    source = readers.read_bytes(damaged, "r.txt")
    assert source.encoding == "utf-8"
    assert len(source.notes) == 1 and "第13行" in source.notes[0]
    assert "青山县人民政府" in source.lines[0].text  # not GB18030 mojibake
    assert verdicts(check_data(damaged, "r.txt", ruleset)) == verdicts(check_data(data, "r.txt", ruleset))
