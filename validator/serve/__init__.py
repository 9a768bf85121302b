"""``fazhi-lint serve``: a local web page where reviewers check a batch of reports without a terminal.

The optional ``serve`` extra (Starlette and uvicorn) is imported only here, only by this command. The
server binds to loopback unless ``--host`` says otherwise (and then requires a token), keeps uploads in a
private temporary directory that is removed when a batch is discarded and when the server stops, and
checks reports in a fixed number of worker processes. See validator.serve.security for what it does about
the browser, validator.serve.limits for its limits, and README (审查人使用网页) for what reviewers see.
"""

from __future__ import annotations

import contextlib
import ipaddress
import secrets
import socket
import sys
import threading
from dataclasses import dataclass
from typing import Any

from validator.errors import ConfigError, UsageError
from validator.escape import visible

DEFAULT_PORT = 8765
DEFAULT_HOST = "127.0.0.1"
MAX_DEFAULT_WORKERS = 4
WARM_SECONDS = 300.0


@dataclass(frozen=True)
class Options:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    open_browser: bool = False
    workers: int | None = None
    token: bool = False  # require a token even on loopback
    config: str | None = None
    rules: tuple[str, ...] = ()
    profile: str | None = None


def serve(options: Options) -> int:
    """Run the server until Ctrl-C or SIGTERM; everything it stored is deleted before this returns."""
    _require_extra()
    from validator.serve.batches import Store
    from validator.serve.tasks import ServerConfig
    from validator.serve.workers import WorkerPool

    loopback = is_loopback(options.host)
    listener = bind(options.host, options.port)
    store = Store()
    pool = WorkerPool(worker_processes(options.workers), ServerConfig(options.config, options.rules), str(store.temp))
    try:
        return _serve(options, listener, store, pool, loopback)
    finally:
        pool.close()
        store.close()
        listener.close()


def _serve(options: Options, listener: socket.socket, store: Any, pool: Any, loopback: bool) -> int:
    import uvicorn

    from validator.serve.app import Service, create_app, stop
    from validator.serve.security import Guard, loopback_hosts
    from validator.streams import Terminated

    profiles, configured = warm(pool, options.profile)
    port = listener.getsockname()[1]
    token = secrets.token_urlsafe(24) if options.token or not loopback else None
    service = Service(store=store, pool=pool, csrf=secrets.token_urlsafe(24), profiles=profiles,
                      default_profile=options.profile or configured or "auto")
    hosts = loopback_hosts(port) | (frozenset({"127.0.0.1", "localhost", "[::1]"}) if port == 80 else frozenset())
    app = Guard(create_app(service), port=port, csrf=service.csrf, allowed_hosts=hosts if loopback else None,
                token=token)
    _quiet_logs()
    config = uvicorn.Config(app, log_level="warning", access_log=False, log_config=None, lifespan="on",
                            limit_concurrency=_limits().MAX_CONNECTIONS, timeout_graceful_shutdown=3,
                            server_header=False)
    server = uvicorn.Server(config)
    url = address(options.host, port, loopback, token)
    _announce(url, store.root, pool.size, loopback)
    if options.open_browser:
        threading.Thread(target=_open_when_started, args=(server, url), daemon=True).start()
    try:
        server.run(sockets=[listener])
    except (KeyboardInterrupt, Terminated):
        pass  # uvicorn stopped gracefully, then raised the signal again: stopping is this command's normal end
    finally:
        stop(service)
    print("fazhi-lint serve: 已停止，上传的文件和生成的文件已全部删除", file=sys.stderr, flush=True)
    return 0


def _require_extra() -> None:
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise UsageError("fazhi-lint serve 需要可选组件 serve：pip install 'fazhi-lint[serve]'") from None


def _limits() -> Any:
    from validator.serve import limits

    return limits


def worker_processes(requested: int | None) -> int:
    """``--workers``, within what ``--jobs`` allows (2 per core, at least 4, and the open-file limit)."""
    if requested is None:
        return default_workers()
    from validator.batch import worker_count

    return worker_count(requested, requested)


def default_workers() -> int:
    """One worker per core the server may use, at most MAX_DEFAULT_WORKERS (each holds its rule sets)."""
    import os

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return max(1, min(MAX_DEFAULT_WORKERS, cores))


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, so that a port in use or a bad address is a usage error before anything starts."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise UsageError(f"--host {visible(host)}: 无法解析的地址（{exc}）") from None
    family, kind, proto, _, where = infos[0]
    listener = socket.socket(family, kind, proto)
    try:
        if hasattr(socket, "SO_REUSEADDR") and sys.platform != "win32":
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(where)
        listener.listen(128)
    except OSError as exc:
        listener.close()
        why = "端口已被占用" if exc.errno in (98, 48, 10048) else (exc.strerror or str(exc))
        raise UsageError(f"无法在 {visible(host)}:{port} 上监听（{why}）；可用 --port 换一个端口") from None
    listener.setblocking(False)
    return listener


def warm(pool: Any, profile: str | None) -> tuple[dict[str, str], str | None]:
    """Load the rule set in a worker before serving: a bad --rules, --config or --profile is exit 2 now."""
    from validator.serve.workers import TaskFailed

    future = pool.submit("warm", profile or "", seconds=WARM_SECONDS)
    try:
        result: tuple[dict[str, str], str | None] = future.result()
    except TaskFailed as exc:
        raise ConfigError(str(exc)) from None
    return result


def address(host: str, port: int, loopback: bool, token: str | None) -> str:
    shown = "127.0.0.1" if loopback and host.lower() != "localhost" and ":" not in host else host
    if not loopback and host in ("0.0.0.0", "::", ""):
        shown = socket.gethostname()
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def _announce(url: str, root: Any, workers: int, loopback: bool) -> None:
    print(f"fazhi-lint serve: {url}", flush=True)
    print(f"fazhi-lint serve: 在浏览器中打开上面的地址；按 Ctrl-C 停止。{workers} 个检查进程；"
          f"上传的文件暂存在 {visible(str(root))}，停止时全部删除", file=sys.stderr, flush=True)
    if not loopback:
        print("fazhi-lint serve: 注意：本服务器可从其他电脑访问，须使用含 token 的完整地址；"
              "连接未加密（HTTP），请只在可信的内部网络中使用", file=sys.stderr, flush=True)


def _open_when_started(server: Any, url: str) -> None:
    import time
    import webbrowser

    for _ in range(200):
        if server.started:
            with contextlib.suppress(Exception):
                webbrowser.open(url)
            return
        time.sleep(0.05)


def _quiet_logs() -> None:
    """uvicorn's own warnings as one line each on stderr, never with a traceback."""
    import logging

    class OneLine(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
            record.msg = visible(str(record.getMessage()))
            record.args = None
            return True

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("fazhi-lint serve: %(message)s"))
    handler.addFilter(OneLine())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "asyncio"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
        logger.setLevel(logging.WARNING)
