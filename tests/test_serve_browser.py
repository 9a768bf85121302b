"""``fazhi-lint serve`` in a real headless Chromium: a reviewer drags a batch onto the page, watches the
progress, reads the table and a checklist, and downloads the XLSX, the 审查意见 drafts and the annotated
Word file. What the page shows and what it hands out is compared with what ``fazhi-lint summary`` and
``check --annotate`` write for the same files (same table cells in the same order, same checklists, the
same drafts); and the page's safety: oversized files and zip bombs refused with a message on the page, a
hostile file name and hostile report text shown as text, a foreign page's requests refused.

Skips cleanly without Chromium or without the serve extra; ``.ci/run`` installs both.
"""

from __future__ import annotations

import html
import http.server
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import find_chromium
from tests.conftest import EXAMPLES, FORMATS, SEEDS, needs_shared

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tests.serveclient import ServerProcess  # noqa: E402
from tests.servepage import Page  # noqa: E402

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

UNIT = "云溪县司法局"
TITLE = "2024年度报告审查（测试）"
MAIN_ROWS = "Array.from(document.querySelectorAll('#reports tbody.report tr.main'))"
PAGE_KEYS = f"{MAIN_ROWS}.map(tr => Array.from(tr.children).map(td => td.dataset.sort))"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    temp = tmp_path / "tmp"
    process = ServerProcess(temp)
    try:
        yield process
    finally:
        code, err = process.stop()
        assert code == 0, err
        assert "已停止" in err and "Traceback" not in err, err
        assert list(temp.iterdir()) == []  # the private directory and everything in it are gone


@pytest.fixture
def page(server: ServerProcess) -> Iterator[Page]:
    assert CHROMIUM is not None
    browser = Page(CHROMIUM)
    try:
        browser.goto(server.url)
        yield browser
    finally:
        browser.close()


# --------------------------------------------------------------------------- what the CLI writes


def cli_outputs(files: list[Path], out: Path) -> dict[str, Any]:
    """``fazhi-lint summary --output-dir`` over copies of ``files`` named as uploaded, from their folder, so
    its report names are the upload names."""
    folder = out / "in"
    folder.mkdir(parents=True)
    for f in files:
        shutil.copyfile(f, folder / f.name)
    proc = subprocess.run([sys.executable, "-m", "validator", "summary", ".", "--output-dir", str(out / "cli"),
                           "--profile", "government", "-j", "1"], cwd=folder, capture_output=True, text=True)
    assert proc.returncode in (0, 3), proc.stderr
    data = json.loads((out / "cli" / "summary.json").read_text(encoding="utf-8"))
    return {"json": data, "html": (out / "cli" / "summary.html").read_text(encoding="utf-8"), "dir": out / "cli",
            "in": folder}


def html_keys(page_html: str) -> list[tuple[str, list[str]]]:
    """(report name, the sort keys of its cells) for every main row of the HTML summary: exactly the text of
    its cells."""
    rows = re.findall(r'<tr class="main">(.*?)</tr>', page_html, flags=re.S)
    return [(html.unescape(re.search(r'<div class="path">(.*?)</div>', row).group(1)),  # type: ignore[union-attr]
             [html.unescape(k) for k in re.findall(r'<td data-sort="([^"]*)"', row)]) for row in rows]


def without_index(rows: list[list[str]]) -> list[list[str]]:
    return [row[1:] for row in rows]


