"""The web application: the page, its JSON API, uploads and downloads (Starlette).

Routes (every one behind validator.serve.security.Guard):

- ``GET /`` and ``/static/…``: the page (its script renders everything from JSON as text, never as markup);
- ``GET /api/session``: the CSRF token, the rule sets to choose from and the limits;
- ``POST /api/batches``: a new batch; ``DELETE /api/batches/{id}``: discard it and its files;
- ``PUT /api/batches/{id}/files?zone=current|previous&name=…``: one file (a report or a .zip) as the body;
- ``POST /api/batches/{id}/start``: check it with the settings in the JSON body;
- ``GET /api/batches/{id}``: its state and progress; ``…/summary``: the table; ``…/reports/{n}``: a checklist;
- ``GET /api/batches/{id}/download/{summary.xlsx|summary.html|opinions.zip}``,
  ``…/reports/{n}/opinion`` and ``…/reports/{n}/annotated``: the downloads.

Errors are JSON ``{"error": "one line"}`` with a fitting status; nothing is ever answered with a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from validator import __version__
from validator.escape import visible
from validator.serve import limits, outputs
from validator.serve.batches import BUSY, CURRENT, DONE, OPEN, PREVIOUS, STATE_NAME, Batch, Full, Store, Upload
from validator.serve.checking import Checker
from validator.serve.outputs import BatchInfo, Download
from validator.serve.tasks import AUTO, AUTO_PORTAL, KINDS
from validator.serve.uploads import Refused, Stored, kind_of, suffix_of, unpack_zip, upload_name
from validator.serve.workers import TaskFailed, WorkerPool

STATIC = Path(__file__).parent / "static"
STATIC_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".css": "text/css; charset=utf-8"}
PAGE_FILES = ("index.html", "app.js", "app.css")
MAX_JSON_BYTES = 16 * 1024
KIND_LABEL = {"government": "政府", "department": "部门"}
Handler = Callable[[Request], Awaitable[Response]]


class Problem(Exception):
    """A request that cannot be done: the HTTP status and the one-line message for the page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Service:
    """What the handlers share."""

    store: Store
    pool: WorkerPool
    csrf: str
    profiles: dict[str, str]  # name -> description
    default_profile: str
    checker: Checker | None = None
    uploads: asyncio.Semaphore | None = None
    pending: int = 0  # bytes of uploads being received (reserved against MAX_STORED_BYTES)
    page: dict[str, bytes] = field(default_factory=dict)

    def choices(self) -> list[dict[str, str]]:
        auto = [{"value": AUTO, "label": "按发文机关自动选择：政府报告 government，部门报告 department"},
                {"value": AUTO_PORTAL, "label": "按发文机关自动选择（门户网站版本，不查公文版式）：portal / department-portal"}]
        return auto + [{"value": name, "label": f"{name}：{' '.join(text.split())}"} for name, text in self.profiles.items()]


