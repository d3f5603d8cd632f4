"""``doubled-word`` and ``unbalanced-quote``: inputs that must trigger them (exact span and
suggestion) and real clean text that must not, with whole-corpus false-positive bounds.
"""

from __future__ import annotations

import pytest

from audit.checks import REGISTRY, CheckContext, run_check
from audit.config import parse_config
from conftest import read_lines


def doubled(text: str, language: str = "en", config=None):
    ctx = CheckContext(text=text, language=language, **({"config": config} if config else {}))
    return run_check(REGISTRY["doubled-word"], ctx)


def quotes(text: str, language: str = "en"):
    return run_check(REGISTRY["unbalanced-quote"], CheckContext(text=text, language=language))


# --- doubled-word ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, span, suggestion", [
    ("Haniyeh will go to the the talks in Cairo.", "the the", "the"),
    ("The the talks resumed.", "The the", "The"),
    ("He wants to to meet the mediators.", "to to", "to"),
    ("He met the head of the\nthe intelligence agency.", "the\nthe", "the"),
    ("THE THE END", "THE THE", "THE"),
    ("The The Hague-based court ruled.", "The The", "The"),
    ("Residents in in the area were evacuated.", "in in", "in"),
    ("It is is the largest market.", "is is", "is"),
    ("The report said said the ministry.", "said said", "said"),
    ("the the the", "the the", "the"),
])
def test_doubled_words_are_reported(text, span, suggestion):
    found = doubled(text)
    assert found, text
    f = found[0]
    assert (f.text, f.suggestion, f.severity, f.category) == (span, suggestion, "minor",
                                                              "linguistic/grammar")
    assert (f.start, f.end) == (text.index(span), text.index(span) + len(span))


def test_line_break_is_named_in_the_message():
    assert "across a line break" in doubled("one of the\nthe talks")[0].message


@pytest.mark.parametrize("text", [
    "He said that that was the plan.",
    "She had had enough of the delays.",
    "What it is is a humanitarian crisis.",
    "All we do do is wait.",
    "They moved in in 2010.",
    "He signed on on Monday.",
    "The army took over over the weekend.",
    "I told you you were right.",
    "It was a very very difficult decision.",
    "Bora Bora, Walla Walla and Baden-Baden are twinned.",
    "Sirhan Sirhan was denied parole.",
    "The final score was 20 20 after extra time.",
    "The ondel ondel puppets paraded through Jakarta.",
    "The two pandas -- a female called Shin Shin and a male called Ri Ri -- were leased from "
    "China last year.",  # real corpus line
    "In 214, Xun You accompanied Cao Cao on a campaign against the southern warlord Sun Quan.",
    "the The Hague-based court",
    "Can can't be doubled.",
    "He said no. No one came.",
    "end of the\n\nthe next paragraph",  # a paragraph break is not a slip of the keyboard
])
def test_legitimate_doubles_are_not_reported(text):
    assert doubled(text) == []


def test_indonesian_reports_only_function_words():
    assert [f.text for f in doubled("Anak anak bermain di di taman, hati hati.", "id")] == ["di di"]
    assert [f.text for f in doubled("Ia dioperasi pada 1992, dan dan telah sembuh.", "id")] == [
        "dan dan"]


def test_german_relative_pronoun_is_grammatical():
    assert doubled("Die Frau, die die Zeitung liest, lacht.", "de") == []
    assert [f.text for f in doubled("Er ging in in die Stadt.", "de")] == ["in in"]


def test_user_config_extends_the_legitimate_list():
    config = parse_config({"lexicon": {"punctuation": {"doubled": {"en": {
        "legitimate": ["said"]}}}}})
    assert doubled("The report said said the ministry.", config=config) == []


# --- unbalanced-quote ------------------------------------------------------------------------