def xlsx_rows(data: bytes, sheet: str = "汇总") -> list[list[Any]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [list(r) for r in book[sheet].iter_rows(values_only=True)]


def report_rows(rows: list[list[Any]], left_out: set[str]) -> dict[str, list[Any]]:
    """The XLSX summary's report rows by file name (its last column), without their numbers and the rows of
    ``left_out``: the cells a reviewer reads, whatever order and numbering the batches gave them."""
    out = {}
    for row in rows:
        if row and isinstance(row[0], int) and isinstance(row[-1], str):
            name = Path(row[-1]).name
            if name not in left_out:
                out[name] = row[1:-1]
    return out


def docx_text(data: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def comments(data: bytes) -> list[tuple[str, str]]:
    import docx

    return [(c.author, c.text) for c in docx.Document(io.BytesIO(data)).comments]


# --------------------------------------------------------------------------- the reviewer's batch


def check_batch(page: Page, current: list[Path], previous: list[Path] | None = None) -> None:
    page.set_value("#profile", "government")
    page.set_value("#unit", UNIT)
    page.set_value("#batch-title", TITLE)
    page.drop("#drop-current", current)  # real drag-and-drop
    page.wait_for(f"document.querySelectorAll('#files li.ok').length === {len(current)}")
    if previous:
        page.choose("#pick-previous", previous)  # the file chooser
        page.wait_for(f"document.querySelectorAll('#files li.ok').length === {len(current) + len(previous)}")
    page.wait_for("!document.getElementById('start').disabled")
    page.click("#start")
    page.wait_for("!document.getElementById('progress-box').hidden")
    page.wait_for("!document.getElementById('results').hidden")
    progress = page.evaluate("[document.getElementById('progress').value, document.getElementById('progress').max,"
                             " document.getElementById('progress-text').innerText]")
    assert progress[0] == progress[1] and progress[2].startswith("已完成"), progress
    assert f"读取 {len(current) + len(previous or [])}/" in progress[2] and f"检查 {len(current)}/{len(current)}" in progress[2]


def open_report(page: Page, name: str) -> int:
    """Click a report's name; its position in the table once its checklist has loaded."""
    names = page.evaluate(f"{MAIN_ROWS}.map(tr => tr.children[1].querySelector('.path').innerText)")
    index = names.index(name)
    toggle = f"#reports tbody.report:nth-of-type({index + 1}) button.toggle"
    if page.evaluate(f"document.querySelector({json.dumps(toggle)}).getAttribute('aria-expanded')") != "true":
        page.click(toggle)
    page.wait_for(f"!!document.querySelectorAll('#reports tbody.report')[{index}].querySelector('table.checklist')"
                  f" || document.querySelectorAll('#reports tbody.report')[{index}].querySelector('tr.detail').innerText"
                  ".indexOf('无法读取') >= 0", limit=60)
    return index


def assert_page_is_the_summary(page: Page, cli: dict[str, Any], left_out: set[str], tmp: Path,
                               report: str, annotate: Path | None, previous: str | None = None) -> None:
    """The page against ``summary``'s own outputs for the same files (``left_out``: rows the CLI has and the
    page has not — last year's reports, a scanned PDF the CLI run skipped)."""
    expected = [keys for name, keys in html_keys(cli["html"]) if name not in left_out]
    shown = page.evaluate(PAGE_KEYS)
    names = page.evaluate(f"{MAIN_ROWS}.map(tr => tr.children[1].querySelector('.path').innerText)")
    kept = [row for row, name in zip(shown, names) if name not in left_out]
    assert without_index(kept) == without_index(expected)  # the same cells, in the same (worst first) order
    assert [r[0] for r in shown] == [str(i) for i in range(1, len(shown) + 1)]
    assert page.text("#batch-line").startswith(TITLE) and UNIT in page.text("#batch-line")

    # a report's checklist with its evidence, as the summary's checklist says
    index = open_report(page, report)
    detail = f"document.querySelectorAll('#reports tbody.report')[{index}].querySelector('tr.detail')"
    ours = page.evaluate(f"Array.from({detail}.querySelectorAll('table.checklist tbody tr'))"
                         ".map(tr => [tr.children[2].innerText, tr.className, tr.children[0].className])")
    (theirs,) = [r for r in cli["json"]["reports"] if Path(r["path"]).name == report]
    assert [(rule, status) for rule, _, status in ours] == [(c["rule"], f"ck-{c['status']}") for c in theirs["checklist"]]
    evidence = page.evaluate(f"Array.from({detail}.querySelectorAll('blockquote')).map(b => b.textContent)")
    quotes = [q["text"] for c in theirs["checklist"] for q in c["evidence"]]
    quotes += [i["quote"]["text"] for c in theirs["checklist"] for i in c["issues"]]
    assert evidence and all(any(q and e.startswith(q) for q in quotes) for e in evidence), evidence
    if previous is not None:
        assert f"已与上年报告 {previous} 对照" in page.evaluate(f"{detail}.innerText")

    downloads = tmp / "downloads"
    # the XLSX: the summary's sheets for these reports, and a 批次 sheet with what the reviewer typed
    book = page.download("#dl-xlsx", downloads)
    assert book.name == f"{TITLE}.xlsx"
    ours_sheet = report_rows(xlsx_rows(book.read_bytes()), left_out)
    theirs_sheet = report_rows(xlsx_rows((cli["dir"] / "summary.xlsx").read_bytes()), left_out)
    assert ours_sheet and ours_sheet == theirs_sheet
    batch_sheet = dict(r[:2] for r in xlsx_rows(book.read_bytes(), "批次"))
    assert batch_sheet["批次"] == TITLE and batch_sheet["审查单位"] == UNIT

    # the report's 审查意见 draft: the summary's own Word letter, signed by the 审查单位
    draft = page.download(f"#reports tbody.report:nth-of-type({index + 1}) a.dl-opinion", downloads)
    expected_draft = docx_text((cli["dir"] / "审查意见" / draft.name).read_bytes())
    assert "（审查单位）" in expected_draft and UNIT in docx_text(draft.read_bytes())
    assert docx_text(draft.read_bytes()) == expected_draft.replace("（审查单位）", UNIT)

    # all letters and reviewer notes in one .zip, under the names summary --opinions gives them
    bundle = page.download("#dl-opinions", downloads)
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert draft.name in names and len(names) == 2 * len(shown)
        assert set(names) <= {p.name for p in (cli["dir"] / "审查意见").iterdir()} | set(names)
        assert docx_text(archive.read(draft.name)) == docx_text(draft.read_bytes())

    if annotate is not None:  # the annotated Word file: check --annotate's comments, by the 审查单位
        index = open_report(page, annotate.name)
        word = page.download(f"#reports tbody.report:nth-of-type({index + 1}) a.dl-annotated", downloads)
        assert word.name == f"{annotate.stem}.批注.docx"
        out = tmp / "cli-annotated.docx"
        subprocess.run([sys.executable, "-m", "validator", "check", str(cli["in"] / annotate.name), "--annotate",
                        str(out), "--annotate-author", UNIT, "--profile", "government"], capture_output=True,
                       check=False, cwd=cli["in"])
        assert comments(word.read_bytes()) == comments(out.read_bytes()) and len(comments(out.read_bytes())) > 1
        assert {author for author, _ in comments(word.read_bytes())} == {UNIT}


def test_a_batch_of_examples_with_last_years_reports(page: Page, server: ServerProcess, tmp_path: Path) -> None:
    """Needs nothing from ../shared: our examples, one pair within the batch and one through the 上年报告 zone."""
    yoy = EXAMPLES / "yoy"
    current = [EXAMPLES / "compliant.txt", EXAMPLES / "deficient.txt", yoy / "changhe-ecology-2024.txt",
               yoy / "changhe-ecology-2025.txt", yoy / "baisha-town-2024.txt"]
    previous = [yoy / "baisha-town-2023.txt"]
    check_batch(page, current, previous)
    assert page.evaluate(f"{MAIN_ROWS}.length") == len(current)
    cli = cli_outputs(current + previous, tmp_path / "cli")
    assert_page_is_the_summary(page, cli, {"baisha-town-2023.txt"}, tmp_path, "changhe-ecology-2025.txt",
                               annotate=None, previous="changhe-ecology-2024.txt")
    index = open_report(page, "baisha-town-2024.txt")
    text = page.evaluate(f"document.querySelectorAll('#reports tbody.report')[{index}].innerText")
    assert "已与上年报告 baisha-town-2023.txt 对照" in text

    # sorting and filtering work as in the HTML summary
    page.click("#reports thead th:nth-child(8)")
    page.click("#reports thead th:nth-child(8)")
    scores = [float(s) for s in page.evaluate(f"{MAIN_ROWS}.map(tr => tr.children[7].dataset.sort)")]
    assert scores == sorted(scores, reverse=True)
    page.type_into("#filter", "生态环境局")
    assert page.evaluate(f"{MAIN_ROWS}.filter(tr => !tr.parentNode.hidden).length") == 2
    assert page.text("#shown") == "显示 2 份"


@needs_shared
def test_the_five_seeds_and_their_format_renderings(page: Page, server: ServerProcess, tmp_path: Path) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    renderings = sorted(p for p in FORMATS.iterdir() if p.suffix != ".md")
    assert len(seeds) == 5 and {p.suffix for p in renderings} >= {".pdf", ".docx", ".html", ".txt"}
    check_batch(page, seeds + renderings)
    assert page.evaluate(f"{MAIN_ROWS}.length") == 10
    scanned = [p for p in renderings if "scanned" in p.name]
    # the CLI run leaves out the scanned PDF (its OCR takes a minute); the page's row for it is checked below
    cli = cli_outputs([p for p in seeds + renderings if p not in scanned], tmp_path / "cli")
    docx = next(p for p in renderings if p.suffix == ".docx")
    assert_page_is_the_summary(page, cli, {p.name for p in scanned}, tmp_path, docx.name, annotate=docx)
    for p in scanned:
        index = open_report(page, p.name)
        row = page.evaluate(f"document.querySelectorAll('#reports tbody.report')[{index}].innerText")
        # read by OCR where the ocr extra is installed; otherwise an unreadable report saying what to install
        assert "OCR" in row or "ocr" in row or "检查项" in row


# --------------------------------------------------------------------------- safety on the page


def bomb_zip(path: Path, good: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("炸弹.txt", b"\0" * (60 * 1024 * 1024))  # 60 MB of zeros packs to about 60 KB
        archive.write(good, "材料/compliant.txt")
        archive.writestr("../../逃逸.txt", b"x")
    return path


def test_oversized_upload_and_zip_bomb_are_refused_with_a_message(page: Page, server: ServerProcess,
                                                                   tmp_path: Path) -> None:
    big = tmp_path / "过大的报告.txt"
    big.write_bytes(b"a" * (21 * 1024 * 1024))
    bomb = bomb_zip(tmp_path / "各单位报告.zip", EXAMPLES / "compliant.txt")
    page.choose("#pick-current", [big, bomb])
    page.wait_for("document.querySelectorAll('#files li.refused').length >= 3")
    text = page.text("#files")
    assert "过大的报告.txt: 文件过大（21.0 MB，上限 20 MB），未加入本批" in text
    assert "各单位报告.zip/炸弹.txt: 压缩比异常" in text and "疑似压缩炸弹" in text
    assert "各单位报告.zip/../../逃逸.txt: 文件名含上级目录或绝对路径" in text
    assert "各单位报告.zip/材料/compliant.txt" in text  # the good member went in
    stored = [p for p in server.root.rglob("*") if p.is_file() and p.parent.name == "files"]
    assert [p.stat().st_size for p in stored] == [(EXAMPLES / "compliant.txt").stat().st_size]
    assert not list(tmp_path.rglob("逃逸.txt"))
    page.wait_for("!document.getElementById('start').disabled")  # the upload's own work may still be going on
    page.click("#start")
    page.wait_for("!document.getElementById('results').hidden")
    assert page.evaluate(f"{MAIN_ROWS}.length") == 1


HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">\u202e报告.txt'


def test_a_hostile_file_name_and_report_text_render_as_text(page: Page, server: ServerProcess, tmp_path: Path) -> None:
    markup = '<img src=x onerror="window.__pwned=2"><script>window.__pwned=3</script>'
    heading = "一、2024年推进法治政府建设的主要举措和成效"
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8").replace(heading, heading + markup)
    hostile = tmp_path / HOSTILE_NAME
    hostile.write_text(text, encoding="utf-8")
    page.choose("#pick-current", [hostile])
    page.wait_for("document.querySelectorAll('#files li.ok').length === 1")
    shown = '<img src=x onerror="window.__pwned=1">\\u202e报告.txt'  # markup as text, the override made visible
    assert shown in page.text("#files")
    page.wait_for("!document.getElementById('start').disabled")
    page.click("#start")
    page.wait_for("!document.getElementById('results').hidden")
    assert page.evaluate(f"{MAIN_ROWS}[0].children[1].querySelector('.path').textContent") == shown
    open_report(page, shown)
    quotes = page.evaluate("Array.from(document.querySelectorAll('#reports blockquote')).map(b => b.textContent)")
    assert any(q.startswith(heading + markup) for q in quotes), quotes  # the report's markup, quoted as text
    assert page.evaluate("document.querySelectorAll('#files img, #reports img, #reports script').length") == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    draft = page.download("#reports tbody.report:nth-of-type(1) a.dl-opinion", tmp_path / "downloads")
    assert "<" not in draft.name and "\u202e" not in draft.name and draft.name.endswith(".审查意见.docx")


def test_a_foreign_page_cannot_post_to_the_server(page: Page, server: ServerProcess, tmp_path: Path) -> None:
    """A page from another origin (another port) posts to the server, as a cross-site attack would: the
    requests reach the server and are refused, and no batch is made."""
    site = tmp_path / "site"
    site.mkdir()
    target = f"http://127.0.0.1:{server.port}"
    (site / "index.html").write_text(f"""<!DOCTYPE html><html><body>
<form id="f" method="post" action="{target}/api/batches"></form>
<script>
fetch("{target}/api/batches", {{method: "POST", mode: "no-cors"}}).then(function () {{ document.title = "sent"; }},
  function () {{ document.title = "sent"; }});
</script></body></html>""", encoding="utf-8")

    handler = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: handler(*a, directory=str(site)))
    thread = threading.Thread(target=other.serve_forever, daemon=True)
    thread.start()
    try:
        page.send("Page.navigate", {"url": f"http://127.0.0.1:{other.server_address[1]}/index.html"})
        page.wait_for("document.title === 'sent'")
        page.evaluate("document.getElementById('f').submit()")
        page.wait_for(f"location.href.indexOf('{target}') === 0 && document.readyState === 'complete'")
        body = page.evaluate("document.body.innerText")
        assert "Origin" in body or "来源" in body
    finally:
        other.shutdown()
    assert sorted(p.name for p in server.root.iterdir()) == ["server.pid", "tmp"]  # no batch was made
