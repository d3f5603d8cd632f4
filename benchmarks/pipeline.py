"""Speed and memory of the pipeline without translation, each figure a ratio measured in this run.

The machine may be shared, so every comparison is paired: the two sides run interleaved, round
after round, and the medians are compared. CPU time (not wall time) measures work per core.

1. Throughput: ``pipeline.run`` in-process, one worker, no back-translation, with JSON
   serialisation, on 2,000 articles of 6–10 real sentences (one or two a paragraph, a tenth in
   Indonesian, a fifth with the Indonesian original as ``source_text``), built from
   ``../shared/data/indonesian-mt-news``. Articles per CPU-second = articles/s per core;
   against the target (1,000) and against the same run with ``detector = "langdetect"``.
   Then a per-stage breakdown.
2. ``--workers 2`` against ``--workers 1`` (``audit run`` processes, wall time), with
   byte-identical output.
3. Start-up: ``audit run`` on one article (the seed) without back-translation, against
   ``python -c pass`` (the interpreter alone); target ≤ 0.4 s of CPU. A first, unmeasured run
   builds the caches every later run of a user reads (``$XDG_CACHE_HOME/audit``) and the
   modules' bytecode (as an installed package has it, also under PYTHONDONTWRITEBYTECODE).
4. The pofilter workload: the 3,921 distinct Indonesian→English pairs of news_valid and
   general_valid, as a PO file for translate-toolkit's ``pofilter`` and as JSONL articles with
   ``source_text`` for ``audit run``: CPU time ratio (target ≤ 2) and audit's peak RSS
   (target ≤ 200 MB), also for a machine's first run (an empty cache folder: it builds the
   detector's model file), and how much of audit's time is start-up (the same command on one
   pair).
   Needs ``pip install -e '.[bench]'``; skipped (said so) without it.
5. Memory: 10,000 articles in 20 languages through ``audit run --format jsonl``: peak RSS
   (target ≤ 250 MB), and nothing on stderr but audit's own one-line summary.
   The texts are English and Indonesian sentences plus the translated messages of the
   programs installed here (gettext catalogues under /usr/share/locale) in 18 more languages.

    python benchmarks/pipeline.py [--articles 2000] [--rounds 3] [--seed 1] [--only NAME ...]
                                  [--audit-path DIR]

NAME is one of: throughput, workers, startup, pofilter, memory. ``--audit-path DIR`` measures
the ``audit`` package in DIR instead (e.g. ``git worktree add /tmp/old <commit>``), for
before/after figures; sections the old code cannot run (its detector choice) are left out.
"""

from __future__ import annotations

import argparse
import gettext
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AUDIT_PATH = REPO
if "--audit-path" in sys.argv:
    AUDIT_PATH = Path(sys.argv[sys.argv.index("--audit-path") + 1]).resolve()
sys.path.insert(0, str(AUDIT_PATH))


def _data() -> Path:
    for base in (REPO.parent, Path("/work")):
        if (base / "shared" / "data" / "indonesian-mt-news").is_dir():
            return base / "shared" / "data" / "indonesian-mt-news"
    raise SystemExit("../shared/data/indonesian-mt-news not found")


DATA = _data()
SEED_ARTICLE = REPO / "seeds" / "cnn-indonesia-haniyeh-egypt.txt"
LOCALE = Path("/usr/share/locale")
MEMORY_LANGUAGES = ("es", "fr", "de", "pt", "it", "ar", "zh_CN", "ja", "ru", "tr", "nl", "pl", "sv",
                    "cs", "hu", "fi", "ko", "uk")
TARGETS = {"articles/s per core": 1000, "start-up s": 0.4, "pofilter ratio": 2.0,
           "pofilter MB": 200, "memory MB": 250}


def _valid_pairs() -> list[tuple[str, str]]:
    pairs = []
    for name in ("news_valid", "general_valid"):
        english = (DATA / f"{name}.en").read_text(encoding="utf-8").splitlines()
        indonesian = (DATA / f"{name}.id").read_text(encoding="utf-8").splitlines()
        pairs += list(zip(indonesian, english))
    return pairs


