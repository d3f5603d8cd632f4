"""Pairing the mentions of a source and its translation, and what is left over as findings."""

from __future__ import annotations

import bisect
from decimal import Decimal
from typing import Callable

from audit.checks.base import Hit
from audit.checks.lexicon import allowed, compiled
from audit.text import Segment, sentences
from audit.checks.numbers.align import MAX_CANDIDATES, _features, align
from audit.checks.numbers.extract import extract
from audit.checks.numbers.lexicon import Lexicon, _build
from audit.checks.numbers.model import Mention, ROUNDING
from audit.checks.numbers.render import _context, _quote, _segment_of, render

# --- comparison ----------------------------------------------------------------------------------

class _Side:
    def __init__(self, mentions: list[Mention], segs: list[Segment], bead_of: list[int]) -> None:
        self.mentions = mentions
        starts = [s.start for s in segs]
        self.bead = [bead_of[max(0, bisect.bisect_right(starts, m.start) - 1)] if segs else 0
                     for m in mentions]
        self.partner: list[int | None] = [None] * len(mentions)


def _match(src: _Side, tgt: _Side, across: bool = True) -> None:
    """Pair equal values: same aligned sentence first (exact reading, then any reading), then
    anywhere in the article, nearest sentence first. Candidates come from an index by reading,
    so a number-heavy article costs no more than its numbers.

    ``across=False`` skips the "anywhere in the article" rounds: where every mention is in one
    bead (``_all_matched``) they can pair nothing more, for each round pairs a mention with the
    first free candidate it has, and a mention left without one has none later either."""
    by_primary: dict[tuple, list[int]] = {}
    by_key: dict[tuple, list[int]] = {}
    for j, t in enumerate(tgt.mentions):
        by_primary.setdefault(t.keys[0], []).append(j)
        for key in t.keys:
            by_key.setdefault(key, []).append(j)

    first_free: dict[int, int] = {}

    def window(js: list[int]) -> list[int]:
        """The first MAX_CANDIDATES of ``js`` after its already-paired prefix."""
        k = first_free.get(id(js), 0)
        while k < len(js) and tgt.partner[js[k]] is not None:
            k += 1
        first_free[id(js)] = k
        return js[k:k + MAX_CANDIDATES]

    def run(same_bead: bool, primary: bool) -> None:
        for i, s in enumerate(src.mentions):
            if src.partner[i] is not None:
                continue
            if primary:
                candidates = window(by_primary.get(s.keys[0], []))
            else:
                candidates = sorted({j for key in s.keys for j in window(by_key.get(key, []))})
            best, best_distance = None, None
            for j in candidates:
                if tgt.partner[j] is not None:
                    continue
                distance = abs(src.bead[i] - tgt.bead[j])
                if same_bead and distance:
                    continue
                if best_distance is None or distance < best_distance:
                    best, best_distance = j, distance
                    if distance == 0:
                        break
            if best is not None:
                src.partner[i] = best
                tgt.partner[best] = i
    run(True, True)
    run(True, False)
    if across:
        run(False, True)
        run(False, False)


def _all_matched(src_mentions: list[Mention], tgt_mentions: list[Mention]) -> bool:
    """True when matching over the whole article leaves nothing that could be reported."""
    src = _Side(src_mentions, [], [])
    tgt = _Side(tgt_mentions, [], [])
    _match(src, tgt, across=False)   # one bead: the same-bead rounds pair all that can be
    left_src = [m for m, p in zip(src_mentions, src.partner) if p is None]
    left_tgt = [m for m, p in zip(tgt_mentions, tgt.partner) if p is None]
    if any(not m.weak for m in left_src) or any(not m.weak for m in left_tgt):
        return False
    return all(m.idiom for m in left_src) or all(m.idiom for m in left_tgt)


def _value(m: Mention) -> Decimal | None:
    key = m.keys[0]
    return key[1] if key[0] == "n" else None


def _year_like(m: Mention) -> bool:
    v = _value(m)
    return v is not None and not m.percent and not m.currency and 1900 <= v <= 2100 \
        and v == v.to_integral() and len(m.text) == 4


