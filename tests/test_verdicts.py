"""Verdicts: marked in the HTML report (headless Chromium), downloaded, imported, re-run.

The browser half runs the report from a file:// URL, offline, under its Content-Security-Policy
(the same flags as tests/test_html_browser.py), and skips without Debian's chromium unless
AUDIT_REQUIRE_BROWSER=1. The import half needs no browser.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

import webdriver
from audit.verdicts import VerdictError, import_verdicts, read_verdicts
from conftest import REPO, SEED
from webdriver import Browser, find_browser

REQUIRE = os.environ.get("AUDIT_REQUIRE_BROWSER") == "1"
OFFLINE_FLAGS = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--dns-prefetch-disable",
                 "--no-pings", "--disable-domain-reliability", "--metrics-recording-only"]
CONFIG = """# house settings for the desk
ignore = ["unbalanced-quote"]   # our wires never close quotes

ignore_fingerprints = [
    "aaaaaaaaaaaa",  # an old false positive
]

[severity]
spacing = "info"  # cosmetic here
"""


def audit(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "audit", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def findings_of(report: Path) -> list[dict]:
    return json.loads(report.read_text(encoding="utf-8"))["articles"][0]["findings"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium, driver = find_browser()
    if not chromium or not driver:
        reason = "chromium/chromedriver not found (apt-get install chromium chromium-driver)"
        if REQUIRE:
            pytest.fail(f"AUDIT_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    patch = pytest.MonkeyPatch()
    patch.setattr(webdriver, "CHROMIUM_FLAGS", webdriver.CHROMIUM_FLAGS + OFFLINE_FLAGS)
    try:
        with Browser(chromium, driver, tmp_path_factory.mktemp("profile")) as session:
            yield session
    finally:
        patch.undo()


def wait_for_download(folder: Path, name: str, timeout: float = 20) -> Path:
    deadline = time.monotonic() + timeout
    path = folder / name
    while time.monotonic() < deadline:
        if path.is_file() and not list(folder.glob("*.crdownload")) and path.stat().st_size:
            return path
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded into {folder}: {os.listdir(folder)}")


def test_mark_wrong_download_import_rerun(browser, tmp_path):
    project = tmp_path / "desk"
    project.mkdir()
    (project / "audit.toml").write_text(CONFIG, encoding="utf-8")
    before = project / "before.json"
    audit("run", str(SEED), "--no-backtranslate", "--format", "json", "--out", str(before),
          cwd=project)
    page = project / "before.html"
    audit("report", str(before), "--format", "html", "--out", str(page), cwd=project)
    findings = findings_of(before)
    target = next(f for f in findings if f["code"] == "missing-space")

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser._session("POST", "/goog/cdp/execute", {"cmd": "Browser.setDownloadBehavior", "params": {
        "behavior": "allow", "downloadPath": str(downloads)}})
    browser.open(page.as_uri())
    browser.run("window.localStorage.clear();")
    browser.open(page.as_uri())
    wrong = f'span.verdict[data-fp="{target["fingerprint"]}"] button[data-verdict="wrong"]'
    browser.click(wrong)  # a real click, handled by the page's own script under its CSP
    assert browser.run(f"return document.querySelector('{wrong}').getAttribute('aria-pressed');") == "true"
    assert browser.run("return document.getElementById('verdict-count').textContent;") == \
        "1 wrong · 0 fixed"
    fixed = next(f for f in findings if f["code"] == "untranslated-token")
    browser.click(f'span.verdict[data-fp="{fixed["fingerprint"]}"] button[data-verdict="fixed"]')
    # the marks survive reloading the file (local storage)
    browser.open(page.as_uri())
    assert browser.run("return document.getElementById('verdict-count').textContent;") == \
        "1 wrong · 1 fixed"

    browser.click('button[data-verdicts="toml"]')
    fragment = wait_for_download(downloads, "audit-verdicts.toml")
    browser.click('button[data-verdicts="json"]')
    as_json = wait_for_download(downloads, "audit-verdicts.json")
    assert browser.run("return performance.getEntriesByType('resource').length;") == 0  # offline
    assert tomllib.loads(fragment.read_text(encoding="utf-8")) == {
        "ignore_fingerprints": [target["fingerprint"]]}
    verdicts = json.loads(as_json.read_text(encoding="utf-8"))["verdicts"]
    assert {(v["fingerprint"], v["verdict"], v["code"]) for v in verdicts} == {
        (target["fingerprint"], "wrong", "missing-space"),
        (fixed["fingerprint"], "fixed", "untranslated-token")}

    done = audit("verdicts", "import", str(fragment), cwd=project)
    assert "1 fingerprint added" in done.stderr
    merged = (project / "audit.toml").read_text(encoding="utf-8")
    for line in CONFIG.splitlines():
        if line.strip() != "]":
            assert line in merged  # comments, order and layout kept
    assert tomllib.loads(merged)["ignore_fingerprints"] == ["aaaaaaaaaaaa", target["fingerprint"]]
    again = audit("verdicts", "import", str(as_json), cwd=project)  # the JSON: nothing new
    assert "0 fingerprints added" in again.stderr and "1 marked fixed" in again.stderr

    after = project / "after.json"
    audit("run", str(SEED), "--no-backtranslate", "--format", "json", "--out", str(after),
          cwd=project)
    assert findings_of(after) == [f for f in findings if f is not target]


def test_import_creates_a_config_and_reads_pyproject(tmp_path):
    fragment = tmp_path / "v.toml"
    fragment.write_text('ignore_fingerprints = [\n    "0123456789ab",  # x: spacing\n]\n',
                        encoding="utf-8")
    created = import_verdicts(fragment, None, tmp_path / "audit.toml")
    assert created.created and created.added == ["0123456789ab"]
    assert tomllib.loads((tmp_path / "audit.toml").read_text())["ignore_fingerprints"] == ["0123456789ab"]
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"  # keep me\n\n[tool.audit]\nfail_on = "major"\n',
                         encoding="utf-8")
    import_verdicts(fragment, pyproject, tmp_path / "unused.toml")
    text = pyproject.read_text()
    assert 'name = "x"  # keep me' in text
    assert tomllib.loads(text)["tool"]["audit"] == {"fail_on": "major",
                                                    "ignore_fingerprints": ["0123456789ab"]}


@pytest.mark.parametrize("content,message", [
    ('{"kind": "something-else"}', "not an audit verdicts download"),
    ('{"kind": "audit-verdicts", "verdicts": [{"fingerprint": "xyz", "verdict": "wrong"}]}',
     "not a finding fingerprint"),
    ('{"kind": "audit-verdicts", "verdicts": [{"fingerprint": "0123456789ab", "verdict": "maybe"}]}',
     "expected"),
    ("ignore = [", "neither verdicts JSON nor a TOML fragment"),
    ('severity = {}', "no ignore_fingerprints"),
])
def test_bad_downloads_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "bad"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VerdictError, match=message):
        read_verdicts(path)
