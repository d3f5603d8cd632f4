"""The compiled-pattern cache (audit/regexes.py): the same pattern objects as re.compile,
from a file that a broken or foreign copy of can never poison."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from audit import regexes
from conftest import empty_store

pytestmark = pytest.mark.skipif(regexes._sre is None, reason="needs CPython's regex engine")


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder and a module with no state."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def reset():
        monkeypatch.setattr(regexes, "_compiled", {})
        empty_store(monkeypatch, regexes._store)

    reset()
    return reset


def _audits_patterns() -> list[tuple[str, int]]:
    """Every str pattern this process compiled through re (audit's modules are imported by
    the test session: the checks', the registry's, the readers'), and the registry's."""
    from audit import provenance
    from audit.checks import CheckContext, run_checks
    from conftest import SEED

    registry = provenance.load_registry()
    ctx = CheckContext(text=SEED.read_text(encoding="utf-8"))
    ctx.language = "en"
    run_checks(ctx)
    patterns = {(key[1], int(key[2])) for key in list(re._cache)  # noqa: SLF001
                if isinstance(key, tuple) and len(key) == 3 and type(key[1]) is str
                and not key[2] & re.DEBUG}
    patterns |= {(p.pattern, p.flags & ~re.UNICODE) for p in
                 [registry._mention, *registry._stop.values()]  # noqa: SLF001
                 + [f.before for f in registry.frames if f.before is not None]
                 + [f.after for f in registry.frames if f.after is not None]}
    return sorted(patterns)


def test_cached_patterns_equal_re_compile_for_every_pattern_audit_compiles(fresh):
    patterns = _audits_patterns()
    assert len(patterns) > 150
    for pattern, flags in patterns:
        regexes.compile(pattern, flags)
    regexes.save()
    assert regexes.cache_file().is_file()
    fresh()  # a new run: everything from the file
    for pattern, flags in patterns:
        cached = regexes.compile(pattern, flags)
        assert cached == regexes._original(pattern, flags), pattern  # pattern, flags, code
    assert regexes.stats()["new"] == 0 and regexes.stats()["stored"] >= len(patterns)


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign", "garbage"])
def test_a_damaged_or_foreign_cache_file_is_ignored(fresh, damage):
    pattern = r"(?P<agency>AFP|Reuters)\s+(?:said|reported)"
    regexes.compile(pattern, re.IGNORECASE)
    regexes.save()
    path = regexes.cache_file()
    blob = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flip":  # a changed byte in the code: the digest no longer matches
        path.write_bytes(blob[:-20] + bytes([blob[-20] ^ 0x01]) + blob[-19:])
    elif damage == "foreign":  # another Python's file under this name
        import hashlib
        import marshal

        payload = marshal.dumps({"format": regexes.FORMAT, "key": "other", "entries": {
            (pattern, int(re.IGNORECASE)): (0, [1, 2, 3], 0, {}, ())}})
        path.write_bytes(hashlib.blake2b(payload, digest_size=32).digest() + payload)
    else:
        path.write_bytes(b"\x00" * 100)
    fresh()
    compiled = regexes.compile(pattern, re.IGNORECASE)
    assert compiled == regexes._original(pattern, re.IGNORECASE)
    assert compiled.match("afp Reported").group("agency") == "afp"
    assert regexes.stats()["new"] == 1  # compiled afresh, to be saved again


def test_bad_patterns_raise_what_re_raises(fresh):
    with pytest.raises(re.error, match="missing \\), unterminated subpattern"):
        regexes.compile("(AFP")


def test_the_command_writes_the_cache_once_and_reads_it_after(tmp_path):
    """Two runs of `audit run`: the first writes the file, the second compiles nothing new
    (the file is unchanged) and writes the same report."""
    from conftest import SEED

    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path)}
    reports = []
    for run in (1, 2):
        out = tmp_path / f"r{run}.json"
        subprocess.run([sys.executable, "-m", "audit", "run", str(SEED), "--no-backtranslate",
                        "--format", "json", "--out", str(out)], check=True, env=env,
                       capture_output=True)
        reports.append(out.read_text(encoding="utf-8"))
        files = list((tmp_path / "cache" / "audit").glob("regexes-*.marshal"))
        assert len(files) == 1
        if run == 1:
            first = files[0].stat().st_mtime_ns
    assert files[0].stat().st_mtime_ns == first  # nothing new to save
    strip = re.compile(r'"(?:elapsed|seconds|duration)[^,}]*[,}]')
    assert strip.sub("", reports[0]) == strip.sub("", reports[1])


def test_a_str_subclass_pattern_is_compiled_but_never_written(fresh, monkeypatch):
    class Markup(str):
        pass

    monkeypatch.setattr(regexes._compiler, "compile", regexes._hooked)  # install(), undone after
    compiled = re.compile(Markup(r"\*\*(?P<bold>[^*]+)\*\*"))  # through the hook
    assert compiled.search("a **b** c").group("bold") == "b"
    regexes.compile(r"plain\s+one")
    regexes.save()
    fresh()
    assert regexes.stats()["stored"] >= 1 and all(
        type(pattern) is str for pattern, _ in regexes._store.entries())


def test_word_list_alternations_come_from_the_cache_file_equal_to_a_fresh_build(tmp_path, monkeypatch):
    from audit import cachefile, patterns

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def reset():
        empty_store(monkeypatch, patterns._store)

    reset()
    lists = [(["ten", "tenth", "dan", "dari", "di", "dengan"], False),
             (["West Bank", "Gaza", "Gaza Strip", "a.m."], True), ([], False)]
    built = [patterns.build_alternation(words, flexible_space=flex) for words, flex in lists]
    assert built[0] == "(?:d(?:a(?:n|ri)|engan|i)|ten(?:th)?)" and built[2] == ""
    assert [patterns.literal_alternation(iter(w), flexible_space=f) for w, f in lists] == built
    patterns.save()
    reset()
    assert [patterns.literal_alternation(w, flexible_space=f) for w, f in lists] == built
    assert patterns._store.new == {}  # all three read from the file, none built again
    # the input decides the entry: one word more is built, not served the old string
    assert patterns.literal_alternation(["ten", "tenth", "dan", "dari", "di", "dengan", "x"]) \
        == "(?:d(?:a(?:n|ri)|engan|i)|ten(?:th)?|x)"
    # an altered file is ignored: the strings are built again, never read from it
    path = patterns.cache_file()
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 1
    path.write_bytes(bytes(blob))
    reset()
    assert cachefile.read(path, patterns.FORMAT, patterns._KEY) == {}
    assert [patterns.literal_alternation(w, flexible_space=f) for w, f in lists] == built
    assert len(patterns._store.new) == 3
