"""Other word-processor formats (.doc, .wps, .odt, .rtf): converted to .docx by LibreOffice, then read.

The binary Word/WPS formats, OpenDocument and RTF need a full office suite to read faithfully.
When LibreOffice is installed, the file is converted with it (``soffice --headless --convert-to
docx``) and the .docx is read as usual, so locations are Word paragraphs. Each conversion runs

- in a temporary directory, removed afterwards; the input is copied there under a plain name, so
  no file name from outside reaches the command line;
- with a private user profile (``-env:UserInstallation``) of its own, so parallel runs never share
  (and never lock) a profile, and the user's own LibreOffice settings play no part; the profile
  turns macros off and blocks links to outside resources;
- without network where the system allows a process to be cut off from it (``unshare --net``);
- under a time limit, after which the whole process group is killed.

Without LibreOffice the error says how to install it or how to convert the file by hand. Files
are recognised by their content, not their name: a .docx saved with a .doc name, or Word's "web
page" (.doc holding HTML), is read as what it is; a .doc, .odt or .rtf with a .docx name is
converted like one and says so (``disguised_docx``).
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from validator.errors import InputError
from validator.model import SourceDocument

CONVERT_HINT = "libreoffice --headless --convert-to docx"
INSTALL_HINT = "安装 LibreOffice 后可直接检查（Debian/Ubuntu：apt-get install libreoffice-writer-nogui）"
# Converting a report takes 2–10 s (most of it LibreOffice starting with a fresh profile); a file
# that takes this long is damaged or hostile.
CONVERT_SECONDS = 120

_NAMES = {
    ".doc": "旧版 Word（.doc）",
    ".dot": "旧版 Word 模板（.dot）",
    ".wps": "WPS 文字（.wps）",
    ".wpt": "WPS 模板（.wpt）",
    ".odt": "OpenDocument（.odt）",
    ".rtf": "RTF",
}

# real type (by content) -> how messages name it, and the suffix LibreOffice is given
KINDS: dict[str, tuple[str, str]] = {
    "ole": ("旧版 Word/WPS 二进制文件（.doc/.wps）", ".doc"),
    "odt": ("OpenDocument 文本（.odt）", ".odt"),
    "rtf": ("RTF 文件", ".rtf"),
    "docx": ("Word（.docx）文件", ".docx"),
    "html": ("网页（HTML）文件", ".html"),
    "pdf": ("PDF 文件", ".pdf"),
    "ofd": ("OFD 版式文件", ".ofd"),
}
CONVERTIBLE = frozenset({"ole", "odt", "rtf"})

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_TEXT = (b"application/vnd.oasis.opendocument.text", b"application/vnd.oasis.opendocument.text-template")

# LibreOffice settings for the private profile: no macros, no fetching of linked resources, no update check.
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments"><prop oor:name="AutoCheckEnabled" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


def real_type(data: bytes) -> str | None:
    """What a file is by its first bytes: a key of ``KINDS``, or None when nothing tells."""
    if data.startswith(_OLE):
        return "ole"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        # an OpenDocument package stores its media type first, uncompressed (ODF 1.2 part 3, 3.3)
        if data[30:38] == b"mimetype" and data[38:38 + 60].startswith(_ODF_TEXT):
            return "odt"
        if b"word/" in data:
            return "docx"
        if b"OFD.xml" in data:
            return "ofd"
        return None
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype html", b"<?xml")) and b"<html" in data[:4096].lower():
        return "html"
    return None


def read_legacy(data: bytes, name: str) -> SourceDocument:
    kind = real_type(data)
    if kind == "docx":
        from validator.readers.docx import read_docx

        return read_docx(data, name)
    if kind == "html":
        from validator.readers.html import read_html

        return read_html(data, name)
    suffix = Path(name).suffix.lower()
    if kind in CONVERTIBLE:
        return read_converted(data, name, kind)
    label = _NAMES.get(suffix, suffix)
    if kind is not None:
        raise InputError(f"{name}: 扩展名是{label}，但文件实际是{KINDS[kind][0]}，请改用正确的扩展名 {KINDS[kind][1]}")
    raise InputError(f"{name}: 无法识别的{label}文件（文件已损坏，或扩展名不对）")


def disguised_docx(data: bytes, name: str) -> SourceDocument | None:
    """A file named .docx that is something else: converted when it is a word-processor format
    LibreOffice reads (with a note saying what it really is); None when it looks like a .docx."""
    kind = real_type(data)
    if kind in CONVERTIBLE:
        return read_converted(data, name, kind, disguised=True)
    if kind in ("pdf", "ofd", "html"):
        label, suffix = KINDS[kind]
        raise InputError(f"{name}: 扩展名是 .docx，但文件实际是{label}，请把扩展名改为 {suffix}")
    return None


def read_converted(data: bytes, name: str, kind: str, disguised: bool = False) -> SourceDocument:
    """Convert with LibreOffice and read the .docx; the error says what to do when it cannot be."""
    from validator.readers.docx import read_docx

    label, suffix = KINDS[kind]
    document = read_docx(convert_to_docx(data, name, kind, disguised), name)
    own = Path(name).suffix.lower()
    named = own in _NAMES and not disguised
    document.format = (own if named else suffix).lstrip(".")
    document.notes.append(f"扩展名是 .docx，但文件实际是{label}，已由 LibreOffice 转换后检查" if disguised
                          else f"{_NAMES[own] if named else label}文件由 LibreOffice 转换为 .docx 后检查，位置按 Word 段落计")
    return document


def convert_to_docx(data: bytes, name: str, kind: str, disguised: bool = False) -> bytes:
    """The file converted to .docx by LibreOffice (raises InputError when that cannot be done)."""
    label, suffix = KINDS[kind]
    office = soffice()
    if office is None:
        what = f"扩展名是 .docx，但文件实际是{label}" if disguised else f"不能直接读取{_NAMES.get(Path(name).suffix.lower(), label)}文件"
        raise InputError(f"{name}: {what}；{INSTALL_HINT}，或先另存为 .docx（在 Word/WPS 中“另存为”，"
                         f"或运行：{CONVERT_HINT} \"{name}\"）")
    converted = convert(office, data, suffix, "docx:MS Word 2007 XML", ".docx", name)
    if converted is None:
        raise InputError(f"{name}: LibreOffice 无法转换该{label}（文件已损坏、已加密，或不是{label}）")
    return converted


def convert(office: str, data: bytes, suffix: str, target: str, target_suffix: str, name: str) -> bytes | None:
    """``data`` (a file of type ``suffix``) converted by LibreOffice with the filter ``target``, or None when
    LibreOffice wrote nothing. Raises InputError when it cannot be started or runs out of time; ``name``
    is what messages call the file. Used for reading (.doc → .docx) and for writing (.docx → .pdf)."""
    with tempfile.TemporaryDirectory(prefix="fazhi-lint-convert-") as work:
        source = Path(work) / f"input{suffix}"
        source.write_bytes(data)
        profile = Path(work) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        outdir = Path(work) / "out"
        command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
                   "--nologo", "--nodefault", "--nolockcheck", "--convert-to", target,
                   "--outdir", str(outdir), str(source)]
        _run(_without_network(command), name, work)
        result = outdir / f"input{target_suffix}"
        if not result.is_file() or result.stat().st_size == 0:
            return None
        return result.read_bytes()


def _run(command: list[str], name: str, work: str) -> None:
    env = {key: value for key, value in os.environ.items() if not key.lower().endswith("_proxy")}
    env.update(HOME=work, SAL_USE_VCLPLUGIN="svp")
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, cwd=work, env=env, start_new_session=True)
    except OSError as exc:
        raise InputError(f"{name}: 无法启动 LibreOffice（{exc.strerror or exc}）") from None
    try:
        process.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise InputError(f"{name}: LibreOffice 转换超过 {CONVERT_SECONDS} 秒仍未完成，已停止（文件已损坏？）") from None
    except BaseException:
        _kill(process)
        raise


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End the conversion and everything it started (LibreOffice forks its own process)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    for candidate in ("soffice", "libreoffice"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def _without_network(command: list[str]) -> list[str]:
    """The command in a network namespace of its own where the system lets us make one."""
    return ["unshare", "--net", "--map-root-user", *command] if _can_unshare() else command


@functools.lru_cache(maxsize=1)
def _can_unshare() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    try:
        probe = subprocess.run([unshare, "--net", "--map-root-user", "true"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0