def build_batch(count: int, seed: int) -> list[dict]:
    pairs = _valid_pairs()
    indonesian = [i for i, _ in pairs]
    english = [e for _, e in pairs]
    rng = random.Random(seed)
    batch = []
    for number in range(count):
        size = rng.randint(6, 10)
        start = rng.randrange(0, len(english) - size)
        lines = range(start, start + size)
        in_indonesian = number % 10 == 9
        side = indonesian if in_indonesian else english
        paragraphs, i = [], 0
        sentences = [side[j] for j in lines]
        while i < len(sentences):
            step = rng.choice((1, 2))
            paragraphs.append(" ".join(sentences[i:i + step]))
            i += step
        record = {"id": f"bench-{number}", "title": sentences[0][:80], "text": "\n\n".join(paragraphs)}
        if not in_indonesian and number % 5 == 0:
            record["source_text"] = "\n\n".join(indonesian[j] for j in lines)
        batch.append(record)
    return batch


def _verdict(value: float, target: float, higher_is_better: bool) -> str:
    met = value >= target if higher_is_better else value <= target
    return f"target {'≥' if higher_is_better else '≤'} {target:g}: {'met' if met else 'NOT met'} ({value / target:.2f}× the target)"


# --- measuring a child process -------------------------------------------------------------------

# A child forked from this (large) process would count this process's pages in its peak RSS
# until it execs, so every measured command runs under a small wrapper that reports its own
# child's usage.
_WRAPPER = """
import json, os, resource, subprocess, sys
code = subprocess.call(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as handle:
    json.dump({"code": code, "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss}, handle)
"""


def measure(command: list[str], *, cwd: Path, env: dict) -> dict:
    """Run ``command``; its wall time, CPU time (with its own children) and peak RSS."""
    with tempfile.NamedTemporaryFile(suffix=".json") as usage_file:
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _WRAPPER, usage_file.name, *command], cwd=cwd,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - started
        usage = json.loads(Path(usage_file.name).read_text() or "{}")
    if proc.returncode != 0 or usage.get("code") != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{proc.stderr.decode()[-3000:]}")
    return {"wall": wall, "cpu": usage["cpu"], "rss_mb": usage["rss_kb"] / 1024,
            "stderr": proc.stderr.decode()}


def _environment(folder: Path) -> dict:
    # One cache folder for the whole benchmark: the first audit run builds audit's caches (the
    # language model's uncompressed copy, the compiled regular expressions, the parsed data
    # files), the measured runs use them, as every run after a user's first does.
    return dict(os.environ, XDG_CACHE_HOME=str(folder / "cache"), XDG_DATA_HOME=str(folder / "data"),
                XDG_CONFIG_HOME=str(folder / "config"),
                PYTHONPATH=os.pathsep.join(filter(None, (str(AUDIT_PATH), os.environ.get("PYTHONPATH")))))


def _audit(*args: str) -> list[str]:
    return [sys.executable, "-m", "audit", "run", *args, "--no-backtranslate", "--no-progress"]


def _write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _paired(commands: dict[str, list[str]], rounds: int, **kwargs) -> dict[str, list[dict]]:
    results: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            results[name].append(measure(command, **kwargs))
    return results


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


# --- 1. throughput -------------------------------------------------------------------------------

