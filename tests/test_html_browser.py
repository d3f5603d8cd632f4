"""The HTML report in a real headless browser (Debian's chromium + chromedriver).

The report is loaded from a file:// URL in a fresh profile with the network shut off (a dead
proxy, every host name unresolvable), then checked as an editor would use it: the script ran
(under the page's strict Content-Security-Policy), every finding and attribution is
highlighted at its span, hovering a highlight lights up its note, the severity/check/article
filters hide and show what they should, the article's own ``<script>`` never runs, nothing was
fetched, and a screenshot is taken.

Without chromium the test skips with the reason, except when ``AUDIT_REQUIRE_BROWSER=1``
(set by .ci/run): then it fails. Screenshots go to ``$AUDIT_SCREENSHOT_DIR`` when set (see
docs/reports.md for the one in docs/), else to the test's temporary folder.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import report_samples as samples
import webdriver
from audit.report.html import HtmlWriter
from conftest import REPO, SEED
from webdriver import ELEMENT, Browser, find_browser

REQUIRE = os.environ.get("AUDIT_REQUIRE_BROWSER") == "1"
OFFLINE_FLAGS = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--dns-prefetch-disable",
                 "--no-pings", "--disable-domain-reliability", "--metrics-recording-only"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium, driver = find_browser()
    if not chromium or not driver:
        missing = " and ".join(n for n, p in (("chromium", chromium), ("chromedriver", driver))
                               if not p)
        reason = (f"{missing} not found: the HTML report's browser test needs Debian's "
                  "chromium and chromium-driver (apt-get install chromium chromium-driver)")
        if REQUIRE:
            pytest.fail(f"AUDIT_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    patch = pytest.MonkeyPatch()
    patch.setattr(webdriver, "CHROMIUM_FLAGS", webdriver.CHROMIUM_FLAGS + OFFLINE_FLAGS)
    try:
        with Browser(chromium, driver, tmp_path_factory.mktemp("profile"), width=1280,
                     height=900) as session:
            yield session
    finally:
        patch.undo()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("AUDIT_SCREENSHOT_DIR")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def audit(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "audit", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr


def screenshot(browser: Browser, path: Path) -> bytes:
    """The whole page, after the browser has painted it at its full height."""
    height = int(browser.run("return Math.ceil(document.documentElement.scrollHeight);"))
    browser.resize(browser.size[0], min(max(height + 140, 600), 16000))
    browser._session("POST", "/execute/async", {"script": (
        "var done = arguments[0]; requestAnimationFrame(function () {"
        " requestAnimationFrame(function () { done(true); }); });"), "args": []})
    png = base64.b64decode(browser._session("GET", "/screenshot"))
    browser.resize(*browser.size)
    path.write_bytes(png)
    return png


def hover(browser: Browser, css: str) -> None:
    element = browser.find(css)
    browser._session("POST", "/actions", {"actions": [{
        "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
        "actions": [{"type": "pointerMove", "duration": 0, "x": 0, "y": 0,
                     "origin": {ELEMENT: element}}]}]})


def span_texts(browser: Browser, card: str, attribute: str, index: int) -> str:
    return browser.run(
        "var card = arguments[0], attr = arguments[1], index = String(arguments[2]), out = '';"
        "document.querySelectorAll(card + ' .text span[' + attr + ']').forEach(function (s) {"
        "  if (s.getAttribute(attr).split(' ').indexOf(index) >= 0"
        "      && !s.classList.contains('pt')) out += s.textContent; });"
        "return out;", f"#{card}", attribute, index)


def shown(browser: Browser) -> str:
    return browser.run("return document.getElementById('shown').textContent;")


def visible(browser: Browser, css: str) -> list[str]:
    return browser.run("return Array.prototype.filter.call(document.querySelectorAll(arguments[0]),"
                       " function (e) { return e.offsetParent !== null; })"
                       ".map(function (e) { return e.id || e.dataset.f; });", css)


def test_seed_report_renders_highlights_notes_and_hover(browser, shots, tmp_path):
    saved = tmp_path / "seed.json"
    audit("run", str(SEED.relative_to(REPO)), "--format", "json", "--out", str(saved))
    page = tmp_path / "seed.html"
    audit("report", str(saved), "--format", "html", "--out", str(page))
    article = json.loads(saved.read_text(encoding="utf-8"))["articles"][0]

    browser.open(page.as_uri())
    assert browser.run("return document.title;").startswith("Audit report")
    n = len(article["findings"])
    assert shown(browser) == f"1 of 1 articles shown · {n} findings"  # written by the script
    assert article["findings"], "the seed has findings"
    for index, finding in enumerate(article["findings"]):
        if finding["start"] < finding["end"]:
            assert span_texts(browser, "a0", "data-f", index) == finding["text"], finding
        assert browser.run("return document.querySelectorAll("
                           "'#a0 li.note[data-f=\"' + arguments[0] + '\"]').length;", index) == 1
    for index, attribution in enumerate(article["attributions"]):
        assert span_texts(browser, "a0", "data-a", index) == attribution["text"]

    first = article["findings"][0]
    tip = browser.run("return document.querySelector('#a0 .text .hl[data-f]').title;")
    assert first["message"] in tip
    if first["suggestion"]:
        assert first["suggestion"] in tip
    hover(browser, "#a0 .text .hl[data-f]")
    assert browser.run("return document.querySelector('#a0 li.note.hot') !== null;")

    # Nothing was fetched: no image, font, stylesheet or script came from anywhere.
    assert browser.run("return performance.getEntriesByType('resource').length;") == 0
    png = screenshot(browser, shots / "seed-report.png")
    assert png.startswith(b"\x89PNG") and len(png) > 20_000


def test_filters_hide_and_show_findings_and_articles(browser, shots, tmp_path):
    articles = [samples.clean_article(), samples.error_article(), samples.overlap_article()]
    page = tmp_path / "samples.html"
    page.write_text(samples.render(HtmlWriter, articles), encoding="utf-8")
    browser.open(page.as_uri())
    total = len(articles[2]["findings"])
    assert shown(browser) == f"3 of 3 articles shown · {total} findings"
    # The article's "<script>alert('pwned')</script>" is text: no alert is open (the next
    # command would fail with "unexpected alert open") and only our script exists.
    assert browser.run("return document.scripts.length;") == 2  # ours: filters, verdicts
    assert browser.run("return document.querySelector('#a2 .text').textContent"
                       ".indexOf(\"<script>alert('pwned')</script>\") >= 0;")

    kantor = next(i for i, f in enumerate(articles[2]["findings"])
                  if f["code"] == "untranslated-token")
    highlight = f"#a2 .text .hl[data-f=\"{kantor}\"]"
    assert "s-critical" in browser.run(f"return document.querySelector('{highlight}').className;")

    browser.click('input[data-filter="sev"][value="critical"]')
    assert shown(browser) == f"3 of 3 articles shown · {total - 1} findings"
    assert str(kantor) not in visible(browser, "#a2 li.note")
    classes = browser.run(f"return document.querySelector('{highlight}').className;")
    assert "s-critical" not in classes  # the span is no longer coloured
    browser.click('input[data-filter="sev"][value="critical"]')
    assert shown(browser) == f"3 of 3 articles shown · {total} findings"

    browser.click('input[data-filter="code"][value="missing-space"]')
    assert shown(browser) == f"3 of 3 articles shown · {total - 2} findings"
    browser.click('button[data-action="codes-none"]')
    assert shown(browser) == "2 of 3 articles shown · 0 findings"
    assert visible(browser, "section.card") == ["a1", "a0"]
    browser.click('button[data-action="codes-all"]')
    assert shown(browser) == f"3 of 3 articles shown · {total} findings"

    browser.click('input[data-filter="show"][value="error"]')
    browser.click('input[data-filter="show"][value="clean"]')
    assert visible(browser, "section.card") == ["a2"]
    assert shown(browser) == f"1 of 3 articles shown · {total} findings"
    screenshot(browser, shots / "filtered.png")
    browser.click('input[data-filter="show"][value="error"]')
    browser.click('input[data-filter="show"][value="clean"]')

    # Cards: worst first, input order on request; the clean card opens with "expand all".
    order = "return Array.prototype.map.call(document.querySelectorAll('section.card'), " \
            "function (c) { return c.id; });"
    assert browser.run(order) == ["a2", "a1", "a0"]
    browser.click("#order-toggle")
    assert browser.run(order) == ["a0", "a1", "a2"]
    browser.click("#order-toggle")
    assert browser.run(order) == ["a2", "a1", "a0"]
    is_open = "return document.querySelector('#a0 > details').open;"
    assert browser.run(is_open) is False
    browser.click('button[data-action="expand"]')
    assert browser.run(is_open) is True
    browser.click('button[data-action="collapse"]')
    assert browser.run(is_open) is False

    # Attributions can be toggled off to read the findings alone.
    browser.click("#attr-toggle")
    assert browser.run("return document.body.classList.contains('no-attr');")
    assert browser.run("return performance.getEntriesByType('resource').length;") == 0