@pytest.mark.parametrize("text, mark_at, needle", [
    ('Ms Pillay was "not objective and "not fair".', 14, "is never closed"),
    ("“This is our obligation, Netanyahu said.", 0, "is never closed"),
    ("This is our obligation,” Netanyahu said.", 23, "has no opening"),
    ('There is also security money," explained Kardi.', 29, "has no opening"),
    ("He called it 'a mess and left.", 13, "never closed"),
    ("“He said ‘no,” she said.", 9, "not closed before the quotation around it ends"),
    ("The union (AMU; Arabic: al-‘Arabī) is a bloc) of states.", 44, "has no opening"),
    ("He said (quietly, then left.", 8, "is never closed"),
    ("See the list [1, 2.", 13, "is never closed"),
])
def test_unbalanced_marks_are_reported_at_the_mark(text, mark_at, needle):
    found = quotes(text)
    assert len(found) == 1, [(f.text, f.message) for f in found]
    f = found[0]
    assert (f.start, f.end) == (mark_at, mark_at + 1)
    assert f.text == text[mark_at]
    assert needle in f.message
    assert (f.severity, f.category, f.suggestion) == ("minor", "linguistic/punctuation", None)


def test_multi_paragraph_quotation_reopened_is_correct_style():
    text = ("“I have sent the head of Mossad to Europe twice.\n\n"
            "“I will not waste this effort,” said Netanyahu.\n\n"
            "\"We will go on.\n\n\"We will win,\" he said.")
    assert quotes(text) == []


def test_quotation_carried_into_a_paragraph_that_does_not_reopen_it():
    text = "“We will go on.\n\nWe will win,” he said."
    found = quotes(text)
    assert [(f.text, f.start) for f in found] == [("”", text.index("”"))]
    assert "does not reopen" in found[0].message


def test_unclosed_quotation_before_an_unrelated_paragraph():
    text = "“We will go on.\n\nThe talks ended on Friday."
    found = quotes(text)
    assert [(f.text, f.start) for f in found] == [("“", 0)]
    assert "does not continue it" in found[0].message


def test_quotation_across_a_hard_wrapped_line_is_one_paragraph():
    # Teleprinter-age wire copy wraps every line (Reuters-21578 style): a single newline is
    # a line break there, and a quotation carries over it without being reopened.
    text = ("The company said it expected to report a loss for the current fiscal\n"
            "year. \"We will go on.\nWe will win,\" the chairman said in a statement issued to\n"
            "the press after the meeting of the board of directors in the city on\nFriday.")
    assert quotes(text) == []


def test_single_newlines_separate_paragraphs_in_scraped_copy():
    # detik/liputan6 separate paragraphs by one newline; a quotation reopened on the next
    # paragraph is correct style, one that is not reopened is still reported.
    reopened = ('"Kami belum melihat kebijakan APBD tahun 2026.\n'
                '"Harapan kami cepat dipanggil dan diperiksa," tuturnya.\n'
                'Rapat berlangsung hingga malam.')
    assert quotes(reopened) == []
    not_reopened = '"Kami belum melihat kebijakan APBD.\nHarapan kami cepat dipanggil," tuturnya.'
    found = quotes(not_reopened)
    assert [f.text for f in found] == ['"']
    assert "does not reopen" in found[0].message


def test_lines_of_a_block_are_paragraphs_in_scraped_copy():
    # detik mixes both: blocks separated by blank lines, paragraphs inside them by one
    # newline. A quotation left open over its line ("…, tegasnya." with the mark lost) is
    # reported though the next block reopens a quotation.
    lost = ('Polisi meminta warga waspada.\n"Kesempatan berbuat kejahatan harus kita hilangkan '
            'bersama, tegasnya.\nSelain itu, polisi rutin berpatroli.\n\n"Kami siap," katanya.')
    found = quotes(lost, "id")
    assert [(f.text, f.start) for f in found] == [('"', lost.index('"Kesempatan'))], found
    # reopened on the next line: news style; a quoted post keeps its line breaks inside
    # its marks, closed further down its block
    reopened = ('Polisi meminta warga waspada.\n"Kami belum tahu.\n"Kami akan periksa," '
                'katanya.\n\nRapat selesai.')
    assert quotes(reopened, "id") == []
    post = ('Unggahan itu berbunyi: "Semua aset negara sudah habis\nSekarang giliran candi"\n'
            'Polisi berkata: "Kami akan memeriksa akun itu.\n\nRapat selesai.')
    found = quotes(post, "id")
    assert [(f.text, f.start) for f in found] == [('"', post.index('"Kami'))], found


