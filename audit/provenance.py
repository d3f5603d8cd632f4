"""Wire-service and outlet attribution: who an article's content is credited to.

Everything an editor may want to change is data (``audit/data/agencies.toml``): the
agencies with their aliases, and the *frames* that turn a mention into an attribution
("JAKARTA (Reuters) -", "(AFP/ANWAR AMRO)", "according to", "seperti dilansir", ...).
Matching is two cheap steps: one regex pass finds every alias (a trie, so longest alias
wins: "CNN Indonesia" over "CNN"), then each mention is kept only if a frame fits right
before or right after it. A bare name ("Reuters is a company", "antara" = between) is
never an attribution. All functions here are pure; ``load_registry`` caches.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from audit import datacache
from audit.model import Attribution, Provenance
from audit.patterns import literal_alternation

DATA_FILE = Path(__file__).parent / "data" / "agencies.toml"

#: Attribution kinds, a stable public API (docs/provenance.md).
KINDS: tuple[str, ...] = (
    "dateline", "photo_credit", "reported", "quoted", "told", "according_to", "citing",
    "credit_line", "byline",
)

#: Where frames come from besides ``agencies.toml``: every ``data/frames/*.toml`` (a file of
#: ``[[frames]]`` and ``[frame_vars]``, same schema) and the ``[provenance]`` table of every
#: language pack ``data/languages/*.toml`` (``[[provenance.frames]]``,
#: ``[provenance.frame_vars]``), in file-name order, after the built-in frames. A language
#: pack adds its attribution phrases ("según Reuters", "selon l'AFP") that way, as data.
FRAME_DIRS = (Path(__file__).parent / "data" / "frames",)
LANGUAGE_PACK_DIR = Path(__file__).parent / "data" / "languages"

_ENTRY_KEYS = {"name", "aliases", "type", "country", "language", "not_followed_by",
               "not_preceded_by", "bracket_aliases"}
_FRAME_KEYS = {"kind", "before", "after", "case", "coordinate", "language"}
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# How far back a before-frame may reach (characters). Frames are short phrases.
_WINDOW = 120
# A name must not continue a word on the left ("xAFP", "en.tempo") nor on the right ("CNNC",
# "Detik-detik", "Reuters.x"); "/" on the right is a photo credit. After a "/" ("MP/AP",
# "Name/AFP", "/TASS/") a name counts only inside a frame whose `before` pattern reaches
# over the slash ("Photo: Name/AFP", "MOSCOW, December 20. /TASS/.").
_LEFT_EDGE = "_.@-"
# Chinese, Japanese and Korean write no spaces between words: a Latin name next to their
# characters is a whole name ("据AFP报道", "AFP通信によると", "NHKの取材に対し").
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_RIGHT_EDGE = rf"(?![^\W{_CJK_CHARS}]|@|[-.][^\W_])"
# A name written in those scripts has no word boundary to check: it is a whole name unless
# its agency's `not_preceded_by` / `not_followed_by` say it is part of a longer word (新华社区,
# a residential community; 共同通信社会, a society; 中央视察, an inspection). A
# `bracket_aliases` short form (共同, 時事) names the agency only before a closing bracket.
_CLOSING_BRACKETS = frozenset("）)】]」』〕")
# "Reuters and AFP", "AFP, Reuters dan Antara": the gap between coordinated names.
_COORDINATION = re.compile(
    r"(?:[ \t]*,[ \t]*(?:(?:and|dan|serta|or|atau|&)[ \t]+)?|[ \t]+(?:and|dan|serta|or|atau|&)[ \t]+)"
    r"(?:the[ \t]+)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Agency:
    """A wire service or outlet. ``language`` is set only for outlets that publish first
    in a national language other than English (evidence that an English text with their
    dateline is a translation)."""

    name: str
    aliases: tuple[str, ...] = ()
    type: str = "other"
    country: str | None = None
    language: str | None = None
    not_followed_by: tuple[str, ...] = ()
    not_preceded_by: tuple[str, ...] = ()
    bracket_aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Frame:
    """A context that makes a mention an attribution; see the frames section of the data."""

    kind: str
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    coordinate: bool
    #: ``before`` is lower-cased and searched in lower-cased text: case-insensitive search
    #: with re.IGNORECASE costs three times as much, and it runs on every mention.
    folded: bool = False


class Registry:
    """The agencies audit knows, compiled for matching. Build it with ``load_registry``."""

    def __init__(self, agencies: Sequence[Agency], frames: Sequence[Frame]):
        self.agencies: tuple[Agency, ...] = tuple(agencies)
        self.frames: tuple[Frame, ...] = tuple(frames)
        self._by_name = {a.name: a for a in self.agencies}
        self._by_fold: dict[str, Agency] = {}
        for agency in self.agencies:
            for alias in (agency.name, *agency.aliases, *agency.bracket_aliases):
                self._by_fold.setdefault(alias.casefold(), agency)
        self._by_surface = _surface_forms(self.agencies)
        # Names starting with a capital or digit go in one trie that begins with literals,
        # which lets the regex engine skip every other position; the left boundary is then
        # checked in Python. The few lower-case brand names ("detikcom") get their own
        # pass, run only when a cheap substring test finds one of them.
        cjk = [s for s in self._by_surface if _CJK.search(s)]
        latin = [s for s in self._by_surface if not _CJK.search(s)]
        capital = [s for s in latin if not s[0].islower()]
        self._lower_names = tuple(s for s in latin if s[0].islower())
        self._lower_keys = _covering_keys(self._lower_names)
        self._mention = re.compile("(?:" + literal_alternation(capital) + ")" + _RIGHT_EDGE)
        self._mention_lower = re.compile(
            "(?:" + literal_alternation(self._lower_names) + ")" + _RIGHT_EDGE
        ) if self._lower_names else None
        self._stop = {
            a.name: re.compile(r"[ \t]+(?:" + "|".join(map(re.escape, words)) + r")(?![\w])")
            for a in self.agencies
            if (words := [w for w in a.not_followed_by if not _CJK.search(w)])
        }
        # CJK names: one more pass, run only on text with CJK characters, with no edge to
        # check in the pattern (see _CLOSING_BRACKETS for the rules applied instead).
        self._mention_cjk = re.compile("(?:" + literal_alternation(cjk) + ")") if cjk else None
        self._bracketed = frozenset(b for a in self.agencies for b in a.bracket_aliases)
        self._cjk_stop = {
            a.name: (tuple(a.not_preceded_by), tuple(w for w in a.not_followed_by if _CJK.search(w)))
            for a in self.agencies if a.not_preceded_by or any(_CJK.search(w) for w in a.not_followed_by)
        }

    def get(self, name: str) -> Agency | None:
        """The agency called ``name`` (canonical name first, then any alias, any case)."""
        return self._by_name.get(name) or self._by_surface.get(name) or \
            self._by_fold.get(name.casefold())

    def __iter__(self) -> Iterator[Agency]:
        return iter(self.agencies)

    def __len__(self) -> int:
        return len(self.agencies)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def mentions(self, text: str) -> list[tuple[int, int, Agency]]:
        """Every registered name in ``text`` (no frame needed), left to right."""
        out = self._scan(self._mention, text)
        # The keys first: a text without any of them holds none of the names.
        if self._mention_lower is not None and any(k in text for k in self._lower_keys) \
                and any(n in text for n in self._lower_names):
            out = sorted(out + self._scan(self._mention_lower, text), key=lambda m: m[0])
        if self._mention_cjk is not None and not text.isascii() and _CJK.search(text) is not None:
            out = sorted(out + self._scan_cjk(text), key=lambda m: m[0])
        return out

    def _scan_cjk(self, text: str) -> list[tuple[int, int, Agency]]:
        """Names written in CJK characters: whole names unless their agency's word lists say
        the characters around them make a longer word."""
        assert self._mention_cjk is not None
        out = []
        match = self._mention_cjk.search(text)
        while match is not None:
            start, end = match.span()
            surface = match.group()
            agency = self._by_surface[surface]
            before, after = self._cjk_stop.get(agency.name, ((), ()))
            if surface in self._bracketed and (end >= len(text) or
                                                text[end] not in _CLOSING_BRACKETS) \
                    or any(text.startswith(w, end) for w in after):
                match = self._mention_cjk.search(text, end)   # 共同声明, 共同通信社会
                continue
            if any(text.endswith(w, 0, start) for w in before):
                match = self._mention_cjk.search(text, start + 1)   # 中央视察
                continue
            out.append((start, end, agency))
            match = self._mention_cjk.search(text, end)
        return out

    def _scan(self, pattern: re.Pattern[str], text: str) -> list[tuple[int, int, Agency]]:
        out = []
        match = pattern.search(text)
        while match is not None:
            start, end = match.span()
            prev = text[start - 1] if start else ""
            if prev and (prev in _LEFT_EDGE or prev.isalnum() and _CJK.match(prev) is None):
                match = pattern.search(text, start + 1)  # inside a word: "xAFP", "MP/AP"
                continue
            agency = self._by_surface[match.group()]
            stop = self._stop.get(agency.name)
            if stop is None or not stop.match(text, end):
                out.append((start, end, agency))
            match = pattern.search(text, end)
        return out


def _covering_keys(names: Sequence[str], size: int = 4) -> tuple[str, ...]:
    """A few substrings of ``size`` characters such that every name contains one of them (a
    shorter name is its own key): a text with none of the keys holds none of the names, and
    a handful of substring tests replaces one a name. Greedy: the key in the most names
    still uncovered first."""
    remaining = set(names)
    keys: list[str] = []
    while remaining:
        holders: dict[str, int] = {}
        for name in remaining:
            for key in {name[i:i + size] for i in range(max(1, len(name) - size + 1))}:
                holders[key] = holders.get(key, 0) + 1
        key = max(sorted(holders), key=holders.__getitem__)
        keys.append(key)
        remaining = {name for name in remaining if key not in name}
    return tuple(keys)


# ------------------------------------------------------------------------------ loading --

_BUILTIN: tuple[list[dict[str, Any]], tuple[Frame, ...]] | None = None
_CACHE: dict[str, Registry] = {}
_CACHE_LIMIT = 32


def load_registry(extra: tuple[dict[str, Any], ...] = ()) -> Registry:
    """The built-in registry plus user ``[[agencies]]`` entries; same ``extra``, same object.

    A user entry whose ``name`` is an existing agency (any case) adds its aliases and
    overrides the fields it sets; any other entry adds an agency. A malformed entry raises
    ``ValueError`` naming it.
    """
    if not extra and isinstance(extra, (tuple, list)):  # no user entries (a run without any
        # [[agencies]]: every article asks): no key to serialise (json.dumps is ~10 µs a call)
        key = "[]"
    else:
        try:
            key = json.dumps(list(extra), sort_keys=True, ensure_ascii=False, default=repr)
        except (TypeError, ValueError):  # e.g. non-string keys: let validation say what is wrong
            key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    entries, frames = _builtin()
    merged = _merge(entries, extra)
    registry = Registry(merged, frames)
    if key is not None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = registry
    return registry


def _builtin() -> tuple[list[dict[str, Any]], tuple[Frame, ...]]:
    global _BUILTIN
    if _BUILTIN is None:
        data = datacache.load(DATA_FILE)  # tomllib.load, parsed once per machine
        where = DATA_FILE.name
        entries = [_check_entry(e, f"{where}: agencies entry {i}")
                   for i, e in enumerate(data.get("agencies", []), 1)]
        variables = data.get("frame_vars", {})
        frames = _compile_frames(data.get("frames", []), variables, where)
        for source, raw, extra_vars in _frame_sources():
            frames += _compile_frames(raw, {**variables, **extra_vars}, source)
        # Each language pack adds its national outlets, or its spellings of known ones.
        from audit.languages import pack_outlets
        entries = _merge_entries([e.copy() for e in entries], pack_outlets())
        _BUILTIN = (entries, frames)
    return _BUILTIN


def _frame_sources() -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """(file name, frames, frame variables) of every extra frame file (see ``FRAME_DIRS``)."""
    files = [(path, None) for folder in FRAME_DIRS if folder.is_dir()
             for path in sorted(folder.glob("*.toml"))]
    if LANGUAGE_PACK_DIR.is_dir():
        files += [(path, "provenance") for path in sorted(LANGUAGE_PACK_DIR.glob("*.toml"))]
    for path, table in files:
        data = datacache.load(path)
        if table is not None:
            data = data.get(table)
            if not isinstance(data, dict):
                continue
        where = f"{path.parent.name}/{path.name}" + (f" [{table}]" if table else "")
        variables = data.get("frame_vars", {})
        if not isinstance(variables, dict):
            raise ValueError(f"{where}: [frame_vars] must be a table")
        yield where, data.get("frames", []), variables


def _merge_entries(entries: list[dict[str, Any]], outlets: list[dict[str, Any]]
                   ) -> list[dict[str, Any]]:
    """Pack outlets: a known name adds its aliases (and unset fields), a new name is added."""
    by_fold = {e["name"].casefold(): e for e in entries}
    for index, outlet in enumerate(outlets, 1):
        outlet = _check_entry(outlet, f"languages/*.toml [provenance]: outlets entry {index}")
        known = by_fold.get(outlet["name"].casefold())
        if known is None:
            entries.append(outlet)
            by_fold[outlet["name"].casefold()] = outlet
            continue
        for key in ("aliases", "bracket_aliases"):
            known[key] = [*known.get(key, []),
                          *(a for a in outlet.get(key, []) if a not in known.get(key, []))]
        for key, value in outlet.items():
            known.setdefault(key, value)
    return entries


def _describe(entry: Any, index: int) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    return f"agencies entry {index}" + (f" ({name!r})" if isinstance(name, str) else "")


def _check_entry(entry: Any, where: str) -> dict[str, Any]:
    """Validate one ``[[agencies]]`` table; returns a normalised copy."""
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: must be a table with at least a name, got {entry!r}")
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                         f"known: {', '.join(sorted(_ENTRY_KEYS))}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{where}: needs a non-empty string 'name'")
    out: dict[str, Any] = {"name": name.strip()}
    for key in ("aliases", "not_followed_by", "not_preceded_by", "bracket_aliases"):
        if key in entry:
            value = entry[key]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                      for v in value):
                raise ValueError(f"{where}: {key!r} must be a list of non-empty strings")
            out[key] = [v.strip() for v in value]
    if "type" in entry:
        if not isinstance(entry["type"], str) or not entry["type"].strip():
            raise ValueError(f"{where}: 'type' must be a non-empty string such as 'wire'")
        out["type"] = entry["type"].strip()
    if "country" in entry:
        value = entry["country"]
        if not isinstance(value, str) or (value and not _COUNTRY.fullmatch(value)):
            raise ValueError(f"{where}: 'country' must be a two-letter ISO code like 'ID', "
                             f"got {value!r}")
        out["country"] = value or None
    if "language" in entry:
        value = entry["language"]
        if not isinstance(value, str) or (value and not _LANGUAGE.fullmatch(value)):
            raise ValueError(f"{where}: 'language' must be an ISO 639 code like 'id' "
                             f"(or \"\" for none), got {value!r}")
        out["language"] = value or None
    return out


def _merge(builtin: list[dict[str, Any]], extra: Iterable[Any]) -> list[Agency]:
    """Built-in entries, then user entries extending them (by name) or adding agencies."""
    merged: dict[str, dict[str, Any]] = {}
    owner: dict[str, str] = {}  # folded name/alias -> folded canonical name
    for index, entry in enumerate([*builtin, *extra], 1):
        user = index > len(builtin)
        where = _describe(entry, index - len(builtin)) if user else f"agencies entry {index}"
        entry = _check_entry(entry, where) if user else entry
        fold = entry["name"].casefold()
        if fold not in merged and fold in owner:
            other = merged[owner[fold]]["name"]
            raise ValueError(f"{where}: {entry['name']!r} is already an alias of {other!r}; "
                             f"use name = {other!r} to extend that agency")
        if fold in merged:
            if not user:
                raise ValueError(f"{where}: agency {entry['name']!r} is listed twice")
            target = merged[fold]
            for key in ("aliases", "bracket_aliases"):
                for alias in entry.get(key, []):
                    if alias not in target[key] and alias != target["name"]:
                        target[key].append(alias)
            for key in ("type", "country", "language"):
                if key in entry:
                    target[key] = entry[key]
            for key in ("not_followed_by", "not_preceded_by"):
                if key in entry:
                    target[key] = entry[key]
        else:
            target = {"aliases": [], "type": "other", "country": None, "language": None,
                      "not_followed_by": [], "not_preceded_by": [], "bracket_aliases": [],
                      **entry}
            target["aliases"] = list(target["aliases"])
            target["bracket_aliases"] = list(target["bracket_aliases"])
            merged[fold] = target
            owner[fold] = fold
        for alias in (*target["aliases"], *target["bracket_aliases"]):
            alias_fold = alias.casefold()
            if owner.setdefault(alias_fold, fold) != fold:
                other = merged[owner[alias_fold]]["name"]
                raise ValueError(f"{where}: alias {alias!r} already belongs to {other!r}")
    agencies = [Agency(name=t["name"], aliases=tuple(t["aliases"]), type=t["type"],
                       country=t["country"], language=t["language"],
                       not_followed_by=tuple(t["not_followed_by"]),
                       not_preceded_by=tuple(t["not_preceded_by"]),
                       bracket_aliases=tuple(t["bracket_aliases"]))
                for t in merged.values()]
    _surface_forms(agencies)  # raises on a spelling shared by two agencies
    return agencies


def _surface_forms(agencies: Sequence[Agency]) -> dict[str, Agency]:
    """Every spelling matched in text: each alias as written and in capitals.

    An alias as written beats another agency's capitalised form; two agencies with the same
    written alias are an error.
    """
    exact: dict[str, Agency] = {}
    upper: dict[str, Agency] = {}
    for agency in agencies:
        for alias in (agency.name, *agency.aliases, *agency.bracket_aliases):
            if exact.get(alias, agency) is not agency:
                raise ValueError(f"alias {alias!r} is claimed by both {exact[alias].name!r} "
                                 f"and {agency.name!r}")
            exact[alias] = agency
            upper.setdefault(alias.upper(), agency)
    return {**upper, **exact}


def _compile_frames(raw: Any, variables: Any, where: str) -> tuple[Frame, ...]:
    if not isinstance(raw, list) or not isinstance(variables, dict):
        raise ValueError(f"{where}: [[frames]] must be tables and [frame_vars] a table")

    def expand(pattern: str, depth: int = 0) -> str:
        def sub(match: re.Match[str]) -> str:
            if match.group(1) not in variables:
                raise ValueError(f"{where}: unknown frame variable {{{match.group(1)}}}")
            return expand(variables[match.group(1)], depth + 1)
        if depth > 5:
            raise ValueError(f"{where}: frame variables nest too deeply")
        return _PLACEHOLDER.sub(sub, pattern)

    frames = []
    for index, spec in enumerate(raw, 1):
        if not isinstance(spec, dict) or set(spec) - _FRAME_KEYS or spec.get("kind") not in KINDS \
                or not (spec.get("before") or spec.get("after")):
            raise ValueError(f"{where}: frames entry {index} needs a kind from {KINDS} and a "
                             f"before and/or after pattern, and no other keys")
        folded = not spec.get("case")
        try:
            before = after = None
            if spec.get("before"):
                pattern = expand(spec["before"])
                before = re.compile(f"(?:{_lower_pattern(pattern) if folded else pattern})\\Z",
                                    re.MULTILINE)
            if spec.get("after"):
                after = re.compile(f"(?:{expand(spec['after'])})",
                                   re.MULTILINE | (re.IGNORECASE if folded else 0))
        except re.error as exc:
            raise ValueError(f"{where}: frames entry {index} ({spec['kind']}): {exc}") from exc
        frames.append(Frame(spec["kind"], before, after, bool(spec.get("coordinate")), folded))
    return tuple(frames)


# ----------------------------------------------------------------------------- matching --

# A staff byline with no agency, on a line of its own (often in brackets at the end of wire
# copy): "Reporting by Jane Doe; Editing by John Roe", "(Writing by X; editing by Y)". Each
# part is up to 80 characters without ";", "(" or ")", so matching stays linear.
_BYLINE_PART = r"(?:(?:additional|with)[ \t])?(?:reporting|writing|editing|compiled|written|edited|photos?)[ \t]by[ \t][^\n;()\[\]]{2,80}?"
_BYLINE = re.compile(
    rf"^[ \t]*[(\[]?[ \t]*(?i:{_BYLINE_PART})(?:[ \t]*;[ \t]*(?i:{_BYLINE_PART}))*"
    rf"[ \t]*[)\]]?[ \t]*\.?[ \t]*$", re.MULTILINE)
# "<verb> by ": found from its literal "by", which re finds with a fast substring search, and
# the verb looked for behind it (one fixed-width look-behind per verb): the same places as
# r"(?i:reporting|…|edited)[ \t]by[ \t]", ~40x faster on an article without a byline.
_BYLINE_CUE = re.compile("by(?:" + "|".join(
    rf"(?<=(?i:{verb})[ \t]by)" for verb in
    ("reporting", "writing", "editing", "compiled", "written", "edited")) + r")[ \t]")


def find_bylines(text: str, taken: Sequence[Attribution] = ()) -> list[Attribution]:
    """Bylines that credit people, not an agency (kind ``byline``, ``agency`` empty); a line
    whose credit already names an agency ("Additional reporting by Reuters") is left to it."""
    if _BYLINE_CUE.search(text) is None:
        return []
    out = []
    for match in _BYLINE.finditer(text):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        end = match.end() - (len(match.group()) - len(match.group().rstrip()))
        if any(a.start < end and start < a.end for a in taken):
            continue
        out.append(Attribution("", "byline", text[start:end], start, end))
    return out


def find_attributions(text: str, registry: Registry) -> list[Attribution]:
    """Every attribution in ``text`` in text order; ``text[start:end] == attribution.text``."""
    mentions = registry.mentions(text)
    if not mentions:
        return find_bylines(text)
    folded = _fold(text)
    hits: list[tuple[int, int, Frame] | None] = [None] * len(mentions)
    covered = [False] * len(mentions)
    last_end = 0
    for i, (start, end, _agency) in enumerate(mentions):
        if start < last_end:
            covered[i] = True
            continue
        hit = _frame_at(text, folded, start, end, last_end, registry.frames,
                        after_slash=start > 0 and text[start - 1] == "/")
        if hit is not None:
            hits[i] = hit
            last_end = hit[1]
    _coordinate(text, mentions, hits, covered)
    found = [Attribution(agency.name, hit[2].kind, text[hit[0]:hit[1]], hit[0], hit[1])
             for (_s, _e, agency), hit in zip(mentions, hits) if hit is not None]
    bylines = find_bylines(text, found)
    return sorted(found + bylines, key=lambda a: a.start) if bylines else found


def _fold(text: str) -> str:
    """``text`` lower-cased without changing any offset (a few letters such as "İ" grow
    when lower-cased; those stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _lower_pattern(pattern: str) -> str:
    """Lower-case a regex's literals, leaving escapes (``\\W``, ``\\Z``, ``\\S``) alone."""
    out = []
    escaped = False
    for char in pattern:
        out.append(char if escaped else char.lower())
        escaped = not escaped and char == "\\"
    return "".join(out)


def _frame_at(text: str, folded: str, start: int, end: int, floor: int,
              frames: Sequence[Frame], after_slash: bool = False) -> tuple[int, int, Frame] | None:
    """The first frame that fits around the mention ``text[start:end]``, as a span."""
    # Frames never span a line break, so the search starts at the line at the latest.
    window = max(floor, start - _WINDOW, text.rfind("\n", max(0, start - _WINDOW), start) + 1)
    for frame in frames:
        if after_slash and frame.before is None:
            continue
        span_start, span_end = start, end
        # The anchored ``after`` match first: it fails at once on most mentions, and the
        # ``before`` search it spares tries every position of the window.
        if frame.after is not None:
            found = frame.after.match(text, end)
            if found is None:
                continue
            span_end = found.end()
        if frame.before is not None:
            found = frame.before.search(folded if frame.folded else text, window, start)
            if found is None:
                continue
            span_start = found.start()
        return span_start, span_end, frame
    return None


def _coordinate(text: str, mentions: list[tuple[int, int, Agency]],
                hits: list[tuple[int, int, Frame] | None], covered: list[bool]) -> None:
    """Spread a frame over a list of names: "according to Reuters and AFP" credits both."""
    for i in range(1, len(mentions)):  # cue before the list: extend to the right
        prev = hits[i - 1]
        if hits[i] is None and not covered[i] and prev is not None and prev[2].coordinate \
                and prev[2].before is not None \
                and _COORDINATION.fullmatch(text, prev[1], mentions[i][0]):
            hits[i] = (mentions[i][0], mentions[i][1], prev[2])
    for i in range(len(mentions) - 2, -1, -1):  # verb after the list: extend to the left
        nxt = hits[i + 1]
        if hits[i] is None and not covered[i] and nxt is not None and nxt[2].coordinate \
                and nxt[2].before is None \
                and _COORDINATION.fullmatch(text, mentions[i][1], nxt[0]):
            hits[i] = (mentions[i][0], mentions[i][1], nxt[2])


# ---------------------------------------------------------------------------- summaries --

def summarize(attributions: Sequence[Attribution], registry: Registry) -> Provenance:
    """Publishing outlet (first dateline) and the agencies the content is credited to.

    ``agencies`` keeps the order of first appearance, once each, and leaves out the outlet
    itself: its own photographers ("(CNN Indonesia/Adhi Wicaksono)") and "told the BBC" in a
    BBC story are not syndication. A second dateline of another agency is a credit.
    """
    outlet = next((a.agency for a in attributions if a.kind == "dateline"), None)
    if outlet is not None:
        agency = registry.get(outlet)
        outlet = agency.name if agency is not None else outlet
    credited: list[str] = []
    for attribution in attributions:
        if not attribution.agency:
            continue  # a byline credits people, not an agency
        agency = registry.get(attribution.agency)
        name = agency.name if agency is not None else attribution.agency
        if name != outlet and name not in credited:
            credited.append(name)
    return Provenance(outlet=outlet, agencies=credited)
