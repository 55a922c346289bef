"""The bundled regional standards: what runs until a region's bundle replaces it.

Package data only (``*.json``), read through ``importlib.resources`` by the client and the
server alike; the reader of a bundle's sections stays with the client
(``operator_app/standards/sections.py``).
"""
