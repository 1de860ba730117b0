"""Benchmarks of reform-indicators at three data scales: ``python -m benchmarks``.

``generate`` writes synthetic curated data in the real YAML format (``article``, ``medium``, ``large``);
each suite module measures one side of the system and returns :class:`~benchmarks.measures.Measurement`
rows; ``report`` prints them as a table and writes ``benchmarks/results.md`` with the machine, the
versions and the targets of issue 6, each PASS or MISS.

Suites: ``loader_bench`` (YAML floor, cold and warm load, peak RSS, CSV export). The app-side measures
(chart callback, first paint, gunicorn throughput, PNG export, bytes sent) are listed as not measured
until the app exists; they belong in a separate ``app_bench`` module.
"""
