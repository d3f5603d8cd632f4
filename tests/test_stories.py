"""Stories: near-duplicates grouped, translations linked, in input order, through the pipeline."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from audit.cli import app
from audit.stories import StoryIndex, cluster, facts
from conftest import SEED

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


def test_signatures_are_datasketchs_minhash_bit_for_bit():
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


def test_the_fact_bands_read_a_prefix_of_the_full_signature():
    import numpy as np

    from audit.stories import NUM_PERM, _facts_signature, _hash, minhash, signature

    hashes = sorted({_hash(f.encode()) for f in facts(EN)})
    full = signature(str(h) for h in hashes)
    assert len(full) == NUM_PERM
    for width in (1, 56, NUM_PERM):
        assert np.array_equal(_facts_signature(hashes, width), full[:width])
    assert np.array_equal(minhash(np.empty(0, np.uint32), 8), signature([])[:8])


def test_lsh_buckets_find_every_earlier_article_sharing_a_band_before_and_after_merges():
    """Inserts go to a dict and are merged into sorted arrays now and then: a query must find
    the same keys whichever side holds them."""
    import random

    import numpy as np

    from audit.stories import NUM_PERM, _Bands

    bands = _Bands(0.4, NUM_PERM)
    rng = random.Random(5)
    pool = [np.array([rng.getrandbits(32) for _ in range(NUM_PERM)], dtype=np.uint32)
            for _ in range(40)]
    inserted: list[list[int]] = []
    for key in range(1500):  # merges at 512 and 1024 pending inserts
        sig = pool[rng.randrange(len(pool))].copy()
        sig[rng.randrange(NUM_PERM)] = rng.getrandbits(32)  # one changed value: most bands shared
        own = bands.bands(sig)
        if key % 97 == 0:
            expected = {k for k, other in enumerate(inserted) if set(own) & set(other)}
            assert bands.query(own) == expected, key
        bands.insert(key, own)
        inserted.append(own)
    assert len(bands.hashes) > 0 and bands.recent  # both sides were exercised
