"""Pure drawing: chart kinds (layouts.charts), components, component ids, texts and the view of a URL.

No Flask, no callbacks, no files: data comes in as arguments, figures and components go out.
"""
