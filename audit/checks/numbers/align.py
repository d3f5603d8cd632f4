"""Sentence alignment of a source and its translation, by length and shared numbers and names."""

from __future__ import annotations

import bisect
import math
import re
from typing import NamedTuple

from audit import native
from audit.text import Segment
from audit.checks.numbers.model import Mention

# --- alignment -----------------------------------------------------------------------------------

_NAME = re.compile(r"[A-Z](?<=[\s(\"“][A-Z])[\w'’-]{2,}")
_NATIVE = native.load("_native_text")   # audit/_native/text.c, or None
_BAND = 6


class _Unit(NamedTuple):
    seg: Segment
    keys: frozenset
    names: frozenset[str]


def _features(segs: list[Segment], mentions: list[Mention]) -> list[_Unit]:
    starts = [s.start for s in segs]
    keys: list[set] = [set() for _ in segs]
    for m in mentions:
        i = max(0, bisect.bisect_right(starts, m.start) - 1)
        if not m.idiom:
            keys[i].update(m.keys)
    return [_Unit(s, frozenset(k), _names(s.text)) for s, k in zip(segs, keys)]


def _names(sentence: str) -> frozenset[str]:
    """The capitalised names of a sentence (``_NAME``; the compiled scan finds the same)."""
    if _NATIVE is not None:
        return _NATIVE.names(sentence)
    return frozenset(_NAME.findall(sentence))


_MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (3, 1), (1, 3))
# Beyond this many cells of the band, sentences are paired along the diagonal instead (a news
# article needs a few thousand; each costs a few microseconds).
MAX_ALIGNMENT_CELLS = 40_000
# At most this many same-valued candidates are weighed for one number: an article repeating
# "12" ten thousand times must not cost ten thousand squared comparisons.
MAX_CANDIDATES = 256
_SKIP = 3.0         # a sentence with no counterpart
_MERGE = 1.2        # per extra sentence in a bead
# The moves that pair sentences (1-1, 2-1, …), each with its merge cost; the other two of
# ``_MOVES`` skip a sentence.
_BEADS = tuple((di, dj, _MERGE * (di + dj - 2)) for di, dj in _MOVES if di and dj)


def _diagonal_fits(src: list[_Unit], tgt: list[_Unit]) -> bool:
    """Equal sentence counts, each pair of similar length, and no number or name that a
    neighbouring sentence shares better: sentence i translates sentence i (the usual case)."""
    n = len(src)
    for i, (su, tu) in enumerate(zip(src, tgt)):
        ls, lt = len(su.seg.text) + 20, len(tu.seg.text) + 20
        if ls > 2 * lt or lt > 2 * ls:
            return False
        if su.keys or su.names:
            here = len(su.keys & tu.keys) + len(su.names & tu.names)
            for j in (i - 1, i + 1):
                if 0 <= j < n and len(su.keys & tgt[j].keys) + len(su.names & tgt[j].names) > here:
                    return False
    return True