def create_app(service: Service) -> Starlette:
    for name in PAGE_FILES:
        service.page[name] = (STATIC / name).read_bytes()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        service.checker = Checker(service.pool)
        service.uploads = asyncio.Semaphore(limits.MAX_UPLOADS_AT_ONCE)
        try:
            yield
        finally:
            stop(service)

    def route(path: str, handler: Callable[[Service, Request], Awaitable[Response]], method: str) -> Route:
        return Route(path, _guarded(functools.partial(handler, service)), methods=[method])

    routes = [
        route("/", page, "GET"),
        route("/static/{name}", static, "GET"),
        route("/api/session", session, "GET"),
        route("/api/batches", create_batch, "POST"),
        route("/api/batches/{batch}", batch_state, "GET"),
        route("/api/batches/{batch}", discard_batch, "DELETE"),
        route("/api/batches/{batch}/files", upload, "PUT"),
        route("/api/batches/{batch}/start", start, "POST"),
        route("/api/batches/{batch}/summary", summary, "GET"),
        route("/api/batches/{batch}/reports/{index:int}", report, "GET"),
        route("/api/batches/{batch}/reports/{index:int}/opinion", opinion, "GET"),
        route("/api/batches/{batch}/reports/{index:int}/annotated", annotated, "GET"),
        route("/api/batches/{batch}/download/{name}", download, "GET"),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def stop(service: Service) -> None:
    """Stop the workers and delete every batch and the private directory (safe to call twice)."""
    for batch in list(service.store.batches.values()):
        if batch.task is not None and not batch.task.done():
            batch.task.cancel()
    service.pool.close()
    service.store.close()


def _guarded(handler: Handler) -> Handler:
    """Every failure becomes a JSON message: a Problem as it says, anything else as one line (never a traceback)."""

    @functools.wraps(handler)
    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except Problem as exc:
            return error(exc.status, str(exc))
        except ClientDisconnect:
            return Response(status_code=400)
        except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a message
            print(f"fazhi-lint serve: 内部错误：{visible(type(exc).__name__)}: {visible(str(exc))}", file=sys.stderr)
            return error(500, f"内部错误：{type(exc).__name__}（请报告此问题）")

    return run


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": visible(message)}, status_code=status)


def ok(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


# --------------------------------------------------------------------------- the page


async def page(service: Service, request: Request) -> Response:
    return Response(service.page["index.html"], media_type=STATIC_TYPES[".html"])


async def static(service: Service, request: Request) -> Response:
    name = request.path_params["name"]
    if name not in PAGE_FILES or name == "index.html":
        raise Problem(404, "没有这个文件")
    return Response(service.page[name], media_type=STATIC_TYPES[suffix_of(name)])


async def session(service: Service, request: Request) -> Response:
    from validator.serve.uploads import report_suffixes

    return ok({
        "csrf": service.csrf, "version": __version__, "choices": service.choices(),
        "default_profile": service.default_profile,
        "kinds": [{"value": k, "label": KIND_LABEL[k]} for k in KINDS],
        "suffixes": sorted(report_suffixes() | {".zip"}),
        "limits": {"file_mb": limits.MAX_INPUT_BYTES // limits.MB, "upload_mb": limits.MAX_UPLOAD_BYTES // limits.MB,
                   "batch_files": limits.MAX_BATCH_FILES, "batch_mb": limits.MAX_BATCH_BYTES // limits.MB,
                   "setting_chars": limits.MAX_SETTING_CHARS, "keep_hours": limits.KEEP_SECONDS / 3600},
    })


# --------------------------------------------------------------------------- batches


def find(service: Service, request: Request) -> Batch:
    batch = service.store.get(request.path_params["batch"])
    if batch is None:
        raise Problem(404, "没有这一批（已丢弃、已过期，或服务器已重新启动），请重新上传")
    return batch


async def create_batch(service: Service, request: Request) -> Response:
    await _drain(request)
    try:
        batch = service.store.create()
    except Full as exc:
        raise Problem(503, str(exc)) from None
    return ok({"id": batch.id}, 201)


async def discard_batch(service: Service, request: Request) -> Response:
    batch = find(service, request)
    service.store.discard(batch)
    return ok({"discarded": True})


async def batch_state(service: Service, request: Request) -> Response:
    return ok(state_of(find(service, request)))


def state_of(batch: Batch) -> dict[str, Any]:
    current = batch.current()
    return {
        "id": batch.id, "state": batch.state, "state_name": STATE_NAME[batch.state],
        "files": [{"name": visible(u.name), "zone": u.zone, "size": u.size} for u in batch.uploads],
        "read": batch.read, "to_read": len(batch.uploads), "checked": batch.checked, "to_check": len(current),
        "notes": [visible(n) for n in batch.notes], "error": None if batch.error is None else visible(batch.error),
        "size": batch.size,
    }


async def start(service: Service, request: Request) -> Response:
    batch = find(service, request)
    body = await _json(request)
    if batch.state != OPEN:
        raise Problem(409, f"这一批已经{STATE_NAME[batch.state]}，不能再次开始")
    if not batch.current():
        raise Problem(400, "还没有上传本年报告")
    choices = {c["value"] for c in service.choices()}
    profile = body.get("profile") or service.default_profile
    kind = body.get("kind") or "government"
    # a list or an object is no name: compared with the names, not looked up (it cannot be hashed)
    if not isinstance(profile, str) or profile not in choices:
        raise Problem(400, f"未知的规则方案 {str(profile)[:40]!r}")
    if not isinstance(kind, str) or kind not in KINDS:
        raise Problem(400, f"未知的发文机关类型 {str(kind)[:40]!r}")
    unit, title = _setting(body, "unit"), _setting(body, "title")
    label = next(c["label"] for c in service.choices() if c["value"] == profile)
    assert service.checker is not None
    async with batch.lock:  # an upload still being stored finishes first
        if batch.state != OPEN or batch.discarded:
            raise Problem(409, "这一批已经开始检查或已丢弃")
        batch.settings.profile, batch.settings.kind = profile, kind
        batch.settings.info = BatchInfo(title=title, unit=unit, profile=label)
        try:
            service.checker.start(batch)
        except Full as exc:
            raise Problem(503, str(exc)) from None
    return ok(state_of(batch), 202)


def _setting(body: dict[str, Any], key: str) -> str:
    value = body.get(key) or ""
    if not isinstance(value, str):
        raise Problem(400, f"{key} 应为文字")
    value = " ".join(value.split())
    if len(value) > limits.MAX_SETTING_CHARS:
        raise Problem(400, f"{'审查单位' if key == 'unit' else '批次标题'}超过 {limits.MAX_SETTING_CHARS} 个字")
    return value


async def _json(request: Request) -> dict[str, Any]:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_JSON_BYTES:
            raise Problem(413, "请求过大")
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise Problem(400, "请求不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise Problem(400, "请求不是 JSON 对象")
    return data


# --------------------------------------------------------------------------- uploads


async def upload(service: Service, request: Request) -> Response:
    """Store one uploaded file (a report, or a .zip of them) in the batch, within every limit."""
    try:
        batch = find(service, request)
        zone = request.query_params.get("zone", CURRENT)
        if zone not in (CURRENT, PREVIOUS):
            raise Problem(400, "zone 应为 current 或 previous")
        try:
            name = upload_name(request.query_params.get("name", ""))
            kind = kind_of(name)
        except Refused as exc:
            raise Problem(415, str(exc)) from None
        if batch.state != OPEN:
            raise Problem(409, f"{name}: 这一批已经开始检查，不能再添加文件；请开始新的一批")
    except Problem:
        await _drain(request)
        raise
    assert service.uploads is not None
    async with service.uploads, batch.lock:
        if batch.state != OPEN or batch.discarded:  # started or discarded while this upload waited
            await _drain(request)
            raise Problem(409, f"{name}: 这一批已经开始检查或已丢弃，未加入；请开始新的一批")
        return await _store(service, request, batch, name, kind, zone)


async def _store(service: Service, request: Request, batch: Batch, name: str, kind: str, zone: str) -> Response:
    limit = limits.MAX_INPUT_BYTES if kind == "report" else limits.MAX_UPLOAD_BYTES
    declared = _content_length(request)
    room = min(batch.room_bytes, limits.MAX_STORED_BYTES - service.store.stored - service.pending)
    try:
        if batch.room_files <= 0:
            raise Problem(413, f"{name}: 一批最多 {limits.MAX_BATCH_FILES} 份报告，未加入本批")
        if declared is not None and declared > limit:
            raise Problem(413, _too_large(name, declared, limit, kind))
        if room <= 0 or (kind == "report" and declared is not None and declared > room):
            raise Problem(413, _batch_full(name))
    except Problem:
        await _drain(request)
        raise
    target = batch.allocate(suffix_of(name))
    reserved = declared if declared is not None else limit
    service.pending += reserved
    try:
        size = await _receive(request, target, limit, min(limit, room) if kind == "report" else limit, name, kind)
        if kind == "report":
            return ok({"accepted": [_add(batch, Stored(name, target, size), zone)], "notes": []})
        unpacked = await asyncio.to_thread(unpack_zip, target, name, batch.allocate, batch.room_files,
                                           min(room, batch.room_bytes))
    except Refused as exc:
        raise Problem(422, str(exc)) from None
    except FileNotFoundError:
        if batch.discarded:  # discarded while the file came in
            raise Problem(404, "这一批已丢弃") from None
        raise
    finally:
        service.pending -= reserved
        if kind == "zip":
            target.unlink(missing_ok=True)
    if batch.discarded:  # discarded while the archive was unpacked
        raise Problem(404, "这一批已丢弃")
    accepted = [_add(batch, stored, zone) for stored in unpacked.stored]
    notes = list(unpacked.notes)
    if unpacked.full:
        notes.append(f"{name}: 本批已满（最多 {limits.MAX_BATCH_FILES} 份、{limits.MAX_BATCH_BYTES // limits.MB} MB），"
                     "其余文件未加入")
    if not accepted and not notes:
        notes.append(f"{name}: 压缩包中没有可检查的文件")
    return ok({"accepted": accepted, "notes": [visible(n) for n in notes]})


def _add(batch: Batch, stored: Stored, zone: str) -> dict[str, Any]:
    name = batch.unique_name(stored.name)
    upload = Upload(len(batch.uploads) + 1, name, zone, stored.path, stored.size)
    batch.uploads.append(upload)
    batch.size += stored.size
    return {"name": visible(name), "size": stored.size, "zone": zone}


def _content_length(request: Request) -> int | None:
    raw = request.headers.get("content-length")
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise Problem(400, "Content-Length 无效") from None
    return value if value >= 0 else None


def _batch_full(name: str) -> str:
    return f"{name}: 本批已达 {limits.MAX_BATCH_BYTES // limits.MB} MB 上限（或服务器暂存空间已满），未加入本批"


def _too_large(name: str, size: int, limit: int, kind: str) -> str:
    from validator.limits import size_text

    what = "压缩包" if kind == "zip" else "文件"
    return f"{name}: {what}过大（{size_text(size)}，上限 {limit // limits.MB} MB），未加入本批"


class _TooLarge(Exception):
    pass


async def _receive(request: Request, target: Path, limit: int, room: int, name: str, kind: str) -> int:
    """Stream the body to ``target``, never holding more than a chunk; refused past ``room`` bytes (the type's
    ``limit``, or less when the batch has less room left), or when the upload stalls for UPLOAD_IDLE_SECONDS or
    lasts longer than UPLOAD_SECONDS."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limits.UPLOAD_SECONDS
    stream = request.stream()
    size = 0
    try:
        with open(target, "xb") as sink:
            while True:
                left = min(limits.UPLOAD_IDLE_SECONDS, deadline - loop.time())
                if left <= 0:
                    raise Problem(408, f"{name}: 上传超时，未加入本批")
                try:
                    chunk = await asyncio.wait_for(stream.__anext__(), left)
                except StopAsyncIteration:
                    break
                except asyncio.TimeoutError:
                    raise Problem(408, f"{name}: 上传超时，未加入本批") from None
                size += len(chunk)
                if size > room:
                    raise _TooLarge
                sink.write(chunk)
    except _TooLarge:
        target.unlink(missing_ok=True)
        await _drain_stream(stream, size)
        if size <= limit:
            raise Problem(413, _batch_full(name)) from None
        raise Problem(413, _too_large(name, size, limit, kind)) from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return size


async def _drain(request: Request) -> None:
    """Read and drop what is left of a refused request's body (up to DRAIN_BYTES), so the browser reads the
    answer instead of a reset connection."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.DRAIN_BYTES:
        return
    with contextlib.suppress(Exception):
        await _drain_stream(request.stream(), 0)


async def _drain_stream(stream: AsyncIterator[bytes], seen: int) -> None:
    with contextlib.suppress(Exception):
        while seen <= limits.DRAIN_BYTES:
            chunk = await asyncio.wait_for(stream.__anext__(), limits.UPLOAD_IDLE_SECONDS)
            seen += len(chunk)


# --------------------------------------------------------------------------- results


def finished(service: Service, request: Request) -> Batch:
    batch = find(service, request)
    if batch.state != DONE or batch.summary is None:
        raise Problem(409, "这一批还没有检查完毕" if batch.state in BUSY or batch.state == OPEN else
                      f"这一批检查出错：{batch.error or '原因不明'}")
    return batch


async def summary(service: Service, request: Request) -> Response:
    batch = finished(service, request)
    assert batch.summary is not None
    info = batch.settings.info
    return ok({"title": visible(info.heading), "unit": visible(info.unit), "profile": visible(info.profile),
               "table": outputs.table(batch.summary), "notes": [visible(n) for n in batch.notes]})


def _row(batch: Batch, request: Request) -> tuple[int, Any, Upload | None]:
    assert batch.summary is not None
    index = request.path_params["index"]
    if not 0 <= index < len(batch.summary.rows):
        raise Problem(404, "没有这份报告")
    row = batch.summary.rows[index]
    return index, row, batch.by_name(row.path)


async def report(service: Service, request: Request) -> Response:
    batch = finished(service, request)
    index, row, upload = _row(batch, request)
    data = outputs.detail(row)
    data["index"] = index
    data["profile"] = visible(upload.profile) if upload is not None else ""
    data["annotate"] = row.error is None
    return ok(data)


async def opinion(service: Service, request: Request) -> Response:
    batch = finished(service, request)
    index, _, _ = _row(batch, request)
    return await _render(service, batch, "opinion", index)


async def download(service: Service, request: Request) -> Response:
    batch = finished(service, request)
    kinds = {"summary.xlsx": "xlsx", "summary.html": "html", "opinions.zip": "opinions"}
    kind = kinds.get(request.path_params["name"])
    if kind is None:
        raise Problem(404, "没有这个下载")
    return await _render(service, batch, kind, 0)


async def _render(service: Service, batch: Batch, kind: str, index: int) -> Response:
    future = service.pool.submit("render", kind, batch.summary, batch.settings.info, index,
                                 seconds=limits.TASK_SECONDS)
    try:
        made: Download = await asyncio.wrap_future(future)
    except TaskFailed as exc:
        raise Problem(500, f"无法生成下载文件：{exc}") from None
    return attachment(made)


async def annotated(service: Service, request: Request) -> Response:
    batch = finished(service, request)
    index, row, upload = _row(batch, request)
    if upload is None or row.error is not None or upload.error is not None:
        raise Problem(409, f"{row.name}: 无法读取的报告不能写批注")
    out = batch.directory / "out" / f"{upload.number}.annotated.docx"
    if not out.is_file():
        last_year = batch.by_name(upload.previous) if upload.previous else None
        future = service.pool.submit(
            "annotate", str(upload.path), upload.name, str(upload.document()),
            str(last_year.document()) if last_year is not None else None, upload.profile, str(out),
            batch.settings.info.unit, seconds=limits.TASK_SECONDS)
        try:
            await asyncio.wrap_future(future)
        except TaskFailed as exc:
            raise Problem(422, str(exc)) from None
    content = await asyncio.to_thread(out.read_bytes)
    return attachment(Download(outputs.annotated_name(upload.name), content,
                               "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))


def attachment(made: Download) -> Response:
    """A download under its Chinese name (RFC 6266 ``filename*``), with an ASCII name for old clients."""
    suffix = suffix_of(made.name) or ".bin"
    disposition = f"attachment; filename=\"fazhi-lint{suffix}\"; filename*=UTF-8''{quote(made.name, safe='')}"
    return Response(made.content, media_type=made.media_type, headers={"content-disposition": disposition})
