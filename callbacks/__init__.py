"""Thin Dash callbacks and HTTP routes; importing this package registers the callbacks.

Callbacks register with ``dash.callback`` (no app object), read the settings and the dataset of
the app that serves the request (:mod:`server.context`), and hand the work to ``indicators`` and
``layouts``.
"""

from callbacks import chart, controls, downloads, page  # noqa: F401 - imported to register the callbacks