def test_quotation_chain_across_lost_paragraph_breaks_is_one_info_note():
    # BBC feed: paragraphs of one quotation joined with a space (real article text).
    text = ('He said the philosopher was a "towering contributor to the modern world". '
            '"Kirkcaldy, the birthplace in 1723 of Adam Smith, is also where your chancellor '
            'was reared. "I am led to ponder to what extent the chancellor\'s skills are the '
            'result of exposure to this area." He continued: "Smith reached far beyond the '
            'insights of his predecessors. "In so doing he supported changes in societal '
            'organisation."\n\n“We will go on. “We will win,” he said.')
    found = quotes(text)
    assert [(f.severity, f.start) for f in found] == [("info", text.index('"I am'))]
    assert "3 times" in found[0].message and "paragraph breaks" in found[0].message


def test_a_chain_left_open_is_still_reported():
    text = 'He said: "We will go on. "We will win.\n\nThe talks ended on Friday.'
    found = quotes(text)
    assert [(f.severity, f.text) for f in found] == [("minor", '"'), ("info", '"')]
    assert found[0].start == text.index('"We will win') and "does not continue" in found[0].message


def test_a_chain_of_single_quoted_paragraphs_is_one_info_note_too():
    # British papers quote with single marks; their feeds lose the paragraph breaks alike.
    text = ("The manager added: 'The coaches have done a fantastic job. 'Our new board has "
            "been great. 'We will win on Saturday,' he said.\n\nHe said: ‘It is done. ‘We "
            "move on,’ he added.")
    found = quotes(text)
    assert [(f.severity, f.start) for f in found] == [("info", text.index("'Our"))], found
    assert "3 times" in found[0].message
    # the chain left open, and a chain over an attribution, are still reported
    left_open = "He said: 'It was great. 'We will win.\n\nThe talks ended."
    assert [f.severity for f in quotes(left_open)] == ["minor", "info"]
    over_attribution = "He said: 'It was great, said the coach. 'We will win,' he added."
    found = quotes(over_attribution)
    assert [(f.severity, f.start) for f in found] == [("minor", 9)]
    assert "attribution" in found[0].message
    # inside a double quotation a single mark after a sentence is a quotation of its own
    assert [f.severity for f in quotes('"He shouted. \'Stop now. \'Go," she said.')] == \
        ["minor", "minor"]


def test_a_sentence_cut_into_paragraphs_carries_its_quotation_on():
    # Web copy that sets an italic phrase or word as a block of its own: a paragraph that ends
    # mid-sentence (no full stop) and a next one in lower case are one sentence.
    clean = ('The minister said: "What we are saying is that the agency acted like an\n\n'
             'agent provocateur\n\nand then blamed the protesters," he told the inquiry.\n\n'
             '"He wanted to look like a leader. I\n\nwas\n\nthe leader (and the voters\n\n'
             'knew it)," she wrote.')
    assert quotes(clean) == []
    still_open = ('The minister said: "What we are saying is that the agency acted like an\n\n'
                  'agent provocateur\n\nand then blamed the protesters.\n\nThe inquiry ended.')
    found = quotes(still_open)
    assert [(f.text, f.start) for f in found] == [('"', still_open.index('"'))]
    # a capital letter after the cut is a new paragraph as before
    new_paragraph = 'He said: "We acted like an\n\nAgent of the state sat in the gallery.'
    assert [f.text for f in quotes(new_paragraph)] == ['"']


