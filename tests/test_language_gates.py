"""The language and provenance stages' shortcuts give what the full paths give.

Each gate or fast path here is compared with the code it spares, on real text (the parallel
corpus), text in other languages and edge cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audit import provenance
from audit.language import _WORD, _common_words, _lower_words, _screen_words

OTHER_LANGUAGES = [
    "Der Bundestag hat am Donnerstag das Gesetz verabschiedet, sagte ein Sprecher der dpa.",
    "Le gouvernement a annoncé mercredi de nouvelles mesures, selon l'AFP.",
    "El presidente dijo a Reuters que la economía crecerá, según EFE.",
    "Il governo ha detto all'ANSA che la riforma è pronta.",
    "Правительство заявило ТАСС, что переговоры продолжатся.",
    "据新华社报道，会议于周三在北京举行。",
    "共同通信によると、首相は会見で述べた。",
    "연합뉴스에 따르면 정부는 오늘 발표했다.",
    "وقالت وكالة رويترز إن المحادثات ستستمر.",
    "İSTANBUL (AA) - Türkiye'nin başkenti", "ẞtraße GROẞ", "ǅemal Bijedić", "ΣΊΣΥΦΟΣ",
]
REPO = Path(__file__).resolve().parents[1]
EDGES = ["", " ", "x_Y 3D C-3PO", "a\x1cb\x1fc\x0bd\x85e", "AFP/AFP/AFP", "(AFP/",
         "detik.com detikcom kumparanNEWS", "okezone.comx", "Reuters\n\nReuters",
         "http://nytimes.com/x elpais.com, beritajakarta.id", "dpa-AFX dpa\tdpa"]


def test_screen_words_are_the_lower_cased_words(news_en, news_id):
    """ASCII text is split as bytes (letters kept, every other byte a space): the same words,
    counted and looked up in the same common words, as ``_lower_words``."""
    common = _common_words("en") | _common_words("id")
    for text in news_en[:500] + news_id[:500] + OTHER_LANGUAGES + EDGES:
        words = _screen_words(text)
        assert [w.decode() if isinstance(w, bytes) else w for w in words] == _lower_words(text), text
        assert [w in common for w in words] == [w in common for w in _lower_words(text)], text
        assert _lower_words(text) == [w.lower() for w in _WORD.findall(text)], text


def test_common_words_hold_each_word_as_text_and_ascii_bytes():
    from audit import wordlists

    words = wordlists.top_words("en", 200)
    assert words and _common_words("en") == words | {w.encode() for w in words if w.isascii()}
    assert _common_words("xx") == frozenset()  # no word list: nothing screens


def test_lower_name_keys_cover_every_name():
    registry = provenance.load_registry()
    names = registry._lower_names  # noqa: SLF001
    assert names and registry._lower_keys  # noqa: SLF001
    assert len(registry._lower_keys) < len(names)  # noqa: SLF001 - the point of the keys
    for name in names:
        assert any(key in name for key in registry._lower_keys), name  # noqa: SLF001
    assert provenance._covering_keys(()) == ()  # noqa: SLF001
    assert provenance._covering_keys(("ab", "abcdef", "xbcde")) in (("bcde", "ab"), ("ab", "bcde"))  # noqa: SLF001


def _full_mentions(registry, text):
    """``Registry.mentions`` without the key and ASCII gates (the code before them)."""
    out = registry._scan(registry._mention, text)  # noqa: SLF001
    if any(n in text for n in registry._lower_names):  # noqa: SLF001
        out = sorted(out + registry._scan(registry._mention_lower, text), key=lambda m: m[0])  # noqa: SLF001
    if provenance._CJK.search(text) is not None:  # noqa: SLF001
        out = sorted(out + registry._scan_cjk(text), key=lambda m: m[0])  # noqa: SLF001
    return out


def _frame_before_first(text, folded, start, end, floor, frames, after_slash=False):
    """``_frame_at`` as it was: the ``before`` search, then the ``after`` match."""
    window = max(floor, start - provenance._WINDOW,  # noqa: SLF001
                 text.rfind("\n", max(0, start - provenance._WINDOW), start) + 1)  # noqa: SLF001
    for frame in frames:
        if after_slash and frame.before is None:
            continue
        span_start, span_end = start, end
        if frame.before is not None:
            found = frame.before.search(folded if frame.folded else text, window, start)
            if found is None:
                continue
            span_start = found.start()
        if frame.after is not None:
            found = frame.after.match(text, end)
            if found is None:
                continue
            span_end = found.end()
        return span_start, span_end, frame
    return None


def _texts(news_en, news_id):
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    return seeds + news_en[:1500] + news_id[:1500] + OTHER_LANGUAGES + EDGES + [
        "JAKARTA, CNN Indonesia -- Hamas said, AFP reported, as quoted by Antara (ANTARA/Rivan).",
        "Photo: Jane Doe/AFP. (AFP PHOTO / ANWAR AMRO) One source told Reuters and AFP.",
        "according to The Washington Post, citing CNN; seperti dilansir detikcom, kata kumparanNEWS",
        "Berlin (dpa) - Wie die Nachrichtenagentur dpa berichtete, sagte er der AFP.",
    ]


def test_mentions_match_the_ungated_scan(news_en, news_id):
    registry = provenance.load_registry()
    texts = _texts(news_en, news_id)
    hits = 0
    for text in texts:
        found = registry.mentions(text)
        assert found == _full_mentions(registry, text), text
        hits += bool(found)
    assert hits > 20  # the comparison saw names, lower-case and CJK ones among them
    assert [m[2].name for m in registry.mentions(EDGES[6])] == ["Detik", "Detik", "Kumparan"]


def test_frames_give_the_same_attributions_after_first(news_en, news_id):
    """Trying a frame's anchored ``after`` before its ``before`` search changes nothing: both
    must fit, neither has side effects."""
    registry = provenance.load_registry()
    seen = 0
    for text in _texts(news_en, news_id):
        folded = provenance._fold(text)  # noqa: SLF001
        for start, end, _agency in registry.mentions(text):
            for floor in (0, max(0, start - 10)):
                slash = start > 0 and text[start - 1] == "/"
                got = provenance._frame_at(text, folded, start, end, floor, registry.frames, slash)  # noqa: SLF001
                assert got == _frame_before_first(text, folded, start, end, floor,
                                                  registry.frames, slash), (text, start)
                seen += got is not None
    assert seen > 20


@pytest.mark.parametrize("text", OTHER_LANGUAGES + EDGES)
def test_attributions_are_spans_of_the_text(text):
    for attribution in provenance.find_attributions(text, provenance.load_registry()):
        assert text[attribution.start:attribution.end] == attribution.text


def _paragraphs_before(text):
    """``text.paragraphs`` as it was: a search for a blank line, then one scan for them all,
    each block stripped by ``_append_stripped``."""
    from audit.text import BLANK_LINE, _append_stripped, _lines

    out = []
    if BLANK_LINE.search(text):
        pos = 0
        for match in BLANK_LINE.finditer(text):
            _append_stripped(out, text, pos, match.start())
            pos = match.end()
        _append_stripped(out, text, pos, len(text))
    else:
        for start, end in _lines(text, 0, len(text)):
            _append_stripped(out, text, start, end)
    return out


def test_paragraphs_are_the_blocks_they_were(news_en, news_id):
    from audit.text import Segment, paragraphs

    texts = _texts(news_en, news_id) + [
        "\n\n".join(news_en[i:i + 3]) for i in range(0, 300, 3)] + [
        "\n \t\n".join(news_id[i:i + 2]) for i in range(0, 100, 2)] + [
        "", "\n\n", " \n\n ", "a\n\nb", "\n\na", "a\n\n", "  a  \n\n\n  b  ", "a\r\n\r\nb\r\n",
        "a\n\u2028\nb", "x\n \n \n y\n\n\n\nz", "\u3000\n\n\u3000a\u3000\n\nb", "\n" * 7,
        "Title\nBody line one\nbody line two.\n\nNext", "only one line", " \t "]
    for text in texts:
        got = paragraphs(text)
        assert got == _paragraphs_before(text), text
        assert all(type(s) is Segment and text[s.start:s.end] == s.text for s in got)
