"""Provenance: agency registry, attribution frames, summaries (audit/provenance.py).

Sentences marked "real" are lines from ../shared/data/indonesian-mt-news/ (line numbers in
the comments); the others follow the house styles of the outlets they name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.model import Attribution, Provenance
from audit.provenance import (
    KINDS,
    find_attributions,
    load_registry,
    summarize,
)

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "cnn-indonesia-haniyeh-egypt.txt"
DATA = REPO.parent / "shared" / "data" / "indonesian-mt-news"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def found(text: str, registry) -> list[tuple[str, str, str]]:
    """(kind, agency, text) of every attribution, after checking each span is exact."""
    attributions = find_attributions(text, registry)
    for a in attributions:
        assert text[a.start:a.end] == a.text, a
    return [(a.kind, a.agency, a.text) for a in attributions]


# ----------------------------------------------------------------------------- the seed --

def test_seed_attributions_and_summary(registry):
    text = SEED.read_text(encoding="utf-8")
    attributions = find_attributions(text, registry)
    got = [(a.kind, a.agency, a.text) for a in attributions]
    assert got == [
        ("photo_credit", "AFP", "(AFP/ANWAR AMRO)"),
        ("dateline", "CNN Indonesia", "Jakarta, CNN Indonesia —"),
        ("reported", "AFP", "AFP reported"),
        ("quoted", "AFP", "as quoted by AFP"),
        ("reported", "Axios", "Axios reported"),
        ("told", "AFP", "told AFP"),
    ]
    for a in attributions:
        assert text[a.start:a.end] == a.text
    assert text.index("One source told AFP") + len("One source ") == attributions[-1].start
    assert summarize(attributions, registry) == Provenance("CNN Indonesia", ["AFP", "Axios"])


# ------------------------------------------------------------------------ per kind: yes --

POSITIVE = [
    # dateline: the publishing outlet
    ("JAKARTA (Reuters) - Indonesia's central bank held its benchmark rate on Thursday.",
     "dateline", "Reuters", "JAKARTA (Reuters) -"),
    ("WASHINGTON (AP) — President Joe Biden said on Tuesday that talks would resume.",
     "dateline", "AP", "WASHINGTON (AP) —"),
    ("Jakarta (ANTARA) - Pemerintah Provinsi DKI Jakarta menyiapkan 50 pompa air.",
     "dateline", "Antara", "Jakarta (ANTARA) -"),
    ("KUALA LUMPUR, Dec 20 (Bernama) -- The government today announced new tolls.",
     "dateline", "Bernama", "KUALA LUMPUR, Dec 20 (Bernama) --"),
    ("SEOUL, Dec. 20 (Yonhap) -- North Korea fired a ballistic missile on Wednesday.",
     "dateline", "Yonhap", "SEOUL, Dec. 20 (Yonhap) --"),
    ("Jakarta, Kompas.com - Gubernur DKI Jakarta meminta warga mewaspadai banjir rob.",
     "dateline", "Kompas", "Jakarta, Kompas.com -"),
    ("TEMPO.CO, Jakarta - Komisi Pemberantasan Korupsi menahan dua tersangka baru.",
     "dateline", "Tempo", "TEMPO.CO, Jakarta -"),
    ("Jakarta, CNBC Indonesia - Harga minyak mentah dunia turun pada perdagangan pagi ini.",
     "dateline", "CNBC Indonesia", "Jakarta, CNBC Indonesia -"),
    # photo_credit
    ("Warga mengungsi akibat banjir di Kampung Melayu. (ANTARA FOTO/Galih Pradipta)",
     "photo_credit", "Antara", "(ANTARA FOTO/Galih Pradipta)"),
    ("Palestinians inspect the rubble in Rafah. (REUTERS/Mohammed Salem)",
     "photo_credit", "Reuters", "(REUTERS/Mohammed Salem)"),
    ("Protesters march in Paris. (AFP PHOTO/Ludovic Marin)",
     "photo_credit", "AFP", "(AFP PHOTO/Ludovic Marin)"),
    ("Warga antre minyak goreng di Pasar Senen. (CNN Indonesia/Adhi Wicaksono)",
     "photo_credit", "CNN Indonesia", "(CNN Indonesia/Adhi Wicaksono)"),
    ("The stadium in Doha before kick-off.\nPhoto: Reuters",
     "photo_credit", "Reuters", "Photo: Reuters"),
    ("Ilustrasi bendera Palestina. Foto: AFP", "photo_credit", "AFP", "Foto: AFP"),
    # reported
    ("Media AS Axios reported that Mossad Director David Barnea had met Bill Burns.",
     "reported", "Axios", "Axios reported"),
    ("The ceasefire talks were first reported by Reuters on Monday.",
     "reported", "Reuters", "first reported by Reuters"),
    ("Reuters reports that the shipment left port late on Friday.",
     "reported", "Reuters", "Reuters reports"),
    ("Three people were killed, the AFP news agency reported.",
     "reported", "AFP", "AFP news agency reported"),
    ("Harga minyak naik tipis, seperti dilansir AFP, Rabu (20/12).",
     "reported", "AFP", "seperti dilansir AFP"),
    ("Dilansir dari laman BBC, gempa terjadi pukul 10.00 waktu setempat.",
     "reported", "BBC", "Dilansir dari laman BBC"),
    ("Hal itu sebelumnya dilaporkan kantor berita Antara.",
     "reported", "Antara", "dilaporkan kantor berita Antara"),
    ("Reuters, Selasa (19/12), melaporkan bahwa harga batu bara naik.",
     "reported", "Reuters", "Reuters, Selasa (19/12), melaporkan"),
    # real: news_valid.id:1062, news_valid.id:485, news_valid.en:1546
    ("Sebuah laporan di harian New York Times menyatakan pesawat \'\'siluman\'\' itu merupakan "
     "bagian dari program pemetaan situs nuklir Iran.",
     "reported", "The New York Times", "Sebuah laporan di harian New York Times"),
    ("Penyelidikan BBC menemukan bahwa madrasah di Inggris menerima lebih dari empat ratus "
     "pengaduan tentang dugaan kekerasan fisik.", "reported", "BBC", "Penyelidikan BBC"),
    ("The BBC Southern Africa correspondent says that with every passing day there's growing "
     "public anxiety about his health.",
     "reported", "BBC", "BBC Southern Africa correspondent says"),
    ("Wartawan BBC di Afrika Selatan mengatakan seiring dengan pertambahan waktu publik semakin "
     "mengkhawatirkan kesehatan Mandela.",
     "reported", "BBC", "Wartawan BBC di Afrika Selatan mengatakan"),
    ("The launch was a success, state broadcaster CCTV reported.",
     "reported", "CCTV", "CCTV reported"),
    # real: news_valid.en:978 and news_valid.id:978
    ("The official Chinese news agency Xinhua says twelve people have been suspended over the "
     "deaths of a group of children in a road accident this week.",
     "reported", "Xinhua", "The official Chinese news agency Xinhua says"),
    ("Kantor berita resmi Cina Xinhua melaporkan 12 orang diberhentikan terkait kematian "
     "sejumlah anak-anak dalam kecelakaan lalu lintas pekan ini.",
     "reported", "Xinhua", "Xinhua melaporkan"),
    # quoted
    ("\"We will not stop,\" Netanyahu said as quoted by AFP.",
     "quoted", "AFP", "as quoted by AFP"),
    ("The figures were quoted from the Anadolu Agency.",
     "quoted", "Anadolu", "quoted from the Anadolu Agency"),
    ("Seperti dikutip dari Reuters, harga minyak naik 2 persen.",
     "quoted", "Reuters", "Seperti dikutip dari Reuters"),
    # real: news_valid.en:669
    ("\"They are there for the monkey problem. They will be moving outside the stadiums,\" AFP "
     "quoted New Delhi Municipal Committee official Devender Prasad as saying.",
     "quoted", "AFP", "AFP quoted"),
    # told
    ("One source told AFP that the meeting was to discuss the release of 40 hostages.",
     "told", "AFP", "told AFP"),
    ("The minister told the Associated Press on Monday that he would not resign.",
     "told", "AP", "told the Associated Press"),
    ("The envoy said to AFP that a deal was close.", "told", "AFP", "said to AFP"),
    ("\"Kami siap,\" kata Ahmad kepada Tempo di Jakarta.", "told", "Tempo", "kepada Tempo"),
    ("Hal itu disampaikan saat dihubungi Kompas.com, Senin (18/12).",
     "told", "Kompas", "saat dihubungi Kompas.com"),
    ("Ia mengatakan hal itu kepada stasiun TV Al Jazeera, Kamis.",
     "told", "Al Jazeera", "kepada stasiun TV Al Jazeera"),
    # real: news_valid.en:39, news_valid.en:1275, news_valid.id:669
    ("A representative of the airline Air Bagan told the BBC that he believed the pilot "
     "mistook the road for a runway in dense fog.", "told", "BBC", "told the BBC"),
    ("The spokesman told the AFP news agency that the call was for \"scale doubles\" for actors "
     "with speaking roles.", "told", "AFP", "told the AFP news agency"),
    ("\"Monyet besar akan dikerahkan di dua stadion tersebut untuk mengusir serbuan monyet "
     "kecil,\" kata Devender Prasad, pejabat pemerintah kota Delhi kepada kantor berita AFP.",
     "told", "AFP", "kepada kantor berita AFP"),
    # according_to
    ("Prices fell 3 percent, according to Reuters.",
     "according_to", "Reuters", "according to Reuters"),
    ("At least 40 people died, according to a Reuters report.",
     "according_to", "Reuters", "according to a Reuters report"),
    ("Menurut Kompas, rapat itu dibatalkan pada menit terakhir.",
     "according_to", "Kompas", "Menurut Kompas"),
    # citing
    ("Oil prices rose on Monday, Bloomberg said, citing Reuters.",
     "citing", "Reuters", "citing Reuters"),
    ("Mengutip Reuters, harga minyak turun 2 persen pada Selasa.",
     "citing", "Reuters", "Mengutip Reuters"),
    ("Melansir Al Jazeera, serangan terjadi di Khan Younis pada Rabu dini hari.",
     "citing", "Al Jazeera", "Melansir Al Jazeera"),
    # credit_line: trailers at the end of the story
    ("Talks resume on Monday.\nWith AFP", "credit_line", "AFP", "With AFP"),
    ("Talks resume on Monday. — AFP", "credit_line", "AFP", "— AFP"),
    ("Talks resume on Monday. (EFE)", "credit_line", "EFE", "(EFE)"),
    ("The Associated Press contributed to this report.", "credit_line", "AP",
     "The Associated Press contributed to this report"),
    ("Additional reporting by Reuters", "credit_line", "Reuters",
     "Additional reporting by Reuters"),
    ("Copyright 2023 The Associated Press. All rights reserved.", "credit_line", "AP",
     "Copyright 2023 The Associated Press. All rights reserved."),
    # byline: people, no agency
    ("Talks resume on Monday.\n(Reporting by Jane Doe; Editing by John Roe)", "byline", "",
     "(Reporting by Jane Doe; Editing by John Roe)"),
]

# Wire shapes from real copy (issue 10): datelines, photo credits and calques, every one
# with the agency it credits and the exact span.
WIRE_SHAPES = [
    ("CARACAS, Venezuela (Reuters) - Oil output fell.", "dateline", "Reuters",
     "CARACAS, Venezuela (Reuters) -"),
    ("NEWCASTLE, England (AP) - Alan Shearer scored.", "dateline", "AP",
     "NEWCASTLE, England (AP) -"),
    ("FOXBOROUGH, Mass. (AP) — Tom Brady threw two touchdowns.", "dateline", "AP",
     "FOXBOROUGH, Mass. (AP) —"),
    ("By MICHAEL LIEDTKE     SAN FRANCISCO (AP) -- With its low prices, the broker grew.",
     "dateline", "AP", "By MICHAEL LIEDTKE     SAN FRANCISCO (AP) --"),
    ("VANCOUVER (CP) - The province said.", "dateline", "Canadian Press", "VANCOUVER (CP) -"),
    ("LONDON (AFX) - Shares in BP rose.", "dateline", "AFX", "LONDON (AFX) -"),
    ("HONG KONG (Dow Jones)--China Mobile rose.", "dateline", "Dow Jones",
     "HONG KONG (Dow Jones)--"),
    ("JAKARTA (Antara): The ministry offered new names.", "dateline", "Antara",
     "JAKARTA (Antara):"),
    ("(Bloomberg) -- Oil rose for a third day.", "dateline", "Bloomberg", "(Bloomberg) --"),
    ("MOSCOW, December 20. /TASS/. The Kremlin said.", "dateline", "TASS",
     "MOSCOW, December 20. /TASS/."),
    ("ANKARA (AA) - Turkey's parliament met.", "dateline", "Anadolu", "ANKARA (AA) -"),
    ("Macron arrives. (Photo by Ludovic MARIN / AFP)", "photo_credit", "AFP",
     "(Photo by Ludovic MARIN / AFP)"),
    ("Crowds gather in Paris.\nJohn Smith/AFP via Getty Images", "photo_credit", "AFP",
     "John Smith/AFP via Getty Images"),
    ("A protester in London. REUTERS/Toby Melville/File Photo", "photo_credit", "Reuters",
     "REUTERS/Toby Melville/File Photo"),
    ("President Biden speaks.\nAP Photo/Evan Vucci", "photo_credit", "AP",
     "AP Photo/Evan Vucci"),
    ("Photo: John Smith/AFP", "photo_credit", "AFP", "Photo: John Smith/AFP"),
    ("Foto: Hans Meier/dpa", "photo_credit", "dpa", "Foto: Hans Meier/dpa"),
    ("Rescuers at work. EFE/Juan Perez", "photo_credit", "EFE", "EFE/Juan Perez"),
    ("The plant will close, the minister informs TASS.", "told", "TASS", "informs TASS"),
    ("He said so in an interview to RIA Novosti.", "told", "RIA Novosti",
     "in an interview to RIA Novosti"),
    ("The mayor told the German Press Agency that the vote was close.", "told", "dpa",
     "told the German Press Agency"),
    ("The Syrian Arab News Agency (SANA) reported that the road was reopened.", "reported",
     "SANA", "Syrian Arab News Agency (SANA) reported"),
]


@pytest.mark.parametrize("sentence, kind, agency, span", WIRE_SHAPES)
def test_wire_shapes_from_real_copy(registry, sentence, kind, agency, span):
    assert found(sentence, registry) == [(kind, agency, span)]


@pytest.mark.parametrize("sentence", [
    "A Reuters/Ipsos poll found that most Americans agree.",   # a poll's name
    "The AP/NORC survey was published on Friday.",
    "He bought a CP Rail ticket and flew with AA to Dallas.",
    "The Dow Jones Industrial Average fell 2 percent.",
    "Visitors queued outside the Getty Museum.",
    "The reporting by local media was thin.",                  # no agency, no byline line
    "With AFP reporters barred, the story came from elsewhere.",  # not a trailer
    "Copyright law is complex.",
    # real clean BBC text (en_bbc_fulltext: business/001, politics/040)
    "TimeWarner said fourth quarter sales rose 2% to $11.1bn from $10.9bn.",
    "The case was heard by a panel of nine law lords rather than the usual five because of "
    "the constitutional importance of the case.",
])
def test_wire_shapes_leave_plain_text_alone(registry, sentence):
    assert found(sentence, registry) == []


def test_lead_credit_then_dateline(registry):
    assert found("Canadian Press - OTTAWA (CP) - The sister of a man who died spoke out.",
                 registry) == [("dateline", "Canadian Press", "Canadian Press -"),
                               ("dateline", "Canadian Press", "OTTAWA (CP) -")]
    text = "Canadian Press - KINSHASA, Congo (AP) - Attackers overran a village."
    assert found(text, registry) == [("dateline", "Canadian Press", "Canadian Press -"),
                                     ("dateline", "AP", "KINSHASA, Congo (AP) -")]
    assert summarize(find_attributions(text, registry), registry) == \
        Provenance("Canadian Press", ["AP"])
    # a dash inside a sentence is no lead credit, and a name in brackets no dateline
    assert found("He met the mayor - Smith (AP) - who said no.", registry) == []


def test_getty_as_distributor_credits_the_agency_not_getty(registry):
    text = "Crowds in Paris. (Photo by Ludovic MARIN / AFP via Getty Images)"
    assert found(text, registry) == [
        ("photo_credit", "AFP", "(Photo by Ludovic MARIN / AFP via Getty Images)")]
    assert summarize(find_attributions(text, registry), registry) == Provenance(None, ["AFP"])
    assert found("A view of the city. (Photo: Getty Images)", registry) == [
        ("photo_credit", "Getty Images", "(Photo: Getty Images)")]


def test_bylines_credit_people_not_agencies(registry):
    text = "Oil fell.\n\nReporting by Jane Doe in London; Editing by John Roe"
    attributions = find_attributions(text, registry)
    assert [(a.kind, a.agency) for a in attributions] == [("byline", "")]
    assert summarize(attributions, registry) == Provenance(None, [])
    # a credit line that names an agency is that agency's, not a byline
    assert found("Oil fell.\nAdditional reporting by Reuters; Editing by John Roe", registry) \
        == [("credit_line", "Reuters", "Additional reporting by Reuters")]


def test_frames_from_language_pack_data(tmp_path, monkeypatch):
    """A language pack adds attribution phrases as data ([[provenance.frames]])."""
    import audit.provenance as provenance
    pack = tmp_path / "es.toml"
    pack.write_text("[provenance.frame_vars]\n"
                    "segun = '\\bseg[uú]n[ ]'\n"
                    "[[provenance.frames]]\n"
                    "kind = 'according_to'\nlanguage = 'es'\nbefore = '{segun}{desc}'\n",
                    encoding="utf-8")
    monkeypatch.setattr(provenance, "LANGUAGE_PACK_DIR", tmp_path)
    monkeypatch.setattr(provenance, "_BUILTIN", None)
    monkeypatch.setattr(provenance, "_CACHE", {})
    registry = provenance.load_registry()
    assert found("El precio subió, según Reuters.", registry) == [
        ("according_to", "Reuters", "según Reuters")]
    (tmp_path / "es.toml").write_text("[[provenance.frames]]\nkind = 'nonsense'\nbefore = 'x'\n",
                                      encoding="utf-8")
    monkeypatch.setattr(provenance, "_BUILTIN", None)
    monkeypatch.setattr(provenance, "_CACHE", {})
    with pytest.raises(ValueError, match="es.toml"):
        provenance.load_registry()
    monkeypatch.setattr(provenance, "_BUILTIN", None)


@pytest.mark.parametrize("sentence, kind, agency, span", POSITIVE)
def test_each_kind_positive(registry, sentence, kind, agency, span):
    assert found(sentence, registry) == [(kind, agency, span)]


def test_every_kind_has_a_positive_case():
    assert {kind for _, kind, _, _ in POSITIVE} == set(KINDS)


# ------------------------------------------------------------------------- per kind: no --

NEGATIVE = [
    "Reuters is a company headquartered in London.",
    "She took the AP exam last year and scored a five.",
    "According to AP Biology teachers, the syllabus is too long.",
    "He sold many apps and maps to Japanese buyers.",
    "Reuters said it would cut 500 jobs next year.",           # corporate news, not a credit
    "The concert was broadcast on the BBC.",                   # where, not who
    "He told reporters that AFP had not been informed.",       # AFP is not the recipient
    "Rapat diadakan antara pukul 10 dan 12 siang.",            # antara = between
    "Menurut antara lain para ahli, hujan akan turun.",
    "Hanya dalam hitungan detik, rumah itu roboh.",            # detik = second
    "Dia membawa kompas dan peta ke gunung.",                  # kompas = compass
    "Lagu itu dimainkan dengan tempo cepat.",                  # tempo = tempo
    "Detik-detik terakhir sebelum gempa terekam kamera.",
    "Pernyataan itu disampaikan kepada antara lain wartawan.",
    "Polisi melaporkan bahwa situs-situs ini mendorong sikap keras.",
    "According to CCTV footage, the robber entered at 2 am.",   # closed-circuit TV
    "Menurut rekaman CCTV, pelaku masuk pukul 02.00.",
    "\"We must have better quality CCTV,\" he told, Thursday.",
    "A BBC spokesperson said the talks were private.",        # the BBC as a company
    "The BBC has announced a shortlist of five footballers.",  # real: news_valid.en:1818
    # real lines that mention outlets without crediting them
    "The Reuters team filmed in North Korea at the invitation of its communist government.",
    "Antara lain, dengan mendirikan pada waktu itu Academia Sinica, Bank Sentral Tiongkok, "
    "dan lembaga lainnya.",                                     # general_valid.id:650
    "Masyarakat Cirebon tempo dulu terdiri dari berbagai etnik.",  # general_valid.id:33
    "\"Demikian juga, konser-konser Prom dari BBC sebelumnya disiarkan di BBC Radio 3 dan BBC "
    "Television.\"",                                            # general_valid.id:1213
    "Yonhap News Agency (in Korean).",                          # general_valid.en:673
    "Setidaknya ketiga alasan ini yang membuat para mahasiswa MP/AP berkumpul mencarikan "
    "solusi atas masalah tersebut.",                            # general_valid.id:1500
    "\"We plan to display pop music which will be enlivened by Klantink and Dedikin until "
    "1 AM,\" he told.",                                         # news_valid.en:367
]


@pytest.mark.parametrize("sentence", NEGATIVE)
def test_no_attribution_without_a_frame(registry, sentence):
    assert found(sentence, registry) == []


# ------------------------------------------------------------- longest match, case rules --

@pytest.mark.parametrize("sentence, agency, span", [
    ("Jakarta, CNN Indonesia -- Harga cabai naik.", "CNN Indonesia",
     "Jakarta, CNN Indonesia --"),
    ("Jakarta, CNN -- Harga cabai naik.", "CNN", "Jakarta, CNN --"),
    ("Jakarta (ANTARA News) - Harga cabai naik.", "Antara", "Jakarta (ANTARA News) -"),
    ("Hal itu disampaikan menurut Antara News.", "Antara", "menurut Antara News"),
    ("Menurut BBC News Indonesia, korban bertambah.", "BBC Indonesia",
     "Menurut BBC News Indonesia"),
    ("According to The New York Times, the plan failed.", "The New York Times",
     "According to The New York Times"),
])
def test_longest_alias_wins(registry, sentence, agency, span):
    assert [(a, s) for _, a, s in found(sentence, registry)] == [(agency, span)]


@pytest.mark.parametrize("sentence, expected", [
    ("Jakarta (ANTARA) - Harga naik.", [("dateline", "Antara", "Jakarta (ANTARA) -")]),
    ("\"Ya,\" ujarnya kepada Antara di Jakarta.", [("told", "Antara", "kepada Antara")]),
    ("\"Ya,\" ujarnya kepada antara lain wartawan.", []),
    ("Soldiers at the border. (REUTERS/Ammar Awad)",
     [("photo_credit", "Reuters", "(REUTERS/Ammar Awad)")]),
    ("Prices fell, according to reuters.", []),                 # aliases keep their case
    ("The minister told ap that he would resign.", []),
    ("The minister told AP that he would resign.", [("told", "AP", "told AP")]),
    ("ACCORDING TO REUTERS, PRICES FELL.",
     [("according_to", "Reuters", "ACCORDING TO REUTERS")]),   # cues ignore case
    ("Ia menyampaikan kepada detikcom, Rabu (20/12).", [("told", "Detik", "kepada detikcom")]),
    ("Ia menyampaikan kepada detik, Rabu (20/12).", []),        # bare "detik" is a word
])
def test_case_rules(registry, sentence, expected):
    assert found(sentence, registry) == expected


def test_lists_of_agencies_share_the_frame(registry):
    assert found("Prices fell, according to Reuters and AFP.", registry) == [
        ("according_to", "Reuters", "according to Reuters"), ("according_to", "AFP", "AFP")]
    assert found("AFP and Reuters reported the blast.", registry) == [
        ("reported", "AFP", "AFP"), ("reported", "Reuters", "Reuters reported")]
    assert found("Reuters and AFP are rivals; AFP reported it.", registry) == [
        ("reported", "AFP", "AFP reported")]


def test_attributions_are_ordered_and_disjoint(registry):
    text = SEED.read_text(encoding="utf-8") + "\n\nMenurut Kompas dan Antara, rapat batal."
    attributions = find_attributions(text, registry)
    assert [a.start for a in attributions] == sorted(a.start for a in attributions)
    assert all(a.end <= b.start for a, b in zip(attributions, attributions[1:]))
    assert attributions[-2:] == [
        Attribution("Kompas", "according_to", "Menurut Kompas", text.index("Menurut"),
                    text.index(" dan Antara")),
        Attribution("Antara", "according_to", "Antara", text.rindex("Antara"),
                    text.rindex("Antara") + len("Antara")),
    ]


# ------------------------------------------------------------------------------ summary --

def test_summary_excludes_the_outlet_and_keeps_first_appearance(registry):
    text = ("Jakarta, CNN Indonesia -- Harga minyak naik. (CNN Indonesia/Adhi Wicaksono)\n\n"
            "Menurut Reuters, harga naik. Seperti dilansir AFP, stok turun. "
            "Mengutip Reuters lagi, pasar tenang.")
    provenance = summarize(find_attributions(text, registry), registry)
    assert provenance == Provenance("CNN Indonesia", ["Reuters", "AFP"])


def test_summary_without_dateline_and_with_a_second_dateline(registry):
    text = "Prices fell, according to Reuters. Oil rose, AFP reported."
    assert summarize(find_attributions(text, registry), registry) == \
        Provenance(None, ["Reuters", "AFP"])
    text = "JAKARTA (Reuters) - Prices fell.\n\nKUALA LUMPUR (Bernama) - Prices rose."
    assert summarize(find_attributions(text, registry), registry) == \
        Provenance("Reuters", ["Bernama"])
    assert summarize([], registry) == Provenance(None, [])


# ----------------------------------------------------------------------------- registry --

REQUIRED = ["AFP", "Reuters", "AP", "Axios", "Bloomberg", "Xinhua", "Antara", "Bernama",
            "Kyodo", "Yonhap", "dpa", "EFE", "ANSA", "Anadolu", "TASS", "CNN", "CNN Indonesia",
            "BBC", "Al Jazeera", "Kompas", "Detik", "Tempo"]


def test_registry_has_required_agencies_with_fields(registry):
    for name in REQUIRED:
        agency = registry.get(name)
        assert agency is not None and agency.name == name, name
        assert agency.type in {"wire", "newspaper", "broadcaster", "online", "magazine"}
        assert agency.country is None or len(agency.country) == 2


@pytest.mark.parametrize("name, language", [
    ("CNN Indonesia", "id"), ("Kompas", "id"), ("Detik", "id"), ("Tempo", "id"),
    ("Antara", "id"), ("Bernama", "ms"), ("Kyodo", "ja"), ("Yonhap", "ko"), ("Xinhua", "zh"),
    ("dpa", "de"), ("EFE", "es"), ("ANSA", "it"), ("Anadolu", "tr"), ("TASS", "ru"),
    ("Reuters", None), ("AP", None), ("AFP", None), ("CNN", None), ("BBC", None),
    ("Axios", None), ("Bloomberg", None), ("The Jakarta Post", None),
])
def test_language_only_for_national_language_outlets(registry, name, language):
    assert registry.get(name).language == language


def test_get_by_alias_and_case(registry):
    assert registry.get("Agence France-Presse").name == "AFP"
    assert registry.get("KOMPAS.com").name == "Kompas"
    assert registry.get("associated press").name == "AP"
    assert registry.get("Nonexistent Gazette") is None
    assert "Reuters" in registry and "Nonexistent Gazette" not in registry


def test_registry_is_cached_by_value():
    assert load_registry() is load_registry()
    extra = ({"name": "Tirto", "aliases": ["Tirto.id"]},)
    assert load_registry(extra) is load_registry(({"name": "Tirto", "aliases": ["Tirto.id"]},))
    assert load_registry(extra) is not load_registry()


def test_the_registry_without_user_entries_is_one_object_without_a_key_to_build(monkeypatch):
    """Every article of a run asks for it (three times): from the second call on, a dict
    look-up, no serialised key; a replaced cache (as other tests do) builds it again."""
    import audit.provenance as provenance

    first = load_registry()
    monkeypatch.setattr(provenance.json, "dumps", lambda *a, **k: pytest.fail("key serialised"))
    assert load_registry(()) is first and load_registry([]) is first
    monkeypatch.setattr(provenance, "_CACHE", {})
    again = load_registry()
    assert again is not first and load_registry() is again
    assert [a.name for a in again.agencies] == [a.name for a in first.agencies]


def test_user_entries_add_agencies_and_aliases():
    # the shape Config.agencies holds after reading [[agencies]] tables from audit.toml
    extra = (
        {"name": "Tirto", "aliases": ["Tirto.id"], "type": "online", "country": "ID",
         "language": "id"},
        {"name": "reuters", "aliases": ["Reuters Breakingviews"]},
    )
    registry = load_registry(extra)
    tirto = registry.get("Tirto")
    assert (tirto.type, tirto.country, tirto.language) == ("online", "ID", "id")
    assert "Reuters Breakingviews" in registry.get("Reuters").aliases
    text = "Menurut Tirto.id, rapat batal. Reuters Breakingviews reported a loss."
    assert found(text, registry) == [
        ("according_to", "Tirto", "Menurut Tirto.id"),
        ("reported", "Reuters", "Reuters Breakingviews reported")]
    assert found(text, load_registry()) == []  # the built-in registry is untouched


def test_user_entry_can_clear_a_language():
    registry = load_registry(({"name": "Antara", "language": ""},))
    assert registry.get("Antara").language is None
    assert load_registry().get("Antara").language == "id"


@pytest.mark.parametrize("entry, message", [
    ({"aliases": ["Foo"]}, "agencies entry 1: needs a non-empty string 'name'"),
    ({"name": "Foo", "aliases": "Foo Daily"}, "agencies entry 1 ('Foo'): 'aliases' must be"),
    ({"name": "Foo", "alias": ["Foo Daily"]}, "agencies entry 1 ('Foo'): unknown key(s) alias"),
    ({"name": "Foo", "language": "Indonesian"}, "agencies entry 1 ('Foo'): 'language'"),
    ({"name": "Foo", "country": "Indonesia"}, "agencies entry 1 ('Foo'): 'country'"),
    ({"name": "Foo", "aliases": ["Reuters"]}, "alias 'Reuters' already belongs to 'Reuters'"),
    ({"name": "Antara News"}, "'Antara News' is already an alias of 'Antara'"),
    ("Reuters", "agencies entry 1: must be a table"),
])
def test_malformed_user_entry_is_named(entry, message):
    with pytest.raises(ValueError) as error:
        load_registry((entry,))
    assert message in str(error.value)


def test_malformed_second_entry_reports_its_number():
    with pytest.raises(ValueError, match=r"agencies entry 2 \('Bar'\)"):
        load_registry(({"name": "Foo"}, {"name": "Bar", "type": 3}))


# ------------------------------------------------------------------------------ property --

_TOKENS = st.sampled_from([
    "Reuters", "REUTERS", "AFP", "AP", "ap", "Antara", "ANTARA", "antara", "CNN Indonesia",
    "CNN", "Kompas.com", "detikcom", "according to", "menurut", "told", "kepada", "reported",
    "melaporkan", "seperti dilansir", "as quoted by", "citing", "(", ")", "/", "PHOTO", "FOTO",
    "Photo:", "Jakarta,", "JAKARTA", " — ", " - ", "--", "\n", "\n\n", ", ", " and ", "the",
    "news agency", "kantor berita", "İstanbul", "ß", "’s", " ", "\t",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_TOKENS, st.text(max_size=8)), max_size=40).map(" ".join))
def test_any_text_gives_exact_ordered_spans(text):
    registry = load_registry()
    attributions = find_attributions(text, registry)
    for a in attributions:
        assert text[a.start:a.end] == a.text
        assert a.kind in KINDS and registry.get(a.agency).name == a.agency
    assert all(a.end <= b.start for a, b in zip(attributions, attributions[1:]))
    summary = summarize(attributions, registry)
    assert len(summary.agencies) == len(set(summary.agencies))
    assert summary.outlet not in summary.agencies


# ------------------------------------------------------------------ the real sentences --

@pytest.mark.skipif(not DATA.is_dir(), reason="shared data folder not present")
def test_encyclopedic_sentences_credit_no_one(registry):
    """general_valid.* are encyclopedia sentences: they name outlets (BBC Radio 3, Kompas,
    Yonhap News Agency) but never credit them; any hit there is a false positive."""
    for name in ("general_valid.en", "general_valid.id"):
        lines = (DATA / name).read_text(encoding="utf-8").splitlines()
        hits = [(n, a) for n, line in enumerate(lines, 1) for a in find_attributions(line, registry)]
        assert hits == [], name
