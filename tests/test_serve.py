"""``fazhi-lint serve`` over HTTP: each safety point, each limit, unreadable files in a batch, the worker
processes, and that nothing is left on disk. (tests/test_serve_browser.py drives the page in Chromium.)

The server runs as its own process with TMPDIR pointed into the test's folder (tests.serveclient).
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, ROOT

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tests.serveclient import Client, ServerProcess  # noqa: E402
from validator.serve import limits  # noqa: E402

COMPLIANT = (EXAMPLES / "compliant.txt").read_bytes()
DEFICIENT = (EXAMPLES / "deficient.txt").read_bytes()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    temp = tmp_path_factory.mktemp("serve") / "tmp"
    process = ServerProcess(temp)
    try:
        yield process
    finally:
        code, err = process.stop()
        assert code == 0 and "Traceback" not in err, err
        assert list(temp.iterdir()) == []


@pytest.fixture
def client(server: ServerProcess) -> Client:
    return server.client()


def stored_files(server: ServerProcess, batch: str) -> list[Path]:
    return sorted((server.root / batch / "files").iterdir())


def zip_of(members: dict[str, bytes], utf8: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name) if utf8 else GbkName(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


class GbkName(zipfile.ZipInfo):
    """A member name as Chinese Windows writes it: GBK bytes, without the zip's UTF-8 flag."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800

# --------------------------------------------------------------------------- Host, Origin, CSRF, token


def test_a_foreign_host_is_refused(server: ServerProcess, client: Client) -> None:
    for host in ("evil.example", f"evil.example:{server.port}", f"127.0.0.1.evil.example:{server.port}",
                 "127.0.0.1:1"):
        reply = client.request("GET", "/api/session", headers={"Host": host})
        assert reply.status == 403, host
        assert "Host" in reply.json()["error"] and "csrf" not in reply.body.decode()
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}", f"LOCALHOST:{server.port}"):
        assert client.request("GET", "/api/session", headers={"Host": host}).status == 200


def test_cross_site_requests_are_refused(server: ServerProcess, client: Client) -> None:
    mine = f"http://127.0.0.1:{server.port}"
    cases = [
        ({"Origin": "http://evil.example", "X-Fazhi-Lint-CSRF": client.csrf}, "Origin"),
        ({"Origin": f"http://127.0.0.1:{server.port + 1}", "X-Fazhi-Lint-CSRF": client.csrf}, "Origin"),
        ({"Origin": "null", "X-Fazhi-Lint-CSRF": client.csrf}, "Origin"),
        ({"X-Fazhi-Lint-CSRF": client.csrf}, "Origin"),  # no Origin at all
        ({"Origin": mine}, "CSRF"),  # no token
        ({"Origin": mine, "X-Fazhi-Lint-CSRF": client.csrf[:-1] + "x"}, "CSRF"),
    ]
    before = sorted(p.name for p in server.root.iterdir())
    for headers, word in cases:
        raw = Client(server.host, server.port, origin="", csrf=False)
        reply = raw.request("POST", "/api/batches", headers=headers)
        assert reply.status == 403 and word in reply.json()["error"], (headers, reply.body)
    assert sorted(p.name for p in server.root.iterdir()) == before  # nothing was made
    reply = client.request("GET", "/api/session", headers={"Sec-Fetch-Site": "cross-site"})
    assert reply.status == 403
    assert client.request("POST", "/api/batches").status == 201


def test_every_response_forbids_framing_sniffing_and_caching(client: Client) -> None:
    for path in ("/", "/static/app.js", "/api/session", "/api/batches/nope"):
        headers = client.request("GET", path).headers
        assert "script-src 'self'" in headers["content-security-policy"] and "unsafe-inline" not in \
            headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
        assert headers["cache-control"] == "no-store"
    page = client.request("GET", "/").body.decode()
    assert "<script src=\"/static/app.js\"" in page and "<script>" not in page  # no inline script to allow
    assert client.request("GET", "/static/..%2Fapp.py").status == 404