def align(src: list[_Unit], tgt: list[_Unit]) -> list[tuple[list[int], list[int]]]:
    """Monotone sentence alignment (1-1, 1-0, 0-1, 2-1, 1-2, 3-1, 1-3 beads) minimising a
    length-ratio cost minus shared numbers and names, in a band around the diagonal.

    Gale and Church's idea with two cheap anchors: translated sentences keep their numbers
    and most of their names. Costs of a bead are sums of precomputed per-pair anchors, so the
    dynamic programme stays well under a millisecond for a news article.
    """
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [(list(range(n)), list(range(m)))]
    if n == 1 and m == 1:
        return [([0], [0])]
    band = max(_BAND, abs(n - m) + 2)
    ps = [0]
    for u in src:
        ps.append(ps[-1] + len(u.seg.text))
    pt = [0]
    for u in tgt:
        pt.append(pt[-1] + len(u.seg.text))
    if n == m and _diagonal_fits(src, tgt):
        return [([i], [i]) for i in range(n)]
    if (n + 1) * (2 * band + 1) > MAX_ALIGNMENT_CELLS:
        return _proportional(n, m)
    # anchors[i]: target sentence -> the anchor score of (i, j), for the rows that have any
    anchors: list[dict[int, float] | None] = [None] * n
    for i, su in enumerate(src):
        if not su.keys and not su.names:
            continue
        centre = i * m / n
        for j in range(max(0, int(centre) - band - 3), min(m, int(centre) + band + 4)):
            tu = tgt[j]
            score = 0.8 * len(su.keys & tu.keys) + 0.4 * len(su.names & tu.names)
            if score:
                if anchors[i] is None:
                    anchors[i] = {}
                anchors[i][j] = score  # type: ignore[index]
    anchored = [0]   # anchored[k]: how many of the rows before k have an anchor
    for row_anchors in anchors:
        anchored.append(anchored[-1] + (row_anchors is not None))
    # What a bead costs before its anchors depends on the lengths of its sentences (plus 20,
    # as the cost adds it) and a skipped sentence's cost on its length: precomputed once.
    src_len = {d: [ps[min(i + d, n)] - ps[i] + 20 for i in range(n + 1)] for d in (1, 2, 3)}
    tgt_len = {d: [pt[min(j + d, m)] - pt[j] + 20 for j in range(m + 1)] for d in (1, 2, 3)}
    skip_src = [_SKIP + 0.002 * (ps[i + 1] - ps[i]) for i in range(n)]
    skip_tgt = [_SKIP + 0.002 * (pt[j + 1] - pt[j]) for j in range(m)]
    inf = float("inf")
    # Only cells in the band are ever reached: one dict per row keeps memory to the band.
    cost: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int]]] = [{} for _ in range(n + 1)]
    cost[0][0] = 0.0
    log = math.log
    for i in range(n + 1):
        centre = i * m / n
        row = cost[i]
        below = cost[i + 1] if i < n else None
        # this row's beads: (di, dj), merge cost, the source length, the row it reaches, and
        # whether any of its source sentences has an anchor
        row_beads = [(di, dj, merge, src_len[di][i], tgt_len[dj], cost[i + di], back[i + di],
                      anchored[i + di] - anchored[i] > 0)
                     for di, dj, merge in _BEADS if i + di <= n]
        for j in range(max(0, int(centre) - band), min(m, int(centre) + band) + 1):
            here = row.get(j)
            if here is None:
                continue
            # Each move from (i, j) reaches a cell of its own: their order does not matter;
            # that of the cells (i, then j ascending) does, for ties, and is kept.
            if below is not None:   # (1, 0): a source sentence with no counterpart
                c = skip_src[i] + here
                if c < below.get(j, inf):
                    below[j] = c
                    back[i + 1][j] = (1, 0)
            if j < m:               # (0, 1): a target sentence with no counterpart
                c = skip_tgt[j] + here
                if c < row.get(j + 1, inf):
                    row[j + 1] = c
                    back[i][j + 1] = (0, 1)
            for di, dj, merge, ls, lengths, reached, reached_back, anchored_rows in row_beads:
                nj = j + dj
                if nj > m:
                    continue
                c = 3.0 * abs(log(lengths[j] / ls)) + merge
                if anchored_rows:
                    bonus = 0.0
                    for a in range(i, i + di):
                        row_anchors = anchors[a]
                        if row_anchors is not None:
                            for b in range(j, nj):
                                bonus += row_anchors.get(b, 0.0)
                    c -= min(bonus, 4.0)
                c += here
                if c < reached.get(nj, inf):
                    reached[nj] = c
                    reached_back[nj] = (di, dj)
    if cost[n].get(m, inf) == inf:
        return [(list(range(n)), list(range(m)))]
    beads = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]  # type: ignore[misc]
        beads.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def _proportional(n: int, m: int) -> list[tuple[list[int], list[int]]]:
    """Beads along the diagonal, for texts too long to align (thousands of sentences):
    source sentence i goes with target sentence i * m / n. Translations keep their order,
    and a bounded alignment keeps a megabyte of source text from costing minutes."""
    beads: list[tuple[list[int], list[int]]] = [([], [j]) for j in range(m)]
    for i in range(n):
        beads[min(m - 1, i * m // n)][0].append(i)
    return beads


