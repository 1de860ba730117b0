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
from server.routes import finish_setup, register_routes

settings = load_settings()
app = dash.Dash(
    __name__,
    title="龙港改革成效指标 · Longgang reform indicators",
    update_title=None,
    serve_locally=True,
    index_string=PAGE_TEMPLATE,
    meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
)
app.server.config[SETTINGS_KEY] = settings
with app.server.app_context():  # Dash calls the layout function once now, to check it
    app.layout = serve_layout
register_routes(app)
finish_setup(app)  # before gunicorn forks: a fresh worker's first requests find every callback
server = app.server

if __name__ == "__main__":
    print(f"Serving the dashboard at http://{settings.host}:{settings.port}/ (data: {settings.data_dir})", flush=True)
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