def test_a_token_is_required_with_token_or_off_loopback(tmp_path: Path) -> None:
    for args in (["--token"], ["--host", "0.0.0.0"]):
        server = ServerProcess(tmp_path / args[-1].strip("-."), *args)
        try:
            assert "?token=" in server.url
            token = server.url.split("?token=", 1)[1]
            raw = Client("127.0.0.1", server.port, csrf=False)
            assert raw.request("GET", "/").status == 403
            assert raw.request("GET", "/api/session").status == 403
            assert raw.request("GET", "/?token=" + "x" * len(token)).status == 403
            entered = raw.request("GET", "/?token=" + token)
            assert entered.status == 303 and entered.headers["location"] == "/"
            cookie = entered.headers["set-cookie"]
            assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
            assert raw.request("GET", "/api/session", headers={"Cookie": cookie.split(";")[0]}).status == 200
            if args == ["--host", "0.0.0.0"]:  # any name the machine is reached by, but always the token
                other = raw.request("GET", "/api/session", headers={"Cookie": cookie.split(";")[0],
                                                                    "Host": f"reviewer-pc:{server.port}"})
                assert other.status == 200
        finally:
            code, err = server.stop()
            assert code == 0, err


# --------------------------------------------------------------------------- uploads and their limits


def test_an_oversized_upload_is_refused_and_nothing_is_kept(server: ServerProcess, client: Client) -> None:
    batch = client.new_batch()
    reply = client.upload(batch, "大文件.txt", b"a" * (limits.MAX_INPUT_BYTES + 1))
    assert reply.status == 413
    assert reply.json()["error"] == "大文件.txt: 文件过大（20.0 MB，上限 20 MB），未加入本批"
    # sent without a length (chunked), it is refused once the limit is passed
    chunked = http_chunked(server, f"/api/batches/{batch}/files?name=%E5%A4%A7.txt", client.csrf,
                           limits.MAX_INPUT_BYTES + 64 * 1024)
    assert chunked[0] == 413 and "文件过大" in chunked[1]
    assert stored_files(server, batch) == []
    assert client.request("GET", f"/api/batches/{batch}").json()["files"] == []


def http_chunked(server: ServerProcess, path: str, csrf: str, size: int) -> tuple[int, str]:
    import http.client

    connection = http.client.HTTPConnection(server.host, server.port, timeout=120)
    try:
        connection.putrequest("PUT", path)
        connection.putheader("Origin", f"http://{server.host}:{server.port}")
        connection.putheader("X-Fazhi-Lint-CSRF", csrf)
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        block = b"a" * 65536
        sent = 0
        while sent < size:
            connection.send(b"%x\r\n%s\r\n" % (len(block), block))
            sent += len(block)
        connection.send(b"0\r\n\r\n")
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_unsupported_types_and_names_are_refused(server: ServerProcess, client: Client) -> None:
    batch = client.new_batch()
    reply = client.upload(batch, "表格.xlsx", b"PK")
    assert reply.status == 415 and reply.json()["error"].startswith("表格.xlsx: 不支持的文件类型“.xlsx”")
    assert client.upload(batch, "", b"x").status == 415
    # a name is a name: only its last part is kept, and the file is stored under a number
    reply = client.upload(batch, "../../etc/报告.txt", COMPLIANT)
    assert reply.status == 200 and reply.json()["accepted"][0]["name"] == "报告.txt"
    assert [p.name for p in stored_files(server, batch)] == ["1.txt"]
    # the same name twice is told apart
    assert client.upload(batch, "报告.txt", DEFICIENT).json()["accepted"][0]["name"] == "报告 (2).txt"


def test_a_zip_is_unpacked_within_the_readers_limits(server: ServerProcess, client: Client) -> None:
    batch = client.new_batch()
    archive = zip_of({
        "各单位/交通局.txt": DEFICIENT,
        "各单位/县政府.md": COMPLIANT,
        "__MACOSX/各单位/._交通局.txt": b"junk",
        "炸弹.txt": b"\0" * (15 * 1024 * 1024),  # 15 MB of zeros in about 15 KB: 1000:1
        "../逃逸.txt": COMPLIANT,
        "/etc/passwd.txt": COMPLIANT,
        "C:\\Windows\\报告.txt": COMPLIANT,
        "内层.zip": zip_of({"a.txt": COMPLIANT}),
        "照片.jpg": b"\xff\xd8\xff",
    })
    reply = client.upload(batch, "报送材料.zip", archive)
    assert reply.status == 200, reply.body
    data = reply.json()
    assert [a["name"] for a in data["accepted"]] == ["报送材料.zip/各单位/交通局.txt", "报送材料.zip/各单位/县政府.md"]
    notes = "\n".join(data["notes"])
    assert "报送材料.zip/炸弹.txt: 压缩比异常" in notes and "疑似压缩炸弹" in notes
    for name in ("../逃逸.txt", "/etc/passwd.txt", "C:\\Windows\\报告.txt"):
        assert f"报送材料.zip/{name}: 文件名含上级目录或绝对路径，不予展开" in notes
    assert "报送材料.zip/内层.zip: 压缩包中的压缩包不展开" in notes
    assert "报送材料.zip/照片.jpg: 不是可检查的文件类型" in notes
    assert "MACOSX" not in notes
    assert [p.name for p in stored_files(server, batch)] == ["2.txt", "3.md"]  # the archive itself is not kept
    assert sum(p.stat().st_size for p in stored_files(server, batch)) == len(DEFICIENT) + len(COMPLIANT)


