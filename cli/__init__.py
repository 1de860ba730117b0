"""The command line, the top of the house: it may import every room, and nothing imports it.

``python -m indicators …`` (and the ``reform-indicators`` script) run :func:`cli.main.main`.
"""

from cli.main import main

__all__ = ["main"]
