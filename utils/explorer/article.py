"""The article explorer (``analysis.explore()``): choose an entity and see its mentions in context,
the tone towards it sentence by sentence, the quotations it speaks and those about it; choose a
speaker and see all they say; read the text with its entities, quotations (or a query's matches) marked.

The Python face, for scripts and tests: ``choose_entity(name_or_id)``, ``entity`` (the
:class:`~utils.explorer.tables.EntityView` shown), ``choose_speaker(name)``, ``speaker_quotes``,
``show_text(marks)``, ``title``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import ipywidgets as widgets
import pandas as pd

from utils.explorer import tables
from utils.explorer.widgets import ChartBox, LiveView, Progress, Worker, first_line, style
from utils.show import explorer as views

if TYPE_CHECKING:
    from utils.analysis import Analysis

TABS = ("text", "entity", "speaker")
TAB_TITLES = ("The text", "An entity", "A speaker")
MARK_LABELS = {"query": "matches", "entities": "entities", "quotes": "quotations"}


class ArticleExplorer(LiveView):
    """A live view of one analysed article: entities, speakers and the marked text, chosen with widgets."""

    what = "choose an entity to see its mentions, the tone towards it and its quotations, or a speaker to see all they say"

    def __init__(self, analysis: "Analysis", *, entity: str | int | None = None, speaker: str | None = None,
                 tab: str | None = None, spans: Sequence[tuple[int, int]] = ()) -> None:
        """``entity`` (a name or id; default the most-mentioned) and ``speaker`` (default the most quoted)
        are chosen first; ``tab`` is the view shown first (``text``, ``entity`` or ``speaker``; default
        ``speaker`` when a speaker is given, else ``entity``); ``spans`` are a query's matches in the text."""
        self.progress = Progress()
        self.worker = Worker(self.progress, self._show_error)
        self.header = widgets.HTML()
        self.status = widgets.HTML()
        self.marks = widgets.ToggleButtons(options=[], style={"button_width": "8em"})
        self.marks.add_class("news-marks")
        self.text = widgets.HTML()
        self.entity_choice = widgets.Dropdown(options=[], description="entity", layout=widgets.Layout(width="32em"))
        self.entity_choice.add_class("news-entity-choice")
        self.entity_top = widgets.HTML()
        self.tone_chart = ChartBox()
        self.entity_bottom = widgets.HTML()
        self.speaker_choice = widgets.Dropdown(options=[], description="speaker", layout=widgets.Layout(width="32em"))
        self.speaker_choice.add_class("news-speaker-choice")
        self.speaker_view = widgets.HTML()
        self.tabs = widgets.Tab(children=[
            widgets.VBox([self.marks, self.text]),
            widgets.VBox([self.entity_choice, self.entity_top, self.tone_chart.output, self.entity_bottom]),
            widgets.VBox([self.speaker_choice, self.speaker_view]),
        ], titles=TAB_TITLES)
        self.widget = widgets.VBox([style(), self.header, self.status, self.progress.box, self.tabs])
        self.widget.add_class("news-explorer")
        self.widget.add_class("news-article-explorer")
        self.entity: tables.EntityView | None = None
        self.speaker: str | None = None
        self.speaker_quotes = pd.DataFrame(columns=tables.QUOTE_COLUMNS)
        self._marks = "entities"
        self._loading = False
        self.load(analysis, entity=entity, speaker=speaker, tab=tab or ("speaker" if speaker else "entity"), spans=spans)
        self.entity_choice.observe(self._entity_chosen, "value")
        self.speaker_choice.observe(self._speaker_chosen, "value")
        self.marks.observe(self._marks_chosen, "value")

    # ------------------------------------------------------------------ the Python face

    def load(self, analysis: "Analysis", *, entity: str | int | None = None, speaker: str | None = None,
             tab: str | None = None, spans: Sequence[tuple[int, int]] = ()) -> None:
        """Show another article (what the corpus explorer does when an article is opened)."""
        with self.worker.lock:
            self._loading = True  # the dropdowns change below: their callbacks wait for the end
            try:
                self._load(analysis, entity=entity, speaker=speaker, tab=tab, spans=spans)
            finally:
                self._loading = False

    def _load(self, analysis: "Analysis", *, entity: str | int | None, speaker: str | None, tab: str | None,
              spans: Sequence[tuple[int, int]]) -> None:
        self.analysis, self.spans = analysis, list(spans)
        self.header.value = views.article_header_html(analysis, figures=views.article_figures(analysis))
        self.status.value = ""
        choices = tables.entity_choices(analysis)
        self.entity, self.speaker = None, None
        self.entity_choice.options = [(f"{row.name} ({row.group}, {int(row.mention_count)} mentions)", int(row.entity_id)) for row in choices.itertuples()]
        speakers = tables.speaker_choices(analysis)
        self.speaker_choice.options = [(f"{row.speaker} ({int(row.quotes)} quotation{'s' if row.quotes != 1 else ''})", str(row.speaker))
                                       for row in speakers.itertuples()]
        options = [(MARK_LABELS[name], name) for name in (("query",) if self.spans else ()) + ("entities", "quotes")]
        self._marks = "query" if self.spans else "entities"
        self.marks.options, self.marks.value = options, self._marks
        self._show_text(self._marks)
        self._show_entity(tables.find_entity(analysis, entity) if entity is not None else (int(choices["entity_id"].iloc[0]) if len(choices) else None))
        self._show_speaker(speaker if speaker is not None else (str(speakers["speaker"].iloc[0]) if len(speakers) else None))
        if tab is not None:
            self.tabs.selected_index = TABS.index(tab)

    def choose_entity(self, entity: str | int) -> tables.EntityView:
        """Show the entity (its name, an alias or its id) and return its view; KeyError for one the article lacks."""
        return self.worker.run(self._show_entity, tables.find_entity(self.analysis, entity), label="showing the entity")

    def choose_speaker(self, speaker: str) -> pd.DataFrame:
        """Show all ``speaker`` says (a speaker of the dropdown) and return their quotations; KeyError for one who never speaks."""
        if speaker not in [value for _, value in self.speaker_choice.options]:
            raise KeyError(f"no speaker {speaker!r} in this article")
        return self.worker.run(self._show_speaker, speaker, label="showing the speaker")

    def show_text(self, marks: str) -> str:
        """Show the text with ``marks`` (``query``, ``entities`` or ``quotes``) and return its HTML."""
        return self.worker.run(self._show_text, marks, label="marking the text")

    @property
    def title(self) -> str:
        return views.article_title(self.analysis)

    @property
    def tab(self) -> str:
        return TABS[self.tabs.selected_index or 0]

    # ------------------------------------------------------------------ views

    def _show_entity(self, entity_id: int | None) -> tables.EntityView | None:
        if entity_id is None:
            self.entity = None
            self.entity_top.value = views.section("Entities", views._empty("The counted text names no entities."))
            self.tone_chart.clear()
            self.entity_bottom.value = ""
            return None
        view = tables.entity_view(self.analysis, entity_id)
        self.entity = view
        if self.entity_choice.value != int(entity_id):
            self.entity_choice.value = int(entity_id)
        self.entity_top.value = (views.entity_heading_html(view) + views.section("Its mentions in context", views.mentions_in_context_html(view))
                                 + views.section("The tone towards it, sentence by sentence", ""))
        self.tone_chart.show(views.entity_tone_chart(view.tone, name=view.name))
        self.entity_bottom.value = "".join([
            views.tone_table_html(view),
            views.section("The quotations it speaks", views.quotes_table_html(view.spoken, empty=f"{view.name} is not quoted.")),
            views.section("The quotations about it (by others)", views.quotes_table_html(view.about, empty=f"No one else's quotation names {view.name}.")),
        ])
        return view

    def _show_speaker(self, speaker: str | None) -> pd.DataFrame:
        if speaker is None:
            self.speaker, self.speaker_quotes = None, pd.DataFrame(columns=tables.QUOTE_COLUMNS)
            self.speaker_view.value = views.section("Speakers", views._empty("Nobody is quoted in the counted text."))
            return self.speaker_quotes
        self.speaker = speaker
        self.speaker_quotes = tables.speaker_quotes(self.analysis, speaker)
        if self.speaker_choice.value != speaker:
            self.speaker_choice.value = speaker
        self.speaker_view.value = views.speaker_view_html(speaker, self.speaker_quotes)
        return self.speaker_quotes

    def _show_text(self, marks: str) -> str:
        offered = [value for _, value in self.marks.options]
        if marks not in offered:
            raise ValueError(f"marks must be one of {', '.join(offered)} here, not {marks!r}")
        self._marks = marks
        if self.marks.value != marks:
            self.marks.value = marks
        self.text.value = views.article_text_html(self.analysis, marks=marks, spans=self.spans)
        return self.text.value

    def _show_error(self, error: BaseException) -> None:
        self.status.value = views.status_html(first_line(error), error=True)

    # ------------------------------------------------------------------ widget callbacks (run off the main thread)

    def _entity_chosen(self, change: dict) -> None:
        if not self._loading and change["new"] is not None and (self.entity is None or int(self.entity.entity["entity_id"]) != change["new"]):
            self.worker.submit(self._show_entity, int(change["new"]), label="showing the entity", kind="entity")

    def _speaker_chosen(self, change: dict) -> None:
        if not self._loading and change["new"] is not None and change["new"] != self.speaker:
            self.worker.submit(self._show_speaker, change["new"], label="showing the speaker", kind="speaker")

    def _marks_chosen(self, change: dict) -> None:
        if not self._loading and change["new"] is not None and change["new"] != self._marks:
            self.worker.submit(self._show_text, change["new"], label="marking the text", kind="text")

    # ------------------------------------------------------------------ where no kernel runs

    def static_figure(self) -> Any:
        if self.tab == "entity" and self.entity is not None:
            return self.tone_chart.figure
        return None

    def static_html(self, *, note: bool = True) -> str:
        """The view shown, as HTML: the header and the tab shown (its chart drawn by the page)."""
        parts = [views.live_note_html(self.what)] if note else []
        parts.append(views.article_header_html(self.analysis, figures=views.article_figures(self.analysis)))
        if self.tab == "entity":
            figure = self.static_figure()
            if self.entity is None:
                parts.append(self.entity_top.value)
            else:
                parts.append(views.entity_view_html(self.entity, chart=views.figure_html(figure) if figure is not None else ""))
        elif self.tab == "speaker":
            parts.append(self.speaker_view.value)
        else:
            parts.append(views.section(f"The text, {views.MARKS[self._marks]} marked", self.text.value))
        return f"<div class='news-explorer-first-view'>{''.join(parts)}</div>"


def explore_article(analysis: "Analysis", **options: Any) -> ArticleExplorer:
    """``analysis.explore()``: an :class:`ArticleExplorer` of the article (options: ``entity``, ``speaker``, ``tab``)."""
    return ArticleExplorer(analysis, **options)


__all__ = ["ArticleExplorer", "explore_article"]
