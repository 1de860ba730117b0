"""Files for outside the app: the export writers (CSV, xlsx, zip), chart images (Chromium) and the deck."""
