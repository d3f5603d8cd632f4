"""A minimal W3C WebDriver client (stdlib only) for Debian's chromium + chromedriver.

chromedriver speaks HTTP+JSON, so the browser test needs no selenium or playwright (and
nothing that could try to download a browser). Chromium runs headless with the flags that
keep it off the network, in a fresh profile.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                  "--disable-extensions", "--disable-default-apps", "--mute-audio",
                  "--hide-scrollbars", "--force-device-scale-factor=1"]


def find_browser() -> tuple[str | None, str | None]:
    """(chromium, chromedriver) paths, or None for what is missing."""
    chromium = os.environ.get("AUDIT_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    driver = os.environ.get("AUDIT_CHROMEDRIVER") or shutil.which("chromedriver")
    return chromium, driver


class WebDriverError(RuntimeError):
    pass


class Browser:
    """One chromedriver process and one browser session; use as a context manager."""

    def __init__(self, chromium: str, driver: str, profile: Path, width: int = 1400,
                 height: int = 1000):
        self.chromium, self.driver, self.profile = chromium, driver, profile
        self.size = (width, height)
        self.process: subprocess.Popen | None = None
        self.session: str | None = None
        self.base = ""

    def __enter__(self) -> "Browser":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen([self.driver, f"--port={port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                if self._call("GET", "/status").get("ready"):
                    break
            except (OSError, WebDriverError):
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.__exit__(None, None, None)
                raise WebDriverError("chromedriver did not start")
            time.sleep(0.1)
        self.profile.mkdir(parents=True, exist_ok=True)
        args = CHROMIUM_FLAGS + [f"--user-data-dir={self.profile}",
                                 f"--window-size={self.size[0]},{self.size[1]}"]
        value = self._call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": self.chromium, "args": args}}}})
        self.session = value["sessionId"]
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.session:
                self._call("DELETE", f"/session/{self.session}")
        except (OSError, WebDriverError):
            pass
        finally:
            self.session = None
            if self.process is not None:
                self.process.terminate()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()

    def _call(self, method: str, path: str, body: dict | None = None, timeout: float = 60):
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                payload = json.load(response)
        except urllib.error.HTTPError as exc:
            payload = json.load(exc)
            value = payload.get("value") or {}
            raise WebDriverError(f"{value.get('error')}: {value.get('message', '')[:500]}") from None
        return payload.get("value")

    def _session(self, method: str, path: str, body: dict | None = None):
        return self._call(method, f"/session/{self.session}{path}", body)

    # -- what the tests use ----------------------------------------------------------------

    def open(self, url: str) -> None:
        self._session("POST", "/url", {"url": url})

    def run(self, script: str, *args):
        """Run JS (a function body: use ``return``) in the page and return its value."""
        return self._session("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css: str) -> str:
        return self._session("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def click(self, css: str) -> None:
        """A real click (pointer events at the element), not a JS ``el.click()``."""
        self._session("POST", f"/element/{self.find(css)}/click", {})

    def resize(self, width: int, height: int) -> None:
        self._session("POST", "/window/rect", {"width": width, "height": height})

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        """Save a PNG of the page (the whole page height when ``full_page``)."""
        if full_page:
            height = int(self.run("return Math.ceil(document.documentElement.scrollHeight);"))
            self.resize(self.size[0], min(max(height + 140, 600), 16000))
        png = base64.b64decode(self._session("GET", "/screenshot"))
        if full_page:
            self.resize(*self.size)
        path.write_bytes(png)
        return path

    def element_screenshot(self, css: str, path: Path) -> Path:
        """Save a PNG of one element at full resolution (the window grows to fit it)."""
        height = int(self.run("return Math.ceil(document.querySelector(arguments[0])"
                              ".getBoundingClientRect().height);", css))
        self.resize(self.size[0], max(self.size[1], height + 300))
        self.run("document.querySelector(arguments[0]).scrollIntoView(); window.scrollBy(0, -160);", css)
        png = base64.b64decode(self._session("GET", f"/element/{self.find(css)}/screenshot"))
        path.write_bytes(png)
        return path
