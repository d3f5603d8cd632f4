"""Per source language: origin, left-overs, false findings, attributions, and WMT MQM zh→en.

    python benchmarks/languages.py [--external DIR] [--bbc N] [--mqm-only] [--show]

Prints, for every language pack:

1. **origin accuracy** on machine-translated English cases (``MT_CASES`` below: news sentences
   as MT engines render them, written for this benchmark, with the left-over words and
   conventions an editor would mark), through ``pipeline.analyse`` as ``audit run`` does;
2. **recall of left-overs**: the marked spans that an ``untranslated-token`` or
   ``locale-convention`` finding covers, after the findings followed the inferred origin;
3. **false findings on clean English**: findings of that pack (``untranslated-token``, and
   ``locale-convention`` findings that name the pack) on the BBC originals in
   ``../shared/data/external/en_bbc_fulltext.jsonl``, and the BBC articles given that origin;
4. **attribution recall in originals**: ``ORIGINALS`` below, sentences in the language with
   the credit an editor would expect (agency, kind);
5. **WMT 2023 MQM zh→en** (``mqm_generalMT2023_zhen_news.tsv.gz``: real MT output with
   professional error spans): per check, findings on the 3,770 segments and how many fall on
   a span some rater marked (rater attention checks, severity ``HOTW-test``, dropped).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit import languages, provenance  # noqa: E402
from audit.checks import CheckContext, run_checks  # noqa: E402
from audit.model import Article  # noqa: E402
from audit.pipeline import analyse  # noqa: E402

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"

# (language, machine-translated English, spans an editor marks as left-overs/conventions)
MT_CASES: list[tuple[str, str, list[str]]] = [
    ("es", "MADRID, 20 Dec (EFE).- El presidente del Gobierno, Pedro Sánchez, said on Wednesday "
           "that relations with EE.UU. are \"excellent\", según sources in the Moncloa. The "
           "meeting will take place at 20.35 hours in the Congreso.",
     ["presidente", "EE.UU.", "según", "20.35 hours", "Congreso"]),
    ("es", "The Ministerio del Interior reported that 1.500 migrants arrived in the Canary "
           "Islands on sábado, según the Red Cross. The alcalde of Arrecife asked for help.",
     ["Ministerio", "sábado", "según", "alcalde"]),
    ("es", "BUENOS AIRES (EFE) - Inflation in Argentina reached 12,8 percent in noviembre, "
           "the highest since 1991, the statistics institute said. Sin embargo, the "
           "government said prices will slow down.",
     ["12,8", "noviembre", "Sin embargo"]),
    ("fr", "PARIS (AFP) - M. Macron said on Monday that the pension reform would go ahead, "
           "selon the Elysee. Some 300 000 people marched in Paris, according to the "
           "unions, and the Premier ministre will speak at 20 h 35.",
     ["M.", "selon", "300 000", "Premier ministre", "20 h 35"]),
    ("fr", "The ministre of the Interior said the gendarmerie had arrested 12 people in "
           "Marseille on mercredi. The trial opens at 15h30 on 4 décembre.",
     ["ministre", "mercredi", "15h30", "décembre"]),
    ("fr", "DAKAR (AFP) - The président of Senegal postponed the election, a decision the "
           "opposition called a \"coup\". The vote was due on 25 février, and 2,5 million "
           "voters had registered.",
     ["président", "février", "2,5"]),
    ("de", "BERLIN (dpa) - Bundeskanzler Olaf Scholz und his ministers agreed on the budget "
           "on 20.12.2023. Some 20.000 people protested in front of the Chancellery, the "
           "Polizei said. The session began at 14.30 o'clock.",
     ["Bundeskanzler", "und", "20.12.2023", "20.000", "Polizei", "14.30 o'clock"]),
    ("de", "Herr Habeck told the Bundestag that the gap of 17 Milliarden euros would be "
           "closed by 1. January, laut the finance ministry.",
     ["Herr", "Milliarden", "1. January", "laut"]),
    ("de", "MUNICH (dpa) - The Bürgermeister of Munich opened the Christmas market on "
           "Montag. Inflation in Bavaria was 3,2 percent in November.",
     ["Bürgermeister", "Montag", "3,2"]),
    ("pt", "LISBON (Lusa) - The prefeito said the floods left 300 mil people without power, "
           "and the governo também promised aid. Relations with the EUA were discussed on "
           "quarta-feira.",
     ["prefeito", "mil", "governo", "também", "EUA", "quarta-feira"]),
    ("pt", "BRASILIA (Agência Brasil) - The ministro of Finance said inflation fell to 4,6 "
           "percent in outubro. The meeting ends at 15h30.",
     ["ministro", "4,6", "outubro", "15h30"]),
    ("it", "ROME (ANSA) - The sindaco of Rome said the storm caused 200 milioni euros in "
           "damage, and the governo anche declared a state of emergency on 12 giugno.",
     ["sindaco", "milioni", "governo", "anche", "giugno"]),
    ("it", "MILAN (ANSA) - The presidente del Consiglio, Giorgia Meloni, said unemployment "
           "fell to 7,8 percent, the lowest since 2009, secondo the statistics office.",
     ["presidente del Consiglio", "7,8", "secondo"]),
    ("tr", "ANKARA (AA) - Cumhurbaşkanı Erdoğan met ABD officials on 6 Şubat to discuss the "
           "F-16 sale, and the Dışişleri Bakanı said the deal was close. The statement was "
           "issued on 20.12.2023.",
     ["Cumhurbaşkanı", "ABD", "Şubat", "Dışişleri Bakanı", "20.12.2023"]),
    ("tr", "ISTANBUL (AA) - Kılıçdaroğlu Bey told the congress that inflation reached 61,5 "
           "percent, and the project will cost 3 milyar lira. The match starts at 20.45 TSİ.",
     ["Bey", "61,5", "milyar", "TSİ"]),
    ("ru", "MOSCOW, December 20. /TASS/. The Minoborony said air defences shot down six "
           "drones over Белгород overnight. The decree signed on 20.12.2023 allocates "
           "300 000 rubles to each family.",
     ["Minoborony", "Белгород", "20.12.2023", "300 000"]),
    ("ru", "The MID of the RF said the talks with Kyiv had stalled, and the Mosgorsud "
           "extended the arrest of the journalist until 1,5 months from now, TASS reported.",
     ["MID", "RF", "Mosgorsud", "1,5"]),
    ("ar", "DAMASCUS (SANA) - Officials said the strike on مطار دمشق killed three people and "
           "damaged the runway, the agency reported.",
     ["مطار دمشق"]),
    ("zh", "BEIJING (Xinhua) - The delegation visited the 中关村 science park on Monday, and "
           "sales reached 92 wan units in the first quarter, according to 新华社.",
     ["中关村", "wan", "新华社"]),
    ("ja", "TOKYO (Kyodo) - Kishida-san told reporters that the cabinet would meet on Friday, "
           "and Shusho Kishida said the tax cut would be temporary.",
     ["san", "Shusho"]),
    ("ko", "SEOUL (Yonhap) - Mr. Moon-ssi said North Korea fired a missile at 7:30 a.m. KST, "
           "and officials met at the 판문점 truce village on Monday.",
     ["ssi", "KST", "판문점"]),
    ("id", "Jakarta, CNN Indonesia -- Presiden Joko Widodo dan his ministers met on "
           "Wednesday (20/12) at 20:35 IWST to discuss the budget of Rp 1.500.000.",
     ["Presiden", "dan", "Wednesday (20/12)", "IWST", "1.500.000"]),
    ("id", "Media AS Axios reported that the Menlu will visit Cairo on Kamis, yang is the "
           "third visit this year.",
     ["AS", "Menlu", "Kamis", "yang"]),
]

# (language, an original in that language, expected (agency, kind))
ORIGINALS: list[tuple[str, str, tuple[str, str]]] = [
    ("es", "El Gobierno aprobó el plan de vivienda, según Reuters.", ("Reuters", "according_to")),
    ("es", "«No habrá acuerdo», dijo a la agencia AFP el ministro de Exteriores.", ("AFP", "told")),
    ("es", "El incendio obligó a evacuar a 300 vecinos, informó la agencia Europa Press.",
     ("Europa Press", "reported")),
    ("es", "Las lluvias dejaron al menos doce muertos en el sur del país. (EFE)",
     ("EFE", "credit_line")),
    ("es", "La inflación bajó al 3,2 %, de acuerdo con Bloomberg.", ("Bloomberg", "according_to")),
    ("es", "El presidente, citado por EFE, negó las acusaciones.", ("EFE", "quoted")),
    ("fr", "Le bilan s'élève à douze morts, selon l'AFP.", ("AFP", "according_to")),
    ("fr", "« Nous ne céderons pas », a précisé à l'AFP le porte-parole du syndicat.", ("AFP", "told")),
    ("fr", "D'après Reuters, les négociations ont échoué dans la nuit.", ("Reuters", "according_to")),
    ("fr", "« C'est inacceptable », a-t-il déclaré à l'AFP.", ("AFP", "told")),
    ("fr", "Le ministre, cité par Le Monde, a démenti toute démission.", ("Le Monde", "quoted")),
    ("de", "Die Verhandlungen sind gescheitert, laut Reuters.", ("Reuters", "according_to")),
    ("de", "„Wir werden nicht nachgeben“, sagte er der Deutschen Presse-Agentur in Berlin.",
     ("dpa", "told")),
    ("de", "Der Minister trat zurück, wie der «Spiegel» berichtete.", ("Der Spiegel", "reported")),
    ("de", "Nach Angaben von AFP wurden drei Menschen verletzt.", ("AFP", "according_to")),
    ("de", "Das Treffen findet im Januar statt, berichtete die Nachrichtenagentur dpa.",
     ("dpa", "reported")),
    ("de", "Reuters zufolge wurde der Vertrag am Montag unterzeichnet.", ("Reuters", "according_to")),
    ("pt", "O incêndio destruiu 20 casas, segundo a agência Lusa.", ("Lusa", "according_to")),
    ("pt", "\"Não vamos recuar\", disse à agência Lusa o ministro.", ("Lusa", "told")),
    ("pt", "A inflação caiu em outubro, informou a Agência Brasil.", ("Agência Brasil", "reported")),
    ("it", "Il bilancio è di cinque morti, secondo l'ANSA.", ("ANSA", "according_to")),
    ("it", "\"Non ci sono alternative\", ha detto all'ANSA il ministro.", ("ANSA", "told")),
    ("it", "Lo sciopero è confermato, riferisce l'AGI.", ("AGI", "reported")),
    ("tr", "Saldırıda üç kişi öldü, Reuters'a göre.", ("Reuters", "according_to")),
    ("tr", "Bakan, Anadolu Ajansı'na açıklama yaptı.", ("Anadolu", "told")),
    ("ru", "Переговоры пройдут в Стамбуле, сообщает ТАСС.", ("TASS", "reported")),
    ("ru", "«Решение принято», заявил ТАСС источник.", ("TASS", "told")),
    ("ru", "Как сообщает РИА Новости, делегации встретятся в пятницу.", ("RIA Novosti", "reported")),
    ("ar", "قتل ثلاثة أشخاص في الغارة بحسب رويترز.", ("Reuters", "according_to")),
    ("ar", "ذكرت وكالة سانا أن الغارة استهدفت مطار دمشق.", ("SANA", "reported")),
    ("zh", "新华社华盛顿11月30日电（记者 王五）美国国会30日通过临时拨款法案。",
     ("Xinhua", "dateline")),
    ("zh", "据路透社报道，欧佩克将维持减产。", ("Reuters", "according_to")),
    ("zh", "法新社12月1日报道称，巴黎发生大规模抗议。", ("AFP", "reported")),
    ("zh", "美联社援引警方消息说，枪击事件造成三人死亡。", ("AP", "quoted")),
    ("zh", "一名外交官对新华社记者表示，谈判取得进展。", ("Xinhua", "told")),
    ("zh", "中新网北京12月1日电 国家统计局1日发布数据。", ("China News Service", "dateline")),
    ("zh", "【环球时报综合报道】日本政府1日宣布新的经济刺激计划。", ("Global Times", "dateline")),
    ("zh", "据韩联社报道，朝鲜再次发射导弹。", ("Yonhap", "according_to")),
    ("ja", "共同通信によると、政府は来年度予算案を閣議決定した。", ("Kyodo", "according_to")),
    ("ja", "ロイター通信によると、原油価格は3日続伸した。", ("Reuters", "according_to")),
    ("ja", "北朝鮮が弾道ミサイルを発射したと時事通信が報じた。", ("Jiji Press", "reported")),
    ("ja", "政府関係者はNHKの取材に対し、計画を認めた。", ("NHK", "told")),
    ("ja", "首相は記者団に「解散は考えていない」と述べた。（共同）", ("Kyodo", "credit_line")),
    ("ja", "【北京時事】中国外務省の報道官は1日、記者会見で反論した。", ("Jiji Press", "dateline")),
    ("ja", "AFP通信によれば、死者は少なくとも20人に上った。", ("AFP", "according_to")),
    ("ja", "聯合ニュースによると、韓国政府は対策を発表した。", ("Yonhap", "according_to")),
    ("ko", "(서울=연합뉴스) 이영희 기자 = 정부는 1일 새 부동산 대책을 발표했다.", ("Yonhap", "dateline")),
    ("ko", "로이터통신에 따르면 유가는 3일 연속 올랐다.", ("Reuters", "according_to")),
    ("ko", "북한이 탄도미사일을 발사했다고 교도통신이 보도했다.", ("Kyodo", "reported")),
    ("ko", "한 관계자는 연합뉴스와의 통화에서 계획을 확인했다.", ("Yonhap", "told")),
    ("id", "Presiden Joko Widodo membuka jalan tol itu, seperti dilansir Reuters.",
     ("Reuters", "reported")),
    ("id", "\"Kami tidak akan mundur,\" katanya kepada AFP.", ("AFP", "told")),
]

LEFTOVER_CHECKS = ("untranslated-token", "locale-convention")


def mt_figures(show: bool) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(lambda: Counter())
    for code, text, spans in MT_CASES:
        report = analyse(Article(id=code, source="case", text=text))
        got = report.origin_language.code if report.origin_language else None
        row = out[code]
        row["cases"] += 1
        row["origin_ok"] += got == code
        found = [f for f in report.findings if f.code in LEFTOVER_CHECKS]
        for span in spans:
            start = text.find(span)
            row["spans"] += 1
            hit = any(f.start <= start and start + len(span) <= f.end or
                      start <= f.start < start + len(span) for f in found)
            row["found"] += hit
            if show and not hit:
                print(f"  missed [{code}] {span!r} in {text[:70]!r}…")
        if show and got != code:
            print(f"  origin [{code}] inferred {got}: {text[:70]!r}…")
    return out


def bbc_figures(external: Path, limit: int, show: bool) -> tuple[int, dict[str, Counter]]:
    path = external / "en_bbc_fulltext.jsonl"
    per: dict[str, Counter] = defaultdict(Counter)
    if not path.is_file():
        print(f"missing: {path}", file=sys.stderr)
        return 0, per
    n = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if n >= limit:
                break
            item = json.loads(line)
            n += 1
            report = analyse(Article(id=item["id"], source="bbc", text=item["text"]))
            if report.origin_language is not None:
                per[report.origin_language.code]["origin"] += 1
            for f in report.findings:
                if f.code not in LEFTOVER_CHECKS or f.evidence is None:
                    continue
                if f.evidence.shared:
                    per["shared"]["findings"] += 1
                    if show:
                        print(f"  bbc shared {f.code} {f.text!r}: {f.message[:80]}")
                    continue
                for code in f.evidence.languages:
                    per[code]["findings"] += 1
                if show:
                    print(f"  bbc {f.evidence.languages} {f.code} {f.text!r}")
    return n, per


def attribution_figures(show: bool) -> dict[str, Counter]:
    registry = provenance.load_registry()
    per: dict[str, Counter] = defaultdict(Counter)
    for code, text, (agency, kind) in ORIGINALS:
        found = [(a.agency, a.kind) for a in provenance.find_attributions(text, registry)]
        per[code]["expected"] += 1
        per[code]["found"] += (agency, kind) in found
        if show and (agency, kind) not in found:
            print(f"  attribution missed [{code}] {agency}/{kind} in {text!r}: {found}")
    return per


_SPAN = re.compile(r"<v>(.*?)</v>", re.DOTALL)


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without <v> tags, and the marked spans' offsets in it."""
    spans, out, pos = [], [], 0
    for m in _SPAN.finditer(marked):
        out.append(marked[pos:m.start()])
        start = sum(map(len, out))
        out.append(m.group(1))
        spans.append((start, start + len(m.group(1))))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def mqm_source_attributions(external: Path, show: bool) -> tuple[int, int, Counter]:
    """Attributions in the Chinese source segments of the MQM file (Chinese originals from
    chinanews.com, dw.com, rfi and others): segments, segments with one, per agency/kind."""
    path = external / "mqm_generalMT2023_zhen_news.tsv.gz"
    if not path.is_file():
        return 0, 0, Counter()
    sources: dict[tuple[str, str], str] = {}
    csv.field_size_limit(sys.maxsize)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for row in rows:
            sources.setdefault((row[1], row[2]), _SPAN.sub(r"\1", row[5]))
    registry = provenance.load_registry()
    per: Counter = Counter()
    credited = 0
    for key, source in sorted(sources.items()):
        found = provenance.find_attributions(source, registry)
        credited += bool(found)
        for a in found:
            per[f"{a.agency}/{a.kind}"] += 1
            if show:
                print(f"  mqm source {key[0][5:30]}:{key[1]} {a.agency}/{a.kind} {a.text!r}"
                      f" in {source[:50]!r}")
    return len(sources), credited, per


