"""The command line over every format: stdin, --dump-text, legacy formats, batches with unreadable files."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import EXAMPLES, ROOT, CliRun
from tests.readers.docxgen import CHINESE_HEADINGS, make_docx, para
from validator import readers
from validator.errors import InputError

OUTPUT_SCHEMA = json.loads((ROOT / "validator" / "schemas" / "output.schema.json").read_text(encoding="utf-8"))


def numbered_docx() -> bytes:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    body = []
    for line in filter(str.strip, text.split("\n")):
        if line[:2] in ("一、", "二、", "三、", "四、", "五、"):
            body.append(para(line[2:], num=(3, 0)))
        elif line.startswith("（") and line[2:3] == "）":
            body.append(para(line[3:], num=(3, 1)))
        else:
            body.append(para(line))
    return make_docx("".join(body), numbering=CHINESE_HEADINGS)


def test_stdin_reads_any_format_named_by_stdin_filename(cli_run: CliRun,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(numbered_docx())

    monkeypatch.setattr(sys, "stdin", FakeStdin)
    code, out, _ = cli_run("check", "-", "--stdin-filename", "报告.docx", "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, OUTPUT_SCHEMA)
    assert code == 0
    assert data["files"][0]["path"] == "报告.docx" and data["files"][0]["format"] == "docx"
    assert data["files"][0]["score"] == 100.0


def test_stdin_default_name_says_a_pdf_is_not_text(cli_run: CliRun,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(b"%PDF-1.7\n...")

    monkeypatch.setattr(sys, "stdin", FakeStdin)
    code, _, err = cli_run("check", "-")
    assert code == 3 and "PDF" in err and len(err.strip().splitlines()) == 1


def test_dump_text_of_an_autonumbered_docx_shows_labels_kinds_and_paragraphs(cli_run: CliRun,
                                                                              tmp_path: Path) -> None:
    path = tmp_path / "报告.docx"
    path.write_bytes(numbered_docx())
    code, out, _ = cli_run("check", "--dump-text", str(path))
    assert code == 0
    assert "[measures（上一年度推进法治政府建设的主要举措和成效）] 一、2024年推进法治政府建设的主要举措和成效  ← 第4段" in out
    assert "[first-responsible" in out and "[problems" in out and "[plan" in out
    assert "¶4   第5段     # （一）健全依法决策机制" in out


def test_dump_text_marks_a_traditional_report(cli_run: CliRun) -> None:
    path = Path(__file__).parent / "fixtures" / "compliant.traditional.txt"
    code, out, _ = cli_run("check", "--dump-text", str(path))
    assert code == 0 and "繁体，按简体匹配" in out
    assert "关于2024年度法治政府建设情况的报告" in out  # the text the rules see


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".odt", ".rtf"])
def test_legacy_formats_say_how_to_convert(cli_run: CliRun, tmp_path: Path, suffix: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from validator.readers import legacy

    monkeypatch.setattr(legacy, "soffice", lambda: None)  # without LibreOffice (tests/readers/test_legacy.py: with)
    path = tmp_path / f"报告{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    code, _, err = cli_run("check", str(path))
    assert code == 3
    assert "libreoffice --headless --convert-to docx" in err and str(path) in err
    assert len(err.strip().splitlines()) == 1


def test_a_docx_or_web_page_saved_as_doc_is_read_for_what_it_is() -> None:
    assert readers.read_bytes(numbered_docx(), "报告.doc").format == "docx"
    page = ("<html><body><div id='zoom'><p>关于2024年度法治政府建设情况的报告</p>"
            "<p>2024年，我县坚持以习近平法治思想为指导，扎实推进依法行政。</p></div></body></html>")
    assert readers.read_bytes(page.encode("utf-8"), "报告.doc").format == "html"


def test_a_batch_goes_on_past_unreadable_files(cli_run: CliRun, tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    from tests.readers.pdfgen import make_pdf

    (tmp_path / "a-scan.pdf").write_bytes(make_pdf([None]))
    (tmp_path / "b-report.docx").write_bytes(numbered_docx())
    (tmp_path / "c-binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "d-empty.md").write_bytes(b"")
    code, out, err = cli_run("check", str(tmp_path), "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, OUTPUT_SCHEMA)
    assert code == 3
    assert [(Path(f["path"]).name, f["status"]) for f in data["files"]] == [
        ("a-scan.pdf", "error"), ("b-report.docx", "pass"), ("c-binary.txt", "error"), ("d-empty.md", "error")]
    assert "OCR" in data["files"][0]["error"]
    assert len(err.strip().splitlines()) == 3


def test_missing_pdf_library_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pdfium(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("pypdfium2"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pdfium)
    # a dependency: only an installation that left it out lacks it
    with pytest.raises(InputError, match=r"^r\.pdf: .*pypdfium2.*pip install pypdfium2$"):
        readers.read_bytes(b"%PDF-1.7\n", "r.pdf")


def test_heavy_readers_are_imported_only_when_their_format_is_read(tmp_path: Path) -> None:
    import subprocess

    probe = (
        "import sys\n"
        "from validator import readers\n"
        f"readers.read_path({str(EXAMPLES / 'compliant.txt')!r})\n"
        "heavy = [m for m in ('pypdfium2', 'validator.readers.pdf', 'validator.readers.docx', "
        "'validator.readers.html', 'xml.etree.ElementTree') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout
    assert out.strip() == "[]"
