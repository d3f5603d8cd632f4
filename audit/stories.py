"""Stories: the batch's articles grouped into near-duplicates of one piece of copy, and each
translation linked to its original when both are in the batch.

A desk sees 40 items of one AFP story as one story. Near-duplicates are found with MinHash
signatures of word 3-gram shingles and a locality-sensitive hashing index (datasketch), so
each article is compared with the few earlier articles that share an LSH band, not with all
of them: the work grows about linearly with the batch.

Reports stream, so stories are assigned *online*, in input order: an article joins the story
of the most similar earlier article (estimated Jaccard similarity at least ``threshold``) or
starts a new one. An article's story therefore depends only on the articles before it, and a
run with ``--workers`` gives the same stories as one worker. What is kept per article is a
constant few kilobytes (two signatures, a capped set of facts, its languages and story id),
never its text, so memory does not grow with article length; the summary's story list, built
from the streamed records, is the only part that grows with the batch (member ids).

Translations: an article whose ``source_text`` matches an earlier article's text (or whose
text matches an earlier article's ``source_text``) is linked *by source text*. Across
languages without ``source_text``, articles are linked *by shared facts*: numbers (compared
by their digits, so "1,5" = "1.5" and "1.500.000" = "1,500,000"), capitalised names and
dates written with digits, at least ``MIN_SHARED_FACTS`` of them and a Jaccard similarity of
the fact sets of at least ``FACTS_THRESHOLD``; the one whose origin language is the other's
language is the translation. A linked translation joins its original's story.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
THRESHOLD = 0.5          # estimated Jaccard of 3-gram shingles for "the same copy"
FACTS_THRESHOLD = 0.3    # Jaccard of the fact sets for a cross-language link
MIN_SHARED_FACTS = 5
MAX_FACTS = 64           # facts kept per article (the first ones in the text)
SHINGLE = 3

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d[\d.,]*\d|\d")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ][^\W\d_]+")  # Haniyeh, Égypte


def _hash(data: bytes) -> int:
    return zlib.crc32(data)  # deterministic across processes, unlike hash()


def shingles(text: str) -> set[bytes]:
    """Lower-case word 3-grams: robust to a changed word, a dropped sentence, new punctuation."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def facts(text: str) -> set[str]:
    """Numbers (by their digits), and capitalised names that are not sentence-initial: what a
    translation keeps from its original whatever the language."""
    found: list[str] = []
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"[.,]", "", m.group())
        if len(digits) >= 2:
            found.append("#" + (digits.lstrip("0") or "0"))
    for m in _CAPITALISED.finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k] in " \t\"'“‘(":
            k -= 1
        if k < 0 or text[k] in ".!?\n:—–-":
            continue  # sentence-initial: a capital that says nothing about a name
        found.append(m.group().lower())
    unique = list(dict.fromkeys(found))
    return set(unique[:MAX_FACTS])


_PERMUTATIONS = None


def signature(items: Iterable[bytes | str]) -> MinHash:
    global _PERMUTATIONS
    if _PERMUTATIONS is None:  # drawn once: a MinHash draws its own otherwise, slowly
        first = MinHash(num_perm=NUM_PERM, seed=1)
        _PERMUTATIONS = (first.permutations, getattr(first, "scheme", None))
    permutations, scheme = _PERMUTATIONS
    extra = {"scheme": scheme} if scheme is not None else {}
    sig = MinHash(num_perm=NUM_PERM, hashfunc=_hash, permutations=permutations, **extra)
    batch = [i.encode() if isinstance(i, str) else i for i in items]
    if batch:
        sig.update_batch(batch)
    return sig


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass
class _Kept:
    """What the index keeps of an earlier article (a few kilobytes, never its text)."""

    id: str
    story: str
    language: str | None
    origin: str | None
    text_sig: np.ndarray
    facts: frozenset[str]


@dataclass
class Link:
    article: str        # the other article
    relation: str       # "translation-of" (this article translates it) or "original-of"
    by: str             # "source-text" or "shared-facts"

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "relation": self.relation, "by": self.by}


@dataclass
class Story:
    id: str
    links: list[Link] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "links": [link.to_dict() for link in self.links]}