def test_two_single_marks_reopen_a_quotation_like_a_double_mark():
    clean = ("\"I heard it on Sunday,\" he said. ''The player can talk to other clubs.\n\n"
             "''Personally, I would rather see him stay another season.''")
    assert quotes(clean) == []
    found = quotes("''The player can talk to other clubs.\n\nThe board met on Monday.")
    assert [(f.text, f.start) for f in found] == [("''", 0)]


def test_single_quotation_resumed_after_an_interruption_is_closed():
    # The quoted words run on over "…," the author said. "…" and close at '".
    clean = ("\"At that dinner he told his deputy, 'look, you are the next in line, I need your "
             "help this year,\" the author said. \"I will step down before the vote.'\" "
             "The deputy declined to comment.")
    assert quotes(clean) == []
    never_resumed = ("\"At that dinner he told his deputy, 'look, I need your help,\" the author "
                     "said. \"It was a tense evening.\" The deputy declined to comment.")
    found = quotes(never_resumed)
    assert [(f.text, f.start) for f in found] == [("'", never_resumed.index("'look"))]
    assert "not closed before the quotation around it ends" in found[0].message


def test_a_quotation_opened_single_and_closed_double_is_one_finding():
    text = ("The trade body was quick to respond. 'File-sharing networks hurt every artist,\" "
            "it said in a statement.")
    found = quotes(text)
    assert [(f.text, f.start) for f in found] == [("'", text.index("'"))]
    assert "do not match" in found[0].message


@pytest.mark.parametrize("text, opened_at", [
    # the closing mark before the reporter's words is missing; the next quotation, or the
    # next paragraph, reopens as news style would, so only the attribution tells
    ('"We simply wanted to make a great record, said the band\'s drummer. "It took a year."',
     0),
    ('The coach was upbeat. "I think it is fantastic for the team, coach Ann Lee told BBC '
     'Radio Kent. "He deserves it."', 22),
    ('"The market will test the lows this week, he said.\n\n"Traders are nervous."', 0),
    ('"That is not a reflection on the player. He added: "The point of influence must move."',
     0),
    ('"Harga cabai naik lagi minggu ini, kata Budi kepada wartawan. "Kami belum tahu."', 0),
    # the speaker's title after the name, the day after the attribution
    ('"Take-up is growing at a fast pace, said Ben Hale, the firm\'s chief executive. "We are '
     'in a strong position."', 0),
    ('"Kami akan menjalankan putusan itu, kata Sekjen KPU Budi Santoso kepada wartawan, Rabu '
     '(22/10/2025). "Itu sudah final."', 0),
])
def test_a_quotation_left_open_over_its_attribution_is_reported(text, opened_at):
    language = "id" if "kata" in text else "en"
    found = [f for f in quotes(text, language) if f.severity != "info"]
    assert [(f.text, f.start) for f in found] == [('"', opened_at)], found
    assert "attribution" in found[0].message


@pytest.mark.parametrize("text", [
    # the speaker's own clauses after a comma, in correct multi-paragraph quotations whose
    # breaks were lost ('…. "Next' is read as a lost paragraph break, an info note)
    '"What really angers me is that they voted themselves a rise, but say the nurses cannot '
    'have one. "We will fight it."',
    '"On the other side, there are people who say we cannot afford it. "We think it is right."',
    '"If the report is true, he would then be obliged to say why in public. "Either way works."',
    '"In my time here, we have never conceded three goals like that. "It happens."',
    '"Coming back to the game, people said \'you are dreaming\' at the time. "I proved them '
    'wrong."',
    '"I was going to retire in the spring, I\'d even told some of the squad. "Then the coach '
    'called."',
    # a correct attribution is outside the quotation
    '"We simply wanted to make a great record," said the band\'s drummer. "It took a year."',
    '"Harga cabai naik lagi," kata Budi kepada wartawan. "Kami belum tahu."',
])
def test_the_speakers_own_clauses_are_no_attribution(text):
    language = "id" if "kata" in text else "en"
    assert [f for f in quotes(text, language) if f.severity != "info"] == []


