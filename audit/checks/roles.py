"""Conflict roles inverted or blurred by translation (``role-confusion``).

Indonesian puts the possessor after the noun: "sandera Hamas" is Hamas's hostages and
"tahanan Israel" is Israel's prisoners. A word-for-word English rendering, "Hamas hostages",
"Israeli prisoners", reads the modifier as who the captives *are* - the reverse of the facts,
and in war reporting the worst kind of slip. What is true (who holds whom) is data, in
``audit/data/roles.toml``, so users add conflicts without touching code. A related slip is an
agency standing where its chief was meant ("their top intelligence official, Mossad").

Only the modifier right before the role noun is judged, and only when it names the captor and
never the captives of a fact with that role: "Israeli hostages", "Hamas prisoners", "Russian
prisoners of war" and "hostages held by Hamas" are correct and never reported.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Iterable, NamedTuple

from audit.checks.base import CheckContext, Hit, check
from audit.checks.lexicon import allowed, compiled
from audit.patterns import literal_alternation
from audit.text import leading_runs, word_runs

MAX_GAP = 40  # characters between two phrases reported together as one inversion


class Fact(NamedTuple):
    name: str
    holders: frozenset[str]
    roles: frozenset[str]   # lower case
    victims: frozenset[str]
    victim_label: str


class Lexicon(NamedTuple):
    facts: tuple[Fact, ...]
    by_role: dict[str, tuple[Fact, ...]]
    holder_names: dict[str, str]
    phrase: re.Pattern[str]
    mod_split: re.Pattern[str]
    clause: re.Pattern[str]
    held_by: re.Pattern[str]
    singular_next: re.Pattern[str]
    agency: re.Pattern[str]
    with_the: frozenset[str]
    # Text every match of ``phrase`` / ``agency`` contains (a role noun's first word less its
    # first letter, which may be capitalised; an agency's first word): most articles have
    # none, and a few substring tests are much cheaper than either regex's scan.
    role_clues: tuple[str, ...] = ("",)
    agency_clues: tuple[str, ...] = ("",)
    # The first word runs of the role nouns / agency names as ``phrase`` / ``agency`` match
    # them (each such match starts a whole run of the text after a space and ends at a
    # non-word character): an article none of whose ``word_runs`` is one has no match. None:
    # no such gate (a noun or name starting with a non-word character): the clues decide.
    role_heads: frozenset[str] | None = None
    agency_heads: frozenset[str] | None = None


def _clues(items: Iterable[str], drop_first: bool) -> tuple[str, ...]:
    """A substring each of ``items`` contains when written as the patterns match it (a space
    matches any whitespace, so only the first word is certain)."""
    clues = {item.split()[0][1 if drop_first else 0:] if item.split() else "" for item in items}
    return tuple(sorted(clues)) if clues and "" not in clues else ("",)


def _alternation(items: Iterable[str]) -> str:
    """Longest first, so "Palestinian Islamic Jihad" wins over "Palestinian"."""
    return literal_alternation(items, flexible_space=True)


def _role_pattern(role: str) -> str:
    """A role noun as written or with a capital first letter (headlines): "hostages", "Hostages"."""
    head = role[0]
    if head.isalpha() and role.islower():
        first = f"[{head.lower()}{head.upper()}]"
    else:
        first = re.escape(head)
    return first + re.escape(role[1:]).replace(r"\ ", r"\s+")


def _build(data: dict[str, Any]) -> Lexicon:
    facts = []
    for name, table in data.get("facts", {}).items():
        facts.append(Fact(name, frozenset(table.get("holders", [])),
                          frozenset(r.lower() for r in table.get("roles", [])),
                          frozenset(table.get("victims", [])), table.get("victim_label", "")))
    by_role: dict[str, list[Fact]] = {}
    for fact in facts:
        for role in fact.roles:
            by_role.setdefault(role, []).append(fact)
    roles = sorted({r for t in data.get("facts", {}).values() for r in t.get("roles", [])},
                   key=lambda r: (-len(r), r))  # as written: "POWs" keeps its capitals; the
    # same pattern in every process (ties in set order would not be), so it can be cached
    mods = _alternation(m for f in facts for m in f.holders | f.victims)
    mod = rf"(?:{mods})"
    phrase = re.compile(
        rf"(?<![\w\-'’.])(?P<mods>{mod}(?:(?:\s*,\s*{mod})*,?\s+(?:and|or|&)\s+{mod})?)"
        rf"\s+(?P<role>{'|'.join(_role_pattern(r) for r in roles)})(?![\w\-])")
    clauses = data.get("clauses", {})
    participles = _alternation(clauses.get("participles", []))
    places = _alternation(clauses.get("places", []))
    clause = re.compile(rf"\s+(?:(?:{participles})\b|(?:{places})\b)" if places else
                        rf"\s+(?:{participles})\b")
    holders = _alternation(m for f in facts for m in f.holders)
    by_participles = _alternation(clauses.get("participles", [])
                                  + clauses.get("by_participles", []))
    held_by = re.compile(
        rf"\s+(?:{by_participles})\s+(?:(?:captive|hostage|prisoner)\s+)?by\s+(?:the\s+)?"
        rf"(?P<holder>{holders})(?![\w\-])")
    followers = "|".join(re.escape(w) for w in data.get("singular", {}).get("followers", []))
    singular_next = re.compile(rf"\s*(?:$|[,.;:!?)\"”’]|—|–|\s-\s|(?:{followers})\b)")
    agencies = data.get("agencies", {})
    persons = "|".join(re.escape(p) for p in agencies.get("persons", []))
    names = _alternation(agencies.get("names", []))
    agency = re.compile(
        rf"\b(?:{persons}),?[ \t]+(?P<the>the\s+)?(?P<agency>{names})(?![\w\-])"
        rf"(?=[ \t]*(?:$|\n|[.;:)!?]|,(?!\s*(?:and|or|the|{names})\b)|—|–)"
        rf"|\s+(?:to|in|at|for|on|from|was|is|has|had|said|says|will|would|who|visited|met|"
        rf"told|arrived|travelled|traveled|flew|went)\b)")
    return Lexicon(tuple(facts), {k: tuple(v) for k, v in by_role.items()},
                   dict(data.get("holder_names", {})), phrase,
                   re.compile(r"\s*,?\s+(?:and|or|&)\s+|\s*,\s*"), clause, held_by, singular_next,
                   agency, frozenset(agencies.get("with_the", [])),
                   _clues(roles, drop_first=True), _clues(agencies.get("names", []), drop_first=False),
                   leading_runs(v for r in roles for v in _role_spellings(r)),
                   leading_runs(agencies.get("names", [])))


def _role_spellings(role: str) -> tuple[str, ...]:
    """The spellings ``_role_pattern`` allows the first letter of ``role``."""
    head = role[0]
    if head.isalpha() and role.islower():
        return head.lower() + role[1:], head.upper() + role[1:]
    return (role,)


def _norm(text: str) -> str:
    return " ".join(text.split())


class _Phrase(NamedTuple):
    start: int
    end: int
    mods: tuple[str, ...]
    role: str
    fact: Fact
    holder: str       # as a suggestion names it: "Israel" for "Israeli"
    suggestion: str


def _holder(lex: Lexicon, mods: tuple[str, ...]) -> str:
    names = [lex.holder_names.get(m, m) for m in mods]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _suggest(fact: Fact, holder: str, role: str) -> str:
    if fact.victim_label:
        if role[:1].isupper() and role[1:2].islower():
            role = role[:1].lower() + role[1:]  # "Israeli Prisoners" → "Palestinian prisoners"
        return f"{fact.victim_label} {role} held by {holder}"
    return f"{role} held by {holder}"


def _people(lex: Lexicon, mods: tuple[str, ...], plural: bool) -> str:
    """How the misreading names the captives: "Israelis", "Hamas members", "a Hamas member"."""
    adjectives = [m for m in mods if m in lex.holder_names and m.endswith(("i", "an", "ese"))]
    nouns = [m for m in mods if m not in adjectives]
    if plural:
        out = [f"{m}s" for m in adjectives]
        if nouns:
            out.append(f"{nouns[0]} members" if len(nouns) == 1 else
                       f"members of {_holder(lex, tuple(nouns))}")
        return " and ".join(out)
    people = " or ".join(adjectives + [f"{m} member" for m in nouns])
    return f"an {people}" if people[0] in "AEIOU" else f"a {people}"


def _plural(role: str) -> bool:
    return role.split()[0].lower().endswith("s")


def _judge(lex: Lexicon, mods: tuple[str, ...], role: str) -> Fact | None:
    """The fact whose captor every modifier names, when none of them names its captives."""
    facts = lex.by_role.get(role.lower(), ())
    if not facts:
        return None
    for m in mods:
        if any(m in f.victims for f in facts):
            return None
    for fact in facts:
        if all(m in fact.holders for m in mods):
            return fact
    return None


def _phrases(text: str, lex: Lexicon) -> Iterable[tuple[_Phrase, Hit | None]]:
    """Holder-modified role phrases, or (with a Hit) explicit self-contradictions."""
    for m in lex.phrase.finditer(text):
        mods = tuple(_norm(x) for x in lex.mod_split.split(m.group("mods")))
        role = _norm(m.group("role"))
        end = m.end()
        rest = text[end:end + 60]
        held = lex.held_by.match(rest)
        if held:
            hit = _contradiction(lex, m.start(), end + held.end(), mods, role,
                                 _norm(held.group("holder")), _norm(rest[:held.end()]), text)
            if hit:
                yield _Phrase(m.start(), end, mods, role, hit[0], "", ""), hit[1]
            continue
        if lex.clause.match(rest):
            continue  # "Israeli prisoners held in Gaza": the clause says who holds them
        if not _plural(role) and not lex.singular_next.match(rest):
            continue  # "Hamas hostage deal", "Israeli prisoner Naama Issachar"
        fact = _judge(lex, mods, role)
        if fact is None:
            continue
        holder = _holder(lex, mods)
        yield _Phrase(m.start(), end, mods, role, fact, holder,
                      _suggest(fact, holder, role)), None


def _contradiction(lex: Lexicon, start: int, end: int, mods: tuple[str, ...], role: str,
                   holder: str, clause: str, text: str) -> tuple[Fact, Hit] | None:
    """"Ukrainian prisoners of war held by Ukraine": the captives named as the captor's own."""
    for fact in lex.by_role.get(role.lower(), ()):
        if holder not in fact.holders:
            continue
        if any(m in fact.victims for m in mods) or not all(m in fact.holders for m in mods):
            return None
        label = f"{fact.victim_label} " if fact.victim_label else ""
        written = _norm(text[start:end])
        suggestion = f"{label}{role} {clause}"  # the clause as written: "released by Hamas"
        return fact, Hit(
            start, end,
            f'Roles inverted: "{written}" names the captives as {holder}\'s own side; '
            f"the {role} {lex.holder_names.get(holder, holder)} holds are "
            f"{fact.victim_label or 'from the other side'}. Write \"{suggestion}\".",
            suggestion, severity="major")
    return None


