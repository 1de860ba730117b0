"""Benchmarks of reform-indicators at three data scales: ``python -m benchmarks``.

``generate`` writes synthetic curated data in the real YAML format (``article``, ``medium``, ``large``)
from the records of :mod:`benchmarks.synthetic`; each suite module measures one side of the system and
returns :class:`~benchmarks.measures.Measurement` rows; ``run`` runs the suites, and ``report`` prints
the rows as a table and writes ``benchmarks/results.md`` with the machine, the versions and the targets
of issue 6, each PASS or MISS.

Suites: ``loader_bench`` (YAML floor, cold and warm load, peak RSS, CSV export), ``serving_bench``
(snapshot build, server start, two replicas), ``app_bench`` (the server side: ``callback_timing``,
``gunicorn_load``, ``png_timing``, ``bytes_sent``), ``browser_bench`` (first chart painted) and
``switch_bench`` (switching indicator). Shared: ``chart_requests`` (the measured view and its Dash
requests), ``local_server`` (starting servers and Chromium), ``measures`` (rows and timing helpers).
"""
