"""Showing article text in a notebook without ever turning it into markup.

``Markdown(text)``, ``HTML(f"...{text}...")`` and ``DataFrame.style`` execute script tags carried
in article text once a notebook is exported; these helpers escape at the source instead.
"""

from __future__ import annotations

import html

from IPython.display import HTML


def note(text: str, *, title: str | None = None) -> HTML:
    """A highlighted note box; ``text`` and ``title`` are shown as plain text."""
    heading = f"<strong>{html.escape(title)}</strong><br>" if title else ""
    return HTML(
        '<div style="border-left:4px solid #1f77b4;background:#f4f8fb;padding:8px 12px;margin:6px 0;">'
        f"{heading}{html.escape(text)}</div>"
    )
