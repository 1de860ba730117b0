"""Mutation testing of the modules every figure goes through: do the tests notice a slip?

``python -m mutation`` (see :mod:`mutation.cli`) makes small changes to ``indicators/qualifiers.py``,
``formatting.py``, ``periods.py`` and ``formulas.py`` one at a time (:mod:`mutation.operators`), runs
the fast tests of each module against every change (:mod:`mutation.runner`) and records which changes
no test noticed in ``docs/testing.md`` (:mod:`mutation.report`). Which tests judge which module, and
which mutants are equivalent to the original, is in :mod:`mutation.targets`.
"""
