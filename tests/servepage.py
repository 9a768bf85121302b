"""Driving the ``fazhi-lint serve`` page in headless Chromium (tests.browser's DevTools pipe): navigate, drop
files on a zone with real drag events, choose files in an input, click, wait, and catch downloads."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tests.browser import BrowserError, Chromium

WAIT_LIMIT_S = 240.0  # a bound so a wedged page fails the test instead of hanging CI; nothing is timed


class Page(Chromium):
    def goto(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
                             session=False)
        self.session = attached["sessionId"]
        self.send("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete' && !!document.getElementById('profile')"
                      " && document.getElementById('profile').options.length > 0")

    def wait_for(self, expression: str, limit: float = WAIT_LIMIT_S) -> Any:
        deadline = time.monotonic() + limit
        while True:
            try:
                value = self.evaluate(expression)
            except BrowserError:
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {expression}")
            time.sleep(0.1)

    def centre(self, selector: str) -> dict[str, float]:
        box: dict[str, float] = self.evaluate(
            f"(function(){{var el=document.querySelector({json.dumps(selector)});el.scrollIntoView({{block:'center'}});"
            "var r=el.getBoundingClientRect();return {x:r.left+r.width/2,y:r.top+r.height/2};})()")
        return box

    def drop(self, selector: str, files: list[Path]) -> None:
        """Drag files from the desktop onto an element: dragEnter, dragOver and drop, as a person would."""
        box = self.centre(selector)
        data = {"items": [], "files": [str(f.resolve()) for f in files], "dragOperationsMask": 1}
        for kind in ("dragEnter", "dragOver", "drop"):
            self.send("Input.dispatchDragEvent", {"type": kind, "x": box["x"], "y": box["y"], "data": data})

    def choose(self, selector: str, files: list[Path]) -> None:
        """Pick files in a file input (what the file chooser does)."""
        self.send("DOM.enable")
        root = self.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = self.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        self.send("DOM.setFileInputFiles", {"files": [str(f.resolve()) for f in files], "nodeId": node})

    def set_value(self, selector: str, value: str) -> None:
        self.evaluate(f"(function(){{var el=document.querySelector({json.dumps(selector)});el.value={json.dumps(value)};"
                      "el.dispatchEvent(new Event('change'));})()")

    def text(self, selector: str) -> str:
        value: str = self.evaluate(f"document.querySelector({json.dumps(selector)}).innerText")
        return value

    def download(self, selector: str, folder: Path) -> Path:
        """Click a download link and wait for the file Chromium saves (under the name the server gave it)."""
        folder.mkdir(parents=True, exist_ok=True)
        before = set(folder.iterdir())
        self.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder.resolve())},
                  session=False)
        self.click(selector)
        deadline = time.monotonic() + WAIT_LIMIT_S
        while time.monotonic() < deadline:
            new = [p for p in set(folder.iterdir()) - before if not p.name.endswith(".crdownload")]
            if new:
                time.sleep(0.2)  # the rename from .crdownload is the last step
                return new[0]
            time.sleep(0.1)
        raise BrowserError(f"no download from {selector}")
