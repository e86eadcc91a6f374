"""The index pages: a report folder's ``index.html`` and ``report.json``, and ``reports/index.html``
rebuilt from every folder's ``report.json``; key figures in one line."""

from __future__ import annotations

import datetime as dt
import html
import json
import urllib.parse
from pathlib import Path
from typing import Any, Mapping, Sequence

from utils.report.execute import NotebookResult
from utils.report.folders import COMBINED_NAME, MANIFEST_NAME, WORKBOOK_NAME, corpus_tables_folder, source_key, write_atomically
from utils.report.inputs import article_metadata
from utils.report.paths import shown_path

# Key figures a notebook shows about a whole corpus (``FIGURES_MIMETYPE``): a figures dict holding
# one of these keys is the corpus's, and the corpus index shows it (per-article figures are not).
CORPUS_FIGURE_KEYS = ("articles", "first_date", "last_date", "sources", "top_sources", "top_speakers", "largest_stories")

PAGE_CSS = """
body { font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 60em; color: #222; padding: 0 1em; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: 6px 10px; text-align: left; vertical-align: top; }
.failed { color: #b00020; } .ok { color: #1e7b34; } .empty { color: #8a5a00; } .meta { color: #666; }
.news-banner { background: #fff4ce; border: 1px solid #e0b800; padding: 8px 12px; margin: 1em 0; }
ol.figures { margin: 0; padding-left: 1.2em; }
table.figures { width: auto; margin-bottom: 1em; } table.figures th { padding-right: 2em; } td.date { white-space: nowrap; }
@media print { nav, .no-print { display: none; } body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{PAGE_CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def figures_summary(figures: Mapping[str, Any] | None) -> str:
    """Key figures in one line of plain text (article: tone, words, most named, who is quoted;
    corpus: articles, dates, sources, most named, most quoted, key phrases, largest stories)."""
    if not figures:
        return ""
    parts = []
    if figures.get("articles") is not None:
        parts.append(_counted(int(figures["articles"]), "article"))
    if figures.get("first_date") or figures.get("last_date"):
        parts.append(f"{figures.get('first_date') or '?'} to {figures.get('last_date') or '?'}")
    if figures.get("sources") is not None:
        parts.append(_counted(int(figures["sources"]), "source"))
    if figures.get("matching_articles") is not None:  # a query's figures (notebook 07)
        share = f" ({float(figures['matching_share']):.0%})" if figures.get("matching_share") is not None else ""
        parts.append(f"{_counted(int(figures['matching_articles']), 'article')} matching{share}")
        if figures.get("matching_sentences") is not None:
            parts.append(f"{_counted(int(figures['matching_sentences']), 'matching sentence')}")
    if figures.get("sentiment") is not None:
        label = f" ({figures['sentiment_label']})" if figures.get("sentiment_label") else ""
        parts.append(f"tone {float(figures['sentiment']):+.2f}{label}")
    if figures.get("words") is not None:
        parts.append(f"{int(figures['words']):,} words")
    entities = [f"{name} ({count})" for name, count in (figures.get("top_entities") or [])[:5]]
    if entities:
        parts.append("most named: " + ", ".join(entities))
    speakers = [f"{name} ({count} words)" for name, count in (figures.get("top_speakers") or [])[:3]]
    if speakers:
        parts.append("most quoted: " + ", ".join(speakers))
    phrases = [f"{phrase} ({count})" for phrase, count in (figures.get("top_keyphrases") or [])[:5]]
    if phrases:
        parts.append("key phrases: " + ", ".join(phrases))
    if figures.get("quotations") is not None:
        speaker = figures.get("top_speaker") or []
        parts.append(f"{int(figures['quotations'])} quotations")
        parts.append(f"most quoted: {speaker[0][0]} ({speaker[0][1]} words)" if speaker else "no named speaker")
        if figures.get("unnamed_share") is not None:
            parts.append(f"{float(figures['unnamed_share']):.0%} unnamed or unattributed")
    stories = [f"{name} ({count} articles)" for name, count in (figures.get("largest_stories") or [])[:3]]
    if stories:
        parts.append("largest stories: " + ", ".join(stories))
    return " · ".join(parts)


def _counted(number: int, noun: str) -> str:
    """``1 article``, ``2,127 articles``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _figures_cell(figures: dict | None) -> str:
    return "<td>" + html.escape(figures_summary(figures)) + "</td>"


