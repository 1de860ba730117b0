"""Every component id of the app, defined once."""

from enum import StrEnum


class Ids(StrEnum):
    """Ids of the app's components: members UPPER_SNAKE, values kebab-case."""

    URL = "url"
    VIEW_STATE = "view-state"
    SHELL_LANG = "shell-lang"
    VIEWPORT = "viewport"
    HEADER = "header"
    NAV = "nav"
    NOTICES = "notices"
    OVERVIEW_PANEL = "overview-panel"
    CHART_PANEL = "chart-panel"
    TABLE_PANEL = "table-panel"
    SOURCES_PANEL = "sources-panel"
    INDICATOR_SELECT = "indicator-select"
    INDICATOR_SELECT_LABEL = "indicator-select-label"
    YEAR_RANGE = "year-range"
    YEAR_RANGE_LABEL = "year-range-label"
    # Names of the slider's two handles ("<slider id>-thumb-N": assets/app.js names the handles by them).
    YEAR_FROM_TEXT = "year-range-thumb-1"
    YEAR_TO_TEXT = "year-range-thumb-2"
    VIEW_MODE = "view-mode"
    VIEW_MODE_LABEL = "view-mode-label"
    CHART = "chart"
    CHART_NOTES = "chart-notes"
    CHART_HEADING = "chart-heading"
    FOOTER = "footer"
    # --- exports ---
    CHART_DOWNLOADS = "chart-downloads"
    DOWNLOAD_ENCODING = "download-encoding"
    DOWNLOAD_LINK = "download-link"
    EMBED_CODE = "embed-code"
    EMBED_COPY = "embed-copy"
