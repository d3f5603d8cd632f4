"""Copy the way it arrives: web pages, feeds, NewsML-G2, NITF, ninjs, URLs; bad ones as errors."""

from __future__ import annotations

import http.server
import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from audit.ingest import ReadOptions, iter_articles

FORMATS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "external" / "formats"


def read(*inputs, stdin: bytes | None = None, **options):
    return list(iter_articles([str(i) for i in inputs], ReadOptions(**options),
                              stdin=io.BytesIO(stdin) if stdin is not None else None))


NINJS = {
    "uri": "urn:newsml:dpa.com:20090101:190510-99-167362",
    "type": "text",
    "versioncreated": "2019-05-10T16:02:28+02:00",
    "language": "de",
    "copyrightholder": "dpa",
    "copyrightnotice": "Copyright 2019, dpa (www.dpa.de). Alle Rechte vorbehalten",
    "headlines": [{"role": "main", "value": "Faktencheck Derby-Elfmeter"}],
    "bodies": [{"role": "html", "contenttype": "text/html",
                "value": "<section class=\"main\"><p>Dortmund (dpa) - Für Lucien Favre war es "
                         "«der größte Skandal im Fußball seit Jahren».</p><p>Der Trainer war "
                         "nach dem Spiel außer sich.</p></section>"}],
    "by": "Von Christian Hollmann, dpa",
}

G2 = """<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
 <itemSet>
  <newsItem guid="urn:newsml:example.com:1" version="1">
   <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:dpa"/>
    <versionCreated>2024-06-26T16:02:03+02:00</versionCreated></itemMeta>
   <contentMeta><headline>Opposition leader slams Scholz</headline><creditline>dpa</creditline>
    <dateline>Berlin (dpa) - </dateline><language tag="en"/></contentMeta>
   <contentSet><inlineXML contenttype="application/xhtml+xml">
    <html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>
     <header><h1>Opposition leader slams Scholz</h1></header>
     <section><p>Germany's conservative opposition leader criticised the chancellor.</p>
     <p>Speaking in parliament on Wednesday, he said the problems were not being solved.</p></section>
    </body></html></inlineXML></contentSet>
  </newsItem>
  <newsItem guid="urn:newsml:example.com:2" version="1">
   <itemMeta><itemClass qcode="ninat:picture"/><provider literal="reuters.com"/></itemMeta>
   <contentMeta><headline>Polling station</headline></contentMeta>
   <contentSet><remoteContent contenttype="image/jpeg" href="x.jpg"/></contentSet>
  </newsItem>
 </itemSet>
</newsMessage>
"""