def _sentence_index(starts: list[int], pos: int) -> int:
    return bisect.bisect_right(starts, pos) - 1


def _inverse(a: _Phrase, b: _Phrase) -> bool:
    """Each phrase's modifier names the other fact's captives (Hamas hostages + Israeli
    prisoners): read together, each side is the other's captive."""
    return (a.fact is not b.fact and all(m in b.fact.victims for m in a.mods)
            and all(m in a.fact.victims for m in b.mods))


def _ambiguous(lex: Lexicon, p: _Phrase, text: str) -> Hit:
    written = _norm(text[p.start:p.end])
    plural = _plural(p.role)
    role = p.role if p.role.isupper() else p.role.lower()
    held = f"held as {role}" if plural else f"held as a {role}"
    holds = "holds" if len(p.mods) == 1 else "hold"
    return Hit(p.start, p.end,
               f'Ambiguous role: "{written}" can be read as {_people(lex, p.mods, plural)} {held}, '
               f"but {p.holder} {holds} the {role}. Write \"{p.suggestion}\".",
               p.suggestion, severity="minor")


def _holds(p: _Phrase) -> str:
    """"Israel holds the Palestinian prisoners", "Hamas holds the hostages"."""
    label = f"{p.fact.victim_label} " if p.fact.victim_label else ""
    verb = "holds" if len(p.mods) == 1 else "hold"
    role = p.role if p.role.isupper() else p.role.lower()
    return f"{p.holder} {verb} the {label}{role}"


