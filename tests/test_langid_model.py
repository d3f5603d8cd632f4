"""The language detector's model file (audit/langid_model.py): built a slice at a time by a
machine's first run, byte for byte the file built from py3langid's loaded model; atomic,
safe against concurrent first runs, and a clear error when it cannot be written."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from audit import detectors, langid_model, versions
from conftest import SEED

LANGUAGES = sorted(detectors.LANGUAGES)
# The file built before the build streamed (main c6880de), for py3langid 0.4.0.
SHA256_0_4_0 = "4d8577268baa76b34abfd333bfc4aa2d5023534d7e2a0993bfb3fddc7b031786"


def _model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def _built_in_memory(path: Path) -> None:
    """The file as it was built before: py3langid's whole model loaded and restricted, its
    arrays converted in memory, then written."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(str(_model_file()), norm_probs=True)
    identifier.set_languages(LANGUAGES)
    arrays = {"ptc": np.ascontiguousarray(identifier.nb_ptc, dtype=np.float32),
              "pc": np.asarray(identifier.nb_pc, dtype=np.float32),
              "nextmove": np.frombuffer(identifier.tk_nextmove, dtype=detectors._dtype(identifier.tk_nextmove)),
              "nextmove_row": np.frombuffer(identifier.tk_row, dtype=detectors._dtype(identifier.tk_row)),
              "out_feat": np.asarray(identifier.tk_output, dtype=np.int32)}
    depth = langid_model.automaton_depth(arrays["nextmove"], arrays["nextmove_row"])
    langid_model.write_model(path, {name: langid_model.Array.of(a) for name, a in arrays.items()},
                             list(identifier.nb_classes), depth)


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("in-memory") / "model"
    _built_in_memory(path)
    return path.read_bytes()


def test_the_streamed_build_is_the_file_built_from_the_loaded_model(tmp_path, expected, monkeypatch):
    path = tmp_path / "model"
    langid_model.build(path, _model_file(), LANGUAGES)
    assert path.read_bytes() == expected
    if versions.version("py3langid") == "0.4.0":
        assert hashlib.sha256(expected).hexdigest() == SHA256_0_4_0
    # slices that do not divide the arrays: the same bytes, the same depth
    monkeypatch.setattr(langid_model, "ROWS_PER_SLICE", 997)
    monkeypatch.setattr(langid_model, "STATES_PER_SLICE", 7)
    langid_model.build(path, _model_file(), LANGUAGES)
    assert path.read_bytes() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]  # no temporary file left


def test_the_depth_measured_in_slices_is_the_depth_of_the_whole_automaton():
    import numpy as np

    # a small automaton: a chain 0 -a-> 1 -b-> 2 -c-> 3 (3 bytes deep), every other byte to 0
    nextmove = np.zeros(4 * 256, dtype=np.uint32)
    for state, byte in ((0, 97), (1, 98), (2, 99)):
        nextmove[state * 256 + byte] = state + 1
    rows = np.arange(4, dtype=np.uint16)
    assert langid_model.automaton_depth(nextmove, rows) == 3
    assert langid_model.automaton_depth(np.zeros(256, dtype=np.uint32), rows[:1]) == 0


def test_concurrent_first_runs_leave_one_whole_file(tmp_path, expected):
    path = tmp_path / "model"
    errors = []

    def first_run():
        try:
            langid_model.build(path, _model_file(), LANGUAGES)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=first_run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and path.read_bytes() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_a_build_that_fails_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "model"

    def broken(*args):
        yield b"\0" * 10
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(langid_model, "_weight_slices", broken)
    with pytest.raises(OSError, match="No space"):
        langid_model.build(path, _model_file(), LANGUAGES)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_gets_a_temporary_model(tmp_path, monkeypatch, news_en):
    from py3langid.langid import LanguageIdentifier

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    identifier, depth = langid_model.load(blocked / "audit" / "model", _model_file(), LANGUAGES,
                                          LanguageIdentifier)
    reference, ref_depth = langid_model.load(tmp_path / "model", _model_file(), LANGUAGES,
                                             LanguageIdentifier)
    assert depth == ref_depth
    for line in news_en[:10]:
        assert identifier.classify(line) == reference.classify(line)


def test_no_file_anywhere_is_a_clear_error(tmp_path, monkeypatch):
    from py3langid.langid import LanguageIdentifier

    def full_disk(path, *args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(langid_model, "build", full_disk)
    with pytest.raises(langid_model.ModelError, match=r"cannot build py3langid's model file .*"
                       r"\(No space left on device\) nor a temporary one in .* \(No space"):
        langid_model.load(tmp_path / "model", _model_file(), LANGUAGES, LanguageIdentifier)


def test_an_unreadable_archive_is_a_clear_error(tmp_path):
    from py3langid.langid import LanguageIdentifier

    bad = tmp_path / "model.npz.xz"
    bad.write_bytes(b"not an archive")
    with pytest.raises(langid_model.ModelError, match="cannot read py3langid's model .*model.npz.xz"):
        langid_model.load(tmp_path / "model", bad, LANGUAGES, LanguageIdentifier)
    with pytest.raises(langid_model.ModelError, match="Unknown language"):
        langid_model.load(tmp_path / "model", _model_file(), ["en", "xx"], LanguageIdentifier)


_PROBE = """
import sys
from audit import langid_model
def full_disk(path, *args):
    raise OSError(28, "No space left on device")
langid_model.build = full_disk
from audit.__main__ import main
sys.argv = ["audit", *sys.argv[1:]]
main()
"""


def test_audit_run_says_why_when_the_model_cannot_be_built(tmp_path):
    out = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-c", _PROBE, "run", str(SEED), "--no-backtranslate",
                           "--no-progress", "--format", "json", "--out", str(out)],
                          capture_output=True, text=True, timeout=300,
                          env={"XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path),
                               "PATH": "/usr/bin:/bin", "COLUMNS": "300"})
    assert done.returncode == 2, done.stderr
    assert "audit: cannot build py3langid's model file" in done.stderr
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
