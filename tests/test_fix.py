"""`audit fix`: every fixable code, overlaps, offsets, format round trips, atomic rewrites."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.checks import REGISTRY
from audit.cli import app
from audit.fix import Edit, Selection, apply_edits, choose_edits, fix_article
from audit.model import Article, Finding, Fix
from conftest import REPO, SEED

runner = CliRunner()


def fixed_text(text: str, **selection) -> tuple[str, list[Finding]]:
    result = fix_article(Article(id="t", source="t", text=text), selection=Selection(**selection))
    assert result.problem is None, result.problem
    return result.text, result.after


# (code, text, the text after `audit fix`)
FIXABLE = [
    ("missing-space", "Hamas leader Ismail Haniyeh visits Egypt.\n\n"
                      "Head of the political bureau HamasIsmail Haniyeh visited Egypt.",
     "Hamas leader Ismail Haniyeh visits Egypt.\n\n"
     "Head of the political bureau Hamas Ismail Haniyeh visited Egypt."),
    ("missing-space", "Didier Drogba fromIvory Coast joined the club on Monday.",
     "Didier Drogba from Ivory Coast joined the club on Monday."),
    ("missing-space", "The minister resigned on Monday.The president accepted it.",
     "The minister resigned on Monday. The president accepted it."),
    ("spacing", "The talks will continue  next week in Cairo.",
     "The talks will continue next week in Cairo."),
    ("spacing", "The minister said , adding that talks continue.",
     "The minister said, adding that talks continue."),
    ("spacing", "The meeting ( held in Doha) ended late.",
     "The meeting (held in Doha) ended late."),
    ("doubled-word", "The talks will continue in the the coming days.",
     "The talks will continue in the coming days."),
    ("locale-convention", "Wednesday, 20 Dec 2023 20:35 IWST\n\nHaniyeh arrived in Cairo.",
     "Wednesday, 20 Dec 2023 20:35 WIB (UTC+7)\n\nHaniyeh arrived in Cairo."),
    ("locale-convention", "Haniyeh secretly visited Egypt today, Wednesday (20/12).",
     "Haniyeh secretly visited Egypt today, Wednesday, December 20."),
    ("locale-convention", "The flood displaced 1,5 million people in the province.",
     "The flood displaced 1.5 million people in the province."),
    ("locale-convention", "The fine was Rp 1.500.000 for each violation.",
     "The fine was Rp 1,500,000 for each violation."),
    ("untranslated-token", "Media AS Axios reported that Mossad Director David Barnea met Bill Burns.",
     "US media outlet Axios reported that Mossad Director David Barnea met Bill Burns."),
    # "the AS" is Indonesian only where the article otherwise is (here its dateline)
    ("untranslated-token", "Jakarta, CNN Indonesia -- The AS government imposed new sanctions.",
     "Jakarta, CNN Indonesia -- The US government imposed new sanctions."),
    ("untranslated-token", "The ministers dan their deputies met on Monday in Jakarta.",
     "The ministers and their deputies met on Monday in Jakarta."),
    ("untranslated-token", "Presiden Joko Widodo opened the new toll road on Monday.",
     "President Joko Widodo opened the new toll road on Monday."),
]


@pytest.mark.parametrize("code,before,after", FIXABLE)
def test_every_fixable_code_is_applied_exactly(code, before, after):
    text, remaining = fixed_text(before)
    assert text == after
    # (an info note may stay: "Rp 1,500,000" still wants a US$ conversion)
    assert not [f for f in remaining if f.code == code and f.severity != "info"]


def test_the_fixable_codes_are_declared_in_the_registry():
    declared = {code for code, chk in REGISTRY.items() if chk.fixable}
    assert declared == {"missing-space", "spacing", "doubled-word", "locale-convention",
                        "untranslated-token"}
    assert {code for code, _, _ in FIXABLE} == declared
    assert not REGISTRY["role-confusion"].fixable


# Findings with a suggestion that needs judgement: reported, never fixable.
JUDGEMENT = [
    ("role-confusion", "He will prepare an agreement to release Hamas hostages and Israeli prisoners."),
    ("role-confusion", "The deal freed 80 Hamas hostages in November."),
    ("untranslated-token", "The officials yang attended the meeting were told to wait."),  # which/who
    ("untranslated-token", "Officials from Kabupaten Bogor attended the meeting."),  # Bogor Regency
    ("untranslated-token", "The meeting was attended by President RI and his ministers."),
    ("untranslated-token", "Pak Jokowi opened the new toll road on Monday."),  # house style
    # a merge the check reports, but nothing in the article shows the parts apart: the split
    # is the editor's call (a brand glued the same way each time, "LokiTorrent", is no longer
    # reported at all: missing-space treats a repeated capitalised token as a name)
    ("missing-space", "The minister spoke to reporters after the SecurityCouncil vote on Tuesday."),
    ("locale-convention", "The original artwork has sold for $110,00 (£59,000) at a US auction."),
]


@pytest.mark.parametrize("code,text", JUDGEMENT)
def test_judgement_calls_are_never_fixable(code, text):
    result = fix_article(Article(id="t", source="t", text=text))
    found = [f for f in result.before if f.code == code]
    assert found, "the case must trigger the check"
    assert all(f.fix is None and not f.fixable for f in found)
    assert result.text == text


def test_clean_real_text_is_left_alone():
    clean = ("Israeli Prime Minister Benjamin Netanyahu said on Sunday that the war would "
             "continue until Hamas was destroyed.\n\nQatar and Egypt, which mediated the last "
             "truce, said talks were at a delicate stage. The United States said it supported them.")
    assert fixed_text(clean)[0] == clean


def _finding(code, start, end, replacement, text):
    return Finding(code=code, category="c", severity="minor", message="m", text=text[start:end],
                   start=start, end=end, suggestion=replacement,
                   fix=Fix(start, end, replacement, text[start:end]))


def test_overlapping_fixes_are_resolved_deterministically():
    text = "abcdefghij"
    findings = [_finding("b", 2, 5, "X", text), _finding("a", 2, 7, "Y", text),
                _finding("c", 4, 6, "Z", text), _finding("d", 7, 9, "W", text),
                _finding("e", 7, 9, "W", text)]
    results = set()
    for seed in range(20):
        random.Random(seed).shuffle(findings)
        edits, held = choose_edits(text, findings)
        results.add((tuple(edits), held))
    assert len(results) == 1  # the input order never matters
    edits, held = results.pop()
    # same start: the wider edit wins; an overlapping one waits; a duplicate is one edit
    assert [(e.start, e.end, e.replacement) for e in edits] == [(2, 7, "Y"), (7, 9, "W")]
    assert held == 2
    assert apply_edits(text, list(edits)) == "abYWj"


def test_offsets_of_later_fixes_stay_right():
    text = "one  two three,four the the five.Six"
    edits = [Edit(3, 5, " ", "spacing", "  "), Edit(14, 15, ", ", "missing-space", ","),
             Edit(20, 27, "the", "doubled-word", "the the"), Edit(32, 33, ". ", "missing-space", ".")]
    expected = text
    for e in reversed(edits):  # applied from the end, each on untouched offsets
        expected = expected[:e.start] + e.replacement + expected[e.end:]
    assert apply_edits(text, edits) == expected == "one two three, four the five. Six"


def test_overlap_end_to_end_word_order_wins_over_the_title():
    # "Presiden" (→ President) lies inside the wider word-order rewrite of "AS"
    text, remaining = fixed_text("Presiden AS Joe Biden called Netanyahu on Tuesday.")
    assert text == "US President Joe Biden called Netanyahu on Tuesday."
    assert not remaining


def test_only_and_min_severity_select_the_fixes():
    text = "Media AS Axios said the the talks went well on Wednesday (20/12)."
    only, _ = fixed_text(text, codes=frozenset({"doubled-word"}))
    assert only == "Media AS Axios said the talks went well on Wednesday (20/12)."
    major, _ = fixed_text(text, min_severity="major")
    assert major == "US media outlet Axios said the the talks went well on Wednesday (20/12)."


def test_seed_leaves_only_the_role_confusion_findings():
    article = Article(id="seed", source=str(SEED), text=SEED.read_text(encoding="utf-8"))
    result = fix_article(article)
    assert result.problem is None and result.changed
    codes_before = [f.code for f in result.before]
    assert {f.code for f in result.after} == {"role-confusion"}
    assert len(result.after) == codes_before.count("role-confusion") == 5
    assert "US media outlet Axios reported" in result.text and "IWST" not in result.text


def test_a_fix_that_adds_a_finding_is_not_kept():
    text = "The talks will continue in the the coming days."

    def analyse(article, config):
        from audit.fix import _findings
        findings, error = _findings(article, config)
        if article.text != text:  # pretend the fixed text trips another check
            findings = findings + [Finding("spacing", "c", "minor", "m", "the", 27, 30)]
        return findings, error

    result = fix_article(Article(id="t", source="t", text=text), analyse=analyse)
    assert result.problem and "would add a finding" in result.problem
    assert result.text == text and not result.changed


# --- files ---------------------------------------------------------------------------------

def invoke(*args):
    return runner.invoke(app, ["fix", *map(str, args)])


def test_jsonl_round_trip_keeps_every_other_byte(tmp_path):
    lines = [
        '{"id": "a1", "meta": {"n": 1.50, "tags": ["x", "y"]},   "text": "The talks will continue in the the coming days.", "z": null}\n',
        '{"text":"Officials met in Jakarta on Monday to discuss the budget.","id":"clean","n":1e3}\n',
        "\n",
        '{"id": "u", "text": "Caf\\u00e9 owners said  prices rose. The minister dan his deputy said so.", "lang": "\\u00e9"}\r\n',
        "not json at all\n",
        '{"title": "T", "body": "Wednesday (20/12) was calm.\\r\\nMedia AS Axios said so.", "extra": [1, 2]}',
    ]
    source = tmp_path / "in" / "batch.jsonl"
    source.parent.mkdir()
    source.write_bytes("".join(lines).encode("utf-8"))
    out = tmp_path / "out"
    os.chdir(tmp_path)
    result = invoke(source.relative_to(tmp_path), "--out", out)
    assert result.exit_code == 0, result.output
    written = (out / "in" / "batch.jsonl").read_bytes().decode("utf-8").splitlines(keepends=True)
    assert len(written) == len(lines)
    expected_text = {0: "The talks will continue in the coming days.",
                     3: "Caf\u00e9 owners said prices rose. The minister and his deputy said so.",
                     5: "Wednesday, December 20 was calm.\r\nUS media outlet Axios said so."}
    for i, (old, new) in enumerate(zip(lines, written)):
        if i not in expected_text:
            assert new == old  # unchanged records, the blank line and the bad line: byte for byte
            continue
        key = "body" if i == 5 else "text"
        old_record, new_record = json.loads(old), json.loads(new)
        assert new_record[key] == expected_text[i]
        # everything but the text value is byte for byte the same
        old_raw, new_raw = json.dumps(old_record[key], ensure_ascii=i == 3), json.dumps(new_record[key], ensure_ascii=i == 3)
        assert old_raw in old and new_raw in new
        assert new.replace(new_raw, old_raw) == old
    assert "\\u00e9" in written[3]  # an exporter's \u escapes stay escapes
    assert source.read_bytes() == "".join(lines).encode("utf-8")  # --out never touches inputs


def test_json_document_and_wrapper_round_trip(tmp_path):
    os.chdir(tmp_path)
    listing = ('[\n  {"id": "x", "text": "The minister dan his deputy said  so.", "keep": {"a": [1,2 ,3]}},\n'
               '  {"id": "y", "text": "Nothing to fix here, says the minister."}\n]\n')
    wrapper = '{"version": "0.1.0", "articles": [{"id": "w", "text": "The minister resigned on Monday.The president accepted it."}], "summary": {}}'
    (tmp_path / "list.json").write_text(listing, encoding="utf-8")
    (tmp_path / "wrap.json").write_text(wrapper, encoding="utf-8")
    result = invoke("list.json", "wrap.json", "--in-place")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "list.json").read_text(encoding="utf-8") == listing.replace(
        '"The minister dan his deputy said  so."', '"The minister and his deputy said so."')
    assert (tmp_path / "wrap.json").read_text(encoding="utf-8") == wrapper.replace(
        'Monday.The', 'Monday. The')


def test_text_file_keeps_bom_and_crlf(tmp_path):
    os.chdir(tmp_path)
    body = "Jakarta, CNN Indonesia —\r\n\r\nThe talks will continue in the the coming days.\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert invoke("a.txt", "--in-place").exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + body.replace("the the", "the").encode("utf-8")


def test_in_place_leaves_unchanged_and_unverifiable_files_alone(tmp_path, monkeypatch):
    os.chdir(tmp_path)
    clean = tmp_path / "clean.txt"
    clean.write_text("Officials met in Jakarta on Monday to discuss the budget.\n", encoding="utf-8")
    os.utime(clean, (1_000_000, 1_000_000))
    doubled = tmp_path / "doubled.txt"
    doubled.write_text("The talks will continue in the the coming days.\n", encoding="utf-8")
    import audit.fix as fix_module

    real = fix_module._findings

    def spoil(article, config):  # the fixed text grows a new finding: not re-verified
        findings, error = real(article, config)
        if "the the" not in article.text:
            findings = findings + [Finding("spacing", "c", "minor", "m", "talks", 4, 9)]
        return findings, error

    monkeypatch.setattr(fix_module, "_findings", spoil)
    result = invoke(".", "--in-place")
    assert result.exit_code == 0, result.output
    assert doubled.read_text(encoding="utf-8") == "The talks will continue in the the coming days.\n"
    assert "left unchanged" in result.output and "doubled.txt" in result.output
    assert clean.stat().st_mtime == 1_000_000  # never rewritten
    assert not list(tmp_path.glob(".*audit-fix"))  # no temporary file left
    monkeypatch.setattr(fix_module, "_findings", real)
    assert invoke(".", "--in-place").exit_code == 0
    assert doubled.read_text(encoding="utf-8") == "The talks will continue in the coming days.\n"
    assert clean.stat().st_mtime == 1_000_000


_HALF_WRITE = textwrap.dedent("""
    import sys, time
    import audit.fix as fix
    from pathlib import Path

    class Slow:
        def __init__(self, handle):
            self.handle = handle
        def write(self, data):
            half = len(data) // 2
            self.handle.write(data[:half]); self.handle.flush()
            print("HALF", flush=True)
            time.sleep(60)
            self.handle.write(data[half:])
        def __getattr__(self, name):
            return getattr(self.handle, name)

    init = fix.AtomicFile.__init__
    def patched(self, target):
        init(self, target)
        self.handle = Slow(self.handle)
    fix.AtomicFile.__init__ = patched
    options = fix.FixOptions(mode="in-place")
    fix.fix_batch([sys.argv[1]], options)