def merged_figures(results: Sequence[NotebookResult], *, corpus: bool) -> dict:
    """The report's key figures from what its notebooks showed, the first value of each key winning:
    of a corpus, the figures about the whole corpus (a dict with a ``CORPUS_FIGURE_KEYS`` key);
    of an article, every other figure shown."""
    merged: dict = {}
    for result in results:
        for figures in result.shown or ((result.figures,) if result.figures else ()):
            if corpus != bool(set(CORPUS_FIGURE_KEYS) & set(figures)):
                continue
            for key, value in figures.items():
                merged.setdefault(key, value)
    order = [*CORPUS_FIGURE_KEYS[:5], "top_entities", *CORPUS_FIGURE_KEYS[5:]]  # stored figures come back sorted by name
    return {key: merged[key] for key in sorted(merged, key=lambda key: order.index(key) if key in order else len(order))}


def _figures_table(figures: Mapping[str, Any]) -> str:
    """Key figures as the notebooks show them (one escaped table, ``utils.show.html.key_figures``)."""
    from utils.show.html import key_figures

    return key_figures(dict(figures), title="Key figures")._repr_mimebundle_()["text/html"] if figures else ""


def index_html(
    results: Sequence[NotebookResult],
    *,
    article: Path,
    out_dir: Path,
    banner: str | None = None,
    heading: str | None = None,
    details: Sequence[str] = (),
    key_figures: Mapping[str, Any] | None = None,
    workbook: str | None = None,
    problems: Sequence[str] = (),
) -> str:
    """One report's index: title, date, source (or ``details``), the report's ``key_figures`` (a
    corpus's; then each notebook's row shows its figures about the corpus), each notebook's key
    figures, links and status (with ``heading`` given, as for a corpus or a pair, the
    article's metadata is left out)."""
    if heading is None:
        info = article_metadata(article)
        heading = info["title"]
        subtitle = " · ".join(part for part in (info["date"] or "no date", info["source"] or "no source", info["note"]) if part)
    else:
        subtitle = ""
    rows = []
    for result in results:
        name = html.escape(result.notebook.stem)
        status = {"ok": "ok", "empty": f"ran, charts empty{': ' + result.note if result.note else ''}"}.get(
            result.status, f"failed: {result.error}"
        )
        rows.append(
            "<tr>"
            f"<td><a href=\"{html.escape(result.html_path.relative_to(out_dir).as_posix())}\">{name}</a></td>"
            f"<td><a href=\"{html.escape(result.results_path.relative_to(out_dir).as_posix())}\">results only</a></td>"
            f"<td>{result.figure_count}</td>"
            f"{_figures_cell(merged_figures([result], corpus=True) if key_figures else result.figures)}"
            f"<td class=\"{result.status}\">{html.escape(status)}</td>"
            "</tr>"
        )
    banner_html = f'<p class="news-banner">{html.escape(banner)}</p>' if banner else ""
    extra = "".join(f'<p class="meta">{html.escape(line)}</p>' for line in details)
    extra += "".join(f'<p class="failed">{html.escape(line)}</p>' for line in problems)
    figures_html = f"{_figures_table(key_figures)}\n" if key_figures else ""
    links = f'<p><a href="{COMBINED_NAME}">All results on one page</a> (no code; to read, print or send)'
    if workbook:
        links += f' · <a href="{html.escape(urllib.parse.quote(workbook))}">every table as an Excel workbook</a>'
    return _page(
        f"Reports: {heading}",
        f'<nav><a href="../index.html">all reports</a></nav>\n<h1>{html.escape(heading)}</h1>\n'
        f'<p class="meta">{html.escape(subtitle)}</p>{extra}\n{banner_html}\n{figures_html}'
        f"{links}</p>\n<table>\n"
        "<tr><th>notebook (with code)</th><th>without code</th><th>charts</th><th>key figures</th><th>status</th></tr>\n"
        f"{chr(10).join(rows)}\n</table>",
    )


FILTER_SCRIPT = """
document.getElementById('filter').addEventListener('input', function () {
  var words = this.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
  var rows = document.querySelectorAll('#reports tbody tr');
  rows.forEach(function (row) {
    var text = row.textContent.toLowerCase();
    var keep = words.every(function (word) { return text.indexOf(word) !== -1; });
    row.hidden = !keep; if (keep) shown += 1;
  });
  document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' reports';
});
"""