def _digits(m: Mention) -> str:
    v = _value(m)
    return format(v.normalize(), "f").replace(".", "") if v is not None else ""


def _pairable(s: Mention, t: Mention) -> bool:
    if s.idiom or t.idiom or s.kind != t.kind:
        return False
    if s.kind == "code":
        return s.keys[0][1] == t.keys[0][1]    # same letters, other digits: "MH370" vs "MH17"
    if s.kind == "num":
        if s.percent != t.percent and not (s.percent and t.percent):
            return False
        if _year_like(s) != _year_like(t) and len(_digits(s)) != len(_digits(t)):
            return False   # a year and a count ("in 2012" vs "500 people") are not one number
    return True


def _rounding(s: Mention, t: Mention) -> bool:
    """"3.7 percent" for "3,69 persen": within 2% and written with fewer digits."""
    sv, tv = _value(s), _value(t)
    if sv is None or tv is None or not sv:
        return False
    if abs(sv - tv) / abs(sv) > ROUNDING:
        return False
    return len(_digits(t).rstrip("0")) < len(_digits(s).rstrip("0"))


def compare(text: str, source: str, lang: str = "en", source_lang: str = "id",
            lex: Lexicon | None = None, config=None,
            text_sentences: list[Segment] | Callable[[], list[Segment]] | None = None,
            source_sentences: list[Segment] | Callable[[], list[Segment]] | None = None
            ) -> list[Hit]:
    """Findings for ``text`` (the translation) against ``source`` (pure; the check's core).

    ``text_sentences``/``source_sentences``: the texts' sentences when the caller has them,
    or a function giving them, called only when the numbers need aligning (most pairs have
    none, or only numbers matched across the whole text)."""
    if lex is None:
        from audit.config import DEFAULT
        lex = compiled("numbers", config or DEFAULT, _build)
    tgt_mentions = extract(text, lang, lex)
    src_mentions = extract(source, source_lang, lex)
    if not tgt_mentions and not src_mentions:
        return []
    if _all_matched(src_mentions, tgt_mentions):
        return []   # the common case: every number has its counterpart; no alignment needed
    if callable(text_sentences):
        text_sentences = text_sentences()
    if callable(source_sentences):
        source_sentences = source_sentences()
    tgt_segs = (sentences(text) if text_sentences is None else text_sentences) \
        or [Segment(0, len(text), text)]
    src_segs = (sentences(source) if source_sentences is None else source_sentences) \
        or [Segment(0, len(source), source)]
    beads = align(_features(src_segs, src_mentions), _features(tgt_segs, tgt_mentions))
    src_bead = [0] * len(src_segs)
    tgt_bead = [0] * len(tgt_segs)
    bead_targets: list[list[int]] = []
    for b, (si, ti) in enumerate(beads):
        for i in si:
            src_bead[i] = b
        for j in ti:
            tgt_bead[j] = b
        bead_targets.append(ti)
    src = _Side(src_mentions, src_segs, src_bead)
    tgt = _Side(tgt_mentions, tgt_segs, tgt_bead)
    _match(src, tgt)

    return _report(text, source, lang, src, tgt, src_segs, tgt_segs, src_bead, tgt_bead,
                   bead_targets, config)


def _similarity_cost(s: Mention, t: Mention, src_seg: Segment, tgt_seg: Segment) -> float:
    """How unlikely ``t`` is the translation of ``s`` (lower is likelier): the same place in
    the sentence, the same percent/currency marking, digits in common."""
    where_s = (s.start - src_seg.start) / max(1, src_seg.end - src_seg.start)
    where_t = (t.start - tgt_seg.start) / max(1, tgt_seg.end - tgt_seg.start)
    cost = abs(where_s - where_t)
    cost += 0.5 * (s.percent != t.percent) + 0.3 * (bool(s.currency) != bool(t.currency))
    sv, tv = _value(s), _value(t)
    if sv is not None and tv is not None and sv and tv:
        ds, dt = _digits(s), _digits(t)
        if len(ds) == len(dt) > 1 and sum(a != b for a, b in zip(ds, dt)) <= 1:
            cost -= 0.4   # one digit changed: 1,514 → 1,517
        elif sorted(ds) == sorted(dt) or ds in dt or dt in ds:
            cost -= 0.3   # 15 → 51, 26 → 126, 1.5 million → 1.5 billion
    return cost


