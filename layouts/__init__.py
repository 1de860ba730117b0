"""Dash layouts: component ids, components (make_*), and pure figure functions (*_figure)."""