def top_index_html(out_dir: Path) -> str:
    """``reports/index.html``: every report folder present (articles, pairs, corpora), newest first,
    with title, date, source, key figures, status and links, and a box that filters the rows."""
    entries = []
    for manifest_path in sorted(out_dir.glob(f"*/{MANIFEST_NAME}")):
        try:
            entries.append((manifest_path.parent.name, json.loads(manifest_path.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    entries.sort(key=lambda entry: entry[1].get("reported", ""), reverse=True)
    rows = []
    for folder, manifest in entries:
        statuses = [notebook.get("status") for notebook in manifest.get("notebooks", [])]
        summary = f"{statuses.count('ok')} of {len(statuses)} ok"
        if statuses.count("failed"):
            summary += f", {statuses.count('failed')} failed"
        if manifest.get("banner"):
            summary += " (not English: charts empty)"
        link = html.escape(urllib.parse.quote(f"{folder}/index.html"))
        links = [f'<a href="{html.escape(urllib.parse.quote(f"{folder}/{COMBINED_NAME}"))}">all results</a>']
        if manifest.get("workbook"):
            workbook = urllib.parse.quote(f"{folder}/{manifest['workbook']}")
            links.append(f'<a href="{html.escape(workbook)}">workbook</a>')
        figures = manifest.get("figures")
        if figures is None:  # a folder written before reports kept their figures
            figures = next((notebook.get("figures") for notebook in manifest.get("notebooks", []) if notebook.get("figures")), None)
        rows.append(
            "<tr>"
            f"<td>{html.escape(str(manifest.get('kind') or 'article'))}</td>"
            f"<td><a href=\"{link}\">{html.escape(str(manifest.get('title') or folder))}</a></td>"
            f"<td class=\"date\">{html.escape(str(manifest.get('date') or ''))}</td>"
            f"<td>{html.escape(str(manifest.get('source') or ''))}</td>"
            f"<td>{html.escape(figures_summary(figures))}</td>"
            f"<td class=\"{'failed' if statuses.count('failed') else 'ok'}\">{html.escape(summary)}</td>"
            f"<td>{' · '.join(links)}</td>"
            "</tr>"
        )
    return _page(
        "News article analysis: reports",
        "<h1>News article analysis</h1>\n<p class=\"meta\">Every article, pair and corpus reported in this folder, newest first.</p>\n"
        '<p class="no-print"><label>Filter <input type="search" id="filter" size="40" '
        'placeholder="words in a title, date, source or figure"></label> '
        f'<span id="shown" class="meta">{len(rows)} report{"" if len(rows) == 1 else "s"}</span></p>\n'
        '<table id="reports">\n<thead><tr><th>kind</th><th>title</th><th>date</th><th>source</th><th>key figures</th>'
        "<th>notebooks</th><th>also</th></tr></thead>\n"
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n<script>{FILTER_SCRIPT}</script>",
    )


def write_article_index(
    folder: Path, results: Sequence[NotebookResult], *, article: Path, source: Path, banner: str | None, corpus: Path | None,
    article_b: Path | None = None, workbook_error: str | None = None,
) -> None:
    """The report folder's ``index.html`` and ``report.json`` (what the top index is rebuilt from)."""
    kind = "corpus" if corpus is not None else "pair" if article_b is not None else "article"
    figures = merged_figures(results, corpus=kind == "corpus")
    details = []
    heading = None
    if kind == "corpus":
        dates = [figures.get("first_date"), figures.get("last_date")]
        info = {"title": f"Corpus: {source.name}", "date": " to ".join(str(date) for date in dates) if all(dates) else None,
                "source": _counted(int(figures['sources']), 'source') if figures.get("sources") is not None else shown_path(source)}
        heading = info["title"]
        tables = corpus_tables_folder(corpus)
        where = shown_path(tables) if shown_path(tables) != tables.name else f"{tables.name} in the cache folder ($NEWS_CACHE_DIR)"
        details.append(f"corpus {shown_path(source)}; its tables: {where}")
    elif kind == "pair":
        first, second = article_metadata(article), article_metadata(source)
        info = {"title": f"{first['title']} | {second['title']}",
                "date": " | ".join(str(item["date"] or "no date") for item in (first, second)),
                "source": " | ".join(str(item["source"] or "no source") for item in (first, second))}
        heading = f"Two articles: {info['title']}"
        for letter, item in (("A", first), ("B", second)):
            details.append(f"{letter}: {item['title']} · " + " · ".join(
                part for part in (item["date"] or "no date", item["source"] or "no source", item["note"]) if part))
    else:
        info = article_metadata(article)
    workbook = f"exports/{WORKBOOK_NAME}" if (folder / "exports" / WORKBOOK_NAME).exists() else None
    write_atomically(
        folder / "index.html",
        index_html(results, article=article, out_dir=folder, banner=banner, heading=heading, details=details,
                   key_figures=figures if kind == "corpus" else None, workbook=workbook,
                   problems=[workbook_error] if workbook_error else []),
    )
    manifest = {
        "title": info["title"],
        "date": info["date"],
        "source": info["source"],
        "kind": kind,
        "input": shown_path(source) if kind != "pair" else [shown_path(article), shown_path(source)],
        "source_key": source_key(article, source) if kind == "pair" else source_key(source),
        "banner": banner,
        "reported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "figures": figures,
        "workbook": workbook,
        "workbook_error": workbook_error,
        "notebooks": [
            {"name": result.notebook.stem, "status": result.status, "error": result.error, "figures": result.figures}
            for result in results
        ],
    }
    write_atomically(folder / MANIFEST_NAME, json.dumps(manifest, indent=1, ensure_ascii=False, default=str))