def test_a_zip_from_chinese_windows_has_its_names_decoded(client: Client) -> None:
    batch = client.new_batch()
    reply = client.upload(batch, "材料.zip", zip_of({"县司法局报告.txt": COMPLIANT}, utf8=False))
    assert [a["name"] for a in reply.json()["accepted"]] == ["材料.zip/县司法局报告.txt"]


def test_a_zip_with_too_many_entries_or_broken_is_refused(server: ServerProcess, client: Client) -> None:
    batch = client.new_batch()
    many = zip_of({f"{i}.jpg": b"" for i in range(limits.MAX_ZIP_ENTRIES + 1)})
    reply = client.upload(batch, "很多.zip", many)
    assert reply.status == 422
    assert reply.json()["error"] == f"很多.zip: 压缩包内有 {limits.MAX_ZIP_ENTRIES + 1} 个文件，超过上限 {limits.MAX_ZIP_ENTRIES}，不予展开"
    reply = client.upload(batch, "坏.zip", b"PK\x03\x04 not really")
    assert reply.status == 422 and "不是有效的 .zip 压缩包" in reply.json()["error"]
    assert stored_files(server, batch) == []


def test_a_batch_holds_at_most_its_limit_of_files(server: ServerProcess, client: Client) -> None:
    batch = client.new_batch()
    archive = zip_of({f"{i:03d}.txt": b"x" for i in range(limits.MAX_BATCH_FILES + 5)})
    data = client.upload(batch, "全部.zip", archive).json()
    assert len(data["accepted"]) == limits.MAX_BATCH_FILES
    assert any("本批已满" in n for n in data["notes"])
    reply = client.upload(batch, "再多一份.txt", COMPLIANT)
    assert reply.status == 413 and f"一批最多 {limits.MAX_BATCH_FILES} 份" in reply.json()["error"]
    client.request("DELETE", f"/api/batches/{batch}")


# --------------------------------------------------------------------------- checking


def test_unreadable_files_never_stop_the_batch(server: ServerProcess, client: Client) -> None:
    batch, summary = client.check({
        "合格.txt": COMPLIANT,
        "空白.txt": b"",
        "损坏.docx": b"PK\x03\x04" + os.urandom(2000),
        "图片.txt": b"\x89PNG\r\n\x1a\n" + os.urandom(3000),
        "有缺陷.md": DEFICIENT,
    }, profile="government")
    rows = {r["name"]: r for r in summary["table"]["rows"]}
    assert set(rows) == {"合格.txt", "空白.txt", "损坏.docx", "图片.txt", "有缺陷.md"}
    assert [r["status"] for r in summary["table"]["rows"]][:3] == ["error", "error", "error"]  # worst first
    assert rows["合格.txt"]["status"] == "pass" and rows["有缺陷.md"]["status"] == "fail"
    for name in ("空白.txt", "损坏.docx", "图片.txt"):
        missing = rows[name]["cells"][9]["text"]
        assert missing.startswith(f"{name}: ") and str(server.root) not in missing, missing
    detail = client.request("GET", f"/api/batches/{batch}/reports/0").json()
    assert detail["error"] and not detail["annotate"]
    assert client.request("GET", f"/api/batches/{batch}/reports/0/annotated").status == 409
    # the unreadable report's draft asks for a readable copy
    draft = client.request("GET", f"/api/batches/{batch}/reports/0/opinion")
    assert draft.status == 200 and "无法读取" in docx_text(draft.body)


