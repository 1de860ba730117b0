"""Synthetic curated data in the real YAML format: what the benchmark's scales add to ``data/``.

Generated indicators reuse the real units and categories and have zh/en names and descriptions. Each
source (a statistical bulletin, government report, media or press article for one year and one group
of indicators) is one file with ``source:`` and ``observations:``, written the way curators write
them: mostly monthly periods (``"2015-03"``), some month-end days, intervals and durations, annual
totals, ``ratio_to_base`` statements, a mix of qualifiers with the matching hedge word in a Chinese
quote, values printed as ``4113万`` or ``1.3亿``, notes, and revised figures in the next year's source
(conflicts). About 5% more indicators are derived (sums, shares, changes, nested formulas, period
selectors) so the cost of derivation is measured too.

The modules: ``scales`` (how much data each scale adds), ``vocabulary`` (the words records are made
of), ``wording`` (values, hedges, quotes and notes as a source prints them), ``indicator_records`` and
``source_records`` (the records of each kind), ``curated_yaml`` (the YAML writer);
:mod:`benchmarks.generate` puts them together and writes a scale's data directory.
"""