def throughput(batch: list[dict], rounds: int) -> None:
    from audit import provenance
    from audit.checks import REGISTRY, CheckContext, run_check
    from audit.config import parse_config
    from audit.ingest import _article_from_record
    from audit.language import detect_language, follow_origin, infer_origin
    from audit.pipeline import RunOptions, analyse, finalise, run
    try:
        from audit.checks.base import run_by_language
        from audit.language import language_regions
    except ImportError:  # --audit-path: code from before checks ran by paragraph language
        run_by_language = language_regions = None
    from audit.stories import StoryIndex, assign_story
    from audit.text import paragraphs

    articles = [_article_from_record(r, r["id"], "bench", "bench") for r in batch]
    try:
        options = {"py3langid (default)": RunOptions(config=parse_config({"detector": "py3langid"})),
                   "langdetect": RunOptions(config=parse_config({"detector": "langdetect"}))}
    except ValueError:  # --audit-path: code from before the detector choice
        options = {"audit at --audit-path": RunOptions()}
    for run_options in options.values():
        list(run(articles[:50], run_options))  # load models, lexicons and word lists
    cpu: dict[str, list[float]] = {name: [] for name in options}
    for _ in range(rounds):
        for name, run_options in options.items():
            started = time.process_time()
            for report in run(articles, run_options):
                json.dumps(report.to_dict(), ensure_ascii=False)
            cpu[name].append(time.process_time() - started)
    default = statistics.median(next(iter(cpu.values())))
    reference = statistics.median(cpu["langdetect"]) if "langdetect" in cpu else default
    rate = len(articles) / default
    print(f"1. throughput, in-process, 1 worker, no back-translation, {len(articles)} articles "
          f"(median CPU time of {rounds} interleaved rounds):")
    for name, values in cpu.items():
        median = statistics.median(values)
        print(f"   {name:<20} {len(articles) / median:6.0f} articles/s per core "
              f"({median / len(articles) * 1000:.2f} ms CPU/article)")
    print(f"   ratio default/langdetect: {reference / default:.2f}×; "
          f"{_verdict(rate, TARGETS['articles/s per core'], True)}")

    registry = provenance.load_registry()
    stages = {"paragraphs+language": 0.0, "provenance": 0.0, "sentences+words": 0.0}
    per_check = {code: 0.0 for code in REGISTRY}
    stages["origin"] = 0.0
    stages["finalise+JSON"] = 0.0
    stages["stories"] = 0.0
    story_index = StoryIndex()
    default_options = next(iter(options.values()))
    for article in articles:
        # What pipeline._analyse does, stage by stage (checks dispatched by paragraph language).
        t0 = time.process_time()
        language = detect_language(article.text, paragraphs(article.text))
        regions = language_regions(article.text, language) if language_regions else None
        t1 = time.process_time()
        attributions = provenance.find_attributions(article.text, registry)
        provenance.summarize(attributions, registry)
        t2 = time.process_time()
        ctx = CheckContext(text=article.text, language=language.code, source_text=article.source_text,
                           source_language=article.source_language)
        ctx.attributions = attributions
        if regions is not None:
            ctx.regions = regions
        ctx.sentences, ctx.words, ctx.source_sentences  # noqa: B018 - the shared tokenisation
        t3 = time.process_time()
        findings = []
        for chk in REGISTRY.values():
            if chk.late:
                continue
            started = time.process_time()
            if run_by_language is not None:
                findings += run_by_language(chk, ctx)
            elif chk.applies_to(ctx):
                findings += run_check(chk, ctx)
            per_check[chk.code] += time.process_time() - started
        t4 = time.process_time()
        outlet_languages = {}  # as pipeline._analyse builds it: the credited outlets' languages
        for attribution in attributions:
            agency = registry.get(attribution.agency)
            if agency is not None and agency.language:
                outlet_languages[agency.name] = agency.language
        origin = infer_origin(article.text, language, attributions, findings, outlet_languages,
                              source_text=article.source_text)
        findings = follow_origin(findings, origin)
        t5 = time.process_time()
        # The rest of the run, on the report the pipeline itself builds (measured apart).
        report = analyse(article, default_options.config, default_options.time_budget)
        t6 = time.process_time()
        finalise(report, article, default_options.config)
        json.dumps(report.to_dict(), ensure_ascii=False)
        t7 = time.process_time()
        assign_story(story_index, report, article)
        t8 = time.process_time()
        for key, value in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t5 - t4, t7 - t6, t8 - t7)):
            stages[key] += value
    print("   per stage, ms CPU/article: " + ", ".join(
        f"{key} {value / len(articles) * 1000:.2f}" for key, value in stages.items()))
    print("   per check, ms CPU/article: " + ", ".join(
        f"{code} {value / len(articles) * 1000:.2f}" for code, value in
        sorted(per_check.items(), key=lambda kv: -kv[1]) if value))
    accounted = (sum(stages.values()) + sum(per_check.values())) / len(articles) * 1000
    print(f"   stages and checks add up to {accounted:.2f} ms of the run's "
          f"{default / len(articles) * 1000:.2f} ms CPU/article (the rest: the run's own loop, "
          f"the time budget's timer, and the noise between two measurements)")


# --- 2. workers ----------------------------------------------------------------------------------

def workers(batch: list[dict], rounds: int, folder: Path, env: dict) -> None:
    source = folder / "batch.jsonl"
    _write_jsonl(source, batch)
    outs = {n: folder / f"workers{n}.jsonl" for n in ("1", "2")}
    commands = {n: _audit(str(source), "--format", "jsonl", "--out", str(out), "--workers", n)
                for n, out in outs.items()}
    results = _paired(commands, rounds, cwd=folder, env=env)
    one, two = _median(results["1"], "wall"), _median(results["2"], "wall")
    identical = outs["1"].read_bytes() == outs["2"].read_bytes()
    print(f"2. --workers 2 against --workers 1, {len(batch)} articles (median wall time of {rounds} "
          f"interleaved rounds): {one:.2f} s vs {two:.2f} s = {one / two:.2f}× "
          f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}); output identical: {identical}")


