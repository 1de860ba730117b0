"""The sources tab: each source with its link, the quotes taken from it, and what was not curated."""

from __future__ import annotations

from dash import html

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import (
    Lang,
    format_date,
    format_period,
    format_published,
)
from indicators.locales import text_column
from indicators.periods import parse_period
from indicators.schema import note_text
from layouts.i18n import t
from layouts.view_state import ViewState


def quote_tag(dataset: Dataset, source_id: str) -> str:
    """The language tag of a source's quotes (they stay in the language the source is written in)."""
    model = dataset.source_models.get(source_id)
    return locales.get(model.language if model is not None else locales.BASE_LANGUAGE).tag


def source_link(dataset: Dataset, source_id: str, lang: Lang):
    """The publisher and date of a source, linked to it when it has a URL."""
    if source_id not in dataset.sources.index:
        return source_id
    row = dataset.sources.loc[source_id]
    published = format_published(row["date_published"], lang)
    label = f"{row[text_column('publisher', lang)]}{locales.get(lang).comma}{published}"
    if isinstance(row["url"], str):
        return html.A(label, href=row["url"], rel="noopener noreferrer", target="_blank")
    return html.Span(label)


def build_sources(dataset: Dataset, state: ViewState) -> list:
    """The sources tab: each source with its link, the quotes taken from it, and what was not curated."""
    lang = state.lang
    locale = locales.get(lang)
    parts: list = [html.H2(t("sources-heading", lang))]
    observations = dataset.observations
    for source_id, model in dataset.source_models.items():
        quotes = observations[observations["source_id"] == source_id]
        grouped: dict[str, list[str]] = {}
        for row in quotes.itertuples():
            grouped.setdefault(row.quote, []).append(
                dataset.indicators.loc[row.indicator_id, text_column("name", lang)]
            )
        title = locales.text_in(model.title, lang)
        # Under the title, the title again for another reader: in the source's own language, or when
        # the page is in that language, in the next language of the dashboard.
        other = model.language if lang != model.language else next(code for code in locales.codes() if code != lang)
        quoted = locales.get(model.language).tag
        link = (
            html.A(str(model.url), href=str(model.url), rel="noopener noreferrer", target="_blank")
            if model.url
            else html.Span(t("no-url", lang), className="muted")
        )
        items = [
            html.Li(
                [
                    html.Q(quote, lang=quoted),
                    html.Span(f" → {locale.list_separator.join(dict.fromkeys(names))}", className="muted"),
                ]
            )
            for quote, names in grouped.items()
        ]
        not_curated = [
            html.Li([html.Q(item.text, lang=quoted), locale.colon + note_text(item.reason, lang)])
            for item in model.not_curated
        ]
        parts.append(
            html.Article(
                [
                    html.H3(title, lang=locale.tag),
                    html.P(locales.text_in(model.title, other), className="muted", lang=locales.get(other).tag),
                    html.Dl(
                        [
                            html.Dt(t("publisher", lang)),
                            html.Dd(locales.text_in(model.publisher, lang)),
                            html.Dt(t("published", lang)),
                            html.Dd(format_published(model.date_published, lang)),
                            html.Dt(t("accessed", lang)),
                            html.Dd(format_date(model.date_accessed, lang)),
                            html.Dt("URL"),
                            html.Dd(link),
                        ],
                        className="source-meta",
                    ),
                    html.P(note_text(model.note, lang), className="note") if model.note else None,
                    html.H4(t("quotes-taken", lang, n=len(grouped))),
                    html.Ul(items, className="quotes"),
                    html.Details([html.Summary(t("not-curated", lang)), html.Ul(not_curated)]) if not_curated else None,
                ],
                className="source-card",
                id=f"source-{source_id}",
            )
        )
    events = dataset.events
    if len(events):
        parts.append(html.H3(t("events-heading", lang)))
        parts.append(
            html.Ul(
                [
                    html.Li(
                        [
                            html.Strong(format_period(parse_period(e.period), lang, inferred=e.period_inferred)),
                            " ",
                            getattr(e, text_column("name", lang)),
                            html.Br(),
                            html.Span(getattr(e, text_column("description", lang)) or "", className="muted"),
                            *(
                                [html.Br(), html.Span(getattr(e, text_column("note", lang)), className="note")]
                                if isinstance(getattr(e, text_column("note", lang)), str)
                                else []
                            ),
                        ]
                    )
                    for e in events.itertuples()
                ],
                className="events",
            )
        )
    return parts