def test_settings_choose_the_rules_and_sign_the_outputs(server: ServerProcess, client: Client) -> None:
    department = DEFICIENT  # 青山县交通运输局
    government = COMPLIANT  # 青山县人民政府
    batch, summary = client.check({"部门.txt": department, "政府.txt": government}, profile="auto",
                                  unit="=HYPERLINK(\"http://x\")县司法局", title="第一批")
    details = {}
    for index, row in enumerate(summary["table"]["rows"]):
        details[row["name"]] = client.request("GET", f"/api/batches/{batch}/reports/{index}").json()
    assert details["部门.txt"]["profile"] == "department" and details["政府.txt"]["profile"] == "government"
    rules = {name: {c["rule"] for c in d["checks"]} for name, d in details.items()}
    assert "decision.directory" in rules["政府.txt"] and "decision.directory" not in rules["部门.txt"]
    assert summary["title"] == "第一批" and summary["unit"].startswith("=HYPERLINK")
    book = client.request("GET", f"/api/batches/{batch}/download/summary.xlsx")
    assert "%E7%AC%AC%E4%B8%80%E6%89%B9.xlsx" in book.headers["content-disposition"]  # 第一批.xlsx
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(book.body))["批次"]
    unit = sheet["B2"]
    assert unit.value == "=HYPERLINK(\"http://x\")县司法局" and unit.data_type == "s" and unit.quotePrefix
    page = client.request("GET", f"/api/batches/{batch}/download/summary.html").body.decode()
    assert "<h1>第一批</h1>" in page and "=HYPERLINK(&quot;http://x&quot;)县司法局" in page

    # the same batch checked with one profile for all: both by department rules
    _, both = client.check({"部门.txt": department, "政府.txt": government}, profile="department")
    assert all("决策事项目录" not in r["cells"][9]["text"] for r in both["table"]["rows"])


def test_last_years_reports_are_used_only_for_comparison(client: Client) -> None:
    yoy = EXAMPLES / "yoy"
    batch = client.new_batch()
    client.upload(batch, "今年.txt", (yoy / "baisha-town-2024.txt").read_bytes())
    client.upload(batch, "去年.txt", (yoy / "baisha-town-2023.txt").read_bytes(), zone="previous")
    client.upload(batch, "别的单位.txt", DEFICIENT, zone="previous")
    client.upload(batch, "坏的.docx", b"not a docx", zone="previous")
    assert client.start(batch).status == 202
    assert client.wait(batch)["state"] == "done"
    summary = client.request("GET", f"/api/batches/{batch}/summary").json()
    assert [r["name"] for r in summary["table"]["rows"]] == ["今年.txt"]  # last year's are not rows
    detail = client.request("GET", f"/api/batches/{batch}/reports/0").json()
    assert detail["previous"] == "去年.txt" and detail["notes"] == []
    assert summary["notes"] == [
        "上年报告 坏的.docx: 不是有效的Word（.docx）文件（文件已损坏，或扩展名不对），未用于对照",
        "上年报告 别的单位.txt 未与本批任何报告配对（发文机关不同，或不是上一年度的报告），未用于对照",
    ]


def test_bad_settings_and_out_of_turn_requests_are_refused(client: Client) -> None:
    batch = client.new_batch()
    assert client.start(batch).status == 400  # nothing uploaded
    client.upload(batch, "a.txt", COMPLIANT)
    assert client.start(batch, profile="nosuch").status == 400
    assert client.start(batch, kind="city").status == 400
    for bad in ({"profile": ["a"]}, {"profile": {"a": 1}}, {"kind": ["government"]}):  # not names: 400, not 500
        assert client.request("POST", f"/api/batches/{batch}/start", json.dumps(bad).encode(),
                              {"Content-Type": "application/json"}).status == 400
    reply = client.start(batch, unit="局" * (limits.MAX_SETTING_CHARS + 1))
    assert reply.status == 400 and "审查单位超过" in reply.json()["error"]
    assert client.request("POST", f"/api/batches/{batch}/start", b"[1]", {"Content-Type": "application/json"}).status == 400
    assert client.request("GET", f"/api/batches/{batch}/summary").status == 409
    assert client.start(batch).status == 202
    assert client.start(batch).status == 409
    assert client.upload(batch, "b.txt", COMPLIANT).status == 409
    assert client.wait(batch)["state"] == "done"
    assert client.request("GET", f"/api/batches/{batch}/reports/5").status == 404
    assert client.request("GET", f"/api/batches/{batch}/download/secrets.txt").status == 404
    assert client.request("GET", "/api/batches/not-a-batch").status == 404


