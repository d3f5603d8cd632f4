"""The per-machine cache store (audit/cachefile.py) that the compiled patterns, the parsed
data files and the word-list alternations share: a bad file is never read, only rebuilt."""

from __future__ import annotations

import hashlib
import marshal
import multiprocessing
import os

import pytest

from audit import cachefile, datacache, patterns, regexes


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "audit"


def _store(key: str = "py-test", fmt: int = 1, limit: int = 100) -> cachefile.Store:
    return cachefile.Store("things", fmt, key, limit)


def test_entries_added_in_one_process_are_read_by_the_next(cache_home):
    first = _store()
    assert first.get(b"a") is None and first.entries() == {}
    first.add(b"a", "alpha")
    first.add(b"b", ["beta", 2])
    assert first.get(b"a") == "alpha"  # before any save: what this process added
    first.save()
    assert first.path() == cache_home / "things-py-test.marshal" and first.path().is_file()
    assert first.new == {}
    second = _store()
    assert second.get(b"a") == "alpha" and second.get(b"b") == ["beta", 2]
    assert second.new == {}
    mtime = second.path().stat().st_mtime_ns
    second.save()  # nothing new: the file is not written again
    assert second.path().stat().st_mtime_ns == mtime


@pytest.mark.parametrize("damage", ["empty", "half", "one-byte-less", "flipped", "zeros", "garbage"])
def test_a_corrupt_or_partial_file_is_ignored_and_rebuilt(cache_home, damage):
    store = _store()
    for n in range(50):
        store.add(n.to_bytes(2, "big"), f"value {n}" * 10)
    store.save()
    whole = store.path().read_bytes()
    damaged = {"empty": b"", "half": whole[: len(whole) // 2], "one-byte-less": whole[:-1],
               "flipped": whole[:-7] + bytes([whole[-7] ^ 0x10]) + whole[-6:],
               "zeros": b"\0" * len(whole), "garbage": os.urandom(300)}[damage]
    store.path().write_bytes(damaged)
    again = _store()
    assert again.get((3).to_bytes(2, "big")) is None and again.entries() == {}
    again.add(b"x", "rebuilt")
    again.save()  # the bad file is replaced by a good one
    assert _store().entries() == {b"x": "rebuilt"}


def test_a_changed_key_or_format_misses(cache_home):
    store = _store(key="build-1")
    store.add(b"k", "v")
    store.save()
    assert _store(key="build-1").get(b"k") == "v"
    other = _store(key="build-2")  # another Python build: another file, nothing in it
    assert other.path() != store.path() and other.get(b"k") is None
    assert _store(key="build-1", fmt=2).get(b"k") is None  # the same file, another format
    # a file renamed from another build's: its key is inside it, so it is not trusted
    os.replace(store.path(), other.path())
    assert _store(key="build-2").entries() == {}
    # and the entry key decides too: a changed input is not served an old value
    assert _store(key="build-1").get(b"K") is None


def test_a_full_store_keeps_what_this_process_used(cache_home):
    store = _store(limit=3)
    for key in (b"a", b"b", b"c"):
        store.add(key, key.decode())
    store.save()
    later = _store(limit=3)
    assert later.get(b"a") == "a"
    later.add(b"d", "d")
    later.save()  # four entries > 3: only the used one and the new one are kept
    assert _store(limit=3).entries() == {b"a": "a", b"d": "d"}


def test_a_value_marshal_cannot_write_is_left_out_and_nothing_is_lost(cache_home):
    store = _store()
    store.add(b"good", "kept")
    store.add(b"bad", object())
    store.save()
    assert _store().entries() == {b"good": "kept"}


def test_a_folder_that_cannot_be_written_costs_only_the_next_run(tmp_path, monkeypatch):
    (tmp_path / "audit").write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    store = _store()
    store.add(b"k", "v")
    store.save()  # no exception
    assert store.new == {b"k": "v"} and store.get(b"k") == "v"  # kept for a later save
    assert not list(tmp_path.glob("**/.things-*.tmp"))


def _write_many(path: str, writer: int, rounds: int) -> None:
    os.environ["XDG_CACHE_HOME"] = path
    for n in range(rounds):
        store = _store()
        store.add(b"writer", writer)
        store.add(b"round", n)
        store.add(b"bulk", bytes([writer]) * 200_000)  # large enough that a write takes a while
        store.save()


def test_concurrent_writers_never_leave_a_broken_file(cache_home):
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_write_many, args=(str(cache_home.parent), w, 25))
               for w in range(1, 4)]
    for process in writers:
        process.start()
    seen = 0
    path = _store().path()
    while any(process.is_alive() for process in writers):
        if path.is_file():  # every file a reader finds is one writer's whole file
            entries = _store().entries()
            assert entries, "a reader found a file it cannot read"
            assert entries[b"bulk"] == bytes([entries[b"writer"]]) * 200_000
            seen += 1
    for process in writers:
        process.join()
        assert process.exitcode == 0
    final = _store().entries()
    assert final[b"round"] == 24 and final[b"writer"] in (1, 2, 3)
    assert not list(cache_home.glob(".things-*.tmp"))  # no temporary file left behind
    assert seen > 0


def test_the_three_caches_are_stores_of_their_own_files(cache_home):
    names = {store.path().name for store in (regexes._store, datacache._store, patterns._store)}
    assert names == {f"regexes-{regexes._KEY}.marshal", f"toml-{datacache._KEY}.marshal",
                     f"alternations-{patterns._KEY}.marshal"}
    assert regexes.cache_file() == cache_home / f"regexes-{regexes._KEY}.marshal"
    # the file format is the documented one: digest, then marshal of format, key and entries
    store = _store()
    store.add(b"k", "v")
    store.save()
    blob = store.path().read_bytes()
    assert hashlib.blake2b(blob[32:], digest_size=32).digest() == blob[:32]
    assert marshal.loads(blob[32:]) == {"format": 1, "key": "py-test", "entries": {b"k": "v"}}