""")


def test_in_place_killed_mid_write_leaves_the_old_file(tmp_path):
    path = tmp_path / "a.jsonl"
    old = "".join(json.dumps({"id": f"r{i}", "text": "The talks will continue in the the coming days.",
                              "n": i}) + "\n" for i in range(50)).encode()
    path.write_bytes(old)
    child = subprocess.Popen([sys.executable, "-c", _HALF_WRITE, str(path)], stdout=subprocess.PIPE,
                             cwd=REPO, text=True)
    try:
        assert child.stdout.readline().strip() == "HALF"
        temps = list(tmp_path.glob(".a.jsonl.*.audit-fix"))
        assert temps and temps[0].stat().st_size > 0  # killed with half the new file written
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert path.read_bytes() == old
    assert invoke(str(path), "--in-place").exit_code == 0
    assert path.read_bytes() == old.replace(b"the the", b"the")


def test_in_place_killed_at_random_moments_is_old_or_new(tmp_path):
    path = tmp_path / "big.jsonl"
    record = "The talks will continue in the the coming days. " * 20
    old = "".join(json.dumps({"id": f"r{i}", "text": record}) + "\n" for i in range(300)).encode()
    new = old.replace(b"the the", b"the")
    rng = random.Random(7)
    for _ in range(4):
        path.write_bytes(old)
        child = subprocess.Popen([sys.executable, "-m", "audit", "fix", str(path), "--in-place"],
                                 cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        assert path.read_bytes() in (old, new)


def test_exit_codes_follow_run(tmp_path):
    assert invoke(SEED).exit_code == 0
    assert invoke(SEED, "--fail-on", "major").exit_code == 1  # role confusion remains
    assert invoke(SEED, "--fail-on", "critical").exit_code == 0
    assert invoke(SEED, "--only", "no-such-check").exit_code == 2
    assert invoke(SEED, "--diff", "--in-place").exit_code == 2
    assert invoke("-", "--in-place").exit_code == 2


def test_diff_is_a_unified_diff_of_the_seed():
    result = invoke(SEED)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"--- a/{SEED}\n+++ b/{SEED}\n@@ ")
    assert "-Media AS Axios reported" in result.stdout
    assert "+US media outlet Axios reported" in result.stdout
    assert "\x1b[" not in result.stdout  # colour only on a terminal
    assert "5 findings remain: role-confusion 5" in result.output


def test_out_then_run_shows_only_role_confusion(tmp_path):
    os.chdir(REPO)
    assert invoke("seeds", "--out", tmp_path).exit_code == 0
    copy = tmp_path / "seeds" / SEED.name
    report = runner.invoke(app, ["run", str(copy), "--format", "json", "--no-backtranslate"])
    codes = {f["code"] for f in json.loads(report.stdout)["articles"][0]["findings"]}
    assert codes == {"role-confusion"}


def test_ninjs_round_trip_with_dateline_keeps_every_other_byte(tmp_path):
    os.chdir(tmp_path)
    items = [
        {"uri": "urn:newsml:afp.com:1", "type": "text", "versioncreated": "2023-12-20T10:00:00Z",
         "headline": "Haniyeh in Cairo", "dateline": "CAIRO, Dec 20 (AFP) -",
         "body_text": "Hamas leader Ismail Haniyeh visits Egypt.\n\n"
                      "Head of the political bureau HamasIsmail Haniyeh visited Egypt today.\n\n"
                      "The talks will continue in the the coming days, officials said.",
         "associations": {"photo": {"uri": "urn:x", "renditions": {"w": 1.50}}}},
        {"uri": "urn:newsml:afp.com:2", "type": "text", "headline": "Clean",
         "body_text": "Officials met in Jakarta on Monday to discuss the budget for next year."},
    ]
    lines = [json.dumps(item, ensure_ascii=False) + "\n" for item in items]
    (tmp_path / "wire.jsonl").write_text("".join(lines), encoding="utf-8")
    result = invoke("wire.jsonl", "--in-place")
    assert result.exit_code == 0, result.output
    written = (tmp_path / "wire.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert written[1] == lines[1]
    old_body, new_body = items[0]["body_text"], json.loads(written[0])["body_text"]
    assert new_body == old_body.replace("HamasIsmail", "Hamas Ismail").replace("the the", "the")
    assert written[0] == lines[0].replace(json.dumps(old_body), json.dumps(new_body))
    run = runner.invoke(app, ["run", "wire.jsonl", "--format", "jsonl", "--no-backtranslate"])
    first = json.loads(run.stdout.splitlines()[0])
    assert first["text"].startswith("CAIRO, Dec 20 (AFP) - Hamas leader Ismail Haniyeh visits Egypt.\n\n"
                                    "Head of the political bureau Hamas Ismail")