def test_a_discarded_batch_is_deleted_from_disk(server: ServerProcess, client: Client) -> None:
    batch, _ = client.check({"a.txt": COMPLIANT})
    client.request("GET", f"/api/batches/{batch}/reports/0/annotated")
    assert (server.root / batch / "out").is_dir() and stored_files(server, batch)
    assert client.request("DELETE", f"/api/batches/{batch}").status == 200
    assert not (server.root / batch).exists()
    assert client.request("GET", f"/api/batches/{batch}").status == 404


def docx_text(data: bytes) -> str:
    """The text of a Word document a download holds (the 审查意见 are Word 公文)."""
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_download_names_are_safe_whatever_the_upload_was_called(client: Client) -> None:
    name = 'a"b\r\nSet-Cookie: x=1;\u202e报告.txt'
    batch, summary = client.check({name: COMPLIANT})
    draft = client.request("GET", f"/api/batches/{batch}/reports/0/opinion")
    disposition = draft.headers["content-disposition"]
    assert "set-cookie" not in draft.headers and "\r" not in disposition and "\u202e" not in disposition
    assert disposition.startswith('attachment; filename="fazhi-lint.docx"; filename*=UTF-8\'\'')
    assert summary["table"]["rows"][0]["name"] == 'a"b\\r\\nSet-Cookie: x=1;\\u202e报告.txt'


# --------------------------------------------------------------------------- stopping, and what is left