NITF = """<?xml version="1.0"?>
<nitf><head><title>Cabinet changes</title><docdata><doc-id id-string="22751909"/>
<date.issue norm="20170102T222800+0000"/></docdata></head>
<body><body.head><hedline><hl1>Honduran president announces Cabinet changes</hl1></hedline>
<distributor>Agencia EFE</distributor><dateline>Tegucigalpa, Jan 2 (EFE).-</dateline></body.head>
<body.content><p>The president announced changes to his Cabinet on Monday.</p></body.content>
</body></nitf>
"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Reuters: World News</title><language>en-us</language>
<item><title>General says North Korea not there yet</title><guid>urn:reuters:1</guid>
<link>https://example.com/1</link><pubDate>Tue, 30 Jan 2018 12:29:57 -0500</pubDate>
<description>&lt;p&gt;WASHINGTON (Reuters) - North Korea's nuclear program has made strides.&lt;/p&gt;</description></item>
<item><title>Second story</title><link>https://example.com/2</link>
<description>LONDON (Reuters) - Markets fell on Tuesday.</description></item>
<item><link>https://example.com/3</link></item>
</channel></rss>
"""

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Floods in Jakarta | Example News</title>
<meta property="og:site_name" content="Example News"><meta name="author" content="Jane Doe">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Floods in Jakarta</h1>
<p>JAKARTA (Reuters) - Floods swept through the Indonesian capital on Tuesday, forcing thousands
of residents to leave their homes as rivers burst their banks after a night of heavy rain.</p>
<p>The city's disaster agency said the water had reached two metres in some districts, and that
more rain was expected over the coming days across the greater Jakarta area.</p>
<p>Officials opened shelters in schools and mosques and urged residents near the rivers to move
to higher ground before nightfall.</p></article>
<footer>Copyright Example News. All rights reserved.</footer></body></html>
"""


def test_ninjs_item_becomes_an_article_with_its_declared_credits(tmp_path):
    path = tmp_path / "item.json"
    path.write_text(json.dumps(NINJS), encoding="utf-8")
    (article,) = read(path)
    assert article.error is None
    assert article.id == NINJS["uri"]
    assert article.title == "Faktencheck Derby-Elfmeter"
    assert article.text.startswith("Dortmund (dpa) - Für Lucien Favre")
    assert "\n\nDer Trainer" in article.text  # paragraphs kept
    assert article.declared.copyright == "dpa" and article.declared.language == "de"
    assert article.declared.byline == "Von Christian Hollmann, dpa"


def test_ninjs_is_recognised_by_content_whatever_the_file_is_called(tmp_path):
    path = tmp_path / "delivery.txt"
    path.write_text(json.dumps(NINJS), encoding="utf-8")
    (article,) = read(path)  # a .txt holding JSON is still plain text (documented) ...
    assert article.text.startswith("{")
    (from_stdin,) = read("-", stdin=json.dumps(NINJS).encode())  # ... stdin sniffs the content
    assert from_stdin.title == "Faktencheck Derby-Elfmeter"


def test_ninjs_without_a_body_is_a_clear_error(tmp_path):
    path = tmp_path / "nobody.json"
    record = {k: v for k, v in NINJS.items() if k != "bodies"}
    path.write_text(json.dumps(record), encoding="utf-8")
    (article,) = read(path)
    assert article.error == ("document: a ninjs item (type 'text') without text: "
                             "no body_text, body_html or bodies")
    assert article.id == NINJS["uri"]


def test_newsml_g2_message_yields_each_item_text_or_error(tmp_path):
    path = tmp_path / "message.txt"  # recognised by its content, not its name
    path.write_text(G2, encoding="utf-8")
    text_item, picture = read(path)
    assert text_item.id == "urn:newsml:example.com:1"
    assert text_item.title == "Opposition leader slams Scholz"
    assert text_item.text.startswith("Berlin (dpa) - Germany's conservative")  # dateline opens it
    assert "\n\nSpeaking in parliament" in text_item.text
    assert "x" not in text_item.text.split()  # the XHTML <head> is not article text
    assert (text_item.declared.provider, text_item.declared.credit,
            text_item.declared.language) == ("dpa", "dpa", "en")
    assert picture.error == ("a NewsML-G2 newsItem (ninat:picture) without text: "
                             "only remoteContent image/jpeg")


def test_nitf_document(tmp_path):
    path = tmp_path / "efe.xml"
    path.write_text(NITF, encoding="utf-8")
    (article,) = read(path)
    assert article.id == "22751909"
    assert article.title == "Honduran president announces Cabinet changes"
    assert article.text == ("Tegucigalpa, Jan 2 (EFE).- The president announced changes to his "
                            "Cabinet on Monday.")
    assert article.declared.provider == "Agencia EFE"


def test_broken_xml_is_an_error_with_line_and_column(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text(G2.replace("</headline>", "", 1), encoding="utf-8")
    (article,) = read(path)
    assert article.error.startswith("malformed XML at line 8, column")


def test_feed_with_several_entries_and_one_bad_entry(tmp_path):
    path = tmp_path / "world.rss"
    path.write_text(FEED, encoding="utf-8")
    first, second, bad = read(path)
    assert first.id == "urn:reuters:1" and second.id == f"{path}#1"
    assert first.text == "WASHINGTON (Reuters) - North Korea's nuclear program has made strides."
    assert first.url == "https://example.com/1" and first.published.startswith("Tue, 30 Jan 2018")
    assert first.declared.provider == "Reuters: World News" and first.declared.language == "en-us"
    assert bad.id == f"{path}#2"
    assert bad.error == "entry 2: no title, content or summary: nothing to audit"


def test_feed_that_is_not_well_formed_keeps_what_was_recovered_and_says_so(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text(FEED.replace("Markets fell", "Markets & fell"), encoding="utf-8")
    articles = read(path)
    assert [a.error is None for a in articles[:-1]] == [True, True, False]
    assert articles[-1].error.startswith("malformed feed: not well-formed XML at line 7, column 41")


def test_html_page_body_title_author_and_site(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = read(path)
    assert article.error is None
    assert article.text.startswith("Floods in Jakarta\n\nJAKARTA (Reuters) - Floods swept")
    assert "Home" not in article.text and "</p>" not in article.text
    assert "Copyright" not in article.text
    assert article.text.count("\n\n") == 3
    assert article.declared.provider == "Example News" and article.declared.byline == "Jane Doe"
    assert article.declared.language == "en"


def test_html_in_a_folder_is_read_not_skipped(tmp_path):
    (tmp_path / "story.html").write_text(PAGE, encoding="utf-8")
    (article,) = read(tmp_path)
    assert article.error is None and "JAKARTA (Reuters)" in article.text


def test_html_without_a_body_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav>"
                    "</body></html>", encoding="utf-8")
    (article,) = read(path)
    assert article.error == "no article body found in the page (the extractor found only 1 word(s): 'Home')"


# ------------------------------------------------------------------ issue 8: ingest rows --


def test_jsonl_with_cr_only_line_endings_reads_every_record(tmp_path):
    path = tmp_path / "mac.jsonl"
    path.write_bytes(b'{"text":"one"}\r{"text":"two"}\r{"text":"three"}\r')
    assert [a.text for a in read(path)] == ["one", "two", "three"]
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(b'{"text":"a"}\r\n{"text":"b"}\r{"text":"c"}\n')
    assert [(a.id, a.text) for a in read(mixed)] == [(f"{mixed}:1", "a"), (f"{mixed}:2", "b"),
                                                     (f"{mixed}:3", "c")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_wide_jsonl_with_a_byte_order_mark(tmp_path, encoding):
    path = tmp_path / "wide.jsonl"
    path.write_bytes('{"text":"Berita satu"}\n{"text":"Berita dua"}\n'.encode(encoding))
    assert [(a.error, a.text) for a in read(path)] == [(None, "Berita satu"), (None, "Berita dua")]
    assert [a.text for a in read(path, encoding=encoding)] == ["Berita satu", "Berita dua"]


def test_utf16_jsonl_without_bom_with_encoding_option(tmp_path):
    path = tmp_path / "le.jsonl"
    path.write_bytes('{"text":"satu"}\r\n{"text":"dua"}\r\n'.encode("utf-16-le"))
    assert [a.text for a in read(path, encoding="utf-16-le")] == ["satu", "dua"]


def test_json_on_stdin_with_a_utf8_bom(tmp_path):
    (article,) = read("-", stdin=b'\xef\xbb\xbf{"id": "x", "text": "Body."}')
    assert (article.id, article.text, article.error) == ("x", "Body.", None)
    (first, second) = read("-", stdin=b'\xef\xbb\xbf{"text": "a"}\n{"text": "b"}\n')
    assert (first.text, second.text) == ("a", "b")


def test_out_report_inside_the_input_folder_is_not_read_back(tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "a.txt").write_text("Floods swept through the capital on Tuesday.\n", encoding="utf-8")
    out = folder / "report.json"
    for _ in range(3):
        done = subprocess.run([sys.executable, "-m", "audit", "run", str(folder), "--format", "json",
                               "--out", str(out), "--no-backtranslate"], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        report = json.loads(out.read_text(encoding="utf-8"))
        assert [a["id"] for a in report["articles"]] == [str(folder / "a.txt")]
    assert report["summary"]["skipped_files"] == [str(out)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_fifo_or_link_to_dev_zero_given_directly_does_not_block(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    code = ("import sys; from audit.ingest import iter_articles\n"
            "for a in iter_articles(sys.argv[1:]): print(a.id, '|', a.error)")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, str(fifo), str(zero)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"{fifo} | not a regular file: a named pipe (FIFO); to read a pipe, send it to stdin: "
        "audit run - < PIPE",
        f"{zero} | not a regular file: a device",
    ]
    assert time.monotonic() - started < 30


def test_empty_folder_is_reported_and_fails_strict(tmp_path):
    empty = tmp_path / "exports"
    empty.mkdir()
    (article,) = read(empty)
    assert article.id == str(empty)
    assert article.error.startswith("no article files in this folder (audit reads ")
    done = subprocess.run([sys.executable, "-m", "audit", "run", str(empty), "--strict",
                           "--no-backtranslate", "--format", "json"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert json.loads(done.stdout)["summary"]["errors"] == 1


# ------------------------------------------------------------------------------ URLs --


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}
    agents: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        self.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(3)
        if self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.routes = {
        "/story.html": (200, "text/html; charset=utf-8", PAGE.encode()),
        "/feed": (200, "application/rss+xml", FEED.encode()),
        "/photo.jpg": (200, "image/jpeg", b"\xff\xd8\xff"),
        "/big.html": (200, "text/html", b"<p>" + b"x" * 50_000 + b"</p>"),
        "/slow": (200, "text/html", PAGE.encode()),
    }
    _Handler.agents = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_urls_fetch_pages_and_feeds_and_every_failure_is_an_error(server):
    from audit.ingest import urls

    unused = "http://127.0.0.1:9/"  # discard port: nothing listens, the connection is refused
    inputs = [f"{server}/story.html", f"{server}/feed", f"{server}/missing", f"{server}/photo.jpg",
              f"{server}/loop", unused]
    articles = read(*inputs)
    assert "JAKARTA (Reuters) - Floods" in articles[0].text and articles[0].error is None
    assert articles[0].url == f"{server}/story.html"
    assert [a.error is None for a in articles[1:4]] == [True, True, False]  # the feed's 3 entries
    errors = [a.error for a in articles[4:]]
    assert errors[0] == f"HTTP 404 Not Found from {server}/missing"
    assert errors[1] == "not a page, feed or wire item: the server sent image/jpeg"
    assert errors[2] == f"too many redirects (more than {urls.MAX_REDIRECTS})"
    assert errors[3].startswith("cannot connect: ")
    assert all(agent.startswith("audit/") for agent in _Handler.agents)


def test_url_size_limit_and_timeout(server):
    from audit.ingest import urls

    (big,) = read(f"{server}/big.html", max_bytes=10_000)
    assert big.error == "too large: 48.8 KB, the limit is 9.8 KB (raise it with --max-bytes)"
    started = time.monotonic()
    (slow,) = urls.read_url(f"{server}/slow", ReadOptions(), timeout=0.5)
    assert slow.error.startswith("timed out")
    assert time.monotonic() - started < 3


# ---------------------------------------------------------------------- real samples --


@pytest.mark.skipif(not FORMATS.is_dir(), reason="../shared/data/external/formats not present")
def test_real_agency_samples_read_with_their_declared_credits():
    dpa = FORMATS / "newsml-g2/agency/dpa/belga_dpa_newsml_2_0_1_english.xml"
    (article,) = read(dpa)
    assert article.text.startswith("Berlin (dpa) - Germany's conservative opposition leader")
    assert article.declared.credit == "dpa"
    (afp,) = read(FORMATS / "newsml-1.x/afp_superdesk.xml")
    assert afp.text.startswith("STOCKHOLM, Aug 29, 2014 (AFP) - A Chinese-owned company")
    assert afp.declared.provider == "AFP"
    entries = read(FORMATS / "rss-atom/news-feeds/reuters_worldnews_2018-01-30.xml")
    assert len(entries) > 5 and all(e.error is None for e in entries)


def test_seeds_hold_the_story_as_text_page_and_ninjs():
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    articles = read(seeds)
    assert [a.error for a in articles] == [None, None, None]
    page, ninjs, text = articles
    assert page.source.endswith(".html") and ninjs.id == "urn:seed:haniyeh-egypt"
    for article in (page, ninjs):  # the same body, whichever way it came
        assert "Haniyeh will continue the talks on the ceasefire" in article.text
        assert "Jakarta, CNN Indonesia —" in article.text
    assert page.declared.provider == "CNN Indonesia" and ninjs.declared.copyright == "CNN Indonesia"
    assert text.declared is None


def test_root_element_wins_over_a_misleading_doctype(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x">\n'
                    "<rss><channel><title>T</title><item><title>Headline only</title></item>"
                    "</channel></rss>", encoding="utf-8")
    (article,) = read(path)
    assert (article.error, article.text) == (None, "Headline only")


def test_plain_text_batches_do_not_import_the_markup_libraries(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Floods swept through the capital on Tuesday.\n", encoding="utf-8")
    code = ("import sys; from audit.ingest import iter_articles\n"
            "list(iter_articles([sys.argv[1]]))\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'lxml', 'trafilatura', 'feedparser', 'httpx'}))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_page_too_large_to_extract_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.html"
    path.write_text("<html><body><article>" + "<p>Some sentence of news text here.</p>" * 200_000
                    + "</article></body></html>", encoding="utf-8")
    started = time.monotonic()
    (article,) = read(path)
    assert article.error == ("page too large to extract: 200,003 HTML elements, the limit is 30,000 "
                             "(a news page has a few thousand)")
    assert time.monotonic() - started < 30  # extracting it would take minutes


@pytest.mark.parametrize("fmt, expected", [
    ("markdown", "declared provider CNN Indonesia; byline CNN Indonesia; language en"),
    ("html", "declared: provider <b>CNN Indonesia</b>"),
])
def test_reports_show_what_the_input_declares(tmp_path, fmt, expected):
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    done = subprocess.run([sys.executable, "-m", "audit", "run", str(seeds / "cnn-indonesia-haniyeh-egypt.html"),
                           "--no-backtranslate", "--no-progress", "--format", fmt], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
