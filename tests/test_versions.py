"""Distribution versions read without importlib.metadata (audit/versions.py): the same answers."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

from audit import versions


def test_every_installed_distribution_has_importlib_metadatas_version():
    names = sorted({dist.metadata["Name"] for dist in metadata.distributions() if dist.metadata["Name"]})
    assert len(names) > 20 and "py3langid" in names
    for name in names:
        assert versions.version(name) == metadata.version(name), name
    for spelling in ("Py3LangID", "py3_langid", "langdetect", "typing-extensions", "typing.extensions"):
        try:
            expected = metadata.version(spelling)
        except metadata.PackageNotFoundError:
            expected = None
        assert versions.version(spelling) == expected, spelling


def test_a_distribution_that_is_not_installed_is_none():
    assert versions.version("no-such-distribution-audit-test") is None


def test_a_dist_info_on_an_earlier_path_entry_wins_as_with_importlib(tmp_path, monkeypatch):
    info = tmp_path / "py3langid-9.9.9.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: py3langid\nVersion: 9.9.9\n\nBody\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert versions.version("py3langid") == "9.9.9"  # the first path entry that has one
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: py3langid\n\nVersion: 1\n")
    assert versions._version_header(str(info / "METADATA")) is None  # a body line is no header


def test_a_run_does_not_import_importlib_metadata():
    code = ("import sys, audit.cli, audit.batch, audit.signature, audit.detectors as d;"
            "d.describe(); print('importlib.metadata' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
