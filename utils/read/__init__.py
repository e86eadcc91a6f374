"""Reading: a file, a record or a web address becomes an :class:`~utils.read.article.Article`.

- ``article.py``: the Article (text, metadata, typed paragraphs) and ``load_article``/``load_url``.
- ``formats.py``: encodings, records files (JSON, JSONL, CSV, Parquet), compressed files and archives.
- ``kinds.py``: what each paragraph is (headline, lead, body, caption, credit, metadata).
- ``language.py``: the language of each paragraph.
- ``sources.py``: the articles of a corpus input, one at a time, with what was left out.
- ``web.py``: fetching a page by its address.
"""
