"""Accuracy and speed of the language detectors on real text (the choice of the default).

Corpora (nothing here was written for audit):

* English / Indonesian sentences: the aligned test splits of ``../shared/data/indonesian-mt-news``
  (``news_test``, ``general_test``), each line as it is ("sentence") and cut to its first 30
  characters at a word boundary ("short": a caption, a credit line, a one-line paragraph).
* English / Indonesian articles: BBC (``en_bbc_fulltext``) and detik / liputan6
  (``id_detik_1000``, ``id_news_multisource``) from ``../shared/data/external``, read the way
  the pipeline reads an article (start, middle and end windows: ``audit.language.sample``).
* Chinese news: the source side of the WMT 2023 MQM zh→en file (``external/mqm_…``).
* Spanish, French, German, Portuguese, Italian, Arabic, Chinese, Japanese, Russian, Turkish:
  the translated messages of the programs installed on this machine (gettext catalogues under
  ``/usr/share/locale/<lang>/LC_MESSAGES``): real human translations, but interface text, not
  news. Each message with ≥ 20 letters once format codes are removed is a "sentence"; its first
  30 characters a "short" text; eight consecutive messages joined an "article".

Every detector sees exactly what ``audit.language.detect`` gives it (the same 20-letter floor
and 2,000-character cap). Accuracy counts an exact ISO code (Malay for Indonesian is wrong).
Speed is the median of interleaved rounds over the English+Indonesian sentences, so both
detectors share the machine's load; the ratio is the figure to quote.

    python benchmarks/detectors.py [--rounds 3] [--per-language 1500] [--candidates]

``--candidates`` adds the engines that were considered and not chosen (pycld2, lingua), if
they are installed.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from audit import detectors  # noqa: E402
from audit.language import MAX_DETECT_CHARS, MIN_LETTERS, sample  # noqa: E402


def _shared() -> Path:
    for base in (REPO.parent, REPO.parent.parent, Path("/work")):
        if (base / "shared" / "data").is_dir():
            return base / "shared" / "data"
    raise SystemExit("../shared/data not found")


DATA = _shared()
LOCALE = Path("/usr/share/locale")
OTHER_LANGUAGES = {"es": "es", "fr": "fr", "de": "de", "pt": "pt", "it": "it", "ar": "ar",
                   "zh": "zh_CN", "ja": "ja", "ru": "ru", "tr": "tr"}
SHORT_CHARS = 30
# A letter as audit.language.detect counts them (its 20-letter floor): here they are counted.
_LETTERS = re.compile(r"[^\W\d_]")
_FORMAT = re.compile(r"%[-#0 +'I]*\d*(?:\.\d+)?[hlLqjzt]*[a-zA-Z%]|\{[^{}]*\}|<[^<>]*>|\$\{?\w+\}?"
                     r"|(?<!\w)--?[\w-]+|_(?=\w)|&(?=\w)|\\[nt]")


def _letters(text: str) -> int:
    return len(_LETTERS.findall(text[:MAX_DETECT_CHARS]))


def _short(text: str) -> str:
    if len(text) <= SHORT_CHARS:
        return text
    cut = text[:SHORT_CHARS]
    return cut[:cut.rindex(" ")] if " " in cut[SHORT_CHARS // 2:] else cut


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _jsonl_texts(name: str, limit: int) -> list[str]:
    texts = []
    with (DATA / "external" / name).open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= limit:
                break
    return texts


def _catalogue_messages(folder: str) -> list[str]:
    messages: list[str] = []
    for mo in sorted((LOCALE / folder / "LC_MESSAGES").glob("*.mo")):
        try:
            with mo.open("rb") as handle:
                catalogue = gettext.GNUTranslations(handle)._catalog  # noqa: SLF001 - the messages themselves
        except (OSError, UnicodeDecodeError, ValueError, KeyError):
            continue
        for key, value in catalogue.items():
            if not isinstance(value, str) or not key or (isinstance(key, str) and value == key):
                continue  # the header, or an untranslated message
            text = " ".join(_FORMAT.sub(" ", value).split())
            if _letters(text) >= MIN_LETTERS:
                messages.append(text)
    return sorted(set(messages))


def corpora(per_language: int, seed: int) -> dict[str, list[tuple[str, str]]]:
    """``{set name: [(true code, text)]}`` for every set the benchmark reports."""
    rng = random.Random(seed)
    mt = DATA / "indonesian-mt-news"
    sets: dict[str, list[tuple[str, str]]] = {}
    for code in ("en", "id"):
        lines = _lines(mt / f"news_test.{code}") + _lines(mt / f"general_test.{code}")
        sets[f"{code} sentences"] = [(code, t) for t in lines]
        sets[f"{code} short"] = [(code, _short(t)) for t in lines]
    sets["en articles"] = [("en", sample(t)) for t in _jsonl_texts("en_bbc_fulltext.jsonl", 500)]
    sets["id articles"] = [("id", sample(t)) for t in _jsonl_texts("id_detik_1000.jsonl", 250)
                           + _jsonl_texts("id_news_multisource_2025-06-18.jsonl", 250)]
    mqm = DATA / "external" / "mqm_generalMT2023_zhen_news.tsv.gz"
    if mqm.exists():
        with gzip.open(mqm, "rt", encoding="utf-8") as handle:
            sources = {row[5].replace("<v>", "").replace("</v>", "") for row in
                       csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if len(row) > 6}
        sources.discard("source")
        news = sorted(s for s in sources if _letters(s) >= MIN_LETTERS)
        sets["zh news sentences"] = [("zh", t) for t in news]
    for code, folder in OTHER_LANGUAGES.items():
        messages = _catalogue_messages(folder)
        if not messages:
            continue
        picked = rng.sample(messages, min(per_language, len(messages)))
        sets[f"{code} messages"] = [(code, t) for t in picked]
        sets[f"{code} short"] = sets.get(f"{code} short", []) + [(code, _short(t)) for t in picked]
        blocks = [" ".join(picked[i:i + 8]) for i in range(0, len(picked) - 7, 8)]
        sets[f"{code} 8-message texts"] = [(code, t) for t in blocks]
    return sets


class _Pycld2:
    name = "pycld2"

    def __init__(self) -> None:
        import pycld2
        self._detect = pycld2.detect

    def detect(self, text: str) -> tuple[str | None, float]:
        try:
            reliable, _, details = self._detect(text)
        except Exception:  # noqa: BLE001 - cld2 rejects some byte sequences
            return None, 0.0
        code = {"zh-Hant": "zh", "iw": "he", "tl": "tl"}.get(details[0][1], details[0][1])
        return (code, details[0][2] / 100) if code in detectors.LANGUAGES else (None, 0.0)


class _Lingua:
    name = "lingua"

    def __init__(self) -> None:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
        languages = []
        for code in sorted(detectors.LANGUAGES):
            try:
                languages.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
            except (AttributeError, ValueError):
                pass
        self._detector = LanguageDetectorBuilder.from_languages(*languages).build()

    def detect(self, text: str) -> tuple[str | None, float]:
        values = self._detector.compute_language_confidence_values(text)
        if not values:
            return None, 0.0
        best = values[0]
        return best.language.iso_code_639_1.name.lower(), round(best.value, 3)


def _run(detector, items: list[tuple[str, str]]) -> tuple[int, int]:
    correct = total = 0
    for truth, text in items:
        if _letters(text) < MIN_LETTERS:
            continue
        total += 1
        code, _confidence = detector.detect(text[:MAX_DETECT_CHARS])
        correct += code == truth
    return correct, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-language", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--candidates", action="store_true")
    args = parser.parse_args()

    sets = corpora(args.per_language, args.seed)
    engines: dict[str, object] = {}
    load_times = {}
    names = list(detectors.NAMES)
    for name in names:
        started = time.perf_counter()
        engines[name] = detectors.get(name)
        load_times[name] = time.perf_counter() - started
    if args.candidates:
        for extra in (_Pycld2, _Lingua):
            try:
                started = time.perf_counter()
                engines[extra.name] = extra()
                load_times[extra.name] = time.perf_counter() - started
            except ImportError:
                print(f"({extra.name} is not installed: skipped)")
    print("accuracy (% exact code; items with ≥ 20 letters):")
    header = f"  {'set':<24} {'items':>6} " + " ".join(f"{n:>10}" for n in engines)
    print(header)
    for set_name, items in sets.items():
        results = {n: _run(engine, items) for n, engine in engines.items()}
        total = next(iter(results.values()))[1]
        print(f"  {set_name:<24} {total:>6} " + " ".join(
            f"{100 * c / t if t else 0:>9.1f}%" for c, t in results.values()))

    speed_items = [t for key in ("en sentences", "id sentences") for _, t in sets[key]]
    speed_items = [t[:MAX_DETECT_CHARS] for t in speed_items if _letters(t) >= MIN_LETTERS]
    timings: dict[str, list[float]] = {n: [] for n in engines}
    for _ in range(args.rounds):  # interleaved: every engine once per round
        for name, engine in engines.items():
            started = time.process_time()
            for text in speed_items:
                engine.detect(text)
            timings[name].append(time.process_time() - started)
    reference = statistics.median(timings["langdetect"])
    print(f"speed on {len(speed_items)} en+id sentences (median CPU time of {args.rounds} interleaved rounds):")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"  {name:<10} {len(speed_items) / median:>8.0f} sentences/s  "
              f"{reference / median:>5.1f}× langdetect   model load {load_times[name]:.2f} s")


if __name__ == "__main__":
    main()
