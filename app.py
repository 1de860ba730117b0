"""The reform-indicators dashboard: `python app.py` serves it, `gunicorn app:server` in production.

This module only creates the app; nothing imports it.
"""

from __future__ import annotations

import dash

import callbacks  # noqa: F401 - registers every callback
from callbacks.layout import serve_layout
from indicators.settings import load_settings
from layouts.components.shell import PAGE_TEMPLATE
from server.context import SETTINGS_KEY
from server.first_view import first_view_index
from server.plotly_bundle import register_plotly_bundle
from server.routes import finish_setup, register_routes
from server.static_cache import register_static_caching


class Dashboard(dash.Dash):
    """Dash, with the view of the page's URL in the page's first response (server.first_view)."""

    def interpolate_index(self, **parts: str) -> str:
        """Dash's index page, holding the layout and the callbacks, and preloading the lazy chunks."""
        return super().interpolate_index(**first_view_index(self, parts))


settings = load_settings()
app = Dashboard(
    __name__,
    title="龙港改革成效指标 · Longgang reform indicators",
    update_title=None,
    serve_locally=True,
    index_string=PAGE_TEMPLATE,
    meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
)
app.server.config[SETTINGS_KEY] = settings
app.config.external_scripts.extend(register_plotly_bundle(app.server))
with app.server.app_context():  # Dash calls the layout function once now, to check it
    app.layout = serve_layout
register_routes(app)
register_static_caching(app)
finish_setup(app)  # before gunicorn forks: a fresh worker's first requests find every callback
server = app.server

if __name__ == "__main__":
    print(f"Serving the dashboard at http://{settings.host}:{settings.port}/ (data: {settings.data_dir})", flush=True)
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