def test_two_curly_single_marks_are_a_double_mark():
    text = ("The regulator said it does not have ‘‘a role in regulating campaign content.’’\n\n"
            "“It was an attempt to mislead voters,’’ the charity's director said.")
    assert quotes(text) == []
    assert [f.text for f in quotes("He called it ‘‘a role for the courts.")] == ["‘‘"]
    assert quotes("The rule hurt ‘the players’’ union’, he said.") == []


def test_a_closing_single_mark_glued_to_the_next_word_still_closes():
    # a missing space after the mark: after a comma or full stop it is no apostrophe
    assert quotes('"Masa saya harus teriak \'Pak Menteri, Pak Menteri,\'begitu," kata dia.',
                  "id") == []
    assert quotes("The memo was headed 'Most important alliance ever,'it says here.") == []
    found = quotes("The memo was headed 'Most important alliance ever and it says here.")
    assert [f.text for f in found] == ["'"]
    # ... and between two words, before a common word of the article's language
    assert quotes("Polisi menggelar sosialisasi 'zero overdimensi-overload'sejak Juni.",
                  "id") == []
    assert quotes("The panel cited the ‘high number’of foreign fighters.") == []
    for text in ("He called it 'the band's best album and left.",       # a clitic
                 "She said 'two little'uns were in my garden.",         # an elision
                 "He said 'members of the Ba'ath party left."):         # a transliteration
        assert [f.text for f in quotes(text)] == ["'"], text


def test_an_apostrophe_inside_mis_decoded_text_is_no_quote():
    # UTF-8 read as Latin-1: "Ä«" is one letter (ī), the ' after it is an ayn inside the word
    assert quotes("Ayat itu dibaca wa lÄ yastaá¹\xadÄ«'u ay yumilla huwa.", "id") == []


def test_two_single_marks_close_two_single_quotations():
    assert quotes("Watch the video 'Trial heats up as lawyers grill the 'father'':") == []
    # one single quotation open: '' reads as a double mark that does not match it
    found = quotes("Watch the video 'Trial heats up as lawyers grill him'':")
    assert [(f.text, "do not match" in f.message) for f in found] == [("'", True)]


def test_a_ditto_mark_in_informal_copy_is_no_quotation():
    # informal Indonesian writes reduplication with a curled double mark: berhati” = berhati-hati
    clean = "Jadi harap berhati” dalam berucap di media sosial. Salam buat kawan” semua."
    assert quotes(clean, "id") == []
    assert [f.text for f in quotes(clean, "en")] == ["”", "”"]  # not an English convention
    for text in ("Aksesnya menjadi tidak terbatas” kata dia kepada wartawan.",  # a verb after it
                 "Tonton juga video Cerita Warga Desa” di sini.",  # a capitalised title
                 'Ia menyebut bros reliquary" yang diduga bermakna religius.'):  # straight mark
        mark = next(c for c in text if c in '"”')
        assert [f.text for f in quotes(text, "id")] == [mark], text


def test_footnote_star_markers_are_not_brackets():
    text = ("Demikian opini pribadi penulis.*)\n"
            "*) Faiz Arhasy, pelajar diaspora Indonesia, Awardee Turkiye Scholarship 2021.")
    assert quotes(text) == []


def test_doubled_straight_marks_are_one_finding():
    found = quotes('He called it ""a mess.')
    assert [(f.text, f.start) for f in found] == [('""', 13)]


