"""Which translations an article needs, and which installed models make them (pure).

The round trip for an English article whose origin is X is en→X→en; for an article in X
it is X→en (the gloss an editor reads) then en→X. A leg without a direct package is
routed through other installed packages (pivoting, as argostranslate does), preferring
English as the pivot language.
"""

from __future__ import annotations

import shlex
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Mapping, TypeVar

PIVOT = "en"
MAX_HOPS = 3
M = TypeVar("M")


def find_route(by_pair: Mapping[tuple[str, str], M], src: str, dst: str,
               max_hops: int = MAX_HOPS) -> tuple[M, ...] | None:
    """Fewest-hop chain of models from ``src`` to ``dst``; None when there is none.

    Breadth-first; at each step English is tried first, then codes in order, so the
    route is the same on every run.
    """
    if src == dst:
        return ()
    outgoing: dict[str, list[str]] = {}
    for a, b in by_pair:
        outgoing.setdefault(a, []).append(b)
    for targets in outgoing.values():
        targets.sort(key=lambda code: (code != PIVOT, code))
    previous: dict[str, str] = {src: src}
    queue = deque([(src, 0)])
    while queue:
        code, hops = queue.popleft()
        if hops >= max_hops:
            continue
        for nxt in outgoing.get(code, []):
            if nxt in previous:
                continue
            previous[nxt] = code
            if nxt == dst:
                chain = [nxt]
                while chain[-1] != src:
                    chain.append(previous[chain[-1]])
                codes = chain[::-1]
                return tuple(by_pair[(a, b)] for a, b in zip(codes, codes[1:]))
            queue.append((nxt, hops + 1))
    return None


def install_command(src: str, dst: str, models_dir: Path | None = None) -> str:
    """The exact command that installs the (src, dst) package."""
    command = f"audit models install {shlex.quote(src)} {shlex.quote(dst)}"
    if models_dir is not None:
        command += f" --models-dir {shlex.quote(str(models_dir))}"
    return command


@dataclass(frozen=True)
class Leg(Generic[M]):
    """One translation direction and the chain of models that performs it (hashable)."""

    src: str
    dst: str
    models: tuple[M, ...]


@dataclass
class ArticlePlan(Generic[M]):
    """What to do for one article: a round trip (forward then back), or why not."""

    direction: str | None = None
    forward: Leg[M] | None = None
    back: Leg[M] | None = None
    skip_reason: str | None = None
    install: list[str] = field(default_factory=list)
    # Scoring the published translation against the model's translation of source_text.
    reference: Leg[M] | None = None
    reference_skip: str | None = None
    reference_install: list[str] = field(default_factory=list)


def plan_article(language: str | None, origin: str | None, *, via: str | None,
                 by_pair: Mapping[tuple[str, str], M], models_dir: Path | None = None,
                 source_language: str | None = None, has_source: bool = False,
                 has_text: bool = True) -> ArticlePlan[M]:
    """Decide the round trip for an article in ``language`` translated from ``origin``."""
    plan: ArticlePlan[M] = ArticlePlan()
    if not has_text:
        plan.skip_reason = "the article has no text"
    elif not language:
        plan.skip_reason = "the article's language is unknown"
    elif language == PIVOT:
        other = via or (origin if origin and origin != PIVOT else None)
        if other is None:
            plan.skip_reason = (
                "the article is in English and was written in English (origin en); "
                "pass --via LANG to round-trip it anyway" if origin == PIVOT else
                "the origin language of this English article is unknown; "
                "pass --via LANG to choose the language of the round trip")
        elif other == PIVOT:
            plan.skip_reason = "--via en: an English article cannot round-trip through English"
        else:
            _legs(plan, PIVOT, other, by_pair, models_dir)
    else:
        _legs(plan, language, PIVOT, by_pair, models_dir)

    if has_text and has_source and language:
        src = source_language or origin
        if not src:
            plan.reference_skip = "the source text's language is unknown (set source_language)"
        elif src == language:
            plan.reference_skip = f"the source text is in the article's language ({src})"
        else:
            chain = find_route(by_pair, src, language)
            if chain is None:
                plan.reference_skip = f"no Argos model installed for {src}→{language}"
                plan.reference_install = [install_command(src, language, models_dir)]
            else:
                plan.reference = Leg(src, language, chain)
    return plan


def _legs(plan: ArticlePlan[M], start: str, other: str,
          by_pair: Mapping[tuple[str, str], M], models_dir: Path | None) -> None:
    plan.direction = f"{start}→{other}→{start}"
    forward = find_route(by_pair, start, other)
    back = find_route(by_pair, other, start)
    missing = [(a, b) for (a, b), chain in (((start, other), forward), ((other, start), back))
               if chain is None]
    if missing:
        plan.skip_reason = "no Argos model installed for " + " and ".join(
            f"{a}→{b}" for a, b in missing)
        plan.install = [install_command(a, b, models_dir) for a, b in missing]
        return
    plan.forward = Leg(start, other, forward)
    plan.back = Leg(other, start, back)
