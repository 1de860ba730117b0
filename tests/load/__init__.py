"""Load, soak and fault runs against a real gunicorn (``python -m tests.load.soak``)."""