class StoryIndex:
    """Assigns stories to articles as they stream past (see the module docstring)."""

    def __init__(self, threshold: float = THRESHOLD, facts_threshold: float = FACTS_THRESHOLD,
                 min_shared_facts: int = MIN_SHARED_FACTS) -> None:
        self.threshold = threshold
        self.facts_threshold = facts_threshold
        self.min_shared_facts = min_shared_facts
        # LSH a little below the decision threshold, so that borderline pairs are candidates
        # and the signatures decide.
        self.texts = MinHashLSH(threshold=max(0.05, threshold - 0.1), num_perm=NUM_PERM)
        self.sources = MinHashLSH(threshold=max(0.05, threshold - 0.1), num_perm=NUM_PERM)
        self.fact_index = MinHashLSH(threshold=max(0.05, facts_threshold - 0.1), num_perm=NUM_PERM)
        self.kept: list[_Kept] = []
        self.source_sigs: dict[int, np.ndarray] = {}
        self.stories = 0

    def add(self, article_id: str, text: str, language: str | None = None,
            origin: str | None = None, source_text: str | None = None) -> Story:
        key = len(self.kept)
        text_sig = signature(shingles(text))
        article_facts = frozenset(facts(text))
        fact_sig = signature(article_facts)
        source_sig = signature(shingles(source_text)) if source_text else None
        story_of: str | None = None
        links: list[Link] = []

        best = self._best(self.texts.query(text_sig) if text else [], text_sig.hashvalues,
                          lambda k: self.kept[k].text_sig)
        if best is not None:
            story_of = self.kept[best].story
        # a translation of an earlier article (our source_text is its text) ...
        if source_sig is not None:
            k = self._best(self.texts.query(source_sig), source_sig.hashvalues,
                           lambda k: self.kept[k].text_sig)
            if k is not None:
                links.append(Link(self.kept[k].id, "translation-of", "source-text"))
        # ... or the original of an earlier translation (our text is its source_text)
        if text:
            k = self._best(self.sources.query(text_sig), text_sig.hashvalues, self.source_sigs.get)
            if k is not None and all(link.article != self.kept[k].id for link in links):
                links.append(Link(self.kept[k].id, "original-of", "source-text"))
        if not links and len(article_facts) >= self.min_shared_facts:
            link = self._facts_link(fact_sig, article_facts, language, origin)
            if link is not None:
                links.append(link)
        if story_of is None and links:
            story_of = next(self.kept[i].story for i in range(len(self.kept) - 1, -1, -1)
                            if self.kept[i].id == links[0].article)
        if story_of is None:
            self.stories += 1
            story_of = f"S{self.stories}"

        self.kept.append(_Kept(article_id, story_of, language, origin, text_sig.hashvalues,
                               article_facts))
        if text:
            self.texts.insert(key, text_sig, check_duplication=False)
        if source_sig is not None:
            self.sources.insert(key, source_sig, check_duplication=False)
            self.source_sigs[key] = source_sig.hashvalues
        if len(article_facts) >= self.min_shared_facts:
            self.fact_index.insert(key, fact_sig, check_duplication=False)
        return Story(story_of, links)

    def _best(self, candidates: Iterable[int], sig: np.ndarray, sig_of) -> int | None:
        """The most similar candidate at or above the threshold (ties: the earliest)."""
        best, best_score = None, self.threshold
        for k in sorted(candidates):
            other = sig_of(k)
            if other is None:
                continue
            score = _jaccard(sig, other)
            if score > best_score or (score == best_score and best is None):
                best, best_score = k, score
        return best

    def _facts_link(self, fact_sig: MinHash, article_facts: frozenset[str],
                    language: str | None, origin: str | None) -> Link | None:
        best, best_score = None, self.facts_threshold
        for k in sorted(self.fact_index.query(fact_sig)):
            other = self.kept[k]
            if other.language == language or not other.language or not language:
                continue  # shared facts link across languages only
            shared = len(article_facts & other.facts)
            score = shared / len(article_facts | other.facts)
            if shared >= self.min_shared_facts and score >= best_score:
                if origin == other.language:
                    relation = "translation-of"
                elif other.origin == language:
                    relation = "original-of"
                else:
                    continue  # neither says it was translated from the other
                if best is None or score > best_score:
                    best, best_score = Link(other.id, relation, "shared-facts"), score
        return best


def assign_story(index: StoryIndex, report, article) -> dict[str, Any]:
    """The ``story`` field of one finalised report (``pipeline.run`` calls it in input order)."""
    language = report.language.code if report.language else None
    origin = report.origin_language.code if report.origin_language else None
    return index.add(report.id, report.text, language=language, origin=origin,
                     source_text=article.source_text).to_dict()


def cluster(texts: Iterable[str], threshold: float = THRESHOLD) -> list[str]:
    """The story id of each text, in order (the benchmark's and the tests' entry point)."""
    index = StoryIndex(threshold=threshold)
    return [index.add(str(i), text).id for i, text in enumerate(texts)]
