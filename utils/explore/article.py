"""The article's metadata as a table."""

from __future__ import annotations

import pandas as pd

from utils.read.article import Article


def metadata_table(article: Article) -> "pd.DataFrame":
    """The article's metadata as a two-column (field, value) table."""
    fields = {
        "id": article.id,
        "record id": article.record_id,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "author": article.author,
        "url": article.url,
        "category": article.category,
        "file": article.path.name if article.path else None,
        "language": article.language,
        "paragraphs": len(article.paragraphs),
        "characters": len(article.text),
        "standfirst": article.standfirst,
    }
    return pd.DataFrame({"field": list(fields), "value": [("" if value is None else str(value)) for value in fields.values()]})
