"""Parsed data files kept across runs (audit/datacache.py): what tomllib gives, always."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from audit import datacache
from conftest import empty_store

DATA = Path(datacache.__file__).parent / "data"


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def reset():
        empty_store(monkeypatch, datacache._store)

    reset()
    return reset


def test_every_shipped_data_file_comes_back_as_tomllib_parses_it(fresh):
    files = sorted(DATA.rglob("*.toml"))
    assert len(files) > 10
    for path in files:
        assert datacache.load(path) == tomllib.loads(path.read_text(encoding="utf-8"))
    datacache.save()
    fresh()  # the next run: from the file
    for path in files:
        first = datacache.load(path)
        assert first == tomllib.loads(path.read_text(encoding="utf-8")), path
        first.clear()  # a caller that changes what it got changes nothing for the next one
        assert datacache.load(path) != {}
    assert datacache._store.new == {}


def test_an_edited_text_is_parsed_again_and_dates_are_never_cached(fresh):
    assert datacache.loads('a = 1\n') == {"a": 1}
    assert datacache.loads('a = 2\n') == {"a": 2}
    dated = datacache.loads("when = 2024-01-02T03:04:05Z\n")
    assert dated["when"].year == 2024
    assert len(datacache._store.new) == 2  # the two without a date
    with pytest.raises(tomllib.TOMLDecodeError):
        datacache.loads("a = ")


@pytest.mark.parametrize("damage", [b"", b"\0" * 64, "half"])
def test_a_damaged_cache_file_is_ignored(fresh, damage):
    datacache.loads('name = "AFP"\n')
    datacache.save()
    path = datacache.cache_file()
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2] if damage == "half" else damage)
    fresh()
    assert datacache.loads('name = "AFP"\n') == {"name": "AFP"}