# --- 3. start-up ---------------------------------------------------------------------------------

def _compiled_modules(env: dict, folder: Path) -> dict:
    """``env`` with Python's bytecode written (to a folder of this run): an installed package
    has its modules compiled, but a shell with PYTHONDONTWRITEBYTECODE (ours has it) would
    compile every module edited since the last write at each start, and time that."""
    env = dict(env, PYTHONPYCACHEPREFIX=str(folder / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def startup(rounds: int, folder: Path, env: dict) -> None:
    env = _compiled_modules(env, folder)
    out = folder / "one.json"
    commands = {"python -c pass": [sys.executable, "-c", "pass"],
                "audit run (1 article)": _audit(str(SEED_ARTICLE), "--format", "json", "--out", str(out))}
    measure(commands["audit run (1 article)"], cwd=folder, env=env)  # first run: builds the caches
    results = _paired(commands, rounds, cwd=folder, env=env)
    bare = _median(results["python -c pass"], "wall")
    print(f"3. start-up (median of {rounds} interleaved rounds):")
    for name, runs in results.items():
        print(f"   {name:<24} wall {_median(runs, 'wall'):.3f} s, CPU {_median(runs, 'cpu'):.3f} s, "
              f"{_median(runs, 'rss_mb'):.0f} MB")
    wall = _median(results["audit run (1 article)"], "wall")
    cpu = _median(results["audit run (1 article)"], "cpu")
    print(f"   audit run / bare interpreter: {wall / bare:.1f}× wall; "
          f"CPU {_verdict(cpu, TARGETS['start-up s'], False)}")


# --- 4. pofilter ---------------------------------------------------------------------------------

def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


def pofilter(rounds: int, folder: Path, env: dict) -> None:
    tool = shutil.which("pofilter", path=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    if tool is None:
        print("4. pofilter workload: skipped (translate-toolkit is not installed: pip install -e '.[bench]')")
        return
    seen: dict[str, str] = {}
    for indonesian, english in _valid_pairs():
        seen.setdefault(indonesian, english)
    pairs = list(seen.items())
    po = folder / "pairs.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + "".join(
        f"msgid {_po_quote(i)}\nmsgstr {_po_quote(e)}\n\n" for i, e in pairs), encoding="utf-8")
    jsonl = folder / "pairs.jsonl"
    _write_jsonl(jsonl, [{"id": f"pair-{n}", "text": e, "source_text": i}
                         for n, (i, e) in enumerate(pairs)])
    one = folder / "one-pair.jsonl"
    one.write_text(jsonl.read_text(encoding="utf-8").split("\n", 1)[0] + "\n", encoding="utf-8")
    commands = {"pofilter": [tool, "--progress=none", str(po), str(folder / "pofilter-out.po")],
                "audit": _audit(str(jsonl), "--format", "jsonl", "--out", str(folder / "pairs-report.jsonl")),
                # the same command on the first pair alone: what of audit's time is start-up
                "audit 1 pair": _audit(str(one), "--format", "jsonl", "--out", str(folder / "one-report.jsonl"))}
    # A machine's first run builds the caches (compiled patterns, parsed data, the detector's
    # mapped model) that every later run reads: measured apart, with a cache folder of its
    # own that is empty (whatever the sections before built), then the rounds.
    first = measure(commands["audit"], cwd=folder,
                    env=dict(env, XDG_CACHE_HOME=str(folder / "first-run-cache")))
    measure(commands["audit"], cwd=folder, env=env)  # the rounds' cache folder, warm
    results = _paired(commands, rounds, cwd=folder, env=env)
    print(f"4. pofilter workload: {len(pairs)} Indonesian→English pairs (median of {rounds} interleaved rounds):")
    print(f"   audit's first run on this machine (empty cache folder, not in the rounds): CPU "
          f"{first['cpu']:.2f} s, peak RSS {first['rss_mb']:.0f} MB, "
          f"{_verdict(first['rss_mb'], TARGETS['pofilter MB'], False)}")
    for name, runs in results.items():
        print(f"   {name:<12} CPU {_median(runs, 'cpu'):.2f} s, wall {_median(runs, 'wall'):.2f} s, "
              f"peak RSS {max(r['rss_mb'] for r in runs):.0f} MB")
    start_up = _median(results["audit 1 pair"], "cpu")
    per_pair = (_median(results["audit"], "cpu") - start_up) / max(1, len(pairs) - 1)
    print(f"   audit's CPU: {start_up:.2f} s of start-up (one pair), then {per_pair * 1000:.2f} ms a pair")
    ratio = _median(results["audit"], "cpu") / _median(results["pofilter"], "cpu")
    peak = max(r["rss_mb"] for r in results["audit"])
    print(f"   audit/pofilter CPU: {_verdict(ratio, TARGETS['pofilter ratio'], False)}; "
          f"audit peak RSS {_verdict(peak, TARGETS['pofilter MB'], False)}")


# --- 5. memory -----------------------------------------------------------------------------------

_FORMAT = re.compile(r"%[-#0 +'I]*\d*(?:\.\d+)?[hlLqjzt]*[a-zA-Z%]|<[^<>]*>|(?<!\w)--?[\w-]+")


def _messages(folder: str, limit: int) -> list[str]:
    messages: list[str] = []
    for mo in sorted((LOCALE / folder / "LC_MESSAGES").glob("*.mo")):
        try:
            with mo.open("rb") as handle:
                catalogue = gettext.GNUTranslations(handle)._catalog  # noqa: SLF001
        except (OSError, UnicodeDecodeError, ValueError, KeyError):
            continue
        for key, value in catalogue.items():
            if isinstance(value, str) and key and value != key:
                text = " ".join(_FORMAT.sub(" ", value).split())
                if len(text) >= 40:
                    messages.append(text)
    messages = sorted(set(messages))
    random.Random(folder).shuffle(messages)
    return messages[:limit]


def memory(count: int, folder: Path, env: dict) -> None:
    english = (DATA / "news_valid.en").read_text(encoding="utf-8").splitlines()
    indonesian = (DATA / "news_valid.id").read_text(encoding="utf-8").splitlines()
    pools = {"en": english, "id": indonesian}
    for name in MEMORY_LANGUAGES:
        messages = _messages(name, 3000)
        if len(messages) >= 60:
            pools[name] = messages
    rng = random.Random(1)
    names = list(pools)
    records = []
    for number in range(count):
        pool = pools[names[number % len(names)]]
        start = rng.randrange(0, len(pool) - 6)
        records.append({"id": f"m{number}", "text": "\n\n".join(pool[start:start + 6])})
    source = folder / "languages.jsonl"
    _write_jsonl(source, records)
    out = folder / "languages-report.jsonl"
    result = measure(_audit(str(source), "--format", "jsonl", "--out", str(out)), cwd=folder,
                     env=_compiled_modules(env, folder))
    detected: dict[str, int] = {}
    with out.open(encoding="utf-8") as handle:
        for line in handle:
            code = (json.loads(line).get("language") or {}).get("code") or "unknown"
            detected[code] = detected.get(code, 0) + 1
    own = re.compile(r"audit: wrote jsonl report of [\d,]+ articles?\s+to\s+\S+\s*")  # audit's one note
    stderr = [line for line in own.sub("", result["stderr"]).splitlines() if line.strip()]
    print(f"5. memory: {count} articles in {len(pools)} languages ({len(detected)} detected) in "
          f"{result['wall']:.1f} s: peak RSS {_verdict(result['rss_mb'], TARGETS['memory MB'], False)}; "
          f"other stderr lines: {len(stderr)}" + (f" (first: {stderr[0][:120]!r})" if stderr else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--memory-articles", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="*", choices=("throughput", "workers", "startup", "pofilter", "memory"))
    parser.add_argument("--audit-path", type=Path, help="measure the audit package in this folder")
    args = parser.parse_args()
    wanted = set(args.only or ("throughput", "workers", "startup", "pofilter", "memory"))
    batch = build_batch(args.articles, args.seed)
    chars = sum(len(r["text"]) for r in batch) / len(batch)
    print(f"audit from {AUDIT_PATH}; batch: {len(batch)} articles from {DATA}, {chars:.0f} characters/article on average; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = _environment(folder)
        if "throughput" in wanted:
            throughput(batch, args.rounds)
        if "workers" in wanted:
            workers(batch, args.rounds, folder, env)
        if "startup" in wanted:
            startup(max(5, args.rounds), folder, env)
        if "pofilter" in wanted:
            pofilter(args.rounds, folder, env)
        if "memory" in wanted:
            memory(args.memory_articles, folder, env)


if __name__ == "__main__":
    main()