def _report(text: str, source: str, lang: str, src: _Side, tgt: _Side,
            src_segs: list[Segment], tgt_segs: list[Segment], src_bead: list[int],
            tgt_bead: list[int], bead_targets: list[list[int]], config) -> list[Hit]:
    """Turn what ``_match`` left unpaired into changed / dropped / added hits."""
    keys_in_bead: tuple[dict[int, set], dict[int, set]] = ({}, {})
    for side, store in ((src, keys_in_bead[0]), (tgt, keys_in_bead[1])):
        for k, mention in enumerate(side.mentions):
            store.setdefault(side.bead[k], set()).update(mention.keys)
    left_src = [i for i, p in enumerate(src.partner) if p is None]
    left_tgt = [j for j, p in enumerate(tgt.partner) if p is None]
    left_tgt_in_bead: dict[int, list[int]] = {}
    for j in left_tgt:
        left_tgt_in_bead.setdefault(tgt.bead[j], []).append(j)
    candidates = []
    for i in left_src:
        s = src.mentions[i]
        for j in left_tgt_in_bead.get(src.bead[i], [])[:MAX_CANDIDATES]:
            t = tgt.mentions[j]
            if _pairable(s, t):
                cost = _similarity_cost(s, t, _segment_of(src_segs, s.start),
                                        _segment_of(tgt_segs, t.start))
                candidates.append((cost, i, j))
    candidates.sort()
    hits: list[Hit] = []
    paired_src: set[int] = set()
    paired_tgt: set[int] = set()
    for _, i, j in candidates:
        if i in paired_src or j in paired_tgt:
            continue
        paired_src.add(i)
        paired_tgt.add(j)
        s, t = src.mentions[i], tgt.mentions[j]
        rounded = _rounding(s, t)
        what = "rounds" if rounded else "differs from"
        hits.append(Hit(
            t.start, t.end,
            f"\"{t.text}\" {what} the source's \"{s.text}\" "
            f"(source: \"{_context(source, src_segs, s)}\").",
            render(s, lang, like=t), severity="minor" if rounded else None))
    for i in left_src:
        s = src.mentions[i]
        if i in paired_src or s.weak:
            continue
        if keys_in_bead[1].get(src.bead[i], set()).intersection(s.keys):
            continue   # said twice in the source, once in the translation: not a loss
        targets = bead_targets[src.bead[i]]
        if targets:
            seg = Segment(tgt_segs[targets[0]].start, tgt_segs[targets[-1]].end, "")
        else:   # the whole sentence is missing: point at the sentence before the gap
            before = bisect.bisect_left(tgt_bead, src.bead[i]) - 1  # beads are in text order
            seg = tgt_segs[max(before, 0)]
        hits.append(Hit(
            seg.start, seg.end,
            f"The source's \"{s.text}\" is missing from the translation "
            f"(source: \"{_context(source, src_segs, s)}\").",
            render(s, lang), severity="minor", category="accuracy/omission"))
    first_src_in_bead: dict[int, int] = {}
    for i, bead in enumerate(src_bead):
        first_src_in_bead.setdefault(bead, i)
    for j in left_tgt:
        t = tgt.mentions[j]
        if j in paired_tgt or t.weak:
            continue
        if keys_in_bead[0].get(tgt.bead[j], set()).intersection(t.keys):
            continue
        near = first_src_in_bead.get(tgt.bead[j])
        where = f" (source: \"{_quote(source, src_segs[near])}\")" if near is not None else ""
        hits.append(Hit(t.start, t.end, f"\"{t.text}\" is not in the source{where}.", None,
                        severity="minor", category="accuracy/addition"))
    if config is not None:
        hits = [h for h in hits if not allowed(config, text[h.start:h.end])]
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