def _may_name(text: str, heads: frozenset[str] | None, clues: tuple[str, ...]) -> bool:
    """Whether a pattern whose matches start with one of ``heads`` as a whole word run (the
    article's shared ``word_runs``, one set look-up) or, without heads, hold a clue may match."""
    if heads is not None:
        return not word_runs(text).isdisjoint(heads)
    return any(map(text.__contains__, clues))


def _role_hits(ctx: CheckContext, lex: Lexicon) -> list[Hit]:
    text = ctx.text
    if not _may_name(text, lex.role_heads, lex.role_clues):
        return []  # no role noun at all
    found = [(p, h) for p, h in _phrases(text, lex)
             if not allowed(ctx.config, text[p.start:p.end])]
    hits = [h for _, h in found if h is not None]
    phrases = [p for p, h in found if h is None]
    if not phrases:
        return hits
    starts = [s.start for s in ctx.sentences]
    used: set[int] = set()
    for i, a in enumerate(phrases):
        if i in used:
            continue
        partner = None
        for j in range(i + 1, len(phrases)):
            b = phrases[j]
            if j in used or _sentence_index(starts, b.start) != _sentence_index(starts, a.start):
                continue
            if _inverse(a, b):
                partner = j
                break
        if partner is None:
            hits.append(_ambiguous(lex, a, text))
            continue
        b = phrases[partner]
        used.add(partner)
        between = text[a.end:b.start]
        reason = f"{_holds(a)} and {_holds(b)}"
        if len(between) <= MAX_GAP and not re.search(r"[.;:!?]", between):
            suggestion = a.suggestion + between + b.suggestion
            written = _norm(text[a.start:b.end])
            hits.append(Hit(a.start, b.end,
                            f'Roles inverted: "{written}" names each side as the other\'s '
                            f"captives; in fact {reason}. Write \"{suggestion}\".",
                            suggestion, severity="major"))
        else:
            for p in (a, b):
                written = _norm(text[p.start:p.end])
                hits.append(Hit(p.start, p.end,
                                f'Roles inverted: "{written}" and the other phrase in this '
                                f"sentence name each side as the other's captives; in fact "
                                f'{reason}. Write "{p.suggestion}".', p.suggestion,
                                severity="major"))
    return hits