def mqm_figures(external: Path, show: bool) -> tuple[int, dict[str, Counter]]:
    path = external / "mqm_generalMT2023_zhen_news.tsv.gz"
    if not path.is_file():
        print(f"missing: {path}", file=sys.stderr)
        return 0, {}
    segments: dict[tuple[str, str], dict] = {}
    csv.field_size_limit(sys.maxsize)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for row in rows:
            system, _doc, _seg, gseg, _rater, source, target, _cat, severity = row[:9]
            if severity == "HOTW-test":
                continue
            key = (system, gseg)
            text, spans = _unmark(target)
            seg = segments.setdefault(key, {"text": text, "source": _SPAN.sub(r"\1", source),
                                            "spans": []})
            if text == seg["text"]:
                seg["spans"] += spans
    per: dict[str, Counter] = defaultdict(Counter)
    for (system, gseg), seg in segments.items():
        ctx = CheckContext(text=seg["text"], language="en", source_text=seg["source"],
                           source_language="zh")
        findings, _ = run_checks(ctx)
        for f in findings:
            marked = any(a < f.end and f.start < b for a, b in seg["spans"])
            per[f.code]["findings"] += 1
            per[f.code]["on_error"] += marked
            if show and not marked and f.code == "number-mismatch":
                print(f"  mqm {system} {gseg} {f.text[:40]!r}: {f.message[:110]}")
    return len(segments), per


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=EXTERNAL)
    parser.add_argument("--bbc", type=int, default=2225, help="BBC articles to read")
    parser.add_argument("--mqm-only", action="store_true")
    parser.add_argument("--show", action="store_true", help="print every miss and false finding")
    args = parser.parse_args()

    if not args.mqm_only:
        mt = mt_figures(args.show)
        n_bbc, bbc = bbc_figures(args.external, args.bbc, args.show)
        attribution = attribution_figures(args.show)
        print(f"per language (MT cases: {len(MT_CASES)}; BBC originals: {n_bbc}; "
              f"originals with a credit: {len(ORIGINALS)})")
        print(f"{'lang':6}{'origin acc':>12}{'left-over recall':>18}{'BBC false':>11}"
              f"{'BBC origin':>12}{'attrib. recall':>16}")
        for code in languages.codes():
            row, b, a = mt.get(code, Counter()), bbc.get(code, Counter()), attribution.get(code, Counter())
            origin = f"{row['origin_ok']}/{row['cases']}" if row["cases"] else "-"
            recall = f"{row['found'] / row['spans']:.2f} ({row['found']}/{row['spans']})" \
                if row["spans"] else "-"
            attrib = f"{a['found']}/{a['expected']}" if a["expected"] else "-"
            print(f"{code:6}{origin:>12}{recall:>18}{b['findings']:>11}{b['origin']:>12}"
                  f"{attrib:>16}")
        total = sum(r["spans"] for r in mt.values())
        found = sum(r["found"] for r in mt.values())
        ok = sum(r["origin_ok"] for r in mt.values())
        credited = sum(a["found"] for a in attribution.values())
        false = sum(b["findings"] for k, b in bbc.items() if k != "shared")
        origins = sum(b["origin"] for b in bbc.values())
        origin_all = f"{ok}/{len(MT_CASES)}"
        recall_all = f"{found / total:.2f} ({found}/{total})"
        attrib_all = f"{credited}/{len(ORIGINALS)}"
        print(f"{'all':6}{origin_all:>12}{recall_all:>18}{false:>11}{origins:>12}{attrib_all:>16}")
        print(f"shared conventions (any language) on BBC: {bbc.get('shared', Counter())['findings']}"
              f" findings")
        print()

    n_src, credited_src, per_src = mqm_source_attributions(args.external, args.show)
    if n_src:
        print(f"WMT 2023 MQM zh→en Chinese sources: {n_src} segments, {credited_src} with an "
              f"attribution, {sum(per_src.values())} attributions: "
              + ", ".join(f"{k} {v}" for k, v in per_src.most_common()))
        print()
    n, mqm = mqm_figures(args.external, args.show)
    if n:
        print(f"WMT 2023 MQM zh→en: {n} segments (system × segment), every check with the "
              f"Chinese source as source_text")
        print(f"{'check':24}{'findings':>10}{'on a marked error':>19}{'on unmarked text':>18}")
        for code, row in sorted(mqm.items()):
            print(f"{code:24}{row['findings']:>10}{row['on_error']:>19}"
                  f"{row['findings'] - row['on_error']:>18}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
