"""Stories: near-duplicates grouped, translations linked, in input order, through the pipeline."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from audit import stories as stories_module
from audit.cli import app
from audit.stories import StoryIndex, cluster, facts
from conftest import SEED, compiled, require_compiled

runner = CliRunner()

# Real news sentences (the indonesian-mt-news corpus, news_valid lines 569-573), both sides.
EN = ("The ranks of Jakarta Education Department have conducted investigation against the "
      "collapsed roof of State Elementary School (SDN) Cijantung 02 Passarrebo, East Jakarta. "
      "After conducting oration, some protesters were finally allowed to meet East Jakarta "
      "Deputy Mayor, Husein Murad. Those bus stops are located on Jl Soepomo, Jl Saharjo in front "
      "of Budi Jaya Hospital, Jl Saharjo in front of Baiturrahman Mosque, Jl Saharjo in front of "
      "711, Jl HR Rasuna Said near the state training centers of Jakarta Provincial Government, "
      "Jl Kapten Tendean, Jl HR Rasuna Said in front of Sintesa Building. Researchers from the "
      "University of California monitoring a group of 1.600 people over the age of 60 found that "
      "those who felt lonely were nearly twice as likely to die during the six-year study.")
ID = ("Dinas Pendidikan DKI Jakarta terus melakukan investigasi terkait ambruknya atap SDN "
      "Cijantung 02, Pasarrebo, Jakarat Timur. Setelah puas melakukan orasi, beberapa perwakilan "
      "pengunjuk rasa akhirnya diterima oleh Wakil Walikota Jakarta Timur, Husein Murad. Ketujuh "
      "halte itu yakni, halte di Jl Soepomo, Jl Saharjo depan RS Budi Jaya, Jl Saharjo depan Masjid "
      "Baiturrahman, Jl Saharjo depan 711, Jl HR Rasuna Said dekat Diklat Pemprov DKI Jakarta, Jl "
      "Kapten Tendean, Jl HR Rasuna Said depan Gedung Sintesa. Para peneliti dari Universitas "
      "California meneliti sekitar 1.600 orang berusia di atas 60 tahun.")
OTHER = ("Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn for the three "
         "months to December, from $639m year-earlier. The firm, which is now one of the biggest "
         "investors in Google, benefited from sales of high-speed internet connections and "
         "higher advert sales. Time Warner said fourth quarter sales rose 2% to $11.1bn.")


def test_near_duplicates_share_a_story_and_unrelated_copy_does_not():
    seed = SEED.read_text(encoding="utf-8")
    edited = seed.replace("secretly visited", "visited").replace("Jakarta, CNN Indonesia —\n\n", "") \
        .replace("He is scheduled", "Haniyeh is scheduled") + "\n\nThis story is developing."
    stories = cluster([seed, OTHER, edited, EN, seed])
    assert stories == ["S1", "S2", "S1", "S3", "S1"]


def test_story_ids_follow_first_appearance_and_are_deterministic():
    texts = [OTHER, EN, OTHER + " Shares rose.", EN]
    assert cluster(texts) == cluster(texts) == ["S1", "S2", "S1", "S2"]


def test_translation_linked_by_source_text_in_either_order():
    index = StoryIndex()
    original = index.add("id-1", ID, language="id", origin="id")
    translation = index.add("en-1", EN, language="en", origin="id", source_text=ID)
    assert translation.id == original.id
    assert [link.to_dict() for link in translation.links] == [
        {"article": "id-1", "relation": "translation-of", "by": "source-text"}]

    index = StoryIndex()
    translation = index.add("en-1", EN, language="en", origin="id", source_text=ID)
    original = index.add("id-1", ID, language="id", origin="id")
    assert original.id == translation.id
    assert [link.relation for link in original.links] == ["original-of"]


def test_translation_linked_across_languages_by_shared_facts():
    index = StoryIndex()
    index.add("other", OTHER, language="en")
    original = index.add("id-1", ID, language="id", origin="id")
    translation = index.add("en-1", EN, language="en", origin="id")  # no source_text
    assert translation.id == original.id
    assert [link.to_dict() for link in translation.links] == [
        {"article": "id-1", "relation": "translation-of", "by": "shared-facts"}]
    assert {"#1600", "#711", "husein", "murad", "saharjo"} <= facts(EN) & facts(ID)


def test_same_language_or_unrelated_articles_are_not_linked_by_facts():
    index = StoryIndex()
    index.add("id-1", ID, language="id", origin="id")
    other = index.add("en-2", OTHER, language="en", origin="id")
    assert not other.links and other.id == "S2"
    index = StoryIndex()
    index.add("en-a", EN, language="en")
    rewritten = index.add("en-b", " ".join(reversed(EN.split(". "))), language="en")
    assert not [link for link in rewritten.links if link.by == "shared-facts"]


def test_pipeline_sets_story_and_workers_agree(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    batch = tmp_path / "batch.jsonl"
    records = [{"id": "a", "text": seed}, {"id": "b", "text": OTHER},
               {"id": "c", "text": seed.replace("secretly ", "")},
               {"id": "d", "text": EN, "source_text": ID}, {"id": "e", "text": ID}]
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        result = runner.invoke(app, ["run", str(batch), "--format", "jsonl", "--no-backtranslate",
                                     "--workers", workers])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    articles = [json.loads(line) for line in outputs[0].splitlines()]
    stories = {a["id"]: a["story"]["id"] for a in articles}
    assert stories == {"a": "S1", "b": "S2", "c": "S1", "d": "S3", "e": "S3"}
    assert articles[4]["story"]["links"] == [
        {"article": "d", "relation": "original-of", "by": "source-text"}]


NATIVE = compiled("_native_stories")  # whatever AUDIT_NATIVE says: both are compared


@pytest.fixture(params=["native", "fallback"])
def implementation(request, monkeypatch):
    """Runs a test with the compiled steps (audit/_native/stories.c) and with the numpy fallback.
    Where the build must have it (AUDIT_REQUIRE_NATIVE=1, CI=true) a missing module fails."""
    if request.param == "native":
        require_compiled(NATIVE, "_native_stories")
        monkeypatch.setattr(stories_module, "_NATIVE", NATIVE)
    else:
        monkeypatch.setattr(stories_module, "_NATIVE", None)
    return request.param


def test_signatures_are_datasketchs_minhash_bit_for_bit(implementation):
    """audit computes datasketch's MinHash ("affine32", seed 1, CRC-32 of each shingle) itself,
    so that stories need neither datasketch nor scipy at run time: same values, same stories."""
    import zlib

    import numpy as np
    import pytest

    datasketch = pytest.importorskip("datasketch")
    from audit.stories import NUM_PERM, _text_signature, shingles, signature

    for text in (EN, ID, OTHER, "two words", "one", "!!!"):
        reference = datasketch.MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32)
        items = sorted(shingles(text))
        if items:
            reference.update_batch(items)
        assert np.array_equal(signature(items), reference.hashvalues), text
        assert np.array_equal(_text_signature(text), reference.hashvalues), text


def test_lsh_bands_are_datasketchs_optimum_and_the_precomputed_ones_hold():
    import pytest

    from audit.stories import _PRECOMPUTED, NUM_PERM, optimal_bands, solve_bands

    for (threshold, num_perm, fp, fn), bands in _PRECOMPUTED.items():
        assert solve_bands(threshold, num_perm, fp, fn) == bands  # the table is the computation
    lsh = pytest.importorskip("datasketch.lsh")
    for threshold in (0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.45, 0.6, 0.7, 0.85, 0.95):
        assert optimal_bands(threshold) == lsh._optimal_param(threshold, NUM_PERM, 0.5, 0.5), threshold


def test_the_saved_permutations_are_the_ones_datasketch_draws():
    import numpy as np

    from audit.stories import PERMUTATIONS_FILE, _permutations

    assert np.array_equal(np.load(PERMUTATIONS_FILE), _permutations())


def test_facts_keep_names_inside_a_sentence_and_skip_sentence_initial_capitals():
    text = ('Police said Haniyeh met Sisi. Later "Mahmoud Abbas" left: Ramallah stayed calm — '
            'Gaza too. (Rafah) was shut, said ("Khan") and iPhone users, 1.500.000 people and 07 '
            'more, 1,5 and 1.5 and 2026-03-01.')
    assert facts(text) == {"haniyeh", "sisi", "mahmoud", "abbas", "khan",
                           "#1500000", "#7", "#15", "#2026", "#3", "#1"}
    assert facts("Haniyeh arrived.") == set()          # the text's start is a sentence start
    assert facts("\n\n  \u201cHaniyeh arrived\u201d, said Sisi") == {"sisi"}


def test_the_fact_bands_read_a_prefix_of_the_full_signature(implementation):
    import numpy as np

    from audit.stories import NUM_PERM, _facts_signature, _hash, minhash, signature

    hashes = sorted({_hash(f.encode()) for f in facts(EN)})
    full = signature(str(h) for h in hashes)
    assert len(full) == NUM_PERM
    for width in (1, 56, NUM_PERM):
        assert np.array_equal(_facts_signature(hashes, width), full[:width])
    assert np.array_equal(minhash(np.empty(0, np.uint32), 8), signature([])[:8])


def test_lsh_buckets_find_every_earlier_article_sharing_a_band_before_and_after_merges(implementation):
    """Inserts go to a dict and are merged into sorted arrays now and then: a query must find
    the same keys whichever side holds them."""
    import random

    import numpy as np

    from audit.stories import NUM_PERM, _band_index

    bands = _band_index(0.4, NUM_PERM)  # the compiled index with the native implementation
    assert (type(bands).__name__ == "Bands") == (implementation == "native")
    rng = random.Random(5)
    pool = [np.array([rng.getrandbits(32) for _ in range(NUM_PERM)], dtype=np.uint32)
            for _ in range(40)]
    inserted: list[list[int]] = []
    for key in range(1500):  # merges at 512 and 1024 pending inserts
        sig = pool[rng.randrange(len(pool))].copy()
        sig[rng.randrange(NUM_PERM)] = rng.getrandbits(32)  # one changed value: most bands shared
        own = bands.bands(sig)
        if key % 97 == 0:
            expected = sorted(k for k, other in enumerate(inserted) if set(own) & set(other))
            assert bands.query(own) == expected, key
        bands.insert(key, own)
        inserted.append(own)
    hashes, _keys, recent = _band_state(bands)
    assert len(hashes) > 0 and recent  # both sides were exercised


def _band_state(bands):
    """(hashes, keys, recent) of a ``_Bands`` or compiled ``Bands`` index: its merged arrays
    and its inserts since the last merge ({hash: [keys]})."""
    import numpy as np

    if hasattr(bands, "merged"):
        hashes, keys = bands.merged()
        return np.frombuffer(hashes, np.uint64), np.frombuffer(keys, np.uint32), bands.recent()
    return bands.hashes, bands.keys, {h: list(keys) for h, keys in bands.recent.items()}


def _edited_copies(texts: list[str], count: int, seed: int) -> list[str]:
    """Near-duplicates of real texts as a desk makes them: words dropped, swapped or replaced,
    sentences dropped, case and punctuation changed; some too short to shingle."""
    import random

    rng = random.Random(seed)
    words = " ".join(texts).split()
    out = []
    for _ in range(count):
        base = rng.choice(texts).split()
        kind = rng.randrange(6)
        if kind == 0:
            base[rng.randrange(len(base))] = rng.choice(words)
        elif kind == 1:
            del base[rng.randrange(len(base)):][:rng.randint(1, 30)]
        elif kind == 2:
            base = base[:rng.randint(0, 4)]  # 0 to 4 words: no shingle, one, or two
        elif kind == 3:
            base = [w.upper() if rng.random() < 0.3 else w for w in base]
        elif kind == 4:
            i = rng.randrange(len(base))
            base[i:i] = rng.sample(words, 3)
        out.append(" ".join(base))
    return out


def test_compiled_steps_give_the_fallbacks_stories_links_and_index_bit_for_bit(monkeypatch):
    """The compiled MinHash, bands and bucket lookups (audit/_native/stories.c) against the
    numpy code they replace, on real text and its near-duplicates, with source texts, mixed
    languages, merges of the LSH arrays and crowded buckets (> MAX_PER_BUCKET keys)."""
    import numpy as np

    require_compiled(NATIVE, "_native_stories")
    seed = SEED.read_text(encoding="utf-8")
    real = [EN, ID, OTHER, *seed.split("\n\n"), "Σοφία ΟΔΟΣ İstanbul ǅemal ﬁnal", "٣٤٥ ١٢ and 12",
            "snake_case word_s \U0001F600 emoji\u200dtext", "\ud800 a lone surrogate between words"]
    real = [t for t in real if t.strip()]
    copies = _edited_copies(real, 1200, seed=3)
    texts = real + [OTHER] * 100 + copies[:600] + [OTHER] * 40 + copies[600:]  # crowded buckets
    records = [(f"a{n}", text, ("en", "id", None)[n % 3], ("id", None)[n % 2],
                ID if n % 4 == 0 else (texts[n - 1] if n % 7 == 0 and n else None))
               for n, text in enumerate(texts)]

    def run(native):
        monkeypatch.setattr(stories_module, "_NATIVE", native)
        index = StoryIndex()
        out = [index.add(i, t, language=lang, origin=origin, source_text=src).to_dict()
               for i, t, lang, origin, src in records]
        return out, index

    fallback, fallback_index = run(None)
    native, native_index = run(NATIVE)
    assert native == fallback
    assert len({s["id"] for s in fallback}) < len(fallback) / 2  # near-duplicates were grouped
    assert any(s["links"] for s in fallback)
    assert type(native_index.text_bands).__name__ == "Bands"  # the compiled index ran
    for name in ("text_bands", "source_bands", "fact_bands"):
        a, b = _band_state(getattr(fallback_index, name)), _band_state(getattr(native_index, name))
        assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]), name
        assert a[2] == b[2], name
    assert len(fallback_index.text_bands.hashes)  # merged at least once
    assert np.array_equal(fallback_index.sigs.data[:len(texts)], native_index.sigs.data[:len(texts)])
    crowded = np.unique(fallback_index.text_bands.hashes, return_counts=True)[1].max()
    assert crowded > stories_module._Bands.MAX_PER_BUCKET
    lsh = fallback_index.text_bands
    queries = [lsh.bands(fallback_index.sigs.data[k]) for k in range(0, len(texts), 5)]
    found = {"fallback": [lsh.query(bands) for bands in queries],
             "native": [native_index.text_bands.query(bands) for bands in queries]}
    assert found["native"] == found["fallback"]
    # Crowded buckets read on both sides: the first keys of the merged ones and of the recent ones.
    assert max(map(len, found["native"])) > stories_module._Bands.MAX_PER_BUCKET


def test_audit_native_0_forces_the_fallback():
    import subprocess
    import sys

    code = "import audit.stories as s; print(s._NATIVE is None)"
    env = {**os.environ, "AUDIT_NATIVE": "0"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"
    if NATIVE is not None:
        env["AUDIT_NATIVE"] = "1"
        result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True)
        assert result.stdout.strip() == "False"


def test_compiled_words_numbers_and_names_follow_re_across_unicode(monkeypatch):
    """The compiled scan's \\w, \\d and letter classes are re's: each code point inside a word,
    between digits, after and inside a capitalised name; every code point up to U+3000 (the
    alphabets, the scripts' digits) and every 7th one above (a whole sweep takes 10 s)."""
    import numpy as np

    require_compiled(NATIVE, "_native_stories")
    from audit.stories import _fact_hashes, _fact_strings, _text_signature

    def both(function, text):
        monkeypatch.setattr(stories_module, "_NATIVE", None)
        fallback = function(text)
        monkeypatch.setattr(stories_module, "_NATIVE", NATIVE)
        return fallback, function(text)

    points = [*range(0x3000), *range(0x3000, 0x110000, 7)]
    for start in range(0, len(points), 2048):
        chars = [chr(c) for c in points[start:start + 2048]]
        words = " ".join(f"q{c}z" for c in chars)
        fallback, native = both(_text_signature, words)
        assert np.array_equal(fallback, native), hex(ord(chars[0]))
        text = " ".join(f"{c}{c}7 x{c}Abc Ab{c}de 0{c}0 1.{c}2 q {c}Xyz" for c in chars)
        fallback, native = both(_fact_strings, text)
        assert fallback == native, hex(ord(chars[0]))
        fallback, native = both(_fact_hashes, text)
        assert fallback == native, hex(ord(chars[0]))


def test_compiled_signature_lower_cases_and_hashes_as_the_fallback(monkeypatch):
    """The compiled signature lower-cases the text itself where only ASCII capitals change
    (curly quotes, dashes, accented small letters) and through str.lower elsewhere (É, the
    dotted İ that lower-cases to two characters, a final Σ, the Kelvin sign that becomes an
    ASCII k), and computes zlib's CRC-32 eight and four bytes a step: the fallback's values
    for shingles of every length from 0 to 40 bytes and longer; texts of one, two and three
    words, and of more shingles than the compiled scan gathers at a time."""
    import random
    import zlib

    import numpy as np

    require_compiled(NATIVE, "_native_stories")
    from audit.stories import _A, _B, NUM_PERM, _text_signature, minhash

    texts = ["The AFP’s “report” — Jakarta", "Égypte's ÉLYSÉE and élysée", "İstanbul İSTANBUL",
             "ΟΔΟΣ ΣΟΦΊΑΣ and Σ", "5 \u212a and 5 K", "Jakarta, CNN Indonesia — Media AS Axios",
             "a", "A B", "", "x" * 300 + " Y " + "z" * 9, EN, ID, OTHER,
             "é", "Ü ß", "é ü ß", "é, ü; ß. Ω", " ".join(f"w{n}ä" for n in range(700))]
    for text in texts:
        monkeypatch.setattr(stories_module, "_NATIVE", None)
        fallback = _text_signature(text)
        monkeypatch.setattr(stories_module, "_NATIVE", NATIVE)
        assert np.array_equal(_text_signature(text), fallback), text
    rng = random.Random(7)
    for length in [*range(41), 100, 1000]:
        items = [bytes(rng.getrandbits(8) for _ in range(length)) for _ in range(3)]
        expected = minhash(np.array([zlib.crc32(i) for i in items], dtype=np.uint32))
        compiled = np.frombuffer(NATIVE.item_signature(items, _A, _B, NUM_PERM), dtype=np.uint32)
        assert np.array_equal(compiled, expected), length


def test_compiled_fact_hashes_keep_the_first_distinct_facts_as_the_fallback(monkeypatch):
    """The index keeps the CRC-32s of an article's first MAX_FACTS distinct facts: repeats
    (also of a name in other capitals: "Gaza", "GAZA"), more than MAX_FACTS facts, names
    lower-cased beyond ASCII (Σ, İ, ǅ: str.lower's full mapping) give the fallback's hashes."""
    require_compiled(NATIVE, "_native_stories")
    from audit.stories import MAX_FACTS, _fact_hashes

    names = [f"Name{chr(97 + n % 26)}{chr(97 + n // 26)}" for n in range(90)]
    texts = [EN, ID, OTHER, SEED.read_text(encoding="utf-8"),
             "said " + " and ".join(f"{name} {n * 37}" for n, name in enumerate(names)),  # > MAX_FACTS
             "met Gaza, Gaza and GAZA Gaza 12 12 012 1.2 1,2 and Gazan",
             "met ΣΟΦΊΑ Σοφία, İstanbul and İSTANBUL, ǅemal Ǆemal, Égypte ÉGYPTE égypte 1.500.000",
             "met Abİstan and Abistan, Müller and MüLLER, Ñoño, ÐaΣΣ and Straße ١٢٣ and 123"]
    for text in texts:
        monkeypatch.setattr(stories_module, "_NATIVE", None)
        fallback = _fact_hashes(text)
        monkeypatch.setattr(stories_module, "_NATIVE", NATIVE)
        assert _fact_hashes(text) == fallback, text[:40]
        assert fallback == sorted(set(fallback))
    assert len(_fact_hashes(texts[4])) == MAX_FACTS


def test_compiled_item_signature_hashes_ints_as_their_str():
    """The compiled item signature writes an int's digits itself (the fact bands hash each
    fact hash as str(int)): zero, signs, the 64-bit limits, ints beyond them and bools
    (str(True) is "True") hash as str() writes them."""
    import zlib

    import numpy as np

    require_compiled(NATIVE, "_native_stories")
    from audit.stories import _A, _B, NUM_PERM, minhash

    items = [0, 1, 9, 10, 99, -1, -10, 2**31, 2**32 - 1, 2**63 - 1, -2**63, 2**63, 2**70,
             -2**70, True, False, "12", b"12"]
    for item in items:
        data = item if isinstance(item, bytes) else str(item).encode()
        expected = minhash(np.array([zlib.crc32(data)], dtype=np.uint32))
        compiled = np.frombuffer(NATIVE.item_signature([item], _A, _B, NUM_PERM), dtype=np.uint32)
        assert np.array_equal(compiled, expected), item


def test_compiled_bands_packed_are_the_bands_and_index_alike():
    """The compiled index takes a signature's band hashes packed in bytes (what StoryIndex
    passes it) or as the list of ints: the same values, the same inserts and answers."""
    import random

    import numpy as np

    require_compiled(NATIVE, "_native_stories")
    from audit.stories import NUM_PERM, _band_index

    rng = random.Random(11)
    by_list, by_bytes = _band_index(0.4, NUM_PERM), _band_index(0.4, NUM_PERM)
    base = np.array([rng.getrandbits(32) for _ in range(NUM_PERM)], dtype=np.uint32)
    for key in range(700):  # a merge at 512 inserts
        sig = base.copy()
        sig[rng.randrange(NUM_PERM)] = rng.getrandbits(32)
        bands, packed = by_list.bands(sig), by_bytes.packed(sig)
        assert np.frombuffer(packed, dtype=np.uint64).tolist() == bands
        assert by_bytes.query(packed) == by_list.query(bands) == by_bytes.query(bands)
        by_list.insert(key, bands)
        by_bytes.insert(key, packed)
    assert by_bytes.merged() == by_list.merged() and by_bytes.recent() == by_list.recent()
    with pytest.raises(ValueError):
        by_bytes.query(b"1234567")  # not a whole number of uint64 values
    with pytest.raises(TypeError):
        by_bytes.query((1, 2))
