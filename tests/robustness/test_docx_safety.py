""".docx from hostile hands: zip bombs, lying headers, XXE, billion laughs, corrupt zips, thousands of
entries, names that point out of the package. Each is refused with one line naming the file (exit 3),
and the rest of a batch is still checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.robustness import hostile
from validator import cli, limits, readers
from validator.errors import InputError
from validator.readers import package

COMPLIANT = hostile.EXAMPLES / "compliant.txt"

REFUSALS = {
    "zip-bomb": "解压后过大（400.0 MB，上限 32 MB）",
    "size-lie-small": "文件已损坏：Bad CRC-32",
    "size-lie-huge": "解压后过大",
    "xxe": "含有 DOCTYPE/实体声明，出于安全原因不予读取",
    "xxe-utf16": "含有 DOCTYPE/实体声明",
    "billion-laughs": "含有 DOCTYPE/实体声明",
    "deep-xml": f"XML 嵌套超过 {limits.MAX_XML_DEPTH} 层",
    "many-elements": "疑似压缩炸弹",
    "many-entries": f"超过上限 {limits.MAX_ZIP_ENTRIES}",
    "traversal-missing": "缺少正文部分",
    "truncated": "文件已损坏，或扩展名不对",
    "corrupt-deflate": "压缩数据已损坏",
    "encrypted": "已加密，需要密码",
    "unknown-method": "不支持的压缩方式",
    "lzma-garbage": "文件已损坏",
}


@pytest.mark.parametrize("kind", sorted(hostile.HOSTILE_DOCX))
def test_hostile_docx_is_refused_in_one_line(kind: str) -> None:
    with pytest.raises(InputError) as refused:
        readers.read_bytes(hostile.HOSTILE_DOCX[kind](), f"{kind}.docx")
    message = str(refused.value)
    assert message.startswith(f"{kind}.docx: ") and "\n" not in message
    assert REFUSALS[kind] in message


def test_hostile_docx_in_a_batch_exit_3_and_the_rest_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for kind in ("zip-bomb", "xxe", "corrupt-deflate", "many-entries"):
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(hostile.HOSTILE_DOCX[kind]())
        paths.append(str(path))
    code = cli.main(["check", *paths, str(COMPLIANT), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 3
    files = json.loads(out)["files"]
    assert [f["status"] for f in files] == ["error"] * 4 + ["pass"]
    assert err.splitlines() == [f"fazhi-lint: {f['error']}" for f in files[:4]]
    assert "Traceback" not in err


def test_the_bomb_is_never_unpacked_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even when the header is not believed, unpacking stops at the limit, counting real bytes."""
    monkeypatch.setattr(package.Package, "_refuse_declared", lambda self, part, info: None)
    read: list[int] = []
    unpack = package.Package._unpack

    def counting(self: package.Package, part: str, info: object) -> bytes:
        try:
            return unpack(self, part, info)  # type: ignore[arg-type]
        finally:
            read.append(self.unpacked)

    monkeypatch.setattr(package.Package, "_unpack", counting)
    with pytest.raises(InputError, match="压缩比异常"):
        readers.read_bytes(hostile.zip_bomb_docx(64), "bomb.docx")
    assert max(read) <= limits.MAX_PART_BYTES  # stopped at 200 times the packed size, 13 of 64 MB


def test_unpacked_size_is_limited_across_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "MAX_UNPACKED_BYTES", 10)
    with pytest.raises(InputError, match="解压后超过"):
        readers.read_bytes(hostile.small_docx(), "parts.docx")


def test_xml_element_count_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "MAX_XML_ELEMENTS", 5)
    with pytest.raises(InputError, match="XML 元素超过 5 个"):
        readers.read_bytes(hostile.small_docx(), "elements.docx")


def test_a_part_named_like_a_system_file_is_read_from_the_zip_not_the_disk() -> None:
    document = readers.read_bytes(hostile.traversal_docx(), "traversal.docx")
    text = "".join(line.text for line in document.lines)
    assert text == "一、主要举措和成效全年制定规范性文件3件，均经合法性审查。"
    assert "root:" not in text


def test_numbering_with_values_word_never_writes_is_read() -> None:
    """Regressions: "²" passes str.isdigit() but not int(); a level index out of range; a start of a
    billion rendered as letters; an outline level that is no number."""
    from tests.readers.docxgen import W, make_docx, para

    numbering = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">'
                 f'<w:lvl w:ilvl="0"><w:start w:val="1000000000"/><w:numFmt w:val="upperLetter"/>'
                 f'<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 f'<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="20">'
                 f'<w:startOverride w:val="5"/><w:lvl w:ilvl="20"/></w:lvlOverride></w:num></w:numbering>')
    body = (para("主要举措", num=(1, 0)) + para("第二项", ppr='<w:numPr><w:ilvl w:val="²"/><w:numId w:val="1"/></w:numPr>')
            + para("第三项", ppr='<w:outlineLvl w:val="²"/>') + para("第四项", num=(1, 20)))
    document = readers.read_bytes(make_docx(body, numbering=numbering), "numbering.docx")
    assert [line.text for line in document.lines] == ["1000000000.\t主要举措", "1000000001.\t第二项", "第三项", "第四项"]
    assert [line.outline_level for line in document.lines] == [None] * 4
