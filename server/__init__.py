"""The server room: Flask routes and what every response gets (no Dash callbacks).

Routes for files, images, embeds and the deck; response headers, compression, the answer cache,
logging, and the settings and dataset of the request being served.
"""
