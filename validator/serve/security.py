"""What stands between a browser and the server: Host, Origin, the token, the CSRF header, response headers.

A page the reviewer has open in another tab can make the browser send requests to the server, so:

- **DNS rebinding.** A hostile name that resolves to 127.0.0.1 makes the browser treat the server as that
  name's site. On loopback the ``Host`` header must name the server as the reviewer does (``127.0.0.1``,
  ``localhost`` or ``[::1]`` with the port); anything else is refused before any route runs.
- **Cross-site requests.** Every request that changes something (POST, PUT, DELETE) must carry an
  ``Origin`` equal to the server's own and the per-server CSRF token in a custom header, which the page
  gets from ``/api/session``: another site can neither read that token nor send the header without a CORS
  preflight, which the server never grants. API requests a browser marks as cross-site are refused too.
- **Other machines.** Bound to anything but loopback (``--host``), every request needs the access token
  the server printed: given once in the address (``/?token=…``), it is kept in a cookie for that port
  (HttpOnly, SameSite=Strict) and taken out of the address bar.
- **Responses** forbid framing, sniffing, referrers and caching, and the page's Content-Security-Policy
  allows only its own script and style: even text that escaped its escaping could not run.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_HEADER = "x-fazhi-lint-csrf"
SAFE_METHODS = frozenset({"GET", "HEAD"})
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def loopback_hosts(port: int) -> frozenset[str]:
    """The Host headers a browser sends for a loopback server on ``port``."""
    return frozenset(f"{name}:{port}" for name in LOOPBACK_NAMES)


class Guard:
    """ASGI middleware enforcing the rules above; ``allowed_hosts`` None: any Host (the token guards)."""

    def __init__(self, app: ASGIApp, *, port: int, csrf: str, allowed_hosts: frozenset[str] | None,
                 token: str | None) -> None:
        self.app = app
        self.csrf = csrf
        self.allowed_hosts = allowed_hosts
        self.token = token
        self.cookie = f"fazhi_lint_{port}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        problem = self.refusal(scope, headers)
        if problem is not None:
            await _refuse(send, 403, problem)
            return
        if self.token is not None and scope["method"] in SAFE_METHODS and scope["path"] == "/" \
                and self._query_token(scope) is not None:
            await self._enter(send)  # the token was in the address: keep it in a cookie, clean the address
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, secured)

    def refusal(self, scope: Scope, headers: dict[str, str]) -> str | None:
        """Why the request is refused, or None."""
        host = headers.get("host", "").lower()
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            return "请求的 Host 不是本服务器（防止 DNS 重绑定），已拒绝；请用 http://127.0.0.1 访问"
        if self.token is not None and not self._has_token(scope, headers):
            return "需要访问令牌：请使用启动时显示的完整地址（含 ?token=…）"
        path = scope.get("path", "")
        if path.startswith("/api/") and headers.get("sec-fetch-site") == "cross-site":
            return "拒绝来自其他网站的请求"
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin is None or origin.lower() != f"http://{host}":
                return "请求来源（Origin）不是本服务器，已拒绝（防止跨站请求）"
            if not secrets.compare_digest(headers.get(CSRF_HEADER, "").encode(), self.csrf.encode()):
                return "缺少或错误的 CSRF 令牌，已拒绝；请刷新页面后重试"
        return None

    def _query_token(self, scope: Scope) -> str | None:
        values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        return values[0] if values else None

    def _has_token(self, scope: Scope, headers: dict[str, str]) -> bool:
        assert self.token is not None
        candidates = []
        query = self._query_token(scope)
        if query is not None:
            candidates.append(query)
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed Cookie header is no token
            pass
        if self.cookie in cookie:
            candidates.append(cookie[self.cookie].value)
        return any(secrets.compare_digest(c.encode(), self.token.encode()) for c in candidates)

    async def _enter(self, send: Send) -> None:
        assert self.token is not None
        cookie = f"{self.cookie}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", b"/"), (b"set-cookie", cookie.encode()), (b"content-length", b"0"),
                                *HEADERS]})
        await send({"type": "http.response.body", "body": b""})


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})