def test_stopping_mid_check_removes_everything(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    server = ServerProcess(temp, "--workers", "2")
    client = server.client()
    batch = client.new_batch()
    for i in range(30):
        client.upload(batch, f"{i}.txt", COMPLIANT)
    workers = children(server.proc.pid)
    assert len(workers) >= 2
    client.start(batch)
    time.sleep(0.3)
    code, err = server.stop(signal.SIGTERM)
    assert code == 0 and "已停止" in err and "Traceback" not in err, err
    assert list(temp.iterdir()) == []
    time.sleep(0.5)
    assert [pid for pid in workers if alive(pid)] == []  # no worker outlives the server


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def test_what_a_killed_server_left_is_removed_by_the_next(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    for name, pid in (("fazhi-lint-serve-dead", gone.pid), ("fazhi-lint-serve-alive", os.getpid())):
        (temp / name / "batch").mkdir(parents=True)
        (temp / name / "server.pid").write_text(str(pid))
    (temp / "fazhi-lint-serve-notours").mkdir()  # no owner file: not ours to judge
    server = ServerProcess(temp)
    try:
        names = sorted(p.name for p in temp.iterdir())
        assert "fazhi-lint-serve-dead" not in names
        assert "fazhi-lint-serve-alive" in names and "fazhi-lint-serve-notours" in names
    finally:
        server.stop()


# --------------------------------------------------------------------------- the command line


def run_serve(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "validator", "serve", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def test_usage_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    proc = run_serve("--port", "70000")
    assert proc.returncode == 2 and "0 到 65535" in proc.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        proc = run_serve("--port", str(taken.getsockname()[1]))
    assert proc.returncode == 2 and "端口已被占用" in proc.stderr and "Traceback" not in proc.stderr
    bad = tmp_path / "坏规则.yaml"
    bad.write_text("version: 1\nrules: [{id: x}]\n", encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "validator", "serve", "--port", "0", "--rules", str(bad)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert proc.returncode == 2 and "坏规则.yaml" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    proc = subprocess.run([sys.executable, "-m", "validator", "serve", "--port", "0", "--profile", "nosuch"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert proc.returncode == 2 and "未知的配置方案" in proc.stderr
    assert [p for p in tmp_path.iterdir() if p.name.startswith("fazhi-lint-serve-")] == []


def test_open_starts_the_browser_on_the_page(tmp_path: Path) -> None:
    seen = tmp_path / "opened.txt"
    browser = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write(sys.argv[2])\" {seen} %s"
    server = ServerProcess(tmp_path / "tmp", "--open", env={"BROWSER": browser})
    try:
        deadline = time.monotonic() + 60
        while not seen.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert seen.read_text() == server.url
    finally:
        server.stop()


def test_the_serve_extra_is_imported_only_by_serve() -> None:
    code = ("import sys, validator.cli; validator.cli.build_parser(); "
            "print(sorted(m for m in ('starlette', 'uvicorn', 'validator.serve.app') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


# --------------------------------------------------------------------------- the workers and the queue


def test_a_worker_that_dies_or_overruns_costs_only_its_task(tmp_path: Path) -> None:
    from validator.serve.tasks import ServerConfig
    from validator.serve.workers import TaskFailed, WorkerPool

    started: list[int] = []
    pool = WorkerPool(1, ServerConfig(), str(tmp_path), on_worker_start=started.append)
    try:
        assert "government" in pool.submit("warm", "", seconds=120).result()[0]
        long = tmp_path / "long.txt"  # a report that takes seconds to read: 60,000 different lines (the
        # same lines repeated read fast, each heading's answer remembered)
        lines = "\n".join(f"（{i}）第{i}项重点工作推进情况。全年完成任务{i}件，同比增长{i % 90}%。" for i in range(60000))
        long.write_bytes(COMPLIANT + lines.encode())
        slow = pool.submit("read", str(long), "长报告.txt", str(tmp_path / "long.document"), seconds=120)
        time.sleep(0.5)
        os.kill(started[-1], signal.SIGKILL)
        with pytest.raises(TaskFailed, match="检查进程意外退出（信号 SIGKILL）"):
            slow.result()
        assert "government" in pool.submit("warm", "", seconds=120).result()[0]  # a new worker took over
        with pytest.raises(TaskFailed, match="超过 0 秒仍未完成"):
            pool.submit("read", str(long), "长报告.txt", str(tmp_path / "long.document"), seconds=0.2).result()
        problem = pool.submit("read", str(tmp_path / "nope.txt"), "报告.txt", str(tmp_path / "out"),
                              seconds=120).result()
        assert problem.error == "报告.txt: 文件不存在"  # reported under the upload's name, not the stored one
        assert len(started) == 3  # each stopped worker was replaced
    finally:
        pool.close()
    assert not any(alive(pid) for pid in started)
    with pytest.raises(TaskFailed, match="服务器正在停止"):
        pool.submit("warm", "", seconds=1).result()


def test_batches_wait_their_turn_and_the_queue_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    from validator.serve.batches import QUEUED, Full, Store
    from validator.serve.checking import Checker

    class Stalled:  # workers that never answer: batches pile up
        def submit(self, kind: str, *args: Any, seconds: float) -> concurrent.futures.Future[Any]:
            return concurrent.futures.Future()

    monkeypatch.setattr(limits, "MAX_RUNNING_BATCHES", 1)
    monkeypatch.setattr(limits, "MAX_WAITING_BATCHES", 2)

    async def scenario() -> list[str]:
        store = Store(str(tmp_path))
        checker = Checker(Stalled())  # type: ignore[arg-type]
        batches = [store.create() for _ in range(4)]
        checker.start(batches[0])
        await asyncio.sleep(0.05)  # it takes the one turn
        for b in batches[1:3]:
            checker.start(b)
        await asyncio.sleep(0.05)
        with pytest.raises(Full, match="排队等待检查"):
            checker.start(batches[3])
        states = [b.state for b in batches[:3]]
        store.close()
        await asyncio.sleep(0.05)
        return states

    states = asyncio.run(scenario())
    assert states.count(QUEUED) == 2  # one reading, two waiting; the fourth was refused
    assert list(tmp_path.iterdir()) == []


def test_the_page_gets_limits_and_choices(client: Client) -> None:
    session = client.request("GET", "/api/session").json()
    assert session["limits"]["file_mb"] == 20 and session["limits"]["batch_files"] == limits.MAX_BATCH_FILES
    assert [c["value"] for c in session["choices"]][:3] == ["auto", "auto-portal", "government"]
    assert {".docx", ".doc", ".wps", ".pdf", ".html", ".txt", ".md", ".ofd", ".zip"} <= set(session["suffixes"])
    assert json.dumps(session).count(session["csrf"]) == 1
