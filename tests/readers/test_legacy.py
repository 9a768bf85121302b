""".doc, .wps, .odt and .rtf through LibreOffice; a clean message without it; files known by their content."""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SEEDS
from tests.readers.helpers import verdicts
from validator import cli, readers
from validator.errors import InputError
from validator.pipeline import check_path
from validator.readers import legacy
from validator.ruleset import RuleSet

needs_libreoffice = pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice is not installed")


def seed() -> Path:
    """A real seed when ../shared is present, the deficient example otherwise."""
    found = sorted(SEEDS.glob("000_*.txt")) if SEEDS.is_dir() else []
    return found[0] if found else EXAMPLES / "deficient.txt"


def office_convert(source: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Have LibreOffice write the file in another format, as an office would hand it in."""
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--infilter=Text (encoded):UTF8,LF,,,", "--convert-to", fmt, "--outdir", str(outdir), str(source)],
                   check=True, capture_output=True, timeout=300)
    return outdir / f"{source.stem}.{fmt}"


@pytest.fixture(scope="module")
def renderings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if legacy.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    work = tmp_path_factory.mktemp("legacy")
    text = work / "report.txt"
    shutil.copy(seed(), text)
    out = {fmt: office_convert(text, fmt, work, work / "profile") for fmt in ("doc", "odt", "rtf")}
    out["wps"] = work / "report.wps"  # WPS 文字 saves the Word binary format under its own name
    shutil.copy(out["doc"], out["wps"])
    return out


@needs_libreoffice
@pytest.mark.parametrize("fmt", ["doc", "wps", "odt", "rtf"])
def test_a_converted_seed_gives_the_verdicts_of_the_seed(ruleset: RuleSet, renderings: dict[str, Path],
                                                          fmt: str) -> None:
    report = check_path(str(renderings[fmt]), ruleset)
    plain = check_path(str(seed()), ruleset)
    got, want = verdicts(report), verdicts(plain)
    # blank lines of the text file are empty paragraphs in Word: only debris may tell them apart
    got.pop("format.conversion-debris")
    want.pop("format.conversion-debris")
    assert got == want
    assert report.document is not None and report.document.source.format == fmt
    assert "LibreOffice" in report.document.source.notes[0]
    located = [f for f in report.findings if f.location is not None]
    assert located and all(f.location.paragraph is not None for f in located if f.location is not None)


@needs_libreoffice
def test_conversions_in_parallel_do_not_collide(renderings: dict[str, Path]) -> None:
    results: list[int] = []
    data = renderings["odt"].read_bytes()

    def read() -> None:
        results.append(len(readers.read_bytes(data, "r.odt").lines))

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2 and results[0] == results[1] > 0


@needs_libreoffice
def test_a_renamed_odt_is_read_and_says_what_it_is(renderings: dict[str, Path]) -> None:
    source = readers.read_bytes(renderings["odt"].read_bytes(), "报告.docx")
    assert source.format == "odt" and "OpenDocument" in source.notes[0] and ".docx" in source.notes[0]


@pytest.mark.parametrize(("data", "kind"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "旧版 Word/WPS"),
    (b"{\\rtf1\\ansi 2024}", "RTF"),
])
def test_without_libreoffice_a_renamed_file_names_its_real_type(monkeypatch: pytest.MonkeyPatch, data: bytes,
                                                                 kind: str) -> None:
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    with pytest.raises(InputError) as caught:
        readers.read_bytes(data, "报告.docx")
    message = str(caught.value)
    assert message.startswith("报告.docx: ") and kind in message and "apt-get install libreoffice-writer-nogui" in message


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def test_without_libreoffice_an_odt_named_docx_says_it_is_opendocument(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    with pytest.raises(InputError, match="实际是OpenDocument"):
        readers.read_bytes(odt_bytes(), "报告.docx")


@pytest.mark.parametrize(("data", "kind"), [(b"%PDF-1.7\n", "PDF"), (b"PK\x03\x04" + b"OFD.xml" + bytes(40), "OFD")])
def test_a_pdf_or_ofd_named_docx_says_what_it_is(data: bytes, kind: str) -> None:
    with pytest.raises(InputError, match=f"实际是{kind}.*改为"):
        readers.read_bytes(data, "报告.docx")


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".odt", ".rtf"])
def test_without_libreoffice_the_message_says_how_to_install_or_convert(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    path = tmp_path / f"报告{suffix}"
    path.write_bytes(odt_bytes() if suffix == ".odt" else b"{\\rtf1 x}" if suffix == ".rtf"
                     else b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert cli.main(["check", str(path)]) == 3
    err = capsys.readouterr().err
    assert "libreoffice-writer-nogui" in err and "libreoffice --headless --convert-to docx" in err
    assert str(path) in err and len(err.strip().splitlines()) == 1


def fake_office(tmp_path: Path, script: str) -> str:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    program.chmod(0o755)
    return str(program)


def test_the_conversion_gets_a_private_profile_and_no_outside_name(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    log = tmp_path / "args.txt"
    monkeypatch.setattr(legacy, "soffice", lambda: fake_office(tmp_path, f'printf "%s\\n" "$@" > "{log}"\n'))
    with pytest.raises(InputError, match="LibreOffice 无法转换"):
        readers.read_bytes(b"{\\rtf1 x}", "$(rm -rf ~)报告.rtf")
    args = log.read_text(encoding="utf-8").split("\n")
    (profile,) = [a for a in args if a.startswith("-env:UserInstallation=file://")]
    assert "fazhi-lint-convert-" in profile and not Path(profile.split("file://", 1)[1]).exists()  # removed after
    assert "--headless" in args and args[-2].endswith("/input.rtf")
    assert not any("rm -rf" in a for a in args)


def test_a_conversion_that_hangs_is_stopped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(legacy, "CONVERT_SECONDS", 1)
    monkeypatch.setattr(legacy, "soffice", lambda: fake_office(tmp_path, "sleep 60 & sleep 60\n"))
    with pytest.raises(InputError, match="超过 1 秒"):
        readers.read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "报告.doc")


@needs_libreoffice
@pytest.mark.parametrize(("data", "name"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4, "坏.doc"),
    (b"{\\rtf1\\ansi{\\fonttbl", "坏.rtf"),
])
def test_libreoffice_on_a_damaged_file_is_a_clean_refusal(data: bytes, name: str) -> None:
    try:
        source = readers.read_bytes(data, name)
    except InputError as exc:
        assert str(exc).startswith(f"{name}: ") and "\n" not in str(exc)
    else:  # LibreOffice may salvage something; then it is read like any converted file
        assert source.format in ("doc", "rtf")