def _agency_hits(ctx: CheckContext, lex: Lexicon) -> list[Hit]:
    text = ctx.text
    hits: list[Hit] = []
    if not _may_name(text, lex.agency_heads, lex.agency_clues):
        return hits  # no agency named
    for m in lex.agency.finditer(text):
        start = m.start("the") if m.group("the") else m.start("agency")
        name = _norm(m.group("agency"))
        if allowed(ctx.config, name):
            continue
        target = f"the {name}" if name in lex.with_the else name
        suggestion = f"the head of {target}"
        hits.append(Hit(start, m.end("agency"),
                        f'Agency as a person: {name} is an agency, not an official; the person '
                        f'meant is its head. Write "{suggestion}" or name the person.',
                        suggestion, severity="minor"))
    return hits


@check("role-confusion", category="accuracy/mistranslation", severity="major",
       example="an agreement to release Hamas hostages and Israeli prisoners", languages=["en"])
def role_confusion(ctx: CheckContext) -> Iterable[Hit]:
    """Captor and captive swapped or blurred ("Hamas hostages"), or an agency named as a person."""
    lex = compiled("roles", ctx.config, _build)
    hits = _role_hits(ctx, lex) + _agency_hits(ctx, lex)
    return sorted(hits, key=lambda h: (h.start, h.end))
