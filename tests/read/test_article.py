"""Reading articles: every format, every bad input, paragraph kinds, credits, language, scope."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from utils import errors
from utils.pipeline.sentences import mark_repeated_sentences
from utils.read.article import Article, article_from_record, article_from_text, load_article, read_records
from utils.read.kinds import classify_paragraph

SEED_CREDITS = ["Iranian Army office / AP", "Mladen ANTONOV (AFP)", "GAVRIIL GRIGOROV / POOL / AFP"]
STORY = (
    "Iranian President Ebrahim Raisi arrived in Moscow on Thursday for talks with Vladimir Putin.\n\n"
    "The two leaders discussed trade, energy and the war in Gaza, officials in both capitals said."
)
PAGE = """<!DOCTYPE html><html><head><title>Raisi visits Moscow | Example News</title>
<meta property="og:title" content="Raisi visits Moscow">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2023-12-07T10:00:00Z">
<link rel="canonical" href="https://example.com/news/raisi">
</head><body><nav>Home | World | Business</nav><article><h1>Raisi visits Moscow</h1>
<p>Iranian President Ebrahim Raisi arrived in Moscow on Thursday for talks with Vladimir Putin about trade and the war in Gaza.</p>
<p>The two leaders last met in person in Samarkand, Uzbekistan, at a regional summit the previous year, officials said.</p>
<p>Russia and Iran have deepened military ties since the invasion of Ukraine in 2022, Western governments say.</p>
</article><footer>Copyright 2023 Example News</footer></body></html>
"""


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- the seed


def test_seed_metadata_and_paragraph_kinds(seed_article: Article):
    assert seed_article.date == dt.date(2023, 12, 7)
    assert seed_article.title is None
    kinds = [paragraph.kind for paragraph in seed_article.paragraphs]
    assert kinds[:2] == ["metadata", "lead"] and kinds.count("lead") == 1 and kinds.count("metadata") == 1
    assert seed_article.paragraphs[0].text == "date 2023-12-07"  # the header is a span of the text, never analysed
    assert kinds.count("body") == 12
    assert kinds.count("caption") == 3 and kinds.count("credit") == 0
    assert seed_article.standfirst == (
        "The last direct conversation between Raisi and Putin occurred on October 16, "
        "centering on shared concerns about the escalating Gaza conflict"
    )
    assert len(seed_article.id) == 16


def test_seed_captions_carry_their_credits(seed_article: Article):
    captions = seed_article.paragraphs_of_kind("caption")
    assert [caption.credit for caption in captions] == SEED_CREDITS
    assert [caption.paragraph_id for caption in captions] == [8, 11, 15]
    assert all(caption.text.startswith(caption.credit) for caption in captions)


def test_seed_languages_french_caption_and_english_rest(seed_article: Article):
    languages = {paragraph.paragraph_id: paragraph.language for paragraph in seed_article.paragraphs}
    assert languages.pop(8) == "fr"
    assert set(languages.values()) == {"en"}
    assert seed_article.language == "en"


def test_seed_offsets_point_into_the_text(seed_article: Article):
    for paragraph in seed_article.paragraphs:
        assert seed_article.text[paragraph.start_char : paragraph.end_char] == paragraph.text
    from utils import config

    assert seed_article.text == config.DEFAULT_ARTICLE.read_text(encoding="utf-8")


def test_loading_never_changes_the_file(tmp_path: Path):
    from utils import config

    before = digest(config.DEFAULT_ARTICLE)
    load_article(config.DEFAULT_ARTICLE)
    assert digest(config.DEFAULT_ARTICLE) == before
    files = [
        write(tmp_path / "a.txt", "date 2023-12-07 Lead.\r\n\r\nBody text here."),
        write(tmp_path / "a.html", PAGE),
        write(tmp_path / "a.json", json.dumps({"text": STORY})),
        write(tmp_path / "a.jsonl", json.dumps({"text": STORY}) + "\n"),
        write(tmp_path / "a.csv", "text\n" + json.dumps(STORY) + "\n"),
    ]
    hashes = [digest(path) for path in files]
    for path in files:
        load_article(path)
    assert [digest(path) for path in files] == hashes
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(path.name for path in files)


# --------------------------------------------------------------------------- default analysis scope


def test_default_analysis_leaves_out_captions_credits_and_french(seed_analysis):
    paragraphs = seed_analysis.paragraphs
    left_out = set(paragraphs.loc[~paragraphs["in_scope"], "paragraph_id"])
    assert left_out == {0, 8, 11, 15}  # the date header and the three captions
    caption_spans = [(row.start_char, row.end_char) for row in paragraphs[paragraphs["kind"] == "caption"].itertuples()]
    for mention in seed_analysis.mentions.itertuples():
        assert not any(start <= mention.start_char < end for start, end in caption_spans), mention.text
    assert not set(seed_analysis.mentions["paragraph_id"]) & left_out
    names = set(seed_analysis.entities["name"])
    assert not names & {"sont", "Russie", "Mladen ANTONOV", "GAVRIIL GRIGOROV", "Iranian Army"}
    captions = seed_analysis.sentences[seed_analysis.sentences["paragraph_id"].isin(left_out)]
    assert len(captions) > 0 and captions["sentiment"].isna().all() and not captions["in_scope"].any()
    assert set(captions["paragraph_kind"]) == {"caption", "metadata"}
    assert not seed_analysis.tokens.loc[seed_analysis.tokens["paragraph_id"].isin(left_out), "in_scope"].any()


def test_every_sentence_carries_its_paragraph_kind_and_language(seed_analysis):
    paragraphs = seed_analysis.paragraphs[["paragraph_id", "kind", "language"]].rename(columns={"language": "paragraph_language"})
    sentences = seed_analysis.sentences.merge(paragraphs, on="paragraph_id")
    assert len(sentences) == len(seed_analysis.sentences)
    assert (sentences["paragraph_kind"] == sentences["kind"]).all()
    assert (sentences["language"] == sentences["paragraph_language"]).all()
    assert set(seed_analysis.sentences.loc[seed_analysis.sentences["language"] == "fr", "paragraph_id"]) == {8}


def test_the_repeated_standfirst_sentence_counts_once(seed_analysis):
    sentences = seed_analysis.sentences
    [repeat] = sentences[sentences["duplicate_of"] >= 0].itertuples()
    assert repeat.paragraph_kind == "lead" and not repeat.in_scope
    assert pd.isna(repeat.sentiment)
    original = sentences.set_index("sentence_id").loc[repeat.duplicate_of]
    assert original.paragraph_kind == "body" and original.in_scope
    assert original.text.startswith("According to Iranian official media, the last direct conversation between Raisi and Putin")
    assert (sentences.loc[sentences["paragraph_kind"] == "body", "duplicate_of"] == -1).all()
    # its mentions belong to their entities (the standfirst does name them) but are never counted
    repeated_mentions = seed_analysis.mentions[seed_analysis.mentions["sentence_id"].eq(repeat.sentence_id)]
    assert not repeated_mentions.empty and not repeated_mentions["counted"].any()
    assert "1 standfirst sentence repeating body sentence 6 (counted once)" in seed_analysis.scope_note()


def test_a_standfirst_that_does_not_repeat_the_body_is_kept():
    sentences = pd.DataFrame(
        {
            "sentence_id": [0, 1, 2],
            "paragraph_kind": ["lead", "body", "body"],
            "in_scope": [True, True, True],
            "text": [
                "Putin met Raisi in Moscow for talks on trade and the war in Gaza",
                "Raisi flew in on Thursday.",
                "Putin and Raisi spoke for three hours about trade and energy.",
            ],
        }
    )
    marked = mark_repeated_sentences(sentences)
    assert marked["duplicate_of"].tolist() == [-1, -1, -1]
    assert marked["in_scope"].tolist() == [True, True, True]
    sentences.loc[2, "text"] = "Officials said Putin met Raisi in Moscow for talks on trade and the war in Gaza."
    marked = mark_repeated_sentences(sentences)
    assert marked["duplicate_of"].tolist() == [2, -1, -1]
    assert marked["in_scope"].tolist() == [False, True, True]


# --------------------------------------------------------------------------- formats


def test_plain_text_with_a_headline_keeps_it_as_a_headline_paragraph(tmp_path: Path):
    article = load_article(write(tmp_path / "story.txt", "Raisi visits Moscow\n\n" + STORY))
    assert article.title == "Raisi visits Moscow"
    assert [paragraph.kind for paragraph in article.paragraphs] == ["headline", "body", "body"]
    assert article.paragraphs[0].text == "Raisi visits Moscow" and article.paragraphs[0].start_char == 0
    assert article.standfirst is None and article.date is None
    assert article.text == "Raisi visits Moscow\n\n" + STORY


def test_seed_format_crlf_and_bom(tmp_path: Path):
    data = b"\xef\xbb\xbfdate 2023-12-07 A lead sentence about the visit.\r\n\r\nThe first body paragraph is here.\r\n"
    article = load_article(write(tmp_path / "seed-like", data))
    assert article.date == dt.date(2023, 12, 7)
    assert article.standfirst == "A lead sentence about the visit."
    assert article.text == "date 2023-12-07 A lead sentence about the visit.\n\nThe first body paragraph is here.\n"  # BOM and CR gone
    assert [(paragraph.kind, paragraph.text) for paragraph in article.paragraphs] == [
        ("metadata", "date 2023-12-07"), ("lead", "A lead sentence about the visit."), ("body", "The first body paragraph is here."),
    ]


def test_cp1252_and_latin1_bytes_are_decoded(tmp_path: Path):
    text = "Caf\u00e9 owners in Z\u00fcrich said \u201cprices rose\u201d this year."
    assert load_article(write(tmp_path / "cp.txt", text.encode("cp1252"))).text == text
    latin = "Caf\u00e9 owners in Z\u00fcrich said prices rose this year."
    assert load_article(write(tmp_path / "latin.txt", latin.encode("latin-1"))).text == latin


def test_a_first_line_starting_with_date_but_no_date_is_text(tmp_path: Path):
    article = load_article(write(tmp_path / "d.txt", "Date night ideas are popular with couples.\n\nMore text follows here."))
    assert article.date is None
    assert article.text.startswith("Date night ideas")


def test_an_absurdly_long_first_line_is_not_a_title(tmp_path: Path):
    first_line = "word " * 1000
    article = load_article(write(tmp_path / "long.txt", first_line + "\n\n" + STORY))
    assert article.title is None
    assert article.paragraphs[0].text == first_line.strip()


def test_a_long_article_on_one_line_loads(tmp_path: Path):
    line = "The talks went on for hours and ended without agreement. " * 90_000  # about 5 MB
    article = load_article(write(tmp_path / "big.txt", line))
    assert len(article.paragraphs) == 1 and article.paragraphs[0].kind == "body"
    assert article.text == line and article.paragraphs[0].text == line.strip()
    assert article.paragraphs[0].language == "en"


def test_html_page_text_and_metadata(tmp_path: Path):
    article = load_article(write(tmp_path / "page.html", PAGE))
    assert article.title == "Raisi visits Moscow"
    assert article.date == dt.date(2023, 12, 7)
    assert article.author == "Jane Doe"
    assert article.url == "https://example.com/news/raisi"
    assert [(paragraph.kind, paragraph.text[:30]) for paragraph in article.paragraphs] == [
        ("headline", "Raisi visits Moscow"), ("body", "Iranian President Ebrahim Rais"), ("body", "The two leaders last met in pe"),
        ("body", "Russia and Iran have deepened "),
    ]
    for paragraph in article.paragraphs:  # offsets into the text trafilatura extracted
        assert article.text[paragraph.start_char : paragraph.end_char] == paragraph.text
    assert "Copyright" not in article.text and "Home | World" not in article.text


def test_html_saved_as_txt_is_recognised(tmp_path: Path):
    as_text = load_article(write(tmp_path / "page.txt", PAGE))
    as_html = load_article(write(tmp_path / "page.html", PAGE))
    assert as_text.text == as_html.text and as_text.title == as_html.title
    assert "<p>" not in as_text.text


def test_json_object_and_list(tmp_path: Path):
    record = {"title": "Raisi in Moscow", "date": "2023-12-07T10:00:00Z", "source": "Example", "url": "https://e.x/1",
              "author": "Jane Doe", "category": "world", "text": STORY}
    article = load_article(write(tmp_path / "one.json", json.dumps(record)))
    assert (article.title, article.date, article.source, article.url, article.author, article.category) == (
        "Raisi in Moscow", dt.date(2023, 12, 7), "Example", "https://e.x/1", "Jane Doe", "world",
    )
    assert article.text == STORY
    listing = write(tmp_path / "many.json", json.dumps([{"body": "First story about trade talks."}, {"Content": "Second story about oil."}]))
    assert load_article(listing, row=1).text == "Second story about oil."
    assert [item.text for item in read_records(listing)] == ["First story about trade talks.", "Second story about oil."]


def test_a_json_list_is_streamed_and_a_broken_one_keeps_the_records_before_the_error(tmp_path: Path, monkeypatch):
    records = [{"id": index, "text": f"Story number {index} is about trade.", "score": 0.5} for index in range(3)]
    listing = write(tmp_path / "many.json", b"\xef\xbb\xbf  " + json.dumps(records).encode())  # BOM and spaces first
    monkeypatch.setattr(json, "loads", lambda *args, **kwargs: pytest.fail("a JSON list was read whole"))
    assert [item.record_id for item in read_records(listing)] == ["0", "1", "2"]
    broken = write(tmp_path / "broken.json", json.dumps(records)[:-30].encode())  # cut inside the last record
    *good, error = read_records_or_error(broken)
    assert [item.record_id for item in good] == ["0", "1"]
    assert isinstance(error, errors.MalformedRecordsError) and "invalid JSON after 2 records" in str(error)


def read_records_or_error(path: Path) -> list:
    """The rows read_records yields, then the error that stopped it (a whole-file problem is raised)."""
    items = []
    try:
        items.extend(read_records(path))
    except errors.ArticleError as error:
        items.append(error)
    return items


def test_jsonl_rows_stream_with_errors_in_place(tmp_path: Path):
    lines = [
        json.dumps({"title": "One", "text": "The first story is about trade."}),
        "",
        json.dumps({"title": "Two"}),
        "{not json",
        json.dumps({"text": "The fourth story has a bad date.", "date": "2023-13-45"}),
        json.dumps({"text": "The last story is about oil.", "date": "7 December 2023"}),
    ]
    path = write(tmp_path / "corpus.jsonl", "\n".join(lines) + "\n")
    items = list(read_records(path))
    assert [type(item).__name__ for item in items] == [
        "Article", "MissingTextError", "MalformedRecordsError", "MalformedDateError", "Article",
    ]
    assert str(items[1]).startswith(f"{path}, row 1: no text")
    assert str(items[2]) == f"{path}, row 2: invalid JSON on line 4: Expecting property name enclosed in double quotes"
    assert items[3].row == 3 and "2023-13-45" in str(items[3])
    assert items[4].date == dt.date(2023, 12, 7) and items[4].path == path
    assert load_article(path, row=4).text == "The last story is about oil."
    with pytest.raises(errors.MissingTextError, match="row 1: no text"):
        load_article(path, row=1)


def test_csv_rows(tmp_path: Path):
    data = 'title,date,text,category\r\nOne,2023-01-02,"First line.\r\n\r\nSecond paragraph here.",world\r\nTwo,,,business\r\n'
    path = write(tmp_path / "corpus.csv", data)
    first, second = read_records(path)
    assert first.title == "One" and first.date == dt.date(2023, 1, 2) and first.category == "world"
    assert first.text == "First line.\n\nSecond paragraph here."
    assert isinstance(second, errors.MissingTextError) and second.row == 1


def test_csv_with_a_long_text_cell(tmp_path: Path):
    story = "The talks went on for hours. " * 10_000  # longer than the csv module's default field limit
    path = write(tmp_path / "long.csv", "text\n\"" + story + "\"\n")
    article = load_article(path)
    assert article.text == story and article.paragraphs[0].text == story.strip()  # the field as written


def test_article_from_record_names_source_and_row():
    with pytest.raises(errors.MissingTextError, match=r"^feed, row 7: no text"):
        article_from_record({"title": "x", "text": "   "}, source_name="feed", row=7)
    article = article_from_record({"TEXT": STORY, "Title": "Raisi"}, source_name="feed")
    assert article.title == "Raisi" and article.text == STORY and article.record_id is None


def test_a_records_id_is_kept_and_named_in_its_errors():
    article = article_from_record({"ID": 1042, "text": STORY}, source_name="feed", row=3)
    assert article.record_id == "1042"
    assert article.id == article_from_text(STORY).id  # the content hash does not depend on the record id
    with pytest.raises(errors.MalformedDateError, match=r"^feed, row 3 \(id a-7\): .*2023-13-45") as raised:
        article_from_record({"id": "a-7", "text": STORY, "date": "2023-13-45"}, source_name="feed", row=3)
    assert raised.value.record_id == "a-7" and raised.value.row == 3


def test_a_string_is_text():
    article = article_from_text("Markets fell sharply on Monday after the announcement.")
    assert [paragraph.kind for paragraph in article.paragraphs] == ["body"]
    assert article.paragraphs[0].language == "en"


# --------------------------------------------------------------------------- bad input

BAD_FILES = [
    ("missing.txt", None, errors.ArticleNotFoundError, "no such file"),
    ("empty.txt", b"", errors.EmptyArticleError, "no text (empty or whitespace only)"),
    ("blank.txt", b" \r\n\t\n  ", errors.EmptyArticleError, "no text (empty or whitespace only)"),
    ("noise.txt", bytes(range(256)) * 4, errors.BinaryArticleError, "binary data, not text"),
    ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", errors.BinaryArticleError, "a PDF file, not text"),
    ("paper.txt", b"%PDF-1.4\n1 0 obj", errors.BinaryArticleError, "a PDF file, not text"),
    ("notes.docx", b"PK\x03\x04\x14\x00", errors.BinaryArticleError, "a ZIP archive"),
    ("story.rtf", b"{\\rtf1 Hello world}", errors.UnsupportedFormatError, "unsupported extension '.rtf'"),
    ("mojibake.txt", b"caf\xe9 \x81\x8d\x8f\x90\x9d " * 20, errors.ArticleDecodeError, "not UTF-8, cp1252 or latin-1"),
    ("baddate.txt", b"date 2023-13-45 A lead.\n\nA body paragraph.", errors.MalformedDateError, "date '2023-13-45' is not a real date"),
    ("header-only.txt", b"date 2023-12-07   \n\n  ", errors.EmptyArticleError, "no text after the date header"),
    ("notext.json", b'{"title": "A title only"}', errors.MissingTextError, "row 0: no text"),
    ("emptytext.json", b'[{"text": ""}]', errors.MissingTextError, "row 0: no text"),
    ("broken.json", b'{"text": "unterminated', errors.MalformedRecordsError, "invalid JSON at line 1"),
    ("number.json", b"42", errors.MalformedRecordsError, "must hold an object or a list of objects"),
    ("notext.jsonl", b'{"headline": "x"}\n', errors.MissingTextError, "row 0: no text"),
    ("notext.csv", b"title,date\nA title,2023-01-01\n", errors.MissingTextError, "no text column"),
    ("emptycell.csv", b"title,text\nA title,\n", errors.MissingTextError, "row 0: no text"),
    ("badrow.csv", b"text,date\nSome story text here.,2023-02-30\n", errors.MalformedDateError, "row 0: date '2023-02-30'"),
    ("empty.html", b"<html><head><title>Nothing here</title></head><body><script>var a = 1;</script></body></html>", errors.EmptyArticleError, "no article text found"),
]


@pytest.mark.parametrize(("name", "data", "error", "message"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_input_raises_one_named_error_and_writes_nothing(tmp_path: Path, name, data, error, message):
    path = tmp_path / name
    if data is not None:
        write(path, data)
    before = {item.name: digest(item) for item in tmp_path.iterdir()}
    with pytest.raises(error) as raised:
        load_article(path)
    assert isinstance(raised.value, errors.ArticleError) and isinstance(raised.value, errors.NewsAnalysisError)
    text = str(raised.value)
    assert text.startswith(str(path)) and message in text and "\n" not in text
    assert {item.name: digest(item) for item in tmp_path.iterdir()} == before


def test_a_directory_is_not_an_article(tmp_path: Path):
    with pytest.raises(errors.ArticleNotFoundError, match="is a directory, not a file"):
        load_article(tmp_path)


def test_a_row_past_the_end(tmp_path: Path):
    path = write(tmp_path / "two.jsonl", '{"text": "One story."}\n{"text": "Two stories."}\n')
    with pytest.raises(errors.RowNotFoundError, match=r"no row 2: the file has 2 records"):
        load_article(path, row=2)


def test_read_records_refuses_other_formats(tmp_path: Path):
    with pytest.raises(errors.UnsupportedFormatError):
        list(read_records(write(tmp_path / "a.txt", "Some text.")))


# --------------------------------------------------------------------------- captions and credits

CAPTIONS = [
    ("Iranian Army office / AP Des drones iraniens sont exposés sur une photo.", "Iranian Army office / AP"),
    ("Mladen ANTONOV (AFP) The Saudi-dominated OPEC and Russia agreed in 2016 to form an alliance", "Mladen ANTONOV (AFP)"),
    ("GAVRIIL GRIGOROV / POOL / AFP This pool photograph shows Putin in Saint Petersburg.", "GAVRIIL GRIGOROV / POOL / AFP"),
    ("Vladimir Putin greets Ebrahim Raisi at the Kremlin. (AP Photo/Alexander Zemlianichenko)", "(AP Photo/Alexander Zemlianichenko)"),
    ("Vladimir Putin greets Ebrahim Raisi at the Kremlin. (Photo by Contributor/Getty Images)", "(Photo by Contributor/Getty Images)"),
    ("Putin attends a meeting in Moscow, December 7, 2023. REUTERS/Evgenia Novozhenina/File Photo", "REUTERS/Evgenia Novozhenina/File Photo"),
    ("Putin arrives in Abu Dhabi. Photograph: Sergei Savostyanov/AP", "Photograph: Sergei Savostyanov/AP"),
    ("Photo: Kremlin press office/EPA Putin and Raisi shake hands.", "Photo: Kremlin press office/EPA"),
    ("EPA Stringer / EPA Firefighters battle a blaze in Kharkiv.", "EPA Stringer / EPA"),
    ("A protester holds a flag in Tehran. Alexander Kazakov/Sputnik/AFP", "Alexander Kazakov/Sputnik/AFP"),
    ('Kremlin pool / Reuters "We are ready," Putin said at the meeting.', "Kremlin pool / Reuters"),
    # labelled credits at a paragraph's end, with or without a full stop before or after them
    ("The USS Nimitz sails in the Pacific. Image: United States Navy.", "Image: United States Navy"),
    ("The USS Nimitz at sea Image: United States Navy.", "Image: United States Navy"),
    ("Sailors on deck. Photo: U.S. Navy.", "Photo: U.S. Navy"),
    ("A crowd in Kyiv. Picture: Jane Doe/PA", "Picture: Jane Doe/PA"),
    ("A crowd gathers in Tehran. Photograph: J. R. Smith.", "Photograph: J. R. Smith"),
    ("The comet's tail. Image credit: NASA/JPL-Caltech", "Image credit: NASA/JPL-Caltech"),
    ("The president waves. Photo courtesy of the White House.", "Photo courtesy of the White House"),
    ("The team celebrates. Photo by Jane Doe.", "Photo by Jane Doe"),
]
BARE_CREDITS = [
    ("John MACDOUGALL (AFP/File)", "John MACDOUGALL (AFP/File)"),
    ("Getty Images", "Getty Images"),
    ("Image: United States Navy.", "Image: United States Navy"),
]
PHRASED_CAPTIONS = [
    "This handout photo released by the Iranian presidency shows Raisi boarding his plane.",
    "FILE PHOTO: Iranian President Ebrahim Raisi speaks in Tehran.",
    "Vladimir Putin, left, and Ebrahim Raisi walk through the Kremlin.",
    "Putin (R) and Raisi (L) during their talks in Moscow.",
]
BODY = [
    "AP reported on Monday that the talks had ended without agreement.",
    "Reuters said the meeting lasted three hours, citing two officials.",
    "The AFP news agency reported that drones were shown in Tehran.",
    "According to Reuters, the two leaders discussed oil production.",
    "Officials told AP / Reuters reporters that the meeting went well.",
    "Sales rose in the quarter / AP reported on Monday.",
    "The photo of the meeting was widely shared, but officials declined to comment on it.",
    "Putin left the Kremlin on Thursday, the spokesman said.",
    "Iran's supply of drones to Russia has been a key facet of the partnership, Reuters reported.",
    "He took a photo by the lake. It was sunny.",
    "The figure shows the result. Image: a cat. It was cute.",
    "Note the label Image: which appears on screen.",
    "We had three goals. Credit: the team worked hard. Thanks!",
]


@pytest.mark.parametrize(("paragraph", "credit"), CAPTIONS)
def test_captions_with_credits(paragraph, credit):
    assert classify_paragraph(paragraph, is_first=False, has_standfirst=False) == ("caption", credit)


@pytest.mark.parametrize(("paragraph", "credit"), BARE_CREDITS)
def test_bare_credits(paragraph, credit):
    assert classify_paragraph(paragraph, is_first=False, has_standfirst=False) == ("credit", credit)


@pytest.mark.parametrize("paragraph", PHRASED_CAPTIONS)
def test_caption_phrasing_without_credit(paragraph):
    assert classify_paragraph(paragraph, is_first=False, has_standfirst=False) == ("caption", None)


@pytest.mark.parametrize("paragraph", BODY)
def test_news_agencies_in_body_text_stay_body(paragraph):
    assert classify_paragraph(paragraph, is_first=False, has_standfirst=False) == ("body", None)


def test_a_caption_language_ignores_its_credit():
    article = article_from_text(
        STORY + "\n\nIranian Army office / AP Des drones iraniens sont exposés sur une photo publiée par l'armée."
    )
    assert [paragraph.language for paragraph in article.paragraphs] == ["en", "en", "fr"]


# --------------------------------------------------------------------------- language of short paragraphs


def test_short_paragraphs_take_the_article_language():
    french = (
        "Le président iranien est arrivé jeudi à Moscou pour une visite officielle.\n\n"
        "Putin et Raisi.\n\n"
        "Les deux dirigeants ont parlé du commerce et de la guerre à Gaza pendant trois heures."
    )
    assert [paragraph.language for paragraph in article_from_text(french).paragraphs] == ["fr", "fr", "fr"]
    english = STORY + "\n\nPutin and Raisi met.\n\nPutin went to Saudi Arabia."
    assert [paragraph.language for paragraph in article_from_text(english).paragraphs] == ["en"] * 4


def test_one_paragraph_per_line_is_read_as_paragraphs_with_the_headline_as_title_and_paragraph(tmp_path):
    text = (
        "Storm hits coast\n"
        "Heavy rain fell across the region on Sunday, flooding roads and closing two schools in the town.\n"
        "\"We have never seen water this high,\" said Maria Lopez, who runs a bakery near the harbour.\n"
        "The Met Office said more rain was expected on Monday."
    )
    article = article_from_text(text)
    assert article.title == "Storm hits coast"
    assert [paragraph.text for paragraph in article.paragraphs] == text.split("\n")
    assert [paragraph.kind for paragraph in article.paragraphs] == ["headline", "body", "body", "body"]
    assert article.text == text
    # the same text as a scraped JSONL record's field
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "s-1", "text": text}) + "\n", encoding="utf-8")
    (record,) = list(read_records(path))
    assert record.title == "Storm hits coast" and len(record.paragraphs) == 4 and record.text == text


def test_hard_wrapped_paragraphs_stay_whole():
    wrapped = (
        "The majority owner of embattled Russian oil firm Yukos has sued the\n"
        "Russian government for $28.3bn in damages, a court filing showed on\n"
        "Thursday, as the company fights a tax bill it says is unlawful."
    )
    article = article_from_text(wrapped)
    assert [paragraph.text for paragraph in article.paragraphs] == [wrapped]  # its line breaks stay in the text
    assert article.text == wrapped
    two = "First paragraph wrapped at the\nusual width of a text editor.\n\nSecond paragraph, also\nwrapped before its end."
    assert len(article_from_text(two).paragraphs) == 2
