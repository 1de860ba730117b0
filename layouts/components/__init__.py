"""Components of the dashboard: the shell (make_*) and the parts callbacks fill in (build_*).

Every text from the curated YAML goes into components as plain children, which React escapes, so a
quote holding ``<script>`` shows as text. Nothing here reads files or the request: data comes in as
arguments. One module per part of the page.
"""

from layouts.components.chart_panel import (
    build_chart_notes,
    build_chart_table,
    build_provenance,
    indicator_options,
    view_mode_options,
)
from layouts.components.meta import page_meta
from layouts.components.overview import build_kpi_card, build_overview, chart_href
from layouts.components.shell import (
    build_footer,
    build_header,
    build_nav,
    build_notices,
    default_indicators,
    href,
    make_shell,
)
from layouts.components.sources import build_sources
from layouts.components.table import build_table

__all__ = [
    "build_chart_notes",
    "build_chart_table",
    "build_footer",
    "build_header",
    "build_kpi_card",
    "build_nav",
    "build_notices",
    "build_overview",
    "build_provenance",
    "build_sources",
    "build_table",
    "chart_href",
    "default_indicators",
    "href",
    "indicator_options",
    "make_shell",
    "page_meta",
    "view_mode_options",
]
