"""The sources tab: each source with its link, the quotes taken from it, and what was not curated."""

from __future__ import annotations

from dash import html

from indicators.dataset import Dataset
from indicators.formatting import (
    Lang,
    format_date,
    format_period,
)
from indicators.periods import parse_period
from indicators.schema import note_text
from layouts.i18n import t
from layouts.view_state import ViewState


def source_link(dataset: Dataset, source_id: str, lang: Lang):
    """The publisher and date of a source, linked to it when it has a URL."""
    if source_id not in dataset.sources.index:
        return source_id
    row = dataset.sources.loc[source_id]
    label = (
        f"{row[f'publisher_{lang}']}，{format_date(row['date_published'].date(), lang)}"
        if lang == "zh"
        else f"{row['publisher_en']}, {format_date(row['date_published'].date(), lang)}"
    )
    if isinstance(row["url"], str):
        return html.A(label, href=row["url"], rel="noopener noreferrer", target="_blank")
    return html.Span(label)


def build_sources(dataset: Dataset, state: ViewState) -> list:
    """The sources tab: each source with its link, the quotes taken from it, and what was not curated."""
    lang = state.lang
    parts: list = [html.H2(t("sources-heading", lang))]
    observations = dataset.observations
    for source_id, model in dataset.source_models.items():
        quotes = observations[observations["source_id"] == source_id]
        grouped: dict[str, list[str]] = {}
        for row in quotes.itertuples():
            grouped.setdefault(row.quote, []).append(dataset.indicators.loc[row.indicator_id, f"name_{lang}"])
        title = model.title.zh if lang == "zh" else model.title.en
        link = (
            html.A(str(model.url), href=str(model.url), rel="noopener noreferrer", target="_blank")
            if model.url
            else html.Span(t("no-url", lang), className="muted")
        )
        items = [
            html.Li(
                [
                    html.Q(quote, lang="zh-CN"),
                    html.Span(
                        f" → {'、'.join(dict.fromkeys(names)) if lang == 'zh' else ', '.join(dict.fromkeys(names))}",
                        className="muted",
                    ),
                ]
            )
            for quote, names in grouped.items()
        ]
        not_curated = [
            html.Li([html.Q(item.text, lang="zh-CN"), ("：" if lang == "zh" else ": ") + note_text(item.reason, lang)])
            for item in model.not_curated
        ]
        parts.append(
            html.Article(
                [
                    html.H3(title, lang="zh-CN" if lang == "zh" else "en"),
                    html.P(
                        model.title.zh if lang == "en" else model.title.en,
                        className="muted",
                        lang="zh-CN" if lang == "en" else "en",
                    ),
                    html.Dl(
                        [
                            html.Dt(t("publisher", lang)),
                            html.Dd(model.publisher.zh if lang == "zh" else model.publisher.en),
                            html.Dt(t("published", lang)),
                            html.Dd(format_date(model.date_published, lang)),
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
                            html.Strong(format_period(parse_period(e.period), lang)),
                            " ",
                            getattr(e, f"name_{lang}"),
                            html.Br(),
                            html.Span(getattr(e, f"description_{lang}") or "", className="muted"),
                            *(
                                [html.Br(), html.Span(getattr(e, f"note_{lang}"), className="note")]
                                if isinstance(getattr(e, f"note_{lang}"), str)
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