@pytest.mark.parametrize("text", [
    "O'Neill said don't go to the '90s party; it's Egypt’s and the players' union.",
    "Rock ’n’ roll and rock 'n' roll, ’Tis the season, 'em and 'til then.",
    "He's 6'2\" tall and has a 14\" screen.",
    "The word ‘Arabiyy (عربي) means Arab.",
    "The 'Abbasid caliph and Hawai‘i and Shi'a and Qur'an.",
    "Options: 1) stay, 2) go, a) maybe :) or :-(",
    "“This is our obligation. I am responsible for the release,” Netanyahu said.",
    "He said, “the word ‘hostage’ is wrong,” and left.",
    'He said, "the word \'hostage\' is wrong," and left.',
    "„Wir gehen“, sagte er. «On y va», dit-il. »Wir gehen«, sagte sie.",
    "”Vi går”, sa han.",
    '"""Balance of Terror"" is the fourteenth episode of the first season of Star Trek."',
    '"The opening theme is ""Starting Now!"" by Nana Mizuki (cubic futurismo)."',
    "Tens of masses staged a demonstration in front of East Jakarta Mayor Office on Jl. "
    "Sentra Timur, Pulogebang, Tuesday (1/8).",  # real corpus line
    "Djafar Soetedjo (68), RT 03/04 resident, decided to leave his house.",  # real corpus line
    "DKI Bank also funnels Kredit Usaha Rakyat ( People`s Business Loan).",
    "UEFA fines England over 'pitch invasion'",  # real corpus line
    "His works, such as 'David Copperfield', 'Oliver Twist' and 'Great Expectations', "
    "remain widely read.",  # real corpus line
    "The ‘90s were different, said the ‘Jakarta Post’.",
    # real scraped Indonesian copy (id_news_multisource): mis-decoded UTF-8 and inches
    "Kendaraan Penumpang: Aion, Aletra, Audi, CitroÃ«n, DFSK, GWM, Hyundai.",
    "Gunung KÄ«lauea memuntahkan lava setinggi 330 kaki ke udara.",
    "OBSBOT Tail 2 dibekali dengan sensor CMOS 1/1.5” dan lensa optik 12 elemen.",
    "Jadi dia bilang 'kan sudah selesai, lalu pergi.",
])
def test_balanced_text_and_apostrophes_are_not_reported(text):
    assert quotes(text) == []


def test_seed_article_is_balanced(seed_text):
    assert quotes(seed_text) == []


# --- real clean text -------------------------------------------------------------------------

def _source_has_same_imbalance(source: str, kinds: set[str]) -> bool:
    """The corpus is sentence-split: a quotation opened in one sentence closes in the next,
    so each line can be unbalanced on its own. When the aligned Indonesian source sentence
    is unbalanced the same way, the English sentence is a faithful fragment, not an error."""
    source_kinds = {_kind(f.text) for f in quotes(source, "id")}
    return kinds <= source_kinds


def _kind(mark: str) -> str:
    return "bracket" if mark in "()[]" else "quote"


# Measured (see docs/checks/unbalanced-quote.md): 9 and 10 hits the source-line test cannot
# explain on the sentence lines; every one was inspected: 3 genuine errors, the rest sentence
# fragments whose source line is aligned differently. True false positives: 0.
MAX_UNEXPLAINED = {"news_valid": 12, "general_valid": 13}


@pytest.mark.parametrize("name", ["news_valid", "general_valid"])
def test_real_corpus_unbalanced_quote_bound(name):
    english, source = read_lines(f"{name}.en"), read_lines(f"{name}.id")
    unexplained = []
    for line, src in zip(english, source):
        found = quotes(line)
        if found and not _source_has_same_imbalance(src, {_kind(f.text) for f in found}):
            unexplained.append(line)
    assert len(unexplained) <= MAX_UNEXPLAINED[name], unexplained
    unexplained_articles = 0
    for i in range(0, len(english) - 4, 5):
        text = "\n\n".join(english[i:i + 5])
        for f in quotes(text):
            k = text.count("\n\n", 0, f.start)
            if not _source_has_same_imbalance(source[i + k], {_kind(f.text)}):
                unexplained_articles += 1
    assert unexplained_articles <= MAX_UNEXPLAINED[name]


@pytest.mark.parametrize("name", ["news_valid.en", "general_valid.en"])
def test_real_corpus_doubled_word_bound(name):
    lines = read_lines(name)
    on_lines = [f.text for line in lines for f in doubled(line)]
    assert len(on_lines) <= 2, on_lines  # 0 measured
    text = "\n".join(lines)  # every line end is a line break a double could straddle
    assert len(doubled(text)) <= 2
